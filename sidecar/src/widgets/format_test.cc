#include "widgets/format.h"

#include <gtest/gtest.h>

namespace klussen::widgets {
namespace {

constexpr int64_t k2026Dec01 = 1796083200;  // 2026-12-01T00:00:00Z

TEST(FormatTest, DatesOfInstants) {
  EXPECT_EQ(IsoDateOfInstant(0), "1970-01-01");
  EXPECT_EQ(IsoDateOfInstant(k2026Dec01), "2026-12-01");
  EXPECT_EQ(IsoDateOfInstant(k2026Dec01 - 1), "2026-11-30");
  EXPECT_EQ(IsoDateOfInstant(-1), "1969-12-31");
  EXPECT_EQ(IsoDateOfInstant(951782400), "2000-02-29");
  EXPECT_EQ(LongDateOfInstant("nl", k2026Dec01 + 3600), "1 december 2026");
  EXPECT_EQ(LongDateOfInstant("en", k2026Dec01), "1 December 2026");
  EXPECT_EQ(LongDateOfInstant("fr", 1773446400), "14 maart 2026");
}

TEST(FormatTest, ParsesStrictIsoDates) {
  const auto date = ParseIsoDate("2028-02-29");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->year, 2028);
  EXPECT_EQ(date->month, 2);
  EXPECT_EQ(date->day, 29);
  EXPECT_EQ(LongDate("en", *date), "29 February 2028");
  for (const char* bad : {"2027-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "2026-01-1x", "",
                          "20260101", "0999-01-01", "2026-04-31"}) {
    EXPECT_FALSE(ParseIsoDate(bad).has_value()) << bad;
  }
  EXPECT_EQ(IsoDate(Ymd{2026, 3, 4}), "2026-03-04");
}

TEST(FormatTest, Tenths) {
  EXPECT_EQ(FormatTenths("nl", 35), "3,5");
  EXPECT_EQ(FormatTenths("en", 35), "3.5");
  EXPECT_EQ(FormatTenths("nl", 30), "3");
  EXPECT_EQ(FormatTenths("nl", 0), "0");
  EXPECT_EQ(FormatTenths("nl", 5), "0,5");
  EXPECT_EQ(FormatTenths("en", -5), "-0.5");
}

}  // namespace
}  // namespace klussen::widgets
