// Integration tests of the host readers against real MariaDB databases that
// hold the same hand-made site (testdata/host_scenario.json) in both schema
// generations, plus a differential test on the fixture writer's demo site.

#include "host/host_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "host/reader_internal.h"
#include "support/test_db.h"

namespace klussen::host {
namespace {

using testing::TestDatabase;

const char kScenario[] = "sidecar/src/host/testdata/host_scenario.json";

// Guids of the scenario (see the _comment keys in host_scenario.json).
constexpr Guid kOlga = 10;   // owner of 40-43
constexpr Guid kAdam = 11;   // site admin
constexpr Guid kPiet = 12;   // plain user, owns the empty ACL 8
constexpr Guid kAnna = 13;   // ACL member (groups 40 and 42, user ACL 9)
constexpr Guid kFrits = 14;  // zoe friended him
constexpr Guid kBert = 15;   // banned
constexpr Guid kDirk = 16;   // disabled
constexpr Guid kZoe = 20;    // the profile owner
constexpr Guid kVera = 21;   // user entity visible to logged-in users only
constexpr Guid kPleun = 22;  // has a pleio_guid
constexpr Guid kOpenGroup = 40;
constexpr Guid kClosedGroup = 41;
constexpr Guid kHiddenGroup = 42;
constexpr Guid kDisabledGroup = 43;
constexpr Guid kBannedOwnersGroup = 44;

using Texts = std::vector<std::string>;

const Texts kAllOfZoe = {"Python",    "Beleidsadvies",
                         "Wiskunde",  "Fietsen",
                         "Koken",     "Schaken",
                         "Tuinieren", "Over mij: \"data\" & 'beleid'",
                         "Den Haag",  "BZK"};

Texts ValueTexts(const std::vector<ProfileValue>& values) {
  Texts texts;
  for (const auto& value : values) texts.push_back(value.value);
  return texts;
}

template <typename T>
T Get(Result<T> result) {
  if (!result.ok()) throw std::runtime_error(result.status().ToString());
  return std::move(result).value();
}

std::unique_ptr<HostReader> MakeReader(store::Connection& connection, const std::string& prefix,
                                       bool klussen_tool_default = true) {
  HostSchema schema = Get(ProbeHostSchema(connection, prefix));
  HostSettings settings;
  settings.prefix = prefix;
  settings.klussen_tool_default = klussen_tool_default;
  return Get(MakeHostReader(schema, settings));
}

// One loaded scenario database per generation, shared by the read-only tests.
class HostReaderTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { databases().clear(); }

  void SetUp() override {
    auto& database = databases()[GetParam()];
    if (!database) {
      database = TestDatabase::Create();
      database->LoadModel(kScenario, GetParam());
    }
    connection_ = database->Connect();
    reader_ = MakeReader(*connection_, "elgg_");
  }

  bool elgg1() const { return GetParam() == "elgg1"; }
  store::Connection& c() { return *connection_; }
  HostReader& reader() { return *reader_; }

  AccessContext ContextOf(Guid viewer) { return Get(reader().LoadAccessContext(c(), viewer)); }
  Texts VisibleTo(Guid viewer, Guid owner) {
    return ValueTexts(Get(reader().VisibleProfileValues(c(), ContextOf(viewer), owner)));
  }
  std::vector<Guid> ListAllUsers(int page) {
    std::vector<Guid> guids;
    Guid after = 0;
    while (true) {
      auto users = Get(reader().ListUsers(c(), after, page));
      if (users.empty()) return guids;
      for (const auto& user : users) guids.push_back(user.guid);
      after = users.back().guid;
    }
  }

  static std::map<std::string, std::unique_ptr<TestDatabase>>& databases() {
    static auto* shared = new std::map<std::string, std::unique_ptr<TestDatabase>>;
    return *shared;
  }

  std::unique_ptr<store::Connection> connection_;
  std::unique_ptr<HostReader> reader_;
};

INSTANTIATE_TEST_SUITE_P(Generations, HostReaderTest, ::testing::Values("elgg1", "elgg3"),
                         [](const ::testing::TestParamInfo<std::string>& generation) {
                           return generation.param;
                         });

TEST_P(HostReaderTest, ProbeFindsTheGeneration) {
  const HostSchema& schema = reader().schema();
  EXPECT_EQ(GenerationName(schema.generation), GetParam());
  EXPECT_EQ(schema.prefix, "elgg_");
  if (elgg1()) {
    EXPECT_TRUE(schema.pleio_guid);
    EXPECT_TRUE(schema.metadata_site_guid);
    EXPECT_TRUE(schema.private_settings);
    EXPECT_FALSE(schema.entities_deleted);
    EXPECT_EQ(schema.version_hint, "datalists version 2013022000");
  } else {
    EXPECT_FALSE(schema.pleio_guid);
    EXPECT_FALSE(schema.metadata_site_guid);
    EXPECT_FALSE(schema.private_settings);
    EXPECT_TRUE(schema.entities_deleted);
    EXPECT_FALSE(schema.annotations_enabled);
    EXPECT_EQ(schema.version_hint, "migration 20240318105727");
  }
  EXPECT_EQ(schema.Describe().rfind(GetParam() + " prefix=elgg_", 0), 0u) << schema.Describe();
}

TEST_P(HostReaderTest, CountsSkipBannedDisabledAndTheirMemberships) {
  HostCounts counts = Get(reader().Counts(c()));
  EXPECT_EQ(counts.users, 8);        // 10 users less bert (banned) and dirk (disabled)
  EXPECT_EQ(counts.groups, 4);       // 43 is disabled
  EXPECT_EQ(counts.memberships, 8);  // 40: 10 13 20; 41: 10 12; 42: 10 13; 44: 12
}

TEST_P(HostReaderTest, GetUserReadsTheUserFields) {
  auto zoe = Get(reader().GetUser(c(), kZoe));
  ASSERT_TRUE(zoe.has_value());
  EXPECT_EQ(zoe->guid, kZoe);
  EXPECT_EQ(zoe->name, "Zoë Profiel");
  EXPECT_EQ(zoe->username, "zoe");
  EXPECT_EQ(zoe->language, "en");
  EXPECT_FALSE(zoe->site_admin);
  EXPECT_EQ(zoe->entity_access_id, kAccessPublic);
  EXPECT_EQ(zoe->pleio_guid, 0);

  auto adam = Get(reader().GetUser(c(), kAdam));
  ASSERT_TRUE(adam.has_value());
  EXPECT_TRUE(adam->site_admin);
  EXPECT_EQ(adam->language, "en");

  auto vera = Get(reader().GetUser(c(), kVera));
  ASSERT_TRUE(vera.has_value());
  EXPECT_EQ(vera->entity_access_id, kAccessLoggedIn);

  auto pleun = Get(reader().GetUser(c(), kPleun));
  ASSERT_TRUE(pleun.has_value());
  // Only elgg1 (mod_pleio) has the column.
  EXPECT_EQ(pleun->pleio_guid, elgg1() ? 123456 : 0);
}

TEST_P(HostReaderTest, GetUserNeverReturnsBannedDisabledOrNonUsers) {
  for (Guid guid : {kBert, kDirk, kOpenGroup, Guid{1}, Guid{0}, Guid{-3}, Guid{999}}) {
    EXPECT_FALSE(Get(reader().GetUser(c(), guid)).has_value()) << guid;
  }
}

TEST_P(HostReaderTest, ListUsersPagesByGuidAndSkipsInactiveUsers) {
  auto first = Get(reader().ListUsers(c(), 0, 3));
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].username, "olga");
  EXPECT_EQ(ListAllUsers(3),
            (std::vector<Guid>{kOlga, kAdam, kPiet, kAnna, kFrits, kZoe, kVera, kPleun}));
  EXPECT_EQ(ListAllUsers(1), ListAllUsers(100));
  EXPECT_TRUE(Get(reader().ListUsers(c(), kPleun, 10)).empty());
  auto after_anna = Get(reader().ListUsers(c(), kAnna, 2));
  ASSERT_EQ(after_anna.size(), 2u);
  EXPECT_EQ(after_anna[0].guid, kFrits);
  EXPECT_EQ(after_anna[1].guid, kZoe);  // 15 and 16 are skipped
}

