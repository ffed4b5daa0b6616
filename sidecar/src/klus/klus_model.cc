#include "klus/klus_model.h"

#include <array>
#include <utility>

namespace klussen::klus {
namespace {

template <typename E, size_t N>
std::optional<E> ParseName(const std::array<std::pair<E, std::string_view>, N>& names,
                           std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  std::abort();  // every enum value has a row
}

constexpr std::array<std::pair<KlusState, std::string_view>, 7> kKlusStates{{
    {KlusState::kDraft, "draft"},
    {KlusState::kOpen, "open"},
    {KlusState::kFilled, "filled"},
    {KlusState::kInProgress, "in_progress"},
    {KlusState::kCompleted, "completed"},
    {KlusState::kCancelled, "cancelled"},
    {KlusState::kExpired, "expired"},
}};
constexpr std::array<std::pair<Audience, std::string_view>, 3> kAudiences{{
    {Audience::kGroup, "group"},
    {Audience::kSite, "site"},
    {Audience::kPlatform, "platform"},
}};
constexpr std::array<std::pair<TimeMode, std::string_view>, 2> kTimeModes{{
    {TimeMode::kPerWeek, "per_week"},
    {TimeMode::kTotal, "total"},
}};
constexpr std::array<std::pair<SkillKind, std::string_view>, 2> kSkillKinds{{
    {SkillKind::kRequired, "required"},
    {SkillKind::kDesired, "desired"},
}};
constexpr std::array<std::pair<ParticipantState, std::string_view>, 6> kParticipantStates{{
    {ParticipantState::kApplied, "applied"},
    {ParticipantState::kInvited, "invited"},
    {ParticipantState::kAccepted, "accepted"},
    {ParticipantState::kDeclined, "declined"},
    {ParticipantState::kWithdrawn, "withdrawn"},
    {ParticipantState::kCompleted, "completed"},
}};

}  // namespace

std::string_view Name(KlusState state) { return NameOf(kKlusStates, state); }
std::string_view Name(Audience audience) { return NameOf(kAudiences, audience); }
std::string_view Name(TimeMode mode) { return NameOf(kTimeModes, mode); }
std::string_view Name(SkillKind kind) { return NameOf(kSkillKinds, kind); }
std::string_view Name(ParticipantState state) { return NameOf(kParticipantStates, state); }
std::optional<KlusState> ParseKlusState(std::string_view text) {
  return ParseName(kKlusStates, text);
}
std::optional<Audience> ParseAudience(std::string_view text) { return ParseName(kAudiences, text); }
std::optional<TimeMode> ParseTimeMode(std::string_view text) { return ParseName(kTimeModes, text); }
std::optional<ParticipantState> ParseParticipantState(std::string_view text) {
  return ParseName(kParticipantStates, text);
}

}  // namespace klussen::klus
