// The klus (a short piece of work posted in a group) and the people on it, as
// plain values shared by the store, the rules, the JSON API and the widgets.
// No behaviour beyond naming enum values; rules live in lifecycle.h,
// permissions.h and validation.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host_model.h"

namespace klussen::klus {

using KlusId = int64_t;
using host::Guid;

enum class KlusState { kDraft, kOpen, kFilled, kInProgress, kCompleted, kCancelled, kExpired };
enum class Audience { kGroup, kSite, kPlatform };
enum class TimeMode { kPerWeek, kTotal };
enum class SkillKind { kRequired, kDesired };
enum class ParticipantState { kApplied, kInvited, kAccepted, kDeclined, kWithdrawn, kCompleted };

// Stable wire names ("draft", "in_progress", "platform", ...), used in SQL,
// JSON and message keys. Parse* return nullopt for unknown text.
std::string_view Name(KlusState state);
std::string_view Name(Audience audience);
std::string_view Name(TimeMode mode);
std::string_view Name(SkillKind kind);
std::string_view Name(ParticipantState state);
std::optional<KlusState> ParseKlusState(std::string_view text);
std::optional<Audience> ParseAudience(std::string_view text);
std::optional<TimeMode> ParseTimeMode(std::string_view text);
std::optional<ParticipantState> ParseParticipantState(std::string_view text);

// A required or desired skill: a vocabulary concept (its id, e.g. an ESCO
// URI or "klussen:beleidsadvies") with the label it was chosen by, or a free
// term (concept_id empty).
struct SkillRef {
  std::string concept_id;
  std::string label;
  bool operator==(const SkillRef&) const = default;
};

// Dates are ISO "YYYY-MM-DD" (empty = not set); instants are Unix seconds UTC.
struct KlusFields {
  std::string title;
  std::string description;  // plain text: paragraphs separated by blank lines, bare URLs
  std::vector<SkillRef> required_skills;
  std::vector<SkillRef> desired_skills;
  TimeMode time_mode = TimeMode::kPerWeek;
  int hours_tenths = 0;  // hours per week or in total, in tenths (35 = 3.5 h)
  std::string start_date;
  std::string end_date;
  // When responses close. Posted without one (deadline_stated false), it is
  // the end of the end date, or kNoDeadline: open until filled or closed.
  int64_t deadline = 0;
  bool deadline_stated = true;
  std::string region;  // empty when remote-only
  bool remote = false;
  int people_needed = 1;
  Audience audience = Audience::kGroup;
  std::string organisation;  // the poster's organisation, from the host profile (optional)
  // May candidates whose available hours are unknown (not stated or not
  // shown) be suggested? Members who said 0 hours never are.
  bool accept_unknown_hours = true;
};

// The deadline of a klus posted without one and without an end date
// (9999-12-31 23:59:59 UTC): it never passes.
inline constexpr int64_t kNoDeadline = 253402300799;

struct Klus {
  KlusId id = 0;
  Guid site_guid = 0;
  Guid group_guid = 0;
  Guid poster_guid = 0;
  KlusState state = KlusState::kDraft;
  KlusFields fields;
  int version = 1;  // bumped by every change; updates name the version they edit
  KlusId copied_from = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Counts of people by state, for lists and admin views.
  int applied_count = 0;
  int invited_count = 0;
  int accepted_count = 0;
};

// The instant work on a klus without a start date is taken to begin (for
// the hours it takes from a member's week): after its response deadline,
// or, posted without one, when it was posted.
inline int64_t WorkStartsAt(const Klus& k) {
  return k.fields.deadline_stated ? k.fields.deadline : k.created_at;
}

// A problem with one input field: `field` is the API/form name ("title"),
// `code` a stable reason ("required", "too_long", ...; message "error.<code>").
struct FieldError {
  std::string field;
  std::string code;
  bool operator==(const FieldError&) const = default;
};

// Why a poster declines someone, or why someone withdraws (free text beside).
// System reasons are set by the sidecar only.
inline constexpr std::string_view kDeclineReasons[] = {"skills_mismatch", "availability",
                                                       "enough_people", "other"};
inline constexpr std::string_view kWithdrawReasons[] = {"no_time", "no_manager_approval",
                                                        "not_interested", "other"};
inline constexpr std::string_view kSystemReasonDeadline = "deadline_passed";
inline constexpr std::string_view kSystemReasonCancelled = "klus_cancelled";

struct Participant {
  KlusId klus_id = 0;
  Guid user_guid = 0;
  ParticipantState state = ParticipantState::kApplied;
  std::string motivation;   // applicant's short motivation / invitation message
  std::string reason_code;  // decline or withdraw reason
  std::string reason_text;
  Guid invited_by = 0;
  Guid decided_by = 0;
  int hours_spent_tenths = 0;              // at completion
  std::vector<SkillRef> confirmed_skills;  // confirmed by `decided_by` at completion
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// One row of the audit trail. `subject_guid` is the person the event is about
// or for (an applicant who is told, an invitee), 0 when none.
struct Event {
  int64_t id = 0;
  KlusId klus_id = 0;
  Guid actor_guid = 0;  // 0 = the sidecar itself (expiry)
  Guid subject_guid = 0;
  std::string kind;    // "created", "published", "applied", "expired", ...
  std::string detail;  // small JSON object
  int64_t created_at = 0;
};

}  // namespace klussen::klus
