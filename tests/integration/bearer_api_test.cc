// The real sidecar accepting OIDC bearer tokens (docs/protocol.md) from a
// JWKS file, mapping `sub` to host users of both Elgg generations.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "auth/base64url.h"
#include "common/dates.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/signed_client.h"
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

  std::string Get(const std::string& token, const std::string& target = "/api/v1/me") {
    return testing::RawExchange(sidecar_->ListeningPort(),
                                "GET " + target +
                                    " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    "Authorization: Bearer " +
                                    token + "\r\n\r\n");
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

std::set<std::string> Labels(const json& portfolio) {
  std::set<std::string> labels;
  for (const auto& item : portfolio["items"]) labels.insert(item["label"].get<std::string>());
  return labels;
}

json BodyOf(const std::string& answer) {
  return json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false);
}

// A token carries no site: its viewer acts for this sidecar's site (1) only when the host says
// the user is a member of it. Otherwise the answers are those of the glue signing for another
// site: 404 for a site-audience klus, no site-visibility portfolio items.
TEST_P(BearerApiTest, ATokenSeesSiteAudiencesOnlyOfItsUsersSite) {
  constexpr int64_t kAdmin40 = 7, kJan = 2;
  testing::SignedClient glue(sidecar_->ListeningPort(), testing::kTestSecret);
  const int64_t today = UnixNow() / kSecondsPerDay;
  testing::Answer posted =
      glue.Post("/api/v1/groups/40/klussen", kAdmin40,
                {{"title", "Website vertalen"},
                 {"description", "Wie vertaalt onze pagina's naar het Engels?"},
                 {"required_skills", json::array({"Beleidsadvies"})},
                 {"time_mode", "per_week"},
                 {"hours", "2"},
                 {"deadline", FormatIsoDate(today + 30)},
                 {"start_date", FormatIsoDate(today + 31)},
                 {"end_date", FormatIsoDate(today + 90)},
                 {"region", "Utrecht"},
                 {"remote", true},
                 {"people_needed", 1},
                 {"audience", "site"},
                 {"publish", true}});
  ASSERT_EQ(posted.status, 201) << posted.body;
  const std::string klus = "/api/v1/klussen/" + std::to_string(posted.json["id"].get<int64_t>());
  for (const auto& [label, visibility] : {std::pair{"Python", "platform"}, {"GIS", "site"}}) {
    ASSERT_EQ(
        glue.Post("/api/v1/portfolio/items", kJan, {{"label", label}, {"visibility", visibility}})
            .status,
        201);
  }
  const std::string portfolio = "/api/v1/members/2/portfolio";
  // kjansen (8) is in none of group 40's circles: the site audience is all that lets them in.
  const std::string token = Token(key_, {{"alg", "RS256"}, {"kid", "idp-2026"}}, Claims("kjansen"));
  std::string member_klus = Get(token, klus);
  EXPECT_EQ(testing::StatusOf(member_klus), 200) << member_klus << sidecar_->err();
  EXPECT_EQ(Labels(BodyOf(Get(token, portfolio))), (std::set<std::string>{"Python", "GIS"}));

  if (GetParam() != "elgg1") return;  // Elgg 3+ has one site, whose member every user is
  // Make kjansen a user of subsite 2 who never joined site 1 (Pleio's subsite_manager).
  auto c = db_->Connect();
  ASSERT_TRUE(c->Execute("UPDATE elgg_entities SET site_guid = 2 WHERE guid = 8").ok());
  ASSERT_TRUE(c->Execute("DELETE FROM elgg_entity_relationships WHERE guid_one = 8 AND "
                         "relationship = 'member_of_site'")
                  .ok());
  glue.set_site("2");
  testing::Answer signed_klus = glue.Get(klus, 8);
  EXPECT_EQ(signed_klus.status, 404) << signed_klus.body;
  std::string bearer_klus = Get(token, klus);
  EXPECT_EQ(testing::StatusOf(bearer_klus), 404) << bearer_klus;
  testing::Answer signed_portfolio = glue.Get(portfolio, 8);
  ASSERT_EQ(signed_portfolio.status, 200) << signed_portfolio.body;
  EXPECT_EQ(Labels(signed_portfolio.json), std::set<std::string>{"Python"});
  EXPECT_EQ(Labels(BodyOf(Get(token, portfolio))), std::set<std::string>{"Python"});
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, BearerApiTest, ::testing::Values("elgg1", "elgg3"));

}  // namespace
}  // namespace klussen
