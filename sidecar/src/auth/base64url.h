// Base64url (RFC 4648 §5) as JWS/JWK use it: the URL-safe alphabet and no
// padding (RFC 7515 §2).
//
// Contract: decoding is strict so that one byte string has exactly one
// accepted encoding: only A-Z a-z 0-9 '-' '_' are accepted ('=' padding,
// whitespace, '+' and '/' are refused), a length of 1 mod 4 is refused, and
// the unused low bits of the last character must be zero. Failures are
// InvalidArgument values; nothing throws.
// Threading: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace klussen::auth {

// Unpadded base64url of `bytes`.
std::string Base64UrlEncode(std::string_view bytes);

// The bytes `text` encodes, or InvalidArgument naming the first problem.
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace klussen::auth
