// JSON Web Tokens in JWS compact serialization (RFC 7519, RFC 7515 §7.1):
// the syntax only. Nothing here checks a signature or a claim; that is
// OidcVerifier's job (auth/oidc_verifier.h).
//
// Contract: ParseJwt accepts at most kMaxJwtBytes bytes of exactly three
// base64url parts (strict, see base64url.h) separated by '.', whose first two
// decode to JSON objects. JSON text is parsed once, here, and refused when it
// is not valid UTF-8 JSON, repeats a member name in one object (RFC 7515 §5.2
// allows refusing; two parsers could otherwise pick different values) or
// nests deeper than kMaxJsonDepth. Failures are InvalidArgument values
// naming the problem; nothing throws.
// Threading: pure functions; a Jwt is a plain value.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace klussen::auth {

inline constexpr size_t kMaxJwtBytes = 8 * 1024;
inline constexpr int kMaxJsonDepth = 16;

struct Jwt {
  nlohmann::json header;      // the JOSE header, a JSON object
  nlohmann::json claims;      // the claims set, a JSON object
  std::string signing_input;  // "<header part>.<claims part>": the bytes the signature covers
  std::string signature;      // the decoded signature bytes (empty for `alg: none`)
};

Result<Jwt> ParseJwt(std::string_view token);

// Parses `text` as one JSON object with the rules above (no duplicate
// members, depth at most kMaxJsonDepth); `what` names it in messages.
// Shared with the JWKS parser.
Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view what);

}  // namespace klussen::auth
