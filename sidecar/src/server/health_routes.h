// /healthz (the process answers), /readyz (database, schema, host) and
// /metrics (Prometheus text format).
#pragma once

#include "http/hardened_server.h"
#include "server/readiness.h"
#include "store/database.h"

namespace klussen::server {

void RegisterHealthRoutes(http::HardenedServer& server, Readiness& readiness, store::Pool& pool);

}  // namespace klussen::server
