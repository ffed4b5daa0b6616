// Finds where an HTTP/1.1 request head (request line and header fields) ends
// in the bytes received so far, and reads the few facts the connection front
// needs before a worker sees the request: the path (for its body limit), the
// body length, and whether the client waits for "100 Continue".
//
// Contract: ScanRequestHead never reads past `bytes` and never allocates more
// than the path. It is deliberately narrow: anything it does not understand
// (no or several Content-Length fields, Transfer-Encoding, a bad length) gives
// body_length 0, so the worker's pre-routing check refuses the request
// without the front ever buffering a body for it. Line limits mirror
// cpp-httplib's (8 KiB per line), so a head it accepts is one httplib can
// parse; a longer line is refused here with 431 (414 for the request line)
// instead of httplib's bare 400.
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace klussen::http {

// cpp-httplib 0.11.4 refuses a request line or header field line longer than this.
inline constexpr size_t kMaxHeadLineBytes = 8192;

struct RequestHead {
  enum class State { kIncomplete, kComplete, kTooLarge, kLineTooLong, kUriTooLong };
  State state = State::kIncomplete;
  size_t head_bytes = 0;         // bytes of the head, including the empty line, when complete
  std::string path;              // the target up to '?', still percent-encoded
  bool has_body_length = false;  // exactly one valid Content-Length and no Transfer-Encoding
  size_t body_length = 0;
  bool expect_continue = false;
};

// `max_head_bytes` is the whole head's limit (http_max_header_bytes).
RequestHead ScanRequestHead(std::string_view bytes, size_t max_head_bytes);

}  // namespace klussen::http
