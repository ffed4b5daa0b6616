#include "server/readiness.h"

namespace klussen::server {

Readiness::Readiness(store::Pool* pool, host::HostSchema host_schema) : pool_(pool) {
  snapshot_.host_schema = std::move(host_schema);
}

std::string ReadinessSnapshot::reason() const {
  if (!database_ok) return "database";
  if (!started()) return "starting";
  if (!schema_ok) return "schema";
  return "";
}

ReadinessSnapshot Readiness::Refresh() { return Check(/*now=*/false); }

ReadinessSnapshot Readiness::Probe() { return Check(/*now=*/true); }

void Readiness::SetHostSchema(host::HostSchema host_schema) {
  std::lock_guard<std::mutex> lock(mutex_);
  snapshot_.host_schema = std::move(host_schema);
}

ReadinessSnapshot Readiness::Check(bool now) {
  ReadinessSnapshot next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next.host_schema = snapshot_.host_schema;
    next.schema_ok = snapshot_.schema_ok;
    next.schema_description = snapshot_.schema_description;
    next.schema_version = snapshot_.schema_version;
  }
  auto lease = now ? pool_->AcquireNow() : pool_->Acquire();
  if (!lease.ok()) {
    next.database_ok = false;
    next.database_error = lease.status().message();
  } else {
    auto state = store::InspectSchema(**lease, store::EmbeddedMigrations());
    if (!state.ok()) {
      next.database_ok = false;
      next.database_error = state.status().message();
    } else {
      next.database_ok = true;
      next.schema_ok = state->IsCurrent();
      next.schema_description = state->Describe();
      next.schema_version = state->current;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  // SetHostSchema may have run while this check was out at the database.
  next.host_schema = snapshot_.host_schema;
  snapshot_ = next;
  return next;
}

ReadinessSnapshot Readiness::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

}  // namespace klussen::server
