#include "widgets/html.h"

#include <cstddef>
#include <cstdint>

namespace klussen::widgets {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Decoded {
  char32_t code_point = 0;
  size_t length = 1;  // bytes consumed (>= 1)
  bool valid = false;
};

bool InRange(unsigned char byte, unsigned char low, unsigned char high) {
  return byte >= low && byte <= high;
}

// Decodes one code point at `pos` (< text.size()). An invalid sequence
// consumes its maximal subpart (Unicode "best practice" for U+FFFD), so each
// bad run becomes exactly one replacement character.
Decoded DecodeAt(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return {lead, 1, true};
  size_t needed = 0;
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  char32_t value = 0;
  if (InRange(lead, 0xC2, 0xDF)) {
    needed = 1;
    value = lead & 0x1F;
  } else if (InRange(lead, 0xE0, 0xEF)) {
    needed = 2;
    value = lead & 0x0F;
    if (lead == 0xE0) second_low = 0xA0;   // no overlongs
    if (lead == 0xED) second_high = 0x9F;  // no surrogates
  } else if (InRange(lead, 0xF0, 0xF4)) {
    needed = 3;
    value = lead & 0x07;
    if (lead == 0xF0) second_low = 0x90;   // no overlongs
    if (lead == 0xF4) second_high = 0x8F;  // <= U+10FFFF
  } else {
    return {0, 1, false};
  }
  size_t consumed = 1;
  for (size_t k = 1; k <= needed; ++k) {
    const size_t i = pos + k;
    const unsigned char low = k == 1 ? second_low : 0x80;
    const unsigned char high = k == 1 ? second_high : 0xBF;
    if (i >= text.size() || !InRange(byte(i), low, high)) return {0, consumed, false};
    value = (value << 6) | (byte(i) & 0x3F);
    ++consumed;
  }
  return {value, consumed, true};
}

// Characters HTML does not allow in a document (besides invalid UTF-8).
bool IsForbiddenControl(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  return cp >= 0x7F && cp <= 0x9F;
}

// Unicode spaces and invisible format characters (bidi controls, zero-width,
// BOM): never part of a URL we link or accept.
bool IsUnicodeSpaceOrFormat(char32_t cp) {
  return (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || cp == 0x061C || cp == 0x1680 || cp == 0x180E ||
         (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF ||
         (cp >= 0xFFF9 && cp <= 0xFFFD) || (cp >= 0xE0000 && cp <= 0xE007F);
}

// Explicit bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO,
// LRI RLI FSI PDI), the deprecated format controls after them, and invisible
// zero-width characters with no job in displayed prose (ZWSP, word joiner,
// BOM/ZWNBSP). An override makes "txt.exe" look like "exe.txt"; unbalanced,
// it reorders everything after it up to the end of the paragraph, which in a
// widget is the host's text, not the writer's. Zero-width characters make two
// names or titles look the same. Dropped from all widget text (as chat and
// code hosts do since "Trojan Source"); right-to-left letters and the weak
// marks LRM/RLM/ALM stay, so Arabic or Hebrew text still reads right.
bool IsDroppedFormat(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0x200B ||
         cp == 0x2060 || cp == 0xFEFF;
}

// ZWNJ and ZWJ shape scripts (Persian, Indic) and join emoji sequences
// (👩‍💻): kept between two non-ASCII characters, dropped elsewhere, where they
// only hide inside Latin text ("J\u200Dan").
bool IsJoiner(char32_t cp) { return cp == 0x200C || cp == 0x200D; }

enum class EscapeMode { kText, kAttribute };

void AppendEscaped(std::string_view text, EscapeMode mode, std::string& out) {
  out.reserve(out.size() + text.size() + text.size() / 8);
  size_t pos = 0;
  char32_t previous = 0;  // the last code point kept (0: none yet)
  while (pos < text.size()) {
    const Decoded d = DecodeAt(text, pos);
    if (d.valid && IsDroppedFormat(d.code_point)) {
      pos += d.length;
      continue;
    }
    if (d.valid && IsJoiner(d.code_point)) {
      const bool after_non_ascii = previous >= 0x80 && !IsJoiner(previous);
      bool before_non_ascii = false;
      if (pos + d.length < text.size()) {
        const Decoded next = DecodeAt(text, pos + d.length);
        before_non_ascii = next.valid && next.code_point >= 0x80 && !IsJoiner(next.code_point) &&
                           !IsDroppedFormat(next.code_point);
      }
      if (!after_non_ascii || !before_non_ascii) {
        pos += d.length;
        continue;
      }
    }
    previous = d.valid ? d.code_point : 0xFFFD;
    if (!d.valid || IsForbiddenControl(d.code_point)) {
      out += kReplacement;
    } else if (d.length > 1) {
      out.append(text.substr(pos, d.length));
    } else {
      switch (d.code_point) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        case '`':
          if (mode == EscapeMode::kAttribute) {
            out += "&#96;";
          } else {
            out += '`';
          }
          break;
        case '=':
          if (mode == EscapeMode::kAttribute) {
            out += "&#61;";
          } else {
            out += '=';
          }
          break;
        default:
          out += static_cast<char>(d.code_point);
      }
    }
    pos += d.length;
  }
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(text[pos + i]) != prefix[i]) return false;
  }
  return true;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length of "http://" or "https://" at `pos`, or 0.
size_t SchemeLengthAt(std::string_view text, size_t pos) {
  if (StartsWithNoCase(text, pos, "http://")) return 7;
  if (StartsWithNoCase(text, pos, "https://")) return 8;
  return 0;
}

bool EndsUrl(char32_t cp) {
  return cp <= 0x20 || cp == 0x7F || cp == '<' || cp == '>' || cp == '"' || cp == '`' ||
         cp == '\\' || IsUnicodeSpaceOrFormat(cp);
}

// The end (exclusive) of the URL starting at `start` in sanitized `line`,
// after dropping trailing punctuation. Linear in the URL's length.
size_t UrlEnd(std::string_view line, size_t start) {
  size_t end = start;
  while (end < line.size()) {
    const Decoded d = DecodeAt(line, end);
    if (!d.valid || EndsUrl(d.code_point)) break;
    end += d.length;
  }
  // Unmatched closers are punctuation around the URL; matched ones are part
  // of it (wiki/Foo_(bar)).
  constexpr std::string_view kOpeners = "([{";
  constexpr std::string_view kClosers = ")]}";
  int balance[3] = {0, 0, 0};  // closers minus openers
  for (size_t i = start; i < end; ++i) {
    const size_t open = kOpeners.find(line[i]);
    const size_t close = kClosers.find(line[i]);
    if (open != std::string_view::npos) --balance[open];
    if (close != std::string_view::npos) ++balance[close];
  }
  while (end > start) {
    const char last = line[end - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
        last == '\'') {
      --end;
      continue;
    }
    const size_t close = kClosers.find(last);
    if (close == std::string_view::npos || balance[close] <= 0) break;
    --balance[close];
    --end;
  }
  return end;
}

// One line of sanitized text: escaped, with bare URLs linked.
void AppendLine(std::string_view line, std::string& out) {
  size_t plain_start = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t scheme =
        (pos == 0 || !IsAsciiAlnum(line[pos - 1])) ? SchemeLengthAt(line, pos) : 0;
    // Cheap refusal first (no host), so runs like "https:///https:///..." stay linear.
    if (scheme == 0 || pos + scheme >= line.size() || line[pos + scheme] == '/' ||
        EndsUrl(static_cast<unsigned char>(line[pos + scheme]))) {
      pos += scheme == 0 ? 1 : scheme;
      continue;
    }
    const size_t end = UrlEnd(line, pos);
    const std::string_view url = line.substr(pos, end - pos);
    if (url.size() <= scheme || SafeUrl(url) == "#") {
      pos += scheme;
      continue;
    }
    AppendEscaped(line.substr(plain_start, pos - plain_start), EscapeMode::kText, out);
    out += "<a href=\"";
    AppendEscaped(url, EscapeMode::kAttribute, out);
    out += "\" rel=\"nofollow noopener ugc\">";
    AppendEscaped(url, EscapeMode::kText, out);
    out += "</a>";
    pos = end;
    plain_start = end;
  }
  AppendEscaped(line.substr(plain_start), EscapeMode::kText, out);
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const Decoded d = DecodeAt(text, pos);
    if (!d.valid) return false;
    pos += d.length;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const Decoded d = DecodeAt(text, pos);
    if (!d.valid || IsForbiddenControl(d.code_point)) {
      out += kReplacement;
    } else {
      out.append(text.substr(pos, d.length));
    }
    pos += d.length;
  }
  return out;
}

