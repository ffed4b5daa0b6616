// Keeps the match index (match/index.h) current with the database:
//
//  - LoadAll() at start-up, on the jobs thread while the sidecar already
//    serves: every member with a portfolio and every open klus, in pages.
//    Until it finished, loaded() is false and suggestions answer 503.
//  - Poll(), every match_poll_interval_ms on the jobs thread: what changed
//    since the last poll, found on change columns — klussen_portfolio,
//    klussen_klus and klussen_participant.updated_at, and the host's user
//    entities' time_updated (Elgg saves the user after a profile edit, and
//    departures are seen there) — one document at a time, never a rebuild.
//    Each poll re-reads a short overlap (kOverlapSeconds) so a row committed
//    a moment after its updated_at was stamped is not missed. Group facts
//    (open or closed, access) of groups with open klussen are re-read every
//    kGroupRefreshSeconds. A portfolio row whose (updated_at, version) is
//    already indexed is skipped: the portfolio service refreshed it when it
//    was written. Every writer counts the version on (SavePortfolioRow); a
//    change that did not would be seen only from the next second on.
//  - RefreshPerson()/RefreshKlus(): one document now (the portfolio service
//    calls RefreshPerson after every change, so switching "vindbaar" off or
//    erasing the portfolio takes effect before the request answers). Of two
//    refreshes of one member racing, the older portfolio never replaces the
//    newer one.
//
// Memberships are not in the index. When a GroupAccessCache is given, the
// feed hands it the groups of open group klussen after the load and after
// every poll, so the members of those groups stay in memory, current within
// one poll (suggest/group_access_cache.h).
//
// When the database is unreachable, Poll() and Refresh*() answer its Status
// and change nothing; the index keeps serving what it has and the next poll
// catches up from the same watermarks.
//
// Threading: thread-safe. Poll/LoadAll are meant for one background thread
// (they serialise on a mutex); Refresh* may run on request threads at the
// same time; the placement/group snapshots are shared, immutable maps.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "host/host_reader.h"
#include "klus/klus_model.h"
#include "match/index.h"
#include "portfolio/portfolio_service.h"
#include "store/database.h"
#include "store/portfolio_store.h"
#include "suggest/documents.h"
#include "suggest/group_access_cache.h"

namespace klussen::suggest {

// Where an open klus lives and who it is for: what visibility needs.
struct KlusPlacement {
  klus::Guid site_guid = 0;
  klus::Guid group_guid = 0;
  klus::Guid poster_guid = 0;
  klus::Audience audience = klus::Audience::kGroup;
};

// The facts of a group that decide who may see its klussen.
struct GroupFacts {
  host::Guid owner_guid = 0;
  int entity_access_id = host::kAccessPrivate;
  bool open_membership = false;
  bool klussen_enabled = false;
};

struct FeedStats {
  int64_t people_loaded = 0;
  int64_t klussen_loaded = 0;
  int64_t polls = 0;
  int64_t poll_failures = 0;
  int64_t documents_refreshed = 0;
  int64_t current_skipped = 0;  // changed rows seen by a poll that were indexed already
  int64_t last_poll_ok_at = 0;  // Unix seconds
  std::string last_error;
};

// What the caller of IndexFeed::RefreshPerson already knows of the member,
// so the refresh need not read it again.
struct KnownPerson {
  bool active_user = false;  // e.g. the viewer of the request that changed it
  // As committed, availability derived (PortfolioService::LoadWithAvailability).
  const portfolio::Portfolio* portfolio = nullptr;
};

class IndexFeed {
 public:
  using Clock = std::function<int64_t()>;
  static constexpr int64_t kOverlapSeconds = 2;
  static constexpr int64_t kGroupRefreshSeconds = 60;
  static constexpr int kPage = 500;

  IndexFeed(host::HostReader* host, store::Pool* pool, portfolio::PortfolioService* portfolios,
            match::MatchIndex* index, RegionCodes* regions, Clock clock,
            GroupAccessCache* group_access = nullptr);

