// Test support: the real sidecar serving a test database over TCP on a free
// port, signed with testing::kTestSecret, as the integration tests need it.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "support/process.h"
#include "support/signed_client.h"
#include "support/test_db.h"

namespace klussen::testing {

// Starts `klussen-sidecar serve` for `db` as root; `extra` adds or overrides
// environment keys. Throws std::runtime_error (a failed test) with the
// sidecar's stderr when it does not start listening within 20 s.
std::unique_ptr<SidecarProcess> ServeTestDatabase(const TestDatabase& db,
                                                  const Environment& extra = {});

// A fresh database holding a host model (tests/fixtures/models/*.json) stored
// as `generation` stores it, with our migrations, served by the real sidecar;
// with a signed client for it and a root connection to the database.
struct ServedModel {
  std::unique_ptr<TestDatabase> db;
  std::unique_ptr<SidecarProcess> sidecar;
  std::unique_ptr<SignedClient> client;
  std::unique_ptr<store::Connection> connection;
};
ServedModel ServeModel(const std::string& model, const std::string& generation,
                       const Environment& extra = {});

}  // namespace klussen::testing