TEST_P(HostReaderTest, ActiveUserGuidsAreTheActiveUsersOfARange) {
  EXPECT_EQ(Get(reader().ActiveUserGuids(c(), kAnna - 1, kZoe, 100)),
            (std::vector<Guid>{kAnna, kFrits, kZoe}));  // 15 banned, 16 disabled
  EXPECT_EQ(Get(reader().ActiveUserGuids(c(), kAnna, kZoe, 1)), std::vector<Guid>{kFrits});
  EXPECT_TRUE(Get(reader().ActiveUserGuids(c(), kFrits, kZoe - 1, 100)).empty());
  // Groups are not users.
  EXPECT_TRUE(Get(reader().ActiveUserGuids(c(), 39, 44, 100)).empty());
  EXPECT_EQ(reader().ActiveUserGuids(c(), 0, 100, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(HostReaderTest, PageSizeIsChecked) {
  for (int limit : {0, -1, internal::kMaxPageSize + 1}) {
    EXPECT_EQ(reader().ListUsers(c(), 0, limit).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(reader().ListGroups(c(), 0, limit).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(reader().GroupMembers(c(), kOpenGroup, 0, limit).status().code(),
              StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(reader().ListUsers(c(), 0, internal::kMaxPageSize).ok());
}

TEST_P(HostReaderTest, SiteAdminsAreActiveAdminsOnly) {
  EXPECT_EQ(Get(reader().SiteAdmins(c())), std::vector<Guid>{kAdam});  // not disabled dirk
}

TEST_P(HostReaderTest, GetGroupReadsEveryField) {
  auto open = Get(reader().GetGroup(c(), kOpenGroup));
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->guid, kOpenGroup);
  EXPECT_EQ(open->name, "Open groep");
  EXPECT_EQ(open->description, "Iedereen mag erbij.");
  EXPECT_EQ(open->owner_guid, kOlga);
  EXPECT_TRUE(open->open_membership);
  EXPECT_EQ(open->entity_access_id, kAccessPublic);
  EXPECT_EQ(open->acl_id, 3);
  EXPECT_TRUE(open->klussen_enabled);

  auto closed = Get(reader().GetGroup(c(), kClosedGroup));
  ASSERT_TRUE(closed.has_value());
  EXPECT_FALSE(closed->open_membership);
  EXPECT_EQ(closed->entity_access_id, kAccessLoggedIn);
  EXPECT_EQ(closed->acl_id, 4);
  EXPECT_FALSE(closed->klussen_enabled);  // klussen_enable = no

  auto hidden = Get(reader().GetGroup(c(), kHiddenGroup));
  ASSERT_TRUE(hidden.has_value());
  EXPECT_FALSE(hidden->open_membership);
  EXPECT_EQ(hidden->acl_id, 5);
  EXPECT_EQ(hidden->entity_access_id, 5);  // hidden: the group's own ACL
  EXPECT_TRUE(hidden->klussen_enabled);    // no row: the default (true)

  auto banned_owner = Get(reader().GetGroup(c(), kBannedOwnersGroup));
  ASSERT_TRUE(banned_owner.has_value());
  EXPECT_EQ(banned_owner->owner_guid, kBert);
  EXPECT_EQ(banned_owner->acl_id, 7);

  for (Guid guid : {kDisabledGroup, kOlga, Guid{1}, Guid{0}, Guid{999}}) {
    EXPECT_FALSE(Get(reader().GetGroup(c(), guid)).has_value()) << guid;
  }
}

TEST_P(HostReaderTest, KlussenToolDefaultAppliesOnlyWithoutARow) {
  auto reader = MakeReader(c(), "elgg_", /*klussen_tool_default=*/false);
  EXPECT_FALSE(Get(reader->GetGroup(c(), kHiddenGroup))->klussen_enabled);
  EXPECT_FALSE(Get(reader->GetGroup(c(), kBannedOwnersGroup))->klussen_enabled);
  EXPECT_TRUE(Get(reader->GetGroup(c(), kOpenGroup))->klussen_enabled);
  EXPECT_FALSE(Get(reader->GetGroup(c(), kClosedGroup))->klussen_enabled);
}

TEST_P(HostReaderTest, ListGroupsPagesEnabledGroups) {
  auto first = Get(reader().ListGroups(c(), 0, 2));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].guid, kOpenGroup);
  EXPECT_EQ(first[1].guid, kClosedGroup);
  EXPECT_FALSE(first[1].klussen_enabled);
  auto rest = Get(reader().ListGroups(c(), kClosedGroup, 10));
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].guid, kHiddenGroup);
  EXPECT_EQ(rest[1].guid, kBannedOwnersGroup);  // 43 is disabled
  EXPECT_EQ(rest[0].acl_id, 5);
  EXPECT_TRUE(Get(reader().ListGroups(c(), kBannedOwnersGroup, 10)).empty());
}

TEST_P(HostReaderTest, GroupMembersArePagedActiveMembers) {
  EXPECT_EQ(Get(reader().GroupMembers(c(), kOpenGroup, 0, 100)),
            (std::vector<Guid>{kOlga, kAnna, kZoe}));
  EXPECT_EQ(Get(reader().GroupMembers(c(), kOpenGroup, 0, 2)), (std::vector<Guid>{kOlga, kAnna}));
  EXPECT_EQ(Get(reader().GroupMembers(c(), kOpenGroup, kAnna, 2)), (std::vector<Guid>{kZoe}));
  EXPECT_TRUE(Get(reader().GroupMembers(c(), kOpenGroup, kZoe, 2)).empty());
  EXPECT_EQ(Get(reader().GroupMembers(c(), kClosedGroup, 0, 100)),
            (std::vector<Guid>{kOlga, kPiet}));
  EXPECT_EQ(Get(reader().GroupMembers(c(), kBannedOwnersGroup, 0, 100)),
            (std::vector<Guid>{kPiet}));
  EXPECT_TRUE(Get(reader().GroupMembers(c(), kDisabledGroup, 0, 100)).empty());
  EXPECT_TRUE(Get(reader().GroupMembers(c(), kZoe, 0, 100)).empty());
}

std::vector<Guid> UsersOf(const std::vector<HostReader::Membership>& rows) {
  std::vector<Guid> users;
  for (const auto& row : rows) users.push_back(row.user);
  return users;
}

// The raw rows the group access cache holds: banned and disabled members too
// (the suggest service checks each shown candidate), paged like GroupMembers.
TEST_P(HostReaderTest, GroupMembershipsAreEveryMemberRowWithItsId) {
  auto open = Get(reader().GroupMemberships(c(), kOpenGroup, 0, 100));
  EXPECT_EQ(UsersOf(open), (std::vector<Guid>{kOlga, kAnna, kBert, kDirk, kZoe}));
  for (const auto& row : open) EXPECT_GT(row.row_id, 0);
  EXPECT_EQ(UsersOf(Get(reader().GroupMemberships(c(), kOpenGroup, 0, 2))),
            (std::vector<Guid>{kOlga, kAnna}));
  EXPECT_EQ(UsersOf(Get(reader().GroupMemberships(c(), kOpenGroup, kAnna, 2))),
            (std::vector<Guid>{kBert, kDirk}));
  EXPECT_EQ(UsersOf(Get(reader().GroupMemberships(c(), kHiddenGroup, 0, 100))),
            (std::vector<Guid>{kOlga, kAnna}));
  EXPECT_TRUE(Get(reader().GroupMemberships(c(), kZoe, 0, 100)).empty());
  EXPECT_EQ(reader().GroupMemberships(c(), kOpenGroup, 0, 0).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(HostReaderTest, MembershipSignaturesSummariseEachGroupsRows) {
  auto rows = Get(reader().GroupMemberships(c(), kClosedGroup, 0, 100));
  int64_t max_id = 0;
  int64_t id_xor = 0;
  for (const auto& row : rows) {
    max_id = std::max(max_id, row.row_id);
    id_xor ^= row.row_id;
  }
  auto signatures =
      Get(reader().MembershipSignatures(c(), {kOpenGroup, kClosedGroup, kZoe, Guid{999}}));
  ASSERT_EQ(signatures.size(), 2u);  // no rows, no signature
  std::sort(signatures.begin(), signatures.end(),
            [](const auto& a, const auto& b) { return a.group < b.group; });
  EXPECT_EQ(signatures[0].group, kOpenGroup);
  EXPECT_EQ(signatures[0].count, 5);
  EXPECT_EQ(signatures[1], (HostReader::MembershipSignature{kClosedGroup, 4, max_id, id_xor}));
  EXPECT_TRUE(Get(reader().MembershipSignatures(c(), {})).empty());
  std::vector<Guid> too_many(HostReader::kMaxSignatureGroups + 1, kOpenGroup);
  EXPECT_EQ(reader().MembershipSignatures(c(), too_many).status().code(),
            StatusCode::kInvalidArgument);
}

// Joining inserts a row and leaving deletes one: both change the signature,
// also when they happen together.
TEST(HostReaderMembershipTest, JoinAndLeaveChangeTheSignature) {
  for (const std::string generation : {"elgg1", "elgg3"}) {
    SCOPED_TRACE(generation);
    auto database = TestDatabase::Create();
    database->LoadModel(kScenario, generation);
    auto connection = database->Connect();
    auto reader = MakeReader(*connection, "elgg_");
    auto signature = [&] {
      auto all = Get(reader->MembershipSignatures(*connection, {kHiddenGroup}));
      return all.empty() ? HostReader::MembershipSignature{} : all[0];
    };
    const auto before = signature();
    EXPECT_EQ(before.count, 2);
    ASSERT_TRUE(connection
                    ->Execute("INSERT INTO elgg_entity_relationships (guid_one, relationship, "
                              "guid_two, time_created) VALUES (?, 'member', ?, 0)",
                              {kPiet, kHiddenGroup})
                    .ok());
    ASSERT_TRUE(connection
                    ->Execute("DELETE FROM elgg_entity_relationships WHERE guid_one = ? AND "
                              "relationship = 'member' AND guid_two = ?",
                              {kAnna, kHiddenGroup})
                    .ok());
    const auto after = signature();
    EXPECT_EQ(after.count, before.count);
    EXPECT_NE(after, before);
    EXPECT_EQ(UsersOf(Get(reader->GroupMemberships(*connection, kHiddenGroup, 0, 100))),
              (std::vector<Guid>{kOlga, kPiet}));
  }
}

TEST_P(HostReaderTest, GroupAdminsAreTheOwnerAndGroupAdminHolders) {
  EXPECT_EQ(Get(reader().GroupAdmins(c(), kOpenGroup)), (std::vector<Guid>{kOlga, kAnna}));
  EXPECT_EQ(Get(reader().GroupAdmins(c(), kClosedGroup)), std::vector<Guid>{kOlga});
  EXPECT_EQ(Get(reader().GroupAdmins(c(), kHiddenGroup)), std::vector<Guid>{kOlga});
  EXPECT_EQ(Get(reader().GroupAdmins(c(), kBannedOwnersGroup)), std::vector<Guid>{kPiet});
  EXPECT_TRUE(Get(reader().GroupAdmins(c(), kDisabledGroup)).empty());
  EXPECT_TRUE(Get(reader().GroupAdmins(c(), 999)).empty());
}

TEST_P(HostReaderTest, IsMember) {
  EXPECT_TRUE(Get(reader().IsMember(c(), kAnna, kOpenGroup)));
  EXPECT_TRUE(Get(reader().IsMember(c(), kZoe, kOpenGroup)));
  EXPECT_TRUE(Get(reader().IsMember(c(), kPiet, kClosedGroup)));
  EXPECT_TRUE(Get(reader().IsMember(c(), kOlga, kHiddenGroup)));
  EXPECT_FALSE(Get(reader().IsMember(c(), kPiet, kOpenGroup)));
  EXPECT_FALSE(Get(reader().IsMember(c(), kBert, kOpenGroup)));
  EXPECT_FALSE(Get(reader().IsMember(c(), kDirk, kOpenGroup)));
  EXPECT_FALSE(Get(reader().IsMember(c(), kPiet, kDisabledGroup)));
  EXPECT_FALSE(Get(reader().IsMember(c(), kOpenGroup, kAnna)));  // arguments swapped
}

TEST_P(HostReaderTest, MemberGroupsAgreeWithIsMember) {
  auto piet = Get(reader().MemberGroups(c(), kPiet));
  EXPECT_NE(std::find(piet.begin(), piet.end(), kClosedGroup), piet.end());
  EXPECT_EQ(std::find(piet.begin(), piet.end(), kDisabledGroup), piet.end());
  EXPECT_TRUE(Get(reader().MemberGroups(c(), kBert)).empty());  // banned
  EXPECT_TRUE(Get(reader().MemberGroups(c(), kDirk)).empty());  // disabled
  for (Guid user : {kOlga, kAdam, kPiet, kAnna, kFrits, kBert, kDirk, kZoe, kVera, kPleun}) {
    std::vector<Guid> expected;
    for (Guid group :
         {kOpenGroup, kClosedGroup, kHiddenGroup, kDisabledGroup, kBannedOwnersGroup}) {
      if (Get(reader().IsMember(c(), user, group))) expected.push_back(group);
    }
    EXPECT_EQ(Get(reader().MemberGroups(c(), user)), expected) << "user " << user;
  }
}

TEST_P(HostReaderTest, UsersChangedSincePagesInTimeOrder) {
  auto all = Get(reader().UsersChangedSince(c(), 0, 0, 1000));
  ASSERT_GE(all.size(), 5u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_TRUE(all[i - 1].time_updated < all[i].time_updated ||
                (all[i - 1].time_updated == all[i].time_updated && all[i - 1].guid < all[i].guid));
  }
  // Departed users are reported too: the index must notice them.
  bool saw_banned = false;
  for (const auto& change : all) saw_banned = saw_banned || change.guid == kBert;
  EXPECT_TRUE(saw_banned);
  // Paging from the middle continues exactly after the last row seen.
  auto rest = Get(reader().UsersChangedSince(c(), all[1].time_updated, all[1].guid, 1000));
  ASSERT_EQ(rest.size(), all.size() - 2);
  EXPECT_EQ(rest[0].guid, all[2].guid);
  EXPECT_TRUE(
      Get(reader().UsersChangedSince(c(), all.back().time_updated, all.back().guid, 10)).empty());
}

TEST_P(HostReaderTest, ProfileValuesBetweenEqualsEachUsersValues) {
  std::vector<ProfileValue> expected;
  for (Guid user = 1; user <= 30; ++user) {
    for (auto& value : Get(reader().ProfileValues(c(), user))) expected.push_back(value);
  }
  ASSERT_FALSE(expected.empty());
  auto between = Get(reader().ProfileValuesBetween(c(), 1, 30));
  ASSERT_EQ(between.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(between[i].owner_guid, expected[i].owner_guid) << i;
    EXPECT_EQ(between[i].field, expected[i].field) << i;
    EXPECT_EQ(between[i].value, expected[i].value) << i;
    EXPECT_EQ(between[i].access_id, expected[i].access_id) << i;
  }
  // Banned and disabled users have none, as one by one.
  for (const auto& value : between) {
    EXPECT_NE(value.owner_guid, kBert);
    EXPECT_NE(value.owner_guid, kDirk);
  }
  EXPECT_TRUE(Get(reader().ProfileValuesBetween(c(), kZoe + 1, kZoe)).empty());
}

TEST_P(HostReaderTest, IsGroupAdmin) {
  EXPECT_TRUE(Get(reader().IsGroupAdmin(c(), kOlga, kOpenGroup)));  // owner
  EXPECT_TRUE(Get(reader().IsGroupAdmin(c(), kAnna, kOpenGroup)));  // group_admin
  EXPECT_TRUE(Get(reader().IsGroupAdmin(c(), kPiet, kBannedOwnersGroup)));
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kZoe, kOpenGroup)));           // a member only
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kAdam, kOpenGroup)));          // site admin is not
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kBert, kOpenGroup)));          // banned group_admin
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kBert, kBannedOwnersGroup)));  // banned owner
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kDirk, kClosedGroup)));        // disabled
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kOlga, kDisabledGroup)));      // disabled group
  EXPECT_FALSE(Get(reader().IsGroupAdmin(c(), kOpenGroup, kOlga)));          // swapped
}

