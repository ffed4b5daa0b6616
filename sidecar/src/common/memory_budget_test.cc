#include "common/memory_budget.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace klussen {
namespace {

using Refusal = MemoryBudget::Refusal;

TEST(MemoryBudgetTest, LeasesGiveTheirBytesBack) {
  MemoryBudget budget(1000, 200, 100);
  Refusal refusal;
  {
    MemoryBudget::Lease lease = budget.TryReserve(700, &refusal);
    EXPECT_EQ(refusal, Refusal::kNone);
    EXPECT_EQ(budget.in_use(), 700u);
    MemoryBudget::Lease moved = std::move(lease);
    EXPECT_EQ(budget.in_use(), 700u);
  }
  EXPECT_EQ(budget.in_use(), 0u);
  EXPECT_EQ(budget.peak(), 700u);
}

TEST(MemoryBudgetTest, LargeChargesLeaveTheReserveToSmallOnes) {
  MemoryBudget budget(1000, 200, 100);
  Refusal refusal;
  MemoryBudget::Lease large = budget.TryReserve(800, &refusal);
  ASSERT_EQ(refusal, Refusal::kNone);
  budget.TryReserve(50, &refusal);  // a second large one would not fit, a small one does
  EXPECT_EQ(refusal, Refusal::kNone);
  MemoryBudget::Lease other_large = budget.TryReserve(150, &refusal);
  EXPECT_EQ(refusal, Refusal::kBusy);
  MemoryBudget::Lease small = budget.TryReserve(100, &refusal);
  EXPECT_EQ(refusal, Refusal::kNone);
  budget.TryReserve(900, &refusal);
  EXPECT_EQ(refusal, Refusal::kTooLarge);  // could never fit: 413, not 503
  EXPECT_GE(budget.refusals(), 2u);
}

TEST(MemoryBudgetTest, GrowingLeaseBecomesLarge) {
  MemoryBudget budget(1000, 200, 100);
  Refusal refusal;
  MemoryBudget::Lease lease = budget.TryReserve(50, &refusal);
  ASSERT_EQ(refusal, Refusal::kNone);
  EXPECT_EQ(lease.Grow(700), Refusal::kNone);
  EXPECT_EQ(lease.Grow(100), Refusal::kBusy);  // would eat into the reserve
  EXPECT_EQ(lease.bytes(), 750u);
  lease.Release();
  EXPECT_EQ(budget.in_use(), 0u);
}

TEST(MemoryBudgetTest, ConcurrentLeasesNeverExceedTheTotal) {
  MemoryBudget budget(10000, 0, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&budget] {
      for (int i = 0; i < 20000; ++i) {
        Refusal refusal;
        MemoryBudget::Lease lease = budget.TryReserve(3000, &refusal);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(budget.peak(), 10000u);
  EXPECT_EQ(budget.in_use(), 0u);
}

}  // namespace
}  // namespace klussen
