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

  // <hN>escaped text</hN>
  void Heading(int level, std::string_view text) {
    const std::string tag = "h" + std::to_string(level);
    Html("<" + tag + ">");
    Esc(text);
    Html("</" + tag + ">\n");
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

  void NamedButton(std::string_view name, std::string_view value, std::string_view text) {
    Html("<button type=\"submit\" class=\"klussen-button\"");
    Attr("name", name);
    Attr("value", value);
    Html(">");
    Esc(text);
    Html("</button>\n");
  }

  // A submit button; `extra_hidden_text` is read by screen readers only
  // ("Verwijderen <span>Python</span>").
  void Button(std::string_view text, std::string_view extra_hidden_text = {}) {
    Html("<button type=\"submit\" class=\"klussen-button\">");
    Esc(text);
    if (!extra_hidden_text.empty()) {
      Html("<span class=\"klussen-visually-hidden\"> ");
      Esc(extra_hidden_text);
      Html("</span>");
    }
    Html("</button>\n");
  }

  void Label(std::string_view for_id, std::string_view text) {
    Html("<label");
    Attr("for", for_id);
    Html(">");
    Esc(text);
    Html("</label>\n");
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
