// The socket stream the hardened server hands to cpp-httplib instead of the
// library's own (see hardened_server.h for why).
//
// Contract: reads wait with poll() (no FD_SETSIZE limit) for at most the read
// timeout; the request line plus headers may use at most max_header_bytes and
// the body at most max_body_bytes — past that, read() fails and
// budget_exceeded() tells which part overflowed, so the server answers 431 or
// 413 instead of buffering without bound (CVE-2025-53628, CVE-2025-46728).
// Writes never raise SIGPIPE.
// A stream may start with bytes the connection front already read (the whole
// request, often): those are delivered first, chunk by chunk, each chunk freed
// once delivered. With socket reads off, the stream never waits on the socket:
// past the prefilled bytes it reports end of input, so a worker never blocks
// on a slow client. TakeLeftover() returns what was not consumed (a pipelined
// next request).
// Threading: one stream per request, used by the one worker serving it.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <deque>
#include <string>

#include "http/limits.h"

namespace klussen::http {

class GuardedStream : public httplib::Stream {
 public:
  enum class Overflow { kNone, kHeader, kBody };

  GuardedStream(int fd, const HttpLimits& limits, std::deque<std::string> prefill = {},
                bool read_socket = true);

  // Starts the budget of a new request on this connection.
  void BeginRequest();
  // Waits until the next request's first byte arrives (keep-alive).
  bool WaitForNextRequest();
  Overflow overflow() const { return overflow_; }
  // The body budget of the request being read (reset by BeginRequest).
  void set_body_limit(size_t limit) { body_limit_ = limit; }
  // Bytes written since BeginRequest (0 = no answer has started).
  size_t bytes_written() const { return bytes_written_; }
  // The client went quiet mid-request for longer than the read timeout.
  bool timed_out() const { return timed_out_; }
  // Half-closes, drains what the client still sends (bounded), closes. Lets
  // the client read our answer instead of getting a reset.
  void LingerAndClose();
  // The bytes received but not consumed by the request(s) served so far.
  std::deque<std::string> TakeLeftover();
  // The front already answered "Expect: 100-continue": httplib's own interim
  // answer is dropped instead of being sent a second time.
  void set_continue_already_sent() { continue_already_sent_ = true; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  bool FillBuffer();
  void Account(const char* data, size_t size);

  int fd_;
  const HttpLimits& limits_;
  size_t body_limit_ = 0;  // of the current request (BodyLimitFor its path)
  std::deque<std::string> prefill_;
  const bool read_socket_;
  bool continue_already_sent_ = false;
  std::string buffer_;
  size_t buffer_begin_ = 0;
  size_t buffer_end_ = 0;
  bool in_header_ = true;
  size_t header_bytes_ = 0;
  size_t body_bytes_ = 0;
  unsigned line_state_ = 0;  // progress through "\r\n\r\n" / "\n\n"
  Overflow overflow_ = Overflow::kNone;
  size_t bytes_written_ = 0;
  bool timed_out_ = false;
};

}  // namespace klussen::http
