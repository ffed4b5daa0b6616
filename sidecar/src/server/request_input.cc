#include "server/request_input.h"

#include <charconv>

#include "common/json_depth.h"
#include "http/responses.h"
#include "widgets/messages.h"

namespace klussen::server {

std::optional<int64_t> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

Result<int64_t> QueryInt(const httplib::Request& req, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return InvalidArgument("query parameter '" + name + "' must be an integer from " +
                           std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

Result<nlohmann::json> JsonBody(const httplib::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  // Before parsing: the parsed value is copied and destroyed recursively.
  if (!JsonNestingWithin(req.body)) {
    return InvalidArgument("the body nests deeper than " + std::to_string(kMaxRequestJsonDepth) +
                           " levels");
  }
  // nlohmann's parser takes a NUL byte for the end of the input and would
  // accept `{...}\0anything`; a NUL is never valid in JSON text.
  if (req.body.find('\0') != std::string::npos) {
    return InvalidArgument("the body is not valid JSON");
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return InvalidArgument("the body is not valid JSON");
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  return body;
}

klus::Actor ActorOf(const auth::Viewer& viewer) { return {viewer.guid, viewer.site_guid}; }

void WriteFieldErrors(httplib::Response& res, const Status& status,
                      const std::vector<klus::FieldError>& errors, const std::string& language) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& e : errors) {
    fields.push_back({{"field", e.field},
                      {"code", e.code},
                      {"message", widgets::Message(language, "error." + e.code)}});
  }
  http::WriteJson(
      res, 400,
      {{"error", {{"code", "invalid_argument"}, {"message", status.message()}, {"fields", fields}}},
       {"request_id", http::RequestId(res)}});
}

}  // namespace klussen::server
