#include "auth/oidc_verifier.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "auth/base64url.h"
#include "support/local_http_server.h"
#include "support/test_keys.h"

namespace klussen::auth {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr int64_t kNow = 1800000000;
const char kIssuer[] = "https://account.pleio.test";
const char kClientId[] = "klussen";

// Keys, JWKs and signatures come from tests/support/test_keys.h.
using klussen::testing::TestKey;

const TestKey& RsaKey() {
  static const TestKey* key = new TestKey(TestKey::Rsa("rsa-1"));
  return *key;
}
const TestKey& EcKey() {
  static const TestKey* key = new TestKey(TestKey::Ec("ec-1"));
  return *key;
}

std::string Jwks(const std::vector<json>& keys) { return json{{"keys", keys}}.dump(); }

using Signer = std::function<std::string(std::string_view signing_input)>;

std::string EncodeToken(const json& header, const json& claims, const Signer& sign) {
  const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  return input + "." + Base64UrlEncode(sign(input));
}

json Header(const TestKey& key) { return {{"alg", key.alg()}, {"kid", key.kid()}, {"typ", "JWT"}}; }

std::string SignedToken(const TestKey& key, const json& claims, const json& header) {
  return EncodeToken(header, claims, [&](std::string_view input) { return key.Sign(input); });
}
std::string SignedToken(const TestKey& key, const json& claims) {
  return SignedToken(key, claims, Header(key));
}

std::string HmacSha256(const std::string& secret, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t size = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof(out),
            &size);
  return std::string(reinterpret_cast<char*>(out), size);
}

// Replaces part `index` (0 header, 1 claims, 2 signature) of a token.
std::string ReplacePart(const std::string& token, int index, const std::string& part) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  std::string parts[3] = {token.substr(0, first), token.substr(first + 1, second - first - 1),
                          token.substr(second + 1)};
  parts[index] = part;
  return parts[0] + "." + parts[1] + "." + parts[2];
}

OidcSettings TestSettings() {
  OidcSettings settings;
  settings.issuer = kIssuer;
  settings.client_id = kClientId;
  settings.jwks_file = "/unused";
  settings.leeway = seconds(60);
  return settings;
}

json GoodClaims() {
  return {{"iss", kIssuer},   {"aud", kClientId}, {"sub", "123456"},  {"exp", kNow + 300},
          {"iat", kNow - 10}, {"nbf", kNow - 10}, {"scope", "openid"}};
}

// A verifier over a fixed key set holding RsaKey() and EcKey().
class AuthOidcVerifierTest : public ::testing::Test {
 protected:
  AuthOidcVerifierTest()
      : verifier_(TestSettings(), MakeStaticKeys({RsaKey().Jwk(), EcKey().Jwk()})) {}

  static std::shared_ptr<KeyProvider> MakeStaticKeys(const std::vector<json>& jwks) {
    Result<KeySet> keys = KeySet::Parse(Jwks(jwks));
    if (!keys.ok()) throw std::runtime_error(keys.status().ToString());
    return std::make_shared<StaticKeys>(std::move(keys).value());
  }

  Result<VerifiedToken> Verify(const std::string& token) { return verifier_.Verify(token, kNow); }

  void ExpectAccepted(const std::string& token) {
    Result<VerifiedToken> verified = Verify(token);
    EXPECT_TRUE(verified.ok()) << verified.status().ToString();
  }
  void ExpectRefused(const std::string& token, const std::string& reason) {
    Result<VerifiedToken> verified = Verify(token);
    ASSERT_FALSE(verified.ok()) << "accepted, expected: " << reason;
    EXPECT_EQ(verified.status().code(), StatusCode::kUnauthenticated)
        << verified.status().ToString();
    EXPECT_NE(verified.status().message().find(reason), std::string::npos)
        << verified.status().message() << "\n  lacks: " << reason;
  }
  void ExpectClaimsRefused(const json& claims, const std::string& reason) {
    ExpectRefused(SignedToken(RsaKey(), claims), reason);
  }

  OidcVerifier verifier_;
};

TEST_F(AuthOidcVerifierTest, AcceptsAValidRs256Token) {
  Result<VerifiedToken> verified = Verify(SignedToken(RsaKey(), GoodClaims()));
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->subject, "123456");
  EXPECT_EQ(verified->key_id, "rsa-1");
  EXPECT_EQ(verified->algorithm, "RS256");
  EXPECT_EQ(verified->claims["scope"], "openid");
}

