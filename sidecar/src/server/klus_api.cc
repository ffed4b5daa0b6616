#include "server/klus_api.h"

#include <algorithm>
#include <set>

#include "http/responses.h"
#include "klus/klus_input.h"
#include "server/klus_json.h"
#include "server/request_input.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using klus::KlusService;
using nlohmann::json;

constexpr size_t kMotivationMax = 2000;
constexpr size_t kReasonTextMax = 1000;
constexpr size_t kIdempotencyKeyMax = 64;

// Keys a create/update body may carry besides the klus fields.
const std::vector<std::string_view> kCreateExtraKeys = {"publish", "group_guid", "klus_id",
                                                        "version"};
const std::vector<std::string_view> kUpdateExtraKeys = {"version", "klus_id", "group_guid",
                                                        "publish"};

void NotFoundAnswer(httplib::Response& res) { http::WriteError(res, NotFound("no such resource")); }

// Runs a handler with the ids of the path (all positive, else 404) and the
// JSON object body (else 400): the preamble every klus action shares.
using IdsAndBodyHandler = std::function<void(httplib::Response&, const auth::Viewer&,
                                             const std::vector<int64_t>& ids, const json& body)>;
httplib::Server::Handler WithIdsAndBody(http::Authenticator& authenticator,
                                        IdsAndBodyHandler handler) {
  return WithViewer(authenticator, [handler = std::move(handler)](const httplib::Request& req,
                                                                  httplib::Response& res,
                                                                  const auth::Viewer& viewer) {
    std::vector<int64_t> ids;
    for (size_t i = 1; i < req.matches.size(); ++i) {
      auto id = ParseId(req.matches[i]);
      if (!id) return NotFoundAnswer(res);
      ids.push_back(*id);
    }
    auto body = JsonBody(req);
    if (!body.ok()) return http::WriteError(res, body.status());
    handler(res, viewer, ids, *body);
  });
}

// Writes a failed Result's status, with field errors when there are some.
void WriteFailure(httplib::Response& res, const Status& status,
                  const std::vector<klus::FieldError>& errors, const auth::Viewer& viewer) {
  if (status.code() == StatusCode::kInvalidArgument && !errors.empty()) {
    return WriteFieldErrors(res, status, errors, viewer.language);
  }
  http::WriteError(res, status);
}

Result<std::string> IdempotencyKey(const httplib::Request& req) {
  if (!req.has_header("Idempotency-Key")) return std::string();
  std::string key = req.get_header_value("Idempotency-Key");
  bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
  if (key.empty() || key.size() > kIdempotencyKeyMax || !printable) {
    return InvalidArgument("Idempotency-Key must be 1 to 64 printable ASCII characters");
  }
  return key;
}

Result<std::vector<klus::KlusState>> StatesParam(const httplib::Request& req) {
  std::vector<klus::KlusState> states;
  if (!req.has_param("state")) return states;
  std::string text = req.get_param_value("state");
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    auto state = klus::ParseKlusState(text.substr(start, comma - start));
    if (!state) return InvalidArgument("unknown state in 'state'");
    states.push_back(*state);
    start = comma + 1;
  }
  return states;
}

json ParticipantsJson(KlusService& service, const std::vector<klus::Participant>& people) {
  std::vector<klus::Guid> guids;
  for (const auto& p : people) guids.push_back(p.user_guid);
  auto names = service.Names(guids);
  json out = json::array();
  for (size_t i = 0; i < people.size(); ++i) {
    out.push_back(ParticipantToJson(people[i], names.ok() ? (*names)[i].name : ""));
  }
  return out;
}

}  // namespace

void RegisterKlusApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                           KlusService& service) {
  KlusService* s = &service;

  // --- groups ---------------------------------------------------------------
  server.Get(R"(/api/v1/groups/([0-9]+)/permissions)",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto group = ParseId(req.matches[1]);
               if (!group) return NotFoundAnswer(res);
               auto relation = s->RelationToGroup(ActorOf(viewer), *group);
               if (!relation.ok()) return http::WriteError(res, relation.status());
               http::WriteJson(res, 200,
                               {{"group_guid", *group},
                                {"tool_enabled", relation->tool_enabled},
                                {"member", relation->member},
                                {"group_admin", relation->group_admin},
                                {"site_admin", relation->site_admin},
                                {"can_post", klus::CanPost(*relation)}});
             }));

  server.Get(R"(/api/v1/groups/([0-9]+)/klussen)",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto group = ParseId(req.matches[1]);
               if (!group) return NotFoundAnswer(res);
               auto states = StatesParam(req);
               auto offset = QueryInt(req, "offset", 0, 0, 1000000);
               auto limit = QueryInt(req, "limit", 20, 1, 100);
               for (const Status& st : {states.status(), offset.status(), limit.status()}) {
                 if (!st.ok()) return http::WriteError(res, st);
               }
               auto list = s->ListGroup(ActorOf(viewer), *group, *states, static_cast<int>(*offset),
                                        static_cast<int>(*limit));
               if (!list.ok()) return http::WriteError(res, list.status());
               json items = json::array();
               for (const auto& k : list->items) items.push_back(KlusToJson(k, list->manager));
               http::WriteJson(res, 200,
                               {{"group_guid", *group},
                                {"can_post", list->can_post},
                                {"total", list->total},
                                {"offset", *offset},
                                {"limit", *limit},
                                {"items", items}});
             }));

  server.Post(R"(/api/v1/groups/([0-9]+)/klussen)",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto group = ParseId(req.matches[1]);
                if (!group) return NotFoundAnswer(res);
                auto key = IdempotencyKey(req);
                if (!key.ok()) return http::WriteError(res, key.status());
                auto body = JsonBody(req);
                if (!body.ok()) return http::WriteError(res, body.status());
                klus::KlusInput input = klus::ParseKlusInput(*body, kCreateExtraKeys);
                bool publish = false;
                if (auto it = body->find("publish"); it != body->end()) {
                  if (!it->is_boolean() && *it != "1" && *it != "0" && *it != "")
                    input.errors.push_back({"publish", "invalid"});
                  publish = (it->is_boolean() && it->get<bool>()) || *it == "1";
                }
                if (!input.ok()) {
                  return WriteFieldErrors(res, InvalidArgument("invalid fields"), input.errors,
                                          viewer.language);
                }
                std::vector<klus::FieldError> errors;
                bool created = false;
                auto klus = s->Create(ActorOf(viewer), *group, input.fields, publish, *key, &errors,
                                      &created);
                if (!klus.ok()) return WriteFailure(res, klus.status(), errors, viewer);
                res.set_header("Location", "/api/v1/klussen/" + std::to_string(klus->id));
                http::WriteJson(res, created ? 201 : 200, KlusToJson(*klus, true));
              }));

  // --- klussen --------------------------------------------------------------
  server.Get("/api/v1/klussen",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               std::string mine = req.get_param_value("mine");
               if (mine != "posted" && mine != "involved") {
                 return http::WriteError(
                     res, InvalidArgument("query parameter 'mine' must be posted or involved"));
               }
               auto limit = QueryInt(req, "limit", 50, 1, 100);
               if (!limit.ok()) return http::WriteError(res, limit.status());
               auto list = s->ListMine(ActorOf(viewer), mine == "posted", static_cast<int>(*limit));
               if (!list.ok()) return http::WriteError(res, list.status());
               json items = json::array();
               for (const auto& k : *list) items.push_back(KlusToJson(k, mine == "posted"));
               http::WriteJson(res, 200, {{"items", items}});
             }));

  server.Get(R"(/api/v1/klussen/([0-9]+))",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto id = ParseId(req.matches[1]);
               if (!id) return NotFoundAnswer(res);
               auto view = s->Get(ActorOf(viewer), *id);
               if (!view.ok()) return http::WriteError(res, view.status());
               http::WriteJson(res, 200, KlusViewToJson(*view));
             }));

  server.Put(
      R"(/api/v1/klussen/([0-9]+))",
      WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                        const std::vector<int64_t>& ids, const json& body) {
        klus::KlusInput input = klus::ParseKlusInput(body, kUpdateExtraKeys);
        auto version = body.find("version");
        int expected = 0;
        if (version == body.end() || !(version->is_number_integer() || version->is_string())) {
          input.errors.push_back({"version", "required"});
        } else {
          auto parsed = version->is_string() ? ParseId(version->get<std::string>())
                                             : std::optional<int64_t>(version->get<int64_t>());
          if (!parsed || *parsed > 1000000000) {
            input.errors.push_back({"version", "invalid"});
          } else {
            expected = static_cast<int>(*parsed);
          }
        }
        if (!input.ok()) {
          return WriteFieldErrors(res, InvalidArgument("invalid fields"), input.errors,
                                  viewer.language);
        }
        std::vector<klus::FieldError> errors;
        auto klus = s->Update(ActorOf(viewer), ids[0], expected, input.fields, &errors);
        if (!klus.ok()) return WriteFailure(res, klus.status(), errors, viewer);
        http::WriteJson(res, 200, KlusToJson(*klus, true));
      }));

  server.Post(R"(/api/v1/klussen/([0-9]+)/transition)",
              WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                                const std::vector<int64_t>& ids, const json& body) {
                auto to_field = body.find("to");
                auto to = to_field != body.end() && to_field->is_string()
                              ? klus::ParseKlusState(to_field->get<std::string>())
                              : std::nullopt;
                if (!to) {
                  return http::WriteError(res, InvalidArgument("'to' must name a klus state"));
                }
                std::optional<int> version;
                if (auto v = body.find("version"); v != body.end() && !v->is_null() && *v != "") {
                  auto parsed = v->is_string()           ? ParseId(v->get<std::string>())
                                : v->is_number_integer() ? std::optional<int64_t>(v->get<int64_t>())
                                                         : std::nullopt;
                  if (!parsed || *parsed > 1000000000)
                    return http::WriteError(
                        res, InvalidArgument("'version' must be a positive integer"));
                  version = static_cast<int>(*parsed);
                }
                int64_t deadline = 0;
                if (auto d = body.find("deadline"); d != body.end() && !d->is_null() && *d != "") {
                  klus::KlusInput parsed = klus::ParseKlusInput(json{{"deadline", *d}}, {});
                  if (!parsed.ok())
                    return WriteFieldErrors(res, InvalidArgument("invalid fields"), parsed.errors,
                                            viewer.language);
                  deadline = parsed.fields.deadline;
                }
                std::vector<klus::FieldError> errors;
                auto klus = s->Transition(ActorOf(viewer), ids[0], *to, version, deadline, &errors);
                if (!klus.ok()) return WriteFailure(res, klus.status(), errors, viewer);
                http::WriteJson(res, 200, KlusToJson(*klus, true));
              }));

  server.Post(R"(/api/v1/klussen/([0-9]+)/copy)",
              WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                            const auth::Viewer& viewer) {
                auto id = ParseId(req.matches[1]);
                if (!id) return NotFoundAnswer(res);
                auto klus = s->Copy(ActorOf(viewer), *id);
                if (!klus.ok()) return http::WriteError(res, klus.status());
                res.set_header("Location", "/api/v1/klussen/" + std::to_string(klus->id));
                http::WriteJson(res, 201, KlusToJson(*klus, true));
              }));

  server.Post(R"(/api/v1/klussen/([0-9]+)/apply)",
              WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                                const std::vector<int64_t>& ids, const json& body) {
                auto motivation = klus::ReadText(body, "motivation", kMotivationMax, true);
                if (!motivation.ok()) return http::WriteError(res, motivation.status());
                auto p = s->Apply(ActorOf(viewer), ids[0], *motivation);
                if (!p.ok()) return http::WriteError(res, p.status());
                json answer = ParticipantToJson(*p, "");
                // The application stands; the agreement check only adds to it.
                auto agreement = s->AfterApply(viewer.guid, ids[0]);
                answer["manager_agreement"] = agreement.ok() ? *agreement : "unknown";
                http::WriteJson(res, 201, answer);
              }));

  server.Post(R"(/api/v1/klussen/([0-9]+)/withdraw)",
              WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                                const std::vector<int64_t>& ids, const json& body) {
                auto reason = klus::ReadText(body, "reason_code", 32, false);
                auto text = klus::ReadText(body, "reason_text", kReasonTextMax, true);
                if (!reason.ok()) return http::WriteError(res, reason.status());
                if (!text.ok()) return http::WriteError(res, text.status());
                auto p = s->Withdraw(ActorOf(viewer), ids[0], *reason, *text);
                if (!p.ok()) return http::WriteError(res, p.status());
                http::WriteJson(res, 200, ParticipantToJson(*p, ""));
              }));

  server.Post(R"(/api/v1/klussen/([0-9]+)/invite)",
              WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                                const std::vector<int64_t>& ids, const json& body) {
                auto user_field = body.find("user_guid");
                std::optional<int64_t> user;
                if (user_field != body.end() && user_field->is_number_integer()) {
                  user = user_field->get<int64_t>();
                } else if (user_field != body.end() && user_field->is_string()) {
                  user = ParseId(user_field->get<std::string>());
                }
                if (!user || *user <= 0)
                  return http::WriteError(res, InvalidArgument("'user_guid' must be a user guid"));
                auto message = klus::ReadText(body, "message", kMotivationMax, true);
                if (!message.ok()) return http::WriteError(res, message.status());
                auto p = s->Invite(ActorOf(viewer), ids[0], *user, *message);
                if (!p.ok()) return http::WriteError(res, p.status());
                http::WriteJson(res, 201, ParticipantToJson(*p, ""));
              }));

  server.Get(R"(/api/v1/klussen/([0-9]+)/participants)",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto id = ParseId(req.matches[1]);
               if (!id) return NotFoundAnswer(res);
               auto people = s->Participants(ActorOf(viewer), *id);
               if (!people.ok()) return http::WriteError(res, people.status());
               http::WriteJson(res, 200, {{"items", ParticipantsJson(*s, *people)}});
             }));

  server.Post(
      R"(/api/v1/klussen/([0-9]+)/participants/([0-9]+)/decide)",
      WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                        const std::vector<int64_t>& ids, const json& body) {
        auto decision = klus::ReadText(body, "decision", 16, false);
        if (!decision.ok()) return http::WriteError(res, decision.status());
        if (*decision != "accept" && *decision != "decline")
          return http::WriteError(res, InvalidArgument("'decision' must be accept or decline"));
        auto reason = klus::ReadText(body, "reason_code", 32, false);
        auto text = klus::ReadText(body, "reason_text", kReasonTextMax, true);
        if (!reason.ok()) return http::WriteError(res, reason.status());
        if (!text.ok()) return http::WriteError(res, text.status());
        auto p = s->Decide(ActorOf(viewer), ids[0], ids[1], *decision == "accept", *reason, *text);
        if (!p.ok()) return http::WriteError(res, p.status());
        http::WriteJson(res, 200, ParticipantToJson(*p, ""));
      }));

  server.Post(
      R"(/api/v1/klussen/([0-9]+)/participants/([0-9]+)/complete)",
      WithIdsAndBody(authenticator, [s](httplib::Response& res, const auth::Viewer& viewer,
                                        const std::vector<int64_t>& ids, const json& body) {
        auto hours_field = body.find("hours_spent");
        auto hours =
            hours_field == body.end() ? std::nullopt : klus::ParseHoursTenths(*hours_field);
        if (!hours)
          return http::WriteError(
              res, InvalidArgument("'hours_spent' must be a number of hours (tenths allowed)"));
        std::string code;
        auto skills = klus::ParseSkills(body.value("confirmed_skills", json::array()), &code);
        if (!skills)
          return http::WriteError(res, InvalidArgument("'confirmed_skills' is " + code +
                                                       " (a list of labels or concepts)"));
        auto p = s->CompleteParticipant(ActorOf(viewer), ids[0], ids[1], *hours, *skills);
        if (!p.ok()) return http::WriteError(res, p.status());
        http::WriteJson(res, 200, ParticipantToJson(*p, ""));
      }));

  server.Get(R"(/api/v1/klussen/([0-9]+)/events)",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto id = ParseId(req.matches[1]);
               if (!id) return NotFoundAnswer(res);
               auto after = QueryInt(req, "after", 0, 0, INT64_MAX);
               if (!after.ok()) return http::WriteError(res, after.status());
               auto events = s->Events(ActorOf(viewer), *id, *after, 500);
               if (!events.ok()) return http::WriteError(res, events.status());
               json items = json::array();
               for (const auto& e : *events) items.push_back(EventToJson(e));
               http::WriteJson(res, 200, {{"items", items}});
             }));

  server.Get("/api/v1/notifications",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto after = QueryInt(req, "after", 0, 0, INT64_MAX);
               auto limit = QueryInt(req, "limit", 50, 1, 200);
               if (!after.ok()) return http::WriteError(res, after.status());
               if (!limit.ok()) return http::WriteError(res, limit.status());
               auto events = s->Notifications(ActorOf(viewer), *after, static_cast<int>(*limit));
               if (!events.ok()) return http::WriteError(res, events.status());
               json items = json::array();
               for (const auto& e : *events) items.push_back(EventToJson(e));
               http::WriteJson(res, 200, {{"items", items}});
             }));
}

}  // namespace klussen::server
