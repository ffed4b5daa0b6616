// The sidecar while its database goes away and comes back: it stays up,
// answers not-ready (503) at once instead of hanging, and recovers by itself;
// the match index keeps what it has (no reload) and its poll catches up.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/private_mariadb.h"
#include "support/process.h"
#include "support/test_db.h"

namespace klussen {
namespace {

using testing::PrivateMariaDb;
using testing::SidecarProcess;

int ReadyzStatus(int port, std::chrono::milliseconds* took = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  auto start = std::chrono::steady_clock::now();
  auto answer = client.Get("/readyz");
  if (took) {
    *took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  }
  return answer ? answer->status : 0;
}

TEST(SidecarOutageTest, DatabaseRestartMakesItNotReadyThenReadyAgain) {
  PrivateMariaDb database;
  database.RunSql("", "CREATE DATABASE elgg CHARACTER SET utf8mb4");
  testing::RunCommand("python3 " + testing::SourcePath("tests/fixtures/elgg_fixture.py") +
                      " emit --generation elgg3 " +
                      testing::SourcePath("tests/fixtures/models/tiny.json") +
                      " | mariadb --no-defaults --socket=" + database.socket() + " -u root elgg");
  auto migrate = testing::RunSidecar({"migrate"}, {{"KLUSSEN_DB_SOCKET", database.socket()},
                                                   {"KLUSSEN_DB_NAME", "elgg"},
                                                   {"KLUSSEN_DB_USER", "root"}});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  // Two members with a portfolio, for the match index.
  database.RunSql("elgg",
                  "INSERT INTO klussen_portfolio (user_guid, discoverable, about, region, "
                  "hours_per_week_tenths, created_at, updated_at) VALUES "
                  "(2, 1, 'Data', 'Utrecht', 80, 1, 1), (6, 1, 'Beleid', 'Utrecht', 40, 1, 1)");

  SidecarProcess sidecar({"serve"}, {{"KLUSSEN_DB_SOCKET", database.socket()},
                                     {"KLUSSEN_DB_NAME", "elgg"},
                                     {"KLUSSEN_DB_USER", "root"},
                                     {"KLUSSEN_LISTEN_PORT", "0"},
                                     {"KLUSSEN_DB_RETRY_AFTER_MS", "500"},
                                     {"KLUSSEN_MATCH_POLL_INTERVAL_MS", "200"},
                                     {"KLUSSEN_AUTH_SECRET", testing::kTestSecret}});
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  int port = sidecar.ListeningPort();
  ASSERT_EQ(ReadyzStatus(port), 200);
  auto match_index = [port] {
    auto answer = httplib::Client("127.0.0.1", port).Get("/readyz");
    if (!answer) return nlohmann::json();
    auto body = nlohmann::json::parse(answer->body, nullptr, false);
    return body.is_object() ? body.value("match_index", nlohmann::json()) : nlohmann::json();
  };
  for (int i = 0; i < 100 && match_index().value("state", "") != "ready"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(match_index().value("state", ""), "ready");
  EXPECT_EQ(match_index().value("people_loaded", -1), 2);

  database.Stop();
  std::chrono::milliseconds took{0};
  EXPECT_EQ(ReadyzStatus(port, &took), 503);
  EXPECT_LT(took.count(), 5000) << "not-ready must be answered promptly";
  // Within the retry window the answer comes without a new connect attempt.
  EXPECT_EQ(ReadyzStatus(port, &took), 503);
  EXPECT_LT(took.count(), 1000);
  auto alive = httplib::Client("127.0.0.1", port).Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  EXPECT_TRUE(sidecar.running());

  database.Start();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    status = ReadyzStatus(port);
  }
  EXPECT_EQ(status, 200) << "the sidecar did not recover after the database came back";
  auto metrics = httplib::Client("127.0.0.1", port).Get("/metrics");
  ASSERT_TRUE(metrics);
  // The connections of before the restart were found broken and discarded.
  EXPECT_EQ(metrics->body.find("klussen_db_connections_discarded_total 0\n"), std::string::npos)
      << metrics->body;
  // The index was never dropped or reloaded; its poll failed while the
  // database was away and works again.
  EXPECT_EQ(match_index().value("state", ""), "ready");
  EXPECT_EQ(match_index().value("people_loaded", -1), 2);
  EXPECT_EQ(metrics->body.find("klussen_match_poll_failures_total 0\n"), std::string::npos)
      << metrics->body;
  const int64_t before = match_index().value("last_poll_ok_at", int64_t{0});
  for (int i = 0; i < 50 && match_index().value("last_poll_ok_at", int64_t{0}) <= before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GT(match_index().value("last_poll_ok_at", int64_t{0}), before);
  EXPECT_EQ(sidecar.Stop(SIGTERM), 0) << sidecar.err();
}

}  // namespace
}  // namespace klussen
