// The signed viewer context of docs/protocol.md, sidecar side: parses the
// X-Klussen-* headers with strict syntax, recomputes the HMAC over the
// canonical request, checks the clock window and single use of the nonce.
//
// Contract: Verify answers the signed Viewer, or Unauthenticated with the
// precise reason (for the log only; callers answer a generic 401). A nonce is
// remembered only after its signature verified, so failed attempts change
// nothing. Whether the viewer guid is an active host user is the caller's
// check (it needs the database).
// Threading: thread-safe (the nonce cache locks).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/canonical.h"
#include "auth/nonce_cache.h"
#include "auth/viewer.h"
#include "common/status.h"

namespace klussen {
class Config;
}

namespace klussen::auth {

inline constexpr size_t kMinSecretBytes = 32;

struct SigningKey {
  std::string id;
  std::string secret;
};

// The keys of the config (current, and previous while rotating), validated:
// ids of the right syntax, secrets of at least 32 bytes, distinct ids.
Result<std::vector<SigningKey>> SigningKeysFromConfig(const Config& config);

// The seven headers' values; `header(name)` returns the value of a header or
// nullopt when it is absent (or present more than once).
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;
Result<SignedFields> ParseSignedFields(const HeaderLookup& header, std::string* signature);

struct SignedRequest {
  std::string_view method;
  std::string_view target;  // raw request target: path and query as sent
  std::string_view body;
  HeaderLookup header;
};

class SignedContextVerifier {
 public:
  SignedContextVerifier(std::vector<SigningKey> keys, std::chrono::seconds clock_skew,
                        size_t nonce_capacity);

  Result<Viewer> Verify(const SignedRequest& request, int64_t now_unix);

  // The signature a correct glue would send (tests and tools).
  static std::string Sign(const SigningKey& key, std::string_view method, std::string_view target,
                          const SignedFields& fields, std::string_view body);

 private:
  const std::vector<SigningKey> keys_;
  const std::chrono::seconds clock_skew_;
  NonceCache nonces_;
};

}  // namespace klussen::auth
