#include "http/connection_front.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>
#include <list>
#include <optional>
#include <unordered_map>

#include "common/log.h"
#include "http/request_head.h"
#include "http/responses.h"

namespace klussen::http {

namespace asio = boost::asio;

namespace {

constexpr size_t kBodyChunkBytes = 256 * 1024;
// A closing connection may still send this much (our answer must reach the
// client instead of a reset), for at most this long.
constexpr size_t kLingerBytes = 1 << 20;
constexpr std::chrono::milliseconds kLingerTime{500};
// When the process is out of descriptors, accepting waits this long.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

// Client connections live at descriptors >= FD_SETSIZE when the limit allows,
// so the descriptors below it stay free for code that still waits with
// select() (cpp-httplib's client, used for JWKS) and would overflow its
// fd_set on a higher number. Returns the descriptor to use.
int MoveAboveSelectLimit(int fd) {
  if (fd >= FD_SETSIZE) return fd;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, FD_SETSIZE);
  if (moved < 0) return fd;  // limit too low: every descriptor is below FD_SETSIZE anyway
  ::close(fd);
  int flags = ::fcntl(moved, F_GETFL);
  ::fcntl(moved, F_SETFL, flags | O_NONBLOCK);
  return moved;
}

}  // namespace

class FrontConnection {
 public:
  enum class State { kWaiting, kHead, kBody, kQueued, kAtWorker, kLingering, kClosed };

  FrontConnection(asio::io_context& io, int fd) : socket(io, fd), timer(io) {}

  asio::posix::stream_descriptor socket;
  asio::steady_timer timer;
  uint64_t timer_generation = 0;
  State state = State::kWaiting;
  std::string head;                     // the head and whatever arrived with it
  size_t body_missing = 0;              // body bytes not yet received
  std::deque<std::string> body_chunks;  // received body, after `head`
  std::string chunk;                    // the body chunk being filled
  size_t chunk_filled = 0;
  size_t served = 0;
  bool continue_sent = false;
  MemoryBudget::Lease lease;
  std::list<FrontConnection*>::iterator idle_position;
  bool idle_listed = false;
  size_t lingered = 0;
};

class ConnectionFront::Impl {
 public:
  Impl(int listen_fd, const HttpLimits& limits, size_t max_connections, BoundedTaskQueue& workers,
       MemoryBudget& budget, Serve serve, FrontCounters& counters)
      : listener_(io_, listen_fd),
        accept_backoff_(io_),
        limits_(limits),
        max_connections_(std::max<size_t>(1, max_connections)),
        workers_(workers),
        budget_(budget),
        serve_(std::move(serve)),
        counters_(counters) {
    boost::system::error_code ignored;
    listener_.non_blocking(true, ignored);
  }

  void Run() {
    work_guard_.emplace(asio::make_work_guard(io_));
    StartAccept();
    io_.run();
  }

  void Stop() {
    asio::post(io_, [this] { DoStop(); });
  }

  void Return(std::shared_ptr<FrontConnection> connection, int fd, std::deque<std::string> leftover,
              bool keep) {
    asio::post(io_, [this, connection = std::move(connection), fd, leftover = std::move(leftover),
                     keep]() mutable { OnReturned(connection, fd, std::move(leftover), keep); });
  }

 private:
  using Connection = std::shared_ptr<FrontConnection>;
  using State = FrontConnection::State;

  // --- accepting ---

  void StartAccept() {
    if (stopping_ || accept_paused_ || accept_waiting_) return;
    accept_waiting_ = true;
    listener_.async_wait(asio::posix::stream_descriptor::wait_read,
                         [this](const boost::system::error_code& error) {
                           accept_waiting_ = false;
                           if (error || stopping_) return;
                           AcceptReady();
                         });
  }

