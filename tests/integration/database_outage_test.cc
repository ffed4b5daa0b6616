// The sidecar while its database goes away and comes back: it stays up,
// answers not-ready (503) at once instead of hanging, and recovers by itself.
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

  SidecarProcess sidecar({"serve"}, {{"KLUSSEN_DB_SOCKET", database.socket()},
                                     {"KLUSSEN_DB_NAME", "elgg"},
                                     {"KLUSSEN_DB_USER", "root"},
                                     {"KLUSSEN_LISTEN_PORT", "0"},
                                     {"KLUSSEN_DB_RETRY_AFTER_MS", "500"},
                                     {"KLUSSEN_AUTH_SECRET", testing::kTestSecret}});
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  int port = sidecar.ListeningPort();
  ASSERT_EQ(ReadyzStatus(port), 200);

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
  EXPECT_EQ(sidecar.Stop(SIGTERM), 0) << sidecar.err();
}

}  // namespace
}  // namespace klussen
