#include "auth/jwks.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "auth/base64url.h"
#include "auth/jwt.h"
#include "common/log.h"

namespace klussen::auth {
namespace {

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ParamFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

constexpr size_t kMaxKidBytes = 256;
constexpr size_t kP256CoordinateBytes = 32;
constexpr size_t kMaxRsaExponentBytes = 8;

// Members that only a private key has: a JWKS that publishes them has leaked
// the key, so anyone could sign with it.
constexpr std::array<const char*, 7> kPrivateMembers = {"d", "p", "q", "dp", "dq", "qi", "oth"};

// Builds an EVP_PKEY of `key_type` ("RSA", "EC") from public parameters.
Result<std::shared_ptr<EVP_PKEY>> PublicKeyFromParams(const char* key_type, OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1 || raw == nullptr) {
    return InvalidArgument(std::string("OpenSSL does not accept the ") + key_type + " parameters");
  }
  return std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free);
}

// Decodes a base64url member that must be a string.
Result<std::string> DecodeMember(const nlohmann::json& jwk, const char* name) {
  auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return InvalidArgument(std::string("member \"") + name + "\" is missing or not a string");
  }
  Result<std::string> bytes = Base64UrlDecode(it->get_ref<const std::string&>());
  if (!bytes.ok()) return bytes.status().WithContext(std::string("member \"") + name + "\"");
  return bytes;
}

// RFC 7518 §6.3.1 asks for the shortest big-endian form; some providers add a
// zero byte anyway, which changes nothing about the number.
std::string_view StripLeadingZeros(std::string_view bytes) {
  while (!bytes.empty() && bytes.front() == '\0') bytes.remove_prefix(1);
  return bytes;
}

Result<JsonWebKey> RsaKey(const nlohmann::json& jwk) {
  KL_ASSIGN_OR_RETURN(std::string n_bytes, DecodeMember(jwk, "n"));
  KL_ASSIGN_OR_RETURN(std::string e_bytes, DecodeMember(jwk, "e"));
  const std::string_view n = StripLeadingZeros(n_bytes);
  const std::string_view e = StripLeadingZeros(e_bytes);
  if (n.size() * 8 > static_cast<size_t>(kMaxRsaBits)) {
    return InvalidArgument("RSA modulus is longer than " + std::to_string(kMaxRsaBits) + " bits");
  }
  if (e.empty() || e.size() > kMaxRsaExponentBytes || (e.back() & 1) == 0 ||
      (e.size() == 1 && static_cast<unsigned char>(e[0]) < 3)) {
    return InvalidArgument("RSA exponent is not an odd number from 3 to 64 bits");
  }
  BnPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()),
                       nullptr));
  BnPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()),
                       nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return Internal("cannot build RSA parameters");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return Internal("cannot build RSA parameters");
  JsonWebKey key;
  key.type = KeyType::kRsa;
  KL_ASSIGN_OR_RETURN(key.pkey, PublicKeyFromParams("RSA", params.get()));
  key.bits = EVP_PKEY_get_bits(key.pkey.get());
  if (key.bits < kMinRsaBits) {
    return InvalidArgument("RSA modulus has " + std::to_string(key.bits) + " bits, fewer than " +
                           std::to_string(kMinRsaBits));
  }
  return key;
}

Result<JsonWebKey> EcKey(const nlohmann::json& jwk) {
  auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string() || *crv != "P-256") {
    return InvalidArgument("curve is not P-256");
  }
  KL_ASSIGN_OR_RETURN(std::string x, DecodeMember(jwk, "x"));
  KL_ASSIGN_OR_RETURN(std::string y, DecodeMember(jwk, "y"));
  // RFC 7518 §6.2.1.2: full-length coordinates, no more, no less.
  if (x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes) {
    return InvalidArgument("P-256 coordinates must be 32 bytes each");
  }
  const std::string point = std::string(1, '\x04') + x + y;  // SEC 1 uncompressed form
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Internal("cannot build EC parameters");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return Internal("cannot build EC parameters");
  JsonWebKey key;
  key.type = KeyType::kEcP256;
  KL_ASSIGN_OR_RETURN(key.pkey, PublicKeyFromParams("EC", params.get()));
  // Invalid-curve points (RFC 8725 §3.4): decoding already refuses points off
  // the curve; the explicit check also covers the point at infinity.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    return InvalidArgument("EC point is not a valid P-256 public key");
  }
  key.bits = EVP_PKEY_get_bits(key.pkey.get());
  return key;
}

