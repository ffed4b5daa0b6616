#include "widgets/portfolio_widgets.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "widgets/format.h"
#include "widgets/fragment_writer.h"
#include "widgets/html.h"
#include "widgets/messages.h"

namespace klussen::widgets {
namespace {

using portfolio::BudgetState;
using portfolio::EntryKind;
using portfolio::ItemKind;
using portfolio::Visibility;

constexpr int kAboutMaxLength = 2000;
constexpr int kLabelMaxLength = 200;
constexpr int kTitleMaxLength = 300;
constexpr int kDetailMaxLength = 4000;
constexpr int kNoteMaxLength = 1000;

constexpr Visibility kVisibilities[] = {Visibility::kPlatform, Visibility::kSite,
                                        Visibility::kPrivate};
constexpr ItemKind kItemKinds[] = {ItemKind::kSkill, ItemKind::kInterest, ItemKind::kLanguage};
constexpr EntryKind kEntryKinds[] = {EntryKind::kCourse, EntryKind::kCertificate,
                                     EntryKind::kEducation, EntryKind::kBadge,
                                     EntryKind::kPosition};

// The portfolio widgets' writer: the shared one plus simple labelled fields.
class Writer : public internal::FragmentWriter {
 public:
  using FragmentWriter::FragmentWriter;

  // <p class="..."><a ...>text</a></p>
  void LinkParagraph(std::string_view path, std::string_view text, std::string_view p_class) {
    Html("<p");
    Attr("class", p_class);
    Html(">");
    Link(path, text);
    Html("</p>\n");
  }

  void Paragraph(std::string_view text, std::string_view css_class = {}) {
    Html("<p");
    if (!css_class.empty()) Attr("class", css_class);
    Html(">");
    Esc(text);
    Html("</p>\n");
  }

  // <p class="klussen-hint elgg-field-help elgg-text-help" id="<id>">text</p>
  void Hint(std::string_view id, std::string_view text) { HintParagraph(id, text); }

  // <select> with one option per (value, text).
  void Select(std::string_view id, std::string_view name,
              const std::vector<std::pair<std::string, std::string>>& options,
              std::string_view selected, std::string_view extra_html = {}) {
    Html("<select");
    Attr("id", id);
    Attr("name", name);
    InputClassAttr("select");
    Html(extra_html);
    Html(">\n");
    for (const auto& [value, text] : options) {
      Html("<option");
      Attr("value", value);
      if (value == selected) Html(" selected");
      Html(">");
      Esc(text);
      Html("</option>\n");
    }
    Html("</select>\n");
  }

  // A labelled input in its own <div class="klussen-field">.
  void SimpleInput(std::string_view id, std::string_view name, std::string_view label,
                   std::string_view type, std::string_view value = {}, std::string_view hint = {},
                   std::string_view extra_html = {}) {
    OpenFieldDiv();
    Label(id, label);
    if (!hint.empty()) Hint(std::string(id) + "-hint", hint);
    Html("<input");
    Attr("type", type);
    InputClassAttr(type);
    Attr("id", id);
    Attr("name", name);
    if (!value.empty()) Attr("value", value);
    Html(extra_html);
    if (!hint.empty()) Attr("aria-describedby", std::string(id) + "-hint");
    Html(">\n</div>\n");
  }

