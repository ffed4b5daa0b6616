#include "widgets/format.h"

#include <cstdio>

#include "widgets/messages.h"

namespace klussen::widgets {
namespace {

// Howard Hinnant's civil_from_days: days since 1970-01-01 -> y/m/d.
Ymd CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

int Digits(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

Ymd DateOfInstant(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  if (unix_seconds % 86400 < 0) --days;  // floor for instants before 1970
  return CivilFromDays(days);
}

std::optional<Ymd> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > DaysInMonth(year, month)) return std::nullopt;
  return Ymd{year, month, day};
}

std::string IsoDate(const Ymd& date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::string IsoDateOfInstant(int64_t unix_seconds) { return IsoDate(DateOfInstant(unix_seconds)); }

std::string LongDate(std::string_view language, const Ymd& date) {
  const int month = date.month >= 1 && date.month <= 12 ? date.month : 1;
  return std::to_string(date.day) + " " + Message(language, "month." + std::to_string(month)) +
         " " + std::to_string(date.year);
}

std::string LongDateOfInstant(std::string_view language, int64_t unix_seconds) {
  return LongDate(language, DateOfInstant(unix_seconds));
}

std::string FormatTenths(std::string_view language, int tenths) {
  const bool negative = tenths < 0;
  const int64_t magnitude = negative ? -static_cast<int64_t>(tenths) : tenths;
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 10);
  if (magnitude % 10 != 0) {
    out += ParseLanguage(language) == Language::kEn ? "." : ",";
    out += std::to_string(magnitude % 10);
  }
  return out;
}

}  // namespace klussen::widgets
