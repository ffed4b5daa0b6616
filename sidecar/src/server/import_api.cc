// The import routes of the portfolio API: a preview first (nothing saved),
// then saving only what the member kept.
#include "http/responses.h"
#include "portfolio/import_linkedin.h"
#include "portfolio/import_open_badges.h"
#include "server/import_input.h"
#include "server/portfolio_api.h"
#include "server/portfolio_json.h"
#include "server/request_input.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using portfolio::PortfolioService;

}  // namespace

void RegisterImportApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                             PortfolioService& service) {
  PortfolioService* s = &service;

  server.Post("/api/v1/portfolio/import/linkedin",
              WithViewer(authenticator, [](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
                if (viewer.guid <= 0)
                  return http::WriteError(res, Unauthenticated("log in to import"));
                auto preview = portfolio::ParseLinkedInExport(req.body);
                if (!preview.ok()) return http::WriteError(res, preview.status());
                http::WriteJson(res, 200, ImportPreviewToJson(*preview));
              }));

  server.Post("/api/v1/portfolio/import/open-badges",
              WithViewer(authenticator, [](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
                if (viewer.guid <= 0)
                  return http::WriteError(res, Unauthenticated("log in to import"));
                auto preview = portfolio::ParseOpenBadgeAssertion(req.body);
                if (!preview.ok()) return http::WriteError(res, preview.status());
                http::WriteJson(res, 200, ImportPreviewToJson(*preview));
              }));

  server.Post("/api/v1/portfolio/import/save",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto kept = ParseKeptImport(*body);
                if (!kept.ok()) return http::WriteError(res, kept.status());
                auto added = s->SaveImported({viewer.guid, viewer.site_guid},
                                             std::move(kept->items), std::move(kept->entries));
                if (!added.ok()) return http::WriteError(res, added.status());
                http::WriteJson(res, 200,
                                {{"items_added", added->first}, {"entries_added", added->second}});
              }));
}

}  // namespace klussen::server
