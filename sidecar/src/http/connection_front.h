// The connection front: one Boost.Asio thread holds every open connection and
// hands a worker only a request that has fully arrived.
//
// Why: cpp-httplib 0.11.4 gives each accepted connection a worker thread for
// its whole life, so connections that send nothing (or one byte a second, or
// sit idle between keep-alive requests) occupy the workers and the next
// request waits. Here a waiting connection costs a descriptor, a timer and a
// small buffer; workers only ever run requests whose head and body are in
// memory, and never block reading from a client.
//
// Contract:
//  - Deadlines: the first byte of a request within read_timeout after accept
//    (keepalive_timeout between kept-alive requests; then the connection is
//    closed silently); the whole head within read_timeout from its first
//    byte; the body never idle for longer than read_timeout. A head or body
//    that misses its deadline gets 408.
//  - A head larger than max_header_bytes gets 431 (414 for an over-long
//    request line), with a request id, before a worker sees it.
//  - Before reading a body the front charges it to the process MemoryBudget
//    (an upload its length, a JSON body kJsonExpansion times its length, for
//    what parsing it costs); no room → 503 with Retry-After (413 if it could
//    never fit). "Expect: 100-continue" is answered only once charged.
//  - A body whose length the front cannot tell, or longer than the path's
//    limit, is not read: the worker's pre-routing check refuses the request.
//  - Complete requests wait in the front while the workers' queue is full,
//    served in arrival order; one that waited read_timeout gets 503 with
//    Retry-After. Heads are charged to the budget too, so waiting requests
//    are bounded by it.
//  - At max_connections the longest-idle waiting connection is closed to make
//    room; when none is idle, accepting pauses until one closes.
//  - Stop(): stops accepting, closes connections without a complete request,
//    lets requests at a worker finish (their answer is written), and Run()
//    returns when every connection is closed.
// Threading: Run() on one thread; Stop(), KeepAlive() and Close() from any
// thread (workers hand connections back through them).
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "common/memory_budget.h"
#include "http/bounded_task_queue.h"
#include "http/limits.h"

namespace klussen::http {

class FrontConnection;

// What a worker gets: a connection and the bytes of its next request.
struct FrontRequest {
  std::shared_ptr<FrontConnection> connection;  // give back with KeepAlive/Close
  int fd = -1;                                  // blocking use is fine on a worker
  std::deque<std::string> bytes;                // the head, the body, maybe more
  size_t served_before = 0;                     // requests answered on this connection
  bool continue_sent = false;                   // "100 Continue" already written
  MemoryBudget::Lease lease;                    // the body's charge; release when done
};

struct FrontCounters {
  std::atomic<int64_t> accepted{0};
  std::atomic<int64_t> open{0};
  std::atomic<int64_t> evicted_idle{0};
  std::atomic<int64_t> timed_out{0};
  std::atomic<int64_t> refused_busy{0};       // 503: workers or memory budget full
  std::atomic<int64_t> refused_too_large{0};  // 413/414/431 from the front
};

class ConnectionFront {
 public:
  using Serve = std::function<void(FrontRequest)>;

  // Takes ownership of `listen_fd` (closed when Run() returns).
  ConnectionFront(int listen_fd, const HttpLimits& limits, size_t max_connections,
                  BoundedTaskQueue& workers, MemoryBudget& budget, Serve serve);
  ~ConnectionFront();

  void Run();
  void Stop();
  // From the worker that served `request.connection`'s request.
  void KeepAlive(std::shared_ptr<FrontConnection> connection, int fd,
                 std::deque<std::string> leftover);
  void Close(std::shared_ptr<FrontConnection> connection, int fd);

  const FrontCounters& counters() const { return counters_; }

  // JSON bodies expand in memory when parsed (a DOM node per value).
  static constexpr size_t kJsonExpansion = 16;

 private:
  class Impl;
  FrontCounters counters_;  // before impl_, which counts into it
  std::unique_ptr<Impl> impl_;
};

// Raises this process's soft limit on open descriptors to its hard limit;
// returns the resulting soft limit.
size_t RaiseDescriptorLimit();

}  // namespace klussen::http
