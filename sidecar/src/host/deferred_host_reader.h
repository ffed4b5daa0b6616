// A HostReader whose implementation is chosen later: the sidecar starts
// serving before the database is reachable (readyz 503), and the host schema,
// and with it the reader (elgg1/elgg3), is only known once the database
// answers. Services are built at start with this reader; until Install() every
// call is Unavailable ("the sidecar is starting"), which handlers already turn
// into 503 with Retry-After. After Install() every call goes to the installed
// reader.
//
// Contract: Install() at most once, with a non-null reader that lives as long
// as this object. schema() is the installed reader's, or an unknown schema
// (generation kUnknown) before.
// Threading: Install() from one thread (the start-up job); every other method
// from any thread, concurrently with Install().
#pragma once

#include <atomic>
#include <memory>

#include "host/host_reader.h"

namespace klussen::host {

class DeferredHostReader final : public HostReader {
 public:
  DeferredHostReader() = default;
  ~DeferredHostReader() override;

  void Install(std::unique_ptr<HostReader> reader);
  bool installed() const { return target_.load(std::memory_order_acquire) != nullptr; }

  const HostSchema& schema() const override;
  Result<HostCounts> Counts(store::Connection& c) override;
  Result<std::optional<HostUser>> GetUser(store::Connection& c, Guid guid) override;
  Result<std::vector<HostUser>> ListUsers(store::Connection& c, Guid after_guid,
                                          int limit) override;
  Result<std::vector<Guid>> ActiveUserGuids(store::Connection& c, Guid after_guid, Guid last_guid,
                                            int limit) override;
  Result<std::vector<Guid>> SiteAdmins(store::Connection& c) override;
  Result<std::vector<UserChange>> UsersChangedSince(store::Connection& c, int64_t time,
                                                    Guid after_guid, int limit) override;
  Result<std::optional<HostUser>> FindUserBySubject(store::Connection& c, SubjectKind kind,
                                                    const std::string& value) override;
  Result<std::optional<HostGroup>> GetGroup(store::Connection& c, Guid guid) override;
  Result<std::vector<HostGroup>> ListGroups(store::Connection& c, Guid after_guid,
                                            int limit) override;
  Result<std::vector<Guid>> GroupMembers(store::Connection& c, Guid group, Guid after_guid,
                                         int limit) override;
  Result<std::vector<Membership>> GroupMemberships(store::Connection& c, Guid group,
                                                   Guid after_guid, int limit) override;
  Result<std::vector<MembershipSignature>> MembershipSignatures(
      store::Connection& c, const std::vector<Guid>& groups) override;
  Result<std::vector<Guid>> GroupAdmins(store::Connection& c, Guid group) override;
  Result<bool> IsMember(store::Connection& c, Guid user, Guid group) override;
  Result<std::vector<HostUser>> GetUsers(store::Connection& c,
                                         const std::vector<Guid>& guids) override;
  Result<std::vector<Guid>> MembersAmong(store::Connection& c, Guid group,
                                         const std::vector<Guid>& users) override;
  Result<std::vector<HostGroup>> GetGroups(store::Connection& c,
                                           const std::vector<Guid>& groups) override;
  Result<std::vector<Guid>> AdminOfAmong(store::Connection& c, Guid user,
                                         const std::vector<Guid>& groups) override;
  Result<std::vector<Guid>> MemberGroups(store::Connection& c, Guid user) override;
  Result<bool> IsGroupAdmin(store::Connection& c, Guid user, Guid group) override;
  Result<std::vector<ProfileValue>> ProfileValues(store::Connection& c, Guid user) override;
  Result<std::vector<ProfileValue>> ProfileValuesBetween(store::Connection& c, Guid first,
                                                         Guid last) override;
  Result<AccessContext> LoadAccessContext(store::Connection& c, Guid viewer) override;
  Result<Guid> SiteOfUser(store::Connection& c, Guid user) override;

 private:
  std::unique_ptr<HostReader> owned_;
  std::atomic<HostReader*> target_{nullptr};
};

}  // namespace klussen::host
