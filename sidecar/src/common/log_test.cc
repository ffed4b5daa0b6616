#include "common/log.h"

#include <gtest/gtest.h>

namespace klussen::log {
namespace {

TEST(LogTest, EscapesEverythingThatCouldForgeALine) {
  EXPECT_EQ(EscapeValue("plain"), "\"plain\"");
  EXPECT_EQ(EscapeValue("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(EscapeValue("a\r\nlevel=error"), "\"a\\r\\nlevel=error\"");
  EXPECT_EQ(EscapeValue("quote\"back\\"), "\"quote\\\"back\\\\\"");
  EXPECT_EQ(EscapeValue(std::string("nul\0x", 5)), "\"nul\\x00x\"");
  EXPECT_EQ(EscapeValue("\x1b[31m"), "\"\\x1b[31m\"");
  EXPECT_EQ(EscapeValue("Zoë Ünal"), "\"Zoë Ünal\"");  // UTF-8 passes unchanged
}

TEST(LogTest, ParsesLevels) {
  Level level = Level::kInfo;
  EXPECT_TRUE(ParseLevel("debug", &level));
  EXPECT_EQ(level, Level::kDebug);
  EXPECT_FALSE(ParseLevel("verbose", &level));
  EXPECT_EQ(level, Level::kDebug);
}

}  // namespace
}  // namespace klussen::log