TEST_P(HostReaderTest, ProfileValuesAreTheConfiguredFieldsWithTheirAccess) {
  auto values = Get(reader().ProfileValues(c(), kZoe));
  EXPECT_EQ(ValueTexts(values), kAllOfZoe);  // no "phone": not configured
  ASSERT_EQ(values.size(), kAllOfZoe.size());
  EXPECT_EQ(values[0].field, "skills");
  EXPECT_EQ(values[0].access_id, kAccessPublic);
  EXPECT_EQ(values[0].owner_guid, kZoe);
  EXPECT_EQ(values[1].access_id, kAccessLoggedIn);
  EXPECT_EQ(values[2].access_id, 3);  // group 40's ACL
  EXPECT_EQ(values[3].field, "interests");
  if (elgg1()) {
    EXPECT_EQ(values[3].access_id, kAccessFriends);
  } else {
    EXPECT_GE(values[3].access_id, 10);  // zoe's own 'friends' ACL
  }
  EXPECT_EQ(values[4].access_id, 9);
  EXPECT_EQ(values[5].access_id, kAccessPrivate);
  EXPECT_EQ(values[7].field, "description");
  EXPECT_EQ(values[8].field, "location");
  EXPECT_EQ(values[9].field, "organisation");

  EXPECT_TRUE(Get(reader().ProfileValues(c(), kBert)).empty());
  EXPECT_TRUE(Get(reader().ProfileValues(c(), kDirk)).empty());
  EXPECT_TRUE(Get(reader().ProfileValues(c(), kOlga)).empty());
}

TEST_P(HostReaderTest, AccessContextOfEachKindOfViewer) {
  for (Guid guid : {Guid{0}, Guid{-1}, kBert, kDirk, kOpenGroup, Guid{999}}) {
    AccessContext context = ContextOf(guid);
    EXPECT_EQ(context.viewer, 0) << guid;
    EXPECT_FALSE(context.site_admin) << guid;
    EXPECT_TRUE(context.acl_ids.empty()) << guid;
    EXPECT_TRUE(context.friended_by.empty()) << guid;
  }
  EXPECT_TRUE(ContextOf(kAdam).site_admin);
  EXPECT_FALSE(ContextOf(kPiet).site_admin);

  AccessContext piet = ContextOf(kPiet);
  EXPECT_EQ(piet.viewer, kPiet);
  // Members of 41 (ACL 4), disabled 43 (6) and 44 (7); owner of ACL 8.
  for (int64_t acl : {4, 6, 7, 8}) EXPECT_TRUE(piet.HasAcl(acl)) << acl;
  for (int64_t acl : {3, 5, 9}) EXPECT_FALSE(piet.HasAcl(acl)) << acl;
  EXPECT_TRUE(std::is_sorted(piet.acl_ids.begin(), piet.acl_ids.end()));

  if (elgg1()) {
    EXPECT_EQ(piet.acl_ids, (std::vector<int64_t>{4, 6, 7, 8}));
    EXPECT_EQ(ContextOf(kFrits).friended_by, std::vector<Guid>{kZoe});
    EXPECT_EQ(ContextOf(kZoe).friended_by, std::vector<Guid>{kAnna});
    EXPECT_EQ(ContextOf(kZoe).acl_ids, (std::vector<int64_t>{3, 9}));  // member of 40, owns 9
  } else {
    EXPECT_TRUE(ContextOf(kFrits).friended_by.empty());  // friends are ACLs from 3.0 on
  }
}

TEST_P(HostReaderTest, VisibleProfileValuesPerViewer) {
  const Texts public_only = {"Python", "Over mij: \"data\" & 'beleid'"};
  EXPECT_EQ(VisibleTo(0, kZoe), public_only);
  EXPECT_EQ(VisibleTo(kBert, kZoe), public_only);  // banned viewer = logged out
  EXPECT_EQ(VisibleTo(kDirk, kZoe), public_only);  // disabled viewer = logged out
  EXPECT_EQ(VisibleTo(kPiet, kZoe), (Texts{"Python", "Beleidsadvies", "Tuinieren",
                                           "Over mij: \"data\" & 'beleid'", "BZK"}));
  EXPECT_EQ(VisibleTo(kAnna, kZoe), (Texts{"Python", "Beleidsadvies", "Wiskunde", "Koken",
                                           "Over mij: \"data\" & 'beleid'", "Den Haag", "BZK"}));
  EXPECT_EQ(VisibleTo(kFrits, kZoe),
            (Texts{"Python", "Beleidsadvies", "Fietsen", "Over mij: \"data\" & 'beleid'", "BZK"}));
  EXPECT_EQ(VisibleTo(kOlga, kZoe), (Texts{"Python", "Beleidsadvies", "Wiskunde",
                                           "Over mij: \"data\" & 'beleid'", "Den Haag", "BZK"}));
  EXPECT_EQ(VisibleTo(kZoe, kZoe), kAllOfZoe);
  EXPECT_EQ(VisibleTo(kAdam, kZoe), kAllOfZoe);
}

