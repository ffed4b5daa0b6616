// The Elgg 1.8-2.x reader (Pleio's generation): its SQL. The reading logic
// both generations share is in sql_host_reader.cc.
//
// Shape (reference elgg-host.md §1.2): users and groups have secondary tables
// (users_entity, groups_entity); metadata names and values are ids into
// metastrings, whose strings are not unique, so every lookup joins by string
// with BINARY (Elgg compares case-sensitively) instead of caching an id;
// profile fields are metadata rows with their own owner and access_id; the
// group ACL id is the group's `group_acl` metadata; ACLs carry a site_guid.
// Pleio: users_entity.pleio_guid (mod_pleio) and metadata.site_guid
// (subsite_manager: rows of this site, 0 or NULL) when those columns exist.
//
// Every query here is listed, with the index it relies on, in
// sql/host-queries.md. Templates name the prefix as {prefix}.

#include "host/reader_internal.h"

namespace klussen::host::internal {
namespace {

// An active user: aliases e (entities) and u (users_entity).
constexpr const char* kActiveUser =
    R"sql(e.type = 'user' AND e.enabled = 'yes' AND u.banned = 'no')sql";

// An active group of this site: alias ge (entities). In 1.x every entity
// carries its site; under Pleio's subsite_manager groups of other subsites
// share the tables. {site_guid} is the configured integer, spliced once when
// the reader is built (like the prefix), never a request value.
constexpr const char* kActiveGroup =
    R"sql(ge.type = 'group' AND ge.enabled = 'yes' AND ge.site_guid = {site_guid})sql";

// Pleio subsite_manager: only metadata of this site (or of none).
constexpr const char* kMetadataSite = R"sql( AND COALESCE(m.site_guid, 0) IN (?, 0))sql";

constexpr const char* kUsers = R"sql(
SELECT u.guid, u.name, u.username, u.language, u.admin = 'yes', e.access_id, {pleio_guid}
FROM {prefix}users_entity u
JOIN {prefix}entities e ON e.guid = u.guid
WHERE {guid_condition} AND {active_user}
ORDER BY u.guid
LIMIT ?
)sql";

// Users whose {subject_column} (username, email or pleio_guid) equals the
// bound value, with that column's value for the exact comparison in C++.
constexpr const char* kUsersBySubject = R"sql(
SELECT u.guid, u.name, u.username, u.language, u.admin = 'yes', e.access_id, {pleio_guid},
  {subject_column}
FROM {prefix}users_entity u
JOIN {prefix}entities e ON e.guid = u.guid
WHERE {subject_column} = ? AND {active_user}
ORDER BY u.guid
LIMIT ?
)sql";

constexpr const char* kActiveUserGuids = R"sql(
SELECT u.guid
FROM {prefix}users_entity u
JOIN {prefix}entities e ON e.guid = u.guid
WHERE u.guid > ? AND u.guid <= ? AND {active_user}
ORDER BY u.guid
LIMIT ?
)sql";

constexpr const char* kSiteAdmins = R"sql(
SELECT u.guid
FROM {prefix}users_entity u
JOIN {prefix}entities e ON e.guid = u.guid
WHERE u.admin = 'yes' AND {active_user}
ORDER BY u.guid
LIMIT ?
)sql";

constexpr const char* kCounts = R"sql(
SELECT
  (SELECT COUNT(*) FROM {prefix}users_entity u
     JOIN {prefix}entities e ON e.guid = u.guid
   WHERE {active_user}),
  (SELECT COUNT(*) FROM {prefix}groups_entity g
     JOIN {prefix}entities ge ON ge.guid = g.guid
   WHERE {active_group}),
  (SELECT COUNT(*) FROM {prefix}entity_relationships r
     JOIN {prefix}entities ge ON ge.guid = r.guid_two
     JOIN {prefix}entities e ON e.guid = r.guid_one
     JOIN {prefix}users_entity u ON u.guid = r.guid_one
   WHERE r.relationship = 'member' AND {active_group} AND {active_user})
)sql";

// The newest enabled metadata value `{name}` of group ge.
constexpr const char* kGroupMetadata = R"sql((SELECT v.string
   FROM {prefix}metadata m
   JOIN {prefix}metastrings n ON n.id = m.name_id
   JOIN {prefix}metastrings v ON v.id = m.value_id
   WHERE m.entity_guid = ge.guid AND n.string = BINARY '{name}' AND m.enabled = 'yes'{metadata_site}
   ORDER BY m.id DESC LIMIT 1))sql";