  void SimpleSelect(std::string_view id, std::string_view name, std::string_view label,
                    const std::vector<std::pair<std::string, std::string>>& options,
                    std::string_view selected) {
    OpenFieldDiv();
    Label(id, label);
    Select(id, name, options, selected);
    Html("</div>\n");
  }
};

// ---- texts -----------------------------------------------------------------

std::string VisibilityText(const Writer& w, Visibility visibility) {
  return w.Text("portfolio.visibility." + std::string(portfolio::Name(visibility)));
}

std::vector<std::pair<std::string, std::string>> VisibilityOptions(const Writer& w) {
  std::vector<std::pair<std::string, std::string>> out;
  for (Visibility v : kVisibilities) out.emplace_back(portfolio::Name(v), VisibilityText(w, v));
  return out;
}

std::string LevelText(const Writer& w, int level) {
  if (level < 1 || level > portfolio::kMaxLevel) return "";
  return w.Text("portfolio.level." + std::to_string(level));
}

std::string SourceText(const Writer& w, std::string_view source, std::string_view detail) {
  const std::string key = "portfolio.source." + std::string(source);
  std::string text = HasMessage(key) ? w.Text(key) : std::string(source);
  if (!detail.empty()) text += " (" + std::string(detail) + ")";
  return text;
}

std::string ItemKindText(const Writer& w, ItemKind kind) {
  return w.Text("portfolio.item_kind." + std::string(portfolio::Name(kind)));
}

std::string EntryKindText(const Writer& w, EntryKind kind) {
  return w.Text("portfolio.entry_kind." + std::string(portfolio::Name(kind)));
}

bool IsDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// "2019-03-05" -> "5 maart 2019", "2019-03" -> "maart 2019", "2019" -> "2019";
// anything else is shown as stored.
std::string PartialDate(const Writer& w, std::string_view text) {
  if (const std::optional<Ymd> date = ParseIsoDate(text)) return LongDate(w.lang(), *date);
  if (text.size() == 7 && text[4] == '-' && IsDigits(text.substr(0, 4)) &&
      IsDigits(text.substr(5, 2))) {
    const int month = (text[5] - '0') * 10 + (text[6] - '0');
    if (month >= 1 && month <= 12) {
      return w.Text("month." + std::to_string(month)) + " " + std::string(text.substr(0, 4));
    }
  }
  return std::string(text);
}

// An entry's dates: "maart 2019 – juni 2020", "sinds maart 2019" (a current
// position), or the one date known.
std::string EntryDates(const Writer& w, const portfolio::Entry& e) {
  const std::string start = PartialDate(w, e.start_date);
  const std::string end = PartialDate(w, e.end_date);
  if (!start.empty() && !end.empty()) return start + " – " + end;
  if (!start.empty() && e.kind == EntryKind::kPosition) {
    return Substitute(w.Text("portfolio.dates.since"), {{"start", start}});
  }
  return start.empty() ? end : start;
}

std::string DateOrRaw(const Writer& w, std::string_view iso) {
  const std::optional<Ymd> date = ParseIsoDate(iso);
  return date ? LongDate(w.lang(), *date) : std::string(iso);
}

std::string HoursPerWeek(const Writer& w, int tenths) {
  return Substitute(w.Text(tenths == 10 ? "hours.per_week_one" : "hours.per_week"),
                    {{"hours", FormatTenths(w.lang(), tenths)}});
}

// "vanaf 1 juni 2027", "tot 1 juli 2027", "van 1 juni 2027 tot 1 juli 2027" or "".
std::string PeriodText(const Writer& w, std::string_view from, std::string_view until) {
  const std::string start = DateOrRaw(w, from);
  const std::string end = DateOrRaw(w, until);
  if (!start.empty() && !end.empty()) {
    return Substitute(w.Text("portfolio.period.from_to"), {{"start", start}, {"end", end}});
  }
  if (!start.empty()) return Substitute(w.Text("portfolio.period.from"), {{"start", start}});
  if (!end.empty()) return Substitute(w.Text("portfolio.period.until"), {{"end", end}});
  return "";
}

bool HasAvailability(const portfolio::Availability& a) {
  return a.hours_per_week_tenths.has_value() || (a.weekdays & 0x7F) != 0 || !a.from.empty() ||
         !a.until.empty();
}

// "8 uur per week, ma, di, tot 1 juli 2027".
std::string AvailabilityText(const Writer& w, const portfolio::Availability& a) {
  std::vector<std::string> parts;
  if (a.hours_per_week_tenths == 0) {
    parts.push_back(w.Text("portfolio.availability.none"));
  } else if (a.hours_per_week_tenths) {
    parts.push_back(HoursPerWeek(w, *a.hours_per_week_tenths));
  }
  for (int day = 0; day < 7; ++day) {
    if ((a.weekdays >> day) & 1) {
      parts.push_back(w.Text("portfolio.weekday_short." + std::to_string(day + 1)));
    }
  }
  const std::string period = PeriodText(w, a.from, a.until);
  if (!period.empty()) parts.push_back(period);
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool SameSkill(const portfolio::Item& item, const portfolio::ConfirmedSkill& skill) {
  if (!item.concept_id.empty() && item.concept_id == skill.concept_id) return true;
  return !item.label.empty() && Lower(item.label) == Lower(skill.label);
}

std::string KlusTitle(const Writer& w, const portfolio::ConfirmedSkill& skill) {
  return skill.klus_title.empty() ? w.Text("klus.untitled") : skill.klus_title;
}

// " <span badge>Bevestigd</span> <span>in: A, B</span>" for the confirmations given.
void ConfirmedBadge(Writer& w, const std::vector<const portfolio::ConfirmedSkill*>& confirmations) {
  if (confirmations.empty()) return;
  std::string titles;
  std::set<std::string> seen;
  for (const portfolio::ConfirmedSkill* skill : confirmations) {
    const std::string title = KlusTitle(w, *skill);
    if (!seen.insert(title).second) continue;
    titles += (titles.empty() ? "" : ", ") + title;
  }
  w.Html(" <span class=\"klussen-badge klussen-confirmed\">");
  w.Msg("portfolio.confirmed");
  w.Html("</span> <span class=\"klussen-confirmed-in\">");
  w.Esc(Substitute(w.Text("portfolio.confirmed_in"), {{"klussen", titles}}));
  w.Html("</span>");
}

// ---- the widget body (widget and preview) -----------------------------------

bool IsEmpty(const portfolio::Portfolio& p) {
  return p.items.empty() && p.entries.empty() && p.confirmed_skills.empty() && p.about.empty() &&
         p.region.empty() && !HasAvailability(p.availability);
}

void ItemList(Writer& w, const portfolio::Portfolio& p, ItemKind kind, std::string_view heading_key,
              int level) {
  std::vector<const portfolio::Item*> items;
  for (const portfolio::Item& item : p.items) {
    if (item.kind == kind) items.push_back(&item);
  }
  // Confirmed skills that match no skill item are shown as skills of their own.
  std::vector<std::vector<const portfolio::ConfirmedSkill*>> confirmed(items.size());
  std::vector<std::pair<std::string, std::vector<const portfolio::ConfirmedSkill*>>> extra;
  if (kind == ItemKind::kSkill) {
    for (const portfolio::ConfirmedSkill& skill : p.confirmed_skills) {
      bool matched = false;
      for (size_t i = 0; i < items.size(); ++i) {
        if (SameSkill(*items[i], skill)) {
          confirmed[i].push_back(&skill);
          matched = true;
          break;
        }
      }
      if (matched) continue;
      const std::string label = skill.label.empty() ? skill.concept_id : skill.label;
      auto it = std::find_if(extra.begin(), extra.end(),
                             [&](const auto& e) { return Lower(e.first) == Lower(label); });
      if (it == extra.end()) {
        extra.emplace_back(label, std::vector<const portfolio::ConfirmedSkill*>{&skill});
      } else {
        it->second.push_back(&skill);
      }
    }
  }
  if (items.empty() && extra.empty()) return;
  w.Heading(level, w.Text(heading_key));
  // Skills and interests are tags (as in Elgg's profile); languages a plain list.
  const bool tags = kind != ItemKind::kLanguage;
  const std::string_view li = tags ? "<li class=\"elgg-tag\">" : "<li>";
  w.Html(tags ? "<ul class=\"klussen-portfolio-items elgg-tags\">\n"
              : "<ul class=\"klussen-portfolio-items\">\n");
  for (size_t i = 0; i < items.size(); ++i) {
    w.Html(li);
    w.Html("<span class=\"klussen-item-label\">");
    w.Esc(items[i]->label.empty() ? items[i]->concept_id : items[i]->label);
    w.Html("</span>");
    const std::string level_text = LevelText(w, items[i]->level);
    if (!level_text.empty()) {
      w.Html(" <span class=\"klussen-level\">(");
      w.Esc(level_text);
      w.Html(")</span>");
    }
    ConfirmedBadge(w, confirmed[i]);
    w.Html("</li>\n");
  }
  for (const auto& [label, skills] : extra) {
    w.Html(li);
    w.Html("<span class=\"klussen-item-label\">");
    w.Esc(label);
    w.Html("</span>");
    ConfirmedBadge(w, skills);
    w.Html("</li>\n");
  }
  w.Html("</ul>\n");
}

void EntryItem(Writer& w, const portfolio::Entry& e) {
  w.Html("<li class=\"klussen-entry\">\n<span class=\"klussen-entry-title\">");
  const std::string title = e.title.empty() ? w.Text("portfolio.untitled") : e.title;
  const std::string url = SafeUrl(e.url);
  if (url != "#") {
    w.Html("<a");
    w.Attr("href", url);
    w.Html(" rel=\"nofollow noopener ugc\">");
    w.Esc(title);
    w.Html("</a>");
  } else {
    w.Esc(title);
  }
  w.Html("</span>");
  if (!e.provider.empty()) {
    w.Html(", <span class=\"klussen-entry-provider\">");
    w.Esc(e.provider);
    w.Html("</span>");
  }
  const std::string dates = EntryDates(w, e);
  if (!dates.empty()) {
    w.Html(" <span class=\"klussen-entry-dates\">(");
    w.Esc(dates);
    w.Html(")</span>");
  }
  const std::string detail = RenderPlainText(e.detail);
  if (!detail.empty()) {
    w.Html("\n<div class=\"klussen-entry-detail\">\n");
    w.Html(detail);
    w.Html("</div>");
  }
  w.Html("\n</li>\n");
}

void EntryLists(Writer& w, const portfolio::Portfolio& p, int level) {
  for (EntryKind kind : kEntryKinds) {
    bool any = false;
    for (const portfolio::Entry& e : p.entries) {
      if (e.kind != kind) continue;
      if (!any) {
        w.Heading(level, w.Text("portfolio.entries." + std::string(portfolio::Name(kind))));
        w.Html("<ul class=\"klussen-portfolio-entries\">\n");
        any = true;
      }
      EntryItem(w, e);
    }
    if (any) w.Html("</ul>\n");
  }
}

// Everything of `p` for a reader; headings at `level` (3 under the widget's <h2>).
void Body(Writer& w, const portfolio::Portfolio& p, bool is_self, int level) {
  const std::string about = RenderPlainText(p.about);
  if (!about.empty()) {
    w.Html("<div class=\"klussen-portfolio-about\">\n");
    w.Html(about);
    w.Html("</div>\n");
  }
  const bool availability = HasAvailability(p.availability);
  if (!p.region.empty() || availability) {
    std::string free_text;
    w.Html("<dl class=\"klussen-meta\">\n");
    if (!p.region.empty()) w.Meta("portfolio.region", p.region);
    if (availability) {
      w.Meta("portfolio.availability", AvailabilityText(w, p.availability));
      if (is_self && p.availability.hours_per_week_tenths > 0) {  // nullopt < 0
        std::string free =
            Substitute(w.Text("portfolio.availability.free"),
                       {{"hours", FormatTenths(w.lang(), p.availability.free_tenths)}});
        if (p.availability.committed_tenths > 0) {
          free += " " +
                  Substitute(w.Text("portfolio.availability.committed"),
                             {{"hours", FormatTenths(w.lang(), p.availability.committed_tenths)}});
        }
        free_text = std::move(free);
      }
    }
    w.Html("</dl>\n");
    if (!free_text.empty()) w.Paragraph(free_text, "klussen-portfolio-free elgg-subtext");
  }
  ItemList(w, p, ItemKind::kSkill, "portfolio.skills", level);
  ItemList(w, p, ItemKind::kInterest, "portfolio.interests", level);
  ItemList(w, p, ItemKind::kLanguage, "portfolio.languages", level);
  EntryLists(w, p, level);
}

// ---- the settings form of the edit page -------------------------------------

// Settings fields in display order (also the error summary's order).
constexpr std::string_view kSettingsFields[] = {
    "discoverable",    "about",          "about_visibility",
    "region",          "hours_per_week", "available_from",
    "available_until", "weekdays",       "availability_visibility",
    "manager_guid"};

// "weekdays[]" and "weekdays" are the same field.
std::string FieldName(std::string_view field) {
  if (field.size() > 2 && field.substr(field.size() - 2) == "[]") field.remove_suffix(2);
  return std::string(field);
}

bool IsSettingsField(std::string_view field) {
  return std::find(std::begin(kSettingsFields), std::end(kSettingsFields), field) !=
         std::end(kSettingsFields);
}

// The text of an error code: "portfolio.error.<code>", "error.<code>", or the generic one.
std::string ErrorText(const Writer& w, std::string_view code) {
  for (std::string_view prefix : {"portfolio.error.", "error."}) {
    const std::string key = std::string(prefix) + std::string(code);
    if (HasMessage(key)) return w.Text(key);
  }
  return w.Text("error.invalid");
}

std::string FieldLabel(const Writer& w, std::string_view field) {
  const std::string key = "portfolio.field." + std::string(field);
  return HasMessage(key) ? w.Text(key) : std::string(field);
}

bool Truthy(std::string_view value) {
  return value == "1" || value == "on" || value == "true" || value == "yes";
}

class SettingsForm {
 public:
  SettingsForm(Writer& w, const PortfolioEditView& view) : w_(w), view_(view) {
    for (const FieldError& error : view.errors) {
      const std::string field = FieldName(error.field);
      if (IsSettingsField(field)) errors_[field].push_back(error.code);
    }
  }

  static std::string Id(std::string_view field) { return "klussen-" + std::string(field); }
  bool HasError(std::string_view field) const { return errors_.contains(std::string(field)); }

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

  // The error summary: settings fields (linked) first, then everything else.
  void ErrorSummary() {
    if (view_.errors.empty()) return;
    w_.Html("<div class=\"klussen-error-summary\" role=\"alert\" tabindex=\"-1\">\n");
    w_.Heading(3, w_.Text("errors.summary_heading"));
    w_.Html("<ul>\n");
    for (std::string_view field : kSettingsFields) {
      const auto it = errors_.find(std::string(field));
      if (it == errors_.end()) continue;
      for (const std::string& code : it->second) {
        w_.Html("<li><a");
        w_.Attr("href", "#" + Id(field));
        w_.Html(">");
        w_.Esc(FieldLabel(w_, field) + ": " + ErrorText(w_, code));
        w_.Html("</a></li>\n");
      }
    }
    for (const FieldError& error : view_.errors) {
      const std::string field = FieldName(error.field);
      if (IsSettingsField(field)) continue;
      w_.Html("<li>");
      const std::string key = "portfolio.field." + field;
      w_.Esc(HasMessage(key) ? w_.Text(key) + ": " + ErrorText(w_, error.code)
                             : ErrorText(w_, error.code));
      w_.Html("</li>\n");
    }
    w_.Html("</ul>\n</div>\n");
  }

  std::string DescribedBy(std::string_view field, bool has_hint) const {
    std::string ids;
    if (has_hint) ids = Id(field) + "-hint";
    if (HasError(field)) ids += (ids.empty() ? "" : " ") + Id(field) + "-error";
    return ids;
  }

  void AriaAttrs(std::string_view field, bool has_hint) {
    if (HasError(field)) w_.Html(" aria-invalid=\"true\"");
    const std::string described_by = DescribedBy(field, has_hint);
    if (!described_by.empty()) w_.Attr("aria-describedby", described_by);
  }

  void FieldErrors(std::string_view field) {
    const auto it = errors_.find(std::string(field));
    if (it == errors_.end()) return;
    w_.Html("<p class=\"klussen-error-message\"");
    w_.Attr("id", Id(field) + "-error");
    w_.Html("><strong>");
    w_.Msg("errors.prefix");
    w_.Html("</strong>");
    for (const std::string& code : it->second) {
      w_.Html(" ");
      w_.Esc(ErrorText(w_, code));
    }
    w_.Html("</p>\n");
  }

  void OpenField(std::string_view field) { w_.OpenFieldDiv(HasError(field)); }

  // Label, hint (HTML, may be empty) and errors.
  void Head(std::string_view field, std::string_view hint_html) {
    w_.Label(Id(field), FieldLabel(w_, field));
    if (!hint_html.empty()) w_.HintParagraphHtml(Id(field) + "-hint", hint_html);
    FieldErrors(field);
  }

  // An input; `hint` is plain text (InputHtmlHint: HTML).
  void Input(std::string_view field, std::string_view type, const std::string& value,
             std::string_view hint = {}, std::string_view extra_html = {}) {
    InputHtmlHint(field, type, value, EscapeText(hint), extra_html);
  }
  void InputHtmlHint(std::string_view field, std::string_view type, const std::string& value,
                     std::string_view hint_html, std::string_view extra_html = {}) {
    OpenField(field);
    Head(field, hint_html);
    w_.Html("<input");
    w_.Attr("type", type);
    w_.InputClassAttr(type);
    w_.Attr("id", Id(field));
    w_.Attr("name", field);
    w_.Attr("value", value);
    w_.Html(extra_html);
    AriaAttrs(field, !hint_html.empty());
    w_.Html(">\n</div>\n");
  }

  void TextArea(std::string_view field, const std::string& value, int max_length,
                std::string_view hint) {
    OpenField(field);
    Head(field, EscapeText(hint));
    w_.Html("<textarea");
    w_.Attr("id", Id(field));
    w_.Attr("name", field);
    w_.InputClassAttr("textarea");
    w_.Attr("maxlength", std::to_string(max_length));
    w_.Html(" rows=\"6\"");
    AriaAttrs(field, !hint.empty());
    w_.Html(">");
    // A leading newline right after <textarea> is dropped by parsers; keep it.
    if (!value.empty() && (value[0] == '\n' || value[0] == '\r')) w_.Html("\n");
    w_.Esc(value);
    w_.Html("</textarea>\n</div>\n");
  }

  void VisibilitySelect(std::string_view field, const std::string& selected) {
    OpenField(field);
    Head(field, {});
    std::string aria;
    if (HasError(field)) {
      aria = " aria-invalid=\"true\" aria-describedby=\"" + EscapeAttribute(Id(field) + "-error") +
             "\"";
    }
    w_.Select(Id(field), field, VisibilityOptions(w_), selected, aria);
    w_.Html("</div>\n");
  }

  // A checkbox with its label after it and an optional hint.
  void Checkbox(std::string_view field, bool checked, std::string_view hint) {
    OpenField(field);
    FieldErrors(field);
    w_.Html("<input type=\"checkbox\"");
    w_.InputClassAttr("checkbox");
    w_.Attr("id", Id(field));
    w_.Attr("name", field);
    w_.Html(" value=\"1\"");
    if (checked) w_.Html(" checked");
    AriaAttrs(field, !hint.empty());
    w_.Html(">\n");
    w_.Label(Id(field), FieldLabel(w_, field));
    if (!hint.empty()) w_.Hint(Id(field) + "-hint", hint);
    w_.Html("</div>\n");
  }

  // The seven weekday checkboxes ("weekdays[]", "1" Monday .. "7" Sunday) in a fieldset.
  void Weekdays(uint8_t stored) {
    const std::string field = "weekdays";
    uint8_t bits = stored;
    bool any_raw = false;
    uint8_t raw_bits = 0;
    for (const auto& [name, value] : view_.raw_values) {
      if (name != "weekdays[]" && name != "weekdays") continue;
      any_raw = true;
      if (value.size() == 1 && value[0] >= '1' && value[0] <= '7') {
        raw_bits = static_cast<uint8_t>(raw_bits | (1u << (value[0] - '1')));
      }
    }
    if (any_raw) bits = raw_bits;
    w_.Html("<fieldset");
    w_.Attr("class",
            std::string(HasError(field) ? internal::kInvalidFieldClass : internal::kFieldClass) +
                " elgg-input-checkboxes");
    w_.Attr("id", Id(field));
    w_.Html(">\n<legend>");
    w_.Esc(FieldLabel(w_, field));
    w_.Html("</legend>\n");
    FieldErrors(field);
    for (int day = 1; day <= 7; ++day) {
      const std::string id = Id(field) + "-" + std::to_string(day);
      w_.Html("<div class=\"klussen-choice\">\n<input type=\"checkbox\"");
      w_.InputClassAttr("checkbox");
      w_.Attr("id", id);
      w_.Html(" name=\"weekdays[]\"");
      w_.Attr("value", std::to_string(day));
      if ((bits >> (day - 1)) & 1) w_.Html(" checked");
      AriaAttrs(field, false);
      w_.Html(">\n");
      w_.Label(id, w_.Text("portfolio.weekday." + std::to_string(day)), false);
      w_.Html("</div>\n");
    }
    w_.Html("</fieldset>\n");
  }

 private:
  Writer& w_;
  const PortfolioEditView& view_;
  std::map<std::string, std::vector<std::string>> errors_;
};

void SettingsSection(Writer& w, const PortfolioEditView& view, SettingsForm& form) {
  const portfolio::Portfolio& p = view.portfolio;
  const portfolio::Availability& a = p.availability;
  w.Heading(3, w.Text("portfolio.settings_heading"));
  w.OpenForm("portfolio_save", "klussen-portfolio-settings");
  w.Hidden("version", std::to_string(p.version));
  const std::optional<std::string> raw_discoverable = form.Raw("discoverable");
  form.Checkbox("discoverable", raw_discoverable ? Truthy(*raw_discoverable) : p.discoverable,
                w.Text("portfolio.field.discoverable_hint"));
  form.TextArea("about", form.ValueOr("about", p.about), kAboutMaxLength,
                w.Text("portfolio.field.about_hint"));
  form.VisibilitySelect(
      "about_visibility",
      form.ValueOr("about_visibility", std::string(portfolio::Name(p.about_visibility))));
  form.Input("region", "text", form.ValueOr("region", p.region), {},
             " maxlength=\"" + std::to_string(kLabelMaxLength) + "\"");

  w.Heading(4, w.Text("portfolio.availability"));
  if (a.hours_per_week_tenths > 0) {  // stated and not 0 (nullopt compares less)
    std::string free = Substitute(w.Text("portfolio.availability.free"),
                                  {{"hours", FormatTenths(w.lang(), a.free_tenths)}});
    if (a.committed_tenths > 0) {
      free += " " + Substitute(w.Text("portfolio.availability.committed"),
                               {{"hours", FormatTenths(w.lang(), a.committed_tenths)}});
    }
    w.Paragraph(free, "klussen-portfolio-free elgg-subtext");
  }
  form.Input(
      "hours_per_week", "text",
      form.ValueOr("hours_per_week",
                   a.hours_per_week_tenths ? FormatTenths(w.lang(), *a.hours_per_week_tenths) : ""),
      w.Text("portfolio.field.hours_per_week_hint"), " inputmode=\"decimal\"");
  form.Input("available_from", "date", form.ValueOr("available_from", a.from));
  form.Input("available_until", "date", form.ValueOr("available_until", a.until));
  form.Weekdays(a.weekdays);
  form.VisibilitySelect(
      "availability_visibility",
      form.ValueOr("availability_visibility", std::string(portfolio::Name(a.visibility))));

  w.Heading(4, w.Text("portfolio.manager_heading"));
  std::string manager_hint = EscapeText(w.Text("portfolio.field.manager_guid_hint"));
  if (view.manager.guid != 0) {
    manager_hint +=
        " " + Writer::TextWithPersonHtml(w.Text("portfolio.manager_current"), "name", view.manager,
                                         std::to_string(view.manager.guid));
  }
  form.InputHtmlHint(
      "manager_guid", "number",
      form.ValueOr("manager_guid", p.manager_guid != 0 ? std::to_string(p.manager_guid) : ""),
      manager_hint, " min=\"1\" step=\"1\"");
  w.Button(internal::ButtonKind::kSubmit, w.Text("button.save"));
  w.CloseForm();
}

std::vector<std::pair<std::string, std::string>> LevelOptions(const Writer& w) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int level = 0; level <= portfolio::kMaxLevel; ++level) {
    out.emplace_back(std::to_string(level), w.Text("portfolio.level." + std::to_string(level)));
  }
  return out;
}

void TableHead(Writer& w, std::string_view caption_key,
               std::initializer_list<std::string_view> column_keys) {
  w.Html("<table class=\"klussen-table elgg-table\">\n<caption>");
  w.Msg(caption_key);
  w.Html("</caption>\n<thead>\n<tr>");
  for (std::string_view key : column_keys) {
    w.Html("<th scope=\"col\">");
    w.Msg(key);
    w.Html("</th>");
  }
  w.Html("</tr>\n</thead>\n<tbody>\n");
}

void Cell(Writer& w, std::string_view text) {
  w.Html("<td>");
  w.Esc(text);
  w.Html("</td>\n");
}

void ItemsSection(Writer& w, const portfolio::Portfolio& p) {
  w.Heading(3, w.Text("portfolio.items_heading"));
  if (p.items.empty()) {
    w.Paragraph(w.Text("portfolio.items_empty"), "klussen-empty");
  } else {
    TableHead(w, "portfolio.items_heading",
              {"portfolio.col.label", "portfolio.col.kind", "portfolio.col.level",
               "portfolio.col.source", "portfolio.col.visibility", "portfolio.col.actions"});
    for (const portfolio::Item& item : p.items) {
      const std::string label = item.label.empty() ? item.concept_id : item.label;
      w.Html("<tr>\n");
      Cell(w, label);
      Cell(w, ItemKindText(w, item.kind));
      Cell(w, LevelText(w, item.level));
      Cell(w, SourceText(w, item.source, item.source_detail));
      Cell(w, VisibilityText(w, item.visibility));
      w.Html("<td>\n");
      w.OpenForm("portfolio_item_remove", "klussen-item-remove");
      w.Hidden("item_id", std::to_string(item.id));
      w.Button(internal::ButtonKind::kAction, w.Text("portfolio.remove"), label);
      w.CloseForm();
      w.Html("</td>\n</tr>\n");
    }
    w.Html("</tbody>\n</table>\n");
  }

  w.Heading(4, w.Text("portfolio.item_add_heading"));
  w.OpenForm("portfolio_item_add", "klussen-item-add");
  std::vector<std::pair<std::string, std::string>> kinds;
  for (ItemKind kind : kItemKinds) kinds.emplace_back(portfolio::Name(kind), ItemKindText(w, kind));
  w.SimpleSelect("klussen-item-kind", "kind", w.Text("portfolio.field.item_kind"), kinds, "skill");
  w.SimpleInput("klussen-item-label", "label", w.Text("portfolio.field.label"), "text", {}, {},
                " required maxlength=\"" + std::to_string(kLabelMaxLength) + "\"");
  w.SimpleSelect("klussen-item-level", "level", w.Text("portfolio.field.level"), LevelOptions(w),
                 "0");
  w.SimpleSelect("klussen-item-visibility", "visibility", w.Text("portfolio.field.visibility"),
                 VisibilityOptions(w), "site");
  w.Button(internal::ButtonKind::kSubmit, w.Text("portfolio.add"));
  w.CloseForm();
}

void EntriesSection(Writer& w, const portfolio::Portfolio& p) {
  w.Heading(3, w.Text("portfolio.entries_heading"));
  if (p.entries.empty()) {
    w.Paragraph(w.Text("portfolio.entries_empty"), "klussen-empty");
  } else {
    TableHead(w, "portfolio.entries_heading",
              {"portfolio.col.title", "portfolio.col.kind", "portfolio.col.provider",
               "portfolio.col.dates", "portfolio.col.source", "portfolio.col.visibility",
               "portfolio.col.actions"});
    for (const portfolio::Entry& e : p.entries) {
      const std::string title = e.title.empty() ? w.Text("portfolio.untitled") : e.title;
      w.Html("<tr>\n<td>");
      const std::string url = SafeUrl(e.url);
      if (url != "#") {
        w.Html("<a");
        w.Attr("href", url);
        w.Html(" rel=\"nofollow noopener ugc\">");
        w.Esc(title);
        w.Html("</a>");
      } else {
        w.Esc(title);
      }
      w.Html("</td>\n");
      Cell(w, EntryKindText(w, e.kind));
      Cell(w, e.provider);
      Cell(w, EntryDates(w, e));
      Cell(w, SourceText(w, e.source, e.source_detail));
      Cell(w, VisibilityText(w, e.visibility));
      w.Html("<td>\n");
      w.OpenForm("portfolio_entry_remove", "klussen-entry-remove");
      w.Hidden("entry_id", std::to_string(e.id));
      w.Button(internal::ButtonKind::kAction, w.Text("portfolio.remove"), title);
      w.CloseForm();
      w.Html("</td>\n</tr>\n");
    }
    w.Html("</tbody>\n</table>\n");
  }

  w.Heading(4, w.Text("portfolio.entry_add_heading"));
  w.OpenForm("portfolio_entry_add", "klussen-entry-add");
  std::vector<std::pair<std::string, std::string>> kinds;
  for (EntryKind kind : kEntryKinds) {
    kinds.emplace_back(portfolio::Name(kind), EntryKindText(w, kind));
  }
  w.SimpleSelect("klussen-entry-kind", "kind", w.Text("portfolio.field.entry_kind"), kinds,
                 "course");
  w.SimpleInput("klussen-entry-title", "title", w.Text("portfolio.field.title"), "text", {}, {},
                " required maxlength=\"" + std::to_string(kTitleMaxLength) + "\"");
  w.SimpleInput("klussen-entry-provider", "provider", w.Text("portfolio.field.provider"), "text",
                {}, {}, " maxlength=\"" + std::to_string(kTitleMaxLength) + "\"");
  w.SimpleInput("klussen-entry-start-date", "start_date", w.Text("portfolio.field.start_date"),
                "text", {}, w.Text("portfolio.field.month_hint"),
                " pattern=\"[0-9]{4}(-[0-9]{2})?\" maxlength=\"7\"");
  w.SimpleInput("klussen-entry-end-date", "end_date", w.Text("portfolio.field.end_date"), "text",
                {}, w.Text("portfolio.field.month_hint"),
                " pattern=\"[0-9]{4}(-[0-9]{2})?\" maxlength=\"7\"");
  w.SimpleInput("klussen-entry-url", "url", w.Text("portfolio.field.url"), "url", {},
                w.Text("portfolio.field.url_hint"));
  w.OpenFieldDiv();
  w.Label("klussen-entry-detail", w.Text("portfolio.field.detail"));
  w.Html("<textarea id=\"klussen-entry-detail\" name=\"detail\"");
  w.InputClassAttr("textarea");
  w.Html(" rows=\"4\"");
  w.Attr("maxlength", std::to_string(kDetailMaxLength));
  w.Html("></textarea>\n</div>\n");
  w.SimpleSelect("klussen-entry-visibility", "visibility", w.Text("portfolio.field.visibility"),
                 VisibilityOptions(w), "site");
  w.Button(internal::ButtonKind::kSubmit, w.Text("portfolio.add"));
  w.CloseForm();
}

void ProfileSuggestions(Writer& w, const PortfolioEditView& view) {
  if (view.profile_suggestions.empty()) return;
  w.Heading(3, w.Text("portfolio.profile_heading"));
  w.Paragraph(w.Text("portfolio.profile_intro"));
  w.Html("<ul class=\"klussen-profile-suggestions elgg-tags\">\n");
  for (const std::string& suggestion : view.profile_suggestions) {
    w.Html("<li class=\"elgg-tag\">");
    w.Esc(suggestion);
    w.Html("</li>\n");
  }
  w.Html("</ul>\n");
  w.OpenForm("portfolio_import_profile", "klussen-import-profile");
  w.Button(internal::ButtonKind::kSubmit, w.Text("portfolio.profile_button"));
  w.CloseForm();
}

void ConfirmedSection(Writer& w, const portfolio::Portfolio& p) {
  if (p.confirmed_skills.empty()) return;
  w.Heading(3, w.Text("portfolio.confirmed_heading"));
  w.Html("<ul class=\"klussen-confirmed-skills elgg-tags\">\n");
  for (const portfolio::ConfirmedSkill& skill : p.confirmed_skills) {
    w.Html("<li class=\"elgg-tag\"><span class=\"klussen-item-label\">");
    w.Esc(skill.label.empty() ? skill.concept_id : skill.label);
    w.Html("</span>");
    ConfirmedBadge(w, {&skill});
    w.Html("</li>\n");
  }
  w.Html("</ul>\n");
}

void BudgetSection(Writer& w, const PortfolioEditView& view) {
  if (view.manager.guid == 0) return;
  const std::string manager =
      view.manager.name.empty() ? std::to_string(view.manager.guid) : view.manager.name;
  w.Heading(3, w.Text("budget.heading"));
  w.Html("<p>");
  w.Html(Writer::TextWithPersonHtml(w.Text("budget.intro"), "name", view.manager, manager));
  w.Html("</p>\n");
  if (view.portfolio.budgets.empty()) {
    w.Paragraph(w.Text("budget.empty"), "klussen-empty");
  } else {
    TableHead(w, "budget.caption", {"budget.col.state", "budget.col.hours", "budget.col.period"});
    for (const portfolio::Budget& b : view.portfolio.budgets) {
      w.Html("<tr>\n");
      Cell(w, w.Text("budget.state." + std::string(portfolio::Name(b.state))));
      Cell(w, HoursPerWeek(w, b.hours_per_week_tenths));
      Cell(w, PeriodText(w, b.period_from, b.period_until));
      w.Html("</tr>\n");
    }
    w.Html("</tbody>\n</table>\n");
  }
  w.Heading(4, w.Text("budget.request_heading"));
  w.OpenForm("portfolio_budget_request", "klussen-budget-request");
  w.SimpleInput("klussen-budget-hours", "hours_per_week", w.Text("budget.field.hours_per_week"),
                "text", {}, w.Text("field.hours_hint"), " required inputmode=\"decimal\"");
  w.SimpleInput("klussen-budget-from", "from", w.Text("budget.field.from"), "date");
  w.SimpleInput("klussen-budget-until", "until", w.Text("budget.field.until"), "date");
  w.OpenFieldDiv();
  w.Label("klussen-budget-note", w.Text("budget.field.note"));
  w.Html("<textarea id=\"klussen-budget-note\" name=\"note\"");
  w.InputClassAttr("textarea");
  w.Html(" rows=\"3\"");
  w.Attr("maxlength", std::to_string(kNoteMaxLength));
  w.Html("></textarea>\n</div>\n");
  w.Button(internal::ButtonKind::kSubmit,
           Substitute(w.Text("budget.request_button"), {{"name", manager}}));
  w.CloseForm();
}

void PrivacySection(Writer& w) {
  w.Heading(3, w.Text("portfolio.privacy_heading"));
  w.Paragraph(w.Text("portfolio.export_intro"));
  w.LinkParagraph("portfolio/export", w.Text("portfolio.export_link"), "klussen-export");
  w.Heading(4, w.Text("portfolio.erase_heading"));
  w.Paragraph(w.Text("portfolio.erase_intro"));
  w.OpenForm("portfolio_erase", "klussen-erase");
  w.OpenFieldDiv();
  w.Html("<input type=\"checkbox\"");
  w.InputClassAttr("checkbox");
  w.Html(" id=\"klussen-erase-confirm\" name=\"confirm\" value=\"1\" required>\n");
  w.Label("klussen-erase-confirm", w.Text("portfolio.field.erase_confirm"));
  w.Html("</div>\n");
  w.Button(internal::ButtonKind::kSubmit, w.Text("portfolio.erase_button"));
  w.CloseForm();
}

// ---- import preview -----------------------------------------------------------

// One checked checkbox (name, value) with a label and optional details.
void ImportChoice(Writer& w, std::string_view id, std::string_view name, std::string_view value,
                  std::string_view label, std::string_view details) {
  w.Html("<div class=\"klussen-choice\">\n<input type=\"checkbox\"");
  w.InputClassAttr("checkbox");
  w.Attr("id", id);
  w.Attr("name", name);
  w.Attr("value", value);
  w.Html(" checked>\n<label");
  w.Attr("for", id);
  w.Html(">");
  w.Esc(label);
  if (!details.empty()) {
    w.Html(" <span class=\"klussen-import-details\">");
    w.Esc(details);
    w.Html("</span>");
  }
  w.Html("</label>\n</div>\n");
}

std::string JoinNonEmpty(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!part.empty()) out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

}  // namespace

