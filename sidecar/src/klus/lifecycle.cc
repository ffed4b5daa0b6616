#include "klus/lifecycle.h"

#include <algorithm>

namespace klussen::klus {

std::vector<KlusState> AllowedTransitions(KlusState from) {
  using S = KlusState;
  switch (from) {
    case S::kDraft:
      return {S::kOpen, S::kCancelled};
    case S::kOpen:
      return {S::kFilled, S::kInProgress, S::kCancelled};
    case S::kFilled:
      return {S::kInProgress, S::kOpen, S::kCancelled};
    case S::kInProgress:
      return {S::kCompleted, S::kCancelled};
    case S::kExpired:
    case S::kCancelled:
      return {S::kOpen};
    case S::kCompleted:
      return {};
  }
  return {};
}

bool IsAllowedTransition(KlusState from, KlusState to) {
  auto allowed = AllowedTransitions(from);
  return std::find(allowed.begin(), allowed.end(), to) != allowed.end();
}

std::string_view TransitionEventKind(KlusState from, KlusState to) {
  switch (to) {
    case KlusState::kOpen:
      return from == KlusState::kDraft ? "published" : "reopened";
    case KlusState::kFilled:
      return "filled";
    case KlusState::kInProgress:
      return "started";
    case KlusState::kCompleted:
      return "completed";
    case KlusState::kCancelled:
      return "cancelled";
    case KlusState::kExpired:
      return "expired";
    case KlusState::kDraft:
      break;
  }
  return "changed";
}

bool NeedsFutureDeadline(KlusState to) { return to == KlusState::kOpen; }

bool IsEditable(KlusState state) {
  return state == KlusState::kDraft || state == KlusState::kOpen || state == KlusState::kFilled;
}

bool AcceptsResponses(KlusState state) {
  return state == KlusState::kOpen || state == KlusState::kFilled ||
         state == KlusState::kInProgress;
}

KlusState StateAtDeadline(int accepted_count) {
  return accepted_count > 0 ? KlusState::kFilled : KlusState::kExpired;
}

bool IsActiveParticipation(ParticipantState state) {
  return state == ParticipantState::kApplied || state == ParticipantState::kInvited ||
         state == ParticipantState::kAccepted || state == ParticipantState::kCompleted;
}

}  // namespace klussen::klus
