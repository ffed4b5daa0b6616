#include "suggest/group_access_cache.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "common/log.h"

namespace klussen::suggest {
namespace {

constexpr int kPage = 5000;  // the readers' largest page

}  // namespace

GroupAccessCache::GroupAccessCache(host::HostReader* host, size_t max_memberships)
    : host_(host), max_memberships_(max_memberships) {}

bool GroupAccessCache::Contains(const MemberSet& set, host::Guid guid) {
  return std::binary_search(set.begin(), set.end(), guid);
}

Result<GroupAccessCache::Entry> GroupAccessCache::Load(store::Connection& c, host::Guid group) {
  Entry entry;
  entry.signature.group = group;
  auto members = std::make_shared<MemberSet>();
  for (host::Guid after = 0;;) {
    KL_ASSIGN_OR_RETURN(std::vector<host::HostReader::Membership> rows,
                        host_->GroupMemberships(c, group, after, kPage));
    for (const auto& row : rows) {
      members->push_back(row.user);
      ++entry.signature.count;
      entry.signature.max_row_id = std::max(entry.signature.max_row_id, row.row_id);
      entry.signature.row_id_xor ^= row.row_id;
    }
    if (members->size() > max_memberships_) {
      // Can never fit: held without members (callers read it themselves),
      // with its signature so that it is read again only when it changes.
      KL_ASSIGN_OR_RETURN(auto signatures, host_->MembershipSignatures(c, {group}));
      entry.signature =
          signatures.empty() ? host::HostReader::MembershipSignature{group} : signatures.front();
      return entry;
    }
    if (rows.size() < static_cast<size_t>(kPage)) break;
    after = rows.back().user;
  }
  {
    std::lock_guard lock(mu_);
    ++loads_;
  }
  entry.members = std::move(members);
  return entry;
}

std::shared_ptr<const MemberSet> GroupAccessCache::Store(host::Guid group, Entry entry,
                                                         bool only_if_absent) {
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it != groups_.end() && only_if_absent) return it->second.members;
  const size_t old_size =
      it != groups_.end() && it->second.members ? it->second.members->size() : 0;
  const size_t new_size = entry.members ? entry.members->size() : 0;
  if (memberships_ - old_size + new_size > max_memberships_) {
    log::Warn("group members not held in memory (group_access bound reached)",
              {{"group", std::to_string(group)}, {"members", std::to_string(new_size)}});
    entry.members = nullptr;
  }
  memberships_ = memberships_ - old_size + (entry.members ? entry.members->size() : 0);
  auto& held = groups_[group];
  held = std::move(entry);
  return held.members;
}

Result<std::shared_ptr<const MemberSet>> GroupAccessCache::Members(store::Connection& c,
                                                                   host::Guid group) {
  {
    std::lock_guard lock(mu_);
    auto it = groups_.find(group);
    if (it != groups_.end()) return it->second.members;
  }
  KL_ASSIGN_OR_RETURN(Entry entry, Load(c, group));
  // A refresh may have stored a newer read meanwhile: that one stays.
  return Store(group, std::move(entry), /*only_if_absent=*/true);
}

Result<std::shared_ptr<const MemberSet>> GroupAccessCache::SiteAdmins(store::Connection& c) {
  {
    std::lock_guard lock(mu_);
    if (site_admins_) return site_admins_;
  }
  KL_ASSIGN_OR_RETURN(std::vector<host::Guid> admins, host_->SiteAdmins(c));
  std::sort(admins.begin(), admins.end());
  auto shared = std::make_shared<const MemberSet>(std::move(admins));
  std::lock_guard lock(mu_);
  if (!site_admins_) site_admins_ = shared;
  return site_admins_;
}

Status GroupAccessCache::Refresh(store::Connection& c, const std::vector<host::Guid>& groups) {
  const std::unordered_set<host::Guid> wanted(groups.begin(), groups.end());
  std::unordered_map<host::Guid, host::HostReader::MembershipSignature> held;
  {
    std::lock_guard lock(mu_);
    for (auto it = groups_.begin(); it != groups_.end();) {
      if (wanted.count(it->first)) {
        held[it->first] = it->second.signature;
        ++it;
      } else {
        if (it->second.members) memberships_ -= it->second.members->size();
        it = groups_.erase(it);
      }
    }
  }
  // Signatures of every held group; a group without rows has none.
  std::unordered_map<host::Guid, host::HostReader::MembershipSignature> now;
  std::vector<host::Guid> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    KL_ASSIGN_OR_RETURN(auto signatures, host_->MembershipSignatures(c, batch));
    for (const auto& signature : signatures) now[signature.group] = signature;
    batch.clear();
    return Status::Ok();
  };
  for (const auto& [group, signature] : held) {
    batch.push_back(group);
    if (batch.size() == host::HostReader::kMaxSignatureGroups) KL_RETURN_IF_ERROR(flush());
  }
  KL_RETURN_IF_ERROR(flush());
  std::vector<host::Guid> stale;
  for (const auto& [group, signature] : held) {
    host::HostReader::MembershipSignature current{group};
    if (auto found = now.find(group); found != now.end()) current = found->second;
    if (!(current == signature)) stale.push_back(group);
  }
  for (host::Guid group : groups) {
    if (!held.count(group)) stale.push_back(group);
  }
  for (host::Guid group : stale) {
    KL_ASSIGN_OR_RETURN(Entry entry, Load(c, group));
    Store(group, std::move(entry), /*only_if_absent=*/false);
  }
  KL_ASSIGN_OR_RETURN(std::vector<host::Guid> admins, host_->SiteAdmins(c));
  std::sort(admins.begin(), admins.end());
  auto shared = std::make_shared<const MemberSet>(std::move(admins));
  std::lock_guard lock(mu_);
  site_admins_ = std::move(shared);
  ++refreshes_;
  return Status::Ok();
}

GroupAccessStats GroupAccessCache::Stats() const {
  std::lock_guard lock(mu_);
  return {groups_.size(), memberships_, loads_, refreshes_};
}

}  // namespace klussen::suggest
