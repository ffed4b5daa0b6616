// The Elgg 3.x-6.x reader: its SQL. The reading logic both generations share
// is in sql_host_reader.cc.
//
// Shape (reference elgg-host.md §1.3): no secondary tables; a user's name,
// username, language, admin and banned flags and a group's name and
// description are metadata rows (names and values inline, no access control);
// profile values are annotations `profile:<field>` with their own owner and
// access_id, and their metadata copy is never read (it has no access
// control); the group ACL is the access_collections row the group owns with
// subtype 'group_acl'; friends are a per-user ACL, so there is no -2 rule.
// Optional columns: entities.deleted (6.0+), annotations.enabled (3.x-5.x).
//
// Every query here is listed, with the index it relies on, in
// sql/host-queries.md. Templates name the prefix as {prefix}.

#include "host/reader_internal.h"

namespace klussen::host::internal {
namespace {

// An active user: alias e (entities). Banned users keep an enabled entity;
// their metadata says banned = 'yes'.
constexpr const char* kActiveUser = R"sql(e.type = 'user' AND e.enabled = 'yes'{e_not_deleted}
  AND NOT EXISTS (SELECT 1 FROM {prefix}metadata b
                  WHERE b.entity_guid = e.guid AND b.name = 'banned' AND b.value = 'yes'))sql";

// An active group: alias ge (entities).
constexpr const char* kActiveGroup =
    R"sql(ge.type = 'group' AND ge.enabled = 'yes'{ge_not_deleted})sql";

// The newest metadata value `{name}` of entity {alias}. Found by MAX(id) over
// the entity's rows, not ORDER BY id DESC LIMIT 1: with that, MariaDB may walk
// the whole table backwards on PRIMARY once per entity (seconds per page of
// users at 100,000 members).
constexpr const char* kMetadataValue = R"sql((SELECT m.value FROM {prefix}metadata m
   WHERE m.id = (SELECT MAX(m2.id) FROM {prefix}metadata m2
                 WHERE m2.entity_guid = {alias}.guid AND m2.name = '{name}')))sql";

constexpr const char* kUsers = R"sql(
SELECT e.guid, {user_name}, {user_username}, {user_language},
  EXISTS (SELECT 1 FROM {prefix}metadata a
          WHERE a.entity_guid = e.guid AND a.name = 'admin' AND a.value = 'yes'),
  e.access_id, NULL
FROM {prefix}entities e
WHERE {guid_condition} AND {active_user}
ORDER BY e.guid
LIMIT ?
)sql";

// One user for GetUser: the entity and its metadata rows of the five names
// the reader needs, one row each (one row of NULLs when it has none). The
// reader keeps the newest row of each name and drops the user when any
// banned row says 'yes', as kUsers does in SQL. One index range instead of
// kUsers' five correlated subqueries: this read runs on every request (the
// authenticator's "is the viewer active"), and costs a third of kUsers. The
// name and the 'yes' are compared here, in the column's collation, as kUsers
// compares them.
constexpr const char* kUserWithMetadata = R"sql(
SELECT e.guid, e.access_id, m.id,
  CASE m.name WHEN 'name' THEN 1 WHEN 'username' THEN 2 WHEN 'language' THEN 3
              WHEN 'admin' THEN 4 WHEN 'banned' THEN 5 END,
  m.value, m.value = 'yes'
FROM {prefix}entities e
LEFT JOIN {prefix}metadata m ON m.entity_guid = e.guid
  AND m.name IN ('name', 'username', 'language', 'admin', 'banned')
WHERE e.guid = ? AND e.type = 'user' AND e.enabled = 'yes'{e_not_deleted}
LIMIT ?
)sql";

// Users whose newest metadata value {subject_name} (username, email or
// pleio_guid) equals the bound value, with that value for the exact
// comparison in C++. Older rows of the same name do not count: the newest
// one is what Elgg shows and logs in with.
constexpr const char* kUsersBySubject = R"sql(
SELECT e.guid, {user_name}, {user_username}, {user_language},
  EXISTS (SELECT 1 FROM {prefix}metadata a
          WHERE a.entity_guid = e.guid AND a.name = 'admin' AND a.value = 'yes'),
  e.access_id, NULL, s.value
FROM {prefix}metadata s
JOIN {prefix}entities e ON e.guid = s.entity_guid
WHERE s.name = '{subject_name}' AND s.value = ? AND {active_user}
  AND s.id = (SELECT MAX(n.id) FROM {prefix}metadata n
              WHERE n.entity_guid = e.guid AND n.name = '{subject_name}')
ORDER BY e.guid
LIMIT ?
)sql";

constexpr const char* kActiveUserGuids = R"sql(
SELECT e.guid
FROM {prefix}entities e
WHERE e.guid > ? AND e.guid <= ? AND {active_user}
ORDER BY e.guid
LIMIT ?
)sql";

constexpr const char* kSiteAdmins = R"sql(
SELECT DISTINCT e.guid
FROM {prefix}metadata a
JOIN {prefix}entities e ON e.guid = a.entity_guid
WHERE a.name = 'admin' AND a.value = 'yes' AND {active_user}
ORDER BY e.guid
LIMIT ?
)sql";

