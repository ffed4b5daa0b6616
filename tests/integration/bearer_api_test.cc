// The real sidecar accepting OIDC bearer tokens (docs/protocol.md) from a
// JWKS file, mapping `sub` to host users of both Elgg generations.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "auth/base64url.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/test_db.h"
#include "support/test_keys.h"

namespace klussen {
namespace {

using nlohmann::json;
using testing::SidecarProcess;
using testing::TestDatabase;
using testing::TestKey;

constexpr const char* kIssuer = "https://account.pleio.test";

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Token(const TestKey& key, const json& header, const json& claims) {
  std::string input =
      auth::Base64UrlEncode(header.dump()) + "." + auth::Base64UrlEncode(claims.dump());
  return input + "." + auth::Base64UrlEncode(key.Sign(input));
}

json Claims(const std::string& sub) {
  return {{"iss", kIssuer}, {"aud", "klussen"}, {"sub", sub}, {"exp", Now() + 300},
          {"iat", Now()}};
}

class BearerApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    db_->LoadModel("tests/fixtures/models/tiny.json", GetParam());
    db_->Migrate();
    jwks_path_ = "/tmp/klussen-jwks-" + std::to_string(getpid()) + "-" + GetParam() + ".json";
    std::ofstream(jwks_path_) << json{{"keys", {key_.Jwk()}}}.dump();
    sidecar_ = std::make_unique<SidecarProcess>(
        std::vector<std::string>{"serve"},
        testing::Environment{{"KLUSSEN_DB_SOCKET", db_->socket()},
                             {"KLUSSEN_DB_NAME", db_->name()},
                             {"KLUSSEN_DB_USER", "root"},
                             {"KLUSSEN_LISTEN_PORT", "0"},
                             {"KLUSSEN_AUTH_SECRET", testing::kTestSecret},
                             {"KLUSSEN_OIDC_ISSUER", kIssuer},
                             {"KLUSSEN_OIDC_CLIENT_ID", "klussen"},
                             {"KLUSSEN_OIDC_JWKS_FILE", jwks_path_},
                             {"KLUSSEN_OIDC_SUBJECT_MAPS_TO", "username"}});
    ASSERT_TRUE(sidecar_->WaitForStdout("listening on", std::chrono::seconds(20)))
        << sidecar_->err();
  }
  void TearDown() override { std::remove(jwks_path_.c_str()); }

  std::string Get(const std::string& token) {
    return testing::RawExchange(sidecar_->ListeningPort(),
                                "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                "Authorization: Bearer " + token + "\r\n\r\n");
  }

  TestKey key_ = TestKey::Rsa("idp-2026");
  std::string jwks_path_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<SidecarProcess> sidecar_;
};

TEST_P(BearerApiTest, ValidTokenNamesAnActiveHostUser) {
  std::string answer = Get(Token(key_, {{"alg", "RS256"}, {"kid", "idp-2026"}, {"typ", "JWT"}},
                                 Claims("jdevries")));
  ASSERT_EQ(testing::StatusOf(answer), 200) << answer << sidecar_->err();
  json body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
  EXPECT_EQ(body["viewer"]["guid"], 2);
  EXPECT_EQ(body["authenticated_by"], "bearer_token");
}

TEST_P(BearerApiTest, SubjectOfABannedDisabledOrUnknownUserIsRefused) {
  for (const char* sub : {"pdhondt", "zvanthof", "nobody"}) {
    std::string answer =
        Get(Token(key_, {{"alg", "RS256"}, {"kid", "idp-2026"}}, Claims(sub)));
    EXPECT_EQ(testing::StatusOf(answer), 401) << sub << answer;
    EXPECT_NE(answer.find("WWW-Authenticate: Bearer"), std::string::npos);
  }
}

TEST_P(BearerApiTest, ForgedTokensAreRefused) {
  std::string none_token = auth::Base64UrlEncode(json{{"alg", "none"}}.dump()) + "." +
                           auth::Base64UrlEncode(Claims("jdevries").dump()) + ".";
  EXPECT_EQ(testing::StatusOf(Get(none_token)), 401);
  json expired = Claims("jdevries");
  expired["exp"] = Now() - 3600;
  EXPECT_EQ(testing::StatusOf(Get(Token(key_, {{"alg", "RS256"}, {"kid", "idp-2026"}}, expired))),
            401);
  json other_audience = Claims("jdevries");
  other_audience["aud"] = "another-app";
  EXPECT_EQ(testing::StatusOf(
                Get(Token(key_, {{"alg", "RS256"}, {"kid", "idp-2026"}}, other_audience))),
            401);
  TestKey attacker = TestKey::Rsa("idp-2026");  // same kid, other key
  EXPECT_EQ(testing::StatusOf(Get(Token(attacker, {{"alg", "RS256"}, {"kid", "idp-2026"}},
                                        Claims("jdevries")))),
            401);
  std::string log = sidecar_->err();
  EXPECT_NE(log.find("authentication failed"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, BearerApiTest, ::testing::Values("elgg1", "elgg3"));

}  // namespace
}  // namespace klussen
