#include "support/serve.h"

#include <stdexcept>

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
  return sidecar;
}

}  // namespace klussen::testing
