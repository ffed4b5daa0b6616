#include "http/guarded_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string_view>

namespace klussen::http {
namespace {

constexpr size_t kReadChunk = 8192;

bool PollFor(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd entry{fd, events, 0};
  while (true) {
    int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0 && (entry.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

void AddressToText(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    ip = text;
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    ip = text;
    port = ntohs(v6->sin6_port);
  } else {
    ip = "unix";
    port = 0;
  }
}

}  // namespace

GuardedStream::GuardedStream(int fd, const HttpLimits& limits, std::deque<std::string> prefill,
                             bool read_socket)
    : fd_(fd),
      limits_(limits),
      body_limit_(limits.max_body_bytes),
      prefill_(std::move(prefill)),
      read_socket_(read_socket) {}

void GuardedStream::BeginRequest() {
  in_header_ = true;
  header_bytes_ = 0;
  body_bytes_ = 0;
  body_limit_ = limits_.max_body_bytes;
  line_state_ = 0;
  overflow_ = Overflow::kNone;
  bytes_written_ = 0;
  timed_out_ = false;
}

bool GuardedStream::WaitForNextRequest() {
  // A pipelined request may be buffered already.
  if (buffer_begin_ < buffer_end_ || !prefill_.empty()) return true;
  return read_socket_ && PollFor(fd_, POLLIN, limits_.keepalive_timeout);
}

bool GuardedStream::is_readable() const {
  return buffer_begin_ < buffer_end_ || !prefill_.empty() ||
         (read_socket_ && PollFor(fd_, POLLIN, limits_.read_timeout));
}

bool GuardedStream::is_writable() const { return PollFor(fd_, POLLOUT, limits_.write_timeout); }

bool GuardedStream::FillBuffer() {
  while (!prefill_.empty()) {
    // Taking the chunk (not copying it) frees the previous one: a large body
    // is never held twice while httplib copies it into the request.
    buffer_ = std::move(prefill_.front());
    prefill_.pop_front();
    buffer_begin_ = 0;
    buffer_end_ = buffer_.size();
    if (buffer_end_ > 0) return true;
  }
  if (!read_socket_) return false;
  if (buffer_.size() != kReadChunk) {
    buffer_ = std::string(kReadChunk, '\0');  // also drops a large prefill chunk's capacity
  }
  if (!PollFor(fd_, POLLIN, limits_.read_timeout)) {
    timed_out_ = true;
    return false;
  }
  while (true) {
    ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_begin_ = 0;
    buffer_end_ = static_cast<size_t>(n);
    return true;
  }
}

// Counts delivered bytes against the header or body budget. The header ends
// at the first empty line (CRLF CRLF, or LF LF from lenient clients).
void GuardedStream::Account(const char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    if (!in_header_) {
      body_bytes_ += size - i;
      return;
    }
    ++header_bytes_;
    char c = data[i];
    if (c == '\n') {
      // line_state_: 0 = mid-line, 1 = just after a line end, 2 = after "\r"
      // following a line end.
      if (line_state_ == 1 || line_state_ == 2) {
        in_header_ = false;
      } else {
        line_state_ = 1;
      }
    } else if (c == '\r') {
      line_state_ = line_state_ == 1 ? 2 : 0;
    } else {
      line_state_ = 0;
    }
  }
}

ssize_t GuardedStream::read(char* ptr, size_t size) {
  if (overflow_ != Overflow::kNone) return -1;
  size_t allowed;
  if (in_header_) {
    if (header_bytes_ >= limits_.max_header_bytes) {
      overflow_ = Overflow::kHeader;
      return -1;
    }
    allowed = limits_.max_header_bytes - header_bytes_;
  } else {
    if (body_bytes_ >= body_limit_) {
      overflow_ = Overflow::kBody;
      return -1;
    }
    allowed = body_limit_ - body_bytes_;
  }
  if (buffer_begin_ == buffer_end_ && !FillBuffer()) return -1;
  size_t n = std::min({size, allowed, buffer_end_ - buffer_begin_});
  // Deliver header bytes one line end at a time so the body budget starts
  // exactly where the header ends.
  if (in_header_) {
    const char* start = buffer_.data() + buffer_begin_;
    size_t delivered = 0;
    while (delivered < n && in_header_) {
      Account(start + delivered, 1);
      ++delivered;
    }
    n = delivered;
  } else {
    Account(buffer_.data() + buffer_begin_, n);
  }
  std::copy_n(buffer_.data() + buffer_begin_, n, ptr);
  buffer_begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t GuardedStream::write(const char* ptr, size_t size) {
  if (continue_already_sent_) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    continue_already_sent_ = false;
    if (std::string_view(ptr, size) == kContinue) return static_cast<ssize_t>(size);
  }
  if (!PollFor(fd_, POLLOUT, limits_.write_timeout)) return -1;
  while (true) {
    ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0) bytes_written_ += static_cast<size_t>(n);
    return n;
  }
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    AddressToText(address, ip, port);
  }
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    AddressToText(address, ip, port);
  }
}

std::deque<std::string> GuardedStream::TakeLeftover() {
  std::deque<std::string> leftover = std::move(prefill_);
  prefill_.clear();
  if (buffer_begin_ < buffer_end_) {
    leftover.emplace_front(buffer_.data() + buffer_begin_, buffer_end_ - buffer_begin_);
  }
  buffer_begin_ = buffer_end_ = 0;
  return leftover;
}

void GuardedStream::LingerAndClose() {
  ::shutdown(fd_, SHUT_WR);
  // Drain at most 1 MiB for at most 500 ms: enough for a client to read our
  // error answer, too little to be a resource for an attacker.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  size_t drained = 0;
  char scratch[16384];
  while (drained < (1u << 20)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !PollFor(fd_, POLLIN, left)) break;
    ssize_t n = ::recv(fd_, scratch, sizeof(scratch), 0);
    if (n <= 0) break;
    drained += static_cast<size_t>(n);
  }
  ::close(fd_);
}

}  // namespace klussen::http
