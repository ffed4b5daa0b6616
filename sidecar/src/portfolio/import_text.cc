#include "portfolio/import_text.h"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "common/dates.h"
#include "klus/klus_input.h"

namespace klussen::portfolio {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int> Year(std::string_view text) {
  if (text.size() != 4 || !AllDigits(text)) return std::nullopt;
  int year = std::stoi(std::string(text));
  if (year < 1900 || year > 2200) return std::nullopt;
  return year;
}

std::optional<int> Month(std::string_view name) {
  std::string lower = LowerAscii(name);
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  static const std::array<std::pair<std::string_view, int>, 24> kMonths = {{
      {"january", 1},   {"januari", 1},  {"february", 2}, {"februari", 2},  {"march", 3},
      {"maart", 3},     {"april", 4},    {"may", 5},      {"mei", 5},       {"june", 6},
      {"juni", 6},      {"july", 7},     {"juli", 7},     {"august", 8},    {"augustus", 8},
      {"september", 9}, {"october", 10}, {"oktober", 10}, {"november", 11}, {"december", 12},
      {"mar", 3},       {"mrt", 3},      {"okt", 10},     {"sept", 9},
  }};
  for (const auto& [full, number] : kMonths) {
    if (lower == full) return number;
  }
  if (lower.size() == 3) {  // "jan", "feb", ...: the first three letters of an English name
    for (const auto& [full, number] : kMonths) {
      if (full.substr(0, 3) == lower) return number;
    }
  }
  return std::nullopt;
}

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string YearMonth(int year, int month) { return std::to_string(year) + "-" + TwoDigits(month); }

}  // namespace

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<std::string> CleanImportText(std::string_view text, bool keep_newlines) {
  return klus::CleanText(text, keep_newlines);
}

bool CutToChars(std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) {
      text.resize(i);
      return true;
    }
    ++chars;
  }
  return false;
}

std::optional<std::string> NormaliseDate(std::string_view raw) {
  std::string text(raw);
  // Trim.
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  text.erase(0, start);
  if (text.empty()) return std::string();

  if (auto year = Year(text)) return std::to_string(*year);
  if (text.size() == 7 && text[4] == '-' && Year(text.substr(0, 4)) &&
      AllDigits(text.substr(5, 2))) {
    int month = std::stoi(text.substr(5, 2));
    if (month >= 1 && month <= 12) return text;
    return std::nullopt;
  }
  if (text.size() == 10 && ParseIsoDate(text)) return text;
  if (text.size() == 7 && text[2] == '/' && AllDigits(text.substr(0, 2))) {  // "01/2020"
    auto year = Year(text.substr(3));
    int month = std::stoi(text.substr(0, 2));
    if (year && month >= 1 && month <= 12) return YearMonth(*year, month);
    return std::nullopt;
  }

  // Words: "Jan 2020" or "15 Jan 2020".
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != ',') ++end;
    if (end > i) words.emplace_back(text.substr(i, end - i));
    i = end;
  }
  if (words.size() == 2) {
    auto month = Month(words[0]);
    auto year = Year(words[1]);
    if (month && year) return YearMonth(*year, *month);
  }
  if (words.size() == 3 && words[0].size() <= 2 && AllDigits(words[0])) {
    auto month = Month(words[1]);
    auto year = Year(words[2]);
    if (month && year) {
      std::string date = YearMonth(*year, *month) + "-" + TwoDigits(std::stoi(words[0]));
      if (ParseIsoDate(date)) return date;
    }
  }
  return std::nullopt;
}

std::optional<std::string> SafeUrl(std::string_view text) {
  if (text.size() > kMaxUrlBytes) return std::nullopt;
  std::string lower = LowerAscii(text.substr(0, 8));
  size_t scheme = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0 || text.size() == scheme) return std::nullopt;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') {
      return std::nullopt;
    }
  }
  return std::string(text);
}

}  // namespace klussen::portfolio
