#include "server/widget_routes.h"

#include <regex>

#include "common/dates.h"
#include "http/responses.h"
#include "klus/klus_input.h"
#include "klus/lifecycle.h"
#include "server/request_input.h"
#include "widgets/klus_widgets.h"

namespace klussen::server {
namespace {

using http::WithViewer;
using klus::KlusService;

constexpr size_t kMaxBaseLength = 500;
constexpr size_t kMaxHiddenValue = 200;

// A base for links or actions: root-relative ("/x/", not "//") or http(s).
bool IsAcceptableBase(const std::string& base) {
  if (base.empty() || base.size() > kMaxBaseLength) return false;
  for (char c : base) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
        c == '\\')
      return false;
  }
  if (base[0] == '/') return base.size() == 1 || base[1] != '/';
  return base.rfind("https://", 0) == 0 || base.rfind("http://", 0) == 0;
}

}  // namespace

Result<widgets::RenderContext> WidgetContextOf(const httplib::Request& req,
                                               const auth::Viewer& viewer,
                                               const WidgetDefaults& defaults) {
  widgets::RenderContext ctx;
  ctx.language = viewer.language == "en" ? "en" : "nl";
  ctx.link_base = defaults.link_base;
  ctx.action_base = defaults.action_base;
  for (auto [name, target] :
       {std::pair{"link_base", &ctx.link_base}, std::pair{"action_base", &ctx.action_base}}) {
    if (!req.has_param(name)) continue;
    std::string value = req.get_param_value(name);
    if (!IsAcceptableBase(value)) {
      return InvalidArgument(std::string("'") + name +
                             "' must be a root-relative path or an http(s) URL");
    }
    *target = value;
  }
  static const std::regex kHiddenName("__elgg_[a-z]{1,20}");
  for (const auto& [name, value] : req.params) {
    if (name.rfind("__elgg_", 0) != 0) continue;
    if (!std::regex_match(name, kHiddenName) || value.size() > kMaxHiddenValue) {
      return InvalidArgument("hidden form field '" + name.substr(0, 40) + "' is not acceptable");
    }
    ctx.hidden.emplace_back(name, value);
  }
  return ctx;
}

namespace {}  // namespace

