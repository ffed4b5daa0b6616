// Test support: the real sidecar serving a test database over TCP on a free
// port, signed with testing::kTestSecret, as the integration tests need it.
#pragma once

#include <memory>

#include "support/process.h"
#include "support/test_db.h"

namespace klussen::testing {

// Starts `klussen-sidecar serve` for `db` as root; `extra` adds or overrides
// environment keys. Throws std::runtime_error (a failed test) with the
// sidecar's stderr when it does not start listening within 20 s.
std::unique_ptr<SidecarProcess> ServeTestDatabase(const TestDatabase& db,
                                                  const Environment& extra = {});

}  // namespace klussen::testing
