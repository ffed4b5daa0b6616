// Escaping and plain-text-to-HTML for the widgets. Every byte a widget emits
// that did not come from a literal in klus_widgets.cc goes through one of
// these functions, chosen for where it lands:
//
//   element text            EscapeText(value)
//   double-quoted attribute EscapeAttribute(value)
//   href / action           EscapeAttribute(SafeUrl(url))   (SafeUrl does NOT escape)
//   URL query value         UrlEncodeComponent(value), then the two above
//   user-written text       RenderPlainText(text)           (paragraphs, line breaks, links)
//
// Contract: the output is always valid UTF-8. Invalid UTF-8 (bad lead or
// continuation bytes, overlong forms, surrogates, > U+10FFFF, truncated
// sequences) becomes U+FFFD, one per maximal bad subsequence. Control
// characters that HTML forbids (C0 except TAB, LF, CR; DEL; C1) also become
// U+FFFD. The escaping functions (not SanitizeUtf8) also drop what can spoof
// how text reads: the bidi embeddings, overrides and isolates U+202A-U+202E
// and U+2066-U+2069 (with the deprecated U+206A-U+206F), and the invisible
// U+200B, U+2060 and U+FEFF; ZWNJ/ZWJ (U+200C/U+200D) stay only between two
// non-ASCII characters (scripts, emoji sequences). RenderPlainText gives each
// paragraph dir="auto", so user prose takes its own direction, isolated from
// the host's text. Other characters (RTL letters, LRM/RLM, emoji, accents)
// pass through unchanged.
//
// Threading: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace klussen::widgets {

// The text with every invalid UTF-8 sequence and every forbidden control
// character replaced by U+FFFD (EF BF BD). Valid input is returned unchanged.
std::string SanitizeUtf8(std::string_view text);

// True when `text` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view text);

// For element content: & < > " ' become entities (&amp; &lt; &gt; &quot; &#39;),
// after SanitizeUtf8 and dropping the spoofing controls above.
std::string EscapeText(std::string_view text);

// For a double-quoted attribute value: EscapeText's set plus ` = (&#96; &#61;),
// after SanitizeUtf8. Never put the result in an unquoted attribute.
std::string EscapeAttribute(std::string_view text);

// The URL when it is safe to follow, else "#". NOT escaped: the caller writes
// EscapeAttribute(SafeUrl(url)). Allowed:
//  - absolute "http://..." or "https://..." (scheme case-insensitive) with
//    something after "//";
//  - root-relative "/..." whose second character is neither '/' nor '\'
//    (those are protocol-relative to browsers), and "/" itself.
// Rejected (-> "#"): every other scheme (javascript:, data:, vbscript:, ...),
// relative paths, fragments, empty text, any ASCII control character, space
// or backslash anywhere (browsers strip or rewrite those, which is how
// "java\tscript:" and "/\evil" tricks work), invalid UTF-8, and Unicode
// format/space characters (bidi controls, zero-width, NBSP).
std::string SafeUrl(std::string_view url);

// Percent-encodes everything but the RFC 3986 unreserved set (A-Z a-z 0-9 - _ . ~),
// byte by byte, upper-case hex. For one query value or path segment.
std::string UrlEncodeComponent(std::string_view text);

// Plain text (as typed into a textarea) to an HTML fragment:
//  - CR LF and CR become LF; blank lines (empty or only spaces/tabs) separate
//    paragraphs, each in <p dir="auto">...</p>; single line breaks inside a paragraph
//    become <br>;
//  - bare "http://" / "https://" URLs (scheme case-insensitive, at the start
//    or after a non-alphanumeric character) become
//    <a href="..." rel="nofollow noopener ugc">...</a>; the URL ends at white
//    space, < > " ` or a Unicode space/format character, and trailing
//    . , ; : ! ? ' and unbalanced ) ] } are left out of the link;
//  - everything else is escaped with EscapeText. Input HTML is never emitted.
// Empty or blank text gives "". Linear in the input size.
std::string RenderPlainText(std::string_view text);

}  // namespace klussen::widgets