TEST_P(HostReaderTest, VisibleProfileValuesNeedAVisibleActiveUser) {
  EXPECT_TRUE(VisibleTo(0, kVera).empty());  // the user entity is logged-in only
  EXPECT_EQ(VisibleTo(kPiet, kVera), Texts{"Geheim"});
  EXPECT_TRUE(VisibleTo(kAdam, kBert).empty());
  EXPECT_TRUE(VisibleTo(kAdam, kDirk).empty());
  EXPECT_TRUE(VisibleTo(kBert, kBert).empty());
}

TEST_P(HostReaderTest, CanSeeGroupFollowsTheGroupEntityAccess) {
  auto can_see = [&](Guid viewer, Guid group) {
    return Get(reader().CanSeeGroup(c(), ContextOf(viewer), group));
  };
  EXPECT_TRUE(can_see(0, kOpenGroup));
  EXPECT_FALSE(can_see(0, kClosedGroup));  // logged-in only
  EXPECT_TRUE(can_see(kPiet, kClosedGroup));
  EXPECT_FALSE(can_see(0, kHiddenGroup));
  EXPECT_FALSE(can_see(kPiet, kHiddenGroup));
  EXPECT_FALSE(can_see(kBert, kHiddenGroup));
  EXPECT_TRUE(can_see(kAnna, kHiddenGroup));  // member: in the group ACL
  EXPECT_TRUE(can_see(kOlga, kHiddenGroup));  // owner
  EXPECT_TRUE(can_see(kAdam, kHiddenGroup));  // site admin
  EXPECT_FALSE(can_see(kAdam, kDisabledGroup));
}

// ---- Tests with their own database (they change the schema or the rows).

std::unique_ptr<TestDatabase> LoadScenario(const std::string& generation,
                                           const std::string& prefix = "elgg_") {
  auto database = TestDatabase::Create();
  database->LoadModel(kScenario, generation, prefix);
  return database;
}

