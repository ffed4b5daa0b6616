#include "common/memory_budget.h"

namespace klussen {

MemoryBudget::Lease& MemoryBudget::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = std::exchange(other.budget_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

MemoryBudget::Refusal MemoryBudget::Lease::Grow(size_t bytes) {
  if (budget_ == nullptr) budget_ = &MemoryBudget::Process();
  const bool large = bytes_ + bytes > budget_->small_charge_.load(std::memory_order_relaxed);
  Refusal refusal = budget_->Take(bytes, large);
  if (refusal == Refusal::kNone) bytes_ += bytes;
  return refusal;
}

void MemoryBudget::Lease::Release() {
  if (budget_ != nullptr && bytes_ > 0) budget_->Give(bytes_);
  bytes_ = 0;
}

MemoryBudget::MemoryBudget(size_t total, size_t reserved_for_small, size_t small_charge)
    : total_(total), reserved_for_small_(reserved_for_small), small_charge_(small_charge) {}

MemoryBudget::Lease MemoryBudget::TryReserve(size_t bytes, Refusal* refusal) {
  Lease lease;
  lease.budget_ = this;
  *refusal = Take(bytes, bytes > small_charge_.load(std::memory_order_relaxed));
  if (*refusal == Refusal::kNone) lease.bytes_ = bytes;
  return lease;
}

MemoryBudget::Refusal MemoryBudget::Take(size_t bytes, bool large) {
  const size_t total = total_.load(std::memory_order_relaxed);
  const size_t reserved = reserved_for_small_.load(std::memory_order_relaxed);
  // Large charges leave the reserve to small ones.
  const size_t limit = large && total > reserved ? total - reserved : total;
  if (bytes > limit) {
    refusals_.fetch_add(1, std::memory_order_relaxed);
    return Refusal::kTooLarge;
  }
  size_t used = in_use_.load(std::memory_order_relaxed);
  do {
    if (used + bytes > limit) {
      refusals_.fetch_add(1, std::memory_order_relaxed);
      return Refusal::kBusy;
    }
  } while (!in_use_.compare_exchange_weak(used, used + bytes, std::memory_order_acq_rel));
  size_t now = used + bytes;
  size_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return Refusal::kNone;
}

void MemoryBudget::Give(size_t bytes) { in_use_.fetch_sub(bytes, std::memory_order_acq_rel); }

MemoryBudget& MemoryBudget::Process() {
  // Defaults match the config table (http_inflight_budget_bytes and friends).
  static MemoryBudget budget(40u << 20, 8u << 20, 64u << 10);
  return budget;
}

void MemoryBudget::Configure(size_t total, size_t reserved_for_small, size_t small_charge) {
  MemoryBudget& budget = Process();
  budget.total_.store(total);
  budget.reserved_for_small_.store(reserved_for_small);
  budget.small_charge_.store(small_charge);
}

}  // namespace klussen