constexpr const char* kCounts = R"sql(
SELECT
  (SELECT COUNT(*) FROM {prefix}entities e WHERE {active_user}),
  (SELECT COUNT(*) FROM {prefix}entities ge WHERE {active_group}),
  (SELECT COUNT(*) FROM {prefix}entity_relationships r
     JOIN {prefix}entities ge ON ge.guid = r.guid_two
     JOIN {prefix}entities e ON e.guid = r.guid_one
   WHERE r.relationship = 'member' AND {active_group} AND {active_user})
)sql";

constexpr const char* kGroups = R"sql(
SELECT ge.guid, {group_name}, {group_description}, ge.owner_guid, ge.access_id,
  {group_membership},
  (SELECT MIN(ac.id) FROM {prefix}access_collections ac
   WHERE ac.owner_guid = ge.guid AND ac.subtype = 'group_acl'),
  {group_klussen_enable}
FROM {prefix}entities ge
WHERE {guid_condition} AND {active_group}
ORDER BY ge.guid
LIMIT ?
)sql";

constexpr const char* kGroupMembers = R"sql(
SELECT r.guid_one
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
WHERE r.guid_two = ? AND r.relationship = 'member' AND r.guid_one > ?
  AND {active_group} AND {active_user}
ORDER BY r.guid_one
LIMIT ?
)sql";

// Raw `member` rows of one group, for the group access cache: no user
// filter (active users are checked per candidate), no group filter (the
// group's own state is read per request).
constexpr const char* kGroupMemberships = R"sql(
SELECT r.guid_one, r.id
FROM {prefix}entity_relationships r
WHERE r.guid_two = ? AND r.relationship = 'member' AND r.guid_one > ?
ORDER BY r.guid_one
LIMIT ?
)sql";

// The change detector of the group access cache, for a fixed batch of groups.
constexpr const char* kMembershipSignatures = R"sql(
SELECT r.guid_two, COUNT(*), MAX(r.id), BIT_XOR(r.id)
FROM {prefix}entity_relationships r
WHERE r.guid_two IN ({signature_groups}) AND r.relationship = 'member'
GROUP BY r.guid_two
)sql";

constexpr const char* kGroupAdmins = R"sql(
SELECT e.guid
FROM {prefix}entities ge
JOIN {prefix}entities e ON e.guid = ge.owner_guid
WHERE ge.guid = ? AND {active_group} AND {active_user}
UNION
SELECT e.guid
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
WHERE r.guid_two = ? AND r.relationship = 'group_admin' AND {active_group} AND {active_user}
ORDER BY 1
LIMIT ?
)sql";

constexpr const char* kIsMember = R"sql(
SELECT 1
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
WHERE r.guid_one = ? AND r.relationship = 'member' AND r.guid_two = ?
  AND {active_group} AND {active_user}
LIMIT 1
)sql";

// IsGroupAdmin for a batch: which of the listed groups the user administers.
constexpr const char* kAdminOfAmong = R"sql(
SELECT ge.guid
FROM {prefix}entities e
JOIN {prefix}entities ge
WHERE e.guid = ? AND ge.guid IN ({batch_users}) AND {active_user} AND {active_group}
  AND (ge.owner_guid = e.guid OR EXISTS (
    SELECT 1 FROM {prefix}entity_relationships r
    WHERE r.guid_one = e.guid AND r.relationship = 'group_admin' AND r.guid_two = ge.guid))
)sql";

// IsMember for a batch: which of the listed users are members of the group.
constexpr const char* kMembersAmong = R"sql(
SELECT r.guid_one
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
WHERE r.guid_two = ? AND r.relationship = 'member' AND r.guid_one IN ({batch_users})
  AND {active_group} AND {active_user}
)sql";

constexpr const char* kMemberGroups = R"sql(
SELECT r.guid_two
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
WHERE r.guid_one = ? AND r.relationship = 'member'
  AND {active_group} AND {active_user}
ORDER BY r.guid_two
LIMIT ?
)sql";

constexpr const char* kUsersChangedSince = R"sql(
SELECT e.guid, e.time_updated
FROM {prefix}entities e
WHERE e.type = 'user' AND (e.time_updated > ? OR (e.time_updated = ? AND e.guid > ?))
ORDER BY e.time_updated, e.guid
LIMIT ?
)sql";

constexpr const char* kIsGroupAdmin = R"sql(
SELECT 1
FROM {prefix}entities e
JOIN {prefix}entities ge
WHERE e.guid = ? AND ge.guid = ? AND {active_user} AND {active_group}
  AND (ge.owner_guid = e.guid OR EXISTS (
    SELECT 1 FROM {prefix}entity_relationships r
    WHERE r.guid_one = e.guid AND r.relationship = 'group_admin' AND r.guid_two = ge.guid))
LIMIT 1
)sql";