TEST(HostSchemaProbeTest, NonDefaultPrefixWorks) {
  for (const std::string generation : {"elgg1", "elgg3"}) {
    auto database = LoadScenario(generation, "pleio_");
    auto connection = database->Connect();
    auto wrong = ProbeHostSchema(*connection, "elgg_");
    EXPECT_EQ(wrong.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(wrong.status().message().find("no elgg_entities table"), std::string::npos)
        << wrong.status().message();
    EXPECT_NE(wrong.status().message().find("pleio_entities"), std::string::npos)
        << wrong.status().message();

    auto reader = MakeReader(*connection, "pleio_");
    EXPECT_EQ(reader->schema().prefix, "pleio_");
    EXPECT_EQ(GenerationName(reader->schema().generation), generation);
    EXPECT_EQ(Get(reader->Counts(*connection)).memberships, 8);
    EXPECT_EQ(Get(reader->GroupAdmins(*connection, kOpenGroup)), (std::vector<Guid>{kOlga, kAnna}));
    AccessContext anna = Get(reader->LoadAccessContext(*connection, kAnna));
    EXPECT_EQ(ValueTexts(Get(reader->VisibleProfileValues(*connection, anna, kZoe))).size(), 7u);
  }
}

TEST(HostSchemaProbeTest, RefusesAnEmptyDatabase) {
  auto database = TestDatabase::Create();
  auto connection = database->Connect();
  auto probed = ProbeHostSchema(*connection, "elgg_");
  ASSERT_EQ(probed.status().code(), StatusCode::kFailedPrecondition);
  const std::string message = probed.status().message();
  EXPECT_NE(message.find("no elgg_entities table in database `" + database->name() + "`"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("is host_table_prefix right?"), std::string::npos) << message;
  EXPECT_NE(message.find("0 tables"), std::string::npos) << message;
}

TEST(HostSchemaProbeTest, RefusesUnrelatedTables) {
  auto database = TestDatabase::Create();
  database->RunSql(
      "CREATE TABLE wp_posts (id INT PRIMARY KEY);"
      "CREATE TABLE wp_users (id INT PRIMARY KEY);");
  auto connection = database->Connect();
  auto probed = ProbeHostSchema(*connection, "elgg_");
  ASSERT_EQ(probed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(probed.status().message().find("2 tables, none of them ending in 'entities'"),
            std::string::npos)
      << probed.status().message();
}

TEST(HostSchemaProbeTest, RefusesAnUnknownMixOfTables) {
  auto database = TestDatabase::Create();
  database->RunSql(
      "CREATE TABLE elgg_entities (guid BIGINT PRIMARY KEY);"
      "CREATE TABLE elgg_metastrings (id INT PRIMARY KEY, string TEXT);");
  auto connection = database->Connect();
  auto probed = ProbeHostSchema(*connection, "elgg_");
  ASSERT_EQ(probed.status().code(), StatusCode::kFailedPrecondition);
  const std::string message = probed.status().message();
  EXPECT_NE(message.find("elgg_metastrings present, elgg_users_entity absent, elgg_migrations "
                         "absent"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("expected elgg_metastrings and elgg_users_entity (Elgg 1.x/2.x)"),
            std::string::npos)
      << message;
}

TEST(HostSchemaProbeTest, RefusesAnIncompleteGeneration) {
  auto elgg1 = LoadScenario("elgg1");
  elgg1->RunSql("ALTER TABLE elgg_users_entity DROP COLUMN banned; DROP TABLE elgg_groups_entity;");
  auto connection1 = elgg1->Connect();
  auto probed1 = ProbeHostSchema(*connection1, "elgg_");
  ASSERT_EQ(probed1.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(probed1.status().message().find("table elgg_groups_entity is missing"),
            std::string::npos)
      << probed1.status().message();
  EXPECT_NE(probed1.status().message().find("elgg_users_entity lacks banned"), std::string::npos)
      << probed1.status().message();

  auto elgg3 = LoadScenario("elgg3");
  elgg3->RunSql("ALTER TABLE elgg_access_collections DROP COLUMN subtype;");
  auto connection3 = elgg3->Connect();
  auto probed3 = ProbeHostSchema(*connection3, "elgg_");
  ASSERT_EQ(probed3.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(probed3.status().message().find("Elgg 3.x or later but are incomplete: "
                                            "elgg_access_collections lacks subtype"),
            std::string::npos)
      << probed3.status().message();
}

TEST(HostSchemaProbeTest, RejectsABadPrefixBeforeTouchingTheDatabase) {
  auto database = TestDatabase::Create();
  auto connection = database->Connect();
  for (const std::string& prefix : std::vector<std::string>{
           "", "1elgg_", "elgg-", "elgg_; DROP TABLE x", "élgg_", std::string(33, 'a')}) {
    EXPECT_EQ(ProbeHostSchema(*connection, prefix).status().code(), StatusCode::kInvalidArgument)
        << prefix;
    EXPECT_FALSE(ValidatePrefix(prefix).ok()) << prefix;
  }
  for (const std::string& prefix :
       std::vector<std::string>{"elgg_", "_", "Pleio2_", std::string(32, 'a')}) {
    EXPECT_TRUE(ValidatePrefix(prefix).ok()) << prefix;
  }
}

TEST(HostSchemaProbeTest, MakeHostReaderChecksItsSettings) {
  HostSchema schema;
  schema.generation = Generation::kElgg1;
  schema.prefix = "elgg_";
  HostSettings settings;
  EXPECT_TRUE(MakeHostReader(schema, settings).ok());

  HostSettings other_prefix = settings;
  other_prefix.prefix = "pleio_";
  EXPECT_EQ(MakeHostReader(schema, other_prefix).status().code(), StatusCode::kInvalidArgument);
  HostSettings twice = settings;
  twice.profile_fields = {"skills", "skills"};
  EXPECT_EQ(MakeHostReader(schema, twice).status().code(), StatusCode::kInvalidArgument);
  HostSettings none = settings;
  none.profile_fields.clear();
  EXPECT_EQ(MakeHostReader(schema, none).status().code(), StatusCode::kInvalidArgument);
  HostSettings no_site = settings;
  no_site.site_guid = 0;
  EXPECT_EQ(MakeHostReader(schema, no_site).status().code(), StatusCode::kInvalidArgument);
  HostSchema unknown = schema;
  unknown.generation = Generation::kUnknown;
  EXPECT_EQ(MakeHostReader(unknown, settings).status().code(), StatusCode::kFailedPrecondition);
}

TEST(HostElgg1Test, PleioSubsiteMetadataIsFilteredBySite) {
  auto database = LoadScenario("elgg1");
  // Two more "skills" rows for zoe: one of another subsite (99), one of no
  // site (NULL), and a disabled one of this site.
  database->RunSql(
      "INSERT INTO elgg_metastrings (id, string) VALUES (9001, 'skills'), (9002, 'Subsite'), "
      "(9003, 'Overal'), (9004, 'Uitgeschakeld'), (9005, 'SKILLS');"
      "INSERT INTO elgg_metadata (entity_guid, name_id, value_id, value_type, owner_guid, "
      "access_id, time_created, enabled, site_guid) VALUES "
      "(20, 9001, 9002, 'text', 20, 2, 1, 'yes', 99), (20, 9001, 9003, 'text', 20, 2, 1, 'yes', "
      "NULL), (20, 9001, 9004, 'text', 20, 2, 1, 'no', 1), (20, 9005, 9003, 'text', 20, 2, 1, "
      "'yes', 1);");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  ASSERT_TRUE(reader->schema().metadata_site_guid);
  Texts skills;
  for (const auto& value : Get(reader->ProfileValues(*connection, kZoe))) {
    if (value.field == "skills") skills.push_back(value.value);
  }
  // Not the other subsite's, not the disabled row, not the 'SKILLS' row.
  EXPECT_EQ(skills, (Texts{"Python", "Beleidsadvies", "Wiskunde", "Overal"}));

  // Without subsite_manager's column every site's rows count.
  database->RunSql("ALTER TABLE elgg_metadata DROP COLUMN site_guid;");
  auto plain = MakeReader(*connection, "elgg_");
  ASSERT_FALSE(plain->schema().metadata_site_guid);
  skills.clear();
  for (const auto& value : Get(plain->ProfileValues(*connection, kZoe))) {
    if (value.field == "skills") skills.push_back(value.value);
  }
  EXPECT_EQ(skills, (Texts{"Python", "Beleidsadvies", "Wiskunde", "Subsite", "Overal"}));
  EXPECT_EQ(Get(plain->GetGroup(*connection, kClosedGroup))->acl_id, 4);
}

TEST(HostElgg1Test, GroupMetadataOfAnotherSubsiteIsIgnored) {
  auto database = LoadScenario("elgg1");
  // A newer klussen_enable = yes for group 41, but on subsite 99.
  database->RunSql(
      "INSERT INTO elgg_metastrings (id, string) VALUES (9101, 'klussen_enable'), (9102, 'yes');"
      "INSERT INTO elgg_metadata (entity_guid, name_id, value_id, value_type, owner_guid, "
      "access_id, time_created, enabled, site_guid) VALUES (41, 9101, 9102, 'text', 10, 2, 1, "
      "'yes', 99);");
  auto connection = database->Connect();
  EXPECT_FALSE(
      Get(MakeReader(*connection, "elgg_")->GetGroup(*connection, kClosedGroup))->klussen_enabled);
  database->RunSql("ALTER TABLE elgg_metadata DROP COLUMN site_guid;");
  EXPECT_TRUE(
      Get(MakeReader(*connection, "elgg_")->GetGroup(*connection, kClosedGroup))->klussen_enabled);
}

TEST(HostElgg1Test, GroupsOfAnotherSubsiteAreNotOurs) {
  auto database = LoadScenario("elgg1");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  HostCounts before = Get(reader->Counts(*connection));
  ASSERT_TRUE(Get(reader->GetGroup(*connection, kClosedGroup)).has_value());
  // Group 41 moves to subsite 99: it and its memberships leave this site.
  database->RunSql("UPDATE elgg_entities SET site_guid = 99 WHERE guid = 41;");
  EXPECT_FALSE(Get(reader->GetGroup(*connection, kClosedGroup)).has_value());
  HostCounts after = Get(reader->Counts(*connection));
  EXPECT_EQ(after.groups, before.groups - 1);
  EXPECT_LT(after.memberships, before.memberships);
  for (const auto& group : Get(reader->ListGroups(*connection, 0, 100))) {
    EXPECT_NE(group.guid, kClosedGroup);
  }
  EXPECT_TRUE(Get(reader->GroupMembers(*connection, kClosedGroup, 0, 100)).empty());
}

TEST(HostElgg1Test, WorksWithoutThePleioColumns) {
  auto database = LoadScenario("elgg1");
  database->RunSql(
      "ALTER TABLE elgg_users_entity DROP COLUMN pleio_guid;"
      "ALTER TABLE elgg_metadata DROP COLUMN site_guid;");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  EXPECT_FALSE(reader->schema().pleio_guid);
  EXPECT_FALSE(reader->schema().metadata_site_guid);
  EXPECT_NE(reader->schema().Describe().find("pleio_guid=no metadata.site_guid=no"),
            std::string::npos)
      << reader->schema().Describe();
  EXPECT_EQ(Get(reader->GetUser(*connection, kPleun))->pleio_guid, 0);
  EXPECT_EQ(Get(reader->Counts(*connection)).users, 8);
  AccessContext frits = Get(reader->LoadAccessContext(*connection, kFrits));
  EXPECT_EQ(ValueTexts(Get(reader->VisibleProfileValues(*connection, frits, kZoe))),
            (Texts{"Python", "Beleidsadvies", "Fietsen", "Over mij: \"data\" & 'beleid'", "BZK"}));
}

TEST(HostElgg3Test, NeverReadsTheMetadataCopyOfProfileFields) {
  auto database = LoadScenario("elgg3");
  // A metadata-only value (no annotation, so no access control): invisible.
  database->RunSql(
      "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) "
      "VALUES (20, 'skills', 'Alleen metadata', 'text', 1);");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  EXPECT_EQ(ValueTexts(Get(reader->ProfileValues(*connection, kZoe))), kAllOfZoe);
}

TEST(HostElgg3Test, AnnotationsEnabledIsRespectedWhenPresent) {
  auto database = LoadScenario("elgg3");
  // The 3.x-5.x shape: annotations.enabled exists.
  database->RunSql(
      "ALTER TABLE elgg_annotations ADD COLUMN enabled ENUM('yes','no') NOT NULL DEFAULT 'yes';"
      "UPDATE elgg_annotations SET enabled = 'no' WHERE entity_guid = 20 AND value = 'Python';");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  EXPECT_TRUE(reader->schema().annotations_enabled);
  Texts expected = kAllOfZoe;
  expected.erase(expected.begin());
  EXPECT_EQ(ValueTexts(Get(reader->ProfileValues(*connection, kZoe))), expected);
}

TEST(HostElgg3Test, DeletedEntitiesAreGoneAndTheColumnIsOptional) {
  auto database = LoadScenario("elgg3");
  database->RunSql("UPDATE elgg_entities SET deleted = 'yes' WHERE guid IN (14, 42);");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  EXPECT_FALSE(Get(reader->GetUser(*connection, kFrits)).has_value());
  EXPECT_FALSE(Get(reader->GetGroup(*connection, kHiddenGroup)).has_value());
  EXPECT_FALSE(Get(reader->IsMember(*connection, kAnna, kHiddenGroup)));
  HostCounts counts = Get(reader->Counts(*connection));
  EXPECT_EQ(counts.users, 7);
  EXPECT_EQ(counts.groups, 3);
  EXPECT_EQ(counts.memberships, 6);

  // The 3.x-5.x shape has no trash bin: the same rows count again.
  database->RunSql("ALTER TABLE elgg_entities DROP COLUMN deleted;");
  auto older = MakeReader(*connection, "elgg_");
  EXPECT_FALSE(older->schema().entities_deleted);
  EXPECT_TRUE(Get(older->GetUser(*connection, kFrits)).has_value());
  EXPECT_EQ(Get(older->Counts(*connection)).memberships, 8);
}

// ---- The demo site in both generations.

struct DemoFacts {
  int64_t users = 0;
  int64_t groups = 0;
  int64_t memberships = 0;
};

DemoFacts CountDemo(const nlohmann::json& model) {
  std::set<int64_t> active;
  DemoFacts facts;
  for (const auto& user : model["users"]) {
    if (user.value("enabled", true) && !user.value("banned", false)) {
      active.insert(user["guid"].get<int64_t>());
    }
  }
  facts.users = static_cast<int64_t>(active.size());
  for (const auto& group : model["groups"]) {
    if (!group.value("enabled", true)) continue;
    ++facts.groups;
    for (const auto& member : group.value("members", nlohmann::json::array())) {
      if (active.count(member.get<int64_t>())) ++facts.memberships;
    }
  }
  return facts;
}

class HostDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_path_ = "/tmp/klussen_host_demo_" + std::to_string(::getpid()) + ".json";
    std::ofstream(demo_path_) << testing::RunCommand(
        "python3 " + testing::SourcePath("tests/fixtures/elgg_fixture.py") + " demo --seed 42");
    elgg1_ = TestDatabase::Create().release();
    elgg1_->LoadModel(demo_path_, "elgg1");
    elgg3_ = TestDatabase::Create().release();
    elgg3_->LoadModel(demo_path_, "elgg3");
  }
  static void TearDownTestSuite() {
    delete elgg1_;
    delete elgg3_;
    std::remove(demo_path_.c_str());
  }

  static std::vector<HostUser> AllUsers(HostReader& reader, store::Connection& c) {
    std::vector<HostUser> all;
    Guid after = 0;
    while (true) {
      auto page = Get(reader.ListUsers(c, after, 64));
      if (page.empty()) return all;
      after = page.back().guid;
      all.insert(all.end(), page.begin(), page.end());
    }
  }

  static std::string demo_path_;
  static TestDatabase* elgg1_;
  static TestDatabase* elgg3_;
};
std::string HostDemoTest::demo_path_;
TestDatabase* HostDemoTest::elgg1_ = nullptr;
TestDatabase* HostDemoTest::elgg3_ = nullptr;

TEST_F(HostDemoTest, BothGenerationsReadTheSameSite) {
  std::ifstream file(demo_path_);
  const nlohmann::json model = nlohmann::json::parse(file);
  const DemoFacts facts = CountDemo(model);
  ASSERT_GT(facts.memberships, 0);

  auto c1 = elgg1_->Connect();
  auto c3 = elgg3_->Connect();
  auto r1 = MakeReader(*c1, "elgg_");
  auto r3 = MakeReader(*c3, "elgg_");
  ASSERT_EQ(r1->schema().generation, Generation::kElgg1);
  ASSERT_EQ(r3->schema().generation, Generation::kElgg3);

  for (HostReader* reader : {r1.get(), r3.get()}) {
    store::Connection& c = reader == r1.get() ? *c1 : *c3;
    HostCounts counts = Get(reader->Counts(c));
    EXPECT_EQ(counts.users, facts.users) << reader->schema().Describe();
    EXPECT_EQ(counts.groups, facts.groups) << reader->schema().Describe();
    EXPECT_EQ(counts.memberships, facts.memberships) << reader->schema().Describe();
  }

  const std::vector<HostUser> users1 = AllUsers(*r1, *c1);
  const std::vector<HostUser> users3 = AllUsers(*r3, *c3);
  ASSERT_EQ(static_cast<int64_t>(users1.size()), facts.users);
  ASSERT_EQ(users1.size(), users3.size());
  for (size_t i = 0; i < users1.size(); ++i) {
    SCOPED_TRACE(users1[i].guid);
    EXPECT_EQ(users1[i].guid, users3[i].guid);
    EXPECT_EQ(users1[i].name, users3[i].name);
    EXPECT_EQ(users1[i].username, users3[i].username);
    EXPECT_EQ(users1[i].language, users3[i].language);
    EXPECT_EQ(users1[i].site_admin, users3[i].site_admin);
    EXPECT_EQ(users1[i].entity_access_id, users3[i].entity_access_id);
  }
  EXPECT_EQ(Get(r1->SiteAdmins(*c1)), Get(r3->SiteAdmins(*c3)));

  // Every value is the same; only friends access is stored differently
  // (elgg1: -2, elgg3: the owner's 'friends' ACL).
  std::map<Guid, int64_t> friends_acl;
  auto acls = Get(c3->Query(
      "SELECT owner_guid, id FROM elgg_access_collections WHERE subtype = 'friends'", {}, 10000));
  for (size_t r = 0; r < acls.size(); ++r) friends_acl[acls.Int(r, 0)] = acls.Int(r, 1);
  size_t compared = 0;
  for (const HostUser& user : users1) {
    SCOPED_TRACE(user.guid);
    auto values1 = Get(r1->ProfileValues(*c1, user.guid));
    auto values3 = Get(r3->ProfileValues(*c3, user.guid));
    ASSERT_EQ(values1.size(), values3.size());
    for (size_t i = 0; i < values1.size(); ++i) {
      EXPECT_EQ(values1[i].field, values3[i].field);
      EXPECT_EQ(values1[i].value, values3[i].value);
      EXPECT_EQ(values1[i].owner_guid, values3[i].owner_guid);
      if (values1[i].access_id == kAccessFriends) {
        EXPECT_EQ(values3[i].access_id, friends_acl.at(user.guid));
      } else {
        EXPECT_EQ(values1[i].access_id, values3[i].access_id);
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 1000u);
}

// The batch reads of a page of candidates answer exactly what the single
// reads answer, on both generations, for active, inactive and unknown guids.
TEST_F(HostDemoTest, BatchReadsAnswerAsTheSingleReads) {
  auto c1 = elgg1_->Connect();
  auto c3 = elgg3_->Connect();
  auto r1 = MakeReader(*c1, "elgg_");
  auto r3 = MakeReader(*c3, "elgg_");
  for (HostReader* reader : {r1.get(), r3.get()}) {
    SCOPED_TRACE(reader->schema().Describe());
    store::Connection& c = reader == r1.get() ? *c1 : *c3;
    // Every guid from 1 up: users, groups, other entities and gaps.
    const std::vector<HostUser> active = AllUsers(*reader, c);
    ASSERT_GT(active.size(), 10u);
    const Guid last = active.back().guid + 5;
    size_t users_seen = 0, members_seen = 0, non_members_seen = 0;
    std::vector<HostGroup> groups = Get(reader->ListGroups(c, 0, 200));
    ASSERT_FALSE(groups.empty());
    for (Guid first = 1; first <= last; first += HostReader::kMaxBatchUsers) {
      std::vector<Guid> batch;
      for (Guid g = first; g < first + static_cast<Guid>(HostReader::kMaxBatchUsers); ++g)
        batch.push_back(g);
      std::map<Guid, HostUser> batched;
      for (auto& user : Get(reader->GetUsers(c, batch))) batched.emplace(user.guid, user);
      for (Guid g : batch) {
        auto single = Get(reader->GetUser(c, g));
        ASSERT_EQ(single.has_value(), batched.count(g) > 0) << g;
        if (!single) continue;
        ++users_seen;
        const HostUser& b = batched.at(g);
        EXPECT_EQ(single->name, b.name);
        EXPECT_EQ(single->username, b.username);
        EXPECT_EQ(single->site_admin, b.site_admin);
        EXPECT_EQ(single->entity_access_id, b.entity_access_id);
      }
      for (const HostGroup& group : groups) {
        std::vector<Guid> found = Get(reader->MembersAmong(c, group.guid, batch));
        std::set<Guid> among(found.begin(), found.end());
        EXPECT_EQ(among.size(), found.size()) << "a member answered twice";
        for (Guid g : batch) {
          const bool member = Get(reader->IsMember(c, g, group.guid));
          ASSERT_EQ(member, among.count(g) > 0) << g << " in " << group.guid;
          ++(member ? members_seen : non_members_seen);
        }
      }
    }
    // Groups and group admins the same way, for every user as the admin.
    size_t groups_seen = 0, admins_seen = 0;
    for (Guid first = 1; first <= last; first += HostReader::kMaxBatchUsers) {
      std::vector<Guid> batch;
      for (Guid g = first; g < first + static_cast<Guid>(HostReader::kMaxBatchUsers); ++g)
        batch.push_back(g);
      std::map<Guid, HostGroup> batched;
      for (auto& group : Get(reader->GetGroups(c, batch))) batched.emplace(group.guid, group);
      std::vector<Guid> existing;
      for (Guid g : batch) {
        auto single = Get(reader->GetGroup(c, g));
        ASSERT_EQ(single.has_value(), batched.count(g) > 0) << g;
        if (!single) continue;
        ++groups_seen;
        existing.push_back(g);
        const HostGroup& b = batched.at(g);
        EXPECT_EQ(single->name, b.name);
        EXPECT_EQ(single->owner_guid, b.owner_guid);
        EXPECT_EQ(single->entity_access_id, b.entity_access_id);
        EXPECT_EQ(single->open_membership, b.open_membership);
        EXPECT_EQ(single->klussen_enabled, b.klussen_enabled);
      }
      if (existing.empty()) continue;
      // The owners of these groups and a sample of everyone else.
      std::set<Guid> people;
      for (Guid g : existing) people.insert(batched.at(g).owner_guid);
      for (size_t i = 0; i < active.size(); i += 7) people.insert(active[i].guid);
      for (Guid person : people) {
        std::vector<Guid> found = Get(reader->AdminOfAmong(c, person, batch));
        std::set<Guid> admin_of(found.begin(), found.end());
        std::vector<Guid> checked = existing;
        checked.push_back(batch.front());  // maybe not a group
        checked.push_back(person);         // a user, never a group
        for (Guid g : checked) {
          const bool admin = Get(reader->IsGroupAdmin(c, person, g));
          ASSERT_EQ(admin, admin_of.count(g) > 0) << person << " of " << g;
          admins_seen += admin ? 1 : 0;
        }
      }
    }
    EXPECT_EQ(groups_seen, groups.size());
    EXPECT_GT(admins_seen, 0u);
    EXPECT_EQ(users_seen, active.size());
    EXPECT_GT(members_seen, 0u);
    EXPECT_GT(non_members_seen, 0u);
    // Over the bound is refused, not cut short.
    std::vector<Guid> too_many(HostReader::kMaxBatchUsers + 1, active.front().guid);
    EXPECT_EQ(reader->GetUsers(c, too_many).status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Get(reader->GetUsers(c, {})).empty());
  }
}

TEST_F(HostDemoTest, ProfileValuesMatchTheModel) {
  std::ifstream file(demo_path_);
  const nlohmann::json model = nlohmann::json::parse(file);
  const HostSettings settings;
  auto c1 = elgg1_->Connect();
  auto c3 = elgg3_->Connect();
  auto r1 = MakeReader(*c1, "elgg_");
  auto r3 = MakeReader(*c3, "elgg_");
  size_t checked_users = 0;
  for (const auto& user : model["users"]) {
    const Guid guid = user["guid"].get<Guid>();
    const bool active = user.value("enabled", true) && !user.value("banned", false);
    Texts expected;
    if (active) {
      const auto profile = user.value("profile", nlohmann::json::object());
      for (const auto& field : settings.profile_fields) {
        if (!profile.contains(field)) continue;
        for (const auto& value : profile[field]) {
          expected.push_back(value["value"].get<std::string>());
        }
      }
    }
    EXPECT_EQ(ValueTexts(Get(r1->ProfileValues(*c1, guid))), expected) << guid;
    EXPECT_EQ(ValueTexts(Get(r3->ProfileValues(*c3, guid))), expected) << guid;
    ++checked_users;
  }
  EXPECT_EQ(checked_users, model["users"].size());
}

TEST_F(HostDemoTest, BothGenerationsShowTheSameValuesToTheSameViewers) {
  auto c1 = elgg1_->Connect();
  auto c3 = elgg3_->Connect();
  auto r1 = MakeReader(*c1, "elgg_");
  auto r3 = MakeReader(*c3, "elgg_");
  const std::vector<HostUser> users = AllUsers(*r1, *c1);
  // Viewers: logged out, every 25th user (with admins among them by chance
  // or not), plus every site admin; owners: every 7th user.
  std::vector<Guid> viewers = {0};
  for (size_t i = 0; i < users.size(); i += 25) viewers.push_back(users[i].guid);
  for (Guid admin : Get(r1->SiteAdmins(*c1))) viewers.push_back(admin);
  size_t differing_views = 0;  // proves the viewers see different things
  size_t compared = 0;
  for (Guid viewer : viewers) {
    AccessContext v1 = Get(r1->LoadAccessContext(*c1, viewer));
    AccessContext v3 = Get(r3->LoadAccessContext(*c3, viewer));
    EXPECT_EQ(v1.site_admin, v3.site_admin);
    for (size_t i = 0; i < users.size(); i += 7) {
      const Guid owner = users[i].guid;
      Texts seen1 = ValueTexts(Get(r1->VisibleProfileValues(*c1, v1, owner)));
      Texts seen3 = ValueTexts(Get(r3->VisibleProfileValues(*c3, v3, owner)));
      EXPECT_EQ(seen1, seen3) << "viewer " << viewer << " owner " << owner;
      if (seen1.size() != Get(r1->ProfileValues(*c1, owner)).size()) ++differing_views;
      ++compared;
    }
  }
  EXPECT_GT(compared, 500u);
  EXPECT_GT(differing_views, 50u);
}

// ---- FindUserBySubject on the fixture writer's tiny site (tests/fixtures/models/tiny.json).

const char kTinyModel[] = "tests/fixtures/models/tiny.json";

// Guids of tiny.json.
constexpr Guid kJan = 2;       // jdevries, jan.devries@minbzk.nl, pleio 123456
constexpr Guid kAnnemiek = 3;  // abakker, site admin, pleio 123457
constexpr Guid kPieter = 4;    // pdhondt, banned, pleio 123458 (zvanthof, 5, is disabled)
constexpr Guid kNoel = 6;      // nozturk, noel.ozturk@politie.nl, pleio 123460
constexpr Guid kFatima = 7;    // felidrissi, pleio 123461

// elgg3 has no users_entity.pleio_guid; the reader's best guess is metadata
// `pleio_guid`, which the fixture writer does not emit, so the tests add it.
const char kElgg3PleioGuids[] =
    "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) VALUES "
    "(2, 'pleio_guid', '123456', 'text', 1), (3, 'pleio_guid', '123457', 'text', 1), "
    "(4, 'pleio_guid', '123458', 'text', 1), (5, 'pleio_guid', '123459', 'text', 1), "
    "(6, 'pleio_guid', '123460', 'text', 1), (7, 'pleio_guid', '123461', 'text', 1);";

std::unique_ptr<TestDatabase> LoadTiny(const std::string& generation) {
  auto database = TestDatabase::Create();
  database->LoadModel(kTinyModel, generation);
  if (generation == "elgg3") database->RunSql(kElgg3PleioGuids);
  return database;
}

// The guid `value` finds, 0 for none; an error fails the test.
Guid FoundGuid(HostReader& reader, store::Connection& c, SubjectKind kind,
               const std::string& value) {
  std::optional<HostUser> user = Get(reader.FindUserBySubject(c, kind, value));
  return user ? user->guid : 0;
}

// One tiny site per generation, shared by the read-only tests.
class HostSubjectTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { databases().clear(); }

  void SetUp() override {
    auto& database = databases()[GetParam()];
    if (!database) database = LoadTiny(GetParam());
    connection_ = database->Connect();
    reader_ = MakeReader(*connection_, "elgg_");
  }

  Guid Found(SubjectKind kind, const std::string& value) {
    return FoundGuid(*reader_, *connection_, kind, value);
  }

  static std::map<std::string, std::unique_ptr<TestDatabase>>& databases() {
    static auto* shared = new std::map<std::string, std::unique_ptr<TestDatabase>>;
    return *shared;
  }

  std::unique_ptr<store::Connection> connection_;
  std::unique_ptr<HostReader> reader_;
};

INSTANTIATE_TEST_SUITE_P(Generations, HostSubjectTest, ::testing::Values("elgg1", "elgg3"),
                         [](const ::testing::TestParamInfo<std::string>& generation) {
                           return generation.param;
                         });

TEST_P(HostSubjectTest, FindsActiveUsersByExactUsername) {
  auto jan = Get(reader_->FindUserBySubject(*connection_, SubjectKind::kUsername, "jdevries"));
  ASSERT_TRUE(jan.has_value());
  EXPECT_EQ(jan->guid, kJan);
  EXPECT_EQ(jan->name, "Jan de Vries");
  EXPECT_EQ(jan->username, "jdevries");
  EXPECT_EQ(jan->language, "nl");
  EXPECT_FALSE(jan->site_admin);
  auto annemiek = Get(reader_->FindUserBySubject(*connection_, SubjectKind::kUsername, "abakker"));
  ASSERT_TRUE(annemiek.has_value());
  EXPECT_EQ(annemiek->guid, kAnnemiek);
  EXPECT_TRUE(annemiek->site_admin);
  EXPECT_EQ(Found(SubjectKind::kUsername, "felidrissi"), kFatima);
  // The column's collation matches some of these too; only the exact name counts.
  for (const std::string value : {"JDEVRIES", "JDevries", "jdevries ", " jdevries", "jdevrie",
                                  "jdevries%", "%", "_devries", "", "jan.devries@minbzk.nl"}) {
    EXPECT_EQ(Found(SubjectKind::kUsername, value), 0) << "'" << value << "'";
  }
}

TEST_P(HostSubjectTest, FindsActiveUsersByEmailIgnoringAsciiCase) {
  EXPECT_EQ(Found(SubjectKind::kEmail, "jan.devries@minbzk.nl"), kJan);
  EXPECT_EQ(Found(SubjectKind::kEmail, "JAN.DEVRIES@MINBZK.NL"), kJan);
  EXPECT_EQ(Found(SubjectKind::kEmail, "Jan.DeVries@MinBZK.nl"), kJan);
  EXPECT_EQ(Found(SubjectKind::kEmail, "noel.ozturk@politie.nl"), kNoel);
  for (const std::string value : {"jan.devries@minbzk.nl ", "jan.devries@minbzk", "jdevries",
                                  "%@minbzk.nl", "", "jan.devri\xc3\xa9s@minbzk.nl"}) {
    EXPECT_EQ(Found(SubjectKind::kEmail, value), 0) << "'" << value << "'";
  }
}

TEST_P(HostSubjectTest, FindsActiveUsersByPleioGuid) {
  auto jan = Get(reader_->FindUserBySubject(*connection_, SubjectKind::kPleioGuid, "123456"));
  ASSERT_TRUE(jan.has_value());
  EXPECT_EQ(jan->guid, kJan);
  EXPECT_EQ(jan->pleio_guid, 123456);
  EXPECT_EQ(Found(SubjectKind::kPleioGuid, "123460"), kNoel);
  EXPECT_EQ(Found(SubjectKind::kPleioGuid, "123461"), kFatima);
  // Only the canonical decimal names a pleio guid (MariaDB itself would find
  // '123456abc' = 123456 true).
  for (const std::string value :
       {"0123456", "+123456", "123456.0", "1.23456e5", "123456 ", " 123456", "123456abc", "abc",
        "0", "-123456", "", "2", "99999999999999999999"}) {
    EXPECT_EQ(Found(SubjectKind::kPleioGuid, value), 0) << "'" << value << "'";
  }
}

TEST_P(HostSubjectTest, NeverFindsBannedOrDisabledUsers) {
  const std::vector<std::pair<SubjectKind, std::string>> inactive = {
      {SubjectKind::kUsername, "pdhondt"},         {SubjectKind::kEmail, "pieter.dhondt@uwv.nl"},
      {SubjectKind::kPleioGuid, "123458"},         {SubjectKind::kUsername, "zvanthof"},
      {SubjectKind::kEmail, "zoe.vanthof@duo.nl"}, {SubjectKind::kPleioGuid, "123459"}};
  for (const auto& [kind, value] : inactive) EXPECT_EQ(Found(kind, value), 0) << value;
  EXPECT_EQ(Found(SubjectKind::kPleioGuid, "123457"), kAnnemiek);  // a neighbour is found
}

TEST(HostSubjectAmbiguityTest, TwoActiveUsersWithOneValueAreRefused) {
  for (const std::string generation : {"elgg1", "elgg3"}) {
    SCOPED_TRACE(generation);
    auto database = LoadTiny(generation);
    auto set_email = [&](Guid guid, const std::string& email) {
      database->RunSql(generation == "elgg1" ? "UPDATE elgg_users_entity SET email = '" + email +
                                                   "' WHERE guid = " + std::to_string(guid) + ";"
                                             : "UPDATE elgg_metadata SET value = '" + email +
                                                   "' WHERE name = 'email' AND entity_guid = " +
                                                   std::to_string(guid) + ";");
    };
    auto connection = database->Connect();
    auto reader = MakeReader(*connection, "elgg_");
    // A banned user with the same address does not make it ambiguous.
    set_email(kPieter, "jan.devries@minbzk.nl");
    EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kEmail, "jan.devries@minbzk.nl"), kJan);
    // A second active user does, whatever the case of the stored address.
    set_email(kNoel, "JAN.DEVRIES@minbzk.nl");
    auto ambiguous =
        reader->FindUserBySubject(*connection, SubjectKind::kEmail, "jan.devries@minbzk.nl");
    ASSERT_EQ(ambiguous.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(ambiguous.status().message().find("matches 2 active users (guids 2, 6)"),
              std::string::npos)
        << ambiguous.status().message();
    database->RunSql("UPDATE elgg_entities SET enabled = 'no' WHERE guid = 6;");
    EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kEmail, "jan.devries@minbzk.nl"), kJan);
  }
}

TEST(HostSubjectElgg1Test, PleioGuidNeedsModPleiosColumn) {
  auto database = LoadTiny("elgg1");
  database->RunSql("ALTER TABLE elgg_users_entity DROP COLUMN pleio_guid;");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  ASSERT_FALSE(reader->schema().pleio_guid);
  auto refused = reader->FindUserBySubject(*connection, SubjectKind::kPleioGuid, "123456");
  ASSERT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("no users_entity.pleio_guid column"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kUsername, "jdevries"), kJan);
}

TEST(HostSubjectElgg3Test, WithoutPleioGuidMetadataNobodyIsFound) {
  auto database = TestDatabase::Create();
  database->LoadModel(kTinyModel, "elgg3");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kPleioGuid, "123456"), 0);
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kUsername, "jdevries"), kJan);
}