TEST_F(AuthOidcVerifierTest, AcceptsAValidEs256Token) {
  Result<VerifiedToken> verified = Verify(SignedToken(EcKey(), GoodClaims()));
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->subject, "123456");
  EXPECT_EQ(verified->key_id, "ec-1");
  EXPECT_EQ(verified->algorithm, "ES256");
}

TEST_F(AuthOidcVerifierTest, RefusesAlgNone) {
  for (const char* none : {"none", "None", "NONE"}) {
    const json header = {{"alg", none}, {"kid", "rsa-1"}};
    ExpectRefused(EncodeToken(header, GoodClaims(), [](std::string_view) { return ""; }),
                  "is not allowed");
    // Nor with a signature that would verify as RS256.
    ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "is not allowed");
  }
}

TEST_F(AuthOidcVerifierTest, RefusesHs256SignedWithThePublicKey) {
  // The HS/RS confusion: the attacker knows the public key and uses its
  // bytes as the HMAC secret; a verifier that takes `alg` from the header and
  // hands "the key" to HMAC would accept this.
  const json public_jwk = RsaKey().Jwk();
  for (const std::string& secret :
       {RsaKey().PublicPem(), public_jwk.dump(), public_jwk["n"].get<std::string>()}) {
    for (const char* alg : {"HS256", "HS384", "HS512"}) {
      const json header = {{"alg", alg}, {"kid", "rsa-1"}, {"typ", "JWT"}};
      const std::string token = EncodeToken(
          header, GoodClaims(), [&](std::string_view input) { return HmacSha256(secret, input); });
      ExpectRefused(token, std::string("token algorithm \"") + alg + "\" is not allowed");
    }
  }
}

TEST_F(AuthOidcVerifierTest, RefusesAlgorithmsOffTheAllowList) {
  for (const char* alg : {"RS384", "RS512", "PS256", "ES384", "ES512", "EdDSA", "rs256", ""}) {
    json header = Header(RsaKey());
    header["alg"] = alg;
    ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "is not allowed");
  }
  json header = Header(RsaKey());
  header.erase("alg");
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "no \"alg\" string");
  header["alg"] = json::array({"RS256"});
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "no \"alg\" string");

  // An allow-list of ES256 only refuses RS256.
  OidcSettings es_only = TestSettings();
  es_only.algorithms = {"ES256"};
  OidcVerifier verifier(es_only, MakeStaticKeys({RsaKey().Jwk(), EcKey().Jwk()}));
  EXPECT_TRUE(verifier.Verify(SignedToken(EcKey(), GoodClaims()), kNow).ok());
  EXPECT_EQ(verifier.Verify(SignedToken(RsaKey(), GoodClaims()), kNow).status().message(),
            "token algorithm \"RS256\" is not allowed (allowed: ES256)");

  // Even around settings that skipped Validate, HS256 never reaches a key.
  OidcSettings unchecked = TestSettings();
  unchecked.algorithms = {"RS256", "ES256", "HS256"};
  ASSERT_FALSE(unchecked.Validate().ok());
  OidcVerifier careless(unchecked, MakeStaticKeys({RsaKey().Jwk(), EcKey().Jwk()}));
  const json hs_header = {{"alg", "HS256"}, {"kid", "ec-1"}};
  const std::string hs_token = EncodeToken(hs_header, GoodClaims(), [](std::string_view input) {
    return HmacSha256(RsaKey().PublicPem(), input);
  });
  EXPECT_EQ(careless.Verify(hs_token, kNow).status().message(),
            "token algorithm \"HS256\" is not supported");
}

TEST_F(AuthOidcVerifierTest, ChecksTheTypeAndRefusesCriticalHeaders) {
  for (const char* typ :
       {"JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt", "Application/JWT"}) {
    json header = Header(RsaKey());
    header["typ"] = typ;
    ExpectAccepted(SignedToken(RsaKey(), GoodClaims(), header));
  }
  json untyped = Header(RsaKey());
  untyped.erase("typ");
  ExpectAccepted(SignedToken(RsaKey(), GoodClaims(), untyped));
  for (const json& typ : {json("JOSE"), json("id+jwt"), json("application/"), json("secevent+jwt"),
                          json(""), json(1), json(nullptr)}) {
    json header = Header(RsaKey());
    header["typ"] = typ;
    ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "is neither JWT nor at+jwt");
  }
  json critical = Header(RsaKey());
  critical["crit"] = json::array({"exp"});
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), critical), "\"crit\"");
}

