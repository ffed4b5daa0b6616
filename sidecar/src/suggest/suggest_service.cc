#include "suggest/suggest_service.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/dates.h"
#include "klus/permissions.h"
#include "store/match_store.h"
#include "store/portfolio_store.h"

namespace klussen::suggest {
namespace {

Status CheckPage(size_t offset, size_t limit) {
  if (limit == 0 || limit > SuggestService::kMaxLimit)
    return InvalidArgument("'limit' must be 1 to " + std::to_string(SuggestService::kMaxLimit));
  if (offset > 10000) return InvalidArgument("'offset' must be at most 10000");
  return Status::Ok();
}

Status CheckLoaded(const IndexFeed& feed) {
  if (feed.loaded()) return Status::Ok();
  return Unavailable(
      "suggestions are being prepared (the match index is loading); try again "
      "in a minute");
}

bool EveryMemberMayRead(int access_id) {
  return access_id == host::kAccessPublic || access_id == host::kAccessLoggedIn;
}

match::Day Today(int64_t now) { return static_cast<match::Day>(now / kSecondsPerDay); }

}  // namespace

SuggestService::SuggestService(host::HostReader* host, store::Pool* pool,
                               klus::KlusService* klussen, IndexFeed* feed,
                               match::MatchIndex* index, RegionCodes* regions, klus::Guid site_guid,
                               Clock clock, GroupAccessCache* group_access)
    : host_(host),
      pool_(pool),
      klussen_(klussen),
      feed_(feed),
      index_(index),
      regions_(regions),
      site_guid_(site_guid),
      clock_(std::move(clock)),
      group_access_(group_access) {}

Result<ForYouPage> SuggestService::ForYou(const klus::Actor& actor, size_t offset, size_t limit) {
  if (actor.guid <= 0) return Unauthenticated("log in to see klussen for you");
  KL_RETURN_IF_ERROR(CheckPage(offset, limit));
  KL_RETURN_IF_ERROR(CheckLoaded(*feed_));
  ForYouPage page;
  page.offset = offset;
  host::AccessContext access;
  std::vector<host::Guid> member_groups;
  {
    KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
    store::Connection& c = *lease;
    KL_ASSIGN_OR_RETURN(access, host_->LoadAccessContext(c, actor.guid));
    if (access.viewer != actor.guid) return Unauthenticated("log in to see klussen for you");
    KL_ASSIGN_OR_RETURN(member_groups, host_->MemberGroups(c, actor.guid));
    KL_ASSIGN_OR_RETURN(portfolio::Portfolio own, store::LoadPortfolio(c, actor.guid));
    page.discoverable = own.discoverable;
    page.hours_stated = own.availability.hours_per_week_tenths.has_value();
    page.hours_none = own.availability.hours_per_week_tenths == 0;
    page.viewer_region = own.region;
    for (const auto& item : own.items) {
      page.has_skills = page.has_skills || item.kind == portfolio::ItemKind::kSkill;
    }
    page.has_skills = page.has_skills || !own.confirmed_skills.empty();
  }
  const bool same_site_viewer = actor.site_guid == site_guid_;
  const auto placements_snapshot = feed_->Placements();
  const auto groups_snapshot = feed_->Groups();
  const IndexFeed::PlacementMap& placements = *placements_snapshot;
  const IndexFeed::GroupMap& groups = *groups_snapshot;
  match::KlusQuery query;
  query.offset = offset;
  query.limit = limit + 1;
  // The klussen the viewer may see and apply to: group klussen of their own
  // groups, site klussen of their site, platform klussen (klus/permissions.h).
  query.may_see_klus = [&](match::KlusKey key) {
    auto placement = placements.find(key);
    if (placement == placements.end()) return false;
    const KlusPlacement& p = placement->second;
    klus::Klus k;
    k.state = klus::KlusState::kOpen;
    k.site_guid = p.site_guid;
    k.group_guid = p.group_guid;
    k.poster_guid = p.poster_guid;
    k.fields.audience = p.audience;
    klus::GroupRelation r;
    r.viewer = actor.guid;
    r.site_admin = access.site_admin;
    r.member = std::binary_search(member_groups.begin(), member_groups.end(), p.group_guid);
    auto group = groups.find(p.group_guid);
    if (group != groups.end()) {
      r.can_see_group =
          host::CanRead(access, group->second.owner_guid, group->second.entity_access_id);
      r.open_membership = group->second.open_membership;
      r.tool_enabled = group->second.klussen_enabled;
    }
    r.same_site = same_site_viewer && p.site_guid == site_guid_;
    if (p.audience == klus::Audience::kGroup && !r.member) return false;  // could not apply
    return klus::CanSee(r, k);
  };
  auto matches = index_->KlussenFor(static_cast<match::Guid>(actor.guid), query);
  if (!matches.ok() && matches.status().code() == StatusCode::kNotFound) {
    // Not indexed yet (no portfolio): index what the host profile says.
    KL_RETURN_IF_ERROR(feed_->RefreshPerson(actor.guid, true));
    matches = index_->KlussenFor(static_cast<match::Guid>(actor.guid), query);
  }
  if (!matches.ok()) {
    if (matches.status().code() == StatusCode::kNotFound) return page;  // not an active user
    return matches.status();
  }
  page.has_more = matches->size() > limit;
  if (page.has_more) matches->resize(limit);
  // The klussen themselves decide, as on their own pages (and expire on
  // read); read as one batch.
  std::vector<klus::KlusId> ids;
  ids.reserve(matches->size());
  for (const auto& match : *matches) ids.push_back(static_cast<klus::KlusId>(match.klus));
  // The viewer's access and memberships were read above in this request.
  const klus::KlusService::ActorReads known{access, member_groups};
  KL_ASSIGN_OR_RETURN(std::vector<klus::KlusView> views, klussen_->GetMany(actor, ids, &known));
  std::unordered_map<klus::KlusId, klus::KlusView*> view_of;
  for (auto& view : views) view_of.emplace(view.klus.id, &view);
  for (auto& match : *matches) {
    auto view = view_of.find(static_cast<klus::KlusId>(match.klus));
    if (view == view_of.end()) continue;  // gone, or not visible to the viewer
    if (view->second->klus.state != klus::KlusState::kOpen) continue;
    // Responded or invited since the index last heard of it: not a suggestion any more.
    if (view->second->own) continue;
    page.items.push_back({std::move(*view->second), std::move(match)});
  }
  return page;
}

Result<CandidatesPage> SuggestService::Candidates(const klus::Actor& actor, klus::KlusId id,
                                                  size_t offset, size_t limit) {
  if (actor.guid <= 0) return Unauthenticated("log in to see candidates");
  KL_RETURN_IF_ERROR(CheckPage(offset, limit));
  KL_RETURN_IF_ERROR(CheckLoaded(*feed_));
  FlushShownIfNewDay(Today(clock_()));
  KL_ASSIGN_OR_RETURN(klus::KlusView view, klussen_->Get(actor, id));
  if (!view.can_manage) {
    return PermissionDenied("only the poster, group admins and site admins see candidates");
  }
  CandidatesPage page;
  page.offset = offset;
  const int64_t now = clock_();
  page.may_invite = view.klus.state == klus::KlusState::kOpen && view.klus.fields.deadline > now;
  if (view.klus.state != klus::KlusState::kOpen && view.klus.state != klus::KlusState::kDraft) {
    page.klus = std::move(view);
    return page;  // nobody to find for a klus that is filled, done or closed
  }
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  KL_ASSIGN_OR_RETURN(host::AccessContext access, host_->LoadAccessContext(c, actor.guid));
  KL_ASSIGN_OR_RETURN(std::vector<int64_t> involved, store::InvolvedIn(c, id));
  match::KlusDoc doc = KlusDocument(view.klus, involved, *regions_, now);

  // Who may see the klus: everyone for platform and site klussen (this
  // sidecar serves one site) and for klussen of an open group every member
  // may read; otherwise the group's members (and site admins).
  bool everyone = view.klus.fields.audience != klus::Audience::kGroup;
  host::Guid restricted_group = 0;  // the group whose members alone may see it
  std::shared_ptr<const MemberSet> members;
  std::shared_ptr<const MemberSet> site_admins;
  std::unordered_set<host::Guid> allowed;  // without the cache (or over its bound)
  if (!everyone) {
    KL_ASSIGN_OR_RETURN(std::optional<host::HostGroup> group,
                        host_->GetGroup(c, view.klus.group_guid));
    everyone = group && group->open_membership && EveryMemberMayRead(group->entity_access_id);
    if (!everyone && group) {
      restricted_group = group->guid;
      if (group_access_ != nullptr) {
        KL_ASSIGN_OR_RETURN(members, group_access_->Members(c, group->guid));
        KL_ASSIGN_OR_RETURN(site_admins, group_access_->SiteAdmins(c));
      }
      if (!members) {
        for (host::Guid after = 0;;) {
          KL_ASSIGN_OR_RETURN(std::vector<host::Guid> page_members,
                              host_->GroupMembers(c, group->guid, after, 5000));
          allowed.insert(page_members.begin(), page_members.end());
          if (page_members.size() < 5000) break;
          after = page_members.back();
        }
        KL_ASSIGN_OR_RETURN(std::vector<host::Guid> admins, host_->SiteAdmins(c));
        allowed.insert(admins.begin(), admins.end());
      }
    }
  }
  match::CandidateQuery query;
  query.offset = offset;
  query.limit = limit + 1;
  query.today = Today(now);
  if (!everyone) {
    query.may_see_klus = [&](match::Guid person) {
      const auto guid = static_cast<host::Guid>(person);
      if (members) {
        return GroupAccessCache::Contains(*members, guid) ||
               GroupAccessCache::Contains(*site_admins, guid);
      }
      return allowed.count(guid) > 0;
    };
  }
  // No may_see_restricted_skill: restricted skills never count for others.
  KL_ASSIGN_OR_RETURN(std::vector<match::Match> matches, index_->Candidates(doc, query));
  page.has_more = matches.size() > limit;
  if (page.has_more) matches.resize(limit);
  // The page's people read from the host in one batch (and their membership
  // in a second), as GetUser / IsMember would per person.
  std::vector<host::Guid> guids;
  guids.reserve(matches.size());
  for (const auto& match : matches) guids.push_back(static_cast<host::Guid>(match.person));
  KL_ASSIGN_OR_RETURN(std::vector<host::HostUser> users, host_->GetUsers(c, guids));
  std::unordered_map<host::Guid, host::HostUser> user_of;
  std::vector<host::Guid> to_check;
  for (auto& user : users) {
    // A member whose user entity the viewer may not read is not shown at all.
    if (!host::CanRead(access, user.guid, user.entity_access_id)) continue;
    if (members && !user.site_admin) to_check.push_back(user.guid);
    user_of.emplace(user.guid, std::move(user));
  }
  std::unordered_set<host::Guid> still_member;
  if (!to_check.empty()) {
    // The cache may be a poll behind: who left the group is not shown.
    KL_ASSIGN_OR_RETURN(std::vector<host::Guid> found,
                        host_->MembersAmong(c, restricted_group, to_check));
    still_member.insert(found.begin(), found.end());
  }
  std::vector<match::Guid> shown;
  for (auto& match : matches) {
    auto found = user_of.find(static_cast<host::Guid>(match.person));
    if (found == user_of.end()) continue;
    const host::HostUser* user = &found->second;
    if (members && !user->site_admin && still_member.count(user->guid) == 0) continue;
    CandidateSuggestion candidate;
    candidate.name = user->name;
    candidate.region_name = regions_->NameOf(match.why.person_region);
    candidate.hours_stated = match.why.hours_available < kUnstatedHours;
    candidate.match = std::move(match);
    shown.push_back(candidate.match.person);
    page.items.push_back(std::move(candidate));
  }
  if (offset == 0) NoteShown(id, shown, Today(now));
  page.klus = std::move(view);
  return page;
}

void SuggestService::FlushShownIfNewDay(match::Day today) {
  std::lock_guard lock(shown_mu_);
  if (today == shown_day_) return;
  if (!pending_shown_.empty()) index_->RecordShown(pending_shown_, shown_day_);
  pending_shown_.clear();
  shown_pairs_.clear();
  shown_day_ = today;
}

void SuggestService::NoteShown(klus::KlusId klus, const std::vector<match::Guid>& people,
                               match::Day today) {
  FlushShownIfNewDay(today);
  std::lock_guard lock(shown_mu_);
  // A bound for a very busy day: hand over early rather than grow.
  constexpr size_t kMaxPairs = 1 << 20;
  if (shown_pairs_.size() > kMaxPairs) {
    index_->RecordShown(pending_shown_, shown_day_);
    pending_shown_.clear();
    shown_pairs_.clear();
  }
  for (match::Guid person : people) {
    if (shown_pairs_.emplace(klus, person).second) pending_shown_.push_back(person);
  }
}

}  // namespace klussen::suggest