std::string EscapeText(std::string_view text) {
  std::string out;
  AppendEscaped(text, EscapeMode::kText, out);
  return out;
}

std::string EscapeAttribute(std::string_view text) {
  std::string out;
  AppendEscaped(text, EscapeMode::kAttribute, out);
  return out;
}

std::string SafeUrl(std::string_view url) {
  const std::string rejected = "#";
  if (url.empty()) return rejected;
  size_t pos = 0;
  while (pos < url.size()) {
    const Decoded d = DecodeAt(url, pos);
    if (!d.valid || d.code_point <= 0x20 || d.code_point == 0x7F || d.code_point == '\\' ||
        IsUnicodeSpaceOrFormat(d.code_point)) {
      return rejected;
    }
    pos += d.length;
  }
  if (url[0] == '/') {
    if (url.size() > 1 && url[1] == '/') return rejected;  // protocol-relative
    return std::string(url);
  }
  const size_t scheme = SchemeLengthAt(url, 0);
  if (scheme == 0 || url.size() == scheme || url[scheme] == '/') return rejected;
  return std::string(url);
}

std::string UrlEncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    if (IsAsciiAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string RenderPlainText(std::string_view text) {
  std::string clean = SanitizeUtf8(text);
  // Normalise line ends: CR LF and lone CR become LF.
  std::string normalised;
  normalised.reserve(clean.size());
  for (size_t i = 0; i < clean.size(); ++i) {
    if (clean[i] == '\r') {
      normalised += '\n';
      if (i + 1 < clean.size() && clean[i + 1] == '\n') ++i;
    } else {
      normalised += clean[i];
    }
  }
  const std::string_view all = normalised;

  std::string out;
  out.reserve(all.size() + all.size() / 4);
  bool in_paragraph = false;
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    const std::string_view line = all.substr(start, end - start);
    if (IsBlank(line)) {
      if (in_paragraph) out += "</p>\n";
      in_paragraph = false;
    } else {
      // dir="auto": each paragraph takes its direction from its own first strong letter and is
      // isolated from the host's text around it (a Hebrew paragraph reads right to left without
      // reordering the labels and punctuation next to it).
      out += in_paragraph ? "<br>\n" : "<p dir=\"auto\">";
      in_paragraph = true;
      AppendLine(line, out);
    }
    if (end == all.size()) break;
    start = end + 1;
  }
  if (in_paragraph) out += "</p>\n";
  return out;
}

}  // namespace klussen::widgets