TEST_F(AuthOidcVerifierTest, NeedsAKidOfAKnownKeyThatFitsTheAlgorithm) {
  json header = Header(RsaKey());
  header.erase("kid");
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "no \"kid\" string");
  header["kid"] = 7;
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "no \"kid\" string");
  header["kid"] = "";
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "no \"kid\" string");
  header["kid"] = std::string(257, 'k');
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "longer than 256");
  header["kid"] = "../../etc/passwd' OR 1=1 --";
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), header), "token key unknown");

  // The kid of the EC key on an RS256 token, and the other way round.
  json rs_with_ec_kid = Header(RsaKey());
  rs_with_ec_kid["kid"] = "ec-1";
  ExpectRefused(SignedToken(RsaKey(), GoodClaims(), rs_with_ec_kid),
                "token algorithm RS256 does not fit key \"ec-1\" of type EC P-256");
  json es_with_rsa_kid = Header(EcKey());
  es_with_rsa_kid["kid"] = "rsa-1";
  ExpectRefused(SignedToken(EcKey(), GoodClaims(), es_with_rsa_kid),
                "token algorithm ES256 does not fit key \"rsa-1\" of type RSA");
}

TEST_F(AuthOidcVerifierTest, RefusesTamperedTokens) {
  for (const TestKey* key : {&RsaKey(), &EcKey()}) {
    const std::string token = SignedToken(*key, GoodClaims());
    ExpectAccepted(token);

    json other_claims = GoodClaims();
    other_claims["sub"] = "1";  // someone else
    ExpectRefused(ReplacePart(token, 1, Base64UrlEncode(other_claims.dump())),
                  "signature does not verify");

    json other_header = Header(*key);
    other_header["typ"] = "at+jwt";
    ExpectRefused(ReplacePart(token, 0, Base64UrlEncode(other_header.dump())),
                  "signature does not verify");

    std::string signature = *Base64UrlDecode(token.substr(token.rfind('.') + 1));
    signature[signature.size() / 2] ^= 0x01;
    ExpectRefused(ReplacePart(token, 2, Base64UrlEncode(signature)), "signature does not verify");

    const std::string signed_by_other =
        SignedToken(key == &RsaKey() ? TestKey::Rsa("rsa-1") : TestKey::Ec("ec-1"), GoodClaims());
    ExpectRefused(signed_by_other, "signature does not verify");
  }
}

TEST_F(AuthOidcVerifierTest, RefusesSignaturesOfTheWrongLength) {
  const std::string der = EncodeToken(Header(EcKey()), GoodClaims(), [](std::string_view input) {
    return EcKey().Sign(input, /*der=*/true);
  });
  ExpectRefused(der, "ES256 signature has");
  ExpectRefused(der, "not 64 (r||s)");

  const std::string rs = SignedToken(RsaKey(), GoodClaims());
  std::string signature = *Base64UrlDecode(rs.substr(rs.rfind('.') + 1));
  ExpectRefused(ReplacePart(rs, 2, Base64UrlEncode(signature.substr(1))),
                "RS256 signature has 255 bytes; key \"rsa-1\" needs 256");
  ExpectRefused(ReplacePart(rs, 2, Base64UrlEncode(std::string(1, '\0') + signature)),
                "RS256 signature has 257 bytes");
  ExpectRefused(ReplacePart(rs, 2, ""), "RS256 signature has 0 bytes");
  // r and s of zero: the right length, never a valid signature.
  ExpectRefused(
      ReplacePart(SignedToken(EcKey(), GoodClaims()), 2, Base64UrlEncode(std::string(64, '\0'))),
      "ES256 signature does not verify");
}

TEST_F(AuthOidcVerifierTest, ChecksTheIssuerExactly) {
  for (const json& iss :
       {json("https://account.pleio.test/"), json("https://ACCOUNT.pleio.test"),
        json("https://account.pleio.test.evil"), json(""), json::array({kIssuer}), json(1)}) {
    json claims = GoodClaims();
    claims["iss"] = iss;
    ExpectClaimsRefused(claims, "is not the configured issuer");
  }
  json claims = GoodClaims();
  claims.erase("iss");
  ExpectClaimsRefused(claims, "token has no \"iss\"");
}

