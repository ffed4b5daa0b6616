#include "http/request_head.h"

#include <algorithm>
#include <cctype>

namespace klussen::http {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Splits off one line ending in "\n" (a preceding "\r" is dropped).
// Returns false when no complete line is left.
bool NextLine(std::string_view& rest, std::string_view& line, size_t& line_bytes) {
  size_t end = rest.find('\n');
  if (end == std::string_view::npos) return false;
  line = rest.substr(0, end);
  line_bytes = end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  rest.remove_prefix(end + 1);
  return true;
}

}  // namespace

RequestHead ScanRequestHead(std::string_view bytes, size_t max_head_bytes) {
  RequestHead head;
  std::string_view rest = bytes;
  std::string_view line;
  size_t line_bytes = 0;
  size_t used = 0;
  int content_lengths = 0;
  bool transfer_encoding = false;
  bool length_valid = false;
  size_t length = 0;
  bool first = true;
  while (true) {
    if (!NextLine(rest, line, line_bytes)) {
      // The unfinished line already counts against both limits.
      if (rest.size() > kMaxHeadLineBytes) {
        head.state = first ? RequestHead::State::kUriTooLong : RequestHead::State::kLineTooLong;
      } else if (used + rest.size() > max_head_bytes) {
        head.state = RequestHead::State::kTooLarge;
      }
      return head;
    }
    used += line_bytes;
    if (line_bytes > kMaxHeadLineBytes) {
      head.state = first ? RequestHead::State::kUriTooLong : RequestHead::State::kLineTooLong;
      return head;
    }
    if (used > max_head_bytes) {
      head.state = RequestHead::State::kTooLarge;
      return head;
    }
    if (first) {
      first = false;
      size_t method_end = line.find(' ');
      if (method_end != std::string_view::npos) {
        std::string_view target = line.substr(method_end + 1);
        target = target.substr(0, target.find(' '));
        head.path = std::string(target.substr(0, target.find('?')));
      }
      continue;
    }
    if (line.empty()) break;  // end of the head
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // httplib skips such lines too
    std::string_view name = line.substr(0, colon);
    std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoringCase(name, "Content-Length")) {
      ++content_lengths;
      length_valid =
          !value.empty() && value.size() <= 18 &&
          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (length_valid) length = std::stoull(std::string(value));
    } else if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
      transfer_encoding = true;
    } else if (EqualsIgnoringCase(name, "Expect")) {
      head.expect_continue = EqualsIgnoringCase(value, "100-continue");
    }
  }
  head.state = RequestHead::State::kComplete;
  head.head_bytes = used;
  if (content_lengths == 1 && length_valid && !transfer_encoding) {
    head.has_body_length = true;
    head.body_length = length;
  }
  return head;
}

}  // namespace klussen::http
