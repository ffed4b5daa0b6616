// The documents the matcher indexes: people (profiles as the matcher sees
// them) and klussen. Plain values, built by the caller from the host's
// profile fields and our klussen tables.
//
// Visibility: the caller decides what a document contains. Skills carry a
// visibility: kEveryone (every logged-in member may see it: Elgg access
// "logged in" or "public") or kRestricted (anything narrower). Restricted
// skills are only used for a viewer when the query's predicate says that
// viewer may see them; otherwise they neither score nor appear in an
// explanation. The about-text must only hold text every logged-in member may
// see. Constraints that need the host (who may see a klus) come in as
// predicates on the query, never as stored data.
//
// Dates are whole days (e.g. days since 1970-01-01); hours are per week.
// Threading: values; no shared state.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "match/vocabulary.h"

namespace klussen::match {

using Guid = uint64_t;
using KlusKey = uint64_t;
using Day = int32_t;
inline constexpr Day kOpenStart = std::numeric_limits<Day>::min();
inline constexpr Day kOpenEnd = std::numeric_limits<Day>::max();
using RegionCode = uint16_t;  // 0 = unknown
inline constexpr RegionCode kNoRegion = 0;
// Hours per week standing for "unknown": a whole week, more than anyone can
// state, so it passes the index's hours gate and the exact check decides.
inline constexpr float kUnknownHours = 168.0f;

// A skill as entered: a vocabulary concept id (ESCO URI or "klussen:...") or,
// when concept_id is empty or unknown, the typed label, which the Analyzer
// maps to a concept when it can and keeps as a free term when it cannot.
struct SkillInput {
  std::string concept_id;
  std::string label;
};

enum class Visibility : uint8_t { kEveryone, kRestricted };

struct PersonSkill {
  SkillInput skill;
  uint8_t level = 0;  // 0 unknown, 1 basic .. 4 expert; shown, not scored
  Visibility visibility = Visibility::kEveryone;
};

struct Person {
  Guid guid = 0;
  std::vector<PersonSkill> skills;
  std::vector<SkillInput> interests;  // skills the person wants to use or learn
  std::string about;                  // free text visible to every member
  // The job or occupation as written in the profile (visible to every
  // member), e.g. "vendumeester"; only used to infer likely skills.
  std::string job_title;
  uint32_t organisation = 0;  // caller's code, 0 = unknown
  RegionCode region = kNoRegion;
  // Per week, after accepted klussen; 0 = not available; kUnknownHours =
  // not stated (or not shown), which a klus may or may not accept.
  float hours_available = 0;
  Day available_from = kOpenStart;
  Day available_to = kOpenEnd;
  bool discoverable = false;  // opted in to being suggested
};

struct KlusDoc {
  KlusKey id = 0;
  std::vector<SkillInput> required;
  std::vector<SkillInput> desired;
  std::string text;        // title + description
  float hours_needed = 0;  // per week
  bool accept_unknown_hours = true;
  Day from = kOpenStart;
  Day to = kOpenEnd;
  RegionCode region = kNoRegion;
  bool remote = false;  // region does not matter
  bool open = true;     // only open klussen are suggested to people
  Guid poster = 0;
  std::vector<Guid> involved;  // applied, invited, accepted, declined: never suggested again
  uint32_t organisation = 0;
};

}  // namespace klussen::match
