#include "suggest/index_feed.h"

#include <algorithm>
#include <future>
#include <unordered_set>

#include "common/dates.h"
#include "common/log.h"
#include "portfolio/availability.h"
#include "store/klus_store.h"
#include "store/match_store.h"
#include "store/portfolio_store.h"

namespace klussen::suggest {

IndexFeed::IndexFeed(host::HostReader* host, store::Pool* pool,
                     portfolio::PortfolioService* portfolios, match::MatchIndex* index,
                     RegionCodes* regions, Clock clock, GroupAccessCache* group_access)
    : host_(host),
      pool_(pool),
      portfolios_(portfolios),
      index_(index),
      regions_(regions),
      clock_(std::move(clock)),
      group_access_(group_access) {}

Status IndexFeed::RefreshGroupAccessOn(store::Connection& c) {
  if (group_access_ == nullptr) return Status::Ok();
  std::vector<host::Guid> groups;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, placement] : placements_) {
      if (placement.audience == klus::Audience::kGroup) groups.push_back(placement.group_guid);
    }
  }
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return group_access_->Refresh(c, groups);
}

Status IndexFeed::RefreshPersonOn(store::Connection& c, host::Guid user,
                                  bool keep_without_portfolio, KnownPerson known) {
  const auto guid = static_cast<match::Guid>(user);
  bool active = known.active_user;
  if (!active) {
    KL_ASSIGN_OR_RETURN(std::optional<host::HostUser> found, host_->GetUser(c, user));
    active = found.has_value();
  }
  if (active) {
    portfolio::Portfolio loaded;
    const portfolio::Portfolio* p = known.portfolio;
    if (p == nullptr) {
      KL_ASSIGN_OR_RETURN(loaded, LoadForMatchingOn(c, user));
      p = &loaded;
    }
    if (p->exists || keep_without_portfolio) {
      KL_ASSIGN_OR_RETURN(std::vector<host::ProfileValue> values, host_->ProfileValues(c, user));
      Status upserted = UpsertPersonIfNewer(*p, values);
      if (upserted.ok()) return upserted;
      // Over the index's limits: better absent than half indexed.
      log::Warn("member left out of the match index",
                {{"user", std::to_string(user)}, {"reason", upserted.message()}});
    }
  }
  ForgetPerson(user);
  Status removed = index_->RemovePerson(guid);
  if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  return Status::Ok();
}

Result<portfolio::Portfolio> IndexFeed::LoadForMatchingOn(store::Connection& c, host::Guid user) {
  // The start-up load's reader for a page of one: four queries, without the
  // entries and budgets a document does not use.
  KL_ASSIGN_OR_RETURN(std::vector<store::MatchPortfolio> page,
                      store::LoadPortfoliosForMatching(c, user - 1, 1));
  std::vector<portfolio::Commitment> commitments;
  portfolio::Portfolio p;
  if (!page.empty() && page.front().portfolio.user_guid == user) {
    p = std::move(page.front().portfolio);
    commitments = std::move(page.front().commitments);
  } else {
    p.user_guid = user;
    KL_ASSIGN_OR_RETURN(commitments, store::LoadCommitments(c, user));
  }
  portfolio::DeriveAvailability(&p.availability, commitments, clock_() / kSecondsPerDay);
  return p;
}

Status IndexFeed::UpsertPersonIfNewer(const portfolio::Portfolio& p,
                                      const std::vector<host::ProfileValue>& values) {
  const std::pair<int64_t, int64_t> stamp{p.updated_at, p.version};
  std::lock_guard people_lock(people_mu_);
  auto it = indexed_portfolio_.find(p.user_guid);
  if (p.exists && it != indexed_portfolio_.end() && it->second > stamp) {
    return Status::Ok();  // a refresh that read later won the race
  }
  Status upserted = index_->UpsertPerson(PersonDocument(p, values, *regions_));
  if (!upserted.ok()) return upserted;
  indexed_portfolio_[p.user_guid] = stamp;
  std::lock_guard lock(mu_);
  ++stats_.documents_refreshed;
  return upserted;
}

void IndexFeed::ForgetPerson(host::Guid user) {
  std::lock_guard people_lock(people_mu_);
  indexed_portfolio_.erase(user);
}

