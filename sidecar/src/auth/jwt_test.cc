#include "auth/jwt.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/base64url.h"

namespace klussen::auth {
namespace {

std::string Part(const std::string& json) { return Base64UrlEncode(json); }

std::string Token(const std::string& header, const std::string& claims,
                  const std::string& signature = "sig") {
  return Part(header) + "." + Part(claims) + "." + Base64UrlEncode(signature);
}

const std::string kHeader = R"({"alg":"RS256","kid":"k1"})";
const std::string kClaims = R"({"sub":"123","exp":1700000000})";

void ExpectRefused(const std::string& token, const std::string& reason) {
  Result<Jwt> jwt = ParseJwt(token);
  ASSERT_FALSE(jwt.ok()) << token;
  EXPECT_EQ(jwt.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(jwt.status().message().find(reason), std::string::npos) << jwt.status().message();
}

TEST(AuthJwtTest, KeepsHeaderClaimsSigningInputAndRawSignature) {
  const std::string signature("\x00\x01\xfe\xff", 4);
  const std::string token = Token(kHeader, kClaims, signature);
  Result<Jwt> jwt = ParseJwt(token);
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  EXPECT_EQ(jwt->header["alg"], "RS256");
  EXPECT_EQ(jwt->header["kid"], "k1");
  EXPECT_EQ(jwt->claims["sub"], "123");
  EXPECT_EQ(jwt->claims["exp"], 1700000000);
  EXPECT_EQ(jwt->signing_input, Part(kHeader) + "." + Part(kClaims));
  EXPECT_EQ(jwt->signature, signature);
}

TEST(AuthJwtTest, AnEmptySignatureParses) {
  // `alg: none` tokens parse; refusing them is the verifier's job.
  Result<Jwt> jwt = ParseJwt(Part(R"({"alg":"none"})") + "." + Part(kClaims) + ".");
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  EXPECT_TRUE(jwt->signature.empty());
}

TEST(AuthJwtTest, NeedsExactlyThreeParts) {
  const std::string good = Token(kHeader, kClaims);
  ExpectRefused("", "empty");
  ExpectRefused(Part(kHeader), "three parts");
  ExpectRefused(Part(kHeader) + "." + Part(kClaims), "three parts");
  ExpectRefused(good + ".", "three parts");
  ExpectRefused(good + ".abc.def", "three parts");  // a JWE has five
  ExpectRefused("." + Part(kClaims) + ".c2ln", "token header");
  ExpectRefused(Part(kHeader) + "..c2ln", "token claims");
}

TEST(AuthJwtTest, PartsMustBeStrictBase64Url) {
  const std::string header = Part(kHeader);
  const std::string claims = Part(kClaims);
  ExpectRefused(header + "=." + claims + ".c2ln", "token header");
  ExpectRefused(header + "." + claims + "=.c2ln", "token claims");
  ExpectRefused(header + "." + claims + ".c2ln=", "token signature");
  ExpectRefused(header + "." + claims + ".c2l+", "token signature");
  ExpectRefused(" " + header + "." + claims + ".c2ln", "token header");
}

TEST(AuthJwtTest, HeaderAndClaimsMustBeJsonObjects) {
  ExpectRefused(Token(R"(["RS256"])", kClaims), "token header is not a JSON object");
  ExpectRefused(Token(kHeader, R"("sub")"), "token claims is not a JSON object");
  ExpectRefused(Token(kHeader, "null"), "token claims is not a JSON object");
  ExpectRefused(Token(R"({"alg":"RS256",})", kClaims), "token header is not valid JSON");
  ExpectRefused(Token(kHeader, R"({"sub":"1"} {})"), "token claims is not valid JSON");
  ExpectRefused(Token(kHeader, "{\"sub\":\"\xff\"}"), "token claims is not valid JSON");
  ExpectRefused(Token(kHeader, R"({"exp":1e999})"), "token claims is not valid JSON");
}

TEST(AuthJwtTest, RefusesRepeatedMemberNames) {
  // Two parsers could pick different values of a repeated member.
  ExpectRefused(Token(R"({"alg":"RS256","alg":"none"})", kClaims), "repeats the member name");
  ExpectRefused(Token(kHeader, R"({"sub":"a","exp":1,"sub":"b"})"), "\"sub\"");
  ExpectRefused(Token(kHeader, R"({"x":{"a":1,"a":2}})"), "\"a\"");
  // The same name in different objects is fine.
  EXPECT_TRUE(ParseJwt(Token(kHeader, R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})")).ok());
}

TEST(AuthJwtTest, RefusesDeepNesting) {
  std::string nested = "1";
  for (int i = 0; i < kMaxJsonDepth - 1; ++i) nested = "[" + nested + "]";
  EXPECT_TRUE(ParseJwt(Token(kHeader, R"({"a":)" + nested + "}")).ok());
  ExpectRefused(Token(kHeader, R"({"a":[)" + nested + "]}"), "nests deeper than");
}

TEST(AuthJwtTest, RefusesTokensOverTheSizeLimit) {
  const std::string prefix = Part(kHeader) + "." + Part(kClaims) + ".";
  size_t signature_length = kMaxJwtBytes - prefix.size();
  if (signature_length % 4 == 1) --signature_length;  // 1 mod 4 is never valid base64url
  const std::string fits = prefix + std::string(signature_length, 'A');
  ASSERT_GE(fits.size(), kMaxJwtBytes - 1);
  EXPECT_TRUE(ParseJwt(fits).ok()) << ParseJwt(fits).status().ToString();
  ExpectRefused(prefix + std::string(kMaxJwtBytes - prefix.size() + 1, 'A'), "longer than 8192");
}

TEST(AuthJsonObjectTest, NamesWhatWasParsed) {
  Result<nlohmann::json> parsed = ParseJsonObject("[]", "JWKS");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "JWKS is not a JSON object");
  EXPECT_TRUE(ParseJsonObject(R"({"keys":[]})", "JWKS").ok());
}

}  // namespace
}  // namespace klussen::auth
