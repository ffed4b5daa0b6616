#include "widgets/klus_widgets.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "widgets/format.h"
#include "widgets/fragment_writer.h"
#include "widgets/html.h"
#include "widgets/messages.h"

namespace klussen::widgets {
namespace {

using klus::KlusState;
using klus::ParticipantState;

constexpr int kTitleMaxLength = 150;
constexpr int kDescriptionMaxLength = 10000;
constexpr int kMotivationMaxLength = 2000;
constexpr int kPeopleMin = 1;
constexpr int kPeopleMax = 50;

// The klus widgets' writer: the shared one plus option lists from messages.
class Writer : public internal::FragmentWriter {
 public:
  using FragmentWriter::FragmentWriter;

  // <select id name> with one option per value, labels from `key_prefix` + value.
  template <typename Values>
  void Select(std::string_view id, std::string_view name, const Values& values,
              std::string_view key_prefix, std::string_view selected) {
    Html("<select");
    Attr("id", id);
    Attr("name", name);
    InputClassAttr("select");
    Html(">\n");
    for (std::string_view value : values) {
      Html("<option");
      Attr("value", value);
      if (value == selected) Html(" selected");
      Html(">");
      Msg(std::string(key_prefix) + std::string(value));
      Html("</option>\n");
    }
    Html("</select>\n");
  }
};

std::string Id(klus::KlusId id) { return std::to_string(id); }

std::string StateText(const internal::FragmentWriter& w, KlusState state) {
  return w.Text("state." + std::string(klus::Name(state)));
}

std::string ParticipantText(const Writer& w, ParticipantState state) {
  return w.Text("participant." + std::string(klus::Name(state)));
}

void StateBadge(internal::FragmentWriter& w, KlusState state) {
  w.Html("<span");
  w.Attr("class", "klussen-state klussen-state-" + std::string(klus::Name(state)));
  w.Html(">");
  w.Esc(Substitute(w.Text("state.badge"), {{"state", StateText(w, state)}}));
  w.Html("</span>");
}

std::string TitleOf(const internal::FragmentWriter& w, const klus::Klus& k) {
  const bool blank = std::all_of(k.fields.title.begin(), k.fields.title.end(),
                                 [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
  return blank ? w.Text("klus.untitled") : k.fields.title;
}

std::string HoursText(const internal::FragmentWriter& w, klus::TimeMode mode, int tenths) {
  std::string key = mode == klus::TimeMode::kPerWeek ? "hours.per_week" : "hours.total";
  if (tenths == 10) key += "_one";
  return Substitute(w.Text(key), {{"hours", FormatTenths(w.lang(), tenths)}});
}

// A stored ISO date as a long date, or the stored text when it does not parse.
std::string DateText(const internal::FragmentWriter& w, std::string_view iso) {
  const std::optional<Ymd> date = ParseIsoDate(iso);
  return date ? LongDate(w.lang(), *date) : std::string(iso);
}

std::string PeriodText(const internal::FragmentWriter& w, const klus::KlusFields& f) {
  const std::string start = DateText(w, f.start_date);
  const std::string end = DateText(w, f.end_date);
  if (!f.start_date.empty() && !f.end_date.empty()) {
    return Substitute(w.Text("period.from_to"), {{"start", start}, {"end", end}});
  }
  if (!f.start_date.empty()) return Substitute(w.Text("period.from"), {{"start", start}});
  if (!f.end_date.empty()) return Substitute(w.Text("period.until"), {{"end", end}});
  return "";
}

std::string LocationText(const internal::FragmentWriter& w, const klus::KlusFields& f) {
  if (!f.region.empty() && f.remote) {
    return Substitute(w.Text("location.region_or_remote"), {{"region", f.region}});
  }
  if (!f.region.empty()) return f.region;
  if (f.remote) return w.Text("location.remote");
  return "";
}

std::string CountsText(const internal::FragmentWriter& w, const klus::Klus& k) {
  return Substitute(w.Text("meta.counts"), {{"applied", std::to_string(k.applied_count)},
                                            {"invited", std::to_string(k.invited_count)},
                                            {"accepted", std::to_string(k.accepted_count)}});
}

std::string AudienceText(const internal::FragmentWriter& w, klus::Audience audience) {
  return w.Text("audience." + std::string(klus::Name(audience)));
}

void DeadlineMeta(internal::FragmentWriter& w, const klus::KlusFields& f, int64_t now) {
  if (f.deadline <= 0) return;
  if (!f.deadline_stated && f.deadline == klus::kNoDeadline) {
    w.Meta("meta.deadline", w.Text("meta.deadline_none"));
    return;
  }
  const int64_t deadline = f.deadline;
  std::string text = LongDateOfInstant(w.lang(), deadline);
  if (now > 0 && deadline < now) text += " " + w.Text("meta.deadline_passed");
  w.Meta("meta.deadline", text);
}

void ListItem(Writer& w, const KlusListItem& item, bool show_group) {
  w.Html("<li class=\"klussen-item elgg-item\">\n");
  internal::KlusSummary(w, item, show_group);
  w.Html("</li>\n");
}

void List(Writer& w, const std::vector<KlusListItem>& items, bool show_group) {
  w.Html("<ul class=\"klussen-list elgg-list\">\n");
  for (const KlusListItem& item : items) ListItem(w, item, show_group);
  w.Html("</ul>\n");
}

std::string_view TransitionKey(KlusState from, KlusState to) {
  switch (to) {
    case KlusState::kOpen:
      return from == KlusState::kDraft ? "transition.publish" : "transition.reopen";
    case KlusState::kInProgress:
      return "transition.start";
    case KlusState::kCompleted:
      return "transition.complete";
    case KlusState::kCancelled:
      return "transition.cancel";
    case KlusState::kFilled:
      return "transition.fill";
    case KlusState::kDraft:
      return "transition.draft";
    case KlusState::kExpired:
      return "transition.expire";
  }
  return "transition.publish";
}

// The managers' transition buttons: moving the klus forward (publish, start,
// complete) is the primary action; reopening, filling, cancelling, ... secondary.
internal::ButtonKind TransitionButtonKind(KlusState from, KlusState to) {
  const bool forward = (to == KlusState::kOpen && from == KlusState::kDraft) ||
                       to == KlusState::kInProgress || to == KlusState::kCompleted;
  return forward ? internal::ButtonKind::kSubmit : internal::ButtonKind::kAction;
}

// Skills as Elgg tags (output/tags): <ul class="klussen-skills elgg-tags"> with
// one <li class="elgg-tag"> per skill.
void SkillTags(internal::FragmentWriter& w, const std::vector<klus::SkillRef>& skills) {
  w.Html("<ul class=\"klussen-skills elgg-tags\">\n");
  for (const klus::SkillRef& skill : skills) {
    w.Html("<li class=\"elgg-tag\">");
    w.Esc(skill.label.empty() ? skill.concept_id : skill.label);
    w.Html("</li>\n");
  }
  w.Html("</ul>\n");
}

// A labelled, empty text input in its own field wrapper.
void TextField(internal::FragmentWriter& w, std::string_view id, std::string_view name,
               std::string_view label, std::string_view extra_html = {}) {
  w.OpenFieldDiv();
  w.Label(id, label);
  w.Html("<input type=\"text\"");
  w.InputClassAttr("text");
  w.Attr("id", id);
  w.Attr("name", name);
  w.Html(extra_html);
  w.Html(">\n</div>\n");
}

// A reason code's text from the first namespace that knows it, else the code.
std::string ReasonText(const Writer& w, std::string_view first_prefix,
                       std::string_view second_prefix, const std::string& code) {
  for (std::string_view prefix : {first_prefix, second_prefix}) {
    const std::string key = std::string(prefix) + code;
    if (HasMessage(key)) return w.Text(key);
  }
  return code;
}

std::string ParticipantReason(const Writer& w, const klus::Participant& p) {
  if (p.reason_code.empty() && p.reason_text.empty()) return "";
  std::string text;
  if (!p.reason_code.empty()) {
    text = p.state == ParticipantState::kWithdrawn
               ? ReasonText(w, "withdraw_reason.", "decline_reason.", p.reason_code)
               : ReasonText(w, "decline_reason.", "withdraw_reason.", p.reason_code);
  }
  if (!p.reason_text.empty()) text += text.empty() ? p.reason_text : ": " + p.reason_text;
  return text;
}

bool IsActive(ParticipantState state) {
  return state == ParticipantState::kApplied || state == ParticipantState::kInvited ||
         state == ParticipantState::kAccepted;
}

// ---- the form ----------------------------------------------------------

// Form fields in display order (also the error summary's order).
constexpr std::string_view kFormFields[] = {
    "title",  "description",   "required_skills", "desired_skills", "time_mode",
    "hours",  "start_date",    "end_date",        "deadline",       "region",
    "remote", "people_needed", "audience",        "organisation"};

bool IsFormField(std::string_view field) {
  return std::find(std::begin(kFormFields), std::end(kFormFields), field) != std::end(kFormFields);
}

std::string ErrorKey(std::string_view code) {
  const std::string key = "error." + std::string(code);
  return HasMessage(key) ? key : "error.invalid";
}

class FormWriter {
 public:
  FormWriter(Writer& w, const KlusFormView& view) : w_(w), view_(view) {
    for (const FieldError& error : view.errors) {
      if (IsFormField(error.field)) errors_[error.field].push_back(error.code);
    }
  }

  std::string FieldId(std::string_view field) const { return "klussen-" + std::string(field); }
  bool HasError(std::string_view field) const { return errors_.contains(std::string(field)); }

  // The submitted text for `field`, if it was sent back.
  std::optional<std::string> Raw(std::string_view field) const {
    for (const auto& [name, value] : view_.raw_values) {
      if (name == field) return value;
    }
    return std::nullopt;
  }
  std::string ValueOr(std::string_view field, std::string fallback) const {
    std::optional<std::string> raw = Raw(field);
    return raw ? *raw : fallback;
  }

  void ErrorSummary() {
    if (view_.errors.empty()) return;
    w_.Html("<div class=\"klussen-error-summary\" role=\"alert\" tabindex=\"-1\">\n");
    w_.Heading(3, w_.Text("errors.summary_heading"));
    w_.Html("<ul>\n");
    // Form fields in form order first, then errors about other things.
    for (std::string_view field : kFormFields) {
      const auto it = errors_.find(std::string(field));
      if (it == errors_.end()) continue;
      for (const std::string& code : it->second) {
        w_.Html("<li><a");
        w_.Attr("href", "#" + FieldId(field));
        w_.Html(">");
        std::string label = w_.Text(LabelKey(field));
        if (!label.empty() && label.back() == '?') label.pop_back();  // "Wie kan reageren?"
        w_.Esc(label + ": " + w_.Text(ErrorKey(code)));
        w_.Html("</a></li>\n");
      }
    }
    for (const FieldError& error : view_.errors) {
      if (IsFormField(error.field)) continue;
      w_.Html("<li>");
      w_.Msg(ErrorKey(error.code));
      w_.Html("</li>\n");
    }
    w_.Html("</ul>\n</div>\n");
  }

  // The id list for aria-describedby (hint, then error), or "".
  std::string DescribedBy(std::string_view field, bool has_hint) const {
    std::string ids;
    if (has_hint) ids = FieldId(field) + "-hint";
    if (HasError(field)) ids += (ids.empty() ? "" : " ") + FieldId(field) + "-error";
    return ids;
  }

  // Label, hint and error message of a field.
  void Head(std::string_view field, std::string_view hint_key) {
    w_.Label(FieldId(field), w_.Text(LabelKey(field)));
    Hint(field, hint_key);
    FieldErrors(field);
  }

  void Hint(std::string_view field, std::string_view hint_key) {
    if (hint_key.empty()) return;
    w_.HintParagraph(FieldId(field) + "-hint", w_.Text(hint_key));
  }

  void FieldErrors(std::string_view field) {
    const auto it = errors_.find(std::string(field));
    if (it == errors_.end()) return;
    w_.Html("<p class=\"klussen-error-message\"");
    w_.Attr("id", FieldId(field) + "-error");
    w_.Html("><strong>");
    w_.Msg("errors.prefix");
    w_.Html("</strong>");
    for (const std::string& code : it->second) {
      w_.Html(" ");
      w_.Msg(ErrorKey(code));
    }
    w_.Html("</p>\n");
  }

  // ` aria-invalid="true" aria-describedby="..."` as needed.
  void AriaAttrs(std::string_view field, bool has_hint) {
    if (HasError(field)) w_.Html(" aria-invalid=\"true\"");
    const std::string described_by = DescribedBy(field, has_hint);
    if (!described_by.empty()) w_.Attr("aria-describedby", described_by);
  }

  void OpenField(std::string_view field) { w_.OpenFieldDiv(HasError(field)); }

  void Input(std::string_view field, std::string_view type, const std::string& value,
             std::string_view hint_key = {}, std::string_view extra_html = {}) {
    OpenField(field);
    Head(field, hint_key);
    w_.Html("<input");
    w_.Attr("type", type);
    w_.InputClassAttr(type);
    w_.Attr("id", FieldId(field));
    w_.Attr("name", field);
    w_.Attr("value", value);
    w_.Html(extra_html);
    AriaAttrs(field, !hint_key.empty());
    w_.Html(">\n</div>\n");
  }

  void TextArea(std::string_view field, const std::string& value, int max_length,
                std::string_view hint_key) {
    OpenField(field);
    Head(field, hint_key);
    w_.Html("<textarea");
    w_.Attr("id", FieldId(field));
    w_.Attr("name", field);
    w_.InputClassAttr("textarea");
    w_.Attr("maxlength", std::to_string(max_length));
    w_.Html(" rows=\"10\"");
    AriaAttrs(field, !hint_key.empty());
    w_.Html(">");
    // A leading newline right after <textarea> is dropped by parsers; keep it.
    if (!value.empty() && (value[0] == '\n' || value[0] == '\r')) w_.Html("\n");
    w_.Esc(value);
    w_.Html("</textarea>\n</div>\n");
  }

  template <typename Values>
  void SelectField(std::string_view field, const Values& values, std::string_view key_prefix,
                   const std::string& selected) {
    OpenField(field);
    Head(field, {});
    w_.Html("<select");
    w_.Attr("id", FieldId(field));
    w_.Attr("name", field);
    w_.InputClassAttr("select");
    AriaAttrs(field, false);
    w_.Html(">\n");
    for (std::string_view value : values) {
      w_.Html("<option");
      w_.Attr("value", value);
      if (value == selected) w_.Html(" selected");
      w_.Html(">");
      w_.Msg(std::string(key_prefix) + std::string(value));
      w_.Html("</option>\n");
    }
    w_.Html("</select>\n</div>\n");
  }

  // `send_unticked`: a hidden "0" goes first, so an unticked box is posted
  // as "0" (a ticked one's "1" comes later and wins) instead of not at all.
  void Checkbox(std::string_view field, bool checked, bool send_unticked = false) {
    OpenField(field);
    FieldErrors(field);
    if (send_unticked) {
      w_.Html("<input type=\"hidden\"");
      w_.Attr("name", field);
      w_.Html(" value=\"0\">");
    }
    w_.Html("<input type=\"checkbox\"");
    w_.InputClassAttr("checkbox");
    w_.Attr("id", FieldId(field));
    w_.Attr("name", field);
    w_.Html(" value=\"1\"");
    if (checked) w_.Html(" checked");
    AriaAttrs(field, false);
    w_.Html(">\n");
    w_.Label(FieldId(field), w_.Text(LabelKey(field)));
    w_.Html("</div>\n");
  }

  template <typename Values>
  void RadioGroup(std::string_view field, const Values& values, std::string_view key_prefix,
                  const std::string& selected) {
    w_.Html("<fieldset");
    w_.Attr("class",
            std::string(HasError(field) ? internal::kInvalidFieldClass : internal::kFieldClass) +
                " elgg-input-radios");
    w_.Attr("id", FieldId(field));
    w_.Html(">\n<legend>");
    w_.Msg(LabelKey(field));
    w_.Html("</legend>\n");
    FieldErrors(field);
    for (std::string_view value : values) {
      const std::string id = FieldId(field) + "-" + std::string(value);
      w_.Html("<div class=\"klussen-choice\">\n<input type=\"radio\"");
      w_.InputClassAttr("radio");
      w_.Attr("id", id);
      w_.Attr("name", field);
      w_.Attr("value", value);
      if (value == selected) w_.Html(" checked");
      AriaAttrs(field, false);
      w_.Html(">\n");
      w_.Label(id, w_.Text(std::string(key_prefix) + std::string(value)), false);
      w_.Html("</div>\n");
    }
    w_.Html("</fieldset>\n");
  }

  static std::string LabelKey(std::string_view field) { return "field." + std::string(field); }

 private:
  Writer& w_;
  const KlusFormView& view_;
  std::map<std::string, std::vector<std::string>> errors_;
};

std::string JoinLabels(const std::vector<klus::SkillRef>& skills) {
  std::string out;
  for (const klus::SkillRef& skill : skills) {
    if (!out.empty()) out += ", ";
    out += skill.label;
  }
  return out;
}

bool Truthy(std::string_view value) {
  return value == "1" || value == "on" || value == "true" || value == "yes";
}

}  // namespace

namespace internal {

void KlusSummary(FragmentWriter& w, const KlusListItem& item, bool show_group) {
  const klus::Klus& k = item.klus;
  const klus::KlusFields& f = k.fields;
  w.Html("<h3 class=\"klussen-item-title\">");
  w.Link("view/" + Id(k.id), TitleOf(w, k));
  w.Html("</h3>\n<p class=\"klussen-item-state elgg-subtext\">");
  StateBadge(w, k.state);
  w.Html("</p>\n<dl class=\"klussen-meta elgg-subtext\">\n");
  if (f.hours_tenths > 0) w.Meta("meta.time", HoursText(w, f.time_mode, f.hours_tenths));
  DeadlineMeta(w, f, 0);
  const std::string location = LocationText(w, f);
  if (!location.empty()) w.Meta("meta.location", location);
  w.Meta("meta.audience", AudienceText(w, f.audience));
  if (show_group && !item.group_name.empty()) w.Meta("meta.group", item.group_name);
  if (item.show_counts) w.Meta("meta.responses", CountsText(w, k));
  w.Html("</dl>\n");
}

}  // namespace internal

std::string RenderGroupTab(const RenderContext& ctx, const GroupTabView& view) {
  Writer w(ctx);
  w.OpenSection("group-tab");
  w.PageTitle(w.Text("group_tab.heading"));
  if (!view.tool_enabled) {
    w.Html("<p class=\"klussen-notice\">");
    w.Msg("group_tab.tool_disabled");
    w.Html("</p>\n");
  } else if (view.can_post) {
    w.Html("<p class=\"klussen-actions\">");
    w.LinkButton("add/" + std::to_string(view.group_guid), w.Text("group_tab.post"));
    w.Html("</p>\n");
  }
  if (!view.items.empty()) {
    List(w, view.items, false);
  } else if (view.tool_enabled) {
    w.Html("<p class=\"klussen-empty\">");
    w.Msg(view.state_filter == "all" ? "group_tab.empty_all" : "group_tab.empty_open");
    w.Html("</p>\n");
  }
  const int limit = view.limit;
  std::string suffix;
  if (!view.state_filter.empty() && view.state_filter != "open") {
    suffix = "&state=" + UrlEncodeComponent(view.state_filter);
  }
  w.Paging("group/" + std::to_string(view.group_guid), view.offset, limit,
           limit > 0 && view.total > view.offset + limit, suffix);
  w.CloseSection();
  return w.Take();
}

std::string RenderKlusList(const RenderContext& ctx, const std::vector<KlusListItem>& items,
                           std::string_view heading_key) {
  Writer w(ctx);
  w.OpenSection("list");
  w.PageTitle(w.Text(heading_key));
  if (items.empty()) {
    w.Html("<p class=\"klussen-empty\">");
    w.Msg("list.empty");
    w.Html("</p>\n");
  } else {
    List(w, items, true);
  }
  w.CloseSection();
  return w.Take();
}

std::string RenderKlusPage(const RenderContext& ctx, const KlusPageView& view) {
  Writer w(ctx);
  const klus::Klus& k = view.klus;
  const klus::KlusFields& f = k.fields;
  const std::string id = Id(k.id);
  w.OpenSection("page");
  w.PageTitle(TitleOf(w, k));
  w.Html("<p class=\"klussen-item-state elgg-subtext\">");
  StateBadge(w, k.state);
  w.Html("</p>\n<dl class=\"klussen-meta\">\n");
  if (f.hours_tenths > 0) w.Meta("meta.time", HoursText(w, f.time_mode, f.hours_tenths));
  const std::string period = PeriodText(w, f);
  if (!period.empty()) w.Meta("meta.period", period);
  DeadlineMeta(w, f, view.now);
  const std::string location = LocationText(w, f);
  if (!location.empty()) w.Meta("meta.location", location);
  w.Meta("meta.people_needed", std::to_string(f.people_needed));
  w.Meta("meta.audience", AudienceText(w, f.audience));
  if (!f.organisation.empty()) w.Meta("meta.organisation", f.organisation);
  if (!view.group_name.empty()) w.Meta("meta.group", view.group_name);
  if (!view.poster.name.empty()) {
    w.Html("<dt>");
    w.Msg("meta.poster");
    w.Html("</dt><dd>");
    w.Person(view.poster);
    w.Html("</dd>\n");
  }
  w.Html("</dl>\n");

  const std::string description = RenderPlainText(f.description);
  if (!description.empty()) {
    w.Heading(3, w.Text("field.description"));
    w.Html("<div class=\"klussen-description\">\n");
    w.Html(description);
    w.Html("</div>\n");
  }
  for (const auto& [key, skills] : {std::pair{"field.required_skills", &f.required_skills},
                                    std::pair{"field.desired_skills", &f.desired_skills}}) {
    if (skills->empty()) continue;
    w.Heading(3, w.Text(key));
    SkillTags(w, *skills);
  }

  if (view.can_apply) {
    const std::string motivation_id = "klussen-motivation-" + id;
    w.Heading(3, w.Text("heading.apply"));
    w.OpenForm("apply", "klussen-apply");
    w.Hidden("klus_id", id);
    w.OpenFieldDiv();
    w.Label(motivation_id, w.Text("field.motivation"));
    w.HintParagraph(motivation_id + "-hint", w.Text("field.motivation_hint"));
    w.Html("<textarea");
    w.Attr("id", motivation_id);
    w.Html(" name=\"motivation\"");
    w.InputClassAttr("textarea");
    w.Attr("maxlength", std::to_string(kMotivationMaxLength));
    w.Html(" rows=\"6\"");
    w.Attr("aria-describedby", motivation_id + "-hint");
    w.Html("></textarea>\n</div>\n");
    w.Button(internal::ButtonKind::kSubmit, w.Text("button.apply"));
    w.CloseForm();
  } else if (!view.apply_blocked_reason.empty()) {
    const std::string key = "apply_blocked." + view.apply_blocked_reason;
    w.Html("<p class=\"klussen-notice\">");
    w.Msg(HasMessage(key) ? key : "apply_blocked.not_open");
    w.Html("</p>\n");
  }

  if (view.own) {
    const klus::Participant& own = *view.own;
    w.Heading(3, w.Text("heading.own"));
    w.Html("<p class=\"klussen-own-state\">");
    w.Esc(Substitute(w.Text("own.status"), {{"state", ParticipantText(w, own.state)}}));
    w.Html("</p>\n");
    const std::string reason = ParticipantReason(w, own);
    if (!reason.empty() && !IsActive(own.state)) {
      w.Html("<p class=\"klussen-own-reason\">");
      w.Esc(w.Text("field.reason") + ": " + reason);
      w.Html("</p>\n");
    }
    if (IsActive(own.state)) {
      const std::string reason_id = "klussen-withdraw-reason-" + id;
      const std::string text_id = "klussen-withdraw-text-" + id;
      w.Html("<p>");
      w.Msg("own.withdraw_intro");
      w.Html("</p>\n");
      w.OpenForm("withdraw", "klussen-withdraw");
      w.Hidden("klus_id", id);
      w.OpenFieldDiv();
      w.Label(reason_id, w.Text("field.reason"));
      w.Select(reason_id, "reason_code", klus::kWithdrawReasons, "withdraw_reason.", "");
      w.Html("</div>\n");
      TextField(w, text_id, "reason_text", w.Text("field.reason_text"));
      w.Button(internal::ButtonKind::kAction, w.Text("button.withdraw"));
      w.CloseForm();
    }
  }

  if (view.can_manage) {
    w.Heading(3, w.Text("heading.manage"));
    w.Html("<ul class=\"klussen-manage-links\">\n<li>");
    w.LinkButton("edit/" + id, w.Text("button.edit"));
    w.Html("</li>\n<li>");
    w.LinkButton("responses/" + id, w.Text("button.responses") + " (" + CountsText(w, k) + ")");
    w.Html("</li>\n");
    if (k.state == KlusState::kOpen || k.state == KlusState::kDraft) {
      w.Html("<li>");
      w.LinkButton("candidates/" + id, w.Text("button.candidates"));
      w.Html("</li>\n");
    }
    w.Html("</ul>\n<div class=\"klussen-actions\">\n");
    for (KlusState to : view.allowed_transitions) {
      w.OpenForm("transition", "klussen-transition");
      w.Hidden("klus_id", id);
      w.Hidden("version", std::to_string(k.version));
      w.Hidden("to", klus::Name(to));
      w.Button(TransitionButtonKind(k.state, to), w.Text(TransitionKey(k.state, to)));
      w.CloseForm();
    }
    w.OpenForm("copy", "klussen-copy");
    w.Hidden("klus_id", id);
    w.Button(internal::ButtonKind::kAction, w.Text("button.copy"));
    w.CloseForm();
    w.Html("</div>\n");
  }
  w.CloseSection();
  return w.Take();
}

std::string RenderKlusForm(const RenderContext& ctx, const KlusFormView& view) {
  Writer w(ctx);
  FormWriter form(w, view);
  const klus::KlusFields& v = view.values;
  w.OpenSection("form-page");
  w.PageTitle(w.Text(view.klus_id == 0 ? "heading.new_klus" : "heading.edit_klus"));
  if (!view.group_name.empty()) {
    w.Html("<p class=\"klussen-form-group elgg-subtext\">");
    w.Esc(Substitute(w.Text("form.in_group"), {{"group", view.group_name}}));
    w.Html("</p>\n");
  }
  form.ErrorSummary();
  w.OpenForm("save", "klussen-edit");
  w.Hidden("group_guid", std::to_string(view.group_guid));
  if (view.klus_id != 0) w.Hidden("klus_id", Id(view.klus_id));
  w.Hidden("version", std::to_string(view.version));

  form.Input("title", "text", form.ValueOr("title", v.title), {},
             " maxlength=\"" + std::to_string(kTitleMaxLength) + "\"");
  form.TextArea("description", form.ValueOr("description", v.description), kDescriptionMaxLength,
                "field.description_hint");
  form.Input("required_skills", "text",
             form.ValueOr("required_skills", JoinLabels(v.required_skills)), "field.skills_hint");
  form.Input("desired_skills", "text", form.ValueOr("desired_skills", JoinLabels(v.desired_skills)),
             "field.skills_hint");
  constexpr std::string_view kTimeModes[] = {"per_week", "total"};
  form.SelectField("time_mode", kTimeModes, "time_mode.",
                   form.ValueOr("time_mode", std::string(klus::Name(v.time_mode))));
  form.Input(
      "hours", "text",
      form.ValueOr("hours", v.hours_tenths > 0 ? FormatTenths(w.lang(), v.hours_tenths) : ""),
      "field.hours_hint", " inputmode=\"decimal\"");
  form.Input("start_date", "date", form.ValueOr("start_date", v.start_date));
  form.Input("end_date", "date", form.ValueOr("end_date", v.end_date));
  form.Input("deadline", "date",
             form.ValueOr("deadline",
                          v.deadline > 0 && v.deadline_stated ? IsoDateOfInstant(v.deadline) : ""),
             "field.deadline_hint");
  form.Input("region", "text", form.ValueOr("region", v.region), "field.region_hint");
  const std::optional<std::string> raw_remote = form.Raw("remote");
  form.Checkbox("remote", raw_remote ? Truthy(*raw_remote) : v.remote);
  const std::optional<std::string> raw_unknown = form.Raw("accept_unknown_hours");
  form.Checkbox("accept_unknown_hours", raw_unknown ? Truthy(*raw_unknown) : v.accept_unknown_hours,
                true);
  form.Input(
      "people_needed", "number", form.ValueOr("people_needed", std::to_string(v.people_needed)), {},
      " min=\"" + std::to_string(kPeopleMin) + "\" max=\"" + std::to_string(kPeopleMax) + "\"");
  constexpr std::string_view kAudiences[] = {"group", "site", "platform"};
  form.RadioGroup("audience", kAudiences, "audience.",
                  form.ValueOr("audience", std::string(klus::Name(v.audience))));
  form.Input("organisation", "text", form.ValueOr("organisation", v.organisation));
  if (view.klus_id == 0) {
    // A new klus is published at once, or kept as a draft to publish later.
    w.NamedButton(internal::ButtonKind::kSubmit, "publish", "1", w.Text("button.publish"));
    w.NamedButton(internal::ButtonKind::kAction, "publish", "0", w.Text("button.save_draft"));
  } else {
    w.Button(internal::ButtonKind::kSubmit, w.Text("button.save"));
  }
  w.CloseForm();
  w.CloseSection();
  return w.Take();
}

std::string RenderResponses(const RenderContext& ctx, const ResponsesView& view) {
  Writer w(ctx);
  const klus::Klus& k = view.klus;
  const std::string klus_id = Id(k.id);
  w.OpenSection("responses");
  w.PageTitle(Substitute(w.Text("heading.responses"), {{"title", TitleOf(w, k)}}));
  w.Html("<p>");
  w.Link("view/" + klus_id, w.Text("button.back_to_klus"));
  w.Html("</p>\n");
  if (view.rows.empty()) {
    w.Html("<p class=\"klussen-empty\">");
    w.Msg("responses.empty");
    w.Html("</p>\n");
    w.CloseSection();
    return w.Take();
  }
  // Deciding makes sense while people can still join; completing a person
  // once the klus runs (or ran). The lifecycle rules have the last word.
  const bool can_decide = k.state == KlusState::kOpen || k.state == KlusState::kFilled ||
                          k.state == KlusState::kInProgress;
  const bool can_complete = k.state == KlusState::kOpen || k.state == KlusState::kFilled ||
                            k.state == KlusState::kInProgress || k.state == KlusState::kCompleted;
  std::vector<std::string> skill_labels;
  std::set<std::string> seen_labels;
  for (const auto* skills : {&k.fields.required_skills, &k.fields.desired_skills}) {
    for (const klus::SkillRef& skill : *skills) {
      const std::string& label = skill.label.empty() ? skill.concept_id : skill.label;
      if (!label.empty() && seen_labels.insert(label).second) skill_labels.push_back(label);
    }
  }

  // Three columns (name, state with its outcome, motivation) so the table
  // reads well in a narrow column; each person's forms follow in a row of
  // their own, spanning the table, tied to the person's row header. One
  // <tbody> per person keeps the two rows together.
  constexpr std::string_view kColumns[] = {"responses.col_name", "responses.col_state",
                                           "responses.col_motivation"};
  const std::string colspan = std::to_string(std::size(kColumns));
  w.Html("<table class=\"klussen-table elgg-table klussen-responses-table\">\n<caption>");
  w.Msg("responses.caption");
  w.Html("</caption>\n<thead>\n<tr>");
  for (std::string_view key : kColumns) {
    w.Html("<th scope=\"col\">");
    w.Msg(key);
    w.Html("</th>");
  }
  w.Html("</tr>\n</thead>\n");
  for (const ResponseRow& row : view.rows) {
    const klus::Participant& p = row.participant;
    const std::string user = std::to_string(p.user_guid);
    const std::string suffix = klus_id + "-" + user;
    const std::string name_id = "klussen-response-" + suffix;
    const std::string name =
        row.person.name.empty() ? w.Text("responses.unknown_person") : row.person.name;
    w.Html("<tbody class=\"klussen-response\">\n<tr class=\"klussen-response-row\">\n<th");
    w.Attr("id", name_id);
    w.Html(" scope=\"row\" class=\"klussen-response-name\">");
    w.Person(row.person.guid > 0 ? row.person.guid : p.user_guid, row.person.name, name);
    w.Html("</th>\n<td class=\"klussen-response-state\">");
    w.Esc(ParticipantText(w, p.state));
    const std::string reason = ParticipantReason(w, p);
    if (!reason.empty()) {
      w.Html("\n<p class=\"klussen-response-reason elgg-subtext\">");
      w.Esc(w.Text("responses.col_reason") + ": " + reason);
      w.Html("</p>\n");
    }
    if (p.state == ParticipantState::kCompleted) {
      w.Html("\n<p class=\"klussen-response-hours elgg-subtext\">");
      w.Esc(Substitute(w.Text("responses.hours_spent"),
                       {{"hours", FormatTenths(w.lang(), p.hours_spent_tenths)}}));
      w.Html("</p>\n");
      if (!p.confirmed_skills.empty()) SkillTags(w, p.confirmed_skills);
    }
    w.Html("</td>\n<td class=\"klussen-response-motivation\">");
    w.Html(RenderPlainText(p.motivation));
    w.Html("</td>\n</tr>\n");

    const bool decide = p.state == ParticipantState::kApplied && can_decide;
    const bool complete = p.state == ParticipantState::kAccepted && can_complete;
    if (!decide && !complete) {
      w.Html("</tbody>\n");
      continue;
    }
    w.Html("<tr class=\"klussen-response-actions\">\n<td");
    w.Attr("colspan", colspan);
    w.Attr("headers", name_id);
    w.Html(">\n");
    if (decide) {
      w.OpenForm("decide", "klussen-accept");
      w.Hidden("klus_id", klus_id);
      w.Hidden("user_guid", user);
      w.Hidden("decision", "accept");
      w.Button(internal::ButtonKind::kSubmit, w.Text("button.accept"), name);
      w.CloseForm();

      const std::string reason_id = "klussen-decline-reason-" + suffix;
      const std::string text_id = "klussen-decline-text-" + suffix;
      w.OpenForm("decide", "klussen-decline");
      w.Hidden("klus_id", klus_id);
      w.Hidden("user_guid", user);
      w.Hidden("decision", "decline");
      w.OpenFieldDiv();
      w.Label(reason_id, w.Text("field.reason"));
      w.Select(reason_id, "reason_code", klus::kDeclineReasons, "decline_reason.", "");
      w.Html("</div>\n");
      TextField(w, text_id, "reason_text", w.Text("field.reason_text"));
      w.Button(internal::ButtonKind::kAction, w.Text("button.decline"), name);
      w.CloseForm();
    } else {
      const std::string hours_id = "klussen-hours-spent-" + suffix;
      w.OpenForm("complete", "klussen-complete");
      w.Hidden("klus_id", klus_id);
      w.Hidden("user_guid", user);
      TextField(w, hours_id, "hours_spent", w.Text("field.hours_spent"), " inputmode=\"decimal\"");
      if (!skill_labels.empty()) {
        w.Html("<fieldset");
        w.Attr("class", std::string(internal::kFieldClass) + " elgg-input-checkboxes");
        w.Html(">\n<legend>");
        w.Msg("field.confirmed_skills");
        w.Html("</legend>\n");
        for (size_t i = 0; i < skill_labels.size(); ++i) {
          const std::string skill_id = "klussen-skill-" + suffix + "-" + std::to_string(i);
          w.Html("<div class=\"klussen-choice\">\n<input type=\"checkbox\"");
          w.InputClassAttr("checkbox");
          w.Attr("id", skill_id);
          w.Html(" name=\"confirmed_skills[]\"");
          w.Attr("value", skill_labels[i]);
          w.Html(">\n");
          w.Label(skill_id, skill_labels[i], false);
          w.Html("</div>\n");
        }
        w.Html("</fieldset>\n");
      }
      w.Button(internal::ButtonKind::kSubmit, w.Text("button.complete_participant"), name);
      w.CloseForm();
    }
    w.Html("</td>\n</tr>\n</tbody>\n");
  }
  w.Html("</table>\n");
  w.CloseSection();
  return w.Take();
}

}  // namespace klussen::widgets
