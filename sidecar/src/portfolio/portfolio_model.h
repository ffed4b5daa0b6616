// The e-portfolio of one member (issue #7) as plain values: what they can
// (skills with level and source, courses, certificates, experience), want
// (interests), speak (languages), and when they are available — each item
// with the member's own visibility. No behaviour beyond names; rules live in
// visibility.h and availability.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host_model.h"

namespace klussen::portfolio {

using host::Guid;

// Who may see an item: every logged-in member of the platform, logged-in
// members of this site, or only the member.
enum class Visibility { kPlatform, kSite, kPrivate };
enum class ItemKind { kSkill, kInterest, kLanguage };
enum class EntryKind { kCourse, kCertificate, kEducation, kBadge, kPosition };
enum class BudgetState { kRequested, kConfirmed, kRefused, kWithdrawn };

std::string_view Name(Visibility visibility);
std::string_view Name(ItemKind kind);
std::string_view Name(EntryKind kind);
std::string_view Name(BudgetState state);
std::optional<Visibility> ParseVisibility(std::string_view text);
std::optional<ItemKind> ParseItemKind(std::string_view text);
std::optional<EntryKind> ParseEntryKind(std::string_view text);
std::optional<BudgetState> ParseBudgetState(std::string_view text);

// Skill / interest / language levels: 0 = not given, 1 basic, 2 good, 3 expert.
inline constexpr int kMaxLevel = 3;

struct Item {
  int64_t id = 0;
  ItemKind kind = ItemKind::kSkill;
  std::string concept_id;  // vocabulary concept, "" for a free term
  std::string label;
  int level = 0;
  std::string source = "self";  // "self", "imported" or "profile" (host profile)
  std::string source_detail;    // e.g. "linkedin", "open_badges: <issuer>"
  Visibility visibility = Visibility::kSite;
  int64_t created_at = 0;
};

struct Entry {
  int64_t id = 0;
  EntryKind kind = EntryKind::kCourse;
  std::string title;
  std::string provider;    // school, issuer, employer
  std::string start_date;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" unknown
  std::string end_date;
  std::string url;
  std::string detail;  // description, criteria
  std::string source = "self";
  std::string source_detail;
  Visibility visibility = Visibility::kSite;
  int64_t created_at = 0;
};

// A skill the poster of a completed klus confirmed the member showed. Read
// from the klus tables, never typed by the member.
struct ConfirmedSkill {
  std::string concept_id;
  std::string label;
  int64_t klus_id = 0;
  std::string klus_title;
  Guid confirmed_by = 0;
  int64_t confirmed_at = 0;
};

// Weekdays as bits: Monday = bit 0 ... Sunday = bit 6.
struct Availability {
  // Hours a week offered: nullopt = not stated (unknown), 0 = not available.
  std::optional<int> hours_per_week_tenths;
  std::string from;   // "YYYY-MM-DD" or "" (from now)
  std::string until;  // "YYYY-MM-DD" or "" (open-ended)
  uint8_t weekdays = 0;
  Visibility visibility = Visibility::kSite;
  // Derived, never typed: the peak of hours per week already committed to
  // accepted klussen within the period, and what is left.
  int committed_tenths = 0;
  int free_tenths = 0;
};

struct Budget {
  int64_t id = 0;
  Guid user_guid = 0;
  Guid manager_guid = 0;
  int hours_per_week_tenths = 0;
  std::string period_from;
  std::string period_until;
  BudgetState state = BudgetState::kRequested;
  std::string note;
  int64_t created_at = 0;
  int64_t decided_at = 0;
};

struct Portfolio {
  Guid user_guid = 0;
  bool exists = false;        // false: nothing stored yet (defaults shown)
  bool discoverable = false;  // "vindbaar voor klussen": off until the member opts in
  std::string about;
  Visibility about_visibility = Visibility::kSite;
  std::string region;
  Availability availability;
  Guid manager_guid = 0;
  int version = 0;
  std::vector<Item> items;
  std::vector<Entry> entries;
  std::vector<ConfirmedSkill> confirmed_skills;
  std::vector<Budget> budgets;
  int64_t updated_at = 0;
};

}  // namespace klussen::portfolio
