// The real sidecar (its binary, a real MariaDB holding the tiny host model,
// signed requests as the glue sends them) under connection and memory
// pressure, each figure printed next to the same measurement on a quiet
// server in the same run:
//
//  1. 1,000 idle connections and 64 slowloris connections (one header byte
//     every 200 ms, reconnecting when cut off): latency of a signed
//     GET /api/v1/me (target: max 50 ms) and of /healthz (target: 10 ms).
//  2. 10,000 bad signatures, replays and requests for a banned viewer from
//     127.0.0.1 (1,000 a second) while the glue's correctly signed requests run: how many of
//     the glue's requests were refused (target 0), their p99 against quiet
//     (target: within 2x).
//  3. Peak memory (VmHWM of the sidecar) raised by a 200,000-deep JSON body
//     (must answer 400), 20 MB nested arrays on an upload route, 1 MiB JSON
//     arrays on import/save, one at a time and 8 at once (target: 64 MB).
//
//   klussen_bench_connection_pressure [idle=1000] [slowloris=64] [flood per second=1000]
// KLUSSEN_TEST_MYSQL_SOCKET names a running private MariaDB (scripts/bench.sh
// starts one).
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "auth/signed_context.h"
#include "store/database.h"
#include "support/raw_http.h"
#include "support/serve.h"