bool IndexFeed::Indexed(host::Guid user, int64_t updated_at, int64_t version) const {
  std::lock_guard people_lock(people_mu_);
  auto it = indexed_portfolio_.find(user);
  return it != indexed_portfolio_.end() &&
         it->second >= std::pair<int64_t, int64_t>{updated_at, version};
}

Status IndexFeed::RefreshGroupOn(store::Connection& c, host::Guid group) {
  KL_ASSIGN_OR_RETURN(std::optional<host::HostGroup> found, host_->GetGroup(c, group));
  std::lock_guard lock(mu_);
  if (!found) {
    groups_.erase(group);
    groups_snapshot_.reset();
    return Status::Ok();
  }
  groups_snapshot_.reset();
  groups_[group] = GroupFacts{found->owner_guid, found->entity_access_id, found->open_membership,
                              found->klussen_enabled};
  return Status::Ok();
}

Status IndexFeed::RefreshKlusOn(store::Connection& c, klus::KlusId id) {
  const auto key = static_cast<match::KlusKey>(id);
  KL_ASSIGN_OR_RETURN(std::optional<klus::Klus> found, store::GetKlus(c, id));
  const int64_t now = clock_();
  if (found && found->state == klus::KlusState::kOpen) {
    KL_ASSIGN_OR_RETURN(std::vector<int64_t> involved, store::InvolvedIn(c, id));
    match::KlusDoc doc = KlusDocument(*found, involved, *regions_, now);
    if (doc.open) {
      bool known_group = false;
      {
        std::lock_guard lock(mu_);
        known_group = groups_.count(found->group_guid) > 0;
      }
      if (!known_group) KL_RETURN_IF_ERROR(RefreshGroupOn(c, found->group_guid));
      Status upserted = index_->UpsertKlus(doc);
      if (upserted.ok()) {
        std::lock_guard lock(mu_);
        placements_snapshot_.reset();
        placements_[key] = KlusPlacement{found->site_guid, found->group_guid, found->poster_guid,
                                         found->fields.audience};
        ++stats_.documents_refreshed;
        return upserted;
      }
      log::Warn("klus left out of the match index",
                {{"klus", std::to_string(id)}, {"reason", upserted.message()}});
    }
  }
  {
    std::lock_guard lock(mu_);
    if (placements_.erase(key) > 0) placements_snapshot_.reset();
  }
  Status removed = index_->RemoveKlus(key);
  if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  return Status::Ok();
}

Result<IndexFeed::LoadPage> IndexFeed::FetchPageOn(store::Connection& c, host::Guid after) {
  LoadPage out;
  KL_ASSIGN_OR_RETURN(out.portfolios, store::LoadPortfoliosForMatching(c, after, kPage));
  if (out.portfolios.empty()) return out;
  const host::Guid first = out.portfolios.front().portfolio.user_guid;
  const host::Guid last = out.portfolios.back().portfolio.user_guid;
  // Which of them are active users (departed ones are left out).
  // The range holds at most last - first + 1 users: asking for more would
  // read (and build rows for) thousands of users past the page.
  const int span = static_cast<int>(std::min<host::Guid>(last - first + 1, 5000));
  for (host::Guid from = first - 1; from < last;) {
    KL_ASSIGN_OR_RETURN(std::vector<host::Guid> users, host_->ActiveUserGuids(c, from, last, span));
    out.active.insert(users.begin(), users.end());
    if (users.size() < static_cast<size_t>(span)) break;
    from = users.back();
  }
  auto values = host_->ProfileValuesBetween(c, first, last);
  if (!values.ok() && values.status().code() != StatusCode::kResourceExhausted) {
    return values.status();
  }
  if (values.ok()) {
    for (auto& value : *values) out.values[value.owner_guid].push_back(std::move(value));
  } else {
    // Too many values for one answer: ask per member.
    for (const auto& entry : out.portfolios) {
      const host::Guid user = entry.portfolio.user_guid;
      if (!out.active.count(user)) continue;
      KL_ASSIGN_OR_RETURN(out.values[user], host_->ProfileValues(c, user));
    }
  }
  return out;
}

