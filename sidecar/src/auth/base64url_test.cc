#include "auth/base64url.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace klussen::auth {
namespace {

// RFC 4648 §10 test vectors, without their padding.
const std::vector<std::pair<std::string, std::string>> kVectors = {
    {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
    {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
};

TEST(AuthBase64UrlTest, Rfc4648VectorsBothWays) {
  for (const auto& [bytes, text] : kVectors) {
    EXPECT_EQ(Base64UrlEncode(bytes), text);
    Result<std::string> decoded = Base64UrlDecode(text);
    ASSERT_TRUE(decoded.ok()) << text << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(AuthBase64UrlTest, UsesTheUrlSafeAlphabet) {
  const std::string bytes = "\xfb\xff\xbf";  // 111110 111111 111110 111111
  EXPECT_EQ(Base64UrlEncode(bytes), "-_-_");
  EXPECT_EQ(*Base64UrlDecode("-_-_"), bytes);
}

TEST(AuthBase64UrlTest, EveryByteValueRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t length = 0; length <= all.size(); length += 37) {
    const std::string bytes = all.substr(all.size() - length);
    Result<std::string> decoded = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(AuthBase64UrlTest, RefusesOtherCharactersAndPadding) {
  for (const std::string text : {"Zg==", "Zm8=", "Zm9v+A", "Zm9v/A", "Zm9 v", "Zm9v\n", "Zm9v.",
                                 "Zm9vYmFy=", "Zm9v\xc3\xa9"}) {
    Result<std::string> decoded = Base64UrlDecode(text);
    EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument) << text;
  }
  EXPECT_FALSE(Base64UrlDecode(std::string("Zm\0v", 4)).ok());
}

TEST(AuthBase64UrlTest, RefusesImpossibleLengths) {
  for (const std::string text : {"Z", "Zm9vY", "Zm9vYmFyZ"}) {
    EXPECT_EQ(Base64UrlDecode(text).status().code(), StatusCode::kInvalidArgument) << text;
  }
}

TEST(AuthBase64UrlTest, RefusesNonCanonicalTrailingBits) {
  // "Zg" is 'f'; "Zh".."Zv" carry the same byte with stray low bits set.
  EXPECT_TRUE(Base64UrlDecode("Zg").ok());
  for (const std::string text : {"Zh", "Zi", "Zv", "Zm9", "Zm-", "Zm_"}) {
    Result<std::string> decoded = Base64UrlDecode(text);
    EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument) << text;
  }
  EXPECT_TRUE(Base64UrlDecode("Zm8").ok());
  EXPECT_TRUE(Base64UrlDecode("Zm4").ok());
}

}  // namespace
}  // namespace klussen::auth
