#include "auth/signed_context.h"

#include <gtest/gtest.h>

#include <map>

#include "common/config.h"

namespace klussen::auth {
namespace {

constexpr int64_t kNow = 1767225600;
const SigningKey kCurrent{"k2", "current-secret-0123456789abcdef0123456789"};
const SigningKey kPrevious{"k1", "previous-secret-0123456789abcdef012345678"};

struct Request {
  std::string method = "POST";
  std::string target = "/api/v1/klussen?group=40";
  std::string body = R"({"title":"Data-analyse Wet open overheid"})";
  std::map<std::string, std::string> headers;

  SignedRequest View() const {
    return SignedRequest{method, target, body, [this](std::string_view name) {
                           auto it = headers.find(std::string(name));
                           return it == headers.end() ? std::nullopt
                                                      : std::optional<std::string>(it->second);
                         }};
  }
};

Request SignedBy(const SigningKey& key, std::string nonce = "0123456789abcdef0123456789abcdef",
                 int64_t timestamp = kNow) {
  Request request;
  SignedFields fields{key.id, std::to_string(timestamp), nonce, "42", "nl", "1"};
  request.headers = {
      {"X-Klussen-Key-Id", fields.key_id},     {"X-Klussen-Timestamp", fields.timestamp},
      {"X-Klussen-Nonce", fields.nonce},       {"X-Klussen-Viewer", fields.viewer},
      {"X-Klussen-Language", fields.language}, {"X-Klussen-Site", fields.site}};
  request.headers["X-Klussen-Signature"] =
      SignedContextVerifier::Sign(key, request.method, request.target, fields, request.body);
  return request;
}

SignedContextVerifier MakeVerifier(size_t nonce_capacity = 1000) {
  return SignedContextVerifier({kCurrent, kPrevious}, std::chrono::seconds(60), nonce_capacity);
}

void ExpectRefused(SignedContextVerifier& verifier, const Request& request,
                   const std::string& reason, int64_t now = kNow) {
  auto viewer = verifier.Verify(request.View(), now);
  ASSERT_FALSE(viewer.ok()) << "accepted although: " << reason;
  EXPECT_EQ(viewer.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(viewer.status().message().find(reason), std::string::npos) << viewer.status().message();
}

TEST(AuthSignedContextTest, ValidRequestYieldsTheViewer) {
  auto verifier = MakeVerifier();
  auto viewer = verifier.Verify(SignedBy(kCurrent).View(), kNow);
  ASSERT_TRUE(viewer.ok()) << viewer.status().ToString();
  EXPECT_EQ(viewer->guid, 42);
  EXPECT_EQ(viewer->language, "nl");
  EXPECT_EQ(viewer->site_guid, 1);
  EXPECT_EQ(viewer->source, ViewerSource::kSignedContext);
}

TEST(AuthSignedContextTest, EachTamperedFieldIsRefused) {
  const std::vector<std::pair<std::string, std::string>> tampered = {
      {"X-Klussen-Viewer", "43"},
      {"X-Klussen-Language", "en"},
      {"X-Klussen-Site", "2"},
      {"X-Klussen-Timestamp", std::to_string(kNow + 1)},
      {"X-Klussen-Nonce", "ffffffffffffffffffffffffffffffff"}};
  for (const auto& [header, value] : tampered) {
    auto verifier = MakeVerifier();
    Request request = SignedBy(kCurrent);
    request.headers[header] = value;
    ExpectRefused(verifier, request, "signature mismatch");
  }
  auto verifier = MakeVerifier();
  Request method = SignedBy(kCurrent);
  method.method = "PUT";
  ExpectRefused(verifier, method, "signature mismatch");
  Request path = SignedBy(kCurrent);
  path.target = "/api/v1/klussen?group=41";
  ExpectRefused(verifier, path, "signature mismatch");
  Request body = SignedBy(kCurrent);
  body.body += " ";  // the body changed after signing
  ExpectRefused(verifier, body, "signature mismatch");
  Request signature = SignedBy(kCurrent);
  signature.headers["X-Klussen-Signature"][0] =
      signature.headers["X-Klussen-Signature"][0] == 'a' ? 'b' : 'a';
  ExpectRefused(verifier, signature, "signature mismatch");
}

TEST(AuthSignedContextTest, WrongKeyAndUnknownKeyIdAreRefused) {
  auto verifier = MakeVerifier();
  SigningKey forged{"k2", "an-attackers-guess-0123456789abcdef01234567"};
  ExpectRefused(verifier, SignedBy(forged), "signature mismatch");
  SigningKey unknown{"k9", kCurrent.secret};
  ExpectRefused(verifier, SignedBy(unknown), "unknown key id k9");
}

TEST(AuthSignedContextTest, OldAndNewKeyBothWorkDuringRotation) {
  auto verifier = MakeVerifier();
  EXPECT_TRUE(verifier.Verify(SignedBy(kCurrent).View(), kNow).ok());
  EXPECT_TRUE(
      verifier.Verify(SignedBy(kPrevious, "11111111111111111111111111111111").View(), kNow).ok());
  // After the rotation ends only the new key is configured.
  SignedContextVerifier after({kCurrent}, std::chrono::seconds(60), 1000);
  ExpectRefused(after, SignedBy(kPrevious, "22222222222222222222222222222222"),
                "unknown key id k1");
}

TEST(AuthSignedContextTest, StaleAndFutureTimestampsAreRefused) {
  auto verifier = MakeVerifier();
  ExpectRefused(verifier, SignedBy(kCurrent, "0123456789abcdef0123456789abcdef", kNow - 61),
                "stale timestamp");
  ExpectRefused(verifier, SignedBy(kCurrent, "0123456789abcdef0123456789abcdef", kNow + 61),
                "timestamp in the future");
  EXPECT_TRUE(
      verifier
          .Verify(SignedBy(kCurrent, "0123456789abcdef0123456789abcdef", kNow - 60).View(), kNow)
          .ok());
}

TEST(AuthSignedContextTest, ReplayedNonceIsRefusedUntilItExpires) {
  auto verifier = MakeVerifier();
  Request request = SignedBy(kCurrent);
  ASSERT_TRUE(verifier.Verify(request.View(), kNow).ok());
  ExpectRefused(verifier, request, "replayed nonce");
  ExpectRefused(verifier, request, "replayed nonce", kNow + 30);
  // Past the window the timestamp itself is stale: still refused, for another reason.
  ExpectRefused(verifier, request, "stale timestamp", kNow + 61);
}

TEST(AuthSignedContextTest, FailedAttemptsDoNotConsumeTheNonce) {
  auto verifier = MakeVerifier();
  Request tampered = SignedBy(kCurrent);
  tampered.headers["X-Klussen-Viewer"] = "1";
  ExpectRefused(verifier, tampered, "signature mismatch");
  EXPECT_TRUE(verifier.Verify(SignedBy(kCurrent).View(), kNow).ok());
}

TEST(AuthSignedContextTest, MissingMalformedHeadersAreRefused) {
  for (const char* header :
       {"X-Klussen-Key-Id", "X-Klussen-Timestamp", "X-Klussen-Nonce", "X-Klussen-Viewer",
        "X-Klussen-Language", "X-Klussen-Site", "X-Klussen-Signature"}) {
    auto verifier = MakeVerifier();
    Request request = SignedBy(kCurrent);
    request.headers.erase(header);
    ExpectRefused(verifier, request, std::string("missing or repeated header ") + header);
  }
  const std::vector<std::pair<std::string, std::string>> malformed = {
      {"X-Klussen-Viewer", "-1"},
      {"X-Klussen-Viewer", "042"},
      {"X-Klussen-Viewer", "99999999999999999999"},
      {"X-Klussen-Viewer", "9223372036854775808"},
      {"X-Klussen-Viewer", " 42"},
      {"X-Klussen-Language", "NL"},
      {"X-Klussen-Language", "nl;drop"},
      {"X-Klussen-Nonce", "0123456789ABCDEF0123456789ABCDEF"},
      {"X-Klussen-Site", "0"},
      {"X-Klussen-Timestamp", "1.5"},
      {"X-Klussen-Key-Id", "k 1"},
      {"X-Klussen-Signature", "xyz"}};
  for (const auto& [header, value] : malformed) {
    auto verifier = MakeVerifier();
    Request request = SignedBy(kCurrent);
    request.headers[header] = value;
    ExpectRefused(verifier, request, "malformed header " + header);
  }
}

TEST(AuthSignedContextTest, FullNonceCacheRefusesInsteadOfForgetting) {
  auto verifier = MakeVerifier(1000);
  for (int i = 0; i < 1000; ++i) {
    char nonce[33];
    std::snprintf(nonce, sizeof(nonce), "%032x", i);
    ASSERT_TRUE(verifier.Verify(SignedBy(kCurrent, nonce).View(), kNow).ok());
  }
  ExpectRefused(verifier, SignedBy(kCurrent, "ffffffffffffffffffffffffffffffff"),
                "nonce cache full");
  // Once the first nonces expire there is room again.
  EXPECT_TRUE(verifier
                  .Verify(SignedBy(kCurrent, "fffffffffffffffffffffffffffffffe", kNow + 100).View(),
                          kNow + 100)
                  .ok());
}

TEST(AuthSignedContextTest, KeysFromConfigRefuseMissingAndShortSecrets) {
  auto parse = [](const std::string& extra) {
    return Config::Parse("db_name = x\ndb_user = y\n" + extra, "t", {});
  };
  auto missing = SigningKeysFromConfig(*parse(""));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'auth_secret' is missing"), std::string::npos);
  auto short_secret = SigningKeysFromConfig(*parse("auth_secret = tooshort\n"));
  ASSERT_FALSE(short_secret.ok());
  EXPECT_NE(short_secret.status().message().find("shorter than 32 bytes"), std::string::npos);
  auto two = SigningKeysFromConfig(
      *parse("auth_secret = " + kCurrent.secret +
             "\nauth_previous_key_id = old\nauth_previous_secret = " + kPrevious.secret + "\n"));
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->size(), 2u);
  auto same_id = SigningKeysFromConfig(
      *parse("auth_secret = " + kCurrent.secret +
             "\nauth_previous_key_id = k1\nauth_previous_secret = " + kPrevious.secret + "\n"));
  EXPECT_FALSE(same_id.ok());
  auto short_previous =
      SigningKeysFromConfig(*parse("auth_secret = " + kCurrent.secret +
                                   "\nauth_previous_key_id = old\nauth_previous_secret = x\n"));
  EXPECT_FALSE(short_previous.ok());
}

}  // namespace
}  // namespace klussen::auth
