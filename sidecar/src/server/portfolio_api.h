// The portfolio JSON API under /api/v1/ (docs/api.md "Portfolio"): the
// member's own portfolio and its items, another member's portfolio as the
// viewer may see it, the manager's budget, the AVG export and erasure, and
// the imports (preview first, then save what the member kept).
#pragma once

#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "portfolio/portfolio_service.h"

namespace klussen::server {

void RegisterPortfolioApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                                portfolio::PortfolioService& service);

// The import routes (preview of a LinkedIn export or an Open Badges
// assertion; saving what the member kept), in import_api.cc.
void RegisterImportApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                             portfolio::PortfolioService& service);

}  // namespace klussen::server