std::string RenderPortfolioWidget(const RenderContext& ctx, const PortfolioWidgetView& view) {
  Writer w(ctx);
  const portfolio::Portfolio& p = view.portfolio;
  w.OpenSection("portfolio");
  // A profile widget: the host's widget has its own title, so this is no page title.
  w.Heading(2, w.Text("portfolio.heading"), "klussen-widget-title");
  if (view.is_self) {
    w.Paragraph(Substitute(w.Text("portfolio.discoverable_state"),
                           {{"state", w.Text(p.discoverable ? "portfolio.yes" : "portfolio.no")}}),
                "klussen-portfolio-discoverable");
  }
  if (IsEmpty(p)) {
    if (view.is_self) {
      w.LinkParagraph("portfolio/edit", w.Text("portfolio.empty_self"), "klussen-empty");
    } else {
      w.Paragraph(w.Text("portfolio.empty_other"), "klussen-empty");
    }
    w.CloseSection();
    return w.Take();
  }
  Body(w, p, view.is_self, 3);
  if (view.is_self) {
    w.Html("<ul class=\"klussen-manage-links\">\n<li>");
    w.Link("portfolio/edit", w.Text("portfolio.edit_link"));
    w.Html("</li>\n<li>");
    w.Link("portfolio/preview", w.Text("portfolio.preview_link"));
    w.Html("</li>\n</ul>\n");
  }
  w.CloseSection();
  return w.Take();
}

