#include "server/portfolio_api.h"

#include "http/responses.h"
#include "klus/klus_input.h"
#include "server/portfolio_json.h"
#include "server/request_input.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using nlohmann::json;
using portfolio::PortfolioService;

portfolio::Member MemberOf(const auth::Viewer& viewer) { return {viewer.guid, viewer.site_guid}; }

portfolio::Settings CurrentSettings(const portfolio::Portfolio& p) {
  return {p.discoverable, p.about, p.about_visibility, p.region, p.availability, p.manager_guid};
}

}  // namespace

void RegisterPortfolioApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                                PortfolioService& service) {
  PortfolioService* s = &service;

  server.Get("/api/v1/portfolio",
             WithViewer(authenticator, [s](const httplib::Request&, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto p = s->Own(MemberOf(viewer));
               if (!p.ok()) return http::WriteError(res, p.status());
               http::WriteJson(res, 200, PortfolioToJson(*p, true));
             }));

  server.Put("/api/v1/portfolio",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto body = JsonBody(req);
               if (!body.ok()) return http::WriteError(res, body.status());
               auto current = s->Own(MemberOf(viewer));
               if (!current.ok()) return http::WriteError(res, current.status());
               std::vector<klus::FieldError> errors;
               portfolio::Settings settings =
                   PortfolioService::ParseSettings(*body, CurrentSettings(*current), &errors);
               int expected = current->version;
               if (auto v = body->find("version"); v != body->end()) {
                 auto parsed = v->is_number_integer() ? std::optional<int64_t>(v->get<int64_t>())
                               : v->is_string()
                                   ? (v->get<std::string>() == "0" ? std::optional<int64_t>(0)
                                                                   : ParseId(v->get<std::string>()))
                                   : std::nullopt;
                 if (!parsed || *parsed < 0 || *parsed > 1000000000) {
                   errors.push_back({"version", "invalid"});
                 } else {
                   expected = static_cast<int>(*parsed);
                 }
               }
               if (!errors.empty())
                 return WriteFieldErrors(res, InvalidArgument("invalid fields"), errors,
                                         viewer.language);
               auto saved = s->UpdateSettings(MemberOf(viewer), settings, expected, &errors);
               if (!saved.ok()) {
                 if (!errors.empty())
                   return WriteFieldErrors(res, saved.status(), errors, viewer.language);
                 return http::WriteError(res, saved.status());
               }
               http::WriteJson(res, 200, PortfolioToJson(*saved, true));
             }));

  server.Post("/api/v1/portfolio/discoverable",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto flag = body->find("discoverable");
                if (flag == body->end() || !flag->is_boolean())
                  return http::WriteError(res,
                                          InvalidArgument("'discoverable' must be true or false"));
                auto p = s->SetDiscoverable(MemberOf(viewer), flag->get<bool>());
                if (!p.ok()) return http::WriteError(res, p.status());
                http::WriteJson(res, 200, PortfolioToJson(*p, true));
              }));

  server.Get(R"(/api/v1/members/([0-9]+)/portfolio)",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto owner = ParseId(req.matches[1]);
               if (!owner) return http::WriteError(res, NotFound("member not found"));
               auto p = s->View(MemberOf(viewer), *owner);
               if (!p.ok()) return http::WriteError(res, p.status());
               http::WriteJson(res, 200, PortfolioToJson(*p, *owner == viewer.guid));
             }));

  server.Post("/api/v1/portfolio/items",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto item = PortfolioService::ParseItem(*body);
                if (!item.ok()) return http::WriteError(res, item.status());
                auto added = s->AddItem(MemberOf(viewer), *item);
                if (!added.ok()) return http::WriteError(res, added.status());
                http::WriteJson(res, 201, ItemToJson(*added));
              }));

  server.Post(R"(/api/v1/portfolio/items/([0-9]+))",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto id = ParseId(req.matches[1]);
                if (!id) return http::WriteError(res, NotFound("item not found"));
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                json with_label = *body;
                with_label["label"] = "x";  // only level and visibility change here
                auto parsed = PortfolioService::ParseItem(with_label);
                if (!parsed.ok()) return http::WriteError(res, parsed.status());
                auto item = s->ChangeItem(MemberOf(viewer), *id, parsed->level, parsed->visibility);
                if (!item.ok()) return http::WriteError(res, item.status());
                http::WriteJson(res, 200, ItemToJson(*item));
              }));

  server.Delete(R"(/api/v1/portfolio/items/([0-9]+))",
                WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                              const auth::Viewer& viewer) {
                  auto id = ParseId(req.matches[1]);
                  if (!id) return http::WriteError(res, NotFound("item not found"));
                  Status removed = s->RemoveItem(MemberOf(viewer), *id);
                  if (!removed.ok()) return http::WriteError(res, removed);
                  http::WriteJson(res, 200, {{"removed", *id}});
                }));

  server.Post("/api/v1/portfolio/entries",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto entry = PortfolioService::ParseEntry(*body);
                if (!entry.ok()) return http::WriteError(res, entry.status());
                auto added = s->AddEntry(MemberOf(viewer), *entry);
                if (!added.ok()) return http::WriteError(res, added.status());
                http::WriteJson(res, 201, EntryToJson(*added));
              }));

  server.Delete(R"(/api/v1/portfolio/entries/([0-9]+))",
                WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                              const auth::Viewer& viewer) {
                  auto id = ParseId(req.matches[1]);
                  if (!id) return http::WriteError(res, NotFound("entry not found"));
                  Status removed = s->RemoveEntry(MemberOf(viewer), *id);
                  if (!removed.ok()) return http::WriteError(res, removed);
                  http::WriteJson(res, 200, {{"removed", *id}});
                }));

  server.Post("/api/v1/portfolio/profile-import",
              WithViewer(authenticator, [s](const httplib::Request&, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto added = s->ImportFromProfile(MemberOf(viewer));
                if (!added.ok()) return http::WriteError(res, added.status());
                http::WriteJson(res, 200, {{"added", *added}});
              }));

  server.Get("/api/v1/portfolio/export",
             WithViewer(authenticator, [s](const httplib::Request&, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto data = s->Export(MemberOf(viewer));
               if (!data.ok()) return http::WriteError(res, data.status());
               res.set_header("Content-Disposition",
                              "attachment; filename=\"klussen-gegevens.json\"");
               http::WriteJson(res, 200, *data);
             }));

  server.Post("/api/v1/portfolio/erase",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto confirm = body->find("confirm");
                if (confirm == body->end() || !(*confirm == true || *confirm == "1"))
                  return http::WriteError(
                      res,
                      InvalidArgument("erasing needs {\"confirm\": true}; nothing was removed"));
                auto changed = s->Erase(MemberOf(viewer));
                if (!changed.ok()) return http::WriteError(res, changed.status());
                http::WriteJson(res, 200, {{"erased", true}, {"rows", *changed}});
              }));

  server.Post("/api/v1/portfolio/budget-requests",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto hours_field = body->find("hours_per_week");
                auto hours = hours_field == body->end() ? std::nullopt
                                                        : klus::ParseHoursTenths(*hours_field);
                auto from = klus::ReadText(*body, "from", 10, false);
                auto until = klus::ReadText(*body, "until", 10, false);
                auto note = klus::ReadText(*body, "note", 1000, true);
                if (!hours)
                  return http::WriteError(res, InvalidArgument("'hours_per_week' is required"));
                for (const Status& st : {from.status(), until.status(), note.status()}) {
                  if (!st.ok()) return http::WriteError(res, st);
                }
                auto budget = s->RequestBudget(MemberOf(viewer), *hours, *from, *until, *note);
                if (!budget.ok()) return http::WriteError(res, budget.status());
                http::WriteJson(res, 201, BudgetToJson(*budget));
              }));

  server.Get("/api/v1/budget-requests",
             WithViewer(authenticator, [s](const httplib::Request&, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto budgets = s->BudgetsToDecide(MemberOf(viewer));
               if (!budgets.ok()) return http::WriteError(res, budgets.status());
               json items = json::array();
               for (const auto& b : *budgets) items.push_back(BudgetToJson(b));
               http::WriteJson(res, 200, {{"items", items}});
             }));

  server.Post(R"(/api/v1/budget-requests/([0-9]+)/decide)",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto id = ParseId(req.matches[1]);
                if (!id) return http::WriteError(res, NotFound("budget not found"));
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                auto read = klus::ReadText(*body, "decision", 16, false);
                std::string decision = read.ok() ? *read : "";
                if (decision != "confirm" && decision != "refuse")
                  return http::WriteError(res,
                                          InvalidArgument("'decision' must be confirm or refuse"));
                auto budget = s->DecideBudget(MemberOf(viewer), *id, decision == "confirm");
                if (!budget.ok()) return http::WriteError(res, budget.status());
                http::WriteJson(res, 200, BudgetToJson(*budget));
              }));
}

}  // namespace klussen::server
