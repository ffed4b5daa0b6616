// /healthz (the process answers, whatever the database does), /readyz
// (database, schema, host; when not ready, 503 with "reason": "database",
// "starting" or "schema") and /metrics (Prometheus text format).
#pragma once

#include "http/hardened_server.h"
#include "server/readiness.h"
#include "store/database.h"
#include "suggest/index_feed.h"

namespace klussen::server {

// `feed` (may be null) adds the match index's state to /readyz (as a detail:
// while it loads, everything but suggestions works, so the sidecar stays
// ready) and its counters to /metrics.
void RegisterHealthRoutes(http::HardenedServer& server, Readiness& readiness, store::Pool& pool,
                          const suggest::IndexFeed* feed = nullptr);

}  // namespace klussen::server
