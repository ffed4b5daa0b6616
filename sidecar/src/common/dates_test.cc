#include "common/dates.h"

#include <gtest/gtest.h>

namespace klussen {
namespace {

TEST(DatesTest, CivilRoundTripsAcrossCenturiesAndLeapDays) {
  for (int64_t days = -30000; days < 80000; days += 17) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(days)), days);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}) - DaysFromCivil({2000, 2, 28}), 2);  // 2000 is leap
  EXPECT_EQ(DaysFromCivil({2100, 3, 1}) - DaysFromCivil({2100, 2, 28}), 1);  // 2100 is not
}

TEST(DatesTest, ParsesOnlyRealIsoDates) {
  EXPECT_EQ(ParseIsoDate("2026-12-01"), DaysFromCivil({2026, 12, 1}));
  EXPECT_EQ(ParseIsoDate("2024-02-29"), DaysFromCivil({2024, 2, 29}));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-12-01",
                          "2026-12-01 ", "2026/12/01", "", "２０２６-12-01", "1899-12-31"}) {
    EXPECT_FALSE(ParseIsoDate(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatIsoDate(DaysFromCivil({2026, 7, 1})), "2026-07-01");
}

TEST(DatesTest, ParsesInstantsWithOffsets) {
  EXPECT_EQ(ParseIsoInstant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseIsoInstant("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(ParseIsoInstant("2026-12-01T23:59:59Z"),
            DaysFromCivil({2026, 12, 1}) * kSecondsPerDay + 86399);
  EXPECT_FALSE(ParseIsoInstant("2026-12-01T24:00:00Z").has_value());
  EXPECT_FALSE(ParseIsoInstant("2026-12-01T10:00:00").has_value());
  EXPECT_FALSE(ParseIsoInstant("2026-12-01T10:00:00+1:00").has_value());
  EXPECT_EQ(FormatIsoInstant(DaysFromCivil({2026, 12, 1}) * kSecondsPerDay + 3723),
            "2026-12-01T01:02:03Z");
}

}  // namespace
}  // namespace klussen
