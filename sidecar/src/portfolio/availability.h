// Hours a member still has free: what they offer per week minus the peak of
// hours per week already committed to accepted klussen in a period. Klussen
// that do not overlap in time do not add up; those that do, do.
//
// A klus's weekly load: its hours per week, or its total hours spread evenly
// over its weeks (start..end, at least one week; a klus without dates counts
// from its deadline for kDefaultTotalWeeks weeks).
// Periods are day numbers (days since 1970-01-01), both ends inclusive.
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "portfolio/portfolio_model.h"

namespace klussen::portfolio {

inline constexpr int64_t kOpenStart = std::numeric_limits<int64_t>::min() / 4;
inline constexpr int64_t kOpenEnd = std::numeric_limits<int64_t>::max() / 4;
inline constexpr int kDefaultTotalWeeks = 4;

struct Commitment {
  int64_t first_day = kOpenStart;
  int64_t last_day = kOpenEnd;
  int tenths_per_week = 0;
};

// The weekly load of a klus (see above); per_week false = total hours.
Commitment KlusCommitment(bool per_week, int hours_tenths, int64_t start_day, bool has_start,
                          int64_t end_day, bool has_end, int64_t deadline_day);

// The highest sum of tenths_per_week of commitments active on one day within
// [first_day, last_day].
int PeakWeeklyLoad(const std::vector<Commitment>& commitments, int64_t first_day, int64_t last_day);

// Free tenths per week in [first_day, last_day] (never negative).
int FreeTenths(int offered_tenths, const std::vector<Commitment>& commitments, int64_t first_day,
               int64_t last_day);

// Fills availability->committed_tenths and free_tenths: the peak load of
// `commitments` within the offered period (from today at the earliest).
void DeriveAvailability(Availability* availability, const std::vector<Commitment>& commitments,
                        int64_t today);

}  // namespace klussen::portfolio