std::string RenderPortfolioEdit(const RenderContext& ctx, const PortfolioEditView& view) {
  Writer w(ctx);
  SettingsForm form(w, view);
  const portfolio::Portfolio& p = view.portfolio;
  w.OpenSection("portfolio-edit");
  w.PageTitle(w.Text("portfolio.edit_heading"));
  w.Html("<ul class=\"klussen-manage-links\">\n<li>");
  w.Link("portfolio/preview", w.Text("portfolio.preview_link"));
  w.Html("</li>\n<li>");
  w.Link("portfolio/import", w.Text("portfolio.import_link"));
  w.Html("</li>\n</ul>\n");
  form.ErrorSummary();
  SettingsSection(w, view, form);
  ItemsSection(w, p);
  EntriesSection(w, p);
  ProfileSuggestions(w, view);
  ConfirmedSection(w, p);
  BudgetSection(w, view);
  PrivacySection(w);
  w.CloseSection();
  return w.Take();
}

std::string RenderPortfolioPreview(const RenderContext& ctx, const PortfolioPreviewView& view) {
  Writer w(ctx);
  const bool platform = view.audience == "platform";
  w.OpenSection("portfolio-preview");
  w.PageTitle(w.Text("portfolio.preview_heading"));
  w.Paragraph(w.Text(platform ? "portfolio.preview_as_platform" : "portfolio.preview_as_site"),
              "klussen-notice");
  w.Html("<ul class=\"klussen-manage-links\">\n<li>");
  w.Link(platform ? "portfolio/preview?as=site" : "portfolio/preview?as=platform",
         w.Text(platform ? "portfolio.preview_switch_site" : "portfolio.preview_switch_platform"));
  w.Html("</li>\n<li>");
  w.Link("portfolio/edit", w.Text("portfolio.back_to_edit"));
  w.Html("</li>\n</ul>\n");
  w.Heading(3, w.Text("portfolio.heading"));
  if (IsEmpty(view.visible)) {
    w.Paragraph(w.Text("portfolio.empty_other"), "klussen-empty");
  } else {
    Body(w, view.visible, false, 4);
  }
  w.CloseSection();
  return w.Take();
}

