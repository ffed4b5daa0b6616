#include "server/reconnect_backoff.h"

#include <algorithm>

namespace klussen::server {

ReconnectBackoff::ReconnectBackoff(Options options, uint64_t seed)
    : options_(options), random_(seed) {}

std::chrono::milliseconds ReconnectBackoff::Next() {
  int64_t base = options_.initial.count();
  // Doubling stops at the cap (and long before int64 could overflow).
  for (int i = 0; i < attempt_ && base < options_.max.count(); ++i) base *= 2;
  base = std::min<int64_t>(base, options_.max.count());
  ++attempt_;
  const int64_t spread = base * options_.jitter_percent / 100;
  if (spread <= 0) return std::chrono::milliseconds(base);
  std::uniform_int_distribution<int64_t> jitter(-spread, spread);
  return std::chrono::milliseconds(std::max<int64_t>(1, base + jitter(random_)));
}

}  // namespace klussen::server
