#include "match/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace klussen::match {

namespace {
size_t RoundUp(size_t bytes) { return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1); }
}  // namespace

void* AllocateHugePages(size_t bytes) {
  const size_t rounded = RoundUp(bytes);
  if (rounded < bytes) throw std::bad_alloc();
  // Map one huge page more than needed and cut it down to an aligned block.
  const size_t mapped = rounded + kHugePageBytes;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto begin = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (begin + kHugePageBytes - 1) & ~uintptr_t{kHugePageBytes - 1};
  if (aligned > begin) munmap(raw, aligned - begin);
  const uintptr_t tail = aligned + rounded;
  if (begin + mapped > tail) munmap(reinterpret_cast<void*>(tail), begin + mapped - tail);
  // A hint: without THP the block simply has small pages.
  madvise(reinterpret_cast<void*>(aligned), rounded, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void FreeHugePages(void* block, size_t bytes) {
  if (block != nullptr) munmap(block, RoundUp(bytes));
}

}  // namespace klussen::match
