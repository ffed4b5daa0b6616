// The reading logic shared by both schema generations: binds parameters, runs
// the generation's prepared statements (reader_internal.h HostQueries) and
// turns rows into host_model.h values.

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "common/log.h"
#include "host/reader_internal.h"

namespace klussen::host::internal {
namespace {

using store::QueryResult;
using store::SqlParam;

// ACL ids start at 3 (reference elgg-host.md §1.2); anything lower in a
// group_acl value is not an ACL.
constexpr int64_t kFirstAclId = 3;

int64_t ParseInt(const QueryResult& rows, size_t r, size_t c) {
  const std::string& text = rows.Text(r, c);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return 0;
  return value;
}

HostUser UserFromRow(const QueryResult& rows, size_t r) {
  HostUser user;
  user.guid = rows.Int(r, 0);
  user.name = rows.Text(r, 1);
  user.username = rows.Text(r, 2);
  user.language = rows.Text(r, 3);
  user.site_admin = rows.Int(r, 4) == 1;
  user.entity_access_id = static_cast<int>(rows.Int(r, 5));
  user.pleio_guid = rows.IsNull(r, 6) ? 0 : rows.Int(r, 6);
  return user;
}

HostGroup GroupFromRow(const QueryResult& rows, size_t r, bool klussen_tool_default) {
  HostGroup group;
  group.guid = rows.Int(r, 0);
  group.name = rows.Text(r, 1);
  group.description = rows.Text(r, 2);
  group.owner_guid = rows.Int(r, 3);
  group.entity_access_id = static_cast<int>(rows.Int(r, 4));
  // membership = 2 (ACCESS_PUBLIC) is an open group; 0 or a missing row closed.
  group.open_membership = !rows.IsNull(r, 5) && ParseInt(rows, r, 5) == kAccessPublic;
  const int64_t acl = ParseInt(rows, r, 6);
  group.acl_id = acl >= kFirstAclId ? acl : 0;
  // Elgg 1.x enables a tool unless it says 'no'; without a row the tool's
  // default applies (reference §2, "Group tools enabled").
  group.klussen_enabled = rows.IsNull(r, 7) ? klussen_tool_default : rows.Text(r, 7) != "no";
  return group;
}

std::vector<Guid> GuidsFromRows(const QueryResult& rows) {
  std::vector<Guid> guids;
  guids.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) guids.push_back(rows.Int(r, 0));
  return guids;
}

// A pleio guid as mod_pleio writes it: a positive decimal without sign or
// leading zeros. Anything else names no user.
std::optional<int64_t> ParsePleioGuid(const std::string& text) {
  if (text.empty() || text.size() > 18 || text[0] == '0') return std::nullopt;
  int64_t value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    value = value * 10 + (ch - '0');
  }
  return value;
}

bool EqualsIgnoringAsciiCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

void Append(std::vector<SqlParam>& params, const std::vector<SqlParam>& more) {
  params.insert(params.end(), more.begin(), more.end());
}

class SqlHostReader final : public HostReader {
 public:
  SqlHostReader(HostSchema schema, HostSettings settings, HostQueries queries)
      : schema_(std::move(schema)), settings_(std::move(settings)), sql_(std::move(queries)) {}

  const HostSchema& schema() const override { return schema_; }

