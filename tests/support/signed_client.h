// Test support: requests signed the way the glue signs them
// (docs/protocol.md), sent over real HTTP to a running sidecar.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace klussen::testing {

struct Answer {
  int status = 0;
  std::string headers;  // raw header block
  std::string body;
  nlohmann::json json;                                // parsed body (discarded when not JSON)
  std::string Header(const std::string& name) const;  // "" when absent
};

class SignedClient {
 public:
  SignedClient(int port, std::string secret);
  // The site the glue speaks for (X-Klussen-Site), "1" by default.
  void set_site(std::string site) { site_ = std::move(site); }
  // viewer: user guid (0 = logged out); body sent as application/json when non-empty.
  Answer Send(const std::string& method, const std::string& target, int64_t viewer,
              const std::string& body = "", const std::string& language = "nl",
              const std::string& extra_headers = "");
  // Signs `signed_target` but sends `sent_target`: a replayed signature on
  // another spelling of the target (docs/protocol.md, "Unambiguous targets").
  Answer SendSignedFor(const std::string& method, const std::string& signed_target,
                       const std::string& sent_target, int64_t viewer);
  Answer Get(const std::string& target, int64_t viewer, const std::string& language = "nl") {
    return Send("GET", target, viewer, "", language);
  }
  Answer Post(const std::string& target, int64_t viewer, const nlohmann::json& body,
              const std::string& extra_headers = "") {
    return Send("POST", target, viewer, body.dump(), "nl", extra_headers);
  }
  Answer Put(const std::string& target, int64_t viewer, const nlohmann::json& body) {
    return Send("PUT", target, viewer, body.dump());
  }

 private:
  Answer Exchange(const std::string& method, const std::string& signed_target,
                  const std::string& sent_target, int64_t viewer, const std::string& body,
                  const std::string& language, const std::string& extra_headers);

  int port_;
  std::string secret_;
  std::string site_ = "1";
};

}  // namespace klussen::testing
