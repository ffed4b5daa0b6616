#include "server/readiness.h"

namespace klussen::server {

Readiness::Readiness(store::Pool* pool, host::HostSchema host_schema) : pool_(pool) {
  snapshot_.host_schema = std::move(host_schema);
}

ReadinessSnapshot Readiness::Refresh() {
  ReadinessSnapshot next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next.host_schema = snapshot_.host_schema;
    next.schema_ok = snapshot_.schema_ok;
    next.schema_description = snapshot_.schema_description;
    next.schema_version = snapshot_.schema_version;
  }
  auto lease = pool_->Acquire();
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
  snapshot_ = next;
  return next;
}

ReadinessSnapshot Readiness::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

}  // namespace klussen::server
