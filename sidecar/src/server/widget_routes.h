// The HTML fragments under /widgets/ (docs/api.md "Widgets") that the glue
// embeds in Elgg pages. The glue names, in the signed query, where links and
// forms go (link_base, action_base) and the hidden fields every form must
// carry (Elgg's __elgg_ts and __elgg_token), so Elgg actions and their CSRF
// check apply. Permission decisions are the service's; the renderer only
// lays out what the viewer may see.
#pragma once

#include <functional>
#include <string>

#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "klus/klus_service.h"
#include "portfolio/portfolio_service.h"
#include "widgets/views.h"

namespace klussen::server {

struct WidgetDefaults {
  std::string link_base = "/klussen/";
  std::string action_base = "/action/klussen/";
};

void RegisterWidgetRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                          klus::KlusService& service, WidgetDefaults defaults);

// The portfolio fragments (portfolio_widget_routes.cc): the profile widget,
// the edit page, "what others see", the import page and import previews.
void RegisterPortfolioWidgetRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                                   portfolio::PortfolioService& portfolios,
                                   klus::KlusService& klussen, WidgetDefaults defaults);

// Runs a widget handler for an authenticated viewer with its render context
// (a bad link_base/action_base is answered 400 before the handler runs).
using WidgetHandler = std::function<void(const httplib::Request&, httplib::Response&,
                                         const auth::Viewer&, const widgets::RenderContext&)>;
httplib::Server::Handler Widget(http::Authenticator& authenticator, const WidgetDefaults& defaults,
                                WidgetHandler handler);
// A 200 answer with an HTML fragment.
void WriteHtml(httplib::Response& res, std::string html);

// The render context of a widget request (link_base, action_base, Elgg's
// hidden form fields), or InvalidArgument for a bad base.
Result<widgets::RenderContext> WidgetContextOf(const httplib::Request& req,
                                               const auth::Viewer& viewer,
                                               const WidgetDefaults& defaults);

}  // namespace klussen::server