// Why `jwk` cannot be used, or the key.
Result<JsonWebKey> ParseKey(const nlohmann::json& jwk) {
  if (!jwk.is_object()) return InvalidArgument("not a JSON object");
  auto kid = jwk.find("kid");
  if (kid == jwk.end() || !kid->is_string() || kid->get_ref<const std::string&>().empty()) {
    return InvalidArgument("no \"kid\": tokens could not name it");
  }
  if (kid->get_ref<const std::string&>().size() > kMaxKidBytes) {
    return InvalidArgument("\"kid\" is longer than " + std::to_string(kMaxKidBytes) + " bytes");
  }
  auto use = jwk.find("use");
  if (use != jwk.end() && *use != "sig") return InvalidArgument("\"use\" is not \"sig\"");
  auto key_ops = jwk.find("key_ops");
  if (key_ops != jwk.end()) {
    bool verify = false;
    if (key_ops->is_array()) {
      for (const auto& op : *key_ops) verify = verify || op == "verify";
    }
    if (!verify) return InvalidArgument("\"key_ops\" does not include \"verify\"");
  }
  for (const char* member : kPrivateMembers) {
    if (jwk.contains(member)) {
      return InvalidArgument(std::string("has the private member \"") + member +
                             "\": the key is compromised");
    }
  }
  auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string()) return InvalidArgument("no \"kty\"");
  // Each key serves exactly one algorithm (RFC 8725 §3.1); a key declared for
  // another one (PS256, ES384, ...) is not ours to use.
  const char* algorithm = nullptr;
  if (*kty == "RSA") {
    algorithm = "RS256";
  } else if (*kty == "EC") {
    algorithm = "ES256";
  } else {
    return InvalidArgument("\"kty\" " + kty->dump() + " is not supported");
  }
  auto alg = jwk.find("alg");
  if (alg != jwk.end() && *alg != algorithm) {
    return InvalidArgument("\"alg\" " + alg->dump() + " does not fit a " + kty->get<std::string>() +
                           " key (only " + algorithm + ")");
  }
  Result<JsonWebKey> key = *kty == "RSA" ? RsaKey(jwk) : EcKey(jwk);
  if (!key.ok()) return key;
  key->kid = kid->get<std::string>();
  return key;
}

// A short, printable form of untrusted text for messages.
std::string Printable(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 64)) {
    out += (ch >= 0x20 && ch < 0x7f) ? ch : '?';
  }
  if (text.size() > 64) out += "...";
  return out;
}

// ---- Fetching.

struct HttpLocation {
  bool https = false;
  std::string host;  // without brackets for IPv6
  int port = 0;
  std::string path;  // with the query, starts with '/'
};

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  unsigned char address[16];
  if (inet_pton(AF_INET, host.c_str(), address) == 1) return address[0] == 127;
  if (inet_pton(AF_INET6, host.c_str(), address) == 1) {
    static const unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return std::equal(address, address + 16, kLoopback6);
  }
  return false;
}

Result<HttpLocation> ParseUrl(const std::string& url) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("JWKS URL '" + Printable(url) + "' " + why);
  };
  for (char ch : url) {
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f)
      return bad("contains a space or control character");
  }
  HttpLocation location;
  std::string_view rest = url;
  if (rest.rfind("https://", 0) == 0) {
    location.https = true;
    rest.remove_prefix(8);
  } else if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  } else {
    return bad("is not an https:// or http:// URL");
  }
  if (rest.find('#') != std::string_view::npos) return bad("has a fragment");
  const size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  location.path = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (location.path[0] == '?') location.path.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) return bad("has user information");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed IPv6 literal");
    location.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return bad("has text after the IPv6 literal");
    if (!after.empty()) port_text = after.substr(1);
    unsigned char address[16];
    if (inet_pton(AF_INET6, location.host.c_str(), address) != 1)
      return bad("has a bad IPv6 literal");
  } else {
    const size_t colon = authority.find(':');
    location.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    for (char ch : location.host) {
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-') {
        return bad("has a bad host name");
      }
    }
  }
  if (location.host.empty()) return bad("has no host");
  location.port = location.https ? 443 : 80;
  if (!port_text.empty() || authority.back() == ':') {
    if (port_text.empty() || port_text.size() > 5) return bad("has a bad port");
    int port = 0;
    for (char ch : port_text) {
      if (ch < '0' || ch > '9') return bad("has a bad port");
      port = port * 10 + (ch - '0');
    }
    if (port < 1 || port > 65535) return bad("has a bad port");
    location.port = port;
  }
  if (!location.https && !IsLoopback(location.host)) {
    return bad("uses plain http to a host that is not loopback; use https");
  }
  return location;
}

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Unavailable("cannot open JWKS file " + path);
  std::string text(max_bytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (file.bad()) return Unavailable("cannot read JWKS file " + path);
  text.resize(static_cast<size_t>(file.gcount()));
  if (text.size() > max_bytes) {
    return Unavailable("JWKS file " + path + " is larger than " + std::to_string(max_bytes) +
                       " bytes");
  }
  return text;
}

