#include "auth/jwks.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "auth/base64url.h"
#include "support/local_http_server.h"

namespace klussen::auth {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// Public keys made once with `openssl genpkey` for these tests.
const char kRsa2048N[] =
    "1OFv5pIjASNzUPNPI4PzVTmGw33xTkrUH4KbomGJbkEITuc1zs-7hb2VuLx7gQXeOHEIw-2-VRUYHxw85iLVJbEbZPUWY5"
    "kRTRFDdZGotPDBOTmlhRVQIXoSwimvzhkJsHdUvSnfOjUN2HzQ2gNOVOfvk3O8ibK8nBfxx3Ic91aSyWl_vpakfyQ8o5Oo"
    "HVbp3r2YjDMrfRFp_cMMnOrgD4Yc0o61at2sCo1DSac3Fq2zGQaftWJhjaNlOQgoj0PyrwsOh9S-215H2OLdrLVhbovonM"
    "Q4o8arwEhTB0-OD_GCyV9qv5fgtL7Bk5FzzIAESExIdN-vQqx-ixTi4BdU-w";
const char kRsa1024N[] =
    "nDsG4lYVr_LxbTXEfZ82cIR1J_L2vjq1xXU-PB_NoOZ9TbpdHidpKCM3fPHGEIfGz5de3083narkqpVc4tQQXQ1umeNRYx"
    "_Z_uVB2xq7RHzrAMrPE41hFZKQpRyO8QLa2Z6RtWr78Kmpu72FfQv9K6s7sEJjNs-YJuxOw8Ece68";
const char kEcX[] = "Lb6BILWD_-OWjZ-wc10FoZt4uT8d0ZjKP9fXSor-X8c";
const char kEcY[] = "gUsiI744E9m5cW4LRUyqq1dQW8_LPzIl3Wj5cOjmKto";
const char kEcYOffCurve[] = "hUsiI744E9m5cW4LRUyqq1dQW8_LPzIl3Wj5cOjmKto";

json RsaJwk(const std::string& kid, const std::string& n = kRsa2048N) {
  return {{"kty", "RSA"}, {"kid", kid}, {"use", "sig"}, {"alg", "RS256"}, {"n", n}, {"e", "AQAB"}};
}

json EcJwk(const std::string& kid) {
  return {{"kty", "EC"}, {"kid", kid}, {"crv", "P-256"}, {"x", kEcX}, {"y", kEcY}};
}

std::string Jwks(const std::vector<json>& keys) { return json{{"keys", keys}}.dump(); }

KeySet ParseOrDie(const std::string& text) {
  Result<KeySet> keys = KeySet::Parse(text);
  if (!keys.ok()) throw std::runtime_error(keys.status().ToString());
  return std::move(keys).value();
}

TEST(AuthJwksTest, ParsesRsaAndEcKeys) {
  KeySet keys = ParseOrDie(Jwks({RsaJwk("r1"), EcJwk("e1")}));
  EXPECT_EQ(keys.size(), 2u);
  EXPECT_TRUE(keys.skipped().empty());
  auto rsa = keys.Find("r1");
  ASSERT_NE(rsa, nullptr);
  EXPECT_EQ(rsa->type, KeyType::kRsa);
  EXPECT_EQ(rsa->bits, 2048);
  EXPECT_NE(rsa->pkey, nullptr);
  auto ec = keys.Find("e1");
  ASSERT_NE(ec, nullptr);
  EXPECT_EQ(ec->type, KeyType::kEcP256);
  EXPECT_EQ(ec->bits, 256);
  EXPECT_EQ(keys.kids(), (std::vector<std::string>{"e1", "r1"}));
}

TEST(AuthJwksTest, FindMatchesTheKidExactly) {
  KeySet keys = ParseOrDie(Jwks({RsaJwk("r1")}));
  EXPECT_NE(keys.Find("r1"), nullptr);
  for (const char* kid : {"R1", "r1 ", "r", "", "r1\n"}) EXPECT_EQ(keys.Find(kid), nullptr) << kid;
}

TEST(AuthJwksTest, SkipsUnusableKeysWithAReason) {
  auto with = [](json jwk, const char* member, json value) {
    jwk[member] = std::move(value);
    return jwk;
  };
  json no_kid = RsaJwk("x");
  no_kid.erase("kid");
  json no_n = RsaJwk("x");
  no_n.erase("n");
  const std::vector<std::pair<json, std::string>> cases = {
      {RsaJwk("x", kRsa1024N), "1024 bits, fewer than 2048"},
      {with(RsaJwk("x"), "use", "enc"), "\"use\" is not \"sig\""},
      {with(RsaJwk("x"), "alg", "RS384"), "does not fit a RSA key"},
      {with(RsaJwk("x"), "alg", "ES256"), "does not fit a RSA key"},
      {with(RsaJwk("x"), "alg", "HS256"), "does not fit a RSA key"},
      {with(EcJwk("x"), "alg", "RS256"), "does not fit a EC key"},
      {with(RsaJwk("x"), "key_ops", json::array({"encrypt"})), "key_ops"},
      {with(RsaJwk("x"), "d", "AQAB"), "private member \"d\""},
      {with(EcJwk("x"), "d", "AQAB"), "private member \"d\""},
      {with(RsaJwk("x"), "e", "AQAC"), "exponent"},
      {with(RsaJwk("x"), "e", "AQ"), "exponent"},
      {with(RsaJwk("x"), "n", std::string(kRsa2048N) + "="), "member \"n\""},
      {with(RsaJwk("x"), "n", 12345), "member \"n\" is missing or not a string"},
      {no_n, "member \"n\" is missing"},
      {no_kid, "no \"kid\""},
      {with(RsaJwk("x"), "kid", ""), "no \"kid\""},
      {with(RsaJwk("x"), "kid", std::string(300, 'k')), "longer than 256"},
      {json{{"kty", "oct"}, {"kid", "x"}, {"k", "c2VjcmV0"}}, "\"oct\" is not supported"},
      {with(EcJwk("x"), "crv", "P-384"), "not P-256"},
      {with(EcJwk("x"), "x", Base64UrlEncode(std::string(31, 'a'))), "32 bytes"},
      {with(EcJwk("x"), "y", Base64UrlEncode(std::string(33, 'a'))), "32 bytes"},
      {json("a string"), "not a JSON object"},
  };
  for (const auto& [jwk, reason] : cases) {
    KeySet keys = ParseOrDie(Jwks({jwk}));
    EXPECT_EQ(keys.size(), 0u) << jwk.dump();
    ASSERT_EQ(keys.skipped().size(), 1u) << jwk.dump();
    EXPECT_NE(keys.skipped()[0].find(reason), std::string::npos)
        << keys.skipped()[0] << " lacks " << reason;
  }
}

TEST(AuthJwksTest, AnOffCurvePointIsRefusedByOpenSsl) {
  json jwk = EcJwk("x");
  jwk["y"] = kEcYOffCurve;
  KeySet keys = ParseOrDie(Jwks({jwk}));
  ASSERT_EQ(keys.skipped().size(), 1u);
  EXPECT_EQ(keys.Find("x"), nullptr);
  // Decoding refuses it; the explicit public-key check is the second line.
  const std::string& reason = keys.skipped()[0];
  EXPECT_TRUE(reason.find("OpenSSL does not accept the EC parameters") != std::string::npos ||
              reason.find("not a valid P-256 public key") != std::string::npos)
      << reason;
  EXPECT_NE(ParseOrDie(Jwks({EcJwk("x")})).Find("x"), nullptr);  // the real point is fine
}

TEST(AuthJwksTest, SkippedKeysDoNotHideGoodOnes) {
  KeySet keys = ParseOrDie(Jwks({RsaJwk("weak", kRsa1024N), RsaJwk("r1"), json(7), EcJwk("e1")}));
  EXPECT_EQ(keys.kids(), (std::vector<std::string>{"e1", "r1"}));
  ASSERT_EQ(keys.skipped().size(), 2u);
  EXPECT_EQ(keys.skipped()[0].rfind("key 0 (kid \"weak\"): ", 0), 0u) << keys.skipped()[0];
  EXPECT_EQ(keys.skipped()[1].rfind("key 2: ", 0), 0u) << keys.skipped()[1];
}

TEST(AuthJwksTest, ARepeatedKidKeepsTheFirstKey) {
  KeySet keys = ParseOrDie(Jwks({RsaJwk("k"), EcJwk("k")}));
  ASSERT_NE(keys.Find("k"), nullptr);
  EXPECT_EQ(keys.Find("k")->type, KeyType::kRsa);
  ASSERT_EQ(keys.skipped().size(), 1u);
  EXPECT_NE(keys.skipped()[0].find("repeats the kid"), std::string::npos);
}

TEST(AuthJwksTest, AcceptsALeadingZeroInTheModulusAndIgnoresCertificates) {
  json jwk = RsaJwk("z");
  jwk["n"] = Base64UrlEncode(std::string(1, '\0') + *Base64UrlDecode(kRsa2048N));
  jwk["x5c"] = json::array({"not a certificate"});
  jwk["x5u"] = "http://127.0.0.1:1/never-fetched";
  KeySet keys = ParseOrDie(Jwks({jwk}));
  ASSERT_NE(keys.Find("z"), nullptr);
  EXPECT_EQ(keys.Find("z")->bits, 2048);
}

TEST(AuthJwksTest, RefusesDocumentsThatAreNotKeySets) {
  for (const std::string text : {"", "[]", "{}", R"({"keys":{}})", R"({"keys":"x"})", "not json",
                                 R"({"keys":[],"keys":[]})"}) {
    EXPECT_EQ(KeySet::Parse(text).status().code(), StatusCode::kInvalidArgument) << text;
  }
  EXPECT_EQ(ParseOrDie(R"({"keys":[]})").size(), 0u);
}

TEST(AuthJwksTest, StaticKeysAnswerNotFoundForUnknownKids) {
  StaticKeys keys(ParseOrDie(Jwks({RsaJwk("r1")})));
  EXPECT_TRUE(keys.FindKey("r1").ok());
  EXPECT_EQ(keys.FindKey("r2").status().code(), StatusCode::kNotFound);
}

// ---- JwksSource

TEST(AuthJwksSourceTest, CreateChecksTheOptions) {
  EXPECT_EQ(JwksSource::Create({}).status().code(), StatusCode::kInvalidArgument);
  JwksSourceOptions both;
  both.file = "/tmp/x.json";
  both.url = "https://idp.example/jwks";
  EXPECT_EQ(JwksSource::Create(both).status().code(), StatusCode::kInvalidArgument);

  for (const std::string url :
       {"https://idp.example/jwks", "https://idp.example", "https://idp.example:8443/a/b?c=d",
        "http://127.0.0.1:8080/jwks", "http://localhost/jwks", "http://[::1]:80/", "https://[::1]/",
        "http://127.1.2.3/x"}) {
    EXPECT_TRUE(ValidateJwksUrl(url).ok()) << url << ": " << ValidateJwksUrl(url).ToString();
  }
  for (const std::string url :
       {"", "idp.example/jwks", "ftp://idp.example/jwks", "HTTPS://idp.example/jwks",
        "http://idp.example/jwks", "http://10.0.0.1/jwks", "https://user:pw@idp.example/jwks",
        "https://idp.example:0/", "https://idp.example:65536/", "https://idp.example:/",
        "https://idp.example/jwks#x", "https://idp example/", "https:///jwks", "https://[::1/",
        "https://idp_example/", "https://[1.2.3.4]/"}) {
    EXPECT_EQ(ValidateJwksUrl(url).code(), StatusCode::kInvalidArgument) << url;
  }
  JwksSourceOptions plain;
  plain.url = "http://idp.example/jwks";
  Result<std::unique_ptr<JwksSource>> refused = JwksSource::Create(plain);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not loopback"), std::string::npos);
}

// A JWKS file in /tmp and a clock the test moves.
class AuthJwksFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = "/tmp/klussen_jwks_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json";
    now_ =
        std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  }
  void TearDown() override { std::remove(path_.c_str()); }

  void Write(const std::string& text) { std::ofstream(path_, std::ios::trunc) << text; }
  void Advance(seconds by) { *now_ += by; }

  std::unique_ptr<JwksSource> MakeSource(size_t max_bytes = kMaxJwksBytes) {
    JwksSourceOptions options;
    options.file = path_;
    options.min_refresh = seconds(60);
    options.max_bytes = max_bytes;
    options.clock = [now = now_] { return *now; };
    Result<std::unique_ptr<JwksSource>> source = JwksSource::Create(std::move(options));
    if (!source.ok()) throw std::runtime_error(source.status().ToString());
    return std::move(source).value();
  }

  std::string path_;
  std::shared_ptr<std::chrono::steady_clock::time_point> now_;
};

