// Memory for the match index's large per-person arrays, in 2 MiB pages.
//
// A query touches the arrays indexed by person slot (gate, facts, the
// accumulator, the forward lists) at random places: at 1M people that is
// hundreds of MB, and with 4 KiB pages nearly every touch also misses the
// TLB. HugePageAllocator maps allocations of kHugePageBytes and more on their
// own, 2 MiB-aligned, and asks the kernel for transparent huge pages there
// (madvise MADV_HUGEPAGE: a hint, honoured when THP is "madvise" or
// "always"); smaller ones come from operator new. Freed large blocks go back
// to the system at once (munmap).
//
// Threading: stateless; safe on any thread.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace klussen::match {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Large blocks: mmap'ed, aligned, hinted. Throws std::bad_alloc when the
// system refuses, as operator new does.
void* AllocateHugePages(size_t bytes);
void FreeHugePages(void* block, size_t bytes);

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    size_t bytes = n * sizeof(T);
    if (bytes >= kHugePageBytes) return static_cast<T*>(AllocateHugePages(bytes));
    return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T* block, size_t n) noexcept {
    size_t bytes = n * sizeof(T);
    if (bytes >= kHugePageBytes) {
      FreeHugePages(block, bytes);
    } else {
      ::operator delete (block, std::align_val_t{alignof(T)});
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace klussen::match
