// Counts authentication failures per source (peer address) over the last
// minute; a source over the limit is refused (429) until old failures age
// out, so guessing signatures or tokens is slow.
//
// Contract: memory is bounded: at most `max_sources` sources are tracked;
// when full, the source whose last failure is oldest is forgotten.
// Threading: thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace klussen::auth {

class FailureLimiter {
 public:
  FailureLimiter(int limit_per_minute, size_t max_sources = 10000)
      : limit_(limit_per_minute), max_sources_(max_sources) {}

  bool Blocked(const std::string& source, int64_t now_ms);
  void RecordFailure(const std::string& source, int64_t now_ms);
  void SetLimit(int limit_per_minute);

 private:
  static constexpr int64_t kWindowMs = 60000;
  void Expire(std::deque<int64_t>& failures, int64_t now_ms) const;

  std::mutex mutex_;
  int limit_;
  const size_t max_sources_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
};

}  // namespace klussen::auth
