// Both directions of matching for a viewer, with the host's access rules:
//
//  - ForYou: "Klussen voor jou", the best open klussen for the viewer among
//    those they may see (klus/permissions.h, from the viewer's memberships
//    and access read per request), each re-checked by KlusService::GetMany
//    before it is shown.
//  - Candidates: "Geschikte kandidaten" for a klus, for its managers only
//    (poster, group admins, site admins): discoverable members who may see
//    the klus and pass every hard constraint, best first, with reasons built
//    only from what every logged-in member may see of them. For klussen of
//    closed and hidden groups, whom the index considers comes from the group
//    access cache (group_access_cache.h, current within one poll); every
//    candidate shown is then re-checked on the host (active user, member or
//    site admin now), so someone who left the group is never shown.
//
// Exposure spreading (match/scorer.h): a person counts as shown once per
// klus when they are on the first page a manager opens. What was shown is
// handed to the index when the day changes, so a candidate list keeps its
// order while managers page through it today and still spreads over days.
//
// Errors: Unauthenticated for a logged-out viewer; NotFound / PermissionDenied
// as KlusService answers them (a klus the viewer may not see is NotFound);
// Unavailable when the database is down or the index is still loading;
// InvalidArgument for a bad page.
// Threading: thread-safe; each call leases its own connection.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "host/host_reader.h"
#include "klus/klus_service.h"
#include "match/index.h"
#include "store/database.h"
#include "suggest/documents.h"
#include "suggest/group_access_cache.h"
#include "suggest/index_feed.h"

namespace klussen::suggest {

struct KlusSuggestion {
  klus::KlusView view;
  match::Match match;
};

struct ForYouPage {
  std::vector<KlusSuggestion> items;
  bool has_more = false;
  bool discoverable = false;  // the viewer is findable for klussen
  bool has_skills = false;    // the viewer's document holds any skill
  bool hours_stated = false;  // the viewer said how many hours they offer
  bool hours_none = false;    // ... and said 0: nothing fits then
  std::string viewer_region;  // as the index knows it ("" = none)
  size_t offset = 0;
};

struct CandidateSuggestion {
  match::Match match;
  std::string name;         // the member's display name
  std::string region_name;  // "" when none or not shown
  bool hours_stated = true;
};

struct CandidatesPage {
  klus::KlusView klus;
  std::vector<CandidateSuggestion> items;
  bool has_more = false;
  bool may_invite = false;  // the klus is open, so invitations can go out
  size_t offset = 0;
};

class SuggestService {
 public:
  using Clock = std::function<int64_t()>;
  static constexpr size_t kMaxLimit = 50;

  SuggestService(host::HostReader* host, store::Pool* pool, klus::KlusService* klussen,
                 IndexFeed* feed, match::MatchIndex* index, RegionCodes* regions,
                 klus::Guid site_guid, Clock clock, GroupAccessCache* group_access = nullptr);

  Result<ForYouPage> ForYou(const klus::Actor& actor, size_t offset, size_t limit);
  Result<CandidatesPage> Candidates(const klus::Actor& actor, klus::KlusId id, size_t offset,
                                    size_t limit);

 private:
  // Records `people` as shown for `klus` (once per pair and day) and hands
  // yesterday's record to the index when the day changed.
  void NoteShown(klus::KlusId klus, const std::vector<match::Guid>& people, match::Day today);
  void FlushShownIfNewDay(match::Day today);

  host::HostReader* host_;
  store::Pool* pool_;
  klus::KlusService* klussen_;
  IndexFeed* feed_;
  match::MatchIndex* index_;
  RegionCodes* regions_;
  klus::Guid site_guid_;
  Clock clock_;
  GroupAccessCache* group_access_;  // null: members are read per request

  std::mutex shown_mu_;  // guards what follows
  match::Day shown_day_ = 0;
  std::set<std::pair<klus::KlusId, match::Guid>> shown_pairs_;
  std::vector<match::Guid> pending_shown_;
};

}  // namespace klussen::suggest
