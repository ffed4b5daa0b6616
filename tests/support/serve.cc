#include "support/serve.h"

#include <stdexcept>
#include <thread>

#include "support/raw_http.h"

namespace klussen::testing {

std::unique_ptr<SidecarProcess> ServeTestDatabase(const TestDatabase& db,
                                                  const Environment& extra) {
  Environment env{{"KLUSSEN_DB_SOCKET", db.socket()},
                  {"KLUSSEN_DB_NAME", db.name()},
                  {"KLUSSEN_DB_USER", "root"},
                  {"KLUSSEN_LISTEN_PORT", "0"},
                  {"KLUSSEN_AUTH_SECRET", kTestSecret}};
  for (const auto& [key, value] : extra) env[key] = value;
  auto sidecar = std::make_unique<SidecarProcess>(std::vector<std::string>{"serve"}, env);
  if (!sidecar->WaitForStdout("listening on", std::chrono::seconds(20))) {
    throw std::runtime_error("the sidecar did not start: " + sidecar->err());
  }
  // The match index loads in the background; tests start once it has.
  const int port = sidecar->ListeningPort();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (port > 0 && std::chrono::steady_clock::now() < deadline) {
    std::string answer =
        RawExchange(port, "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if (answer.find("\"state\":\"ready\"") != std::string::npos) return sidecar;
    if (!sidecar->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (port > 0) {
    throw std::runtime_error("the sidecar's match index did not load: " + sidecar->err());
  }
  return sidecar;
}

ServedModel ServeModel(const std::string& model, const std::string& generation,
                       const Environment& extra) {
  ServedModel served;
  served.db = TestDatabase::Create();
  served.db->LoadModel(model, generation);
  served.db->Migrate();
  served.sidecar = ServeTestDatabase(*served.db, extra);
  served.client = std::make_unique<SignedClient>(served.sidecar->ListeningPort(), kTestSecret);
  served.connection = served.db->Connect();
  return served;
}

}  // namespace klussen::testing
