// The import routes of the portfolio API: a preview first (nothing saved),
// then saving only what the member kept.
#include "http/responses.h"
#include "klus/klus_input.h"
#include "portfolio/import_linkedin.h"
#include "portfolio/import_open_badges.h"
#include "server/portfolio_api.h"
#include "server/portfolio_json.h"
#include "server/request_input.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using nlohmann::json;
using portfolio::PortfolioService;

// A kept preview row as an item or entry, checked like a typed one.
Result<std::vector<portfolio::Item>> KeptSkills(const json& body, const std::string& source) {
  std::vector<portfolio::Item> items;
  auto skills = body.find("skills");
  if (skills == body.end()) return items;
  if (!skills->is_array() || skills->size() > 500)
    return InvalidArgument("'skills' must be a list of at most 500 labels");
  for (const auto& skill : *skills) {
    json item = skill.is_string() ? json{{"label", skill}} : skill;
    if (!item.is_object()) return InvalidArgument("'skills' must hold labels or objects");
    json typed = {{"kind", "skill"}, {"label", item.contains("label") ? item["label"] : json()}};
    KL_ASSIGN_OR_RETURN(portfolio::Item parsed, PortfolioService::ParseItem(typed));
    parsed.source = "imported";
    parsed.source_detail = source;
    items.push_back(std::move(parsed));
  }
  return items;
}

Result<std::vector<portfolio::Entry>> KeptEntries(const json& body, const std::string& source) {
  std::vector<portfolio::Entry> entries;
  auto add = [&](const json& typed) -> Status {
    KL_ASSIGN_OR_RETURN(portfolio::Entry parsed, PortfolioService::ParseEntry(typed));
    parsed.source = "imported";
    parsed.source_detail = source;
    entries.push_back(std::move(parsed));
    return Status::Ok();
  };
  auto field = [](const json& row, const char* key) {
    auto it = row.find(key);
    return it != row.end() && it->is_string() ? *it : json("");
  };
  if (auto courses = body.find("courses"); courses != body.end()) {
    if (!courses->is_array() || courses->size() > 500)
      return InvalidArgument("'courses' must be a list of at most 500 objects");
    for (const auto& c : *courses) {
      if (!c.is_object()) return InvalidArgument("'courses' must hold objects");
      std::string kind = field(c, "kind");
      if (kind.empty()) kind = "course";
      std::string criteria = field(c, "criteria");
      std::string issuer = field(c, "issuer");
      KL_RETURN_IF_ERROR(add({{"kind", kind},
                              {"title", field(c, "title")},
                              {"provider", field(c, "provider")},
                              {"start_date", field(c, "date")},
                              {"url", field(c, "url")},
                              {"detail", issuer.empty() ? criteria : criteria + "\n\n" + issuer}}));
    }
  }
  if (auto positions = body.find("positions"); positions != body.end()) {
    if (!positions->is_array() || positions->size() > 500)
      return InvalidArgument("'positions' must be a list of at most 500 objects");
    for (const auto& p : *positions) {
      if (!p.is_object()) return InvalidArgument("'positions' must hold objects");
      KL_RETURN_IF_ERROR(add({{"kind", "position"},
                              {"title", field(p, "title")},
                              {"provider", field(p, "organisation")},
                              {"start_date", field(p, "start")},
                              {"end_date", field(p, "end")},
                              {"detail", field(p, "description")}}));
    }
  }
  return entries;
}

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
                auto source = klus::ReadText(*body, "source", 32, false);
                if (!source.ok()) return http::WriteError(res, source.status());
                if (*source != "linkedin" && *source != "open_badges")
                  return http::WriteError(
                      res, InvalidArgument("'source' must be linkedin or open_badges"));
                auto items = KeptSkills(*body, *source);
                if (!items.ok()) return http::WriteError(res, items.status());
                auto entries = KeptEntries(*body, *source);
                if (!entries.ok()) return http::WriteError(res, entries.status());
                auto added = s->SaveImported({viewer.guid, viewer.site_guid}, std::move(*items),
                                             std::move(*entries));
                if (!added.ok()) return http::WriteError(res, added.status());
                http::WriteJson(res, 200,
                                {{"items_added", added->first}, {"entries_added", added->second}});
              }));
}

}  // namespace klussen::server