  void AcceptReady() {
    while (!stopping_) {
      if (open_.size() >= max_connections_ && !EvictLongestIdle()) {
        accept_paused_ = true;  // resumed when a connection closes
        return;
      }
      int fd = ::accept4(listener_.native_handle(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        // Out of descriptors or memory: the backlog keeps the clients
        // waiting while connections close.
        log::Warn("accept failed; retrying shortly", {{"errno", std::to_string(errno)}});
        accept_paused_ = true;
        accept_backoff_.expires_after(kAcceptBackoff);
        accept_backoff_.async_wait([this](const boost::system::error_code& error) {
          accept_paused_ = false;
          if (!error) StartAccept();
        });
        return;
      }
      fd = MoveAboveSelectLimit(fd);
      int yes = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));  // fails on UNIX sockets
      auto connection = std::make_shared<FrontConnection>(io_, fd);
      open_.emplace(connection.get(), connection);
      ++counters_.accepted;
      ++counters_.open;
      BeginWaiting(connection, limits_.read_timeout);
    }
    StartAccept();
  }

  bool EvictLongestIdle() {
    if (idle_.empty()) return false;
    auto found = open_.find(idle_.front());
    ++counters_.evicted_idle;
    CloseNow(found->second);
    return true;
  }

  // --- per connection ---

  void BeginWaiting(const Connection& connection, std::chrono::milliseconds timeout) {
    connection->state = State::kWaiting;
    connection->idle_position = idle_.insert(idle_.end(), connection.get());
    connection->idle_listed = true;
    ArmTimer(connection, timeout);
    WaitReadable(connection);
  }

  void Unidle(const Connection& connection) {
    if (!connection->idle_listed) return;
    idle_.erase(connection->idle_position);
    connection->idle_listed = false;
  }

  void WaitReadable(const Connection& connection) {
    connection->socket.async_wait(asio::posix::stream_descriptor::wait_read,
                                  [this, connection](const boost::system::error_code& error) {
                                    if (error || connection->state == State::kClosed) return;
                                    OnReadable(connection);
                                  });
  }

  void ArmTimer(const Connection& connection, std::chrono::milliseconds timeout) {
    const uint64_t generation = ++connection->timer_generation;
    connection->timer.expires_after(timeout);
    connection->timer.async_wait(
        [this, connection, generation](const boost::system::error_code& error) {
          if (error || connection->timer_generation != generation ||
              connection->state == State::kClosed) {
            return;
          }
          OnDeadline(connection);
        });
  }

  void DisarmTimer(const Connection& connection) {
    ++connection->timer_generation;
    connection->timer.cancel();
  }

  void OnReadable(const Connection& connection) {
    switch (connection->state) {
      case State::kWaiting:
      case State::kHead:
        ReadHead(connection);
        return;
      case State::kBody:
        ReadBody(connection);
        return;
      case State::kLingering:
        Drain(connection);
        return;
      case State::kQueued:
      case State::kAtWorker:
      case State::kClosed:
        return;
    }
  }

  void OnDeadline(const Connection& connection) {
    switch (connection->state) {
      case State::kWaiting:  // idle: nothing was asked, nothing to answer
      case State::kLingering:
        CloseNow(connection);
        return;
      case State::kHead:
      case State::kBody:
        ++counters_.timed_out;
        Refuse(connection, 408, "Request Timeout", "request_timeout",
               "the request was not completed in time");
        return;
      case State::kQueued:  // DispatchPending skips it from now on
        ++counters_.refused_busy;
        Refuse(connection, 503, "Service Unavailable", "unavailable",
               "the sidecar is busy; try again shortly", 1);
        return;
      case State::kAtWorker:
      case State::kClosed:
        return;
    }
  }

  void ReadHead(const Connection& connection) {
    char buffer[16384];
    while (true) {
      ssize_t n = ::recv(connection->socket.native_handle(), buffer, sizeof(buffer), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        WaitReadable(connection);
        return;
      }
      if (n <= 0) {
        CloseNow(connection);
        return;
      }
      if (connection->state == State::kWaiting) {
        Unidle(connection);
        connection->state = State::kHead;
        ArmTimer(connection, limits_.read_timeout);  // the whole head, not per byte
      }
      const bool new_line = std::memchr(buffer, '\n', static_cast<size_t>(n)) != nullptr;
      connection->head.append(buffer, static_cast<size_t>(n));
      // A head is only complete (or refusable for a long line) once a line
      // ends; until then only its size can be over.
      if (!new_line && connection->head.size() <= kMaxHeadLineBytes &&
          connection->head.size() <= limits_.max_header_bytes) {
        continue;
      }
      if (OnHeadBytes(connection)) return;
    }
  }

  // Returns true when the connection has moved on (body, worker, refusal).
  bool OnHeadBytes(const Connection& connection) {
    RequestHead head = ScanRequestHead(connection->head, limits_.max_header_bytes);
    switch (head.state) {
      case RequestHead::State::kIncomplete:
        return false;
      case RequestHead::State::kUriTooLong:
        ++counters_.refused_too_large;
        Refuse(connection, 414, "URI Too Long", "uri_too_long", "request URI is too long");
        return true;
      case RequestHead::State::kTooLarge:
      case RequestHead::State::kLineTooLong:
        ++counters_.refused_too_large;
        Refuse(connection, 431, "Request Header Fields Too Large", "header_too_large",
               "request line and headers are larger than the sidecar accepts");
        return true;
      case RequestHead::State::kComplete:
        break;
    }
    const size_t limit = limits_.BodyLimitFor(head.path);
    // A length the front cannot trust or that is over the limit: the body is
    // not read; the worker's pre-routing check answers.
    const size_t body = head.has_body_length && head.body_length <= limit ? head.body_length : 0;
    // The head is charged too: complete requests may wait here for a worker.
    size_t charge = connection->head.size();
    if (body > 0) {
      charge += limits_.IsUploadPath(head.path) ? body : body * ConnectionFront::kJsonExpansion;
    }
    {
      MemoryBudget::Refusal refusal = MemoryBudget::Refusal::kNone;
      connection->lease = budget_.TryReserve(charge, &refusal);
      if (refusal == MemoryBudget::Refusal::kTooLarge) {
        ++counters_.refused_too_large;
        Refuse(connection, 413, "Payload Too Large", "payload_too_large",
               "request body is larger than the sidecar can take");
        return true;
      }
      if (refusal == MemoryBudget::Refusal::kBusy) {
        ++counters_.refused_busy;
        Refuse(connection, 503, "Service Unavailable", "unavailable",
               "the sidecar is busy with other large requests; try again shortly", 2);
        return true;
      }
      if (body > 0 && head.expect_continue) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        ::send(connection->socket.native_handle(), kContinue, sizeof(kContinue) - 1,
               MSG_NOSIGNAL | MSG_DONTWAIT);
        connection->continue_sent = true;
      }
    }
    const size_t received = connection->head.size() - head.head_bytes;
    if (received >= body) {
      Dispatch(connection);
      return true;
    }
    connection->body_missing = body - received;
    connection->state = State::kBody;
    ArmTimer(connection, limits_.read_timeout);
    ReadBody(connection);
    return true;
  }

  void ReadBody(const Connection& connection) {
    bool progressed = false;
    while (connection->body_missing > 0) {
      if (connection->chunk_filled == connection->chunk.size()) {
        if (!connection->chunk.empty()) {
          connection->body_chunks.push_back(std::move(connection->chunk));
        }
        connection->chunk = std::string(std::min(connection->body_missing, kBodyChunkBytes), '\0');
        connection->chunk_filled = 0;
      }
      const size_t wanted =
          std::min(connection->body_missing, connection->chunk.size() - connection->chunk_filled);
      ssize_t n = ::recv(connection->socket.native_handle(),
                         connection->chunk.data() + connection->chunk_filled, wanted, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        // The body may pause, but never for longer than read_timeout.
        if (progressed) ArmTimer(connection, limits_.read_timeout);
        WaitReadable(connection);
        return;
      }
      if (n <= 0) {
        CloseNow(connection);
        return;
      }
      progressed = true;
      connection->chunk_filled += static_cast<size_t>(n);
      connection->body_missing -= static_cast<size_t>(n);
    }
    connection->chunk.resize(connection->chunk_filled);
    if (!connection->chunk.empty()) connection->body_chunks.push_back(std::move(connection->chunk));
    connection->chunk.clear();
    connection->chunk_filled = 0;
    Dispatch(connection);
  }

  // A complete request waits here until the workers' queue has room (at most
  // read_timeout; then 503), so a burst is served in order instead of refused.
  void Dispatch(const Connection& connection) {
    connection->state = State::kQueued;
    ArmTimer(connection, limits_.read_timeout);
    pending_.push_back(connection);
    DispatchPending();
  }

  void DispatchPending() {
    while (!pending_.empty()) {
      Connection connection = pending_.front();
      if (connection->state != State::kQueued) {  // refused or closed meanwhile
        pending_.pop_front();
        continue;
      }
      if (!workers_.HasRoom()) return;  // a returning connection calls again
      pending_.pop_front();
      DisarmTimer(connection);
      auto request = std::make_shared<FrontRequest>();
      request->connection = connection;
      request->bytes.push_back(std::move(connection->head));
      for (auto& chunk : connection->body_chunks) request->bytes.push_back(std::move(chunk));
      connection->head.clear();
      connection->body_chunks.clear();
      request->served_before = connection->served;
      request->continue_sent = std::exchange(connection->continue_sent, false);
      request->lease = std::move(connection->lease);
      connection->state = State::kAtWorker;
      request->fd = connection->socket.release();
      std::function<void()> task = [this, request] { serve_(std::move(*request)); };
      if (!workers_.TryEnqueue(task)) {  // only while the workers shut down
        connection->socket.assign(request->fd);
        ++counters_.refused_busy;
        Refuse(connection, 503, "Service Unavailable", "unavailable",
               "the sidecar is stopping; try again shortly", 1);
      }
    }
  }

  void OnReturned(const Connection& connection, int fd, std::deque<std::string> leftover,
                  bool keep) {
    connection->socket.assign(fd);
    ++connection->served;
    DispatchPending();  // a worker is free
    if (!keep || stopping_) {
      StartLinger(connection);
      return;
    }
    connection->head.clear();
    for (auto& part : leftover) connection->head += part;
    if (connection->head.empty()) {
      BeginWaiting(connection, limits_.keepalive_timeout);
      return;
    }
    // A pipelined request arrived with the previous one.
    connection->state = State::kHead;
    ArmTimer(connection, limits_.read_timeout);
    if (!OnHeadBytes(connection)) WaitReadable(connection);
  }

  // Answers from the front itself; the connection is closed after it.
  void Refuse(const Connection& connection, int status, std::string_view reason,
              std::string_view code, std::string_view message, int retry_after_seconds = 0) {
    const std::string answer = RawErrorAnswer(status, reason, code, message, retry_after_seconds);
    // A fresh socket buffer always holds an answer this small.
    ::send(connection->socket.native_handle(), answer.data(), answer.size(),
           MSG_NOSIGNAL | MSG_DONTWAIT);
    connection->lease.Release();
    log::Debug("refused by the connection front", {{"status", std::to_string(status)}});
    StartLinger(connection);
  }

  void StartLinger(const Connection& connection) {
    Unidle(connection);
    connection->lease.Release();
    connection->head.clear();
    connection->body_chunks.clear();
    connection->chunk.clear();
    ::shutdown(connection->socket.native_handle(), SHUT_WR);
    connection->state = State::kLingering;
    connection->lingered = 0;
    ArmTimer(connection, kLingerTime);
    Drain(connection);
  }

  void Drain(const Connection& connection) {
    char scratch[16384];
    while (connection->lingered < kLingerBytes) {
      ssize_t n = ::recv(connection->socket.native_handle(), scratch, sizeof(scratch), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        WaitReadable(connection);
        return;
      }
      if (n <= 0) break;
      connection->lingered += static_cast<size_t>(n);
    }
    CloseNow(connection);
  }

  void CloseNow(Connection connection) {  // by value: may drop the last owner
    if (connection->state == State::kClosed) return;
    Unidle(connection);
    connection->state = State::kClosed;
    DisarmTimer(connection);
    boost::system::error_code ignored;
    connection->socket.close(ignored);
    connection->lease.Release();
    open_.erase(connection.get());
    --counters_.open;
    if (accept_paused_ && !stopping_ && !accept_backoff_pending()) {
      accept_paused_ = false;
      StartAccept();
    }
    MaybeFinish();
  }

  bool accept_backoff_pending() const {
    return accept_backoff_.expiry() > asio::steady_timer::clock_type::now();
  }

  void DoStop() {
    if (stopping_) return;
    stopping_ = true;
    boost::system::error_code ignored;
    listener_.close(ignored);
    accept_backoff_.cancel();
    std::vector<Connection> waiting;
    for (auto& [pointer, connection] : open_) {
      if (connection->state == State::kWaiting || connection->state == State::kHead ||
          connection->state == State::kBody) {
        waiting.push_back(connection);
      }
    }
    // Nobody has a complete request on these; queued requests and those at a
    // worker are still answered.
    for (auto& connection : waiting) CloseNow(connection);
    MaybeFinish();
  }

  void MaybeFinish() {
    if (stopping_ && open_.empty() && work_guard_) work_guard_.reset();
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_guard_;
  asio::posix::stream_descriptor listener_;
  asio::steady_timer accept_backoff_;
  const HttpLimits& limits_;
  const size_t max_connections_;
  BoundedTaskQueue& workers_;
  MemoryBudget& budget_;
  Serve serve_;
  FrontCounters& counters_;
  std::unordered_map<FrontConnection*, Connection> open_;
  std::list<FrontConnection*> idle_;  // waiting connections, longest idle first
  std::deque<Connection> pending_;    // complete requests waiting for the workers' queue
  bool stopping_ = false;
  bool accept_paused_ = false;
  bool accept_waiting_ = false;
};

ConnectionFront::ConnectionFront(int listen_fd, const HttpLimits& limits, size_t max_connections,
                                 BoundedTaskQueue& workers, MemoryBudget& budget, Serve serve)
    : impl_(std::make_unique<Impl>(listen_fd, limits, max_connections, workers, budget,
                                   std::move(serve), counters_)) {}

ConnectionFront::~ConnectionFront() = default;

void ConnectionFront::Run() { impl_->Run(); }
void ConnectionFront::Stop() { impl_->Stop(); }

void ConnectionFront::KeepAlive(std::shared_ptr<FrontConnection> connection, int fd,
                                std::deque<std::string> leftover) {
  impl_->Return(std::move(connection), fd, std::move(leftover), true);
}

void ConnectionFront::Close(std::shared_ptr<FrontConnection> connection, int fd) {
  impl_->Return(std::move(connection), fd, {}, false);
}

size_t RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<size_t>(limit.rlim_cur);
}

}  // namespace klussen::http
