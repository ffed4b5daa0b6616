#include "auth/canonical.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "common/digest.h"

namespace klussen::auth {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Visible ASCII but '#': what a raw target may hold at all. Space, controls,
// DEL and non-ASCII bytes are trimmed, split on or passed through differently
// by HTTP parsers; a fragment is never sent to a server.
bool IsTargetByte(char c) { return c > 0x20 && c < 0x7F && c != '#'; }

// Every '%' starts a two-hex-digit escape. cpp-httplib also decodes "%u" and
// four hex digits (and keeps other malformed escapes), the canonical form keeps them all: the
// same bytes would be signed as one thing and served as another.
Status CheckEscapes(std::string_view text, std::string_view what) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size() || HexValue(text[i + 1]) < 0 || HexValue(text[i + 2]) < 0) {
      return InvalidArgument(std::string(what) + " has a '%' without two hex digits");
    }
    i += 2;
  }
  return Status::Ok();
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string PercentEncode(std::string_view bytes, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (unsigned char c : bytes) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string CanonicalPath(std::string_view raw_path) {
  return PercentEncode(PercentDecode(raw_path, false), true);
}

std::string CanonicalQuery(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= raw_query.size()) {
    size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    std::string_view part = raw_query.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    size_t equals = part.find('=');
    std::string_view name = part.substr(0, equals);
    std::string_view value =
        equals == std::string_view::npos ? std::string_view() : part.substr(equals + 1);
    pairs.emplace_back(PercentEncode(PercentDecode(name, true), false),
                       PercentEncode(PercentDecode(value, true), false));
  }
  std::sort(pairs.begin(), pairs.end());  // by encoded name, then encoded value
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

Result<StrictTarget> ParseStrictTarget(std::string_view raw_target) {
  if (raw_target.empty() || raw_target.front() != '/') {
    return InvalidArgument("the target does not start with '/'");
  }
  if (!std::all_of(raw_target.begin(), raw_target.end(), IsTargetByte)) {
    return InvalidArgument("the target holds a byte other than visible ASCII, or a '#'");
  }
  const size_t question = raw_target.find('?');
  const std::string_view raw_path = raw_target.substr(0, question);
  const std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : raw_target.substr(question + 1);
  KL_RETURN_IF_ERROR(CheckEscapes(raw_path, "the path"));
  KL_RETURN_IF_ERROR(CheckEscapes(raw_query, "the query"));

  StrictTarget target;
  target.path = PercentDecode(raw_path, false);
  std::set<std::string> names;
  size_t start = 0;
  while (start <= raw_query.size()) {
    size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view part = raw_query.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;  // "a=1&&b=2", a trailing '&': dropped by every reader alike
    const size_t equals = part.find('=');
    const std::string_view name = part.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : part.substr(equals + 1);
    // "=x" is name "" to the canonical form but name "x" to cpp-httplib.
    if (name.empty()) return InvalidArgument("a query part has no name");
    // "a=b=c" is a = "b=c" to the canonical form but a = "c" to cpp-httplib.
    if (value.find('=') != std::string_view::npos) {
      return InvalidArgument("a query value holds a raw '=' (send it as %3D)");
    }
    std::string decoded_name = PercentDecode(name, true);
    // Handlers read one value per name (the first); the canonical form sorts, so a repeated name
    // would let the order of the parts pick a value the signature does not pin down. No route
    // takes a list as repeated names.
    if (!names.insert(decoded_name).second) {
      return InvalidArgument("a query name is repeated");
    }
    target.query.emplace_back(std::move(decoded_name), PercentDecode(value, true));
  }
  return target;
}

std::string CanonicalRequest(std::string_view method, std::string_view raw_target,
                             const SignedFields& fields, std::string_view body) {
  size_t question = raw_target.find('?');
  std::string_view raw_path = raw_target.substr(0, question);
  std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : raw_target.substr(question + 1);
  std::string text(kSignatureScheme);
  for (const std::string& line :
       {std::string(method), CanonicalPath(raw_path), CanonicalQuery(raw_query), fields.timestamp,
        fields.nonce, fields.viewer, fields.language, fields.site, fields.key_id,
        Sha256Hex(body)}) {
    text += '\n';
    text += line;
  }
  return text;
}

}  // namespace klussen::auth
