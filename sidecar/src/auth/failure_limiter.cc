#include "auth/failure_limiter.h"

namespace klussen::auth {

void FailureLimiter::Expire(std::deque<int64_t>& failures, int64_t now_ms) const {
  while (!failures.empty() && failures.front() <= now_ms - kWindowMs) failures.pop_front();
}

bool FailureLimiter::Blocked(const std::string& source, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(source);
  if (it == failures_.end()) return false;
  Expire(it->second, now_ms);
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= limit_;
}

void FailureLimiter::RecordFailure(const std::string& source, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(source);
  if (it == failures_.end()) {
    if (failures_.size() >= max_sources_) {
      auto oldest = failures_.begin();
      for (auto candidate = failures_.begin(); candidate != failures_.end(); ++candidate) {
        if (candidate->second.empty() ||
            (!oldest->second.empty() && candidate->second.back() < oldest->second.back())) {
          oldest = candidate;
        }
      }
      failures_.erase(oldest);
    }
    it = failures_.emplace(source, std::deque<int64_t>()).first;
  }
  Expire(it->second, now_ms);
  // Past the limit nothing more needs counting: the source is blocked anyway.
  if (static_cast<int>(it->second.size()) < limit_ * 2) it->second.push_back(now_ms);
}

void FailureLimiter::SetLimit(int limit_per_minute) {
  std::lock_guard<std::mutex> lock(mutex_);
  limit_ = limit_per_minute;
}

}  // namespace klussen::auth
