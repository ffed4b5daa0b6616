#include "klus/lifecycle.h"

#include <gtest/gtest.h>

namespace klussen::klus {
namespace {

constexpr KlusState kAll[] = {KlusState::kDraft,      KlusState::kOpen,      KlusState::kFilled,
                              KlusState::kInProgress, KlusState::kCompleted, KlusState::kCancelled,
                              KlusState::kExpired};

TEST(LifecycleTest, CompletedIsFinalAndNothingGoesBackToDraft) {
  EXPECT_TRUE(AllowedTransitions(KlusState::kCompleted).empty());
  for (KlusState from : kAll) {
    EXPECT_FALSE(IsAllowedTransition(from, KlusState::kDraft)) << Name(from);
    EXPECT_FALSE(IsAllowedTransition(from, KlusState::kExpired)) << "expiry is the job's";
    EXPECT_FALSE(IsAllowedTransition(from, from)) << Name(from);
  }
}

TEST(LifecycleTest, EveryLiveStateCanBeCancelledAndClosedOnesReopened) {
  for (KlusState from :
       {KlusState::kDraft, KlusState::kOpen, KlusState::kFilled, KlusState::kInProgress}) {
    EXPECT_TRUE(IsAllowedTransition(from, KlusState::kCancelled)) << Name(from);
  }
  EXPECT_TRUE(IsAllowedTransition(KlusState::kExpired, KlusState::kOpen));
  EXPECT_TRUE(IsAllowedTransition(KlusState::kCancelled, KlusState::kOpen));
  EXPECT_FALSE(IsAllowedTransition(KlusState::kDraft, KlusState::kCompleted));
  EXPECT_FALSE(IsAllowedTransition(KlusState::kOpen, KlusState::kCompleted));
}

TEST(LifecycleTest, EventKindsNameWhatHappened) {
  EXPECT_EQ(TransitionEventKind(KlusState::kDraft, KlusState::kOpen), "published");
  EXPECT_EQ(TransitionEventKind(KlusState::kExpired, KlusState::kOpen), "reopened");
  EXPECT_EQ(TransitionEventKind(KlusState::kFilled, KlusState::kInProgress), "started");
}

TEST(LifecycleTest, TheDeadlineFillsOrExpires) {
  EXPECT_EQ(StateAtDeadline(0), KlusState::kExpired);
  EXPECT_EQ(StateAtDeadline(2), KlusState::kFilled);
  EXPECT_TRUE(IsEditable(KlusState::kOpen));
  EXPECT_FALSE(IsEditable(KlusState::kCompleted));
  EXPECT_FALSE(AcceptsResponses(KlusState::kDraft));
}

TEST(LifecycleTest, NamesRoundTrip) {
  for (KlusState state : kAll) EXPECT_EQ(ParseKlusState(Name(state)), state);
  EXPECT_FALSE(ParseKlusState("Open").has_value());
  EXPECT_FALSE(ParseAudience("").has_value());
  EXPECT_EQ(ParseParticipantState("withdrawn"), ParticipantState::kWithdrawn);
}

}  // namespace
}  // namespace klussen::klus