// The value of a decimal string of at most 9 digits; anything else counts as
// too large.
size_t ParseDecimal(std::string_view text) {
  size_t value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return static_cast<size_t>(-1);
    value = value * 10 + static_cast<size_t>(ch - '0');
  }
  return value;
}

Result<std::string> HttpGet(const std::string& url, std::chrono::milliseconds timeout,
                            size_t max_bytes) {
  KL_ASSIGN_OR_RETURN(HttpLocation location, ParseUrl(url));
  std::unique_ptr<httplib::ClientImpl> client;
  if (location.https) {
    auto tls = std::make_unique<httplib::SSLClient>(location.host, location.port);
    tls->enable_server_certificate_verification(true);
    client = std::move(tls);
  } else {
    client = std::make_unique<httplib::ClientImpl>(location.host, location.port);
  }
  client->set_follow_location(false);  // a redirect could lead anywhere
  client->set_connection_timeout(timeout);
  client->set_read_timeout(timeout);
  client->set_write_timeout(timeout);

  // httplib's timeouts are per operation; the deadline bounds the whole body.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string body;
  int status = 0;
  std::string refusal;
  httplib::ResponseHandler on_response = [&](const httplib::Response& response) {
    status = response.status;
    if (status != 200) {
      refusal = "answered HTTP " + std::to_string(status);
      return false;
    }
    const std::string length = response.get_header_value("Content-Length");
    if (!length.empty() && (length.size() > 9 || ParseDecimal(length) > max_bytes)) {
      refusal = "announced more than " + std::to_string(max_bytes) + " bytes";
      return false;
    }
    return true;
  };
  httplib::ContentReceiver on_data = [&](const char* data, size_t size) {
    if (body.size() + size > max_bytes) {
      refusal = "sent more than " + std::to_string(max_bytes) + " bytes";
      return false;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      refusal = "took longer than " + std::to_string(timeout.count()) + " ms";
      return false;
    }
    body.append(data, size);
    return true;
  };
  httplib::Headers headers = {{"Accept", "application/json"}};
  httplib::Result result = client->Get(location.path, headers, on_response, on_data);
  if (!refusal.empty()) return Unavailable("JWKS URL " + Printable(url) + " " + refusal);
  if (!result) {
    return Unavailable("cannot fetch JWKS URL " + Printable(url) + ": " +
                       httplib::to_string(result.error()));
  }
  if (result->status != 200) {
    return Unavailable("JWKS URL " + Printable(url) + " answered HTTP " +
                       std::to_string(result->status));
  }
  return body;
}

}  // namespace

const char* KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return "RSA";
    case KeyType::kEcP256:
      return "EC P-256";
  }
  return "unknown";
}

// ---- KeySet

Result<KeySet> KeySet::Parse(std::string_view jwks_json) {
  KL_ASSIGN_OR_RETURN(nlohmann::json document, ParseJsonObject(jwks_json, "JWKS"));
  auto members = document.find("keys");
  if (members == document.end() || !members->is_array()) {
    return InvalidArgument("JWKS has no \"keys\" array");
  }
  KeySet set;
  size_t index = 0;
  for (const auto& jwk : *members) {
    std::string name = "key " + std::to_string(index);
    if (jwk.is_object()) {
      auto kid = jwk.find("kid");
      if (kid != jwk.end() && kid->is_string()) {
        name += " (kid \"" + Printable(kid->get_ref<const std::string&>()) + "\")";
      }
    }
    ++index;
    if (index > kMaxJwksKeys) {
      set.skipped_.push_back(name + ": more than " + std::to_string(kMaxJwksKeys) + " keys");
      continue;
    }
    Result<JsonWebKey> key = ParseKey(jwk);
    if (!key.ok()) {
      set.skipped_.push_back(name + ": " + key.status().message());
      continue;
    }
    if (set.keys_.count(key->kid) != 0) {
      set.skipped_.push_back(name + ": repeats the kid of an earlier key");
      continue;
    }
    std::string kid = key->kid;
    set.keys_.emplace(std::move(kid), std::make_shared<const JsonWebKey>(std::move(key).value()));
  }
  return set;
}

std::shared_ptr<const JsonWebKey> KeySet::Find(std::string_view kid) const {
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : it->second;
}

