// The identity provider's public keys: a JSON Web Key Set (RFC 7517) parsed
// into OpenSSL 3 keys, and the places the verifier gets keys from.
//
// Contract:
//  - Only signature keys that fit the allowed algorithms are kept: RSA with a
//    modulus of kMinRsaBits..kMaxRsaBits bits (RS256), and EC P-256 points
//    that lie on the curve (ES256). A key is skipped, with a reason in
//    KeySet::skipped(), when it has no `kid`, repeats an earlier `kid`, has a
//    `use` other than "sig", `key_ops` without "verify", an `alg` that is not
//    the one algorithm of its type, private members, or bad parameters.
//    Certificates (`x5c`, `x5u`) are never read.
//  - Keys are found by `kid` only within a set from the configured file or
//    URL. Nothing here ever fetches a URL named by a token (`jku`, `x5u`) or
//    uses a key embedded in one (`jwk`, `x5c`).
//  - JwksSource fetches again on an unknown `kid`, at most once per
//    min_refresh (failed attempts count), so tokens with made-up `kid`s cannot
//    make the sidecar hammer the identity provider.
//  - Failures are Status values; nothing throws.
// Threading: KeySet and JsonWebKey are immutable and shareable. StaticKeys
// and JwksSource are thread-safe; concurrent misses wait for one fetch
// instead of starting their own.
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace klussen::auth {

inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 8192;     // verification cost grows with the modulus
inline constexpr size_t kMaxJwksKeys = 100;  // members of "keys" looked at
inline constexpr size_t kMaxJwksBytes = 256 * 1024;

enum class KeyType { kRsa, kEcP256 };
const char* KeyTypeName(KeyType type);  // "RSA", "EC P-256"

// One usable public key.
struct JsonWebKey {
  std::string kid;
  KeyType type = KeyType::kRsa;
  int bits = 0;                    // modulus size (RSA) or 256 (P-256)
  std::shared_ptr<EVP_PKEY> pkey;  // never null in a KeySet
};

class KeySet {
 public:
  KeySet() = default;

  // Parses JWKS JSON ({"keys": [...]}). InvalidArgument when the document is
  // not such an object; unusable keys are skipped, not errors.
  static Result<KeySet> Parse(std::string_view jwks_json);

  // The key with this `kid`, or null.
  std::shared_ptr<const JsonWebKey> Find(std::string_view kid) const;
  size_t size() const { return keys_.size(); }
  std::vector<std::string> kids() const;
  // One line per skipped key: "key 2 (kid \"x\"): RSA modulus has 1024 bits".
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::map<std::string, std::shared_ptr<const JsonWebKey>, std::less<>> keys_;
  std::vector<std::string> skipped_;
};

// Where OidcVerifier finds a token's key.
class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  // The key named `kid`. NotFound when no such key is known (after any
  // refresh the provider does); Unavailable when no key set could be loaded.
  virtual Result<std::shared_ptr<const JsonWebKey>> FindKey(std::string_view kid) = 0;
};

// A fixed set, for tests and the fuzz target.
class StaticKeys final : public KeyProvider {
 public:
  explicit StaticKeys(KeySet keys) : keys_(std::move(keys)) {}
  Result<std::shared_ptr<const JsonWebKey>> FindKey(std::string_view kid) override;

 private:
  const KeySet keys_;
};

// OK when `url` is one JwksSource accepts (see JwksSourceOptions::url).
Status ValidateJwksUrl(const std::string& url);

struct JwksSourceOptions {
  // Exactly one of file and url. A URL is https://, or http:// to a loopback
  // host only (127.0.0.0/8, ::1, localhost): keys must not cross a network
  // unauthenticated.
  std::string file;
  std::string url;
  std::chrono::seconds min_refresh{60};
  std::chrono::milliseconds timeout{3000};  // the whole fetch, connect to last byte
  size_t max_bytes = kMaxJwksBytes;
  // Only for tests: the clock the refresh interval is measured with.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

class JwksSource final : public KeyProvider {
 public:
  // Checks the options; does not fetch (the first FindKey or Refresh does).
  static Result<std::unique_ptr<JwksSource>> Create(JwksSourceOptions options);

  // Fetches now, ignoring min_refresh (start-up, `check`). On failure the
  // previous set, if any, stays in use.
  Status Refresh();

  Result<std::shared_ptr<const JsonWebKey>> FindKey(std::string_view kid) override;

  // Fetch attempts so far (successful or not).
  int64_t fetch_count() const;
  // Where keys come from: the file path or the URL.
  const std::string& location() const;

 private:
  explicit JwksSource(JwksSourceOptions options);
  std::chrono::steady_clock::time_point Now() const;
  // Reads the file or the URL and parses it; no lock held.
  Result<KeySet> Fetch() const;
  // Runs one Fetch and installs its result; caller holds fetch_mutex_.
  Status FetchAndInstall();
  Result<std::shared_ptr<const JsonWebKey>> LookUpLocked(std::string_view kid) const;

  const JwksSourceOptions options_;
  std::mutex fetch_mutex_;              // one fetch at a time; held while fetching
  mutable std::mutex mutex_;            // guards everything below; never held while fetching
  std::shared_ptr<const KeySet> keys_;  // null until a fetch succeeded
  int64_t fetches_ = 0;
  bool attempted_ = false;
  std::chrono::steady_clock::time_point last_attempt_;
  std::string last_error_;
};

}  // namespace klussen::auth