TEST(HostSubjectElgg3Test, OnlyTheNewestValueCountsAndDeletedUsersAreGone) {
  auto database = LoadTiny("elgg3");
  // Jan changed his address and username: newer metadata rows.
  database->RunSql(
      "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) VALUES "
      "(2, 'email', 'jan@nieuw.example', 'text', 2), (2, 'username', 'jandevries', 'text', 2);");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kEmail, "jan@nieuw.example"), kJan);
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kEmail, "jan.devries@minbzk.nl"), 0);
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kUsername, "jandevries"), kJan);
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kUsername, "jdevries"), 0);

  database->RunSql("UPDATE elgg_entities SET deleted = 'yes' WHERE guid = 2;");
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kEmail, "jan@nieuw.example"), 0);
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kPleioGuid, "123456"), 0);
  EXPECT_EQ(FoundGuid(*reader, *connection, SubjectKind::kPleioGuid, "123457"), kAnnemiek);
}

// GetUser assembles an elgg3 user from metadata rows: the newest row of each
// name wins, any admin or banned row saying 'yes' counts (in the column's
// collation, as the page reads compare), and the answer equals the page read's.
TEST(HostUserElgg3Test, GetUserKeepsTheNewestValuesAndAnyYes) {
  auto database = LoadTiny("elgg3");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  auto same_as_list = [&](Guid guid) {
    auto single = Get(reader->GetUser(*connection, guid));
    auto listed = Get(reader->GetUsers(*connection, {guid}));
    EXPECT_EQ(single.has_value(), listed.size() == 1) << guid;
    if (single && listed.size() == 1) {
      EXPECT_EQ(single->name, listed[0].name);
      EXPECT_EQ(single->username, listed[0].username);
      EXPECT_EQ(single->language, listed[0].language);
      EXPECT_EQ(single->site_admin, listed[0].site_admin);
      EXPECT_EQ(single->entity_access_id, listed[0].entity_access_id);
    }
    return single;
  };
  auto before = same_as_list(kJan);
  ASSERT_TRUE(before.has_value());
  EXPECT_FALSE(before->site_admin);

  // Renamed, a second language row, and admin rows: 'no' first, then 'YES'.
  database->RunSql(
      "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) VALUES "
      "(2, 'name', 'Jan de Vries-Bakker', 'text', 2), (2, 'language', 'nl', 'text', 2), "
      "(2, 'language', 'en', 'text', 3), (2, 'admin', 'no', 'text', 3), "
      "(2, 'admin', 'YES', 'text', 4), (2, 'Username', 'jan.dv', 'text', 4);");
  auto after = same_as_list(kJan);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->name, "Jan de Vries-Bakker");
  EXPECT_EQ(after->language, "en");
  EXPECT_EQ(after->username, "jan.dv");  // the name compares in the column's collation too
  EXPECT_TRUE(after->site_admin);

  // A banned row saying no leaves him active; any saying yes, even among others, does not.
  database->RunSql(
      "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) VALUES "
      "(2, 'banned', 'no', 'text', 5);");
  EXPECT_TRUE(same_as_list(kJan).has_value());
  database->RunSql(
      "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) VALUES "
      "(2, 'banned', 'yes', 'text', 6), (2, 'banned', 'no', 'text', 7);");
  EXPECT_FALSE(same_as_list(kJan).has_value());
}

