// Read-only access to the host's (Elgg's) tables, one implementation per
// schema generation (elgg1_reader.cc, elgg3_reader.cc), chosen by the probe.
//
// Contract:
//  - SELECT only, prepared statements only; every query is listed with the
//    index it relies on in sql/host-queries.md.
//  - Users are only ever returned when enabled, not deleted and not banned.
//    Groups only when enabled and not deleted.
//  - Profile values are returned with their access; callers filter them with
//    access.h before showing anything to a viewer (VisibleProfileValues does).
//  - Not-found is an empty optional / false, never an error. Database failures
//    are Unavailable/Internal Status values.
// Threading: a reader is stateless apart from its settings; every call takes
// the Connection to use, which the caller owns for the duration of the call.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "host/access.h"
#include "host/host_model.h"
#include "store/database.h"

namespace klussen::host {

struct HostSettings {
  std::string prefix = "elgg_";
  Guid site_guid = 1;
  std::vector<std::string> profile_fields = {"skills", "interests", "description", "location",
                                             "organisation"};
  bool klussen_tool_default = true;
};

// Validates a table prefix against ^[A-Za-z_][A-Za-z0-9_]*$ (max 32 chars).
Status ValidatePrefix(const std::string& prefix);

// Looks at information_schema and tells the generation apart (elgg-host.md
// §1.5). A database of neither shape is FailedPrecondition with a message
// naming what was found and what was expected.
Result<HostSchema> ProbeHostSchema(store::Connection& connection, const std::string& prefix);

// What an OIDC token's `sub` names (config oidc_subject_maps_to).
enum class SubjectKind { kPleioGuid, kUsername, kEmail };

class HostReader {
 public:
  virtual ~HostReader() = default;

  virtual const HostSchema& schema() const = 0;

  virtual Result<HostCounts> Counts(store::Connection& c) = 0;

  virtual Result<std::optional<HostUser>> GetUser(store::Connection& c, Guid guid) = 0;
  // Active users with guid > after_guid, ascending, at most `limit`.
  virtual Result<std::vector<HostUser>> ListUsers(store::Connection& c, Guid after_guid,
                                                  int limit) = 0;
  // Guids of the active users with after_guid < guid <= last_guid, ascending,
  // at most `limit`: only whether they are active, for the start-up load.
  virtual Result<std::vector<Guid>> ActiveUserGuids(store::Connection& c, Guid after_guid,
                                                    Guid last_guid, int limit) = 0;
  virtual Result<std::vector<Guid>> SiteAdmins(store::Connection& c) = 0;
  // User entities (active or not) whose time_updated is after (time,
  // after_guid) in (time_updated, guid) order, at most `limit`: how the match
  // index notices profile edits (Elgg saves the user entity after a profile
  // edit) and departures.
  struct UserChange {
    Guid guid = 0;
    int64_t time_updated = 0;
  };
  virtual Result<std::vector<UserChange>> UsersChangedSince(store::Connection& c, int64_t time,
                                                            Guid after_guid, int limit) = 0;
  // The active user `value` names: pleio_guid (decimal, as mod_pleio stores
  // it), username (exact) or email (ASCII case-insensitive). More than one
  // active match is FailedPrecondition (ambiguous), as is pleio_guid on a
  // host without that column.
  virtual Result<std::optional<HostUser>> FindUserBySubject(store::Connection& c, SubjectKind kind,
                                                            const std::string& value) = 0;

