// Dates and numbers as the widgets show them, in Dutch or English. Output is
// plain text (the caller escapes it); month names come from messages.h.
//
// Dates are calendar dates in UTC (an instant's date is its UTC date), in the
// proleptic Gregorian calendar.
//
// Threading: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klussen::widgets {

struct Ymd {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// The UTC calendar date of an instant (Unix seconds, may be negative).
Ymd DateOfInstant(int64_t unix_seconds);

// Strict "YYYY-MM-DD" with a real calendar day (years 1000..9999), else nullopt.
std::optional<Ymd> ParseIsoDate(std::string_view text);

// "2026-12-01" (zero-padded), as <input type="date"> wants it.
std::string IsoDate(const Ymd& date);
std::string IsoDateOfInstant(int64_t unix_seconds);

// "1 december 2026" (nl) / "1 December 2026" (en; any other language: nl).
std::string LongDate(std::string_view language, const Ymd& date);
std::string LongDateOfInstant(std::string_view language, int64_t unix_seconds);

// Tenths as a decimal number: 35 -> "3,5" (nl) / "3.5" (en); 30 -> "3"; -5 -> "-0,5".
std::string FormatTenths(std::string_view language, int tenths);

}  // namespace klussen::widgets
