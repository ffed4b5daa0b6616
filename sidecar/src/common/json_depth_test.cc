#include "common/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace klussen {
namespace {

std::string Nested(int depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(JsonDepthTest, CountsArraysAndObjectsTogether) {
  EXPECT_TRUE(JsonNestingWithin("{}", 1));
  EXPECT_FALSE(JsonNestingWithin("{\"a\":[1]}", 1));
  EXPECT_TRUE(JsonNestingWithin("{\"a\":[1]}", 2));
  EXPECT_TRUE(JsonNestingWithin("[1,2,3]", 1));
  EXPECT_TRUE(JsonNestingWithin("", 0));
  EXPECT_TRUE(JsonNestingWithin("42", 0));
}

TEST(JsonDepthTest, TheLimitIsInclusive) {
  EXPECT_TRUE(JsonNestingWithin(Nested(kMaxRequestJsonDepth)));
  EXPECT_FALSE(JsonNestingWithin(Nested(kMaxRequestJsonDepth + 1)));
  EXPECT_FALSE(JsonNestingWithin(Nested(kMaxRequestJsonDepth + 1, '{', '}')));
}

TEST(JsonDepthTest, SiblingsDoNotAddUp) {
  std::string wide = "[";
  for (int i = 0; i < 10000; ++i) wide += "[[1]],";
  wide += "[]]";
  EXPECT_TRUE(JsonNestingWithin(wide, 3));
  EXPECT_FALSE(JsonNestingWithin(wide, 2));
}

TEST(JsonDepthTest, BracketsInStringsDoNotCount) {
  EXPECT_TRUE(JsonNestingWithin("{\"a\":\"[[[[[{{{{\"}", 1));
  // An escaped quote does not end the string; an escaped backslash does not escape the quote.
  EXPECT_TRUE(JsonNestingWithin("[\"\\\"[[[[\"]", 1));
  EXPECT_FALSE(JsonNestingWithin("[\"\\\\\",[[]]]", 2));
}

TEST(JsonDepthTest, AHugeDepthIsRefusedWithoutRecursion) {
  // What overflowed the stack when it was parsed and copied: 200,000 nested arrays.
  EXPECT_FALSE(JsonNestingWithin(Nested(200000)));
  EXPECT_FALSE(JsonNestingWithin(std::string(200000, '[')));
}

TEST(JsonDepthTest, UnbalancedClosersNeverMakeItDeeper) {
  EXPECT_TRUE(JsonNestingWithin("]]]]]][]", 1));
  EXPECT_FALSE(JsonNestingWithin("]]]][[", 1));
}

}  // namespace
}  // namespace klussen
