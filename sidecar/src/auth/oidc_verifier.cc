#include "auth/oidc_verifier.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "auth/jwt.h"

namespace klussen::auth {
namespace {

constexpr size_t kMaxKidBytes = 256;
constexpr size_t kEs256SignatureBytes = 64;  // r || s, 32 bytes each (RFC 7518 §3.4)

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};

// A short, printable form of untrusted text for messages.
std::string Printable(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 64)) out += (ch >= 0x20 && ch < 0x7f) ? ch : '?';
  if (text.size() > 64) out += "...";
  return out;
}

std::string Describe(const nlohmann::json& value) {
  return value.is_string() ? "\"" + Printable(value.get_ref<const std::string&>()) + "\""
                           : std::string(value.type_name());
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

// EVP_DigestVerify with SHA-256 over `data`; `rsa_pkcs1` selects
// RSASSA-PKCS1-v1_5 padding explicitly rather than trusting a default.
bool DigestVerify(EVP_PKEY* key, bool rsa_pkcs1, std::string_view data,
                  const unsigned char* signature, size_t signature_size) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_ctx = nullptr;  // owned by ctx
  bool ok = ctx && EVP_DigestVerifyInit_ex(ctx.get(), &key_ctx, "SHA256", nullptr, nullptr, key,
                                           nullptr) == 1;
  if (ok && rsa_pkcs1) ok = EVP_PKEY_CTX_set_rsa_padding(key_ctx, RSA_PKCS1_PADDING) == 1;
  ok =
      ok && EVP_DigestVerify(ctx.get(), signature, signature_size,
                             reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  // A failed verification leaves entries in the thread's error queue; they
  // must not surface in an unrelated OpenSSL call (TLS) later on this thread.
  ERR_clear_error();
  return ok;
}

Status VerifyRs256(const JsonWebKey& key, std::string_view data, std::string_view signature) {
  const int modulus_bytes = EVP_PKEY_get_size(key.pkey.get());
  if (modulus_bytes <= 0 || signature.size() != static_cast<size_t>(modulus_bytes)) {
    return Unauthenticated("RS256 signature has " + std::to_string(signature.size()) +
                           " bytes; key \"" + Printable(key.kid) + "\" needs " +
                           std::to_string(modulus_bytes));
  }
  if (!DigestVerify(key.pkey.get(), /*rsa_pkcs1=*/true, data,
                    reinterpret_cast<const unsigned char*>(signature.data()), signature.size())) {
    return Unauthenticated("RS256 signature does not verify with key \"" + Printable(key.kid) +
                           "\"");
  }
  return Status::Ok();
}

// JOSE carries ECDSA signatures as fixed-size r || s; OpenSSL verifies the
// DER ECDSA-Sig-Value, so the signature is converted (never accepted as DER).
Status VerifyEs256(const JsonWebKey& key, std::string_view data, std::string_view signature) {
  if (signature.size() != kEs256SignatureBytes) {
    return Unauthenticated("ES256 signature has " + std::to_string(signature.size()) +
                           " bytes, not 64 (r||s)");
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(signature.data());
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return Internal("cannot convert an ES256 signature");
  }
  unsigned char* der = nullptr;
  const int der_size = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_size <= 0) return Internal("cannot encode an ES256 signature");
  const bool ok =
      DigestVerify(key.pkey.get(), /*rsa_pkcs1=*/false, data, der, static_cast<size_t>(der_size));
  OPENSSL_free(der);
  if (!ok) {
    return Unauthenticated("ES256 signature does not verify with key \"" + Printable(key.kid) +
                           "\"");
  }
  return Status::Ok();
}

// A NumericDate (RFC 7519 §2): any JSON number. Booleans and strings are not.
std::optional<double> NumericDate(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string FormatDate(double value) {
  if (value >= -9.0e15 && value <= 9.0e15) return std::to_string(static_cast<int64_t>(value));
  return std::to_string(value);
}

}  // namespace

// ---- OidcSettings

Result<host::SubjectKind> ParseSubjectKind(std::string_view name) {
  if (name == "pleio_guid") return host::SubjectKind::kPleioGuid;
  if (name == "username") return host::SubjectKind::kUsername;
  if (name == "email") return host::SubjectKind::kEmail;
  return InvalidArgument("oidc_subject_maps_to must be pleio_guid, username or email, not '" +
                         Printable(name) + "'");
}

