// How long to wait between attempts to reach the database while it is away:
// exponential (×2 from `initial`), capped at `max`, each delay jittered by up
// to ±`jitter_percent` so that sidecars restarted together do not knock in
// step. The cap bounds how late the sidecar notices the database is back
// (the readiness contract: ready ≤ 3 s after MariaDB answers again).
// Threading: one owner (the jobs thread); not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace klussen::server {

class ReconnectBackoff {
 public:
  struct Options {
    std::chrono::milliseconds initial{100};
    std::chrono::milliseconds max{1000};
    int jitter_percent = 20;
  };

  explicit ReconnectBackoff(Options options, uint64_t seed = std::random_device{}());

  // The delay before the next attempt; grows with every call until Reset().
  std::chrono::milliseconds Next();
  // After a success: the next outage starts again at `initial`.
  void Reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }

 private:
  Options options_;
  int attempt_ = 0;
  std::mt19937_64 random_;
};

}  // namespace klussen::server
