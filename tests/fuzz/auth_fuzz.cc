// libFuzzer target for the parsers that read untrusted authentication input.
// Built and run by scripts/fuzz.sh (clang, -fsanitize=fuzzer,address,undefined).
//
// Every input goes to each Fuzz* function below; each one exercises one
// parser and must never crash, leak or trip a sanitizer, whatever the bytes.
// To cover another parser, add a Fuzz* function and call it from
// LLVMFuzzerTestOneInput. Seeds live in tests/fuzz/corpus/auth/.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "auth/jwks.h"
#include "auth/jwt.h"
#include "auth/oidc_verifier.h"
#include "auth/signed_context.h"
#include "common/log.h"

namespace {

using klussen::auth::OidcVerifier;

// The clock every token is checked against; the seed tokens are valid then.
constexpr int64_t kNow = 1800000000;

// Public halves of the keys that signed the seed tokens (the private halves
// were thrown away), so seeds pass the signature check and reach the claims.
constexpr char kJwks[] =
    R"({"keys":[{"kty":"RSA","kid":"fuzz-rsa","use":"sig","alg":"RS256","e":"AQAB","n":")"
    "1OFv5pIjASNzUPNPI4PzVTmGw33xTkrUH4KbomGJbkEITuc1zs-7hb2VuLx7gQXeOHEIw-2-VRUYHxw85iLVJbEbZPUWY5"
    "kRTRFDdZGotPDBOTmlhRVQIXoSwimvzhkJsHdUvSnfOjUN2HzQ2gNOVOfvk3O8ibK8nBfxx3Ic91aSyWl_vpakfyQ8o5Oo"
    "HVbp3r2YjDMrfRFp_cMMnOrgD4Yc0o61at2sCo1DSac3Fq2zGQaftWJhjaNlOQgoj0PyrwsOh9S-215H2OLdrLVhbovonM"
    "Q4o8arwEhTB0-OD_GCyV9qv5fgtL7Bk5FzzIAESExIdN-vQqx-ixTi4BdU-w"
    R"("},{"kty":"EC","kid":"fuzz-ec","crv":"P-256",)"
    R"("x":"Lb6BILWD_-OWjZ-wc10FoZt4uT8d0ZjKP9fXSor-X8c",)"
    R"("y":"gUsiI744E9m5cW4LRUyqq1dQW8_LPzIl3Wj5cOjmKto"}]})";

const OidcVerifier& Verifier() {
  static const OidcVerifier* verifier = [] {
    klussen::auth::OidcSettings settings;
    settings.issuer = "https://account.pleio.test";
    settings.client_id = "klussen";
    settings.jwks_file = "/unused";
    klussen::Result<klussen::auth::KeySet> keys = klussen::auth::KeySet::Parse(kJwks);
    if (!keys.ok() || keys->size() != 2) __builtin_trap();  // the fixed set must load
    return new OidcVerifier(settings,
                            std::make_shared<klussen::auth::StaticKeys>(std::move(keys).value()));
  }();
  return *verifier;
}

// A bearer token: the JWT syntax, then the header and claim checks on what
// parsed (reached directly, since fuzzed bytes rarely carry a valid
// signature), then the whole verification against the fixed key set.
void FuzzBearerToken(std::string_view input) {
  klussen::Result<klussen::auth::Jwt> jwt = klussen::auth::ParseJwt(input);
  if (jwt.ok()) {
    (void)Verifier().CheckHeader(jwt->header);
    (void)Verifier().CheckClaims(jwt->claims, kNow);
  }
  (void)Verifier().Verify(input, kNow);
}

// A JWKS document (trusted in production, but parsed from the network).
void FuzzJwks(std::string_view input) { (void)klussen::auth::KeySet::Parse(input); }

// A glue request: the first line is the method, the second the raw target,
// then "Name: value" header lines up to an empty line, then the body. Goes
// through the header syntax checks, the canonical request and the verifier.
void FuzzSignedRequest(std::string_view input) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= input.size() && lines.size() < 16) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    lines.push_back(input.substr(start, end - start));
    start = end + 1;
    if (lines.back().empty() && lines.size() > 2) break;
  }
  std::string_view body = start < input.size() ? input.substr(start) : std::string_view();
  std::multimap<std::string, std::string> headers;
  for (size_t i = 2; i < lines.size(); ++i) {
    size_t colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = lines[i].substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.emplace(std::string(lines[i].substr(0, colon)), std::string(value));
  }
  auto lookup = [&headers](std::string_view name) -> std::optional<std::string> {
    if (headers.count(std::string(name)) != 1) return std::nullopt;
    return headers.find(std::string(name))->second;
  };
  static klussen::auth::SignedContextVerifier* verifier = new klussen::auth::SignedContextVerifier(
      {{"k1", "0123456789abcdef0123456789abcdef"}}, std::chrono::seconds(60), 1000);
  std::string_view method = lines.size() > 0 ? lines[0] : std::string_view();
  std::string_view target = lines.size() > 1 ? lines[1] : std::string_view();
  (void)klussen::auth::CanonicalRequest(method, target, {}, body);
  (void)verifier->Verify(klussen::auth::SignedRequest{method, target, body, lookup}, kNow);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  klussen::log::SetLevel(klussen::log::Level::kError);  // keep the fuzzer's output readable
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  FuzzBearerToken(input);
  FuzzJwks(input);
  FuzzSignedRequest(input);
  return 0;
}