constexpr const char* kProfileValues = R"sql(
SELECT a.name, a.value, a.owner_guid, a.access_id
FROM {prefix}entities e
JOIN {prefix}annotations a ON a.entity_guid = e.guid
WHERE e.guid = ? AND {active_user}
  AND a.name IN ({field_names}){annotation_enabled}
ORDER BY a.id
LIMIT ?
)sql";

constexpr const char* kProfileValuesBetween = R"sql(
SELECT a.name, a.value, a.owner_guid, a.access_id
FROM {prefix}entities e
JOIN {prefix}annotations a ON a.entity_guid = e.guid
WHERE e.guid BETWEEN ? AND ? AND {active_user}
  AND a.name IN ({field_names}){annotation_enabled}
ORDER BY e.guid, a.id
LIMIT ?
)sql";

constexpr const char* kViewerAcls = R"sql(
SELECT am.access_collection_id
FROM {prefix}access_collection_membership am
WHERE am.user_guid = ?
UNION
SELECT ac.id
FROM {prefix}access_collections ac
WHERE ac.owner_guid = ?
ORDER BY 1
LIMIT ?
)sql";

}  // namespace

HostQueries Elgg3Queries(const HostSchema& schema, const HostSettings& settings) {
  auto metadata_value = [](const char* alias, const char* name) {
    return ExpandSql(kMetadataValue, {{"alias", alias}, {"name", name}});
  };
  // Expanded in order: fragments bring in {e_not_deleted}, {ge_not_deleted}
  // and {prefix}, so those come after them.
  const std::vector<std::vector<std::pair<std::string_view, std::string>>> passes = {
      {
          {"active_user", kActiveUser},
          {"active_group", kActiveGroup},
          {"user_name", metadata_value("e", "name")},
          {"user_username", metadata_value("e", "username")},
          {"user_language", metadata_value("e", "language")},
          {"group_name", metadata_value("ge", "name")},
          {"group_description", metadata_value("ge", "description")},
          {"group_membership", metadata_value("ge", "membership")},
          {"group_klussen_enable", metadata_value("ge", "klussen_enable")},
          {"field_names", Placeholders(settings.profile_fields.size())},
          {"annotation_enabled", schema.annotations_enabled ? " AND a.enabled = 'yes'" : ""},
      },
      {
          {"e_not_deleted", schema.entities_deleted ? " AND e.deleted = 'no'" : ""},
          {"ge_not_deleted", schema.entities_deleted ? " AND ge.deleted = 'no'" : ""},
          {"prefix", schema.prefix},
      },
  };
  auto build = [&](const char* sql_template, const char* guid_condition = "") {
    std::string sql = ExpandSql(sql_template, {{"guid_condition", guid_condition}});
    for (const auto& values : passes) sql = ExpandSql(sql, values);
    return sql;
  };

  HostQueries q;
  q.counts = build(kCounts);
  q.get_user = build(kUsers, "e.guid = ?");
  q.get_user_with_metadata = build(kUserWithMetadata);
  q.list_users = build(kUsers, "e.guid > ?");
  q.active_user_guids = build(kActiveUserGuids);
  q.site_admins = build(kSiteAdmins);
  q.get_group = build(kGroups, "ge.guid = ?");
  q.list_groups = build(kGroups, "ge.guid > ?");
  q.group_members = build(kGroupMembers);
  q.group_memberships = build(kGroupMemberships);
  q.membership_signatures =
      ExpandSql(build(kMembershipSignatures),
                {{"signature_groups", Placeholders(HostReader::kMaxSignatureGroups)}});
  q.group_admins = build(kGroupAdmins);
  q.is_member = build(kIsMember);
  const std::string batch_users = Placeholders(HostReader::kMaxBatchUsers);
  q.get_users = build(kUsers, ("e.guid IN (" + batch_users + ")").c_str());
  q.members_among = ExpandSql(build(kMembersAmong), {{"batch_users", batch_users}});
  q.get_groups = build(kGroups, ("ge.guid IN (" + batch_users + ")").c_str());
  q.admin_of_among = ExpandSql(build(kAdminOfAmong), {{"batch_users", batch_users}});
  q.member_groups = build(kMemberGroups);
  q.users_changed_since = build(kUsersChangedSince);
  q.is_group_admin = build(kIsGroupAdmin);
  q.profile_values = build(kProfileValues);
  q.profile_values_between = build(kProfileValuesBetween);
  q.viewer_acls = build(kViewerAcls);
  // No friended_by: 3.0 turned -2 into each user's 'friends' ACL, which
  // viewer_acls already covers.
  auto by_subject = [&](const char* name) {
    return build(ExpandSql(kUsersBySubject, {{"subject_name", name}}).c_str());
  };
  // A best guess: no Pleio site on Elgg 3+ has been seen; a plugin that kept
  // mod_pleio's guid would store it as metadata of this name.
  q.user_by_pleio_guid = by_subject("pleio_guid");
  q.pleio_guid_is_text = true;
  q.user_by_username = by_subject("username");
  q.user_by_email = by_subject("email");
  for (const auto& field : settings.profile_fields) {
    q.profile_stored_names.push_back("profile:" + field);
  }
  return q;
}

}  // namespace klussen::host::internal