Result<OidcSettings> OidcSettings::FromConfig(const Config& config) {
  OidcSettings settings;
  settings.issuer = config.GetString("oidc_issuer");
  settings.client_id = config.GetString("oidc_client_id");
  settings.jwks_file = config.GetString("oidc_jwks_file");
  settings.jwks_url = config.GetString("oidc_jwks_url");
  settings.jwks_min_refresh = std::chrono::seconds(config.GetInt("oidc_jwks_min_refresh_s"));
  settings.jwks_timeout = std::chrono::milliseconds(config.GetInt("oidc_jwks_timeout_ms"));
  settings.leeway = std::chrono::seconds(config.GetInt("oidc_leeway_s"));
  settings.algorithms = config.GetList("oidc_algorithms");
  KL_ASSIGN_OR_RETURN(settings.subject_kind,
                      ParseSubjectKind(config.GetString("oidc_subject_maps_to")));
  KL_RETURN_IF_ERROR(settings.Validate());
  return settings;
}

Status OidcSettings::Validate() const {
  if (!enabled()) return Status::Ok();
  if (client_id.empty()) {
    return InvalidArgument("oidc_client_id is required when oidc_issuer is set");
  }
  if (jwks_file.empty() == jwks_url.empty()) {
    return InvalidArgument(
        "exactly one of oidc_jwks_file and oidc_jwks_url is required when oidc_issuer is set");
  }
  if (!jwks_url.empty()) {
    Status url = ValidateJwksUrl(jwks_url);
    if (!url.ok()) return url.WithContext("oidc_jwks_url");
  }
  if (algorithms.empty()) return InvalidArgument("oidc_algorithms is empty");
  for (const auto& algorithm : algorithms) {
    if (algorithm != "RS256" && algorithm != "ES256") {
      return InvalidArgument("oidc_algorithms may only hold RS256 and ES256, not '" +
                             Printable(algorithm) + "'");
    }
  }
  if (leeway.count() < 0 || leeway > kMaxLeeway) {
    return InvalidArgument("oidc_leeway_s must be between 0 and " +
                           std::to_string(kMaxLeeway.count()));
  }
  if (jwks_min_refresh.count() < 1) return InvalidArgument("oidc_jwks_min_refresh_s must be >= 1");
  if (jwks_timeout.count() < 1) return InvalidArgument("oidc_jwks_timeout_ms must be >= 1");
  return Status::Ok();
}

// ---- OidcVerifier

Result<std::unique_ptr<OidcVerifier>> OidcVerifier::Create(const OidcSettings& settings) {
  if (!settings.enabled()) return FailedPrecondition("OIDC bearer tokens are off (no oidc_issuer)");
  KL_RETURN_IF_ERROR(settings.Validate());
  JwksSourceOptions options;
  options.file = settings.jwks_file;
  options.url = settings.jwks_url;
  options.min_refresh = settings.jwks_min_refresh;
  options.timeout = settings.jwks_timeout;
  KL_ASSIGN_OR_RETURN(std::unique_ptr<JwksSource> source, JwksSource::Create(std::move(options)));
  return std::make_unique<OidcVerifier>(settings, std::shared_ptr<KeyProvider>(std::move(source)));
}

OidcVerifier::OidcVerifier(OidcSettings settings, std::shared_ptr<KeyProvider> keys)
    : settings_(std::move(settings)), keys_(std::move(keys)) {}

Result<std::string> OidcVerifier::CheckHeader(const nlohmann::json& header) const {
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) {
    return Unauthenticated("token header has no \"alg\" string");
  }
  const std::string& algorithm = alg->get_ref<const std::string&>();
  if (std::find(settings_.algorithms.begin(), settings_.algorithms.end(), algorithm) ==
      settings_.algorithms.end()) {
    std::string allowed;
    for (const auto& name : settings_.algorithms) allowed += (allowed.empty() ? "" : ", ") + name;
    return Unauthenticated("token algorithm \"" + Printable(algorithm) +
                           "\" is not allowed (allowed: " + allowed + ")");
  }
  // Settings are validated, but a verifier built around unchecked settings
  // must still never let an algorithm reach the RSA or EC path it is not.
  if (algorithm != "RS256" && algorithm != "ES256") {
    return Unauthenticated("token algorithm \"" + Printable(algorithm) + "\" is not supported");
  }
  auto typ = header.find("typ");
  if (typ != header.end()) {
    std::string_view type = typ->is_string() ? std::string_view(typ->get_ref<const std::string&>())
                                             : std::string_view();
    // RFC 7515 §4.1.9: "application/" may be left out of a media type.
    if (type.size() > 12 && EqualsIgnoringAsciiCase(type.substr(0, 12), "application/")) {
      type.remove_prefix(12);
    }
    if (!EqualsIgnoringAsciiCase(type, "JWT") && !EqualsIgnoringAsciiCase(type, "at+jwt")) {
      return Unauthenticated("token type " + Describe(*typ) + " is neither JWT nor at+jwt");
    }
  }
  if (header.contains("crit")) {
    return Unauthenticated("token header has \"crit\"; no critical extension is supported");
  }
  return algorithm;
}