void IndexFeed::IndexPage(LoadPage& page) {
  const int64_t today = clock_() / kSecondsPerDay;
  std::vector<match::Person> documents;
  std::vector<std::pair<int64_t, int64_t>> stamps;  // (updated_at, version) per document
  documents.reserve(page.portfolios.size());
  stamps.reserve(page.portfolios.size());
  for (auto& entry : page.portfolios) {
    portfolio::Portfolio& p = entry.portfolio;
    if (!page.active.count(p.user_guid)) continue;
    portfolio::DeriveAvailability(&p.availability, entry.commitments, today);
    documents.push_back(PersonDocument(p, page.values[p.user_guid], *regions_));
    stamps.emplace_back(p.updated_at, p.version);
  }
  // The whole page at once: the index analyses it on every core.
  std::lock_guard people_lock(people_mu_);
  std::vector<Status> upserted = index_->UpsertPeople(documents);
  for (size_t i = 0; i < upserted.size(); ++i) {
    if (upserted[i].ok()) {
      indexed_portfolio_[documents[i].guid] = stamps[i];
      continue;
    }
    log::Warn("member left out of the match index",
              {{"user", std::to_string(documents[i].guid)}, {"reason", upserted[i].message()}});
  }
}

Status IndexFeed::RefreshPerson(host::Guid user, bool keep_without_portfolio, KnownPerson known) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  return RefreshPersonOn(*lease, user, keep_without_portfolio, known);
}

Status IndexFeed::RefreshKlus(klus::KlusId id) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  return RefreshKlusOn(*lease, id);
}

Status IndexFeed::LoadAll(const std::atomic<bool>* stop) {
  auto stopping = [stop] { return stop != nullptr && stop->load(std::memory_order_relaxed); };
  const Status cancelled = Unavailable("the match index load was stopped");
  std::lock_guard poll_lock(poll_mu_);
  // Changes made while loading are picked up by the first poll.
  const int64_t started = clock_();
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  // The next page is read on a second connection while this one is indexed:
  // the database and the analysis overlap instead of taking turns. Without a
  // second connection now, one connection reads every page in turn.
  auto second = pool_->Acquire();
  store::Connection& ahead = second.ok() ? **second : c;
  const bool overlap = second.ok();
  int64_t people = 0;
  Result<LoadPage> current = FetchPageOn(c, 0);
  for (;;) {
    if (stopping()) return cancelled;
    KL_RETURN_IF_ERROR(current.status());
    if (current->portfolios.empty()) break;
    const bool last = current->portfolios.size() < static_cast<size_t>(kPage);
    const host::Guid after = current->portfolios.back().portfolio.user_guid;
    std::future<Result<LoadPage>> next;
    if (!last && overlap) {
      // Waited for before this scope ends (a std::async future's destructor
      // joins), so `ahead` is never used by two threads.
      next = std::async(std::launch::async, [this, &ahead, after] {
        store::ThreadScope scope;
        return FetchPageOn(ahead, after);
      });
    }
    IndexPage(*current);
    people += static_cast<int64_t>(current->portfolios.size());
    if (last) break;
    current = overlap ? next.get() : FetchPageOn(c, after);
  }
  int64_t klussen = 0;
  for (int64_t after = 0;;) {
    if (stopping()) return cancelled;
    KL_ASSIGN_OR_RETURN(std::vector<int64_t> page, store::OpenKlusIds(c, after, kPage));
    for (int64_t id : page) {
      KL_RETURN_IF_ERROR(RefreshKlusOn(c, id));
      ++klussen;
    }
    if (page.size() < static_cast<size_t>(kPage)) break;
    after = page.back();
  }
  KL_RETURN_IF_ERROR(RefreshGroupAccessOn(c));
  portfolios_seen_ = klussen_seen_ = participants_seen_ = users_seen_ = started;
  groups_refreshed_at_ = started;
  loaded_.store(true, std::memory_order_release);
  std::lock_guard lock(mu_);
  stats_.people_loaded = people;
  stats_.klussen_loaded = klussen;
  stats_.last_poll_ok_at = clock_();
  return Status::Ok();
}