TEST_F(AuthOidcVerifierTest, NeedsOurClientIdInTheAudience) {
  json claims = GoodClaims();
  claims.erase("aud");
  ExpectClaimsRefused(claims, "token has no \"aud\"");
  for (const json& aud : {json("other-service"), json("Klussen"), json::array(),
                          json::array({"other-service", "another"})}) {
    claims["aud"] = aud;
    ExpectClaimsRefused(claims, "audience does not include our client id");
  }
  claims["aud"] = json::array({"other-service", 7, kClientId});
  ExpectClaimsRefused(claims, "\"aud\" holds a non-string");
  claims["aud"] = json::object({{"klussen", true}});
  ExpectClaimsRefused(claims, "\"aud\" is a object");

  claims["aud"] = json::array({"other-service", kClientId});
  ExpectAccepted(SignedToken(RsaKey(), claims));
  claims["aud"] = json::array({kClientId});
  ExpectAccepted(SignedToken(RsaKey(), claims));
}

TEST_F(AuthOidcVerifierTest, NeedsANumericExpInTheFuture) {
  json claims = GoodClaims();
  claims.erase("exp");
  ExpectClaimsRefused(claims, "token has no numeric \"exp\"");
  for (const json& exp : {json(std::to_string(kNow + 300)), json(nullptr), json(true)}) {
    claims["exp"] = exp;
    ExpectClaimsRefused(claims, "token has no numeric \"exp\"");
  }
  // Leeway 60 s: expired 59 s ago is still accepted, 60 s ago is not.
  claims["exp"] = kNow - 59;
  ExpectAccepted(SignedToken(RsaKey(), claims));
  claims["exp"] = kNow - 30.5;
  ExpectAccepted(SignedToken(RsaKey(), claims));
  claims["exp"] = kNow - 60;
  ExpectClaimsRefused(claims, "token expired at 1799999940 (now 1800000000, leeway 60 s)");
  claims["exp"] = kNow - 86400;
  ExpectClaimsRefused(claims, "token expired");
  claims["exp"] = -1;
  ExpectClaimsRefused(claims, "token expired");
}

TEST_F(AuthOidcVerifierTest, RefusesNbfAndIatInTheFuture) {
  for (const char* name : {"nbf", "iat"}) {
    json claims = GoodClaims();
    claims[name] = kNow + 60;  // within the leeway
    ExpectAccepted(SignedToken(RsaKey(), claims));
    claims[name] = kNow + 61;
    ExpectClaimsRefused(claims, std::string("token \"") + name + "\" 1800000061 is in the future");
    claims[name] = "yesterday";
    ExpectClaimsRefused(claims, std::string("token \"") + name + "\" is not a number");
    claims.erase(name);
    ExpectAccepted(SignedToken(RsaKey(), claims));
  }
}

TEST_F(AuthOidcVerifierTest, NeedsASensibleSubject) {
  json claims = GoodClaims();
  claims.erase("sub");
  ExpectClaimsRefused(claims, "token has no \"sub\" string");
  claims["sub"] = 123456;
  ExpectClaimsRefused(claims, "token has no \"sub\" string");
  claims["sub"] = "";
  ExpectClaimsRefused(claims, "\"sub\" has 0 bytes");
  claims["sub"] = std::string(256, 'a');
  ExpectClaimsRefused(claims, "\"sub\" has 256 bytes");
  claims["sub"] = "jan\ndevries";
  ExpectClaimsRefused(claims, "control character");
  claims["sub"] = std::string(255, 'a');
  ExpectAccepted(SignedToken(RsaKey(), claims));
}

TEST_F(AuthOidcVerifierTest, RefusesMalformedAndOversizedTokens) {
  ExpectRefused("", "malformed token: token is empty");
  ExpectRefused("a.b", "malformed token");
  ExpectRefused(std::string(9000, 'a'), "longer than 8192");
  // A repeated claim: one parser could read the first `sub`, another the last.
  const std::string header = Base64UrlEncode(Header(RsaKey()).dump());
  const std::string claims =
      Base64UrlEncode(R"({"iss":"https://account.pleio.test","aud":"klussen","exp":1800000300,)"
                      R"("sub":"1","sub":"2"})");
  const std::string input = header + "." + claims;
  ExpectRefused(input + "." + Base64UrlEncode(RsaKey().Sign(input)), "repeats the member name");
}