std::vector<std::string> KeySet::kids() const {
  std::vector<std::string> out;
  for (const auto& entry : keys_) out.push_back(entry.first);
  return out;
}

Status ValidateJwksUrl(const std::string& url) { return ParseUrl(url).status(); }

// ---- StaticKeys

Result<std::shared_ptr<const JsonWebKey>> StaticKeys::FindKey(std::string_view kid) {
  auto key = keys_.Find(kid);
  if (!key) return NotFound("no key with kid \"" + Printable(kid) + "\"");
  return key;
}

// ---- JwksSource

Result<std::unique_ptr<JwksSource>> JwksSource::Create(JwksSourceOptions options) {
  if (options.file.empty() == options.url.empty()) {
    return InvalidArgument("a JWKS source needs exactly one of a file and a URL");
  }
  if (!options.url.empty()) KL_RETURN_IF_ERROR(ValidateJwksUrl(options.url));
  if (options.min_refresh.count() < 0 || options.timeout.count() <= 0 || options.max_bytes == 0) {
    return InvalidArgument("JWKS refresh interval, timeout and size limit must be positive");
  }
  return std::unique_ptr<JwksSource>(new JwksSource(std::move(options)));
}

JwksSource::JwksSource(JwksSourceOptions options) : options_(std::move(options)) {}

std::chrono::steady_clock::time_point JwksSource::Now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

const std::string& JwksSource::location() const {
  return options_.file.empty() ? options_.url : options_.file;
}

int64_t JwksSource::fetch_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fetches_;
}

Result<KeySet> JwksSource::Fetch() const {
  Result<std::string> text = options_.file.empty()
                                 ? HttpGet(options_.url, options_.timeout, options_.max_bytes)
                                 : ReadFile(options_.file, options_.max_bytes);
  if (!text.ok()) return text.status();
  Result<KeySet> keys = KeySet::Parse(*text);
  if (!keys.ok()) return Unavailable(keys.status().message() + " (from " + location() + ")");
  return keys;
}

Status JwksSource::FetchAndInstall() {
  Result<KeySet> keys = Fetch();
  std::lock_guard<std::mutex> lock(mutex_);
  ++fetches_;
  if (!keys.ok()) {
    last_error_ = keys.status().message();
    log::Warn("JWKS fetch failed; keeping the previous keys",
              {{"from", location()}, {"reason", last_error_}});
    return keys.status();
  }
  for (const auto& reason : keys->skipped()) {
    log::Warn("JWKS key skipped", {{"from", location()}, {"reason", reason}});
  }
  std::string kids;
  for (const auto& kid : keys->kids()) kids += (kids.empty() ? "" : ",") + kid;
  log::Info("JWKS loaded", {{"from", location()}, {"kids", kids}});
  last_error_.clear();
  keys_ = std::make_shared<const KeySet>(std::move(keys).value());
  return Status::Ok();
}

Status JwksSource::Refresh() {
  std::lock_guard<std::mutex> fetching(fetch_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    attempted_ = true;
    last_attempt_ = Now();
  }
  return FetchAndInstall();
}

Result<std::shared_ptr<const JsonWebKey>> JwksSource::LookUpLocked(std::string_view kid) const {
  if (!keys_) {
    return Unavailable("no JWKS loaded from " + location() +
                       (last_error_.empty() ? "" : ": " + last_error_));
  }
  auto key = keys_->Find(kid);
  if (key) return key;
  return NotFound("no key with kid \"" + Printable(kid) + "\" in the JWKS from " + location() +
                  (last_error_.empty() ? "" : " (last fetch failed: " + last_error_ + ")"));
}

Result<std::shared_ptr<const JsonWebKey>> JwksSource::FindKey(std::string_view kid) {
  int64_t fetches_seen = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (keys_) {
      if (auto key = keys_->Find(kid)) return key;
    }
    fetches_seen = fetches_;
  }
  // A miss: fetch again, unless another thread did while this one waited, or
  // the last attempt was too recent.
  std::lock_guard<std::mutex> fetching(fetch_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fetches_ != fetches_seen) return LookUpLocked(kid);
    const auto now = Now();
    if (attempted_ && now - last_attempt_ < options_.min_refresh) return LookUpLocked(kid);
    attempted_ = true;
    last_attempt_ = now;
  }
  Status fetched = FetchAndInstall();
  (void)fetched;  // logged there; the lookup below reports what it means for this kid
  std::lock_guard<std::mutex> lock(mutex_);
  return LookUpLocked(kid);
}

}  // namespace klussen::auth