namespace {

using Clock = std::chrono::steady_clock;
using klussen::testing::Answer;
using klussen::testing::SignedClient;

constexpr int64_t kMember = 2;  // tiny.json: an active member
constexpr int64_t kBanned = 4;  // tiny.json: banned

struct Latency {
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  int refused = 0;
};

Latency Summarize(std::vector<double> samples, int refused) {
  Latency latency;
  latency.refused = refused;
  if (samples.empty()) return latency;
  std::sort(samples.begin(), samples.end());
  latency.p50_ms = samples[samples.size() / 2];
  latency.p99_ms = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
  latency.max_ms = samples.back();
  return latency;
}

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Latency SignedRequests(SignedClient& client, int count) {
  std::vector<double> samples;
  int refused = 0;
  for (int i = 0; i < count; ++i) {
    auto start = Clock::now();
    Answer answer = client.Get("/api/v1/me", kMember);
    samples.push_back(MillisecondsSince(start));
    if (answer.status != 200) ++refused;
  }
  return Summarize(samples, refused);
}

Latency HealthRequests(int port, int count) {
  std::vector<double> samples;
  int refused = 0;
  for (int i = 0; i < count; ++i) {
    auto start = Clock::now();
    std::string answer = klussen::testing::RawExchange(
        port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    samples.push_back(MillisecondsSince(start));
    if (klussen::testing::StatusOf(answer) != 200) ++refused;
  }
  return Summarize(samples, refused);
}

void PrintRow(const char* what, const Latency& quiet, const Latency& loaded, double target_ms) {
  std::printf(
      "%-34s quiet p50 %6.2f p99 %6.2f max %6.2f ms | loaded p50 %6.2f p99 %6.2f max %7.2f ms"
      " | refused %d | max/target %.2f (%s)\n",
      what, quiet.p50_ms, quiet.p99_ms, quiet.max_ms, loaded.p50_ms, loaded.p99_ms, loaded.max_ms,
      loaded.refused, loaded.max_ms / target_ms,
      loaded.max_ms <= target_ms && loaded.refused == 0 ? "ok" : "MISSED");
}

long PeakKilobytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

// Connections that send a header byte every 200 ms and reconnect when cut off.
class Slowloris {
 public:
  Slowloris(int port, int connections) {
    for (int i = 0; i < connections; ++i) {
      threads_.emplace_back([this, port] {
        while (!stop_) {
          int fd = klussen::testing::ConnectLoopback(port);
          std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
          bool alive = ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) > 0;
          while (alive && !stop_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            alive = ::send(fd, "a", 1, MSG_NOSIGNAL) > 0;
            pollfd entry{fd, POLLIN, 0};
            if (::poll(&entry, 1, 0) > 0) alive = false;  // answered (408) or closed
          }
          ::close(fd);
          ++cut_off_;
        }
      });
    }
  }
  ~Slowloris() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
  }
  int cut_off() const { return cut_off_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> cut_off_{0};
  std::vector<std::thread> threads_;
};

// One correctly signed request, sent over and over: a replay after the first.
std::string SignedMe() {
  const std::string now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
  klussen::auth::SignedFields fields{"k1", now, "bench-replayed-nonce-0001", "2", "nl", "1"};
  const std::string signature = klussen::auth::SignedContextVerifier::Sign(
      {"k1", klussen::testing::kTestSecret}, "GET", "/api/v1/me", fields, "");
  return "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Klussen-Key-Id: k1"
         "\r\nX-Klussen-Timestamp: " +
         now + "\r\nX-Klussen-Nonce: " + fields.nonce +
         "\r\nX-Klussen-Viewer: 2\r\nX-Klussen-Language: nl\r\nX-Klussen-Site: 1"
         "\r\nX-Klussen-Signature: " +
         signature + "\r\n\r\n";
}

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

int main_impl(int idle_count, int slowloris_count, double flood_rate) {
  auto served = klussen::testing::ServeModel("tests/fixtures/models/tiny.json", "elgg3");
  const int port = served.sidecar->ListeningPort();
  const pid_t pid = served.sidecar->pid();
  SignedClient& client = *served.client;
  constexpr int kSamples = 300;
  SignedRequests(client, 50);  // warm up

  std::printf("== 1. idle and slowloris connections (real sidecar, signed requests)\n");
  Latency quiet_signed = SignedRequests(client, kSamples);
  Latency quiet_health = HealthRequests(port, kSamples);
  std::vector<int> idle;
  for (int i = 0; i < idle_count; ++i) idle.push_back(klussen::testing::ConnectLoopback(port));
  Latency loaded_signed, loaded_health;
  int cut_off = 0;
  {
    Slowloris slowloris(port, slowloris_count);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    loaded_signed = SignedRequests(client, kSamples);
    loaded_health = HealthRequests(port, kSamples);
    cut_off = slowloris.cut_off();
  }
  for (int fd : idle) ::close(fd);
  std::printf("%d idle connections, %d slowloris connections (%d cut off at the head deadline)\n",
              idle_count, slowloris_count, cut_off);
  PrintRow("signed GET /api/v1/me (50 ms)", quiet_signed, loaded_signed, 50);
  PrintRow("GET /healthz (10 ms)", quiet_health, loaded_health, 10);

  std::printf(
      "\n== 2. 10,000 bad-signature, replayed and banned-viewer requests beside the glue\n");
  const std::string replayed = SignedMe();
  std::atomic<bool> flooding{true};
  std::atomic<int> flood_sent{0};
  std::vector<std::thread> flood;
  SignedClient forger(port, "another-secret-0123456789abcdef0123456789");
  // Paced (flood_rate per second in all) so the figure shows what the
  // refusals cost the glue, not how three busy client threads share two cores.
  const auto flood_start = Clock::now();
  for (int t = 0; t < 3; ++t) {
    flood.emplace_back([&, t] {
      SignedClient banned_client(port, klussen::testing::kTestSecret);
      while (flooding && flood_sent < 10000) {
        const auto due = flood_start + std::chrono::microseconds(
                                           static_cast<int64_t>(flood_sent * 1e6 / flood_rate));
        std::this_thread::sleep_until(due);
        if (t == 0) forger.Get("/api/v1/me", kMember);              // bad signature
        if (t == 1) banned_client.Get("/api/v1/me", kBanned);       // inactive viewer
        if (t == 2) klussen::testing::RawExchange(port, replayed);  // accepted once
        ++flood_sent;
      }
    });
  }
  // The glue keeps asking until the whole flood has been sent.
  std::vector<double> glue_samples;
  int glue_refused = 0;
  while (flood_sent < 10000) {
    auto start = Clock::now();
    if (client.Get("/api/v1/me", kMember).status != 200) ++glue_refused;
    glue_samples.push_back(MillisecondsSince(start));
  }
  const int glue_sent = static_cast<int>(glue_samples.size());
  Latency flooded = Summarize(std::move(glue_samples), glue_refused);
  flooding = false;
  for (auto& thread : flood) thread.join();
  std::printf("flood requests sent: %d in %.1f s\n", flood_sent.load(),
              MillisecondsSince(flood_start) / 1000);
  std::printf(
      "glue requests: %d refused of %d; p99 %.2f ms vs quiet %.2f ms: ratio %.2f (%s)\n",
      flooded.refused, glue_sent, flooded.p99_ms, quiet_signed.p99_ms,
      flooded.p99_ms / std::max(0.01, quiet_signed.p99_ms),
      flooded.refused == 0 && flooded.p99_ms <= 2 * quiet_signed.p99_ms + 1 ? "ok" : "MISSED");

  std::printf("\n== 3. peak memory (VmHWM of the sidecar)\n");
  auto measure = [&](const char* what, int parallel, const std::string& target,
                     const std::string& body) {
    long before = PeakKilobytes(pid);
    std::vector<std::thread> senders;
    std::vector<int> statuses(static_cast<size_t>(parallel));
    for (int i = 0; i < parallel; ++i) {
      senders.emplace_back([&, i] {
        SignedClient own(port, klussen::testing::kTestSecret);
        statuses[static_cast<size_t>(i)] = own.Send("POST", target, kMember, body).status;
      });
    }
    for (auto& sender : senders) sender.join();
    long after = PeakKilobytes(pid);
    std::string answers;
    for (int status : statuses) answers += std::to_string(status) + " ";
    const double raised_mb = (after - before) / 1024.0;
    std::printf("%-44s x%d: peak %6.1f -> %6.1f MB (+%5.1f MB, target 64: %s) answers %s\n", what,
                parallel, before / 1024.0, after / 1024.0, raised_mb,
                raised_mb <= 64 ? "ok" : "MISSED", answers.c_str());
    return statuses;
  };
  auto deep = measure("200,000-deep body on import/save", 1, "/api/v1/portfolio/import/save",
                      Nested(200000));
  std::printf("the deep body answered %d (%s) and the process %s\n", deep[0],
              deep[0] == 400 ? "ok" : "MISSED", ::kill(pid, 0) == 0 ? "lives" : "DIED");
  const std::string twenty_mb_nested = Nested(10u << 20);
  std::string zeros = "[";
  while (zeros.size() < (1u << 20) - 4) zeros += "0,";
  zeros += "0]";
  measure("20 MB nested arrays on open-badges upload", 1, "/api/v1/portfolio/import/open-badges",
          twenty_mb_nested);
  measure("20 MB nested arrays on open-badges upload", 8, "/api/v1/portfolio/import/open-badges",
          twenty_mb_nested);
  measure("1 MiB of 0, values on import/save", 1, "/api/v1/portfolio/import/save", zeros);
  measure("1 MiB of 0, values on import/save", 8, "/api/v1/portfolio/import/save", zeros);
  measure("20 MB nested arrays on linkedin upload", 8, "/api/v1/portfolio/import/linkedin",
          twenty_mb_nested);
  std::printf("sidecar peak memory at the end: %.1f MB\n", PeakKilobytes(pid) / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int idle = argc > 1 ? std::atoi(argv[1]) : 1000;
  int slowloris = argc > 2 ? std::atoi(argv[2]) : 64;
  double flood_rate = argc > 3 ? std::atof(argv[3]) : 1000;
  klussen::store::InitDriver();
  try {
    return main_impl(idle, slowloris, std::max(1.0, flood_rate));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "benchmark failed: %s\n", error.what());
    return 1;
  }
}
