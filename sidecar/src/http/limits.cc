#include "http/limits.h"

#include <algorithm>

#include "common/config.h"

namespace klussen::http {

HttpLimits HttpLimits::FromConfig(const Config& config) {
  HttpLimits limits;
  limits.max_header_bytes = static_cast<size_t>(config.GetInt("http_max_header_bytes"));
  limits.max_body_bytes = static_cast<size_t>(config.GetInt("http_max_body_bytes"));
  limits.max_upload_bytes = static_cast<size_t>(config.GetInt("http_max_upload_bytes"));
  limits.read_timeout = std::chrono::milliseconds(config.GetInt("http_read_timeout_ms"));
  limits.write_timeout = std::chrono::milliseconds(config.GetInt("http_write_timeout_ms"));
  limits.keepalive_timeout = std::chrono::milliseconds(config.GetInt("http_keepalive_timeout_ms"));
  limits.keepalive_max_requests = static_cast<size_t>(config.GetInt("http_keepalive_max_requests"));
  limits.worker_threads = static_cast<size_t>(config.GetInt("http_worker_threads"));
  limits.queue_capacity = static_cast<size_t>(config.GetInt("http_queue_capacity"));
  limits.max_connections = static_cast<size_t>(config.GetInt("http_max_connections"));
  limits.body_memory_budget_bytes =
      static_cast<size_t>(config.GetInt("http_body_memory_budget_bytes"));
  return limits;
}

bool HttpLimits::IsUploadPath(const std::string& path) {
  for (const char* prefix : kUploadPathPrefixes) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

size_t HttpLimits::BodyLimitFor(const std::string& path) const {
  if (IsUploadPath(path)) return std::max(max_body_bytes, max_upload_bytes);
  if (path == kImportSavePath) return std::max(max_body_bytes, kImportSaveBodyBytes);
  return max_body_bytes;
}

}  // namespace klussen::http
