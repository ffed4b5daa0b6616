// A sidecar started while its database is down: it serves /healthz 200 and
// /readyz 503 naming the database, API requests get 503 with Retry-After,
// and it finishes its start-up (host probe, schema check, match index load)
// by itself once MariaDB answers — ready within 3 s — and does the same after
// a later outage. A real binary against a private MariaDB it stops and starts.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/private_mariadb.h"
#include "support/process.h"
#include "support/signed_client.h"
#include "support/test_db.h"

namespace klussen {
namespace {

// Ready again within 3 s of the database answering; a sanitizer build runs
// every step two to three times slower, so it gets twice that.
#ifdef __SANITIZE_ADDRESS__
constexpr long long kReadyWithinMs = 6000;
#else
constexpr long long kReadyWithinMs = 3000;
#endif

using std::chrono::milliseconds;
using testing::PrivateMariaDb;
using testing::SidecarProcess;

struct Readyz {
  int status = 0;  // 0: no answer
  nlohmann::json body;
  std::string retry_after;
};

Readyz GetReadyz(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  Readyz out;
  auto answer = client.Get("/readyz");
  if (!answer) return out;
  out.status = answer->status;
  out.body = nlohmann::json::parse(answer->body, nullptr, false);
  out.retry_after = answer->get_header_value("Retry-After");
  return out;
}

// Polls /readyz every 25 ms until it answers `status`; the time it took, or
// `limit` when it never did.
milliseconds WaitForReadyz(int port, int status, milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    if (GetReadyz(port).status == status) {
      return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
    }
    std::this_thread::sleep_for(milliseconds(25));
  }
  return limit;
}

void ExpectNotReadyForTheDatabase(int port) {
  Readyz ready = GetReadyz(port);
  EXPECT_EQ(ready.status, 503);
  ASSERT_TRUE(ready.body.is_object());
  EXPECT_EQ(ready.body.value("status", ""), "not_ready") << ready.body;
  EXPECT_EQ(ready.body.value("reason", ""), "database") << ready.body;
  EXPECT_EQ(ready.body["checks"]["database"]["ok"], false) << ready.body;
  EXPECT_FALSE(ready.retry_after.empty());
  auto alive = httplib::Client("127.0.0.1", port).Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
}

void ExpectApiUnavailable(int port) {
  testing::SignedClient client(port, testing::kTestSecret);
  for (const char* target : {"/api/v1/me", "/api/v1/klussen", "/api/v1/portfolio"}) {
    testing::Answer answer = client.Get(target, 2);
    EXPECT_EQ(answer.status, 503) << target << ": " << answer.body;
    EXPECT_FALSE(answer.Header("Retry-After").empty()) << target;
    EXPECT_TRUE(answer.json.contains("error")) << target << ": " << answer.body;
  }
}

std::string MatchIndexState(int port) {
  Readyz ready = GetReadyz(port);
  if (!ready.body.is_object() || !ready.body.contains("match_index")) return "";
  return ready.body["match_index"].value("state", "");
}

TEST(SidecarDatabaseDownStartTest, ComesUpNotReadyAndBecomesReadyWhenTheDatabaseArrives) {
  PrivateMariaDb database;
  database.RunSql("", "CREATE DATABASE elgg CHARACTER SET utf8mb4");
  testing::RunCommand("python3 " + testing::SourcePath("tests/fixtures/elgg_fixture.py") +
                      " emit --generation elgg3 " +
                      testing::SourcePath("tests/fixtures/models/tiny.json") +
                      " | mariadb --no-defaults --socket=" + database.socket() + " -u root elgg");
  const testing::Environment db_env = {{"KLUSSEN_DB_SOCKET", database.socket()},
                                       {"KLUSSEN_DB_NAME", "elgg"},
                                       {"KLUSSEN_DB_USER", "root"}};
  auto migrate = testing::RunSidecar({"migrate"}, db_env);
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  database.RunSql("elgg",
                  "INSERT INTO klussen_portfolio (user_guid, discoverable, about, region, "
                  "hours_per_week_tenths, created_at, updated_at) VALUES "
                  "(2, 1, 'Data', 'Utrecht', 80, 1, 1), (6, 1, 'Beleid', 'Utrecht', 40, 1, 1)");
  database.Stop();

  testing::Environment env = db_env;
  env["KLUSSEN_LISTEN_PORT"] = "0";
  env["KLUSSEN_AUTH_SECRET"] = testing::kTestSecret;
  env["KLUSSEN_MATCH_POLL_INTERVAL_MS"] = "200";
  SidecarProcess sidecar({"serve"}, env);
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  const int port = sidecar.ListeningPort();
  ASSERT_GT(port, 0) << sidecar.out();
  EXPECT_NE(sidecar.out().find("waiting for the database"), std::string::npos) << sidecar.out();
  ExpectNotReadyForTheDatabase(port);
  ExpectApiUnavailable(port);
  // Not ready for a while is still not dead.
  std::this_thread::sleep_for(milliseconds(1500));
  ExpectNotReadyForTheDatabase(port);
  EXPECT_TRUE(sidecar.running());

  // The database arrives: the skipped start-up steps run and it becomes ready.
  database.Start();
  const milliseconds first = WaitForReadyz(port, 200, milliseconds(10000));
  std::printf("[ figures  ] ready %lld ms after MariaDB answered (started with it down)\n",
              static_cast<long long>(first.count()));
  EXPECT_LE(first.count(), kReadyWithinMs) << sidecar.err();
  Readyz ready = GetReadyz(port);
  EXPECT_EQ(ready.body["checks"]["host"]["generation"], "elgg3") << ready.body;
  for (int i = 0; i < 100 && MatchIndexState(port) != "ready"; ++i) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(MatchIndexState(port), "ready");
  EXPECT_EQ(GetReadyz(port).body["match_index"].value("people_loaded", -1), 2);
  testing::Answer me = testing::SignedClient(port, testing::kTestSecret).Get("/api/v1/me", 2);
  EXPECT_EQ(me.status, 200) << me.body;

  // A later outage: not ready while it lasts, ready again after.
  database.Stop();
  EXPECT_LT(WaitForReadyz(port, 503, milliseconds(6000)).count(), 6000);
  ExpectNotReadyForTheDatabase(port);
  ExpectApiUnavailable(port);
  database.Start();
  const milliseconds second = WaitForReadyz(port, 200, milliseconds(10000));
  std::printf("[ figures  ] ready %lld ms after MariaDB answered (after an outage)\n",
              static_cast<long long>(second.count()));
  EXPECT_LE(second.count(), kReadyWithinMs) << sidecar.err();
  EXPECT_EQ(testing::SignedClient(port, testing::kTestSecret).Get("/api/v1/me", 2).status, 200);

  std::chrono::milliseconds took{0};
  EXPECT_EQ(sidecar.StopWithin(SIGTERM, std::chrono::seconds(5), &took), 0) << sidecar.err();
  EXPECT_LE(took.count(), 2000);
}

// Stopped while it waits for the database: within 2 s, exit code 0.
TEST(SidecarDatabaseDownStartTest, StopsPromptlyWhileWaitingForTheDatabase) {
  for (int wait_ms : {0, 150, 1300}) {
    SidecarProcess sidecar({"serve"}, {{"KLUSSEN_AUTH_SECRET", testing::kTestSecret},
                                       {"KLUSSEN_DB_SOCKET", "/tmp/klussen-no-such-db.sock"},
                                       {"KLUSSEN_DB_NAME", "elgg"},
                                       {"KLUSSEN_DB_USER", "klussen"},
                                       {"KLUSSEN_LISTEN_PORT", "0"}});
    ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
    std::this_thread::sleep_for(milliseconds(wait_ms));
    std::chrono::milliseconds took{0};
    EXPECT_EQ(sidecar.StopWithin(SIGTERM, std::chrono::seconds(5), &took), 0)
        << "after " << wait_ms << " ms: " << sidecar.err();
    EXPECT_LE(took.count(), 2000) << "after " << wait_ms << " ms";
  }
}

}  // namespace
}  // namespace klussen
