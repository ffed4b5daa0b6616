#include "auth/signed_context.h"

#include <charconv>
#include <regex>

#include "common/config.h"
#include "common/digest.h"

namespace klussen::auth {
namespace {

// One matcher per header (docs/protocol.md, "Headers"). std::regex is fine
// here: the values are short (httplib caps lines) and the patterns are simple.
struct HeaderRule {
  std::string_view name;
  std::regex pattern;
};

const std::vector<HeaderRule>& Rules() {
  static const std::vector<HeaderRule> rules = {
      {"X-Klussen-Key-Id", std::regex("[A-Za-z0-9_-]{1,32}")},
      {"X-Klussen-Timestamp", std::regex("[0-9]{1,12}")},
      {"X-Klussen-Nonce", std::regex("[0-9a-f]{32}")},
      {"X-Klussen-Viewer", std::regex("0|[1-9][0-9]{0,18}")},
      {"X-Klussen-Language", std::regex("[a-z]{2,3}(_[a-zA-Z]{2,4})?")},
      {"X-Klussen-Site", std::regex("[1-9][0-9]{0,18}")},
      {"X-Klussen-Signature", std::regex("[0-9a-f]{64}")},
  };
  return rules;
}

// Digits only (checked by the header syntax); 0 when over int64 range, which
// ParseSignedFields has refused already.
int64_t ParseGuid(const std::string& digits) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return error == std::errc() && end == digits.data() + digits.size() ? value : 0;
}

bool ValidKeyId(const std::string& id) {
  return std::regex_match(id, std::regex("[A-Za-z0-9_-]{1,32}"));
}

}  // namespace

Result<std::vector<SigningKey>> SigningKeysFromConfig(const Config& config) {
  std::vector<SigningKey> keys;
  auto add = [&](const char* id_key, const char* secret_key) -> Status {
    SigningKey key{config.GetString(id_key), config.GetString(secret_key)};
    if (key.id.empty() && key.secret.empty()) return Status::Ok();
    if (!ValidKeyId(key.id)) {
      return InvalidArgument(std::string("config key '") + id_key +
                             "' must match [A-Za-z0-9_-]{1,32}");
    }
    if (key.secret.size() < kMinSecretBytes) {
      return InvalidArgument(std::string("config key '") + secret_key + "' is " +
                             (key.secret.empty() ? "missing" : "shorter than 32 bytes") +
                             " (generate one with `openssl rand -hex 32`)");
    }
    for (const auto& other : keys) {
      if (other.id == key.id) {
        return InvalidArgument(std::string("config key '") + id_key +
                               "' repeats the current key id");
      }
    }
    keys.push_back(std::move(key));
    return Status::Ok();
  };
  KL_RETURN_IF_ERROR(add("auth_key_id", "auth_secret"));
  if (keys.empty()) {
    return InvalidArgument(
        "config key 'auth_secret' is missing: generate one with `openssl rand -hex 32` (set "
        "KLUSSEN_AUTH_SECRET)");
  }
  KL_RETURN_IF_ERROR(add("auth_previous_key_id", "auth_previous_secret"));
  return keys;
}

Result<SignedFields> ParseSignedFields(const HeaderLookup& header, std::string* signature) {
  std::vector<std::string> values;
  for (const auto& rule : Rules()) {
    std::optional<std::string> value = header(rule.name);
    if (!value) return Unauthenticated("missing or repeated header " + std::string(rule.name));
    if (value->size() > 64 || !std::regex_match(*value, rule.pattern)) {
      return Unauthenticated("malformed header " + std::string(rule.name));
    }
    if ((rule.name == "X-Klussen-Viewer" || rule.name == "X-Klussen-Site") && *value != "0" &&
        ParseGuid(*value) == 0) {
      return Unauthenticated("malformed header " + std::string(rule.name) + " (out of range)");
    }
    values.push_back(std::move(*value));
  }
  SignedFields fields{values[0], values[1], values[2], values[3], values[4], values[5]};
  *signature = values[6];
  return fields;
}

SignedContextVerifier::SignedContextVerifier(std::vector<SigningKey> keys,
                                             std::chrono::seconds clock_skew, size_t nonce_capacity)
    : keys_(std::move(keys)), clock_skew_(clock_skew), nonces_(nonce_capacity) {}

std::string SignedContextVerifier::Sign(const SigningKey& key, std::string_view method,
                                        std::string_view target, const SignedFields& fields,
                                        std::string_view body) {
  return HmacSha256Hex(key.secret, CanonicalRequest(method, target, fields, body));
}

Result<Viewer> SignedContextVerifier::Verify(const SignedRequest& request, int64_t now_unix) {
  std::string signature;
  KL_ASSIGN_OR_RETURN(SignedFields fields, ParseSignedFields(request.header, &signature));

  const SigningKey* key = nullptr;
  for (const auto& candidate : keys_) {
    if (candidate.id == fields.key_id) key = &candidate;
  }
  if (key == nullptr) return Unauthenticated("unknown key id " + fields.key_id);

  int64_t timestamp = ParseGuid(fields.timestamp);  // ≤ 12 digits: cannot overflow
  int64_t skew = clock_skew_.count();
  if (timestamp < now_unix - skew) return Unauthenticated("stale timestamp");
  if (timestamp > now_unix + skew) return Unauthenticated("timestamp in the future");

  std::string expected = Sign(*key, request.method, request.target, fields, request.body);
  if (!ConstantTimeEquals(expected, signature)) return Unauthenticated("signature mismatch");

  // A nonce stays live for the whole window in which its timestamp is valid.
  switch (nonces_.Insert(fields.nonce, timestamp + skew, now_unix)) {
    case NonceCache::Outcome::kNew:
      break;
    case NonceCache::Outcome::kReplay:
      return Unauthenticated("replayed nonce");
    case NonceCache::Outcome::kFull:
      return Unauthenticated("nonce cache full");
  }

  Viewer viewer;
  viewer.guid = ParseGuid(fields.viewer);
  viewer.language = fields.language;
  viewer.site_guid = ParseGuid(fields.site);
  viewer.source = ViewerSource::kSignedContext;
  return viewer;
}

}  // namespace klussen::auth