TEST_F(AuthOidcVerifierTest, AWeakRsaKeyInTheJwksIsNeverUsed) {
  const TestKey weak = TestKey::Rsa("weak", 1024);
  Result<KeySet> keys = KeySet::Parse(Jwks({weak.Jwk(), RsaKey().Jwk()}));
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->skipped().size(), 1u);
  EXPECT_NE(keys->skipped()[0].find("1024 bits"), std::string::npos) << keys->skipped()[0];
  OidcVerifier verifier(TestSettings(), std::make_shared<StaticKeys>(std::move(keys).value()));
  Result<VerifiedToken> refused = verifier.Verify(SignedToken(weak, GoodClaims()), kNow);
  EXPECT_EQ(refused.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(refused.status().message().find("token key unknown"), std::string::npos);
  EXPECT_TRUE(verifier.Verify(SignedToken(RsaKey(), GoodClaims()), kNow).ok());
}

TEST_F(AuthOidcVerifierTest, ClaimChecksAloneNeedAnObject) {
  EXPECT_EQ(verifier_.CheckClaims(json::array(), kNow).status().code(),
            StatusCode::kUnauthenticated);
  Result<std::string> subject = verifier_.CheckClaims(GoodClaims(), kNow);
  ASSERT_TRUE(subject.ok());
  EXPECT_EQ(*subject, "123456");
  EXPECT_EQ(*verifier_.CheckHeader(Header(EcKey())), "ES256");
}

// ---- With keys from a file or a URL.

using LocalServer = testing::LocalHttpServer;

struct FakeClock {
  std::shared_ptr<std::chrono::steady_clock::time_point> now =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  void Advance(seconds by) { *now += by; }
  std::function<std::chrono::steady_clock::time_point()> Function() const {
    return [now = now] { return *now; };
  }
};

std::shared_ptr<JwksSource> MakeSource(JwksSourceOptions options) {
  options.min_refresh = seconds(60);
  Result<std::unique_ptr<JwksSource>> source = JwksSource::Create(std::move(options));
  if (!source.ok()) throw std::runtime_error(source.status().ToString());
  return std::move(source).value();
}

