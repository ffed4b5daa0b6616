// SIGTERM at any moment stops the real sidecar within 2 s, exit code 0, and
// no answer is cut off: under load from concurrent clients (health probes and
// signed API requests, new connections and keep-alive), and while the match
// index load is stuck inside a database call. (Waiting for the database:
// database_down_start_test.cc.)
//
// What a client can observe: a connection refused or closed before any byte
// of an answer was not taken on by the server (the kernel's backlog is reset
// when the listener closes; a keep-alive connection may be closed between two
// requests, as HTTP/1.1 allows); any answer that started must be complete
// (status line, headers, Content-Length bytes). A partial answer fails.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <vector>

#include "auth/signed_context.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/test_db.h"

namespace klussen {
namespace {

using std::chrono::milliseconds;
using testing::SidecarProcess;
using testing::TestDatabase;

testing::Environment EnvFor(const TestDatabase& db) {
  return {{"KLUSSEN_DB_SOCKET", db.socket()}, {"KLUSSEN_DB_NAME", db.name()},
          {"KLUSSEN_DB_USER", "root"},        {"KLUSSEN_LISTEN_PORT", "0"},
          {"KLUSSEN_LOG_LEVEL", "info"},      {"KLUSSEN_AUTH_SECRET", testing::kTestSecret}};
}

std::unique_ptr<TestDatabase> TinyDatabase() {
  auto db = TestDatabase::Create();
  db->LoadModel(testing::SourcePath("tests/fixtures/models/tiny.json"), "elgg3");
  db->Migrate();
  return db;
}

std::string SignedGet(const std::string& target, int64_t viewer, bool keep_alive) {
  static std::atomic<uint64_t> counter{0};
  const std::string now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
  char nonce[33];
  std::snprintf(nonce, sizeof(nonce), "%016llx%016llx",
                static_cast<unsigned long long>(std::random_device{}()),
                static_cast<unsigned long long>(counter.fetch_add(1)));
  auth::SignedFields fields{"k1", now, nonce, std::to_string(viewer), "nl", "1"};
  const std::string signature =
      auth::SignedContextVerifier::Sign({"k1", testing::kTestSecret}, "GET", target, fields, "");
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" +
         (keep_alive ? "" : "Connection: close\r\n") +
         "X-Klussen-Key-Id: k1\r\nX-Klussen-Timestamp: " + now + "\r\nX-Klussen-Nonce: " + nonce +
         "\r\nX-Klussen-Viewer: " + fields.viewer +
         "\r\nX-Klussen-Language: nl\r\nX-Klussen-Site: 1\r\nX-Klussen-Signature: " + signature +
         "\r\n\r\n";
}

std::string PlainGet(const std::string& target, bool keep_alive) {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" +
         (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
}

struct Tally {
  std::atomic<int> complete{0};    // a whole answer
  std::atomic<int> refused{0};     // no connection
  std::atomic<int> unanswered{0};  // connected, closed or reset before any byte of an answer
  std::atomic<int> partial{0};     // an answer cut off: the failure this test is about
  std::atomic<int> complete_after_signal{0};
};

// Length of the first complete answer in `data` (0: not complete yet).
size_t CompleteAnswerLength(const std::string& data) {
  const size_t head_end = data.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  std::string head = data.substr(0, head_end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = head.find("\r\ncontent-length:");
  size_t length = 0;
  if (at != std::string::npos) length = std::stoul(head.substr(at + 17));
  const size_t total = head_end + 4 + length;
  return data.size() >= total ? total : 0;
}

enum class Outcome { kComplete, kUnanswered, kPartial };

// Reads one answer from `fd` (5 s at most).
Outcome ReadAnswer(int fd, std::string* pending) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char buffer[8192];
  while (std::chrono::steady_clock::now() < deadline) {
    const size_t length = CompleteAnswerLength(*pending);
    if (length > 0) {
      pending->erase(0, length);
      return Outcome::kComplete;
    }
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) continue;
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;  // closed or reset
    pending->append(buffer, static_cast<size_t>(n));
  }
  if (CompleteAnswerLength(*pending) > 0) return Outcome::kComplete;
  return pending->empty() ? Outcome::kUnanswered : Outcome::kPartial;
}

// One client: requests until the server refuses connections (it is gone) or `give_up`.
void RunClient(int port, int kind, const std::atomic<bool>* signalled,
               const std::atomic<bool>* give_up, Tally* tally) {
  const bool keep_alive = kind == 3;
  int fd = -1;
  std::string pending;
  for (int i = 0; !give_up->load(); ++i) {
    if (fd < 0) {
      fd = testing::TryConnectLoopback(port);
      pending.clear();
      if (fd < 0) {
        ++tally->refused;
        if (signalled->load()) return;
        std::this_thread::sleep_for(milliseconds(5));
        continue;
      }
    }
    std::string request;
    switch ((kind + i) % 3) {
      case 0:
        request = PlainGet("/healthz", keep_alive);
        break;
      case 1:
        request = PlainGet("/readyz", keep_alive);
        break;
      default:
        request = SignedGet("/api/v1/me", 2, keep_alive);
        break;
    }
    const bool after_signal = signalled->load();
    bool sent = ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(request.size());
    Outcome outcome = sent ? ReadAnswer(fd, &pending) : Outcome::kUnanswered;
    if (outcome == Outcome::kComplete) {
      ++tally->complete;
      if (after_signal) ++tally->complete_after_signal;
    } else if (outcome == Outcome::kUnanswered) {
      ++tally->unanswered;
    } else {
      ++tally->partial;
    }
    if (!keep_alive || outcome != Outcome::kComplete) {
      ::close(fd);
      fd = -1;
    }
  }
  if (fd >= 0) ::close(fd);
}

TEST(SidecarSigtermTest, UnderLoadStopsWithin2sAndCutsNoAnswerOff) {
  auto db = TinyDatabase();
  for (int delay_ms : {150, 600, 1100}) {
    SidecarProcess sidecar({"serve"}, EnvFor(*db));
    ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
    const int port = sidecar.ListeningPort();
    ASSERT_GT(port, 0);
    auto ready = httplib::Client("127.0.0.1", port).Get("/readyz");
    ASSERT_TRUE(ready);
    ASSERT_EQ(ready->status, 200) << ready->body;

    Tally tally;
    std::atomic<bool> signalled{false};
    std::atomic<bool> give_up{false};
    std::vector<std::thread> clients;
    for (int kind = 0; kind < 6; ++kind) {
      clients.emplace_back(RunClient, port, kind % 4, &signalled, &give_up, &tally);
    }
    std::this_thread::sleep_for(milliseconds(delay_ms));
    const int before = tally.complete.load();
    signalled.store(true);
    std::chrono::milliseconds took{0};
    const int exit_code = sidecar.StopWithin(SIGTERM, std::chrono::seconds(10), &took);
    // The clients see the closed listener; give them a moment, then stop any still stuck.
    std::this_thread::sleep_for(milliseconds(300));
    give_up.store(true);
    for (auto& client : clients) client.join();

    std::printf(
        "[ figures  ] SIGTERM after %d ms of load: exit %d in %lld ms; answers %d complete (%d "
        "begun after the signal), %d unanswered on a connection, %d refused, %d cut off\n",
        delay_ms, exit_code, static_cast<long long>(took.count()), tally.complete.load(),
        tally.complete_after_signal.load(), tally.unanswered.load(), tally.refused.load(),
        tally.partial.load());
    EXPECT_EQ(exit_code, 0) << sidecar.err();
    EXPECT_LE(took.count(), 2000);
    EXPECT_GT(before, 0) << "no load reached the sidecar";
    EXPECT_EQ(tally.partial.load(), 0) << "answers were cut off mid-way";
  }
}

// The index load blocked inside a query (its table locked by another session):
// the stop flag is not looked at until the query returns, so the stop must
// not wait for it.
TEST(SidecarSigtermTest, StopsWithin2sWhileTheIndexLoadIsStuckInTheDatabase) {
  auto db = TinyDatabase();
  db->RunSql(
      "INSERT INTO klussen_portfolio (user_guid, discoverable, about, region, "
      "hours_per_week_tenths, created_at, updated_at) VALUES (2, 1, 'Data', 'Utrecht', 80, 1, 1)");
  const std::string pid_file = "/tmp/klussen-locker-" + std::to_string(getpid()) + ".pid";
  testing::RunCommand("(mariadb --no-defaults --socket=" + db->socket() + " -u root " + db->name() +
                      " -e 'LOCK TABLES klussen_portfolio WRITE; SELECT SLEEP(60)' >/dev/null "
                      "2>&1 & echo $! > " +
                      pid_file + ")");
  pid_t locker = 0;
  std::ifstream(pid_file) >> locker;
  std::remove(pid_file.c_str());
  ASSERT_GT(locker, 0);
  auto watcher = db->Connect();
  auto count = [&](const std::string& like) {
    auto rows = watcher->Query(
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND "
        "(INFO LIKE ? OR STATE LIKE ?)",
        {db->name(), like, like});
    return rows.ok() ? rows->Int(0, 0) : -1;
  };
  for (int i = 0; i < 100 && count("SELECT SLEEP(60)%") < 1; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_EQ(count("SELECT SLEEP(60)%"), 1) << "the lock holder did not start";

  SidecarProcess sidecar({"serve"}, EnvFor(*db));
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  const int port = sidecar.ListeningPort();
  // The load is waiting for the lock, and the sidecar serves meanwhile.
  for (int i = 0; i < 200 && count("%metadata lock%") < 1; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_GE(count("%metadata lock%"), 1) << "the index load is not waiting for the lock";
  auto ready = httplib::Client("127.0.0.1", port).Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(nlohmann::json::parse(ready->body)["match_index"].value("state", ""), "loading")
      << ready->body;

  std::chrono::milliseconds took{0};
  const int exit_code = sidecar.StopWithin(SIGTERM, std::chrono::seconds(10), &took);
  // The server would not notice the client leaving during SLEEP: end the session itself.
  auto holder = watcher->Query(
      "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'");
  if (holder.ok() && !holder->empty()) {
    testing::RunCommand("mariadb --no-defaults --socket=" + db->socket() + " -u root -e 'KILL " +
                        holder->Text(0, 0) + "'");
  }
  ::kill(locker, SIGTERM);
  std::printf("[ figures  ] SIGTERM during a blocked index load: exit %d in %lld ms\n", exit_code,
              static_cast<long long>(took.count()));
  EXPECT_EQ(exit_code, 0) << sidecar.err();
  EXPECT_LE(took.count(), 2000) << sidecar.err();
}

}  // namespace
}  // namespace klussen
