#include "portfolio/availability.h"

#include <algorithm>
#include <utility>

#include "common/dates.h"

namespace klussen::portfolio {

Commitment KlusCommitment(bool per_week, int hours_tenths, int64_t start_day, bool has_start,
                          int64_t end_day, bool has_end, int64_t deadline_day) {
  Commitment c;
  c.first_day = has_start ? start_day : deadline_day;
  if (has_end) {
    c.last_day = std::max(end_day, c.first_day);
  } else {
    c.last_day = per_week ? kOpenEnd : c.first_day + kDefaultTotalWeeks * 7 - 1;
  }
  if (per_week) {
    c.tenths_per_week = hours_tenths;
  } else {
    int64_t weeks = std::max<int64_t>(1, (c.last_day - c.first_day + 1 + 6) / 7);
    c.tenths_per_week = static_cast<int>((hours_tenths + weeks - 1) / weeks);  // round up
  }
  return c;
}

int PeakWeeklyLoad(const std::vector<Commitment>& commitments, int64_t first_day,
                   int64_t last_day) {
  // Sweep over the days where the load changes: +load at a start, -load the
  // day after an end; starts are applied before ends on the same day.
  std::vector<std::pair<int64_t, int>> changes;
  for (const auto& c : commitments) {
    int64_t from = std::max(c.first_day, first_day);
    int64_t to = std::min(c.last_day, last_day);
    if (from > to || c.tenths_per_week <= 0) continue;
    changes.emplace_back(from, c.tenths_per_week);
    changes.emplace_back(to + 1, -c.tenths_per_week);
  }
  std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  int load = 0, peak = 0;
  for (size_t i = 0; i < changes.size();) {
    int64_t day = changes[i].first;
    for (; i < changes.size() && changes[i].first == day; ++i) load += changes[i].second;
    peak = std::max(peak, load);
  }
  return peak;
}

int FreeTenths(int offered_tenths, const std::vector<Commitment>& commitments, int64_t first_day,
               int64_t last_day) {
  return std::max(0, offered_tenths - PeakWeeklyLoad(commitments, first_day, last_day));
}

void DeriveAvailability(Availability* availability, const std::vector<Commitment>& commitments,
                        int64_t today) {
  auto day_of = [](const std::string& date, int64_t fallback) {
    auto day = ParseIsoDate(date);
    return day ? *day : fallback;
  };
  const int64_t first = std::max(today, day_of(availability->from, today));
  const int64_t last = day_of(availability->until, kOpenEnd);
  availability->committed_tenths = PeakWeeklyLoad(commitments, first, std::max(first, last));
  availability->free_tenths =
      std::max(0, availability->hours_per_week_tenths.value_or(0) - availability->committed_tenths);
}

}  // namespace klussen::portfolio
