// cpp-httplib 0.11.4 (Debian's compiled build), hardened as
// reference/reliability.md §3.4 describes.
//
// What it adds to httplib::Server:
//  - its own accept loop: a ConnectionFront (one Boost.Asio thread) holds
//    every connection, enforces the first-byte, head and body deadlines, the
//    head limit and the body memory budget, and hands the workers only
//    requests that have fully arrived; each is parsed by httplib from a
//    GuardedStream (byte budgets, no SIGPIPE) that never waits on the client;
//  - a pre-routing check that refuses, before any body is read:
//    Transfer-Encoding (411), Content-Encoding (415), a body without a valid
//    Content-Length (411/400), Content-Length over the cap (413), more than
//    max_header_count headers (431), CR/LF/NUL inside a decoded header value
//    (400);
//  - a bounded worker queue (BoundedTaskQueue);
//  - generic JSON bodies for every error, never exception text; a request id
//    on every answer (X-Request-Id, generated, never reflected);
//    `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` always;
//  - one access-log line per request.
// Threading: configure (routes, Listen*) from one thread before Run(); Stop()
// may be called from any thread (a signal watcher).
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "http/bounded_task_queue.h"
#include "http/connection_front.h"
#include "http/limits.h"

namespace klussen::http {

struct ServerCounters {
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> responses_2xx{0};
  std::atomic<int64_t> responses_4xx{0};
  std::atomic<int64_t> responses_5xx{0};
  std::atomic<int64_t> rejected_before_routing{0};
  std::atomic<int64_t> handler_exceptions{0};
};

class HardenedServer : public httplib::Server {
 public:
  explicit HardenedServer(HttpLimits limits);
  ~HardenedServer() override;

  // Binds to a TCP address (port 0 = any free port). Returns the bound port.
  Result<int> BindTcp(const std::string& address, int port);
  // Binds to a UNIX socket path (an old socket file there is replaced).
  Status BindUnix(const std::string& path);
  // Serves until Stop(); returns when the listener is closed and every
  // connection in flight has been answered.
  Status Run();
  void Stop();

  const ServerCounters& counters() const { return counters_; }
  // Null before Run() and after it returns.
  const FrontCounters* front_counters() const;
  const HttpLimits& limits() const { return limits_; }

 private:
  // Runs on a worker: one request, then the connection goes back to the front.
  void Serve(FrontRequest request);
  HandlerResponse CheckBeforeRouting(const httplib::Request& req, httplib::Response& res);

  const HttpLimits limits_;
  ServerCounters counters_;
  std::string unix_path_;
  mutable std::mutex front_mutex_;
  bool stop_requested_ = false;
  std::unique_ptr<ConnectionFront> front_;
};

}  // namespace klussen::http
