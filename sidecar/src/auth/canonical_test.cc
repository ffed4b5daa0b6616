#include "auth/canonical.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "auth/signed_context.h"
#include "support/test_db.h"

namespace klussen::auth {
namespace {

TEST(AuthCanonicalTest, PathIsDecodedThenEncodedOneWay) {
  EXPECT_EQ(CanonicalPath("/api/v1/me"), "/api/v1/me");
  EXPECT_EQ(CanonicalPath("/a%7Eb/%7e"), "/a~b/~");
  EXPECT_EQ(CanonicalPath("/caf%c3%a9"), "/caf%C3%A9");
  EXPECT_EQ(CanonicalPath("/café"), "/caf%C3%A9");
  EXPECT_EQ(CanonicalPath("/a b+c"), "/a%20b%2Bc");  // '+' is literal in a path
  EXPECT_EQ(CanonicalPath("/x%2Fy"), "/x/y");
  EXPECT_EQ(CanonicalPath("/bad%G1%"), "/bad%25G1%25");
}

TEST(AuthCanonicalTest, QueryIsSortedAndNormalised) {
  EXPECT_EQ(CanonicalQuery(""), "");
  EXPECT_EQ(CanonicalQuery("b=2&a=1"), "a=1&b=2");
  EXPECT_EQ(CanonicalQuery("a=2&a=1&&b&"), "a=1&a=2&b=");
  EXPECT_EQ(CanonicalQuery("q=a+b%2Bc"), "q=a%20b%2Bc");
  EXPECT_EQ(CanonicalQuery("path=%2Fx%2fy"), "path=%2Fx%2Fy");
  EXPECT_EQ(CanonicalQuery("x=1=2"), "x=1%3D2");
}

TEST(AuthCanonicalTest, ProtocolDocumentExample) {
  SignedFields fields{"k1", "1767225600", "00112233445566778899aabbccddeeff", "42", "nl", "1"};
  std::string canonical = CanonicalRequest("GET", "/api/v1/me?b=2&a=1", fields, "");
  EXPECT_EQ(canonical,
            "KLUSSEN-HMAC-SHA256-V1\nGET\n/api/v1/me\na=1&b=2\n1767225600\n"
            "00112233445566778899aabbccddeeff\n42\nnl\n1\nk1\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  SigningKey key{"k1", "0123456789abcdef0123456789abcdef"};
  EXPECT_EQ(SignedContextVerifier::Sign(key, "GET", "/api/v1/me?b=2&a=1", fields, ""),
            "d3c8fe019d18c693310d9a48532cf28824c120db2e52734a99ef3582ae080fcb");
}

TEST(AuthStrictTargetTest, DecodesPathAndQueryInOrder) {
  auto target = ParseStrictTarget("/api/v1/tags/caf%c3%a9+x%2Fy?b=samen+werken&a=1%3D1&flag&e=");
  ASSERT_TRUE(target.ok()) << target.status().message();
  EXPECT_EQ(target->path, "/api/v1/tags/caf\xc3\xa9+x/y");
  using Pair = std::pair<std::string, std::string>;
  EXPECT_EQ(target->query,
            (std::vector<Pair>{{"b", "samen werken"}, {"a", "1=1"}, {"flag", ""}, {"e", ""}}));
  auto no_query = ParseStrictTarget("/api/v1/me?");
  ASSERT_TRUE(no_query.ok());
  EXPECT_TRUE(no_query->query.empty());
  // Empty parts are dropped by every reader alike.
  auto empty_parts = ParseStrictTarget("/x?&&a=1&&");
  ASSERT_TRUE(empty_parts.ok());
  EXPECT_EQ(empty_parts->query.size(), 1u);
}

TEST(AuthStrictTargetTest, RefusesEveryTargetThatReadsTwoWays) {
  for (const char* target : {
           "",                                  // no path
           "api/v1/me",                         // not origin-form
           "http://sidecar/api/v1/me",          // absolute form
           "/api/v1/klussen/%u0031",            // IIS-style escape, decoded by cpp-httplib
           "/api/v1/klussen/1%",                // lone '%'
           "/api/v1/klussen/1%3",               // one hex digit
           "/api/v1/klussen/%G1",               // not hex
           "/api/v1/klussen?mine=%u0070osted",  // the same in the query
           "/api/v1/klussen?a=b=c",             // raw '=' in a value
           "/api/v1/klussen?mine=involved=posted",
           "/api/v1/klussen?=posted",                      // no name
           "/api/v1/klussen?mine=posted&mine=involved",    // repeated name
           "/api/v1/klussen?mine=posted&%6Dine=involved",  // repeated once decoded
           "/api/v1/klussen?a+b=1&a%20b=2",                // '+' is a space in names too
           "/api/v1/me#top",                               // fragment
           "/api/v1/a b",                                  // space
           "/api/v1/a\tb",                                 // control byte (cpp-httplib trims tabs)
           "/api/v1/me?a\t=1",
           "/api/v1/caf\xc3\xa9",  // raw non-ASCII
       }) {
    EXPECT_FALSE(ParseStrictTarget(target).ok()) << target;
  }
  // Encoded, the same characters are fine and unambiguous.
  EXPECT_TRUE(ParseStrictTarget("/api/v1/klussen/%25u0031?a=b%3Dc&x=%26%23").ok());
}

// The shared vectors (tests/fixtures/signing-vectors.json, written by an
// independent implementation) that the PHP glue tests against too.
TEST(AuthCanonicalTest, SharedSigningVectors) {
  std::ifstream file(testing::SourcePath("tests/fixtures/signing-vectors.json"));
  ASSERT_TRUE(file) << "tests/fixtures/signing-vectors.json is missing";
  nlohmann::json vectors = nlohmann::json::parse(file);
  ASSERT_GE(vectors["vectors"].size(), 15u);
  for (const auto& v : vectors["vectors"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    SignedFields fields{v["key_id"], v["timestamp"], v["nonce"],
                        v["viewer"], v["language"],  v["site"]};
    std::string target = v["path"].get<std::string>();
    if (!v["query"].get<std::string>().empty()) target += "?" + v["query"].get<std::string>();
    std::string canonical = CanonicalRequest(v["method"].get<std::string>(), target, fields,
                                             v["body"].get<std::string>());
    EXPECT_EQ(canonical, v["canonical"].get<std::string>());
    // The generator's independent reading of which targets the sidecar serves at all.
    EXPECT_EQ(ParseStrictTarget(target).ok(), v["target_served"].get<bool>());
    SigningKey key{v["key_id"], vectors["keys"][v["key_id"].get<std::string>()]};
    EXPECT_EQ(SignedContextVerifier::Sign(key, v["method"].get<std::string>(), target, fields,
                                          v["body"].get<std::string>()),
              v["signature"].get<std::string>());
  }
}

}  // namespace
}  // namespace klussen::auth
