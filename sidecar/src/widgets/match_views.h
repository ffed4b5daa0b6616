// What the match widgets show ("Klussen voor jou", "Geschikte kandidaten"):
// plain values the routes build from the suggest service's answers, holding
// only what the viewer may see (suggest/documents.h decides that).
#pragma once

#include <string>
#include <vector>

#include "widgets/views.h"

namespace klussen::widgets {

// One skill that made the match: `matched` is the person's skill (for
// candidates) or the klus's (for "voor jou"); `relation` is "same",
// "broader" or "narrower" (the matched skill is broader/narrower than the
// wanted one).
struct SkillReason {
  std::string wanted;
  std::string matched;
  std::string relation = "same";
  bool required = true;
  // "listed" (the person listed it), or why it is likely though not listed:
  // "named_occupation" (the profile names occupation `because`),
  // "fits_occupation" (the listed skills fit occupation `because`),
  // "named_in_text" (the profile text names the skill).
  std::string source = "listed";
  std::string because;
};

// Why a pair matched, in words.
struct MatchReasons {
  int score_percent = 0;  // 0..100
  std::vector<SkillReason> skills;
  std::vector<std::string> missing_required;
  std::vector<std::string> text_words;
  std::vector<std::string> interests;
  int hours_available_tenths = -1;  // -1: not stated (or not shown)
  int hours_needed_tenths = 0;      // per week
  std::string region;               // the person's region; "" none
  bool remote = false;
};

struct ForYouItem {
  KlusListItem item;
  MatchReasons why;
};

struct ForYouView {
  std::vector<ForYouItem> items;
  bool discoverable = false;
  bool has_skills = false;
  bool hours_stated = false;
  bool hours_none = false;  // stated 0 hours: nothing is suggested
  int offset = 0;
  int limit = 10;
  bool has_more = false;
  bool paging = false;  // show previous/next links (the full page, not the dashboard widget)
};

struct CandidateItem {
  PersonRef person;
  MatchReasons why;
};

struct CandidatesView {
  klus::Klus klus;
  std::vector<CandidateItem> items;
  bool may_invite = false;
  int offset = 0;
  int limit = 10;
  bool has_more = false;
};

}  // namespace klussen::widgets
