// OIDC bearer tokens of API clients (docs/protocol.md, "OIDC bearer tokens";
// RFC 8725 and reliability.md §2 for why each check is there).
//
// Contract: Verify accepts a token only when, checked in this order,
//  1. it parses (auth/jwt.h: at most 8 KiB, three strict base64url parts,
//     JSON objects without repeated members);
//  2. the header's `alg` is on the configured allow-list, which can only hold
//     RS256 and ES256 (so never `none` and never an HMAC algorithm: the
//     algorithm is ours to choose, not the token's);
//  3. `typ`, if present, is JWT or at+jwt (case-insensitive, with or without
//     "application/"), and there is no `crit` header (no extension is
//     understood, RFC 7515 §4.1.11);
//  4. `kid` names a key of the configured key set (auth/jwks.h; fetched again
//     on a miss, at most once per oidc_jwks_min_refresh_s). `jku`, `x5u`,
//     `jwk` and `x5c` are never looked at;
//  5. the key's type fits `alg` (RSA for RS256, EC P-256 for ES256) and the
//     signature verifies (RS256: RSASSA-PKCS1-v1_5 with SHA-256 and a
//     signature exactly as long as the modulus; ES256: exactly 64 bytes r||s);
//  6. `iss` equals the configured issuer exactly, `aud` (a string or an array
//     of strings) contains the client id, `exp` is a number and now <
//     exp + leeway, `nbf` and `iat` when present are numbers <= now + leeway,
//     and `sub` is a string of 1 to 255 bytes without control characters.
// Every refusal is Unauthenticated with a precise message for the log (the
// caller answers a generic 401). When no key set can be loaded the answer is
// Unavailable (503), since the token may well be good. Nothing throws.
// Threading: Verify is thread-safe; one verifier serves every worker.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwks.h"
#include "common/config.h"
#include "common/status.h"
#include "host/host_reader.h"

namespace klussen::auth {

inline constexpr size_t kMaxSubjectBytes = 255;  // OIDC Core §2
inline constexpr std::chrono::seconds kMaxLeeway{300};

struct OidcSettings {
  std::string issuer;  // empty: bearer tokens are off
  std::string client_id;
  std::string jwks_file;
  std::string jwks_url;
  std::chrono::seconds jwks_min_refresh{60};
  std::chrono::milliseconds jwks_timeout{3000};
  std::chrono::seconds leeway{60};
  std::vector<std::string> algorithms = {"RS256", "ES256"};
  host::SubjectKind subject_kind = host::SubjectKind::kPleioGuid;

  // The oidc_* keys of `config`, validated.
  static Result<OidcSettings> FromConfig(const Config& config);

  bool enabled() const { return !issuer.empty(); }
  // OK when disabled; when enabled: a client id, exactly one of jwks_file and
  // jwks_url (a URL JwksSource accepts), algorithms a non-empty subset of
  // RS256 and ES256, leeway 0..300 s, a positive refresh interval and timeout.
  // InvalidArgument naming the config key otherwise.
  Status Validate() const;
};

// "pleio_guid", "username", "email" (the values of oidc_subject_maps_to).
Result<host::SubjectKind> ParseSubjectKind(std::string_view name);

struct VerifiedToken {
  std::string subject;    // `sub`; map it to a host user with HostReader::FindUserBySubject
  nlohmann::json claims;  // every claim, for logging and later checks
  std::string key_id;     // the `kid` that verified it
  std::string algorithm;  // "RS256" or "ES256"
};

class OidcVerifier {
 public:
  // A verifier that reads keys from the settings' JWKS file or URL (nothing
  // is fetched before the first token). `settings` must be enabled and valid.
  static Result<std::unique_ptr<OidcVerifier>> Create(const OidcSettings& settings);

  // A verifier with keys from `keys` (tests, the fuzz target). `settings` must
  // be enabled and valid apart from the JWKS location, which is not used.
  OidcVerifier(OidcSettings settings, std::shared_ptr<KeyProvider> keys);

  Result<VerifiedToken> Verify(std::string_view token, int64_t now_unix) const;

  // Steps 2-3 alone: the header checks before any key is looked up. Yields
  // the algorithm.
  Result<std::string> CheckHeader(const nlohmann::json& header) const;
  // Step 6 alone: the claim checks, which Verify runs only on a token whose
  // signature verified. Yields the subject. Exposed for the fuzz target.
  Result<std::string> CheckClaims(const nlohmann::json& claims, int64_t now_unix) const;

  const OidcSettings& settings() const { return settings_; }
  KeyProvider& keys() const { return *keys_; }

 private:
  const OidcSettings settings_;
  const std::shared_ptr<KeyProvider> keys_;
};

}  // namespace klussen::auth