std::string RenderImportPage(const RenderContext& ctx) {
  Writer w(ctx);
  w.OpenSection("portfolio-import");
  w.PageTitle(w.Text("import.heading"));
  w.Paragraph(w.Text("import.intro"));

  w.Heading(3, w.Text("import.linkedin_heading"));
  w.Html("<ol class=\"klussen-steps\">\n");
  for (std::string_view key : {"import.linkedin_step1", "import.linkedin_step2",
                               "import.linkedin_step3", "import.linkedin_step4"}) {
    w.Html("<li>");
    w.Msg(key);
    w.Html("</li>\n");
  }
  w.Html("</ol>\n");
  w.OpenForm("portfolio_import_linkedin", "klussen-import-linkedin", true);
  w.SimpleInput("klussen-import-linkedin-file", "file", w.Text("import.linkedin_file"), "file", {},
                w.Text("import.linkedin_file_hint"), " accept=\".zip\" required");
  w.Button(internal::ButtonKind::kSubmit, w.Text("import.upload_button"));
  w.CloseForm();

  w.Heading(3, w.Text("import.badge_heading"));
  w.Paragraph(w.Text("import.badge_intro"));
  w.OpenForm("portfolio_import_badge", "klussen-import-badge", true);
  w.SimpleInput("klussen-import-badge-file", "file", w.Text("import.badge_file"), "file", {},
                w.Text("import.badge_file_hint"), " accept=\".json\" required");
  w.Button(internal::ButtonKind::kSubmit, w.Text("import.upload_button"));
  w.CloseForm();
  w.LinkParagraph("portfolio/edit", w.Text("portfolio.back_to_edit"), "klussen-back");
  w.CloseSection();
  return w.Take();
}

