// The one place where a Status becomes an HTTP answer, and the JSON/HTML
// response helpers every route uses.
//
// Contract: error bodies are JSON {"error": {"code", "message"}, "request_id"};
// Internal errors never carry their message outward (it is logged with the
// request id instead); Unavailable adds Retry-After. Every body gets a
// Content-Type with charset=utf-8.
// Threading: stateless functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace klussen::http {

int HttpStatusFor(StatusCode code);
std::string_view ErrorCodeFor(StatusCode code);  // "not_found", "invalid_argument", ...

// The request id the server assigned (response header X-Request-Id).
std::string RequestId(const httplib::Response& res);

// A fresh request id: 16 hex digits, never derived from the request.
std::string NewRequestId();

// A whole HTTP/1.1 error answer (same JSON body and headers as WriteHttpError,
// "Connection: close") for code that writes to the socket itself because no
// httplib request exists yet. retry_after_seconds > 0 adds Retry-After.
std::string RawErrorAnswer(int http_status, std::string_view reason, std::string_view code,
                           std::string_view message, int retry_after_seconds = 0);

void WriteJson(httplib::Response& res, int http_status, const nlohmann::json& body);
void WriteError(httplib::Response& res, const Status& status);
// For errors detected by the HTTP layer itself (status chosen directly).
void WriteHttpError(httplib::Response& res, int http_status, std::string_view code,
                    std::string_view message);

}  // namespace klussen::http
