#include "portfolio/import_text.h"

#include <gtest/gtest.h>

namespace klussen::portfolio {
namespace {

TEST(ImportTextTest, NormalisesLinkedInAndIsoDates) {
  EXPECT_EQ(NormaliseDate(""), "");
  EXPECT_EQ(NormaliseDate("  "), "");
  EXPECT_EQ(NormaliseDate("2020"), "2020");
  EXPECT_EQ(NormaliseDate("Jan 2020"), "2020-01");
  EXPECT_EQ(NormaliseDate("sep 2017"), "2017-09");
  EXPECT_EQ(NormaliseDate("Sept. 2017"), "2017-09");
  EXPECT_EQ(NormaliseDate("December 1999"), "1999-12");
  EXPECT_EQ(NormaliseDate("mrt 2021"), "2021-03");
  EXPECT_EQ(NormaliseDate("oktober 2021"), "2021-10");
  EXPECT_EQ(NormaliseDate("15 Jan 2020"), "2020-01-15");
  EXPECT_EQ(NormaliseDate("2020-01"), "2020-01");
  EXPECT_EQ(NormaliseDate("2020-02-29"), "2020-02-29");
  EXPECT_EQ(NormaliseDate("03/2021"), "2021-03");
  EXPECT_EQ(NormaliseDate("Present"), std::nullopt);
  EXPECT_EQ(NormaliseDate("Foo 2020"), std::nullopt);
  EXPECT_EQ(NormaliseDate("2020-13"), std::nullopt);
  EXPECT_EQ(NormaliseDate("2021-02-29"), std::nullopt);
  EXPECT_EQ(NormaliseDate("31 Feb 2020"), std::nullopt);
  EXPECT_EQ(NormaliseDate("12345"), std::nullopt);
}

TEST(ImportTextTest, OnlyHttpUrlsPass) {
  EXPECT_EQ(SafeUrl("https://www.scrum.org/certificates/1"),
            "https://www.scrum.org/certificates/1");
  EXPECT_EQ(SafeUrl("HTTP://example.nl/x"), "HTTP://example.nl/x");
  EXPECT_EQ(SafeUrl("javascript:alert(1)"), std::nullopt);
  EXPECT_EQ(SafeUrl("https://"), std::nullopt);
  EXPECT_EQ(SafeUrl("https://a b"), std::nullopt);
  EXPECT_EQ(SafeUrl("https://a\"onmouseover=x"), std::nullopt);
  EXPECT_EQ(SafeUrl("/relative"), std::nullopt);
  EXPECT_EQ(SafeUrl("https://x/" + std::string(3000, 'a')), std::nullopt);
}

TEST(ImportTextTest, CutsOnCodePoints) {
  std::string text = "coördinatie";
  EXPECT_TRUE(CutToChars(text, 3));
  EXPECT_EQ(text, "coö");
  EXPECT_FALSE(CutToChars(text, 3));
  EXPECT_EQ(text, "coö");
}

}  // namespace
}  // namespace klussen::portfolio
