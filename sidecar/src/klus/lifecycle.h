// Which state changes of a klus a manager may ask for, and what the sidecar
// does by itself at the application deadline. Pure rules, no I/O.
//
//   draft ──publish──> open ──> filled ──> in_progress ──> completed
//     │                 │ ^        │            │
//     └──> cancelled <──┴─┼────────┴────────────┘
//                         └── reopen (from filled, expired, cancelled)
//   open ──(deadline passes, nobody accepted)──> expired
//   open ──(deadline passes, someone accepted)──> filled
// Threading: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "klus/klus_model.h"

namespace klussen::klus {

// Targets a manager may choose from `from` (in display order).
std::vector<KlusState> AllowedTransitions(KlusState from);
bool IsAllowedTransition(KlusState from, KlusState to);

// The event kind recorded for a manual transition ("published", "reopened",
// "filled", "started", "completed", "cancelled").
std::string_view TransitionEventKind(KlusState from, KlusState to);

// Transitions that make the klus open for applications again, which needs a
// deadline in the future.
bool NeedsFutureDeadline(KlusState to);

// May the fields still be edited in this state?
bool IsEditable(KlusState state);

// States in which people can still respond or be decided on.
bool AcceptsResponses(KlusState state);

// What the deadline does to an open klus.
KlusState StateAtDeadline(int accepted_count);

// Participant states that still count as "involved" (apply refused, shown as
// own status): applied, invited, accepted, completed.
bool IsActiveParticipation(ParticipantState state);

}  // namespace klussen::klus
