#include "portfolio/availability.h"

#include <gtest/gtest.h>

namespace klussen::portfolio {
namespace {

TEST(AvailabilityTest, OverlappingKlussenAddUpSequentialOnesDoNot) {
  // Jan-Feb 4h, Feb-Mar 4h (overlap in February), April 8h.
  std::vector<Commitment> c = {{0, 58, 40}, {31, 89, 40}, {90, 119, 80}};
  EXPECT_EQ(PeakWeeklyLoad(c, kOpenStart, kOpenEnd), 80);
  EXPECT_EQ(PeakWeeklyLoad(c, 0, 30), 40);    // January only
  EXPECT_EQ(PeakWeeklyLoad(c, 31, 58), 80);   // February: both
  EXPECT_EQ(PeakWeeklyLoad(c, 59, 89), 40);   // March
  EXPECT_EQ(PeakWeeklyLoad(c, 200, 300), 0);  // nothing then
  EXPECT_EQ(FreeTenths(80, c, 31, 58), 0);
  EXPECT_EQ(FreeTenths(80, c, 0, 30), 40);
  EXPECT_EQ(FreeTenths(30, c, 31, 58), 0);  // never negative
}

TEST(AvailabilityTest, TouchingPeriodsDoNotOverlap) {
  std::vector<Commitment> c = {{0, 9, 40}, {10, 19, 40}};
  EXPECT_EQ(PeakWeeklyLoad(c, kOpenStart, kOpenEnd), 40);
  c.push_back({9, 9, 10});  // one day with all three? no: day 9 has the first and this one
  EXPECT_EQ(PeakWeeklyLoad(c, kOpenStart, kOpenEnd), 50);
}

TEST(AvailabilityTest, TotalHoursAreSpreadOverTheWeeks) {
  // 20 hours over 4 weeks (28 days) = 5 h a week.
  Commitment c = KlusCommitment(false, 200, 100, true, 127, true, 90);
  EXPECT_EQ(c.tenths_per_week, 50);
  EXPECT_EQ(c.first_day, 100);
  // No dates: from the deadline for 4 weeks.
  Commitment d = KlusCommitment(false, 200, 0, false, 0, false, 90);
  EXPECT_EQ(d.first_day, 90);
  EXPECT_EQ(d.last_day, 90 + 27);
  EXPECT_EQ(d.tenths_per_week, 50);
  // Per week without an end: open-ended.
  Commitment e = KlusCommitment(true, 35, 10, true, 0, false, 5);
  EXPECT_EQ(e.tenths_per_week, 35);
  EXPECT_EQ(e.last_day, kOpenEnd);
  // A short total klus still counts at least one week.
  EXPECT_EQ(KlusCommitment(false, 75, 10, true, 10, true, 5).tenths_per_week, 75);
}

}  // namespace
}  // namespace klussen::portfolio
