#include "auth/jwt.h"

#include <set>
#include <vector>

#include "auth/base64url.h"

namespace klussen::auth {

Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view what) {
  using Event = nlohmann::json::parse_event_t;
  // Member names seen so far, one set per open object.
  std::vector<std::set<std::string>> open_objects;
  std::string problem;
  auto check = [&](int depth, Event event, nlohmann::json& parsed) {
    if (!problem.empty()) return true;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (depth >= kMaxJsonDepth) problem = "nests deeper than " + std::to_string(kMaxJsonDepth);
        if (event == Event::object_start) open_objects.emplace_back();
        break;
      case Event::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Event::key:
        if (!open_objects.empty() && parsed.is_string() &&
            !open_objects.back().insert(parsed.get_ref<const std::string&>()).second) {
          problem = "repeats the member name \"" + parsed.get<std::string>().substr(0, 40) + "\"";
        }
        break;
      case Event::array_end:
      case Event::value:
        break;
    }
    return true;
  };
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), check,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded()) return InvalidArgument(std::string(what) + " is not valid JSON");
  if (!problem.empty()) return InvalidArgument(std::string(what) + " " + problem);
  if (!value.is_object()) return InvalidArgument(std::string(what) + " is not a JSON object");
  return value;
}

Result<Jwt> ParseJwt(std::string_view token) {
  if (token.empty()) return InvalidArgument("token is empty");
  if (token.size() > kMaxJwtBytes) {
    return InvalidArgument("token is longer than " + std::to_string(kMaxJwtBytes) + " bytes");
  }
  const size_t first_dot = token.find('.');
  const size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != token.npos) {
    return InvalidArgument("token does not have exactly three parts");
  }
  const std::string_view header_part = token.substr(0, first_dot);
  const std::string_view claims_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_part = token.substr(second_dot + 1);

  Result<std::string> header_json = Base64UrlDecode(header_part);
  if (!header_json.ok()) return header_json.status().WithContext("token header");
  Result<std::string> claims_json = Base64UrlDecode(claims_part);
  if (!claims_json.ok()) return claims_json.status().WithContext("token claims");
  Result<std::string> signature = Base64UrlDecode(signature_part);
  if (!signature.ok()) return signature.status().WithContext("token signature");

  Jwt jwt;
  KL_ASSIGN_OR_RETURN(jwt.header, ParseJsonObject(*header_json, "token header"));
  KL_ASSIGN_OR_RETURN(jwt.claims, ParseJsonObject(*claims_json, "token claims"));
  jwt.signing_input = std::string(token.substr(0, second_dot));
  jwt.signature = std::move(signature).value();
  return jwt;
}

}  // namespace klussen::auth
