#include "http/authenticator.h"

#include <gtest/gtest.h>

#include <string>

#include "support/local_http_server.h"
#include "support/raw_http.h"

namespace klussen::http {
namespace {

// cpp-httplib's own parse of the request line (req.path, req.params) against
// the strict parse: a stock server whose only handler runs the check, fed raw
// request lines no well-behaved client would send.
class UnambiguousTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto handler = [](const httplib::Request& req, httplib::Response& res) {
      Status status = CheckUnambiguousTarget(req);
      if (!status.ok()) {
        res.status = 400;
        res.set_content(status.message(), "text/plain");
        return;
      }
      std::string echo = req.path;
      for (const auto& [name, value] : req.params) echo += "|" + name + "=" + value;
      res.set_content(echo, "text/plain");
    };
    server_.server().Get(".*", handler);
    server_.server().Post(".*", handler);
  }

  std::string Send(const std::string& target, const std::string& extra = "") {
    return testing::RawExchange(
        port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra + "\r\n");
  }
  int port() {
    std::string url = server_.Url("");
    return std::stoi(url.substr(url.rfind(':') + 1));
  }
  static std::string Body(const std::string& answer) {
    return answer.substr(answer.find("\r\n\r\n") + 4);
  }

  testing::LocalHttpServer server_;
};

TEST_F(UnambiguousTargetTest, TheAttackTargetsOfIssue14AreRefused) {
  for (const char* target :
       {"/api/v1/klussen/%u0031", "/api/v1/klussen?a=b=c", "/api/v1/klussen?mine=involved=posted",
        "/api/v1/klussen?mine=posted&mine=involved", "/api/v1/klussen?mine=involved&mine=posted",
        "/api/v1/klussen?=x", "/api/v1/klussen/1%", "/api/v1/klussen?mine=%u0070osted"}) {
    std::string answer = Send(target);
    EXPECT_EQ(testing::StatusOf(answer), 400) << target << "\n" << answer;
  }
}

TEST_F(UnambiguousTargetTest, StrictTargetsAreReadAsTheCanonicalFormReadsThem) {
  std::string answer = Send("/api/v1/klussen/%25u0031?a=b%3Dc&q=samen+werken&t=%2B&e");
  ASSERT_EQ(testing::StatusOf(answer), 200) << answer;
  // Params is a multimap: sorted by name.
  EXPECT_EQ(Body(answer), "/api/v1/klussen/%u0031|a=b=c|e=|q=samen werken|t=+");
}

TEST_F(UnambiguousTargetTest, FormBodyParametersAreRefused) {
  std::string form = "mine=posted";
  std::string answer = testing::RawExchange(
      port(),
      "POST /api/v1/klussen?mine=involved HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
          std::to_string(form.size()) + "\r\n\r\n" + form);
  EXPECT_EQ(testing::StatusOf(answer), 400) << answer;
}

}  // namespace
}  // namespace klussen::http