TEST_F(AuthJwksFileTest, LoadsOnFirstUseAndRefetchesAtMostOncePerInterval) {
  Write(Jwks({RsaJwk("k1")}));
  auto source = MakeSource();
  EXPECT_EQ(source->fetch_count(), 0);  // nothing is read before it is needed
  ASSERT_TRUE(source->FindKey("k1").ok());
  EXPECT_EQ(source->fetch_count(), 1);
  ASSERT_TRUE(source->FindKey("k1").ok());
  EXPECT_EQ(source->fetch_count(), 1);  // known kids never fetch

  Write(Jwks({RsaJwk("k1"), EcJwk("k2")}));
  EXPECT_EQ(source->FindKey("k2").status().code(), StatusCode::kNotFound);  // too soon
  Advance(seconds(59));
  EXPECT_EQ(source->FindKey("k2").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(source->fetch_count(), 1);
  Advance(seconds(1));
  Result<std::shared_ptr<const JsonWebKey>> k2 = source->FindKey("k2");
  ASSERT_TRUE(k2.ok()) << k2.status().ToString();
  EXPECT_EQ((*k2)->type, KeyType::kEcP256);
  EXPECT_EQ(source->fetch_count(), 2);

  // Another unknown kid right after: no read; after the interval: one read.
  Result<std::shared_ptr<const JsonWebKey>> k3 = source->FindKey("k3");
  EXPECT_EQ(k3.status().code(), StatusCode::kNotFound);
  EXPECT_NE(k3.status().message().find("no key with kid \"k3\""), std::string::npos);
  EXPECT_EQ(source->fetch_count(), 2);
  Advance(seconds(60));
  EXPECT_EQ(source->FindKey("k3").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(source->fetch_count(), 3);
}

TEST_F(AuthJwksFileTest, KeysRemovedFromTheFileAreForgottenOnTheNextFetch) {
  Write(Jwks({RsaJwk("old"), EcJwk("keep")}));
  auto source = MakeSource();
  ASSERT_TRUE(source->FindKey("old").ok());
  Write(Jwks({EcJwk("keep"), RsaJwk("new")}));
  Advance(seconds(60));
  ASSERT_TRUE(source->FindKey("new").ok());
  EXPECT_EQ(source->FindKey("old").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(source->FindKey("keep").ok());
}

TEST_F(AuthJwksFileTest, AMissingFileIsUnavailableAndRetriedOnlyAfterTheInterval) {
  auto source = MakeSource();
  Result<std::shared_ptr<const JsonWebKey>> missing = source->FindKey("k1");
  EXPECT_EQ(missing.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(missing.status().message().find("cannot open JWKS file"), std::string::npos)
      << missing.status().message();
  Write(Jwks({RsaJwk("k1")}));
  EXPECT_EQ(source->FindKey("k1").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(source->fetch_count(), 1);
  Advance(seconds(60));
  EXPECT_TRUE(source->FindKey("k1").ok());
  EXPECT_EQ(source->fetch_count(), 2);
}

TEST_F(AuthJwksFileTest, AFailedFetchKeepsThePreviousKeys) {
  Write(Jwks({RsaJwk("k1")}));
  auto source = MakeSource();
  ASSERT_TRUE(source->FindKey("k1").ok());
  Write("{ not json");
  Advance(seconds(60));
  Result<std::shared_ptr<const JsonWebKey>> k2 = source->FindKey("k2");
  EXPECT_EQ(k2.status().code(), StatusCode::kNotFound);
  EXPECT_NE(k2.status().message().find("last fetch failed: JWKS is not valid JSON"),
            std::string::npos)
      << k2.status().message();
  EXPECT_TRUE(source->FindKey("k1").ok());
  EXPECT_EQ(source->fetch_count(), 2);
}

TEST_F(AuthJwksFileTest, RefreshIgnoresTheIntervalAndAnOversizedFileIsRefused) {
  Write(Jwks({RsaJwk("k1")}));
  auto source = MakeSource();
  EXPECT_TRUE(source->Refresh().ok());
  EXPECT_TRUE(source->Refresh().ok());
  EXPECT_EQ(source->fetch_count(), 2);

  const std::string text = Jwks({RsaJwk("k1")});
  auto small = MakeSource(text.size() - 1);
  Status refused = small->Refresh();
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable);
  EXPECT_NE(refused.message().find("larger than"), std::string::npos) << refused.message();
  auto exact = MakeSource(text.size());
  EXPECT_TRUE(exact->Refresh().ok());
}

// ---- Over HTTP, from a local cpp-httplib server.

using LocalServer = testing::LocalHttpServer;

// A loopback port that refuses connections: bound, never listening.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~ClosedPort() { ::close(fd_); }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/jwks"; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

std::unique_ptr<JwksSource> UrlSource(const std::string& url,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(3),
                                      size_t max_bytes = kMaxJwksBytes,
                                      seconds min_refresh = seconds(60)) {
  JwksSourceOptions options;
  options.url = url;
  options.timeout = timeout;
  options.max_bytes = max_bytes;
  options.min_refresh = min_refresh;
  Result<std::unique_ptr<JwksSource>> source = JwksSource::Create(std::move(options));
  if (!source.ok()) throw std::runtime_error(source.status().ToString());
  return std::move(source).value();
}

TEST(AuthJwksHttpTest, FetchesOnlyA200) {
  LocalServer local;
  std::atomic<int> jwks_hits{0};
  local.server().Get("/jwks", [&](const httplib::Request&, httplib::Response& res) {
    ++jwks_hits;
    res.set_content(Jwks({RsaJwk("k1")}), "application/json");
  });
  local.server().Get("/moved", [](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", "/jwks");
  });

  auto source = UrlSource(local.Url("/jwks"));
  ASSERT_TRUE(source->FindKey("k1").ok());
  EXPECT_EQ(jwks_hits, 1);

  Result<std::shared_ptr<const JsonWebKey>> missing =
      UrlSource(local.Url("/nothing"))->FindKey("k1");
  EXPECT_EQ(missing.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(missing.status().message().find("answered HTTP 404"), std::string::npos)
      << missing.status().message();

  Result<std::shared_ptr<const JsonWebKey>> moved = UrlSource(local.Url("/moved"))->FindKey("k1");
  EXPECT_EQ(moved.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(moved.status().message().find("answered HTTP 302"), std::string::npos);
  EXPECT_EQ(jwks_hits, 1);  // the redirect was not followed
}

TEST(AuthJwksHttpTest, RefusesAnOversizedBody) {
  LocalServer local;
  const std::string body = Jwks({RsaJwk("k1")});
  local.server().Get("/jwks", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json");
  });
  local.server().Get("/chunked", [&](const httplib::Request&, httplib::Response& res) {
    // No Content-Length: the limit must hold while the body streams in.
    res.set_chunked_content_provider("application/json", [&](size_t, httplib::DataSink& sink) {
      sink.write(body.data(), body.size());
      sink.done();
      return true;
    });
  });
  const auto timeout = std::chrono::seconds(3);
  Status fixed = UrlSource(local.Url("/jwks"), timeout, body.size() - 1)->Refresh();
  EXPECT_EQ(fixed.code(), StatusCode::kUnavailable);
  EXPECT_NE(fixed.message().find("more than"), std::string::npos) << fixed.message();
  Status chunked = UrlSource(local.Url("/chunked"), timeout, body.size() - 1)->Refresh();
  EXPECT_EQ(chunked.code(), StatusCode::kUnavailable);
  EXPECT_NE(chunked.message().find("sent more than"), std::string::npos) << chunked.message();
  EXPECT_TRUE(UrlSource(local.Url("/chunked"), timeout, body.size())->Refresh().ok());
}

TEST(AuthJwksHttpTest, ASlowOrClosedServerIsUnavailable) {
  LocalServer local;
  local.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("{\"keys\":[]}", "application/json");
  });
  const auto started = std::chrono::steady_clock::now();
  Status slow = UrlSource(local.Url("/slow"), std::chrono::milliseconds(300))->Refresh();
  EXPECT_EQ(slow.code(), StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1400));

  ClosedPort closed;
  Result<std::shared_ptr<const JsonWebKey>> down = UrlSource(closed.Url())->FindKey("k1");
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(down.status().message().find("cannot fetch JWKS URL"), std::string::npos)
      << down.status().message();
}

TEST(AuthJwksHttpTest, ConcurrentMissesWaitForOneFetch) {
  LocalServer local;
  std::atomic<int> hits{0};
  local.server().Get("/jwks", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the others pile up
    res.set_content(Jwks({RsaJwk("k1"), EcJwk("k2")}), "application/json");
  });
  // No refresh interval: only the wait for the running fetch keeps the
  // others from fetching again.
  auto source = UrlSource(local.Url("/jwks"), seconds(3), kMaxJwksBytes, seconds(0));
  std::atomic<int> found{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if (source->FindKey(i % 2 ? "k1" : "k2").ok()) ++found;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(found, 8);  // none gave up because another thread was fetching
  EXPECT_EQ(hits, 1);
  EXPECT_EQ(source->fetch_count(), 1);
}

}  // namespace
}  // namespace klussen::auth
