// Casting request input for route handlers: ids from the path, integers from
// the query, a JSON object from the body, and the answer for field errors.
// Threading: pure functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/viewer.h"
#include "common/status.h"
#include "klus/klus_model.h"
#include "klus/klus_service.h"

namespace klussen::server {

// A positive id of at most 18 digits; nullopt otherwise (answer 404).
std::optional<int64_t> ParseId(const std::string& text);

// An integer query parameter in [min, max]; `fallback` when absent.
Result<int64_t> QueryInt(const httplib::Request& req, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max);

// The body as a JSON object ({} when empty). Malformed JSON or another type
// is InvalidArgument.
Result<nlohmann::json> JsonBody(const httplib::Request& req);

klus::Actor ActorOf(const auth::Viewer& viewer);

// 400 with the field errors (and their messages in the viewer's language).
void WriteFieldErrors(httplib::Response& res, const Status& status,
                      const std::vector<klus::FieldError>& errors, const std::string& language);

}  // namespace klussen::server
