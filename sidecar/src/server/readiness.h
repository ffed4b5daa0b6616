// What /readyz reports: the database is reachable, our schema is current and
// the host schema generation was detected. Refreshed by a background job and
// on demand. A sidecar started while the database was away has no host schema
// until its start-up steps ran (SetHostSchema); until then it is not ready.
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
  bool started() const { return host_schema.generation != host::Generation::kUnknown; }
  bool ready() const { return database_ok && schema_ok && started(); }
  // Why it is not ready, for /readyz and the log: "database" (unreachable),
  // "starting" (reachable, start-up steps not done yet), "schema" (ours is
  // not current); "" when ready.
  std::string reason() const;
};

class Readiness {
 public:
  Readiness(store::Pool* pool, host::HostSchema host_schema);

  // Pings the database and re-reads the schema state. Inside the pool's
  // retry window (the database failed moments ago) it answers at once
  // without a new connection attempt.
  ReadinessSnapshot Refresh();
  // The same, but connects now even inside the retry window: for the
  // background job that watches for the database to come back.
  ReadinessSnapshot Probe();
  ReadinessSnapshot Snapshot() const;
  // The host schema found by the (possibly late) start-up steps.
  void SetHostSchema(host::HostSchema host_schema);

 private:
  ReadinessSnapshot Check(bool now);

  store::Pool* pool_;
  mutable std::mutex mutex_;
  ReadinessSnapshot snapshot_;
};

}  // namespace klussen::server