Result<std::string> OidcVerifier::CheckClaims(const nlohmann::json& claims,
                                              int64_t now_unix) const {
  if (!claims.is_object()) return Unauthenticated("token claims are not an object");

  auto iss = claims.find("iss");
  if (iss == claims.end()) return Unauthenticated("token has no \"iss\"");
  if (!iss->is_string() || *iss != settings_.issuer) {
    return Unauthenticated("token issuer " + Describe(*iss) + " is not the configured issuer");
  }

  auto aud = claims.find("aud");
  if (aud == claims.end()) return Unauthenticated("token has no \"aud\"");
  bool for_us = false;
  if (aud->is_string()) {
    for_us = *aud == settings_.client_id;
  } else if (aud->is_array()) {
    for (const auto& entry : *aud) {
      if (!entry.is_string()) return Unauthenticated("token \"aud\" holds a non-string");
      for_us = for_us || entry == settings_.client_id;
    }
  } else {
    return Unauthenticated("token \"aud\" is a " + std::string(aud->type_name()));
  }
  if (!for_us) return Unauthenticated("token audience does not include our client id");

  const double now = static_cast<double>(now_unix);
  const double leeway = static_cast<double>(settings_.leeway.count());
  std::optional<double> exp = NumericDate(claims, "exp");
  if (!exp) return Unauthenticated("token has no numeric \"exp\"");
  if (!(now < *exp + leeway)) {
    return Unauthenticated("token expired at " + FormatDate(*exp) + " (now " +
                           std::to_string(now_unix) + ", leeway " +
                           std::to_string(settings_.leeway.count()) + " s)");
  }
  for (const char* name : {"nbf", "iat"}) {
    if (!claims.contains(name)) continue;
    std::optional<double> when = NumericDate(claims, name);
    if (!when) return Unauthenticated(std::string("token \"") + name + "\" is not a number");
    if (*when > now + leeway) {
      return Unauthenticated(std::string("token \"") + name + "\" " + FormatDate(*when) +
                             " is in the future (now " + std::to_string(now_unix) + ", leeway " +
                             std::to_string(settings_.leeway.count()) + " s)");
    }
  }

  auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string()) {
    return Unauthenticated("token has no \"sub\" string");
  }
  const std::string& subject = sub->get_ref<const std::string&>();
  if (subject.empty() || subject.size() > kMaxSubjectBytes) {
    return Unauthenticated("token \"sub\" has " + std::to_string(subject.size()) +
                           " bytes; 1 to 255 are accepted");
  }
  for (char ch : subject) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      return Unauthenticated("token \"sub\" contains a control character");
    }
  }
  return subject;
}

Result<VerifiedToken> OidcVerifier::Verify(std::string_view token, int64_t now_unix) const {
  Result<Jwt> parsed = ParseJwt(token);
  if (!parsed.ok()) return Unauthenticated("malformed token: " + parsed.status().message());
  const Jwt& jwt = *parsed;

  KL_ASSIGN_OR_RETURN(std::string algorithm, CheckHeader(jwt.header));

  auto kid = jwt.header.find("kid");
  if (kid == jwt.header.end() || !kid->is_string() || kid->get_ref<const std::string&>().empty()) {
    return Unauthenticated("token header has no \"kid\" string");
  }
  const std::string& key_id = kid->get_ref<const std::string&>();
  if (key_id.size() > kMaxKidBytes) {
    return Unauthenticated("token \"kid\" is longer than " + std::to_string(kMaxKidBytes) +
                           " bytes");
  }
  Result<std::shared_ptr<const JsonWebKey>> found = keys_->FindKey(key_id);
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kNotFound) {
      return Unauthenticated("token key unknown: " + found.status().message());
    }
    return found.status();  // Unavailable: no key set to check against
  }
  const JsonWebKey& key = **found;

  const KeyType wanted = algorithm == "RS256" ? KeyType::kRsa : KeyType::kEcP256;
  if (key.type != wanted) {
    return Unauthenticated("token algorithm " + algorithm + " does not fit key \"" +
                           Printable(key.kid) + "\" of type " + KeyTypeName(key.type));
  }
  KL_RETURN_IF_ERROR(wanted == KeyType::kRsa ? VerifyRs256(key, jwt.signing_input, jwt.signature)
                                             : VerifyEs256(key, jwt.signing_input, jwt.signature));

  KL_ASSIGN_OR_RETURN(std::string subject, CheckClaims(jwt.claims, now_unix));
  VerifiedToken verified;
  verified.subject = std::move(subject);
  verified.claims = jwt.claims;
  verified.key_id = key_id;
  verified.algorithm = algorithm;
  return verified;
}

}  // namespace klussen::auth
