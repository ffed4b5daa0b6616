// The writer every widget renderer builds its fragment with (internal to
// widgets/): each helper escapes what it is given unless its parameter is
// named *_html; forms post to ctx.action_base + <action> and carry ctx.hidden
// (Elgg's CSRF fields) first.
// Threading: one writer per fragment, used by one thread.
#pragma once

#include <string>
#include <string_view>

#include "widgets/html.h"
#include "widgets/messages.h"
#include "widgets/views.h"

namespace klussen::widgets::internal {

// Elgg's look, added to the fragments' own klussen-* classes so the fragments
// look native inside Elgg (the host's CSS styles these; outside Elgg they are
// inert). Each constant is the full class attribute value.
//  - kSubmit: the primary action of its form (publish, save, apply, accept, ...)
//  - kAction: a secondary action (save draft, withdraw, decline, copy, remove, ...)
enum class ButtonKind { kSubmit, kAction };

inline std::string_view ButtonClass(ButtonKind kind) {
  return kind == ButtonKind::kSubmit ? "klussen-button elgg-button elgg-button-submit"
                                     : "klussen-button elgg-button elgg-button-action";
}
// A link shown as a (secondary) button.
inline constexpr std::string_view kLinkButtonClass =
    "klussen-button elgg-button elgg-button-action";
// Field wrappers, their labels and help texts (Elgg's elements/forms/field, label, help).
inline constexpr std::string_view kFieldClass = "klussen-field elgg-field";
inline constexpr std::string_view kInvalidFieldClass =
    "klussen-field klussen-field-invalid elgg-field";
inline constexpr std::string_view kFieldLabelClass = "elgg-field-label";
inline constexpr std::string_view kHintClass = "klussen-hint elgg-field-help elgg-text-help";
// The fragment's own title, for the host to lift into its page title.
inline constexpr std::string_view kPageTitleClass = "klussen-page-title";

// The class Elgg's input view gives a control: `type` is an <input> type, or
// "textarea" / "select".
inline std::string_view InputClass(std::string_view type) {
  if (type == "text") return "elgg-input-text";
  if (type == "date") return "elgg-input-date";
  if (type == "number") return "elgg-input-number";
  if (type == "checkbox") return "elgg-input-checkbox";
  if (type == "radio") return "elgg-input-radio";
  if (type == "file") return "elgg-input-file";
  if (type == "url") return "elgg-input-url";
  if (type == "textarea") return "elgg-input-plaintext";
  if (type == "select") return "elgg-input-dropdown elgg-input-select";
  return {};
}

class FragmentWriter {
 public:
  explicit FragmentWriter(const RenderContext& ctx)
      : ctx_(ctx), language_(ParseLanguage(ctx.language)) {}

  std::string Take() { return std::move(out_); }

  std::string Text(std::string_view key) const { return Message(language_, key); }
  std::string_view lang() const { return LanguageCode(language_); }
  Language language() const { return language_; }
  const RenderContext& ctx() const { return ctx_; }

  // Raw HTML (literals and already escaped parts only).
  void Html(std::string_view html) { out_ += html; }
  // Escaped element text.
  void Esc(std::string_view text) { out_ += EscapeText(text); }
  // Escaped message text.
  void Msg(std::string_view key) { Esc(Text(key)); }
  // ` name="value"` with the value escaped for the attribute.
  void Attr(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += EscapeAttribute(value);
    out_ += '"';
  }
  void UrlAttr(std::string_view name, std::string_view url) { Attr(name, SafeUrl(url)); }

  void OpenSection(std::string_view kind) {
    Html("<section class=\"klussen klussen-");
    Html(kind);
    Html("\"");
    Attr("lang", lang());
    Html(">\n");
  }
  void CloseSection() { Html("</section>\n"); }

  // <hN>escaped text</hN> (with class="css_class" when given)
  void Heading(int level, std::string_view text, std::string_view css_class = {}) {
    const std::string tag = "h" + std::to_string(level);
    Html("<" + tag);
    if (!css_class.empty()) Attr("class", css_class);
    Html(">");
    Esc(text);
    Html("</" + tag + ">\n");
  }
  // The fragment's title: <h2 class="klussen-page-title">; a host may lift it
  // into its own page title and drop it from the fragment.
  void PageTitle(std::string_view text) { Heading(2, text, kPageTitleClass); }

  // A person by name: <span class="klussen-person" data-user-guid="N">name</span>
  // (exactly so: the glue matches this markup and shows an avatar and profile
  // link instead); just the escaped `fallback` when the guid or name is unknown.
  static std::string PersonHtml(klus::Guid guid, std::string_view name,
                                std::string_view fallback = {}) {
    if (guid <= 0 || name.empty()) return EscapeText(name.empty() ? fallback : name);
    return "<span class=\"klussen-person\" data-user-guid=\"" + std::to_string(guid) + "\">" +
           EscapeText(name) + "</span>";
  }
  void Person(klus::Guid guid, std::string_view name, std::string_view fallback = {}) {
    Html(PersonHtml(guid, name, fallback));
  }
  void Person(const PersonRef& person, std::string_view fallback = {}) {
    Person(person.guid, person.name, fallback);
  }
  // `pattern` (a message with "{placeholder}") escaped, with the placeholder
  // replaced by PersonHtml(person, fallback).
  static std::string TextWithPersonHtml(std::string_view pattern, std::string_view placeholder,
                                        const PersonRef& person, std::string_view fallback = {}) {
    const std::string marker = "{" + std::string(placeholder) + "}";
    const size_t at = pattern.find(marker);
    if (at == std::string_view::npos) return EscapeText(pattern);
    return EscapeText(pattern.substr(0, at)) + PersonHtml(person.guid, person.name, fallback) +
           EscapeText(pattern.substr(at + marker.size()));
  }

