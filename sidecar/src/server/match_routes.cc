#include "server/match_routes.h"

#include <cctype>
#include <cmath>

#include "http/responses.h"
#include "server/klus_json.h"
#include "server/request_input.h"
#include "widgets/match_widgets.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using nlohmann::json;

constexpr int64_t kDefaultLimit = 10;
constexpr int64_t kMaxOffset = 10000;

int Tenths(float hours) { return static_cast<int>(std::lround(hours * 10.0f)); }

std::string LowerAscii(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The index keeps one display form per free term ("python" when that was
// typed first); a label the klus itself names is shown as the klus typed it.
std::string AsTyped(const std::string& label, const klus::Klus& klus) {
  const std::string lower = LowerAscii(label);
  for (const auto* skills : {&klus.fields.required_skills, &klus.fields.desired_skills}) {
    for (const auto& skill : *skills) {
      if (LowerAscii(skill.label) == lower) return skill.label;
    }
  }
  return label;
}

// The reasons of one match in words. `region` is the person's region name as
// the viewer may see it.
widgets::MatchReasons ReasonsOf(const match::Match& m, const std::string& region,
                                const klus::Klus& klus) {
  widgets::MatchReasons why;
  why.score_percent = std::clamp(static_cast<int>(std::lround(m.score * 100.0f)), 0, 100);
  for (const auto& skill : m.why.skills) {
    why.skills.push_back({AsTyped(skill.wanted_label, klus), AsTyped(skill.matched_label, klus),
                          std::string(match::RelationName(skill.relation)), skill.required,
                          std::string(match::SourceName(skill.source)), skill.because});
  }
  for (const auto& label : m.why.missing_required) {
    why.missing_required.push_back(AsTyped(label, klus));
  }
  why.text_words = m.why.text_words;
  why.interests = m.why.interests;
  why.hours_available_tenths =
      m.why.hours_available < suggest::kUnstatedHours ? Tenths(m.why.hours_available) : -1;
  why.hours_needed_tenths = Tenths(m.why.hours_needed);
  why.region = region;
  why.remote = m.why.remote;
  return why;
}

json ReasonsToJson(const widgets::MatchReasons& why) {
  json skills = json::array();
  for (const auto& s : why.skills) {
    skills.push_back({{"wanted", s.wanted},
                      {"matched", s.matched},
                      {"relation", s.relation},
                      {"required", s.required},
                      {"source", s.source}});
    if (!s.because.empty()) skills.back()["because"] = s.because;
  }
  json out = {{"score_percent", why.score_percent},
              {"skills", skills},
              {"missing_required", why.missing_required},
              {"text_words", why.text_words},
              {"interests", why.interests},
              {"hours_needed", TenthsToJson(why.hours_needed_tenths)},
              {"remote", why.remote}};
  out["hours_available"] =
      why.hours_available_tenths < 0 ? json(nullptr) : TenthsToJson(why.hours_available_tenths);
  out["region"] = why.region.empty() ? json(nullptr) : json(why.region);
  return out;
}

struct Page {
  size_t offset = 0;
  size_t limit = 0;
};

Result<Page> PageOf(const httplib::Request& req) {
  KL_ASSIGN_OR_RETURN(int64_t offset, QueryInt(req, "offset", 0, 0, kMaxOffset));
  KL_ASSIGN_OR_RETURN(int64_t limit,
                      QueryInt(req, "limit", kDefaultLimit, 1,
                               static_cast<int64_t>(suggest::SuggestService::kMaxLimit)));
  return Page{static_cast<size_t>(offset), static_cast<size_t>(limit)};
}

widgets::ForYouView ForYouViewOf(const suggest::ForYouPage& page, size_t limit) {
  widgets::ForYouView view;
  view.discoverable = page.discoverable;
  view.has_skills = page.has_skills;
  view.hours_stated = page.hours_stated;
  view.hours_none = page.hours_none;
  view.offset = static_cast<int>(page.offset);
  view.limit = static_cast<int>(limit);
  view.has_more = page.has_more;
  for (const auto& item : page.items) {
    widgets::ForYouItem out;
    out.item.klus = item.view.klus;
    out.item.group_name = item.view.group_name;
    // For the person's own list the region shown is the klus's.
    out.why = ReasonsOf(item.match, item.view.klus.fields.region, item.view.klus);
    view.items.push_back(std::move(out));
  }
  return view;
}

widgets::CandidatesView CandidatesViewOf(const suggest::CandidatesPage& page, size_t limit) {
  widgets::CandidatesView view;
  view.klus = page.klus.klus;
  view.may_invite = page.may_invite;
  view.offset = static_cast<int>(page.offset);
  view.limit = static_cast<int>(limit);
  view.has_more = page.has_more;
  for (const auto& item : page.items) {
    widgets::CandidateItem out;
    out.person = {static_cast<klus::Guid>(item.match.person), item.name};
    out.why = ReasonsOf(item.match, item.region_name, page.klus.klus);
    view.items.push_back(std::move(out));
  }
  return view;
}

// Both routes of each direction cast the same input and ask the same
// question; they differ only in how they answer.
Result<widgets::ForYouView> ForYouOf(suggest::SuggestService& s, const httplib::Request& req,
                                     const auth::Viewer& viewer, suggest::ForYouPage* raw) {
  KL_ASSIGN_OR_RETURN(Page page, PageOf(req));
  KL_ASSIGN_OR_RETURN(*raw, s.ForYou(ActorOf(viewer), page.offset, page.limit));
  return ForYouViewOf(*raw, page.limit);
}

Result<widgets::CandidatesView> CandidatesOf(suggest::SuggestService& s,
                                             const httplib::Request& req,
                                             const auth::Viewer& viewer) {
  auto id = ParseId(req.matches[1]);
  if (!id) return NotFound("no such klus");
  KL_ASSIGN_OR_RETURN(Page page, PageOf(req));
  KL_ASSIGN_OR_RETURN(suggest::CandidatesPage found,
                      s.Candidates(ActorOf(viewer), *id, page.offset, page.limit));
  return CandidatesViewOf(found, page.limit);
}

}  // namespace

void RegisterMatchRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                         suggest::SuggestService& suggestions, WidgetDefaults defaults) {
  suggest::SuggestService* s = &suggestions;

  server.Get("/api/v1/matches/klussen",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               suggest::ForYouPage raw;
               auto view = ForYouOf(*s, req, viewer, &raw);
               if (!view.ok()) return http::WriteError(res, view.status());
               json items = json::array();
               for (size_t i = 0; i < view->items.size(); ++i) {
                 items.push_back({{"klus", KlusToJson(raw.items[i].view.klus, false)},
                                  {"group_name", raw.items[i].view.group_name},
                                  {"why", ReasonsToJson(view->items[i].why)}});
               }
               http::WriteJson(res, 200,
                               {{"items", items},
                                {"offset", view->offset},
                                {"limit", view->limit},
                                {"has_more", view->has_more},
                                {"discoverable", view->discoverable}});
             }));

  server.Get(R"(/api/v1/klussen/([0-9]+)/candidates)",
             WithViewer(authenticator, [s](const httplib::Request& req, httplib::Response& res,
                                           const auth::Viewer& viewer) {
               auto view = CandidatesOf(*s, req, viewer);
               if (!view.ok()) return http::WriteError(res, view.status());
               json items = json::array();
               for (const auto& item : view->items) {
                 items.push_back({{"user_guid", item.person.guid},
                                  {"name", item.person.name},
                                  {"why", ReasonsToJson(item.why)}});
               }
               http::WriteJson(res, 200,
                               {{"items", items},
                                {"offset", view->offset},
                                {"limit", view->limit},
                                {"has_more", view->has_more},
                                {"may_invite", view->may_invite}});
             }));

  server.Get("/widgets/klussen/voor-jou",
             Widget(authenticator, defaults,
                    [s](const httplib::Request& req, httplib::Response& res,
                        const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                      suggest::ForYouPage raw;
                      auto view = ForYouOf(*s, req, viewer, &raw);
                      if (!view.ok()) return http::WriteError(res, view.status());
                      view->paging = req.get_param_value("paging") == "1";
                      WriteHtml(res, widgets::RenderForYou(ctx, *view));
                    }));

  server.Get(R"(/widgets/klussen/([0-9]+)/candidates)",
             Widget(authenticator, defaults,
                    [s](const httplib::Request& req, httplib::Response& res,
                        const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                      auto view = CandidatesOf(*s, req, viewer);
                      if (!view.ok()) return http::WriteError(res, view.status());
                      WriteHtml(res, widgets::RenderCandidates(ctx, *view));
                    }));
}

}  // namespace klussen::server
