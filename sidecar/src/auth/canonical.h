// The canonical request of docs/protocol.md: what the glue signs and the
// sidecar recomputes. Pure functions; no I/O.
#pragma once

#include <string>
#include <string_view>

namespace klussen::auth {

inline constexpr std::string_view kSignatureScheme = "KLUSSEN-HMAC-SHA256-V1";

// Percent-decodes `text`; with plus_is_space, '+' becomes ' '. Malformed
// escapes ("%G1", a lone "%") are kept as they are.
std::string PercentDecode(std::string_view text, bool plus_is_space);
// Percent-encodes every byte but A-Z a-z 0-9 - . _ ~ (and '/' when
// keep_slash), with upper-case hex.
std::string PercentEncode(std::string_view bytes, bool keep_slash);

// The canonical path and query of a raw request target ("/a%20b?x=1&y").
std::string CanonicalPath(std::string_view raw_path);
std::string CanonicalQuery(std::string_view raw_query);

// The signed header values, as sent.
struct SignedFields {
  std::string key_id;
  std::string timestamp;
  std::string nonce;
  std::string viewer;
  std::string language;
  std::string site;
};

// The text that is signed: scheme, method, canonical path and query, the
// signed fields and the body's SHA-256, joined by '\n'.
std::string CanonicalRequest(std::string_view method, std::string_view raw_target,
                             const SignedFields& fields, std::string_view body);

}  // namespace klussen::auth