constexpr const char* kGroups = R"sql(
SELECT ge.guid, g.name, g.description, ge.owner_guid, ge.access_id,
  {membership},
  {group_acl},
  {klussen_enable}
FROM {prefix}groups_entity g
JOIN {prefix}entities ge ON ge.guid = g.guid
WHERE {guid_condition} AND {active_group}
ORDER BY g.guid
LIMIT ?
)sql";

constexpr const char* kGroupMembers = R"sql(
SELECT r.guid_one
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
JOIN {prefix}users_entity u ON u.guid = r.guid_one
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
JOIN {prefix}users_entity u ON u.guid = e.guid
WHERE ge.guid = ? AND {active_group} AND {active_user}
UNION
SELECT e.guid
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
JOIN {prefix}users_entity u ON u.guid = e.guid
WHERE r.guid_two = ? AND r.relationship = 'group_admin' AND {active_group} AND {active_user}
ORDER BY 1
LIMIT ?
)sql";

constexpr const char* kIsMember = R"sql(
SELECT 1
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
JOIN {prefix}users_entity u ON u.guid = r.guid_one
WHERE r.guid_one = ? AND r.relationship = 'member' AND r.guid_two = ?
  AND {active_group} AND {active_user}
LIMIT 1
)sql";

// IsGroupAdmin for a batch: which of the listed groups the user administers.
constexpr const char* kAdminOfAmong = R"sql(
SELECT ge.guid
FROM {prefix}entities e
JOIN {prefix}users_entity u ON u.guid = e.guid
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
JOIN {prefix}users_entity u ON u.guid = r.guid_one
WHERE r.guid_two = ? AND r.relationship = 'member' AND r.guid_one IN ({batch_users})
  AND {active_group} AND {active_user}
)sql";

// Multi-site 1.x (Pleio's subsite_manager): a user belongs to the site they were created on
// (entities.site_guid) and to every site they joined (`member_of_site`).
constexpr const char* kSiteOfUser = R"sql(
SELECT e.site_guid,
       EXISTS (SELECT 1 FROM {prefix}entity_relationships r
               WHERE r.guid_one = e.guid AND r.relationship = 'member_of_site'
                 AND r.guid_two = {site_guid}) AS site_member
FROM {prefix}entities e
JOIN {prefix}users_entity u ON u.guid = e.guid
WHERE e.guid = ? AND {active_user}
LIMIT 1
)sql";

constexpr const char* kMemberGroups = R"sql(
SELECT r.guid_two
FROM {prefix}entity_relationships r
JOIN {prefix}entities ge ON ge.guid = r.guid_two
JOIN {prefix}entities e ON e.guid = r.guid_one
JOIN {prefix}users_entity u ON u.guid = r.guid_one
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
JOIN {prefix}users_entity u ON u.guid = e.guid
JOIN {prefix}entities ge
WHERE e.guid = ? AND ge.guid = ? AND {active_user} AND {active_group}
  AND (ge.owner_guid = e.guid OR EXISTS (
    SELECT 1 FROM {prefix}entity_relationships r
    WHERE r.guid_one = e.guid AND r.relationship = 'group_admin' AND r.guid_two = ge.guid))
LIMIT 1
)sql";

constexpr const char* kProfileValues = R"sql(
SELECT n.string, v.string, m.owner_guid, m.access_id
FROM {prefix}entities e
JOIN {prefix}users_entity u ON u.guid = e.guid
JOIN {prefix}metadata m ON m.entity_guid = e.guid
JOIN {prefix}metastrings n ON n.id = m.name_id
JOIN {prefix}metastrings v ON v.id = m.value_id
WHERE e.guid = ? AND {active_user}
  AND BINARY n.string IN ({field_names}) AND m.enabled = 'yes'{metadata_site}
ORDER BY m.id
LIMIT ?
)sql";

constexpr const char* kProfileValuesBetween = R"sql(
SELECT n.string, v.string, m.owner_guid, m.access_id
FROM {prefix}entities e
JOIN {prefix}users_entity u ON u.guid = e.guid
JOIN {prefix}metadata m ON m.entity_guid = e.guid
JOIN {prefix}metastrings n ON n.id = m.name_id
JOIN {prefix}metastrings v ON v.id = m.value_id
WHERE e.guid BETWEEN ? AND ? AND {active_user}
  AND BINARY n.string IN ({field_names}) AND m.enabled = 'yes'{metadata_site}
ORDER BY e.guid, m.id
LIMIT ?
)sql";

