#include "server/request_input.h"

#include <gtest/gtest.h>

#include <string>

#include "common/json_depth.h"

namespace klussen::server {
namespace {

Result<nlohmann::json> BodyOf(std::string body) {
  httplib::Request req;
  req.body = std::move(body);
  return JsonBody(req);
}

TEST(RequestInputTest, JsonBodyIsAnObjectOrEmpty) {
  EXPECT_EQ(*BodyOf(""), nlohmann::json::object());
  auto body = BodyOf(R"({"motivation": "Graag"})");
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ((*body)["motivation"], "Graag");
  for (const char* refused : {"[]", "1", "\"x\"", "{", "{} {}", "{\"a\":1,}"}) {
    auto result = BodyOf(refused);
    ASSERT_FALSE(result.ok()) << refused;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << refused;
  }
}

TEST(RequestInputTest, JsonBodyRefusesDeepNestingBeforeParsing) {
  std::string within = std::string(kMaxRequestJsonDepth - 1, '[');
  within = "{\"a\":" + within + std::string(kMaxRequestJsonDepth - 1, ']') + "}";
  EXPECT_TRUE(BodyOf(within).ok());
  EXPECT_FALSE(BodyOf("{\"a\":" + std::string(200000, '[')).ok());
}

// Found by tests/fuzz/route_json_fuzz.cc: the parser stops at a NUL byte, so
// everything after one was silently ignored.
TEST(RequestInputTest, JsonBodyRefusesANulByte) {
  EXPECT_FALSE(BodyOf(std::string("{\"motivation\":\"x\"}\0{\"evil\":1}", 30)).ok());
  EXPECT_FALSE(BodyOf(std::string("{\"motivation\":\"x\"}\0", 19)).ok());
  EXPECT_FALSE(BodyOf(std::string("\0", 1)).ok());
}

}  // namespace
}  // namespace klussen::server