std::string RenderImportPreview(const RenderContext& ctx, const ImportPreviewWidgetView& view) {
  Writer w(ctx);
  const portfolio::ImportPreview& preview = view.preview;
  w.OpenSection("import-preview");
  w.PageTitle(w.Text("import.preview_heading"));
  const std::string source_key = "import.source." + view.source;
  if (HasMessage(source_key)) w.Paragraph(w.Text(source_key));
  if (!preview.warnings.empty()) {
    w.Html("<div class=\"klussen-import-warnings\" role=\"status\">\n");
    w.Heading(3, w.Text("import.warnings_heading"));
    w.Html("<ul>\n");
    for (const std::string& warning : preview.warnings) {
      // The parsers' findings name files, columns and JSON keys, in English.
      w.Html("<li lang=\"en\">");
      w.Esc(warning);
      w.Html("</li>\n");
    }
    w.Html("</ul>\n</div>\n");
  }
  if (preview.skills.empty() && preview.courses.empty() && preview.positions.empty()) {
    w.Paragraph(w.Text("import.preview_empty"), "klussen-empty");
    w.LinkParagraph("portfolio/import", w.Text("import.try_again"), "klussen-back");
    w.LinkParagraph("portfolio/edit", w.Text("portfolio.back_to_edit"), "klussen-back");
    w.CloseSection();
    return w.Take();
  }
  w.Paragraph(w.Text("import.preview_intro"));
  w.OpenForm("import_save", "klussen-import-save");
  w.Hidden("source", view.source);
  if (!preview.skills.empty()) {
    w.Html("<fieldset class=\"klussen-field elgg-field elgg-input-checkboxes\">\n<legend>");
    w.Msg("portfolio.skills");
    w.Html("</legend>\n");
    for (size_t i = 0; i < preview.skills.size(); ++i) {
      const portfolio::ImportedSkill& skill = preview.skills[i];
      const std::string details =
          skill.origin_key.empty()
              ? skill.detail
              : Substitute(w.Text(skill.origin_key), {{"badge", skill.origin_name}});
      ImportChoice(w, "klussen-import-skill-" + std::to_string(i), "skills[]", skill.label,
                   skill.label, details);
    }
    w.Html("</fieldset>\n");
  }
  if (!preview.courses.empty()) {
    w.Html("<fieldset class=\"klussen-field elgg-field elgg-input-checkboxes\">\n<legend>");
    w.Msg("import.courses_legend");
    w.Html("</legend>\n");
    for (size_t i = 0; i < preview.courses.size(); ++i) {
      const portfolio::ImportedCourse& c = preview.courses[i];
      const std::optional<EntryKind> kind = portfolio::ParseEntryKind(c.kind);
      const std::string kind_text = kind ? EntryKindText(w, *kind) : "";
      ImportChoice(w, "klussen-import-course-" + std::to_string(i), "courses[]", std::to_string(i),
                   c.title.empty() ? w.Text("portfolio.untitled") : c.title,
                   JoinNonEmpty({kind_text, c.provider, PartialDate(w, c.date)}));
    }
    w.Html("</fieldset>\n");
  }
  if (!preview.positions.empty()) {
    w.Html("<fieldset class=\"klussen-field elgg-field elgg-input-checkboxes\">\n<legend>");
    w.Msg("portfolio.entries.position");
    w.Html("</legend>\n");
    for (size_t i = 0; i < preview.positions.size(); ++i) {
      const portfolio::ImportedPosition& pos = preview.positions[i];
      portfolio::Entry as_entry;
      as_entry.kind = EntryKind::kPosition;
      as_entry.start_date = pos.start;
      as_entry.end_date = pos.end;
      ImportChoice(w, "klussen-import-position-" + std::to_string(i), "positions[]",
                   std::to_string(i), pos.title.empty() ? w.Text("portfolio.untitled") : pos.title,
                   JoinNonEmpty({pos.organisation, EntryDates(w, as_entry)}));
    }
    w.Html("</fieldset>\n");
  }
  w.Button(internal::ButtonKind::kSubmit, w.Text("import.save_button"));
  w.Link("portfolio/edit", w.Text("import.cancel"),
         "klussen-cancel elgg-button elgg-button-action");
  w.Html("\n");
  w.CloseForm();
  w.CloseSection();
  return w.Take();
}

}  // namespace klussen::widgets
