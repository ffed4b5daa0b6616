// Every user-facing string of the widgets, in Dutch and English, in one
// declarative table (messages.cc). Keys are dotted: "state.open",
// "error.required", "field.title", "month.12", ...
//
// Contract:
//  - Message texts are PLAIN TEXT, never HTML: the caller escapes the result
//    (EscapeText / EscapeAttribute) for where it lands. Placeholders "{name}"
//    are filled by Substitute() with raw values, before that escaping.
//  - Any language other than English ("en", "en-GB", "en_US", ...) gets Dutch.
//  - An unknown key is a programming error. It does not abort (a typo must not
//    take a page down in production): Message() returns the key itself and
//    logs a warning once per key (at most 100 distinct keys are remembered;
//    later ones are still returned but no longer logged). The table test
//    makes sure the keys the widgets use exist. Use HasMessage() for keys
//    built from data (reason codes) and fall back yourself.
//
// Threading: all functions are thread-safe (the table is immutable; the
// "logged once" set is behind a mutex).
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace klussen::widgets {

enum class Language { kNl, kEn };

// "en", "EN", "en-GB", "en_US" -> kEn; anything else (including "") -> kNl.
Language ParseLanguage(std::string_view code);
std::string_view LanguageCode(Language language);  // "nl" / "en"

struct MessageRow {
  std::string_view key;
  std::string_view nl;
  std::string_view en;
};

// The whole table, in declaration order (for tests and documentation).
std::span<const MessageRow> AllMessages();

// Keys whose Dutch and English texts are deliberately identical ("Status", "Open", ...).
std::span<const std::string_view> KeysSameInBothLanguages();

bool HasMessage(std::string_view key);

// The text for `key` in `language`; the key itself when unknown (logged once).
std::string Message(Language language, std::string_view key);
std::string Message(std::string_view language, std::string_view key);

// Replaces each "{name}" in `pattern` by its value (inserted as is, not
// escaped). Placeholders without a value, and lone braces, stay as they are.
std::string Substitute(std::string_view pattern,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace klussen::widgets