TEST(AuthOidcJwksTest, AnUnknownKidRereadsTheFileAtMostOncePerInterval) {
  const std::string path = "/tmp/klussen_oidc_jwks_" + std::to_string(::getpid()) + ".json";
  auto write = [&](const std::vector<json>& keys) { std::ofstream(path) << Jwks(keys); };
  const TestKey rotated = TestKey::Rsa("rsa-2");
  const TestKey third = TestKey::Ec("ec-3");
  write({RsaKey().Jwk()});

  FakeClock clock;
  JwksSourceOptions options;
  options.file = path;
  options.clock = clock.Function();
  std::shared_ptr<JwksSource> source = MakeSource(std::move(options));
  OidcVerifier verifier(TestSettings(), source);

  ASSERT_TRUE(verifier.Verify(SignedToken(RsaKey(), GoodClaims()), kNow).ok());
  EXPECT_EQ(source->fetch_count(), 1);

  // The provider rotates: the new key shows up on the first miss after the interval.
  write({RsaKey().Jwk(), rotated.Jwk()});
  clock.Advance(seconds(60));
  Result<VerifiedToken> new_key = verifier.Verify(SignedToken(rotated, GoodClaims()), kNow);
  ASSERT_TRUE(new_key.ok()) << new_key.status().ToString();
  EXPECT_EQ(new_key->key_id, "rsa-2");
  EXPECT_EQ(source->fetch_count(), 2);

  // A second unknown kid within the interval does not read the file again.
  write({RsaKey().Jwk(), rotated.Jwk(), third.Jwk()});
  clock.Advance(seconds(30));
  Result<VerifiedToken> too_soon = verifier.Verify(SignedToken(third, GoodClaims()), kNow);
  EXPECT_EQ(too_soon.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(too_soon.status().message().find("no key with kid \"ec-3\""), std::string::npos);
  EXPECT_EQ(source->fetch_count(), 2);
  clock.Advance(seconds(30));
  EXPECT_TRUE(verifier.Verify(SignedToken(third, GoodClaims()), kNow).ok());
  EXPECT_EQ(source->fetch_count(), 3);
  std::remove(path.c_str());
}

TEST(AuthOidcJwksTest, NeverFetchesKeysNamedByTheToken) {
  // The attacker serves their own key and names it in every way a header can.
  LocalServer attacker;
  std::atomic<int> attacker_hits{0};
  const TestKey forged = TestKey::Rsa("attacker");
  attacker.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    ++attacker_hits;
    res.set_content(Jwks({forged.Jwk()}), "application/json");
  });
  const std::string path = "/tmp/klussen_oidc_jku_" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << Jwks({RsaKey().Jwk()});
  FakeClock clock;
  JwksSourceOptions options;
  options.file = path;
  options.clock = clock.Function();
  std::shared_ptr<JwksSource> source = MakeSource(std::move(options));
  OidcVerifier verifier(TestSettings(), source);

  json header = Header(forged);
  header["jku"] = attacker.Url("/jwks.json");
  header["x5u"] = attacker.Url("/cert.pem");
  header["jwk"] = forged.Jwk();
  Result<VerifiedToken> refused = verifier.Verify(SignedToken(forged, GoodClaims(), header), kNow);
  EXPECT_EQ(refused.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(refused.status().message().find("token key unknown"), std::string::npos)
      << refused.status().message();
  // With our kid it is our key that checks the signature, and it fails.
  header["kid"] = "rsa-1";
  Result<VerifiedToken> ours = verifier.Verify(SignedToken(forged, GoodClaims(), header), kNow);
  EXPECT_NE(ours.status().message().find("signature does not verify"), std::string::npos)
      << ours.status().message();
  EXPECT_EQ(attacker_hits, 0);
  EXPECT_EQ(source->fetch_count(), 1);  // only our file was read
  std::remove(path.c_str());
}

TEST(AuthOidcJwksTest, FetchesTheJwksOverHttpOnceAndAgainForANewKid) {
  LocalServer provider;
  std::mutex mutex;
  std::string served = Jwks({RsaKey().Jwk()});
  std::atomic<int> fetches{0};
  provider.server().Get("/jwks", [&](const httplib::Request&, httplib::Response& res) {
    ++fetches;
    std::lock_guard<std::mutex> lock(mutex);
    res.set_content(served, "application/json");
  });
  FakeClock clock;
  JwksSourceOptions options;
  options.url = provider.Url("/jwks");
  options.clock = clock.Function();
  OidcVerifier verifier(TestSettings(), MakeSource(std::move(options)));

  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(verifier.Verify(SignedToken(RsaKey(), GoodClaims()), kNow).ok());
  }
  EXPECT_EQ(fetches, 1);

  {
    std::lock_guard<std::mutex> lock(mutex);
    served = Jwks({RsaKey().Jwk(), EcKey().Jwk()});
  }
  EXPECT_EQ(verifier.Verify(SignedToken(EcKey(), GoodClaims()), kNow).status().code(),
            StatusCode::kUnauthenticated);  // within the interval of the first fetch
  EXPECT_EQ(fetches, 1);
  clock.Advance(seconds(60));
  Result<VerifiedToken> ec = verifier.Verify(SignedToken(EcKey(), GoodClaims()), kNow);
  ASSERT_TRUE(ec.ok()) << ec.status().ToString();
  EXPECT_EQ(fetches, 2);
  EXPECT_TRUE(verifier.Verify(SignedToken(EcKey(), GoodClaims()), kNow).ok());
  EXPECT_EQ(fetches, 2);
}

TEST(AuthOidcJwksTest, AJwksUrlThatIsDownIsUnavailable) {
  // Bound but never listening: connections are refused.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);

  OidcSettings settings = TestSettings();
  settings.jwks_file.clear();
  settings.jwks_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/jwks";
  Result<std::unique_ptr<OidcVerifier>> verifier = OidcVerifier::Create(settings);
  ASSERT_TRUE(verifier.ok()) << verifier.status().ToString();
  for (int i = 0; i < 2; ++i) {
    Result<VerifiedToken> down = (*verifier)->Verify(SignedToken(RsaKey(), GoodClaims()), kNow);
    EXPECT_EQ(down.status().code(), StatusCode::kUnavailable) << down.status().ToString();
    EXPECT_NE(down.status().message().find("no JWKS loaded from http://127.0.0.1:"),
              std::string::npos)
        << down.status().message();
  }
  ::close(fd);
}

