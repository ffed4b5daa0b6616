// The real sidecar answering /api/v1/me for signed requests (docs/protocol.md)
// against real MariaDB databases of both Elgg generations.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "auth/signed_context.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/serve.h"
#include "support/test_db.h"

namespace klussen {
namespace {

using testing::SidecarProcess;
using testing::TestDatabase;

std::string NewNonce() {
  static std::mt19937_64 random{std::random_device{}()};
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return text;
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A raw HTTP request as the glue would send it.
std::string SignedGet(const std::string& target, const std::string& viewer,
                      const std::string& extra_headers = "",
                      const std::string& secret = testing::kTestSecret) {
  auth::SignedFields fields{"k1", std::to_string(Now()), NewNonce(), viewer, "nl", "1"};
  std::string signature =
      auth::SignedContextVerifier::Sign({"k1", secret}, "GET", target, fields, "");
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
         "X-Klussen-Key-Id: k1\r\nX-Klussen-Timestamp: " + fields.timestamp +
         "\r\nX-Klussen-Nonce: " + fields.nonce + "\r\nX-Klussen-Viewer: " + viewer +
         "\r\nX-Klussen-Language: nl\r\nX-Klussen-Site: 1\r\nX-Klussen-Signature: " + signature +
         "\r\n" + extra_headers + "\r\n";
}

nlohmann::json BodyOf(const std::string& answer) {
  size_t start = answer.find("\r\n\r\n");
  return nlohmann::json::parse(answer.substr(start + 4), nullptr, false);
}

class SignedApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    db_->LoadModel("tests/fixtures/models/tiny.json", GetParam());
    db_->Migrate();
    sidecar_ = testing::ServeTestDatabase(*db_, {{"KLUSSEN_AUTH_FAILURE_LIMIT_PER_MINUTE", "8"}});
    port_ = sidecar_->ListeningPort();
  }
  std::string Send(const std::string& request) { return testing::RawExchange(port_, request); }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<SidecarProcess> sidecar_;
  int port_ = 0;
};

TEST_P(SignedApiTest, SignedViewerIsKnownFromTheHostTables) {
  std::string answer = Send(SignedGet("/api/v1/me", "2"));
  ASSERT_EQ(testing::StatusOf(answer), 200) << answer;
  nlohmann::json body = BodyOf(answer);
  EXPECT_EQ(body["viewer"]["guid"], 2);
  EXPECT_EQ(body["viewer"]["username"], "jdevries");
  EXPECT_EQ(body["viewer"]["site_admin"], false);
  EXPECT_EQ(body["authenticated_by"], "signed_context");
  auto admin = BodyOf(Send(SignedGet("/api/v1/me", "3")));
  EXPECT_EQ(admin["viewer"]["site_admin"], true);
}

TEST_P(SignedApiTest, LoggedOutViewerHasNoIdentity) {
  std::string answer = Send(SignedGet("/api/v1/me", "0"));
  ASSERT_EQ(testing::StatusOf(answer), 200) << answer;
  EXPECT_TRUE(BodyOf(answer)["viewer"].is_null());
}

TEST_P(SignedApiTest, BannedDisabledAndUnknownViewersAreRefused) {
  for (const char* viewer : {"4", "5", "999999"}) {
    std::string answer = Send(SignedGet("/api/v1/me", viewer));
    EXPECT_EQ(testing::StatusOf(answer), 403) << viewer << answer;
    EXPECT_EQ(BodyOf(answer)["error"]["code"], "permission_denied") << answer;
  }
}

TEST_P(SignedApiTest, RequestsForInactiveViewersNeverLockOutTheGlue) {
  // Far over the limit of 8: each is a correctly signed request about a banned viewer.
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(testing::StatusOf(Send(SignedGet("/api/v1/me", "4"))), 403);
  EXPECT_EQ(testing::StatusOf(Send(SignedGet("/api/v1/me", "2"))), 200);
}

TEST_P(SignedApiTest, UnsignedIdentityHeadersAreIgnored) {
  std::string forged =
      "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "X-Klussen-Viewer: 3\r\nX-Klussen-User: 3\r\nRemote-User: abakker\r\n\r\n";
  std::string answer = Send(forged);
  EXPECT_EQ(testing::StatusOf(answer), 401) << answer;
  nlohmann::json body = BodyOf(answer);
  EXPECT_EQ(body["error"]["code"], "unauthenticated");
  EXPECT_EQ(body["error"]["message"], "authentication required");  // no hint which check failed
  // A correctly signed viewer wins over any extra identity header.
  auto signed_answer = BodyOf(Send(SignedGet("/api/v1/me", "2", "X-Klussen-User: 3\r\n")));
  EXPECT_EQ(signed_answer["viewer"]["guid"], 2);
}

TEST_P(SignedApiTest, ReplayAndWrongSecretAreRefusedAndLogged) {
  std::string request = SignedGet("/api/v1/me", "2");
  EXPECT_EQ(testing::StatusOf(Send(request)), 200);
  EXPECT_EQ(testing::StatusOf(Send(request)), 401);
  std::string wrong = SignedGet("/api/v1/me", "2", "", "another-secret-0123456789abcdef0123456789");
  EXPECT_EQ(testing::StatusOf(Send(wrong)), 401);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string log = sidecar_->err();
  EXPECT_NE(log.find("replayed nonce"), std::string::npos) << log;
  EXPECT_NE(log.find("signature mismatch"), std::string::npos) << log;
  EXPECT_EQ(log.find(testing::kTestSecret), std::string::npos) << "secret in the log";
}

TEST_P(SignedApiTest, RepeatedFailuresFromOneSourceGet429) {
  std::string bad = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < 8; ++i) EXPECT_EQ(testing::StatusOf(Send(bad)), 401);
  std::string answer = Send(bad);
  EXPECT_EQ(testing::StatusOf(answer), 429) << answer;
  EXPECT_NE(answer.find("Retry-After: 60"), std::string::npos);
  // A correctly signed request from that address is still served: the glue shares the loopback
  // address with every local process (docs/protocol.md).
  EXPECT_EQ(testing::StatusOf(Send(SignedGet("/api/v1/me", "2"))), 200);
  // Wrong signatures from it keep getting 429 until the failures age out.
  std::string wrong = SignedGet("/api/v1/me", "2", "", "another-secret-0123456789abcdef0123456789");
  EXPECT_EQ(testing::StatusOf(Send(wrong)), 429);
  // Health stays reachable for the operator.
  EXPECT_EQ(
      testing::StatusOf(Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
      200);
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, SignedApiTest, ::testing::Values("elgg1", "elgg3"));

TEST(SignedApiStartupTest, ServeRefusesAMissingOrShortSecret) {
  auto db = TestDatabase::Create();
  db->LoadModel("tests/fixtures/models/tiny.json", "elgg3");
  db->Migrate();
  testing::Environment env = {{"KLUSSEN_DB_SOCKET", db->socket()},
                              {"KLUSSEN_DB_NAME", db->name()},
                              {"KLUSSEN_DB_USER", "root"},
                              {"KLUSSEN_LISTEN_PORT", "0"}};
  auto missing = testing::RunSidecar({"serve"}, env);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("'auth_secret' is missing"), std::string::npos) << missing.err;
  env["KLUSSEN_AUTH_SECRET"] = "short";
  auto short_secret = testing::RunSidecar({"serve"}, env);
  EXPECT_EQ(short_secret.exit_code, 2);
  EXPECT_NE(short_secret.err.find("shorter than 32 bytes"), std::string::npos) << short_secret.err;
  auto check = testing::RunSidecar({"check"}, env);
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("auth:     PROBLEM"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace klussen
