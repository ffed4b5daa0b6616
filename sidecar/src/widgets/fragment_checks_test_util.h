// Structural checks for the widgets' HTML fragments, shared by the widget
// tests (test-only; never include it from production code). CheckFragment
// returns every broken promise of the fragment contract (klus_widgets.h):
// one root <section class="klussen..." lang>, balanced tags, double-quoted
// attributes, no raw > " ' in text, no script/style/img/iframe or on*/style
// attributes, unique "klussen-" ids, headings from h2 without skipping a
// level, every visible control with an id and a <label for>, labels and
// aria-describedby and #fragment links pointing at existing ids, forms with
// method="post", no empty buttons; and Elgg's look (ElggProblem): every button
// elgg-button plus elgg-button-submit or -action, every control the class of
// Elgg's input view, every table elgg-table, person markers exactly as the
// glue matches them, at most one klussen-page-title, on the first heading.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/html.h"

namespace klussen::widgets::fragment_checks {

struct Tag {
  std::string name;
  bool closing = false;
  std::map<std::string, std::string> attrs;
  size_t end = 0;  // position after '>'
};

// Parses the tag starting at `pos` (text[pos] == '<'); attribute values must
// be double-quoted (the renderer only writes those).
inline std::optional<Tag> ParseTag(const std::string& text, size_t pos,
                                   std::vector<std::string>& problems) {
  Tag tag;
  size_t i = pos + 1;
  if (i < text.size() && text[i] == '/') {
    tag.closing = true;
    ++i;
  }
  while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])))
    tag.name += text[i++];
  if (tag.name.empty()) {
    problems.push_back("stray '<' at " + std::to_string(pos));
    return std::nullopt;
  }
  while (i < text.size() && text[i] != '>') {
    if (text[i] == ' ' || text[i] == '\n') {
      ++i;
      continue;
    }
    std::string name;
    while (i < text.size() && text[i] != '=' && text[i] != ' ' && text[i] != '>') name += text[i++];
    std::string value;
    if (i < text.size() && text[i] == '=') {
      if (i + 1 >= text.size() || text[i + 1] != '"') {
        problems.push_back("unquoted attribute " + name);
        return std::nullopt;
      }
      const size_t close = text.find('"', i + 2);
      if (close == std::string::npos) {
        problems.push_back("unterminated attribute " + name);
        return std::nullopt;
      }
      value = text.substr(i + 2, close - i - 2);
      if (value.find_first_of("<>") != std::string::npos) problems.push_back("raw <> in " + name);
      i = close + 1;
    }
    if (tag.attrs.contains(name)) problems.push_back("duplicate attribute " + name);
    tag.attrs[name] = value;
  }
  tag.end = i + 1;
  return tag;
}

inline std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ' ') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

inline bool HasClass(const Tag& tag, std::string_view css_class) {
  const auto it = tag.attrs.find("class");
  if (it == tag.attrs.end()) return false;
  for (const std::string& name : Split(it->second)) {
    if (name == css_class) return true;
  }
  return false;
}

// The Elgg class a control must carry (as Elgg's input views give it), or "".
inline std::string ElggInputClass(const Tag& tag) {
  if (tag.name == "textarea") return "elgg-input-plaintext";
  if (tag.name == "select") return "elgg-input-select";
  if (tag.name != "input") return "";
  const auto type = tag.attrs.find("type");
  const std::string t = type == tag.attrs.end() ? "text" : type->second;
  if (t == "hidden") return "";
  return "elgg-input-" + t;
}

// What an opening tag breaks of the Elgg look, or "".
inline std::string ElggProblem(const Tag& tag) {
  if (tag.name == "button" &&
      !(HasClass(tag, "elgg-button") && HasClass(tag, "klussen-button") &&
        (HasClass(tag, "elgg-button-submit") != HasClass(tag, "elgg-button-action")))) {
    return "button without elgg-button and one of elgg-button-submit/-action";
  }
  if (tag.name == "select" && !HasClass(tag, "elgg-input-dropdown")) {
    return "select without elgg-input-dropdown";
  }
  const std::string input_class = ElggInputClass(tag);
  if (!input_class.empty() && !HasClass(tag, input_class)) {
    return tag.name + " without " + input_class;
  }
  if (tag.name == "table" && !(HasClass(tag, "elgg-table") && HasClass(tag, "klussen-table"))) {
    return "table without klussen-table elgg-table";
  }
  if (HasClass(tag, "klussen-person")) {
    const auto guid = tag.attrs.find("data-user-guid");
    const bool digits = guid != tag.attrs.end() && !guid->second.empty() &&
                        guid->second[0] != '0' &&
                        guid->second.find_first_not_of("0123456789") == std::string::npos;
    if (tag.name != "span" || tag.attrs.size() != 2 || tag.attrs.at("class") != "klussen-person" ||
        !digits) {
      return "person marker not <span class=\"klussen-person\" data-user-guid=\"N\">";
    }
  }
  return "";
}

