// A process-wide budget of bytes that requests may hold at once: request
// bodies (charged when their Content-Length is known, before a byte of the
// body is read) and the bytes an import inflates out of an uploaded archive.
// Asking for more than is free is refused instead of growing memory, so no
// number of concurrent requests can push the process past the budget.
//
// Contract: TryReserve returns a Lease that gives its bytes back when it is
// destroyed (or Release()d). A Lease may grow (Grow) as an import inflates.
// Large charges (above `small_charge`) may use only `total - reserved_for_small`,
// so uploads in flight can never keep ordinary small requests out.
// A refusal says whether the charge could ever fit (kTooLarge: answer 413) or
// only not now (kBusy: answer 503 with Retry-After).
// Threading: every member is safe to call from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <utility>

namespace klussen {

class MemoryBudget {
 public:
  enum class Refusal { kNone, kTooLarge, kBusy };

  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept { *this = std::move(other); }
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { Release(); }

    // Adds `bytes` to this lease; kNone when granted.
    Refusal Grow(size_t bytes);
    void Release();
    size_t bytes() const { return bytes_; }

   private:
    friend class MemoryBudget;
    MemoryBudget* budget_ = nullptr;
    size_t bytes_ = 0;
  };

  MemoryBudget(size_t total, size_t reserved_for_small, size_t small_charge);

  // A lease of `bytes`, or an empty lease and the reason in *refusal.
  Lease TryReserve(size_t bytes, Refusal* refusal);

  size_t total() const { return total_; }
  size_t in_use() const { return in_use_.load(std::memory_order_relaxed); }
  size_t peak() const { return peak_.load(std::memory_order_relaxed); }
  size_t refusals() const { return refusals_.load(std::memory_order_relaxed); }

  // The budget every request and import of this process shares. Configure()
  // sets its size once at start-up (before serving); until then it has the
  // defaults of the config table.
  static MemoryBudget& Process();
  static void Configure(size_t total, size_t reserved_for_small, size_t small_charge);

 private:
  Refusal Take(size_t bytes, bool large);
  void Give(size_t bytes);

  std::atomic<size_t> total_;
  std::atomic<size_t> reserved_for_small_;
  std::atomic<size_t> small_charge_;
  std::atomic<size_t> in_use_{0};
  std::atomic<size_t> peak_{0};
  std::atomic<size_t> refusals_{0};
};

}  // namespace klussen
