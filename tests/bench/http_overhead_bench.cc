// What the hardening costs: the same "hello" handler behind the hardened
// server and behind a stock cpp-httplib server, loaded the same way in the
// same run. Prints requests/s, p50/p99 latency for both and the ratio.
//
//   build/sidecar/klussen_bench_http_overhead [seconds=5] [clients=8]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "http/hardened_server.h"
#include "http/responses.h"
#include "store/database.h"

namespace {

struct Figures {
  double requests_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  long errors = 0;
};

void Hello(const httplib::Request&, httplib::Response& res) {
  res.set_content(R"({"hello":"wereld"})", "application/json; charset=utf-8");
}

Figures Load(int port, int seconds, int clients) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<long> errors{0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      while (std::chrono::steady_clock::now() < deadline) {
        auto start = std::chrono::steady_clock::now();
        auto answer = client.Get("/hello");
        auto took =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start);
        if (!answer || answer->status != 200) {
          ++errors;
          continue;
        }
        latencies[static_cast<size_t>(c)].push_back(took.count());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<double> all;
  for (auto& one : latencies) all.insert(all.end(), one.begin(), one.end());
  std::sort(all.begin(), all.end());
  Figures figures;
  figures.errors = errors.load();
  if (!all.empty()) {
    figures.requests_per_second = static_cast<double>(all.size()) / seconds;
    figures.p50_us = all[all.size() / 2];
    figures.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return figures;
}

void Print(const char* name, const Figures& f) {
  std::printf("%-22s %10.0f req/s   p50 %7.1f us   p99 %7.1f us   errors %ld\n", name,
              f.requests_per_second, f.p50_us, f.p99_us, f.errors);
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  int clients = argc > 2 ? std::atoi(argv[2]) : 8;
  klussen::store::InitDriver();

  klussen::http::HttpLimits limits;
  limits.worker_threads = 8;
  limits.keepalive_max_requests = 100000;
  klussen::http::HardenedServer hardened(limits);
  hardened.Get("/hello", Hello);
  int hardened_port = *hardened.BindTcp("127.0.0.1", 0);
  std::thread hardened_thread([&] { (void)hardened.Run(); });

  httplib::Server stock;
  stock.set_keep_alive_max_count(100000);
  stock.set_tcp_nodelay(true);  // as the hardened server does; else both wait on Nagle
  stock.Get("/hello", Hello);
  int stock_port = stock.bind_to_any_port("127.0.0.1");
  std::thread stock_thread([&] { stock.listen_after_bind(); });

  std::printf("GET /hello, %d keep-alive clients, %d s each, same process and machine\n", clients,
              seconds);
  Figures stock_figures = Load(stock_port, seconds, clients);
  Figures hardened_figures = Load(hardened_port, seconds, clients);
  Print("stock cpp-httplib", stock_figures);
  Print("hardened (klussen)", hardened_figures);
  if (stock_figures.requests_per_second > 0) {
    std::printf("ratio hardened/stock throughput: %.2f\n",
                hardened_figures.requests_per_second / stock_figures.requests_per_second);
  }
  hardened.Stop();
  stock.stop();
  hardened_thread.join();
  stock_thread.join();
  return hardened_figures.errors == 0 && stock_figures.errors == 0 ? 0 : 1;
}
