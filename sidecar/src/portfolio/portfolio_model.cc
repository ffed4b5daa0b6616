#include "portfolio/portfolio_model.h"

#include <array>
#include <cstdlib>
#include <utility>

namespace klussen::portfolio {
namespace {

template <typename E, size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

template <typename E, size_t N>
std::string_view NameOf(const Names<E, N>& names, E value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  std::abort();  // every enum value has a row
}

template <typename E, size_t N>
std::optional<E> Parse(const Names<E, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

constexpr Names<Visibility, 3> kVisibilities{{{Visibility::kPlatform, "platform"},
                                              {Visibility::kSite, "site"},
                                              {Visibility::kPrivate, "private"}}};
constexpr Names<ItemKind, 3> kItemKinds{{{ItemKind::kSkill, "skill"},
                                         {ItemKind::kInterest, "interest"},
                                         {ItemKind::kLanguage, "language"}}};
constexpr Names<EntryKind, 5> kEntryKinds{{{EntryKind::kCourse, "course"},
                                           {EntryKind::kCertificate, "certificate"},
                                           {EntryKind::kEducation, "education"},
                                           {EntryKind::kBadge, "badge"},
                                           {EntryKind::kPosition, "position"}}};
constexpr Names<BudgetState, 4> kBudgetStates{{{BudgetState::kRequested, "requested"},
                                               {BudgetState::kConfirmed, "confirmed"},
                                               {BudgetState::kRefused, "refused"},
                                               {BudgetState::kWithdrawn, "withdrawn"}}};

}  // namespace

std::string_view Name(Visibility v) { return NameOf(kVisibilities, v); }
std::string_view Name(ItemKind k) { return NameOf(kItemKinds, k); }
std::string_view Name(EntryKind k) { return NameOf(kEntryKinds, k); }
std::string_view Name(BudgetState s) { return NameOf(kBudgetStates, s); }
std::optional<Visibility> ParseVisibility(std::string_view t) { return Parse(kVisibilities, t); }
std::optional<ItemKind> ParseItemKind(std::string_view t) { return Parse(kItemKinds, t); }
std::optional<EntryKind> ParseEntryKind(std::string_view t) { return Parse(kEntryKinds, t); }
std::optional<BudgetState> ParseBudgetState(std::string_view t) { return Parse(kBudgetStates, t); }

}  // namespace klussen::portfolio
