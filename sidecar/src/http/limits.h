// Limits and timeouts of the HTTP listener, read from the config table.
#pragma once

#include <chrono>
#include <cstddef>

namespace klussen {
class Config;
}

namespace klussen::http {

struct HttpLimits {
  size_t max_header_bytes = 16 * 1024;  // request line + headers
  size_t max_body_bytes = 64 * 1024;
  size_t max_header_count = 100;
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::milliseconds keepalive_timeout{5000};
  size_t keepalive_max_requests = 100;
  size_t worker_threads = 8;
  size_t queue_capacity = 64;

  static HttpLimits FromConfig(const Config& config);
};

}  // namespace klussen::http