Status IndexFeed::PollOn(store::Connection& c) {
  std::unordered_set<host::Guid> people;
  std::unordered_set<klus::KlusId> klussen;
  // Each scan starts a little before its watermark (see kOverlapSeconds) and
  // pages to the end; the watermark becomes the newest row seen.
  auto scan = [&](int64_t* seen, auto fetch, auto handle) -> Status {
    int64_t time = std::max<int64_t>(0, *seen - kOverlapSeconds);
    int64_t key = 0;
    int64_t second = 0;
    int64_t newest = *seen;
    for (;;) {
      KL_ASSIGN_OR_RETURN(std::vector<store::ChangedRow> rows, fetch(time, key, second));
      for (const auto& row : rows) {
        KL_RETURN_IF_ERROR(handle(row));
        newest = std::max(newest, row.updated_at);
      }
      if (rows.size() < static_cast<size_t>(kPage)) break;
      time = rows.back().updated_at;
      key = rows.back().key;
      second = rows.back().second;
    }
    *seen = newest;
    return Status::Ok();
  };
  auto person = [&](host::Guid user) -> Status {
    if (!people.insert(user).second) return Status::Ok();
    return RefreshPersonOn(c, user, false);
  };
  auto klus = [&](klus::KlusId id) -> Status {
    if (!klussen.insert(id).second) return Status::Ok();
    return RefreshKlusOn(c, id);
  };
  KL_RETURN_IF_ERROR(scan(
      &portfolios_seen_,
      [&](int64_t t, int64_t k, int64_t) { return store::PortfoliosChangedAfter(c, t, k, kPage); },
      [&](const store::ChangedRow& row) -> Status {
        if (Indexed(row.key, row.updated_at, row.second)) {
          std::lock_guard lock(mu_);
          ++stats_.current_skipped;
          return Status::Ok();
        }
        return person(row.key);
      }));
  KL_RETURN_IF_ERROR(scan(
      &klussen_seen_,
      [&](int64_t t, int64_t k, int64_t) { return store::KlussenChangedAfter(c, t, k, kPage); },
      [&](const store::ChangedRow& row) { return klus(row.key); }));
  // A participation changes the klus's involved people and the member's
  // committed hours.
  KL_RETURN_IF_ERROR(scan(
      &participants_seen_,
      [&](int64_t t, int64_t k, int64_t s) {
        return store::ParticipantsChangedAfter(c, t, k, s, kPage);
      },
      [&](const store::ChangedRow& row) -> Status {
        KL_RETURN_IF_ERROR(klus(row.key));
        return person(row.second);
      }));
  KL_RETURN_IF_ERROR(scan(
      &users_seen_,
      [&](int64_t t, int64_t k, int64_t) -> Result<std::vector<store::ChangedRow>> {
        KL_ASSIGN_OR_RETURN(auto changes, host_->UsersChangedSince(c, t, k, kPage));
        std::vector<store::ChangedRow> rows;
        rows.reserve(changes.size());
        for (const auto& change : changes) rows.push_back({change.guid, 0, change.time_updated});
        return rows;
      },
      [&](const store::ChangedRow& row) { return person(row.key); }));

  const int64_t now = clock_();
  if (now - groups_refreshed_at_ >= kGroupRefreshSeconds) {
    std::unordered_set<host::Guid> groups;
    {
      std::lock_guard lock(mu_);
      for (const auto& [key, placement] : placements_) groups.insert(placement.group_guid);
      // Groups without open klussen are forgotten.
      for (auto it = groups_.begin(); it != groups_.end();) {
        if (groups.count(it->first)) {
          ++it;
        } else {
          it = groups_.erase(it);
          groups_snapshot_.reset();
        }
      }
    }
    for (host::Guid group : groups) KL_RETURN_IF_ERROR(RefreshGroupOn(c, group));
    groups_refreshed_at_ = now;
  }
  return RefreshGroupAccessOn(c);
}

Status IndexFeed::Poll() {
  std::lock_guard poll_lock(poll_mu_);
  auto lease = pool_->Acquire();
  Status result = lease.ok() ? PollOn(**lease) : lease.status();
  std::lock_guard lock(mu_);
  ++stats_.polls;
  if (result.ok()) {
    stats_.last_poll_ok_at = clock_();
    stats_.last_error.clear();
  } else {
    ++stats_.poll_failures;
    stats_.last_error = result.message();
  }
  return result;
}

std::shared_ptr<const IndexFeed::PlacementMap> IndexFeed::Placements() const {
  std::lock_guard lock(mu_);
  if (!placements_snapshot_) placements_snapshot_ = std::make_shared<PlacementMap>(placements_);
  return placements_snapshot_;
}

std::shared_ptr<const IndexFeed::GroupMap> IndexFeed::Groups() const {
  std::lock_guard lock(mu_);
  if (!groups_snapshot_) groups_snapshot_ = std::make_shared<GroupMap>(groups_);
  return groups_snapshot_;
}

FeedStats IndexFeed::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace klussen::suggest