  void Link(std::string_view path, std::string_view text, std::string_view css_class = {}) {
    Html("<a");
    UrlAttr("href", ctx_.link_base + std::string(path));
    if (!css_class.empty()) Attr("class", css_class);
    Html(">");
    Esc(text);
    Html("</a>");
  }

  // Previous/next links to `path` + "?offset=N" + `suffix` (nothing when
  // there is only one page).
  void Paging(std::string_view path, int offset, int limit, bool has_next,
              std::string_view suffix = {}) {
    const bool has_previous = offset > 0;
    if (limit <= 0 || (!has_previous && !has_next)) return;
    const std::string base = std::string(path) + "?offset=";
    Html("<nav class=\"klussen-paging\"");
    Attr("aria-label", Text("paging.label"));
    Html(">\n<ul>\n");
    if (has_previous) {
      Html("<li>");
      Link(base + std::to_string(offset > limit ? offset - limit : 0) + std::string(suffix),
           Text("paging.previous"));
      Html("</li>\n");
    }
    if (has_next) {
      Html("<li>");
      Link(base + std::to_string(offset + limit) + std::string(suffix), Text("paging.next"));
      Html("</li>\n");
    }
    Html("</ul>\n</nav>\n");
  }

  // <form ...> and the CSRF fields; `multipart` for file uploads.
  void OpenForm(std::string_view action, std::string_view css_class, bool multipart = false) {
    Html("<form method=\"post\"");
    UrlAttr("action", ctx_.action_base + std::string(action));
    Attr("class", "klussen-form " + std::string(css_class));
    if (multipart) Html(" enctype=\"multipart/form-data\"");
    Html(">\n");
    for (const auto& [name, value] : ctx_.hidden) Hidden(name, value);
  }
  void CloseForm() { Html("</form>\n"); }

  void Hidden(std::string_view name, std::string_view value) {
    Html("<input type=\"hidden\"");
    Attr("name", name);
    Attr("value", value);
    Html(">\n");
  }

  void NamedButton(ButtonKind kind, std::string_view name, std::string_view value,
                   std::string_view text) {
    Html("<button type=\"submit\"");
    Attr("class", ButtonClass(kind));
    Attr("name", name);
    Attr("value", value);
    Html(">");
    Esc(text);
    Html("</button>\n");
  }

  // A submit button; `extra_hidden_text` is read by screen readers only
  // ("Verwijderen <span>Python</span>").
  void Button(ButtonKind kind, std::string_view text, std::string_view extra_hidden_text = {}) {
    Html("<button type=\"submit\"");
    Attr("class", ButtonClass(kind));
    Html(">");
    Esc(text);
    if (!extra_hidden_text.empty()) {
      Html("<span class=\"klussen-visually-hidden\"> ");
      Esc(extra_hidden_text);
      Html("</span>");
    }
    Html("</button>\n");
  }

  // A link shown as a secondary button (klussen-button elgg-button elgg-button-action).
  void LinkButton(std::string_view path, std::string_view text) {
    Link(path, text, kLinkButtonClass);
  }

  // <label for>: a field's own label (`field`: class="elgg-field-label") or the
  // label of one choice in a group (plain).
  void Label(std::string_view for_id, std::string_view text, bool field = true) {
    Html("<label");
    Attr("for", for_id);
    if (field) Attr("class", kFieldLabelClass);
    Html(">");
    Esc(text);
    Html("</label>\n");
  }

  // <p class="klussen-hint elgg-field-help elgg-text-help" id="id">text</p>
  void HintParagraph(std::string_view id, std::string_view text) {
    HintParagraphHtml(id, EscapeText(text));
  }
  void HintParagraphHtml(std::string_view id, std::string_view text_html) {
    Html("<p");
    Attr("class", kHintClass);
    Attr("id", id);
    Html(">");
    Html(text_html);
    Html("</p>\n");
  }

  // ` class="elgg-input-..."` for a control of `type` (see InputClass).
  void InputClassAttr(std::string_view type) {
    const std::string_view css = InputClass(type);
    if (!css.empty()) Attr("class", css);
  }

  // <div class="klussen-field elgg-field"> (plus klussen-field-invalid when `invalid`).
  void OpenFieldDiv(bool invalid = false) {
    Html("<div");
    Attr("class", invalid ? kInvalidFieldClass : kFieldClass);
    Html(">\n");
  }

  // <dt>label</dt><dd>value_html</dd>
  void MetaHtml(std::string_view label_key, std::string_view value_html) {
    Html("<dt>");
    Msg(label_key);
    Html("</dt><dd>");
    Html(value_html);
    Html("</dd>\n");
  }
  void Meta(std::string_view label_key, std::string_view value) {
    MetaHtml(label_key, EscapeText(value));
  }

 private:
  const RenderContext& ctx_;
  Language language_;
  std::string out_;
};

}  // namespace klussen::widgets::internal
