#include "auth/nonce_cache.h"

#include <algorithm>

namespace klussen::auth {

void NonceCache::ForgetExpired(int64_t now) {
  while (!by_expiry_.empty() && by_expiry_.front().first < now) {
    live_.erase(by_expiry_.front().second);
    by_expiry_.pop_front();
  }
}

NonceCache::Outcome NonceCache::Insert(const std::string& nonce, int64_t expires_at, int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  ForgetExpired(now);
  if (live_.count(nonce)) return Outcome::kReplay;
  if (live_.size() >= capacity_) return Outcome::kFull;
  live_.insert(nonce);
  // Keep the deque ordered by expiry even if a caller's clock steps back.
  int64_t expiry = by_expiry_.empty() ? expires_at : std::max(expires_at, by_expiry_.back().first);
  by_expiry_.emplace_back(expiry, nonce);
  return Outcome::kNew;
}

size_t NonceCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_.size();
}

}  // namespace klussen::auth
