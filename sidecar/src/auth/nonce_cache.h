// Remembers nonces of verified requests until they expire, so each is used
// once (replay protection of the signed viewer context).
//
// Contract: Insert answers kNew once per nonce within its lifetime, kReplay
// for every later use, and kFull when `capacity` unexpired nonces are held
// (the caller refuses the request rather than forgetting a live nonce).
// Threading: thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>

namespace klussen::auth {

class NonceCache {
 public:
  enum class Outcome { kNew, kReplay, kFull };

  explicit NonceCache(size_t capacity) : capacity_(capacity) {}

  // `now` and `expires_at` in Unix seconds.
  Outcome Insert(const std::string& nonce, int64_t expires_at, int64_t now);
  size_t size() const;

 private:
  void ForgetExpired(int64_t now);

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> live_;
  std::deque<std::pair<int64_t, std::string>> by_expiry_;  // expiry is monotone: appended in order
};

}  // namespace klussen::auth
