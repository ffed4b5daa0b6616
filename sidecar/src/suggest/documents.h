// Turns what the sidecar stores (portfolios, host profile values, klussen)
// into the matcher's documents (match/documents.h), applying the privacy
// rules once, here:
//
//  - Portfolio items: visibility `platform` and `site` become kEveryone (the
//    people who see suggestions are logged-in members of this site: klus
//    managers and the member); `private` becomes kRestricted, which the
//    candidate side never uses (no predicate) and the member's own list does.
//    Confirmed skills and the region follow the about-visibility.
//  - Host profile values (skills, interests, description, location) are used
//    only when Elgg's access lets every logged-in member read them (public or
//    logged-in). Anything narrower would leak through the ranking itself, so it
//    is not used at all.
//  - Availability: free hours per week after accepted klussen (derived). A
//    member who stated 0 hours (or has none left) is not available. Hours not
//    stated, or shared only privately, are unknown (kUnstatedHours): the
//    klus's poster decides whether that is acceptable, and the widgets say
//    "onbekend". A private value is never a filter beyond "none at all", so
//    what candidates appear cannot reveal it.
//  - Klussen: only `open` klussen before their deadline are suggested; the
//    poster and everyone with a participation row are "involved".
//
// Threading: RegionCodes is thread-safe; the functions are pure.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/host_model.h"
#include "klus/klus_model.h"
#include "match/documents.h"
#include "portfolio/portfolio_model.h"

namespace klussen::suggest {

// Hours per week standing for "unknown" (match/documents.h).
inline constexpr float kUnstatedHours = match::kUnknownHours;

// Region names (free text in portfolios and klussen) as small codes:
// compared without case, diacritics-insensitive only as far as ASCII case,
// surrounding spaces ignored. Codes are stable for the life of the process.
class RegionCodes {
 public:
  // kNoRegion for empty text. More than 65,000 distinct names share the
  // last code (never seen in practice; names are short and repetitive).
  match::RegionCode CodeOf(std::string_view name);
  // The name a code was first seen with ("" for kNoRegion / unknown).
  std::string NameOf(match::RegionCode code) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, match::RegionCode> codes_;
  std::vector<std::string> names_ = {""};
};

// The member as the matcher sees them. `host_values` are the stored host
// profile values with their access (not yet filtered); `today` is a day
// number (days since 1970-01-01).
match::Person PersonDocument(const portfolio::Portfolio& portfolio,
                             const std::vector<host::ProfileValue>& host_values,
                             RegionCodes& regions);

// The klus as the matcher sees it. `involved` holds every user with a
// participation row (any state); `now` in Unix seconds decides `open`.
match::KlusDoc KlusDocument(const klus::Klus& klus, const std::vector<host::Guid>& involved,
                            RegionCodes& regions, int64_t now);

// The klus's hours per week (total hours spread over its weeks; see
// portfolio/availability.h).
float KlusHoursPerWeek(const klus::Klus& klus);

}  // namespace klussen::suggest
