// The canonical request of docs/protocol.md: what the glue signs and the
// sidecar recomputes. Pure functions; no I/O.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

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

// A request target in the one strict form the sidecar serves (docs/protocol.md,
// "Unambiguous targets"): the decoded path and the decoded query pairs in the
// order sent. A target that parses is one every reader (the canonical form,
// cpp-httplib's req.path/req.params, the handlers) reads the same way.
struct StrictTarget {
  std::string path;                                        // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, '+' = space
};

// Parses `raw_target` ("/path?query") strictly: visible ASCII only (no
// space, control, non-ASCII byte or '#'), a path starting with '/', every '%'
// a two-hex-digit escape (so no "%u0031", no lone '%'), and query parts
// `name[=value]` separated by '&' (empty parts are skipped) with a non-empty
// name, no raw '=' inside a value and no decoded name twice. Anything else is
// InvalidArgument naming the first problem: such a target means different
// things to different readers, so it is refused rather than interpreted.
Result<StrictTarget> ParseStrictTarget(std::string_view raw_target);

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
