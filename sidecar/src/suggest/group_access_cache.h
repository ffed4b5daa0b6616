// Who may see the klussen of closed and hidden groups, kept in memory so that
// "Geschikte kandidaten" does not page a group's members out of the host's
// tables on every request.
//
// Holds, for each watched group, the users holding its `member` relationship
// (a sorted vector of guids, 8 bytes a member) and, once, the site admins.
// Watched are the groups IndexFeed hands to Refresh() (the groups of open
// group klussen that every member may not simply see) plus any group a
// request asked for since (loaded on first use).
//
// How current: Refresh() runs with every IndexFeed poll (match_poll_interval_ms,
// 2 s by default). It reads one change detector for all watched groups
// (HostReader::MembershipSignatures: count, highest row id and XOR of the
// `member` rows' ids, 64 groups a statement) and re-reads only the groups
// whose signature moved, and the site admins. So a join or a leave reaches the
// cache within one poll interval (plus the poll's own run time). Callers that
// decide what a person may see must not rely on the cache alone for leaves:
// SuggestService re-checks every candidate it shows (IsMember or site admin),
// so a member who left is never shown, not even within that interval; the
// cache only decides whom the index considers.
//
// Users are not filtered for being active here (a ban does not touch the
// membership rows); the suggest service checks every shown candidate.
//
// Memory: at most `max_memberships` guids in all (default 4,000,000 = 32 MB).
// A group that does not fit is not held: Members() answers nullptr and the
// caller reads that group from the host itself.
//
// Errors: database failures as Status; a failed Refresh keeps what was held.
// Threading: thread-safe. Members()/SiteAdmins() from request threads, Refresh()
// from the poll thread; sets are shared immutably (shared_ptr to const), so a
// request keeps the set it got even when a refresh replaces it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "host/host_reader.h"
#include "store/database.h"

namespace klussen::suggest {

// The sorted guids of a group's members.
using MemberSet = std::vector<host::Guid>;

struct GroupAccessStats {
  size_t groups = 0;
  size_t memberships = 0;  // guids held over all groups
  int64_t loads = 0;       // group member sets read from the host
  int64_t refreshes = 0;
};

class GroupAccessCache {
 public:
  static constexpr size_t kDefaultMaxMemberships = 4'000'000;

  explicit GroupAccessCache(host::HostReader* host,
                            size_t max_memberships = kDefaultMaxMemberships);

  // The members of `group`, from memory, or read now and held from then on.
  // nullptr when the group does not fit in the memory bound.
  Result<std::shared_ptr<const MemberSet>> Members(store::Connection& c, host::Guid group);
  // The site admins (sorted), read once and then with every Refresh().
  Result<std::shared_ptr<const MemberSet>> SiteAdmins(store::Connection& c);

  // Watches exactly `groups` from now on (others are forgotten), loads those
  // not held, re-reads those whose membership signature changed, and the site
  // admins.
  Status Refresh(store::Connection& c, const std::vector<host::Guid>& groups);

  static bool Contains(const MemberSet& set, host::Guid guid);
  GroupAccessStats Stats() const;

 private:
  struct Entry {
    std::shared_ptr<const MemberSet> members;  // null: over the bound
    host::HostReader::MembershipSignature signature;
  };
  // Reads every member row of `group`; the signature is computed from the
  // same rows, so a change during the read shows as a difference at the next
  // Refresh and is read again then.
  Result<Entry> Load(store::Connection& c, host::Guid group);
  // Stores `entry` unless `only_if_absent` and one is already held; keeps the
  // memory bound (an entry that does not fit is held without members).
  // Answers the members now held for `group`.
  std::shared_ptr<const MemberSet> Store(host::Guid group, Entry entry, bool only_if_absent);

  host::HostReader* host_;
  const size_t max_memberships_;

  mutable std::mutex mu_;  // guards what follows
  std::unordered_map<host::Guid, Entry> groups_;
  std::shared_ptr<const MemberSet> site_admins_;
  size_t memberships_ = 0;
  int64_t loads_ = 0;
  int64_t refreshes_ = 0;
};

}  // namespace klussen::suggest
