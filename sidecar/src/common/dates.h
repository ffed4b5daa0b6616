// Calendar dates and instants without time zones: ISO "YYYY-MM-DD" dates as
// days since 1970-01-01 and Unix seconds (UTC). Proleptic Gregorian.
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klussen {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);

// Strict "YYYY-MM-DD" (years 1900..9999, real calendar days); nullopt otherwise.
std::optional<int64_t> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(int64_t days);

// Strict "YYYY-MM-DDTHH:MM:SSZ" or with a "+HH:MM"/"-HH:MM" offset; nullopt otherwise.
std::optional<int64_t> ParseIsoInstant(std::string_view text);
std::string FormatIsoInstant(int64_t unix_seconds);  // "2026-12-01T23:59:59Z"

inline constexpr int64_t kSecondsPerDay = 86400;

// The current Unix time in seconds.
int64_t UnixNow();

}  // namespace klussen