// ---- sql/host-queries.md lists every query as it is in the code.

std::string ReadSource(const std::string& relative) {
  std::ifstream file(testing::SourcePath(relative), std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + relative);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::string SquashSpaces(const std::string& text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

TEST(HostQueriesDocTest, EveryQueryTemplateIsInTheDocument) {
  const std::string document = SquashSpaces(ReadSource("sql/host-queries.md"));
  size_t templates = 0;
  for (const char* source :
       {"sidecar/src/host/elgg1_reader.cc", "sidecar/src/host/elgg3_reader.cc"}) {
    const std::string code = ReadSource(source);
    const std::string open = "R\"sql(";
    const std::string close = ")sql\"";
    for (size_t at = code.find(open); at != std::string::npos; at = code.find(open, at)) {
      at += open.size();
      size_t end = code.find(close, at);
      ASSERT_NE(end, std::string::npos);
      const std::string sql = SquashSpaces(code.substr(at, end - at));
      EXPECT_NE(document.find(sql), std::string::npos) << source << ":\n" << sql;
      ++templates;
    }
  }
  EXPECT_GE(templates, 20u);
}

TEST(HostQueriesDocTest, BuiltQueriesHaveNoPlaceholdersLeft) {
  HostSettings settings;
  for (bool flag : {false, true}) {
    HostSchema schema;
    schema.prefix = "pre_";
    schema.pleio_guid = flag;
    schema.metadata_site_guid = flag;
    schema.entities_deleted = flag;
    schema.annotations_enabled = flag;
    for (const auto& queries :
         {internal::Elgg1Queries(schema, settings), internal::Elgg3Queries(schema, settings)}) {
      for (const std::string* sql : {&queries.counts,
                                     &queries.get_user,
                                     &queries.list_users,
                                     &queries.active_user_guids,
                                     &queries.site_admins,
                                     &queries.get_group,
                                     &queries.list_groups,
                                     &queries.group_members,
                                     &queries.group_memberships,
                                     &queries.membership_signatures,
                                     &queries.group_admins,
                                     &queries.is_member,
                                     &queries.member_groups,
                                     &queries.users_changed_since,
                                     &queries.is_group_admin,
                                     &queries.profile_values,
                                     &queries.profile_values_between,
                                     &queries.viewer_acls,
                                     &queries.user_by_username,
                                     &queries.user_by_email}) {
        EXPECT_EQ(sql->find_first_of("{}"), std::string::npos) << *sql;
        EXPECT_NE(sql->find("pre_"), std::string::npos) << *sql;
        EXPECT_EQ(sql->find("elgg_"), std::string::npos) << *sql;
      }
    }
    // Site membership is a 1.x notion: 3.0 removed multi-site.
    const std::string site_of_user = internal::Elgg1Queries(schema, settings).site_of_user;
    EXPECT_EQ(site_of_user.find_first_of("{}"), std::string::npos) << site_of_user;
    EXPECT_NE(site_of_user.find("pre_entity_relationships"), std::string::npos) << site_of_user;
    EXPECT_TRUE(internal::Elgg3Queries(schema, settings).site_of_user.empty());
    // elgg1 looks pleio guids up only in mod_pleio's column; elgg3 always tries metadata.
    const std::string elgg1_pleio = internal::Elgg1Queries(schema, settings).user_by_pleio_guid;
    const std::string elgg3_pleio = internal::Elgg3Queries(schema, settings).user_by_pleio_guid;
    EXPECT_EQ(elgg1_pleio.empty(), !flag);
    ASSERT_FALSE(elgg3_pleio.empty());
    // elgg1 reads a user's fields by joining users_entity; elgg3 assembles them from metadata rows.
    const internal::HostQueries elgg3 = internal::Elgg3Queries(schema, settings);
    EXPECT_TRUE(internal::Elgg1Queries(schema, settings).get_user_with_metadata.empty());
    ASSERT_FALSE(elgg3.get_user_with_metadata.empty());
    for (const std::string* sql : {&elgg1_pleio, &elgg3_pleio, &elgg3.get_user_with_metadata}) {
      if (sql->empty()) continue;
      EXPECT_EQ(sql->find_first_of("{}"), std::string::npos) << *sql;
      EXPECT_NE(sql->find("pre_"), std::string::npos) << *sql;
    }
  }
}

TEST(HostQueriesDocTest, ExpandSqlReplacesOnlyKnownNames) {
  EXPECT_EQ(internal::ExpandSql("SELECT * FROM {prefix}x WHERE {a} AND {b}",
                                {{"prefix", "p_"}, {"a", "1 = 1"}}),
            "SELECT * FROM p_x WHERE 1 = 1 AND {b}");
  EXPECT_EQ(internal::ExpandSql("{a}{a}", {{"a", "{b}"}, {"b", "x"}}), "{b}{b}");
  EXPECT_EQ(internal::ExpandSql("no braces", {{"a", "x"}}), "no braces");
  EXPECT_EQ(internal::Placeholders(3), "?, ?, ?");
  EXPECT_EQ(internal::Placeholders(0), "");
}

// ---- The site of a bearer-token viewer.

TEST_P(HostReaderTest, SiteOfUserIsTheConfiguredSiteForItsMembers) {
  EXPECT_EQ(Get(reader().SiteOfUser(c(), kPiet)), 1);
  EXPECT_EQ(Get(reader().SiteOfUser(c(), kAdam)), 1);
  for (Guid inactive : {kBert, kDirk, Guid{999}}) {
    auto site = reader().SiteOfUser(c(), inactive);
    EXPECT_EQ(site.status().code(), StatusCode::kNotFound) << inactive;
  }
}

// Multi-site 1.x (Pleio subsites): a user created on another site who never
// joined this one belongs to their own site, not to "this site".
TEST(HostReaderSitesTest, Elgg1UserOfAnotherSiteKeepsTheirOwnSite) {
  auto database = TestDatabase::Create();
  database->LoadModel(kScenario, "elgg1");
  auto connection = database->Connect();
  auto reader = MakeReader(*connection, "elgg_");
  ASSERT_TRUE(
      connection->Execute("UPDATE elgg_entities SET site_guid = 77 WHERE guid = ?", {kPiet}).ok());
  ASSERT_TRUE(connection
                  ->Execute("DELETE FROM elgg_entity_relationships WHERE guid_one = ? AND "
                            "relationship = 'member_of_site'",
                            {kPiet})
                  .ok());
  EXPECT_EQ(Get(reader->SiteOfUser(*connection, kPiet)), 77);
  // Joining this site (subsite_manager adds `member_of_site`) makes it theirs.
  ASSERT_TRUE(connection
                  ->Execute("INSERT INTO elgg_entity_relationships (guid_one, relationship, "
                            "guid_two, time_created) VALUES (?, 'member_of_site', 1, 0)",
                            {kPiet})
                  .ok());
  EXPECT_EQ(Get(reader->SiteOfUser(*connection, kPiet)), 1);
}

}  // namespace
}  // namespace klussen::host
