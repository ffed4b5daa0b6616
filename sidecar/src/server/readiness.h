// What /readyz reports: the database is reachable, our schema is current and
// the host schema generation was detected. Refreshed by a background job and
// on demand.
// Threading: thread-safe; Snapshot() returns a copy.
#pragma once

#include <mutex>
#include <string>

#include "host/host_model.h"
#include "store/database.h"
#include "store/migrations.h"

namespace klussen::server {

struct ReadinessSnapshot {
  bool database_ok = false;
  std::string database_error;  // for the log and the operator, never secrets
  bool schema_ok = false;
  std::string schema_description;
  int schema_version = 0;
  host::HostSchema host_schema;
  bool ready() const {
    return database_ok && schema_ok && host_schema.generation != host::Generation::kUnknown;
  }
};

class Readiness {
 public:
  Readiness(store::Pool* pool, host::HostSchema host_schema);

  // Pings the database and re-reads the schema state.
  ReadinessSnapshot Refresh();
  ReadinessSnapshot Snapshot() const;

 private:
  store::Pool* pool_;
  mutable std::mutex mutex_;
  ReadinessSnapshot snapshot_;
};

}  // namespace klussen::server
