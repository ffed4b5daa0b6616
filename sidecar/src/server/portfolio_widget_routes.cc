// The portfolio fragments under /widgets/ (docs/api.md "Widgets"): each
// handler casts input, asks the portfolio service (which applies the
// member's visibility choices) and renders.
#include <limits>

#include "http/responses.h"
#include "portfolio/import_linkedin.h"
#include "portfolio/import_open_badges.h"
#include "portfolio/visibility.h"
#include "server/request_input.h"
#include "server/widget_routes.h"
#include "widgets/portfolio_widgets.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using portfolio::PortfolioService;

portfolio::Member MemberOf(const auth::Viewer& viewer) { return {viewer.guid, viewer.site_guid}; }

std::string NameOf(klus::KlusService& klussen, klus::Guid guid) {
  if (guid <= 0) return "";
  auto names = klussen.Names({guid});
  return names.ok() && !names->empty() ? names->front().name : "";
}

}  // namespace

void RegisterPortfolioWidgetRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                                   PortfolioService& portfolios, klus::KlusService& klussen,
                                   WidgetDefaults defaults) {
  PortfolioService* p = &portfolios;
  klus::KlusService* k = &klussen;

  server.Get(R"(/widgets/members/([0-9]+)/portfolio)",
             Widget(authenticator, defaults,
                    [p, k](const httplib::Request& req, httplib::Response& res,
                           const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                      auto owner = ParseId(req.matches[1]);
                      if (!owner) return http::WriteError(res, NotFound("member not found"));
                      auto visible = p->View(MemberOf(viewer), *owner);
                      if (!visible.ok()) return http::WriteError(res, visible.status());
                      widgets::PortfolioWidgetView view;
                      view.owner = {*owner, NameOf(*k, *owner)};
                      view.is_self = viewer.guid == *owner;
                      view.portfolio = std::move(*visible);
                      WriteHtml(res, widgets::RenderPortfolioWidget(ctx, view));
                    }));

  // The edit page; POST shows it again with the submitted values and the
  // field errors (the glue calls it after a failed save).
  auto edit = [p, k](const httplib::Request& req, httplib::Response& res,
                     const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
    auto own = p->Own(MemberOf(viewer));
    if (!own.ok()) return http::WriteError(res, own.status());
    widgets::PortfolioEditView view;
    view.portfolio = std::move(*own);
    if (req.method == "POST") {
      auto body = JsonBody(req);
      if (!body.ok()) return http::WriteError(res, body.status());
      const auto& current = view.portfolio;
      portfolio::Settings settings{current.discoverable,     current.about,
                                   current.about_visibility, current.region,
                                   current.availability,     current.manager_guid};
      std::vector<klus::FieldError> errors;
      settings = PortfolioService::ParseSettings(*body, settings, &errors);
      view.portfolio.discoverable = settings.discoverable;
      view.portfolio.about = settings.about;
      view.portfolio.about_visibility = settings.about_visibility;
      view.portfolio.region = settings.region;
      view.portfolio.availability = settings.availability;
      view.portfolio.manager_guid = settings.manager_guid;
      view.errors = errors;
      for (const auto& e : errors) {
        auto it = body->find(e.field);
        if (it != body->end() && it->is_string())
          view.raw_values.emplace_back(e.field, it->get<std::string>().substr(0, 200));
      }
    }
    view.manager = {view.portfolio.manager_guid, NameOf(*k, view.portfolio.manager_guid)};
    auto suggestions = p->ProfileSuggestions(MemberOf(viewer));
    if (suggestions.ok()) view.profile_suggestions = std::move(*suggestions);
    WriteHtml(res, widgets::RenderPortfolioEdit(ctx, view));
  };
  server.Get("/widgets/portfolio/edit", Widget(authenticator, defaults, edit));
  server.Post("/widgets/portfolio/edit", Widget(authenticator, defaults, edit));

  server.Get(
      "/widgets/portfolio/preview",
      Widget(
          authenticator, defaults,
          [p, k](const httplib::Request& req, httplib::Response& res, const auth::Viewer& viewer,
                 const widgets::RenderContext& ctx) {
            auto own = p->Own(MemberOf(viewer));
            if (!own.ok()) return http::WriteError(res, own.status());
            std::string as = req.get_param_value("as");
            if (as != "platform") as = "site";
            // Someone else: a colleague on this site, or a member elsewhere.
            portfolio::PortfolioViewer other{std::numeric_limits<klus::Guid>::max(), as == "site"};
            widgets::PortfolioPreviewView view;
            view.owner = {viewer.guid, NameOf(*k, viewer.guid)};
            view.audience = as;
            view.visible = portfolio::VisiblePart(other, *own);
            WriteHtml(res, widgets::RenderPortfolioPreview(ctx, view));
          }));

  server.Get("/widgets/portfolio/import",
             Widget(authenticator, defaults,
                    [](const httplib::Request&, httplib::Response& res, const auth::Viewer& viewer,
                       const widgets::RenderContext& ctx) {
                      if (viewer.guid <= 0)
                        return http::WriteError(res, Unauthenticated("log in to import"));
                      WriteHtml(res, widgets::RenderImportPage(ctx));
                    }));

  for (auto [path, source] : {std::pair{"/widgets/portfolio/import/linkedin", "linkedin"},
                              std::pair{"/widgets/portfolio/import/open-badges", "open_badges"}}) {
    std::string kind = source;
    server.Post(path, Widget(authenticator, defaults,
                             [kind](const httplib::Request& req, httplib::Response& res,
                                    const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                               if (viewer.guid <= 0)
                                 return http::WriteError(res, Unauthenticated("log in to import"));
                               auto preview = kind == "linkedin"
                                                  ? portfolio::ParseLinkedInExport(req.body)
                                                  : portfolio::ParseOpenBadgeAssertion(req.body);
                               if (!preview.ok()) return http::WriteError(res, preview.status());
                               widgets::ImportPreviewWidgetView view{kind, std::move(*preview)};
                               WriteHtml(res, widgets::RenderImportPreview(ctx, view));
                             }));
  }
}

}  // namespace klussen::server