// Everything we promise about a fragment's structure; returns the problems.
inline std::vector<std::string> CheckFragment(const std::string& html) {
  static const std::set<std::string> kVoid = {"input", "br", "img", "hr", "meta", "link"};
  std::vector<std::string> problems;
  if (!IsValidUtf8(html)) problems.push_back("invalid UTF-8");
  if (html.rfind("<section class=\"klussen", 0) != 0) problems.push_back("root is not a section");
  std::vector<std::string> stack;
  std::set<std::string> ids;
  std::vector<std::string> label_fors, described_by, fragment_links, controls;
  int last_heading = 1;
  int headings = 0;
  int page_titles = 0;
  bool root_closed = false;
  size_t button_start = std::string::npos;
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    const std::string text = html.substr(pos, (lt == std::string::npos ? html.size() : lt) - pos);
    if (text.find_first_of(">\"'") != std::string::npos) {
      problems.push_back("unescaped > \" or ' in text: " + text.substr(0, 60));
    }
    if (root_closed && text.find_first_not_of(" \n") != std::string::npos) {
      problems.push_back("text after the root");
    }
    if (lt == std::string::npos) break;
    const std::optional<Tag> tag = ParseTag(html, lt, problems);
    if (!tag) break;
    pos = tag->end;
    if (tag->name == "script" || tag->name == "style" || tag->name == "img" ||
        tag->name == "iframe") {
      problems.push_back("forbidden element " + tag->name);
    }
    if (tag->closing) {
      if (stack.empty() || stack.back() != tag->name) {
        problems.push_back("unbalanced </" + tag->name + ">");
        return problems;
      }
      stack.pop_back();
      if (stack.empty()) root_closed = true;
      if (tag->name == "button") {
        std::string inner = html.substr(button_start, lt - button_start);
        if (inner.find_first_not_of(" \n") == std::string::npos) problems.push_back("empty button");
      }
      continue;
    }
    if (root_closed) problems.push_back("second root element " + tag->name);
    if (stack.empty() && (tag->name != "section" || !tag->attrs.contains("lang"))) {
      problems.push_back("root without lang");
    }
    for (const auto& [name, value] : tag->attrs) {
      if (name.rfind("on", 0) == 0 || name == "style") problems.push_back("attribute " + name);
      if (name == "id" && !ids.insert(value).second) problems.push_back("duplicate id " + value);
      if (name == "id" && value.rfind("klussen-", 0) != 0)
        problems.push_back("unprefixed id " + value);
      if (name == "for") label_fors.push_back(value);
      if (name == "aria-describedby") {
        for (const std::string& id : Split(value)) described_by.push_back(id);
      }
      if (name == "href" && value.size() > 1 && value[0] == '#') {
        fragment_links.push_back(value.substr(1));
      }
    }
    const std::string& name = tag->name;
    if (const std::string elgg = ElggProblem(*tag); !elgg.empty()) problems.push_back(elgg);
    const bool is_heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if (HasClass(*tag, "klussen-page-title")) {
      ++page_titles;
      if (name != "h2" || headings > 0) problems.push_back("klussen-page-title not the first h2");
    }
    if (is_heading) ++headings;
    if (is_heading) {
      const int level = name[1] - '0';
      if (level > last_heading + 1 || level < 2) problems.push_back("heading order at " + name);
      last_heading = level;
    }
    const bool hidden_input =
        name == "input" && tag->attrs.contains("type") && tag->attrs.at("type") == "hidden";
    if ((name == "input" && !hidden_input) || name == "select" || name == "textarea") {
      if (!tag->attrs.contains("id")) {
        problems.push_back("control without id: " + name);
      } else {
        controls.push_back(tag->attrs.at("id"));
      }
    }
    if (name == "button") button_start = tag->end;
    if (name == "form" && (!tag->attrs.contains("method") || tag->attrs.at("method") != "post")) {
      problems.push_back("form without method=post");
    }
    if (!kVoid.contains(name)) stack.push_back(name);
  }
  if (!stack.empty()) problems.push_back("unclosed <" + stack.back() + ">");
  if (page_titles > 1) problems.push_back("more than one klussen-page-title");
  const std::set<std::string> fors(label_fors.begin(), label_fors.end());
  for (const std::string& id : controls) {
    if (!fors.contains(id)) problems.push_back("control without label: " + id);
  }
  for (const std::string& id : label_fors) {
    if (!ids.contains(id)) problems.push_back("label for missing id " + id);
  }
  for (const std::string& id : described_by) {
    if (!ids.contains(id)) problems.push_back("aria-describedby missing id " + id);
  }
  for (const std::string& id : fragment_links) {
    if (!ids.contains(id)) problems.push_back("link to missing #" + id);
  }
  return problems;
}

#define KLUSSEN_EXPECT_WELL_FORMED(html)                                             \
  do {                                                                               \
    const auto problems_ = ::klussen::widgets::fragment_checks::CheckFragment(html); \
    EXPECT_TRUE(problems_.empty()) << ::testing::PrintToString(problems_);           \
  } while (false)

inline bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

inline int Count(const std::string& haystack, std::string_view needle) {
  int count = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

}  // namespace klussen::widgets::fragment_checks
