// Limits and timeouts of the HTTP listener, read from the config table.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace klussen {
class Config;
}

namespace klussen::http {

// Requests under these paths may carry up to max_upload_bytes: file uploads (the API's
// LinkedIn and Open Badges imports and the import preview widgets). Plain JSON routes are not
// uploads, not even /api/v1/portfolio/import/save.
inline constexpr const char* kUploadPathPrefixes[] = {"/api/v1/portfolio/import/linkedin",
                                                      "/api/v1/portfolio/import/open-badges",
                                                      "/widgets/portfolio/import/"};
// The rows an import preview kept (import/save) are JSON, but more than a form: a LinkedIn
// export's positions and courses with their descriptions.
inline constexpr const char* kImportSavePath = "/api/v1/portfolio/import/save";
inline constexpr size_t kImportSaveBodyBytes = 1024 * 1024;

struct HttpLimits {
  size_t max_header_bytes = 16 * 1024;  // request line + headers
  size_t max_body_bytes = 64 * 1024;
  // Larger bodies are accepted only for uploads (paths under kUploadPathPrefixes).
  size_t max_upload_bytes = 20 * 1024 * 1024;
  size_t max_header_count = 100;
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::milliseconds keepalive_timeout{5000};
  size_t keepalive_max_requests = 100;
  size_t worker_threads = 8;
  size_t queue_capacity = 64;
  // Open connections the front holds; more close the longest idle one.
  size_t max_connections = 10000;
  // Bytes of request bodies (and what parsing them costs) and of inflated
  // imports held at once, across all connections (common/memory_budget.h).
  size_t body_memory_budget_bytes = 40u << 20;

  static HttpLimits FromConfig(const Config& config);
  // The body limit of a request to `path`.
  size_t BodyLimitFor(const std::string& path) const;
  // Whether `path` takes file uploads (kUploadPathPrefixes).
  static bool IsUploadPath(const std::string& path);
};

}  // namespace klussen::http
