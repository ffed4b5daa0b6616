#include "support/signed_client.h"

#include <chrono>
#include <random>

#include "auth/signed_context.h"
#include "support/raw_http.h"

namespace klussen::testing {
namespace {

std::string NewNonce() {
  static std::mt19937_64 random{std::random_device{}()};
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return text;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string Answer::Header(const std::string& name) const {
  std::string wanted = Lower(name) + ":";
  size_t start = 0;
  while (start < headers.size()) {
    size_t end = headers.find("\r\n", start);
    if (end == std::string::npos) end = headers.size();
    std::string line = headers.substr(start, end - start);
    if (Lower(line.substr(0, wanted.size())) == wanted) {
      std::string value = line.substr(wanted.size());
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
    start = end + 2;
  }
  return "";
}

SignedClient::SignedClient(int port, std::string secret)
    : port_(port), secret_(std::move(secret)) {}

Answer SignedClient::Send(const std::string& method, const std::string& target, int64_t viewer,
                          const std::string& body, const std::string& language,
                          const std::string& extra_headers) {
  return Exchange(method, target, target, viewer, body, language, extra_headers);
}

Answer SignedClient::SendSignedFor(const std::string& method, const std::string& signed_target,
                                   const std::string& sent_target, int64_t viewer) {
  return Exchange(method, signed_target, sent_target, viewer, "", "nl", "");
}

Answer SignedClient::Exchange(const std::string& method, const std::string& signed_target,
                              const std::string& sent_target, int64_t viewer,
                              const std::string& body, const std::string& language,
                              const std::string& extra_headers) {
  const std::string now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
  auth::SignedFields fields{"k1", now, NewNonce(), std::to_string(viewer), language, site_};
  std::string signature =
      auth::SignedContextVerifier::Sign({"k1", secret_}, method, signed_target, fields, body);
  std::string request =
      method + " " + sent_target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
      "X-Klussen-Key-Id: k1\r\nX-Klussen-Timestamp: " + fields.timestamp +
      "\r\nX-Klussen-Nonce: " + fields.nonce + "\r\nX-Klussen-Viewer: " + fields.viewer +
      "\r\nX-Klussen-Language: " + language + "\r\nX-Klussen-Site: " + site_ +
      "\r\nX-Klussen-Signature: " + signature + "\r\n" + extra_headers;
  if (!body.empty() || method == "POST" || method == "PUT") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  std::string raw = RawExchange(port_, request, std::chrono::milliseconds(10000));
  Answer answer;
  answer.status = StatusOf(raw);
  size_t split = raw.find("\r\n\r\n");
  if (split != std::string::npos) {
    answer.headers = raw.substr(0, split);
    answer.body = raw.substr(split + 4);
  }
  answer.json = nlohmann::json::parse(answer.body, nullptr, false);
  return answer;
}

}  // namespace klussen::testing
