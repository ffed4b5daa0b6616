#include "widgets/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "klus/klus_model.h"
#include "widgets/html.h"

namespace klussen::widgets {
namespace {

bool SameAllowed(std::string_view key) {
  const auto same = KeysSameInBothLanguages();
  return std::find(same.begin(), same.end(), key) != same.end();
}

TEST(MessagesTest, EveryKeyIsUniqueAndTranslated) {
  std::set<std::string_view> keys;
  int identical = 0;
  for (const MessageRow& row : AllMessages()) {
    EXPECT_TRUE(keys.insert(row.key).second) << "duplicate key " << row.key;
    EXPECT_FALSE(row.nl.empty()) << row.key;
    EXPECT_FALSE(row.en.empty()) << row.key;
    EXPECT_TRUE(IsValidUtf8(row.nl) && IsValidUtf8(row.en)) << row.key;
    // Plain text only: markup belongs in the renderer.
    EXPECT_EQ(row.nl.find_first_of("<>&"), std::string_view::npos) << row.key;
    EXPECT_EQ(row.en.find_first_of("<>&"), std::string_view::npos) << row.key;
    if (row.nl == row.en) {
      ++identical;
      EXPECT_TRUE(SameAllowed(row.key)) << "nl == en for " << row.key;
    }
  }
  EXPECT_GT(keys.size(), 150u);
  EXPECT_LE(identical, 8);
  for (std::string_view key : KeysSameInBothLanguages()) EXPECT_TRUE(HasMessage(key)) << key;
}

TEST(MessagesTest, PlaceholdersMatchBetweenLanguages) {
  const auto placeholders = [](std::string_view text) {
    std::multiset<std::string> out;
    size_t pos = 0;
    while ((pos = text.find('{', pos)) != std::string_view::npos) {
      const size_t close = text.find('}', pos);
      if (close == std::string_view::npos) break;
      out.insert(std::string(text.substr(pos, close - pos + 1)));
      pos = close;
    }
    return out;
  };
  for (const MessageRow& row : AllMessages()) {
    EXPECT_EQ(placeholders(row.nl), placeholders(row.en)) << row.key;
  }
}

TEST(MessagesTest, CoversEveryEnumAndReason) {
  using namespace klus;
  for (KlusState s :
       {KlusState::kDraft, KlusState::kOpen, KlusState::kFilled, KlusState::kInProgress,
        KlusState::kCompleted, KlusState::kCancelled, KlusState::kExpired}) {
    EXPECT_TRUE(HasMessage("state." + std::string(Name(s)))) << Name(s);
  }
  for (ParticipantState s :
       {ParticipantState::kApplied, ParticipantState::kInvited, ParticipantState::kAccepted,
        ParticipantState::kDeclined, ParticipantState::kWithdrawn, ParticipantState::kCompleted}) {
    EXPECT_TRUE(HasMessage("participant." + std::string(Name(s)))) << Name(s);
  }
  for (Audience a : {Audience::kGroup, Audience::kSite, Audience::kPlatform}) {
    EXPECT_TRUE(HasMessage("audience." + std::string(Name(a)))) << Name(a);
  }
  for (TimeMode m : {TimeMode::kPerWeek, TimeMode::kTotal}) {
    EXPECT_TRUE(HasMessage("time_mode." + std::string(Name(m)))) << Name(m);
  }
  for (std::string_view r : kDeclineReasons) {
    EXPECT_TRUE(HasMessage("decline_reason." + std::string(r))) << r;
  }
  EXPECT_TRUE(HasMessage("decline_reason." + std::string(kSystemReasonDeadline)));
  EXPECT_TRUE(HasMessage("decline_reason." + std::string(kSystemReasonCancelled)));
  for (std::string_view r : kWithdrawReasons) {
    EXPECT_TRUE(HasMessage("withdraw_reason." + std::string(r))) << r;
  }
  for (std::string_view r :
       {"deadline_passed", "full", "not_member", "poster", "already_involved", "not_open"}) {
    EXPECT_TRUE(HasMessage("apply_blocked." + std::string(r))) << r;
  }
  for (std::string_view code :
       {"required", "too_long", "too_short", "invalid", "in_past", "before_start", "out_of_range",
        "too_many", "not_allowed", "version_conflict"}) {
    EXPECT_TRUE(HasMessage("error." + std::string(code))) << code;
  }
  for (int month = 1; month <= 12; ++month) {
    EXPECT_TRUE(HasMessage("month." + std::to_string(month)));
  }
}

TEST(MessagesTest, DutchFirstEnglishOnRequest) {
  EXPECT_EQ(Message("nl", "group_tab.post"), "Klus plaatsen");
  EXPECT_EQ(Message("en", "group_tab.post"), "Post a klus");
  EXPECT_EQ(Message("en-GB", "button.withdraw"), "Withdraw");
  EXPECT_EQ(Message("de", "button.withdraw"), "Terugtrekken");
  EXPECT_EQ(Message("", "transition.copy_does_not_exist_but_button_does"),
            "transition.copy_does_not_exist_but_button_does");
  EXPECT_EQ(Message(Language::kNl, "button.copy"), "Kopiëren");
  EXPECT_EQ(Message(Language::kNl, "state.in_progress"), "Bezig");
  EXPECT_EQ(Message(Language::kEn, "audience.platform"), "Government-wide (all organisations)");
  EXPECT_EQ(ParseLanguage("EN_us"), Language::kEn);
  EXPECT_EQ(ParseLanguage("eng"), Language::kNl);
  EXPECT_EQ(LanguageCode(Language::kEn), "en");
}

TEST(MessagesTest, UnknownKeyIsReturnedAsIs) {
  EXPECT_FALSE(HasMessage("no.such.key"));
  EXPECT_EQ(Message("nl", "no.such.key"), "no.such.key");
  EXPECT_EQ(Message("nl", "no.such.key"), "no.such.key");  // second time: not logged again
}

TEST(SubstituteTest, ReplacesNamedPlaceholders) {
  EXPECT_EQ(Substitute("{a} en {b}", {{"a", "x"}, {"b", "<y>"}}), "x en <y>");
  EXPECT_EQ(Substitute("{a}{a}", {{"a", "1"}}), "11");
  EXPECT_EQ(Substitute("{missing} {a}", {{"a", "1"}}), "{missing} 1");
  EXPECT_EQ(Substitute("{ {a} }", {{"a", "1"}}), "{ 1 }");
  EXPECT_EQ(Substitute("open { brace", {{"a", "1"}}), "open { brace");
  // Values are not re-scanned.
  EXPECT_EQ(Substitute("{a}", {{"a", "{b}"}, {"b", "no"}}), "{b}");
}

}  // namespace
}  // namespace klussen::widgets
