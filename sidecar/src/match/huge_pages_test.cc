#include "match/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace klussen::match {
namespace {

TEST(HugePagesTest, LargeBlocksAreAlignedAndHoldTheirContentsWhileGrowing) {
  HugeVector<uint32_t> values;
  const uint32_t count = 3 * (kHugePageBytes / sizeof(uint32_t)) + 17;  // crosses the threshold
  for (uint32_t i = 0; i < count; ++i) values.push_back(i * 7);
  ASSERT_GE(values.capacity() * sizeof(uint32_t), kHugePageBytes);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(values.data()) % kHugePageBytes, 0u);
  for (uint32_t i = 0; i < count; i += 4097) ASSERT_EQ(values[i], i * 7) << i;
  EXPECT_EQ(values.back(), (count - 1) * 7);
  values.resize(100);
  values.shrink_to_fit();  // back to a small block from operator new
  EXPECT_LT(values.capacity() * sizeof(uint32_t), kHugePageBytes);
  for (uint32_t i = 0; i < 100; ++i) ASSERT_EQ(values[i], i * 7);
}

TEST(HugePagesTest, SmallBlocksKeepTheirTypesAlignment) {
  struct alignas(16) Wide {
    uint64_t a, b;
  };
  HugeVector<Wide> small(3, Wide{1, 2});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(small.data()) % 16, 0u);
  EXPECT_EQ(small[2].b, 2u);
}

TEST(HugePagesTest, FreedBlocksGoBackToTheSystem) {
  auto mapped_kib = [] {
    std::ifstream status("/proc/self/status");
    std::string key;
    long kib = 0;
    while (status >> key) {
      if (key == "VmSize:") {
        status >> kib;
        break;
      }
    }
    return kib;
  };
  long before = mapped_kib();
  {
    HugeVector<char> block(64 * kHugePageBytes, 1);
    // VmSize is the whole process: allow 1 MiB for other mappings going away
    // meanwhile (it was once 8 KiB short of the 128 MiB block).
    EXPECT_GE(mapped_kib() - before, static_cast<long>(64 * kHugePageBytes / 1024) - 1024);
  }
  EXPECT_LT(mapped_kib() - before, static_cast<long>(kHugePageBytes / 1024));
}

}  // namespace
}  // namespace klussen::match
