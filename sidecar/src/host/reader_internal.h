// Internal to host/: what the generation readers share. Not part of the host
// API (include host_reader.h instead).
//
// One reader class (sql_host_reader.cc) holds the reading logic; each schema
// generation contributes only its SQL, built once from the probed schema
// (elgg1_reader.cc, elgg3_reader.cc). Every query there is listed, with the
// index it relies on, in sql/host-queries.md.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "host/host_model.h"
#include "host/host_reader.h"
#include "store/database.h"

namespace klussen::host::internal {

// Largest page ListUsers/ListGroups/GroupMembers serve in one call.
inline constexpr int kMaxPageSize = 5000;
// Users one subject lookup may match before the reader gives up (the
// collation may match case and accent variants that are then dropped).
inline constexpr int kMaxSubjectCandidates = 20;
// Bound for lists that are not paged (site admins, group admins, a viewer's
// ACLs, a user's profile values, the users who friended a viewer).
inline constexpr int kMaxUnpagedRows = 20000;

// The SQL of one generation and the parameters that differ between
// generations. Parameters are listed in the order the statement binds them;
// "site..." stands for the matching *_site_params vector.
//
// Result rows, the same for both generations:
//   user rows:    guid, name, username, language, is_admin (0/1), entity access_id,
//                 pleio_guid (NULL when unknown)
//   group rows:   guid, name, description, owner_guid, entity access_id,
//                 membership metadata, group ACL id, klussen_enable metadata
//                 (NULL when a metadata row is absent)
//   profile rows: stored name, value, owner_guid, access_id
struct HostQueries {
  std::string counts;             // () -> users, groups, memberships
  std::string get_user;           // (guid, limit) -> user rows
  // (guid, limit) -> guid, entity access_id, metadata id, field (1 name, 2 username,
  // 3 language, 4 admin, 5 banned), value, value = 'yes' (0/1): one row per metadata row of
  // those names, or one with NULL metadata columns. Empty: GetUser runs get_user instead
  // (elgg1 keeps the user's fields in users_entity, so get_user is one join there).
  std::string get_user_with_metadata;
  std::string list_users;         // (after_guid, limit) -> user rows
  std::string active_user_guids;  // (after_guid, last_guid, limit) -> guid
  std::string site_admins;        // (limit) -> guid
  std::string get_group;          // (site..., guid, limit) -> group rows
  std::string list_groups;        // (site..., after_guid, limit) -> group rows
  std::string group_members;      // (group, after_guid, limit) -> guid
  // (group, after_guid, limit) -> guid_one, row id (no user filter)
  std::string group_memberships;
  // (kMaxSignatureGroups group guids, 0 for unused) -> group, count, max id, xor of ids
  std::string membership_signatures;
  std::string group_admins;  // (group, group, limit) -> guid
  std::string is_member;     // (user, group) -> a row when true
  // (kMaxBatchUsers guids, 0 for unused, limit) -> user rows
  std::string get_users;
  // (group, kMaxBatchUsers guids, 0 for unused) -> guid of each member among them
  std::string members_among;
  // (site..., kMaxBatchUsers group guids, 0 for unused, limit) -> group rows
  std::string get_groups;
  // (user, kMaxBatchUsers group guids, 0 for unused) -> guid of each group the user administers
  std::string admin_of_among;
  std::string member_groups;  // (user, limit) -> group guid
  // (user) -> the active user's own site guid, 1 when also a member of the
  // configured site. Empty: one site only (3.0 dropped multi-site), whose
  // members every active user is.
  std::string site_of_user;
  // (time, time, after_guid, limit) -> guid, time_updated of any user entity
  std::string users_changed_since;
  std::string is_group_admin;  // (user, group) -> a row when true
  std::string profile_values;  // (user, stored names..., site..., limit) -> profile rows
  // (first, last, stored names..., site..., limit) -> profile rows, by owner
  std::string profile_values_between;
  std::string viewer_acls;  // (viewer, site..., viewer, site..., limit) -> ACL id
  std::string friended_by;  // (viewer, limit) -> guid; empty: the generation has no -2
  // (value, limit) -> user rows plus the stored value that matched (column 7,
  // compared exactly by the reader: the column's collation may match more).
  // user_by_pleio_guid is empty when the host cannot look pleio guids up.
  std::string user_by_pleio_guid;
  std::string user_by_username;
  std::string user_by_email;
  bool pleio_guid_is_text = false;  // bind the pleio guid as text (elgg3 metadata), else BIGINT

  std::vector<store::SqlParam> group_site_params;    // before the guid in get/list_group
  std::vector<store::SqlParam> profile_site_params;  // after the stored names
  std::vector<store::SqlParam> acl_site_params;      // after each viewer in viewer_acls
  // How each configured profile field is stored (parallel to
  // HostSettings::profile_fields): "skills" in elgg1, "profile:skills" in elgg3.
  std::vector<std::string> profile_stored_names;
};

HostQueries Elgg1Queries(const HostSchema& schema, const HostSettings& settings);
HostQueries Elgg3Queries(const HostSchema& schema, const HostSettings& settings);

std::unique_ptr<HostReader> NewSqlHostReader(HostSchema schema, HostSettings settings,
                                             HostQueries queries);

// Replaces every "{name}" in `sql_template` by its value; unknown names stay.
// Only the validated prefix and fixed SQL fragments are ever substituted,
// never input values.
std::string ExpandSql(std::string_view sql_template,
                      const std::vector<std::pair<std::string_view, std::string>>& values);

// "?, ?, ?" with `count` placeholders.
std::string Placeholders(size_t count);

// InvalidArgument unless 1 <= limit <= kMaxPageSize.
Status CheckPageLimit(int limit);

}  // namespace klussen::host::internal
