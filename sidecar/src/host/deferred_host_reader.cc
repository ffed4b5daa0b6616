#include "host/deferred_host_reader.h"

#include <cstdlib>

namespace klussen::host {
namespace {

Status NotStarted() {
  return Unavailable("the sidecar is starting: the database has not been reached yet");
}

}  // namespace

// Forwards to the installed reader, or answers Unavailable before there is one.
#define KL_DEFERRED_CALL(call)                                  \
  HostReader* target = target_.load(std::memory_order_acquire); \
  if (target == nullptr) return NotStarted();                   \
  return target->call

DeferredHostReader::~DeferredHostReader() = default;

void DeferredHostReader::Install(std::unique_ptr<HostReader> reader) {
  // A second install would free a reader other threads may be using.
  if (!reader || owned_) std::abort();
  owned_ = std::move(reader);
  target_.store(owned_.get(), std::memory_order_release);
}

const HostSchema& DeferredHostReader::schema() const {
  static const HostSchema kUnknown;
  HostReader* target = target_.load(std::memory_order_acquire);
  return target == nullptr ? kUnknown : target->schema();
}

Result<HostCounts> DeferredHostReader::Counts(store::Connection& c) { KL_DEFERRED_CALL(Counts(c)); }

Result<std::optional<HostUser>> DeferredHostReader::GetUser(store::Connection& c, Guid guid) {
  KL_DEFERRED_CALL(GetUser(c, guid));
}

Result<std::vector<HostUser>> DeferredHostReader::ListUsers(store::Connection& c, Guid after_guid,
                                                            int limit) {
  KL_DEFERRED_CALL(ListUsers(c, after_guid, limit));
}

Result<std::vector<Guid>> DeferredHostReader::SiteAdmins(store::Connection& c) {
  KL_DEFERRED_CALL(SiteAdmins(c));
}

Result<std::vector<HostReader::UserChange>> DeferredHostReader::UsersChangedSince(
    store::Connection& c, int64_t time, Guid after_guid, int limit) {
  KL_DEFERRED_CALL(UsersChangedSince(c, time, after_guid, limit));
}

Result<std::optional<HostUser>> DeferredHostReader::FindUserBySubject(store::Connection& c,
                                                                      SubjectKind kind,
                                                                      const std::string& value) {
  KL_DEFERRED_CALL(FindUserBySubject(c, kind, value));
}

Result<std::optional<HostGroup>> DeferredHostReader::GetGroup(store::Connection& c, Guid guid) {
  KL_DEFERRED_CALL(GetGroup(c, guid));
}

Result<std::vector<HostGroup>> DeferredHostReader::ListGroups(store::Connection& c, Guid after_guid,
                                                              int limit) {
  KL_DEFERRED_CALL(ListGroups(c, after_guid, limit));
}

Result<std::vector<Guid>> DeferredHostReader::GroupMembers(store::Connection& c, Guid group,
                                                           Guid after_guid, int limit) {
  KL_DEFERRED_CALL(GroupMembers(c, group, after_guid, limit));
}

Result<std::vector<Guid>> DeferredHostReader::ActiveUserGuids(store::Connection& c, Guid after_guid,
                                                              Guid last_guid, int limit) {
  KL_DEFERRED_CALL(ActiveUserGuids(c, after_guid, last_guid, limit));
}

Result<std::vector<HostReader::Membership>> DeferredHostReader::GroupMemberships(
    store::Connection& c, Guid group, Guid after_guid, int limit) {
  KL_DEFERRED_CALL(GroupMemberships(c, group, after_guid, limit));
}

Result<std::vector<HostReader::MembershipSignature>> DeferredHostReader::MembershipSignatures(
    store::Connection& c, const std::vector<Guid>& groups) {
  KL_DEFERRED_CALL(MembershipSignatures(c, groups));
}

Result<std::vector<Guid>> DeferredHostReader::GroupAdmins(store::Connection& c, Guid group) {
  KL_DEFERRED_CALL(GroupAdmins(c, group));
}

Result<bool> DeferredHostReader::IsMember(store::Connection& c, Guid user, Guid group) {
  KL_DEFERRED_CALL(IsMember(c, user, group));
}

Result<std::vector<HostUser>> DeferredHostReader::GetUsers(store::Connection& c,
                                                           const std::vector<Guid>& guids) {
  KL_DEFERRED_CALL(GetUsers(c, guids));
}

Result<std::vector<Guid>> DeferredHostReader::MembersAmong(store::Connection& c, Guid group,
                                                           const std::vector<Guid>& users) {
  KL_DEFERRED_CALL(MembersAmong(c, group, users));
}

Result<std::vector<HostGroup>> DeferredHostReader::GetGroups(store::Connection& c,
                                                             const std::vector<Guid>& groups) {
  KL_DEFERRED_CALL(GetGroups(c, groups));
}

Result<std::vector<Guid>> DeferredHostReader::AdminOfAmong(store::Connection& c, Guid user,
                                                           const std::vector<Guid>& groups) {
  KL_DEFERRED_CALL(AdminOfAmong(c, user, groups));
}

Result<Guid> DeferredHostReader::SiteOfUser(store::Connection& c, Guid user) {
  KL_DEFERRED_CALL(SiteOfUser(c, user));
}

Result<std::vector<Guid>> DeferredHostReader::MemberGroups(store::Connection& c, Guid user) {
  KL_DEFERRED_CALL(MemberGroups(c, user));
}

Result<bool> DeferredHostReader::IsGroupAdmin(store::Connection& c, Guid user, Guid group) {
  KL_DEFERRED_CALL(IsGroupAdmin(c, user, group));
}

Result<std::vector<ProfileValue>> DeferredHostReader::ProfileValues(store::Connection& c,
                                                                    Guid user) {
  KL_DEFERRED_CALL(ProfileValues(c, user));
}

Result<std::vector<ProfileValue>> DeferredHostReader::ProfileValuesBetween(store::Connection& c,
                                                                           Guid first, Guid last) {
  KL_DEFERRED_CALL(ProfileValuesBetween(c, first, last));
}

Result<AccessContext> DeferredHostReader::LoadAccessContext(store::Connection& c, Guid viewer) {
  KL_DEFERRED_CALL(LoadAccessContext(c, viewer));
}

#undef KL_DEFERRED_CALL

}  // namespace klussen::host