void WriteHtml(httplib::Response& res, std::string html) {
  res.status = 200;
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

httplib::Server::Handler Widget(http::Authenticator& authenticator, const WidgetDefaults& defaults,
                                WidgetHandler handler) {
  return WithViewer(authenticator, [defaults, handler = std::move(handler)](
                                       const httplib::Request& req, httplib::Response& res,
                                       const auth::Viewer& viewer) {
    auto ctx = WidgetContextOf(req, viewer, defaults);
    if (!ctx.ok()) return http::WriteError(res, ctx.status());
    handler(req, res, viewer, *ctx);
  });
}

namespace {

widgets::KlusListItem ListItem(const klus::Klus& k, const std::string& group_name, bool counts) {
  return widgets::KlusListItem{k, group_name, counts};
}

// The form for a new klus or an edit, with the submitted values and the
// sidecar's own validation when `submitted` is set.
void WriteForm(httplib::Response& res, const widgets::RenderContext& ctx,
               widgets::KlusFormView view, const nlohmann::json* submitted, int64_t now,
               bool deadline_in_future) {
  if (submitted != nullptr) {
    klus::KlusInput input =
        klus::ParseKlusInput(*submitted, {"publish", "group_guid", "klus_id", "version"});
    view.values = input.fields;
    view.raw_values = input.raw_values;
    view.errors = input.errors;
    for (auto& e : klus::ValidateKlusFields(input.fields, now, deadline_in_future)) {
      bool already = false;
      for (const auto& existing : view.errors) already = already || existing.field == e.field;
      if (!already) view.errors.push_back(e);
    }
  }
  WriteHtml(res, widgets::RenderKlusForm(ctx, view));
}

}  // namespace

void RegisterWidgetRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                          KlusService& service, WidgetDefaults defaults) {
  KlusService* s = &service;

  server.Get(R"(/widgets/groups/([0-9]+)/klussen)",
             Widget(authenticator, defaults,
                    [s](const httplib::Request& req, httplib::Response& res,
                        const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                      auto group = ParseId(req.matches[1]);
                      if (!group) return http::WriteError(res, NotFound("no such group"));
                      auto offset = QueryInt(req, "offset", 0, 0, 1000000);
                      if (!offset.ok()) return http::WriteError(res, offset.status());
                      std::string filter = req.get_param_value("state");
                      std::vector<klus::KlusState> states;
                      if (filter == "all") {
                        states = {klus::KlusState::kDraft,     klus::KlusState::kOpen,
                                  klus::KlusState::kFilled,    klus::KlusState::kInProgress,
                                  klus::KlusState::kCompleted, klus::KlusState::kCancelled,
                                  klus::KlusState::kExpired};
                      } else {
                        filter = "open";
                      }
                      constexpr int kPage = 20;
                      auto list = s->ListGroup(ActorOf(viewer), *group, states,
                                               static_cast<int>(*offset), kPage);
                      if (!list.ok()) return http::WriteError(res, list.status());
                      widgets::GroupTabView view;
                      view.group_guid = *group;
                      view.group_name = list->group_name;
                      view.can_post = list->can_post;
                      view.tool_enabled = list->relation.tool_enabled;
                      view.state_filter = filter;
                      view.total = list->total;
                      view.offset = static_cast<int>(*offset);
                      view.limit = kPage;
                      for (const auto& k : list->items) {
                        view.items.push_back(ListItem(k, list->group_name, list->manager));
                      }
                      WriteHtml(res, widgets::RenderGroupTab(ctx, view));
                    }));

  server.Get(R"(/widgets/klussen/mine)",
             Widget(authenticator, defaults,
                    [s](const httplib::Request& req, httplib::Response& res,
                        const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                      bool posted = req.get_param_value("list") == "posted";
                      auto list = s->ListMine(ActorOf(viewer), posted, 50);
                      if (!list.ok()) return http::WriteError(res, list.status());
                      std::vector<widgets::KlusListItem> items;
                      for (const auto& k : *list) items.push_back(ListItem(k, "", posted));
                      WriteHtml(
                          res, widgets::RenderKlusList(
                                   ctx, items, posted ? "list.mine_posted" : "list.mine_involved"));
                    }));

  server.Get(R"(/widgets/klussen/([0-9]+))",
             Widget(authenticator, defaults,
                    [s](const httplib::Request& req, httplib::Response& res,
                        const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
                      auto id = ParseId(req.matches[1]);
                      if (!id) return http::WriteError(res, NotFound("no such klus"));
                      auto view = s->Get(ActorOf(viewer), *id);
                      if (!view.ok()) return http::WriteError(res, view.status());
                      widgets::KlusPageView page;
                      page.klus = view->klus;
                      page.group_name = view->group_name;
                      page.poster = {view->klus.poster_guid, view->poster_name};
                      page.can_manage = view->can_manage;
                      page.can_apply = view->apply_blocked_reason.empty();
                      // Reasons a reader need not see (they posted it) stay out.
                      page.apply_blocked_reason = view->apply_blocked_reason;
                      page.own = view->own;
                      if (view->can_manage)
                        page.allowed_transitions = klus::AllowedTransitions(view->klus.state);
                      page.now = UnixNow();
                      WriteHtml(res, widgets::RenderKlusPage(ctx, page));
                    }));

  server.Get(
      R"(/widgets/klussen/([0-9]+)/responses)",
      Widget(authenticator, defaults,
             [s](const httplib::Request& req, httplib::Response& res, const auth::Viewer& viewer,
                 const widgets::RenderContext& ctx) {
               auto id = ParseId(req.matches[1]);
               if (!id) return http::WriteError(res, NotFound("no such klus"));
               auto people = s->Participants(ActorOf(viewer), *id);
               if (!people.ok()) return http::WriteError(res, people.status());
               auto view = s->Get(ActorOf(viewer), *id);
               if (!view.ok()) return http::WriteError(res, view.status());
               std::vector<klus::Guid> guids;
               for (const auto& p : *people) guids.push_back(p.user_guid);
               auto names = s->Names(guids);
               if (!names.ok()) return http::WriteError(res, names.status());
               widgets::ResponsesView responses;
               responses.klus = view->klus;
               responses.now = UnixNow();
               for (size_t i = 0; i < people->size(); ++i) {
                 responses.rows.push_back({(*people)[i], {(*names)[i].guid, (*names)[i].name}});
               }
               WriteHtml(res, widgets::RenderResponses(ctx, responses));
             }));

  // The post form: blank (GET) or redisplayed with the submitted values and
  // the sidecar's validation next to the fields (POST, JSON body of strings).
  auto new_form = [s](const httplib::Request& req, httplib::Response& res,
                      const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
    auto group = ParseId(req.matches[1]);
    if (!group) return http::WriteError(res, NotFound("no such group"));
    auto relation = s->RelationToGroup(ActorOf(viewer), *group);
    if (!relation.ok()) return http::WriteError(res, relation.status());
    if (!relation->tool_enabled)
      return http::WriteError(res, FailedPrecondition("klussen is not enabled in this group"));
    if (!klus::CanPost(*relation))
      return http::WriteError(res, PermissionDenied("only group admins can post klussen here"));
    auto list = s->ListGroup(ActorOf(viewer), *group, {}, 0, 1);
    if (!list.ok()) return http::WriteError(res, list.status());
    widgets::KlusFormView view;
    view.group_guid = *group;
    view.group_name = list->group_name;
    view.values.deadline = 0;
    std::optional<nlohmann::json> body;
    if (req.method == "POST") {
      auto parsed = JsonBody(req);
      if (!parsed.ok()) return http::WriteError(res, parsed.status());
      body = std::move(*parsed);
    }
    WriteForm(res, ctx, std::move(view), body ? &*body : nullptr, UnixNow(), true);
  };
  server.Get(R"(/widgets/groups/([0-9]+)/klussen/new)", Widget(authenticator, defaults, new_form));
  server.Post(R"(/widgets/groups/([0-9]+)/klussen/new)", Widget(authenticator, defaults, new_form));

  auto edit_form = [s](const httplib::Request& req, httplib::Response& res,
                       const auth::Viewer& viewer, const widgets::RenderContext& ctx) {
    auto id = ParseId(req.matches[1]);
    if (!id) return http::WriteError(res, NotFound("no such klus"));
    auto view = s->Get(ActorOf(viewer), *id);
    if (!view.ok()) return http::WriteError(res, view.status());
    if (!view->can_manage)
      return http::WriteError(
          res, PermissionDenied("only the poster, group admins and site admins may edit"));
    if (!klus::IsEditable(view->klus.state))
      return http::WriteError(res, Conflict("this klus can no longer be edited"));
    widgets::KlusFormView form;
    form.group_guid = view->klus.group_guid;
    form.group_name = view->group_name;
    form.klus_id = view->klus.id;
    form.version = view->klus.version;
    form.values = view->klus.fields;
    std::optional<nlohmann::json> body;
    if (req.method == "POST") {
      auto parsed = JsonBody(req);
      if (!parsed.ok()) return http::WriteError(res, parsed.status());
      body = std::move(*parsed);
    }
    bool future = view->klus.state == klus::KlusState::kOpen;
    WriteForm(res, ctx, std::move(form), body ? &*body : nullptr, UnixNow(), future);
  };
  server.Get(R"(/widgets/klussen/([0-9]+)/edit)", Widget(authenticator, defaults, edit_form));
  server.Post(R"(/widgets/klussen/([0-9]+)/edit)", Widget(authenticator, defaults, edit_form));
}

}  // namespace klussen::server