// ---- Settings

TEST(AuthOidcSettingsTest, FromConfigReadsTheOidcKeys) {
  Result<Config> config = Config::Parse(
      "db_name = elgg\ndb_user = klussen\noidc_issuer = https://account.pleio.test\n"
      "oidc_client_id = klussen\noidc_jwks_url = https://account.pleio.test/jwks\n"
      "oidc_leeway_s = 30\noidc_algorithms = ES256\noidc_subject_maps_to = email\n"
      "oidc_jwks_min_refresh_s = 120\noidc_jwks_timeout_ms = 1500\n",
      "test.conf", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<OidcSettings> settings = OidcSettings::FromConfig(*config);
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_TRUE(settings->enabled());
  EXPECT_EQ(settings->issuer, "https://account.pleio.test");
  EXPECT_EQ(settings->client_id, "klussen");
  EXPECT_EQ(settings->jwks_url, "https://account.pleio.test/jwks");
  EXPECT_TRUE(settings->jwks_file.empty());
  EXPECT_EQ(settings->leeway, seconds(30));
  EXPECT_EQ(settings->jwks_min_refresh, seconds(120));
  EXPECT_EQ(settings->jwks_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(settings->algorithms, std::vector<std::string>{"ES256"});
  EXPECT_EQ(settings->subject_kind, host::SubjectKind::kEmail);

  Result<Config> defaults = Config::Parse("db_name = elgg\ndb_user = klussen\n", "test.conf", {});
  ASSERT_TRUE(defaults.ok());
  Result<OidcSettings> off = OidcSettings::FromConfig(*defaults);
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_FALSE(off->enabled());
  EXPECT_EQ(off->subject_kind, host::SubjectKind::kPleioGuid);
  EXPECT_EQ(off->algorithms, (std::vector<std::string>{"RS256", "ES256"}));
  EXPECT_EQ(OidcVerifier::Create(*off).status().code(), StatusCode::kFailedPrecondition);
}

TEST(AuthOidcSettingsTest, ValidateRefusesUnsafeOrIncompleteSettings) {
  EXPECT_TRUE(TestSettings().Validate().ok());
  auto refused = [](OidcSettings settings, const std::string& reason) {
    Status status = settings.Validate();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << reason;
    EXPECT_NE(status.message().find(reason), std::string::npos) << status.message();
  };
  OidcSettings s = TestSettings();
  s.client_id.clear();
  refused(s, "oidc_client_id is required");
  s = TestSettings();
  s.jwks_url = "https://account.pleio.test/jwks";
  refused(s, "exactly one of oidc_jwks_file and oidc_jwks_url");
  s.jwks_file.clear();
  s.jwks_url.clear();
  refused(s, "exactly one of oidc_jwks_file and oidc_jwks_url");
  s.jwks_url = "http://account.pleio.test/jwks";
  refused(s, "oidc_jwks_url: JWKS URL");
  for (const char* alg : {"HS256", "none", "RS512", "rs256"}) {
    s = TestSettings();
    s.algorithms = {"RS256", alg};
    refused(s, "oidc_algorithms may only hold RS256 and ES256");
  }
  s = TestSettings();
  s.algorithms.clear();
  refused(s, "oidc_algorithms is empty");
  s = TestSettings();
  s.leeway = seconds(301);
  refused(s, "oidc_leeway_s");
  s = TestSettings();
  s.jwks_min_refresh = seconds(0);
  refused(s, "oidc_jwks_min_refresh_s");

  OidcSettings off;  // no issuer: nothing else matters
  off.client_id.clear();
  EXPECT_TRUE(off.Validate().ok());
  EXPECT_EQ(ParseSubjectKind("username").value(), host::SubjectKind::kUsername);
  EXPECT_EQ(ParseSubjectKind("pleio_guid").value(), host::SubjectKind::kPleioGuid);
  EXPECT_FALSE(ParseSubjectKind("guid").ok());
}

}  // namespace
}  // namespace klussen::auth