  // Loads every portfolio and open klus, a page at a time. When `stop` becomes true (a stop
  // signal) it gives up before the next page with Unavailable and the feed stays not loaded.
  Status LoadAll(const std::atomic<bool>* stop = nullptr);
  Status Poll();
  bool loaded() const { return loaded_.load(std::memory_order_acquire); }

  // Re-reads one member: indexed when they are an active user (with their
  // portfolio, or only their readable host profile when they have none and
  // `keep_without_portfolio`), removed otherwise.
  Status RefreshPerson(host::Guid user, bool keep_without_portfolio = false,
                       KnownPerson known = {});
  // The same on the caller's connection (outside any transaction).
  Status RefreshPersonOn(store::Connection& c, host::Guid user, bool keep_without_portfolio,
                         KnownPerson known = {});
  // Re-reads one klus: indexed while open, removed otherwise.
  Status RefreshKlus(klus::KlusId id);

  // Snapshots, shared until the next change (a request no longer copies the
  // maps): current as of the last load, poll or Refresh*.
  using PlacementMap = std::unordered_map<match::KlusKey, KlusPlacement>;
  using GroupMap = std::unordered_map<host::Guid, GroupFacts>;
  std::shared_ptr<const PlacementMap> Placements() const;
  std::shared_ptr<const GroupMap> Groups() const;
  FeedStats Stats() const;

 private:
  // The member's portfolio as a document needs it (row, items, confirmed
  // skills; availability derived from their commitments).
  Result<portfolio::Portfolio> LoadForMatchingOn(store::Connection& c, host::Guid user);
  // Upserts a member's document unless a newer portfolio of theirs is indexed.
  Status UpsertPersonIfNewer(const portfolio::Portfolio& p,
                             const std::vector<host::ProfileValue>& values);
  void ForgetPerson(host::Guid user);
  // True when the portfolio row (updated_at, version) is indexed already.
  bool Indexed(host::Guid user, int64_t updated_at, int64_t version) const;
  Status RefreshKlusOn(store::Connection& c, klus::KlusId id);
  Status RefreshGroupOn(store::Connection& c, host::Guid group);
  // One page of the start-up load: the portfolios after `after` (four
  // queries) with which of them are active users and their profile values
  // (two on the host), instead of about eight queries per member.
  struct LoadPage {
    std::vector<store::MatchPortfolio> portfolios;
    std::unordered_set<host::Guid> active;
    std::unordered_map<host::Guid, std::vector<host::ProfileValue>> values;
  };
  Result<LoadPage> FetchPageOn(store::Connection& c, host::Guid after);
  // Builds the page's documents and hands them to the index (no database).
  void IndexPage(LoadPage& page);
  Status PollOn(store::Connection& c);
  // Hands the groups of open group klussen to group_access_ (when set).
  Status RefreshGroupAccessOn(store::Connection& c);

  host::HostReader* host_;
  store::Pool* pool_;
  portfolio::PortfolioService* portfolios_;
  match::MatchIndex* index_;
  RegionCodes* regions_;
  Clock clock_;
  GroupAccessCache* group_access_;

  std::mutex poll_mu_;  // one LoadAll/Poll at a time
  // Watermarks (updated_at second) of the change scans; guarded by poll_mu_.
  int64_t portfolios_seen_ = 0;
  int64_t klussen_seen_ = 0;
  int64_t participants_seen_ = 0;
  int64_t users_seen_ = 0;
  int64_t groups_refreshed_at_ = 0;
  std::atomic<bool> loaded_{false};

  // The portfolio (updated_at, version) each member's document was built
  // from; upserting a person and recording it happen together under the mutex.
  mutable std::mutex people_mu_;
  std::unordered_map<host::Guid, std::pair<int64_t, int64_t>> indexed_portfolio_;

  mutable std::mutex mu_;  // guards what follows
  PlacementMap placements_;
  GroupMap groups_;
  // Built on the first read after a change; reset by every change.
  mutable std::shared_ptr<const PlacementMap> placements_snapshot_;
  mutable std::shared_ptr<const GroupMap> groups_snapshot_;
  FeedStats stats_;
};

}  // namespace klussen::suggest
