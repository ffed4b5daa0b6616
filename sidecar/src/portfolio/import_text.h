// Text helpers shared by the import parsers (internal to portfolio/).
// Threading: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace klussen::portfolio {

inline constexpr size_t kMaxLabelChars = 100;         // a skill label
inline constexpr size_t kMaxTitleChars = 250;         // a title, name or organisation
inline constexpr size_t kMaxDescriptionChars = 5000;  // descriptions, criteria
inline constexpr size_t kMaxUrlBytes = 2000;

// ASCII lower case; other bytes unchanged.
std::string LowerAscii(std::string_view text);

// The text rules of klus::CleanText (valid UTF-8, no control characters,
// trimmed); nullopt when not valid UTF-8.
std::optional<std::string> CleanImportText(std::string_view text, bool keep_newlines);

// Cuts to at most `max_chars` code points (on a code point boundary); true when cut.
bool CutToChars(std::string& text, size_t max_chars);

// "Jan 2020" / "January 2020" / "jan. 2020" (English or Dutch month names),
// "15 Jan 2020", "2020", "2020-01", "2020-01-15", "01/2020" ->
// "2020-01", "2020-01-15", "2020", ...; "" stays ""; nullopt when not understood.
std::optional<std::string> NormaliseDate(std::string_view text);

// An http(s) URL without spaces or control characters, at most kMaxUrlBytes;
// nullopt otherwise (javascript:, data:, relative paths ... are never passed on).
std::optional<std::string> SafeUrl(std::string_view text);

}  // namespace klussen::portfolio