  virtual Result<std::optional<HostGroup>> GetGroup(store::Connection& c, Guid guid) = 0;
  virtual Result<std::vector<HostGroup>> ListGroups(store::Connection& c, Guid after_guid,
                                                    int limit) = 0;
  // Active members (`member` relationship), ascending guid, paged.
  virtual Result<std::vector<Guid>> GroupMembers(store::Connection& c, Guid group, Guid after_guid,
                                                 int limit) = 0;
  // Every `member` relationship of `group` with user guid > after_guid,
  // ascending user guid, at most `limit`, with the relationship row's id;
  // users are not filtered for being active (callers check that per user).
  // What the group access cache (suggest/group_access_cache.h) keeps.
  struct Membership {
    Guid user = 0;
    int64_t row_id = 0;
  };
  virtual Result<std::vector<Membership>> GroupMemberships(store::Connection& c, Guid group,
                                                           Guid after_guid, int limit) = 0;
  // A change detector over the `member` relationship rows of each group in
  // `groups` (at most kMaxSignatureGroups): their count, highest row id and
  // the XOR of their row ids. Elgg inserts a row to join and deletes it to
  // leave (never updates one), and row ids only grow, so any join or leave
  // changes the signature. Groups without rows are left out of the answer.
  struct MembershipSignature {
    Guid group = 0;
    int64_t count = 0;
    int64_t max_row_id = 0;
    int64_t row_id_xor = 0;
    bool operator==(const MembershipSignature&) const = default;
  };
  static constexpr size_t kMaxSignatureGroups = 64;
  virtual Result<std::vector<MembershipSignature>> MembershipSignatures(
      store::Connection& c, const std::vector<Guid>& groups) = 0;
  // Group admins: the owner plus `group_admin` holders; active users only.
  virtual Result<std::vector<Guid>> GroupAdmins(store::Connection& c, Guid group) = 0;
  virtual Result<bool> IsMember(store::Connection& c, Guid user, Guid group) = 0;
  // Batch forms of GetUser and IsMember for a page of results (at most
  // kMaxBatchUsers guids; one read each): the active users among `guids`, and
  // those of `users` who are members of `group`, in no particular order.
  static constexpr size_t kMaxBatchUsers = 64;
  virtual Result<std::vector<HostUser>> GetUsers(store::Connection& c,
                                                 const std::vector<Guid>& guids) = 0;
  virtual Result<std::vector<Guid>> MembersAmong(store::Connection& c, Guid group,
                                                 const std::vector<Guid>& users) = 0;
  // Batch forms of GetGroup and IsGroupAdmin (at most kMaxBatchUsers groups):
  // the groups among `groups` that exist, and those of them `user` administers.
  virtual Result<std::vector<HostGroup>> GetGroups(store::Connection& c,
                                                   const std::vector<Guid>& groups) = 0;
  virtual Result<std::vector<Guid>> AdminOfAmong(store::Connection& c, Guid user,
                                                 const std::vector<Guid>& groups) = 0;
  // The active groups `user` is a member of, ascending guid (bounded like
  // the other unpaged lists).
  virtual Result<std::vector<Guid>> MemberGroups(store::Connection& c, Guid user) = 0;
  virtual Result<bool> IsGroupAdmin(store::Connection& c, Guid user, Guid group) = 0;
  // The site an active user belongs to, for a viewer no glue vouched a site
  // for (a bearer token): the configured site (HostSettings::site_guid) when
  // the user is a member of it, else the user's own site. Elgg 1.x multi-site:
  // a member is a user created on the site (entities.site_guid) or holding a
  // `member_of_site` relationship to it. Elgg 3+ has one site, so every
  // active user is its member. NotFound when the user is not active.
  virtual Result<Guid> SiteOfUser(store::Connection& c, Guid user) = 0;

  // Every stored value of the configured profile fields of `user`, with its
  // access (not filtered for any viewer). Empty when the user is not active.
  virtual Result<std::vector<ProfileValue>> ProfileValues(store::Connection& c, Guid user) = 0;
  // The same for every active user with first <= guid <= last, by owner (for
  // loading the match index in pages). ResourceExhausted when the range holds
  // more values than one answer may: ask again with a smaller range.
  virtual Result<std::vector<ProfileValue>> ProfileValuesBetween(store::Connection& c, Guid first,
                                                                 Guid last) = 0;

  // The viewer's access set; a viewer that is not an active user gets the
  // logged-out context.
  virtual Result<AccessContext> LoadAccessContext(store::Connection& c, Guid viewer) = 0;

  // ProfileValues filtered by Elgg's rules for `viewer`.
  Result<std::vector<ProfileValue>> VisibleProfileValues(store::Connection& c,
                                                         const AccessContext& viewer, Guid user);
  // May `viewer` see group G's entity at all (hidden groups use their ACL)?
  Result<bool> CanSeeGroup(store::Connection& c, const AccessContext& viewer, Guid group);
};

// Builds the reader for the probed schema.
Result<std::unique_ptr<HostReader>> MakeHostReader(const HostSchema& schema,
                                                   const HostSettings& settings);

}  // namespace klussen::host
