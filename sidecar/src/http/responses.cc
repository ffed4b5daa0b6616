#include "http/responses.h"

#include <random>

#include "common/log.h"

namespace klussen::http {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ErrorCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPayloadTooLarge:
      return "payload_too_large";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kResourceExhausted:
      return "too_many_requests";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  uint64_t value = generator();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<size_t>(i)] = kHex[value & 15];
    value >>= 4;
  }
  return id;
}

std::string RawErrorAnswer(int http_status, std::string_view reason, std::string_view code,
                           std::string_view message, int retry_after_seconds) {
  const std::string request_id = NewRequestId();
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}},
                         {"request_id", request_id}};
  const std::string text = body.dump();
  std::string answer = "HTTP/1.1 " + std::to_string(http_status) + " " + std::string(reason) +
                       "\r\nContent-Type: application/json; charset=utf-8"
                       "\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store"
                       "\r\nReferrer-Policy: no-referrer\r\nX-Request-Id: " +
                       request_id + "\r\nConnection: close\r\n";
  if (retry_after_seconds > 0) {
    answer += "Retry-After: " + std::to_string(retry_after_seconds) + "\r\n";
  }
  answer += "Content-Length: " + std::to_string(text.size()) + "\r\n\r\n" + text;
  return answer;
}

std::string RequestId(const httplib::Response& res) { return res.get_header_value("X-Request-Id"); }

void WriteJson(httplib::Response& res, int http_status, const nlohmann::json& body) {
  res.status = http_status;
  // error_handler_t::replace: never throw on invalid UTF-8 from stored data.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void WriteHttpError(httplib::Response& res, int http_status, std::string_view code,
                    std::string_view message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}},
                         {"request_id", RequestId(res)}};
  WriteJson(res, http_status, body);
}

void WriteError(httplib::Response& res, const Status& status) {
  int http_status = HttpStatusFor(status.code());
  std::string message = status.message();
  if (status.code() == StatusCode::kInternal) {
    log::Error("internal error", {{"request_id", RequestId(res)}, {"detail", status.message()}});
    message = "internal error; the sidecar log has the details under this request id";
  } else if (status.code() == StatusCode::kUnavailable) {
    log::Warn("dependency unavailable",
              {{"request_id", RequestId(res)}, {"detail", status.message()}});
    message = "temporarily unavailable; try again shortly";
    res.set_header("Retry-After", "2");
  } else if (status.code() == StatusCode::kUnauthenticated) {
    // The precise reason is for the log only: telling a caller which check
    // failed helps forging.
    log::Warn("authentication failed",
              {{"request_id", RequestId(res)}, {"reason", status.message()}});
    message = "authentication required";
  } else if (status.code() == StatusCode::kResourceExhausted) {
    message = "too many failed attempts; try again later";
    res.set_header("Retry-After", "60");
  }
  WriteHttpError(res, http_status, ErrorCodeFor(status.code()), message);
}

}  // namespace klussen::http
