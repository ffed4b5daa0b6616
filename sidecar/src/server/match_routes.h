// The matching routes (docs/api.md "Matching"): JSON for both directions
// and the two widgets.
//
//   GET /api/v1/matches/klussen?offset&limit          "Klussen voor jou"
//   GET /api/v1/klussen/<id>/candidates?offset&limit  suggested candidates (managers)
//   GET /widgets/klussen/voor-jou?offset&limit&paging=1
//   GET /widgets/klussen/<id>/candidates?offset
//
// Threading: handlers run on the server's worker threads; the service is
// thread-safe.
#pragma once

#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "server/widget_routes.h"
#include "suggest/suggest_service.h"

namespace klussen::server {

void RegisterMatchRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                         suggest::SuggestService& suggestions, WidgetDefaults defaults);

}  // namespace klussen::server
