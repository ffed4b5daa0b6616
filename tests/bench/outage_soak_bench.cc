// The real sidecar under a long write load while its MariaDB restarts twice:
// 64 clients (by default) add and delete portfolio entries for six members
// through the signed API for 10 minutes; MariaDB is stopped for 5 s at one
// third and at two thirds of the run. At the end every acknowledged write is
// checked in the database: an entry whose creation was acknowledged (201) and
// whose deletion was not must be there; one whose deletion was acknowledged
// must be gone. Writes whose answer never came are not counted either way.
// Memory: the sidecar's resident size is sampled every 5 s; the last minute is
// compared with the first minute after warm-up.
//
//   klussen_bench_outage_soak [seconds=600] [clients=64]
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "support/private_mariadb.h"
#include "support/process.h"
#include "support/signed_client.h"
#include "support/test_db.h"

namespace {

using Clock = std::chrono::steady_clock;
using klussen::testing::SignedClient;

// tiny.json: the active members.
constexpr int64_t kMembers[] = {2, 3, 5, 6, 7, 8};
// Entries one client keeps at most (a portfolio holds at most 300).
constexpr size_t kLivePerClient = 12;

long ResidentKilobytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

struct ClientTally {
  std::set<int64_t> live;     // creation acknowledged, no acknowledged deletion
  std::set<int64_t> deleted;  // deletion acknowledged
  std::set<int64_t> unsure;   // a deletion was tried and not acknowledged: may have happened
  long created = 0, deletes = 0, refused = 0, unanswered = 0;
};

int Run(int seconds, int clients) {
  klussen::testing::PrivateMariaDb database;
  database.RunSql("", "CREATE DATABASE elgg CHARACTER SET utf8mb4");
  klussen::testing::RunCommand(
      "python3 " + klussen::testing::SourcePath("tests/fixtures/elgg_fixture.py") +
      " emit --generation elgg3 " +
      klussen::testing::SourcePath("tests/fixtures/models/tiny.json") +
      " | mariadb --no-defaults --socket=" + database.socket() + " -u root elgg");
  const klussen::testing::Environment environment = {
      {"KLUSSEN_DB_SOCKET", database.socket()},
      {"KLUSSEN_DB_NAME", "elgg"},
      {"KLUSSEN_DB_USER", "root"},
      {"KLUSSEN_LISTEN_PORT", "0"},
      {"KLUSSEN_DB_RETRY_AFTER_MS", "500"},
      {"KLUSSEN_LOG_LEVEL", "error"},
      {"KLUSSEN_AUTH_SECRET", klussen::testing::kTestSecret}};
  auto migrate = klussen::testing::RunSidecar({"migrate"}, environment);
  if (migrate.exit_code != 0) {
    std::fprintf(stderr, "migrate failed: %s\n", migrate.err.c_str());
    return 1;
  }
  klussen::testing::SidecarProcess sidecar({"serve"}, environment);
  if (!sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) {
    std::fprintf(stderr, "the sidecar did not start: %s\n", sidecar.err().c_str());
    return 1;
  }
  const int port = sidecar.ListeningPort();
  const pid_t pid = sidecar.pid();

  std::atomic<bool> running{true};
  std::vector<ClientTally> tallies(static_cast<size_t>(clients));
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      SignedClient client(port, klussen::testing::kTestSecret);
      ClientTally& tally = tallies[static_cast<size_t>(c)];
      const int64_t member = kMembers[static_cast<size_t>(c) % std::size(kMembers)];
      long sequence = 0;
      while (running) {
        if (tally.live.size() < kLivePerClient) {
          const std::string title = "soak " + std::to_string(c) + "-" + std::to_string(++sequence);
          auto answer = client.Post("/api/v1/portfolio/entries", member,
                                    {{"kind", "course"}, {"title", title}, {"visibility", "site"}});
          if (answer.status == 201 && answer.json.is_object()) {
            tally.live.insert(answer.json.value("id", int64_t{0}));
            ++tally.created;
          } else if (answer.status == 0) {
            ++tally.unanswered;
          } else {
            ++tally.refused;
          }
        } else {
          const int64_t id = *tally.live.begin();
          auto answer =
              client.Send("DELETE", "/api/v1/portfolio/entries/" + std::to_string(id), member);
          if (answer.status == 200) {
            tally.live.erase(id);
            tally.deleted.insert(id);
            ++tally.deletes;
          } else if (answer.status == 404 && tally.unsure.count(id)) {
            tally.live.erase(id);  // an earlier unanswered attempt did it
          } else if (answer.status == 0) {
            tally.unsure.insert(id);
            ++tally.unanswered;
          } else {
            tally.unsure.insert(id);
            ++tally.refused;
          }
        }
        if (!running) break;
        // Refused while the database is away: back off like a client would.
        if (tally.refused > 0 && tally.refused % 4 == 0) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    });
  }

  std::vector<std::pair<double, long>> memory;  // (seconds, kB)
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  bool first_restart = false, second_restart = false;
  while (elapsed() < seconds) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double now = elapsed();
    if (static_cast<long>(now) % 5 == 0) memory.emplace_back(now, ResidentKilobytes(pid));
    if ((!first_restart && now >= seconds / 3.0) || (!second_restart && now >= 2 * seconds / 3.0)) {
      (first_restart ? second_restart : first_restart) = true;
      std::printf("%6.1f s: stopping MariaDB for 5 s\n", now);
      std::fflush(stdout);
      database.Stop();
      std::this_thread::sleep_for(std::chrono::seconds(5));
      database.Start();
      std::printf("%6.1f s: MariaDB is back\n", elapsed());
      std::fflush(stdout);
    }
  }
  running = false;
  for (auto& thread : threads) thread.join();

  // Check every acknowledged write against the database.
  std::set<int64_t> expected_live, expected_gone, unsure;
  long created = 0, deletes = 0, refused = 0, unanswered = 0;
  for (const ClientTally& tally : tallies) {
    expected_live.insert(tally.live.begin(), tally.live.end());
    expected_gone.insert(tally.deleted.begin(), tally.deleted.end());
    unsure.insert(tally.unsure.begin(), tally.unsure.end());
    created += tally.created;
    deletes += tally.deletes;
    refused += tally.refused;
    unanswered += tally.unanswered;
  }
  klussen::store::ConnectionSettings settings;
  settings.socket = database.socket();
  settings.user = "root";
  settings.database = "elgg";
  auto connection = klussen::store::Connection::Open(settings);
  if (!connection.ok()) {
    std::fprintf(stderr, "cannot check the database: %s\n", connection.status().ToString().c_str());
    return 1;
  }
  std::set<int64_t> present;
  auto rows = (*connection)->Query("SELECT id FROM klussen_portfolio_entry", {}, 10000000);
  if (!rows.ok()) {
    std::fprintf(stderr, "cannot read entries: %s\n", rows.status().ToString().c_str());
    return 1;
  }
  for (size_t row = 0; row < rows->size(); ++row) present.insert(rows->Int(row, 0));
  long lost = 0, resurrected = 0;
  long settled_unsure = 0;
  for (int64_t id : expected_live) {
    if (present.count(id)) continue;
    if (unsure.count(id)) {
      ++settled_unsure;  // a refused or unanswered deletion did happen
      continue;
    }
    ++lost;
    std::printf("created (acknowledged) but missing: entry %lld\n", static_cast<long long>(id));
  }
  long reused = 0;
  for (int64_t id : expected_gone) {
    if (!present.count(id)) continue;
    // Created again under the same id (acknowledged): not a lost delete.
    if (expected_live.count(id)) {
      ++reused;
      continue;
    }
    ++resurrected;
    std::printf("deleted (acknowledged) but present: entry %lld\n", static_cast<long long>(id));
  }
  if (reused > 0) std::printf("ids deleted and later created again: %ld\n", reused);
  // Rows nobody was told about: creations answered with an error that happened.
  long unacknowledged_rows = 0;
  for (int64_t id : present) {
    if (!expected_live.count(id) && !expected_gone.count(id)) ++unacknowledged_rows;
  }

  std::printf("\n%d s, %d clients, MariaDB restarted twice (5 s down each)\n", seconds, clients);
  std::printf("acknowledged: %ld creates, %ld deletes; refused (503 etc.): %ld; unanswered: %ld\n",
              created, deletes, refused, unanswered);
  std::printf("acknowledged creates missing: %ld, acknowledged deletes undone: %ld (%s)\n", lost,
              resurrected, lost == 0 && resurrected == 0 ? "ok" : "LOST WRITES");
  std::printf("writes answered with an error that did happen: %ld deletions, %ld creations\n",
              settled_unsure, unacknowledged_rows);
  auto average = [&](double from, double to) {
    double sum = 0;
    int count = 0;
    for (auto& [at, kb] : memory) {
      if (at >= from && at < to) {
        sum += static_cast<double>(kb);
        ++count;
      }
    }
    return count ? sum / count / 1024.0 : 0.0;
  };
  const double early = average(30, 90), late = average(seconds - 60.0, seconds + 1.0);
  std::printf("resident memory: %.1f MB (30-90 s) -> %.1f MB (last minute): ratio %.2f (%s)\n",
              early, late, early > 0 ? late / early : 0.0,
              late <= early * 1.15 + 8 ? "flat" : "GROWING");
  std::printf("sidecar still running: %s\n", sidecar.running() ? "yes" : "NO");
  return lost == 0 && resurrected == 0 && sidecar.running() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 600;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 64;
  klussen::store::InitDriver();
  try {
    return Run(std::max(seconds, 30), clients);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "benchmark failed: %s\n", error.what());
    return 1;
  }
}