  Result<HostCounts> Counts(store::Connection& c) override {
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.counts, {}, 1));
    if (rows.empty()) return Internal("host counts query returned no row");
    HostCounts counts;
    counts.users = rows.Int(0, 0);
    counts.groups = rows.Int(0, 1);
    counts.memberships = rows.Int(0, 2);
    return counts;
  }

  Result<std::optional<HostUser>> GetUser(store::Connection& c, Guid guid) override {
    if (!sql_.get_user_with_metadata.empty()) return GetUserWithMetadata(c, guid);
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.get_user, {guid, int64_t{1}}, 1));
    if (rows.empty()) return std::optional<HostUser>();
    return std::optional<HostUser>(UserFromRow(rows, 0));
  }

  // GetUser from one row per metadata row (elgg3 get_user_with_metadata): the
  // same answer as get_user's subqueries, assembled here.
  Result<std::optional<HostUser>> GetUserWithMetadata(store::Connection& c, Guid guid) {
    enum Field { kName = 1, kUsername, kLanguage, kAdmin, kBanned };
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.get_user_with_metadata,
                                                  {guid, int64_t{kMaxUnpagedRows}},
                                                  kMaxUnpagedRows));
    if (rows.empty()) return std::optional<HostUser>();
    HostUser user;
    user.guid = rows.Int(0, 0);
    user.entity_access_id = static_cast<int>(rows.Int(0, 1));
    int64_t newest[kLanguage + 1] = {};
    for (size_t r = 0; r < rows.size(); ++r) {
      if (rows.IsNull(r, 2) || rows.IsNull(r, 3)) continue;  // no metadata rows at all
      const int64_t id = rows.Int(r, 2);
      const int64_t field = rows.Int(r, 3);
      const bool yes = !rows.IsNull(r, 5) && rows.Int(r, 5) == 1;
      if (field == kBanned && yes) return std::optional<HostUser>();
      if (field == kAdmin && yes) user.site_admin = true;
      if (field < kName || field > kLanguage || id <= newest[field]) continue;
      newest[field] = id;
      const std::string value = rows.IsNull(r, 4) ? std::string() : rows.Text(r, 4);
      (field == kName ? user.name : field == kUsername ? user.username : user.language) = value;
    }
    return std::optional<HostUser>(std::move(user));
  }

  Result<std::vector<HostUser>> ListUsers(store::Connection& c, Guid after_guid,
                                          int limit) override {
    KL_RETURN_IF_ERROR(CheckPageLimit(limit));
    KL_ASSIGN_OR_RETURN(QueryResult rows,
                        c.Query(sql_.list_users, {after_guid, int64_t{limit}}, limit));
    std::vector<HostUser> users;
    users.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) users.push_back(UserFromRow(rows, r));
    return users;
  }

  Result<std::vector<Guid>> ActiveUserGuids(store::Connection& c, Guid after_guid, Guid last_guid,
                                            int limit) override {
    KL_RETURN_IF_ERROR(CheckPageLimit(limit));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.active_user_guids,
                                                  {after_guid, last_guid, int64_t{limit}}, limit));
    return GuidsFromRows(rows);
  }

  Result<std::vector<Guid>> SiteAdmins(store::Connection& c) override {
    KL_ASSIGN_OR_RETURN(QueryResult rows,
                        c.Query(sql_.site_admins, {int64_t{kMaxUnpagedRows}}, kMaxUnpagedRows));
    WarnIfTruncated(rows, "site admins");
    return GuidsFromRows(rows);
  }

  Result<std::optional<HostUser>> FindUserBySubject(store::Connection& c, SubjectKind kind,
                                                    const std::string& value) override {
    if (value.empty()) return std::optional<HostUser>();  // many users have an empty email
    const std::string* sql = nullptr;
    SqlParam bound = value;
    std::optional<int64_t> pleio_guid;
    switch (kind) {
      case SubjectKind::kPleioGuid:
        if (sql_.user_by_pleio_guid.empty()) {
          return FailedPrecondition(
              "this host has no users_entity.pleio_guid column (mod_pleio), so a token subject "
              "cannot be a pleio guid; set oidc_subject_maps_to to username or email");
        }
        pleio_guid = ParsePleioGuid(value);
        if (!pleio_guid) return std::optional<HostUser>();
        if (!sql_.pleio_guid_is_text) bound = *pleio_guid;
        sql = &sql_.user_by_pleio_guid;
        break;
      case SubjectKind::kUsername:
        sql = &sql_.user_by_username;
        break;
      case SubjectKind::kEmail:
        sql = &sql_.user_by_email;
        break;
    }
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(*sql, {bound, int64_t{kMaxSubjectCandidates}},
                                                  kMaxSubjectCandidates));
    if (rows.size() >= static_cast<size_t>(kMaxSubjectCandidates)) {
      return FailedPrecondition("a token subject matches " + std::to_string(rows.size()) +
                                " or more stored values; refusing to pick one");
    }
    // The collation may have matched case, accent or trailing-space variants;
    // only the exact value counts (email: ignoring ASCII case).
    std::vector<HostUser> matches;
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string& stored = rows.Text(r, 7);
      const bool exact =
          kind == SubjectKind::kEmail ? EqualsIgnoringAsciiCase(stored, value) : stored == value;
      const Guid guid = rows.Int(r, 0);
      if (!exact || (!matches.empty() && matches.back().guid == guid)) continue;  // rows by guid
      matches.push_back(UserFromRow(rows, r));
    }
    if (matches.empty()) return std::optional<HostUser>();
    if (matches.size() > 1) {
      std::string guids;
      for (const auto& user : matches)
        guids += (guids.empty() ? "" : ", ") + std::to_string(user.guid);
      return FailedPrecondition("a token subject matches " + std::to_string(matches.size()) +
                                " active users (guids " + guids + "); refusing an ambiguous login");
    }
    HostUser user = std::move(matches.front());
    if (pleio_guid) user.pleio_guid = *pleio_guid;  // elgg3 rows carry none
    return std::optional<HostUser>(std::move(user));
  }

  Result<std::optional<HostGroup>> GetGroup(store::Connection& c, Guid guid) override {
    std::vector<SqlParam> params = sql_.group_site_params;
    params.insert(params.end(), {guid, int64_t{1}});
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.get_group, params, 1));
    if (rows.empty()) return std::optional<HostGroup>();
    return std::optional<HostGroup>(GroupFromRow(rows, 0, settings_.klussen_tool_default));
  }

  Result<std::vector<HostGroup>> ListGroups(store::Connection& c, Guid after_guid,
                                            int limit) override {
    KL_RETURN_IF_ERROR(CheckPageLimit(limit));
    std::vector<SqlParam> params = sql_.group_site_params;
    params.insert(params.end(), {after_guid, int64_t{limit}});
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.list_groups, params, limit));
    std::vector<HostGroup> groups;
    groups.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      groups.push_back(GroupFromRow(rows, r, settings_.klussen_tool_default));
    }
    return groups;
  }

  Result<std::vector<Guid>> GroupMembers(store::Connection& c, Guid group, Guid after_guid,
                                         int limit) override {
    KL_RETURN_IF_ERROR(CheckPageLimit(limit));
    KL_ASSIGN_OR_RETURN(QueryResult rows,
                        c.Query(sql_.group_members, {group, after_guid, int64_t{limit}}, limit));
    return GuidsFromRows(rows);
  }

  Result<std::vector<Membership>> GroupMemberships(store::Connection& c, Guid group,
                                                   Guid after_guid, int limit) override {
    KL_RETURN_IF_ERROR(CheckPageLimit(limit));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.group_memberships,
                                                  {group, after_guid, int64_t{limit}}, limit));
    std::vector<Membership> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) out.push_back({rows.Int(r, 0), rows.Int(r, 1)});
    return out;
  }

  Result<std::vector<HostGroup>> GetGroups(store::Connection& c,
                                           const std::vector<Guid>& groups) override {
    std::vector<HostGroup> out;
    if (groups.empty()) return out;
    KL_ASSIGN_OR_RETURN(std::vector<SqlParam> guids, BatchParams(groups));
    std::vector<SqlParam> params = sql_.group_site_params;
    params.insert(params.end(), guids.begin(), guids.end());
    params.emplace_back(static_cast<int64_t>(kMaxBatchUsers));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.get_groups, params, kMaxBatchUsers));
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r)
      out.push_back(GroupFromRow(rows, r, settings_.klussen_tool_default));
    return out;
  }

  Result<std::vector<Guid>> AdminOfAmong(store::Connection& c, Guid user,
                                         const std::vector<Guid>& groups) override {
    if (groups.empty()) return std::vector<Guid>();
    KL_ASSIGN_OR_RETURN(std::vector<SqlParam> params, BatchParams(groups));
    params.insert(params.begin(), SqlParam(user));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.admin_of_among, params, kMaxBatchUsers));
    return GuidsFromRows(rows);
  }

  // Guids for a fixed batch statement; guid 0 (never a user) pads it.
  static Result<std::vector<SqlParam>> BatchParams(const std::vector<Guid>& guids) {
    if (guids.size() > kMaxBatchUsers) {
      return InvalidArgument("at most " + std::to_string(kMaxBatchUsers) + " users per batch read");
    }
    std::vector<SqlParam> params;
    params.reserve(kMaxBatchUsers + 2);
    for (Guid guid : guids) params.emplace_back(guid);
    while (params.size() < kMaxBatchUsers) params.emplace_back(int64_t{0});
    return params;
  }

  Result<std::vector<MembershipSignature>> MembershipSignatures(
      store::Connection& c, const std::vector<Guid>& groups) override {
    if (groups.size() > kMaxSignatureGroups) {
      return InvalidArgument("at most " + std::to_string(kMaxSignatureGroups) +
                             " groups per membership signature query");
    }
    std::vector<SqlParam> params;
    params.reserve(kMaxSignatureGroups);
    for (Guid group : groups) params.emplace_back(group);
    // Guid 0 is never a group: it pads the fixed statement.
    while (params.size() < kMaxSignatureGroups) params.emplace_back(int64_t{0});
    KL_ASSIGN_OR_RETURN(QueryResult rows,
                        c.Query(sql_.membership_signatures, params, kMaxSignatureGroups));
    std::vector<MembershipSignature> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      out.push_back({rows.Int(r, 0), rows.Int(r, 1), rows.Int(r, 2), rows.Int(r, 3)});
    }
    return out;
  }

  Result<std::vector<Guid>> GroupAdmins(store::Connection& c, Guid group) override {
    KL_ASSIGN_OR_RETURN(
        QueryResult rows,
        c.Query(sql_.group_admins, {group, group, int64_t{kMaxUnpagedRows}}, kMaxUnpagedRows));
    WarnIfTruncated(rows, "group admins");
    return GuidsFromRows(rows);
  }

  Result<bool> IsMember(store::Connection& c, Guid user, Guid group) override {
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.is_member, {user, group}, 1));
    return !rows.empty();
  }

  Result<std::vector<HostUser>> GetUsers(store::Connection& c,
                                         const std::vector<Guid>& guids) override {
    std::vector<HostUser> users;
    if (guids.empty()) return users;
    KL_ASSIGN_OR_RETURN(std::vector<SqlParam> params, BatchParams(guids));
    params.emplace_back(static_cast<int64_t>(kMaxBatchUsers));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.get_users, params, kMaxBatchUsers));
    users.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) users.push_back(UserFromRow(rows, r));
    return users;
  }

  Result<std::vector<Guid>> MembersAmong(store::Connection& c, Guid group,
                                         const std::vector<Guid>& users) override {
    if (users.empty()) return std::vector<Guid>();
    KL_ASSIGN_OR_RETURN(std::vector<SqlParam> params, BatchParams(users));
    params.insert(params.begin(), SqlParam(group));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.members_among, params, kMaxBatchUsers));
    return GuidsFromRows(rows);
  }

  Result<Guid> SiteOfUser(store::Connection& c, Guid user) override {
    if (sql_.site_of_user.empty()) {
      KL_ASSIGN_OR_RETURN(std::optional<HostUser> found, GetUser(c, user));
      if (!found) return NotFound("user " + std::to_string(user) + " is not active");
      return settings_.site_guid;
    }
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.site_of_user, {user}, 1));
    if (rows.empty()) return NotFound("user " + std::to_string(user) + " is not active");
    const Guid own_site = rows.Int(0, 0);
    if (own_site == settings_.site_guid || rows.Int(0, 1) != 0) return settings_.site_guid;
    // Another site's user: never "this site", whatever their own site's guid looks like.
    if (own_site <= 0) return NotFound("user " + std::to_string(user) + " has no site");
    return own_site;
  }

  Result<std::vector<Guid>> MemberGroups(store::Connection& c, Guid user) override {
    KL_ASSIGN_OR_RETURN(
        QueryResult rows,
        c.Query(sql_.member_groups, {user, int64_t{kMaxUnpagedRows}}, kMaxUnpagedRows));
    WarnIfTruncated(rows, "member groups");
    return GuidsFromRows(rows);
  }

  Result<std::vector<UserChange>> UsersChangedSince(store::Connection& c, int64_t time,
                                                    Guid after_guid, int limit) override {
    KL_RETURN_IF_ERROR(CheckPageLimit(limit));
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.users_changed_since,
                                                  {time, time, after_guid, int64_t{limit}}, limit));
    std::vector<UserChange> out;
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) out.push_back({rows.Int(i, 0), rows.Int(i, 1)});
    return out;
  }

  Result<bool> IsGroupAdmin(store::Connection& c, Guid user, Guid group) override {
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.is_group_admin, {user, group}, 1));
    return !rows.empty();
  }

  Result<std::vector<ProfileValue>> ProfileValues(store::Connection& c, Guid user) override {
    std::vector<SqlParam> params = {user};
    for (const auto& name : sql_.profile_stored_names) params.emplace_back(name);
    Append(params, sql_.profile_site_params);
    params.emplace_back(int64_t{kMaxUnpagedRows});
    KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql_.profile_values, params, kMaxUnpagedRows));
    WarnIfTruncated(rows, "profile values");
    return Ranked(rows);
  }

  Result<std::vector<ProfileValue>> ProfileValuesBetween(store::Connection& c, Guid first,
                                                         Guid last) override {
    std::vector<SqlParam> params = {first, last};
    for (const auto& name : sql_.profile_stored_names) params.emplace_back(name);
    Append(params, sql_.profile_site_params);
    params.emplace_back(int64_t{kMaxUnpagedRows});
    KL_ASSIGN_OR_RETURN(QueryResult rows,
                        c.Query(sql_.profile_values_between, params, kMaxUnpagedRows));
    if (rows.size() >= static_cast<size_t>(kMaxUnpagedRows)) {
      return ResourceExhausted("more than " + std::to_string(kMaxUnpagedRows) +
                               " profile values between guids " + std::to_string(first) + " and " +
                               std::to_string(last) + "; ask for a smaller range");
    }
    return Ranked(rows);
  }

 private:
  // Rows come in storage order (row id); hand them out owner by owner, field
  // by field in the configured order, so that both generations agree.
  std::vector<ProfileValue> Ranked(const QueryResult& rows) const {
    std::vector<std::pair<size_t, ProfileValue>> ranked;
    ranked.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string& stored = rows.Text(r, 0);
      auto it =
          std::find(sql_.profile_stored_names.begin(), sql_.profile_stored_names.end(), stored);
      // The database may compare names case-insensitively; only the exact
      // configured name counts.
      if (it == sql_.profile_stored_names.end()) continue;
      const size_t field = static_cast<size_t>(it - sql_.profile_stored_names.begin());
      ProfileValue value;
      value.field = settings_.profile_fields[field];
      value.value = rows.Text(r, 1);
      value.owner_guid = rows.Int(r, 2);
      value.access_id = static_cast<int>(rows.Int(r, 3));
      ranked.emplace_back(field, std::move(value));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      if (a.second.owner_guid != b.second.owner_guid)
        return a.second.owner_guid < b.second.owner_guid;
      return a.first < b.first;
    });
    std::vector<ProfileValue> values;
    values.reserve(ranked.size());
    for (auto& entry : ranked) values.push_back(std::move(entry.second));
    return values;
  }

 public:
  Result<AccessContext> LoadAccessContext(store::Connection& c, Guid viewer) override {
    if (viewer <= 0) return AccessContext::LoggedOut();
    // Disabled, deleted and banned accounts cannot log in to Elgg: whatever
    // the glue says, they get what a logged-out visitor gets.
    KL_ASSIGN_OR_RETURN(std::optional<HostUser> user, GetUser(c, viewer));
    if (!user) return AccessContext::LoggedOut();

    AccessContext context;
    context.viewer = viewer;
    context.site_admin = user->site_admin;

    std::vector<SqlParam> params = {viewer};
    Append(params, sql_.acl_site_params);
    params.emplace_back(viewer);
    Append(params, sql_.acl_site_params);
    params.emplace_back(int64_t{kMaxUnpagedRows});
    KL_ASSIGN_OR_RETURN(QueryResult acls, c.Query(sql_.viewer_acls, params, kMaxUnpagedRows));
    // Truncation can only hide rows from the viewer, never show more.
    WarnIfTruncated(acls, "viewer ACLs");
    context.acl_ids = GuidsFromRows(acls);

    if (!sql_.friended_by.empty()) {
      KL_ASSIGN_OR_RETURN(
          QueryResult friends,
          c.Query(sql_.friended_by, {viewer, int64_t{kMaxUnpagedRows}}, kMaxUnpagedRows));
      WarnIfTruncated(friends, "users who friended the viewer");
      context.friended_by = GuidsFromRows(friends);
    }
    // AccessContext needs sorted, unique lists; the queries sort, this makes
    // the contract hold whatever the database's collation did.
    for (auto* list : {&context.acl_ids, &context.friended_by}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    return context;
  }

 private:
  static void WarnIfTruncated(const QueryResult& rows, std::string_view what) {
    if (rows.size() >= static_cast<size_t>(kMaxUnpagedRows)) {
      log::Warn("host list truncated",
                {{"what", std::string(what)}, {"limit", std::to_string(kMaxUnpagedRows)}});
    }
  }

  const HostSchema schema_;
  const HostSettings settings_;
  const HostQueries sql_;
};

}  // namespace

std::unique_ptr<HostReader> NewSqlHostReader(HostSchema schema, HostSettings settings,
                                             HostQueries queries) {
  return std::make_unique<SqlHostReader>(std::move(schema), std::move(settings),
                                         std::move(queries));
}

}  // namespace klussen::host::internal