constexpr const char* kViewerAcls = R"sql(
SELECT am.access_collection_id
FROM {prefix}access_collection_membership am
JOIN {prefix}access_collections ac ON ac.id = am.access_collection_id
WHERE am.user_guid = ? AND ac.site_guid IN (?, 0)
UNION
SELECT ac.id
FROM {prefix}access_collections ac
WHERE ac.owner_guid = ? AND ac.site_guid IN (?, 0)
ORDER BY 1
LIMIT ?
)sql";

// guid_one has friended guid_two; their -2 rows are open to guid_two.
constexpr const char* kFriendedBy = R"sql(
SELECT r.guid_one
FROM {prefix}entity_relationships r
WHERE r.guid_two = ? AND r.relationship = 'friend'
ORDER BY r.guid_one
LIMIT ?
)sql";

}  // namespace

HostQueries Elgg1Queries(const HostSchema& schema, const HostSettings& settings) {
  const std::string metadata_site = schema.metadata_site_guid ? kMetadataSite : "";
  auto group_metadata = [&](const char* name) {
    return ExpandSql(kGroupMetadata, {{"name", name}, {"metadata_site", metadata_site}});
  };
  // Fragments first, the prefix last: fragments contain {prefix} themselves.
  const std::vector<std::pair<std::string_view, std::string>> fragments = {
      {"active_user", kActiveUser},
      {"active_group", kActiveGroup},
      {"pleio_guid", schema.pleio_guid ? "u.pleio_guid" : "NULL"},
      {"metadata_site", metadata_site},
      {"membership", group_metadata("membership")},
      {"group_acl", group_metadata("group_acl")},
      {"klussen_enable", group_metadata("klussen_enable")},
      {"field_names", Placeholders(settings.profile_fields.size())},
  };
  auto build = [&](const char* sql_template, const char* guid_condition = "") {
    std::vector<std::pair<std::string_view, std::string>> values = fragments;
    values.emplace_back("guid_condition", guid_condition);
    return ExpandSql(
        ExpandSql(sql_template, values),
        {{"prefix", schema.prefix}, {"site_guid", std::to_string(settings.site_guid)}});
  };

  HostQueries q;
  q.counts = build(kCounts);
  q.get_user = build(kUsers, "u.guid = ?");
  q.list_users = build(kUsers, "u.guid > ?");
  q.active_user_guids = build(kActiveUserGuids);
  q.site_admins = build(kSiteAdmins);
  q.get_group = build(kGroups, "g.guid = ?");
  q.list_groups = build(kGroups, "g.guid > ?");
  q.group_members = build(kGroupMembers);
  q.group_memberships = build(kGroupMemberships);
  q.membership_signatures =
      ExpandSql(build(kMembershipSignatures),
                {{"signature_groups", Placeholders(HostReader::kMaxSignatureGroups)}});
  q.group_admins = build(kGroupAdmins);
  q.is_member = build(kIsMember);
  const std::string batch_users = Placeholders(HostReader::kMaxBatchUsers);
  q.get_users = build(kUsers, ("u.guid IN (" + batch_users + ")").c_str());
  q.members_among = ExpandSql(build(kMembersAmong), {{"batch_users", batch_users}});
  q.get_groups = build(kGroups, ("g.guid IN (" + batch_users + ")").c_str());
  q.admin_of_among = ExpandSql(build(kAdminOfAmong), {{"batch_users", batch_users}});
  q.member_groups = build(kMemberGroups);
  q.site_of_user = build(kSiteOfUser);
  q.users_changed_since = build(kUsersChangedSince);
  q.is_group_admin = build(kIsGroupAdmin);
  q.profile_values = build(kProfileValues);
  q.profile_values_between = build(kProfileValuesBetween);
  q.viewer_acls = build(kViewerAcls);
  q.friended_by = build(kFriendedBy);
  auto by_subject = [&](const char* column) {
    return build(ExpandSql(kUsersBySubject, {{"subject_column", column}}).c_str());
  };
  // Without mod_pleio's column there is nothing to look a pleio guid up in.
  if (schema.pleio_guid) q.user_by_pleio_guid = by_subject("u.pleio_guid");
  q.user_by_username = by_subject("u.username");
  q.user_by_email = by_subject("u.email");

  const store::SqlParam site = settings.site_guid;
  if (schema.metadata_site_guid) {
    q.group_site_params = {site, site, site};  // membership, group_acl, klussen_enable
    q.profile_site_params = {site};
  }
  q.acl_site_params = {site};
  q.profile_stored_names = settings.profile_fields;
  return q;
}

}  // namespace klussen::host::internal
