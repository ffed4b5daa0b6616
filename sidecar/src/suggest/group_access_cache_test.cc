// GroupAccessCache against real MariaDB databases of both Elgg generations
// (host/testdata/host_scenario.json): member sets follow joins and leaves at
// the next Refresh, site admins too, unwatched groups are forgotten, and the
// memory bound is kept.
#include "suggest/group_access_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/test_db.h"

namespace klussen::suggest {
namespace {

using testing::TestDatabase;

constexpr host::Guid kOlga = 10, kAdam = 11, kPiet = 12, kAnna = 13, kBert = 15, kDirk = 16,
                     kZoe = 20;
constexpr host::Guid kOpenGroup = 40, kClosedGroup = 41, kHiddenGroup = 42;

class GroupAccessCacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    db_->LoadModel("sidecar/src/host/testdata/host_scenario.json", GetParam());
    c_ = db_->Connect();
    auto schema = host::ProbeHostSchema(*c_, "elgg_");
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    auto reader = host::MakeHostReader(*schema, host::HostSettings{});
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    host_ = std::move(*reader);
  }

  MemberSet MembersOf(GroupAccessCache& cache, host::Guid group) {
    auto members = cache.Members(*c_, group);
    EXPECT_TRUE(members.ok()) << members.status().ToString();
    if (!members.ok() || !*members) return {};
    return **members;
  }
  MemberSet AdminsOf(GroupAccessCache& cache) {
    auto admins = cache.SiteAdmins(*c_);
    EXPECT_TRUE(admins.ok()) << admins.status().ToString();
    return admins.ok() ? **admins : MemberSet{};
  }
  void Join(host::Guid user, host::Guid group) {
    ASSERT_TRUE(c_->Execute("INSERT INTO elgg_entity_relationships (guid_one, relationship, "
                            "guid_two, time_created) VALUES (?, 'member', ?, 0)",
                            {user, group})
                    .ok());
  }
  void Leave(host::Guid user, host::Guid group) {
    ASSERT_TRUE(c_->Execute("DELETE FROM elgg_entity_relationships WHERE guid_one = ? AND "
                            "relationship = 'member' AND guid_two = ?",
                            {user, group})
                    .ok());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<store::Connection> c_;
  std::unique_ptr<host::HostReader> host_;
};

INSTANTIATE_TEST_SUITE_P(Generations, GroupAccessCacheTest, ::testing::Values("elgg1", "elgg3"),
                         [](const ::testing::TestParamInfo<std::string>& generation) {
                           return generation.param;
                         });

TEST_P(GroupAccessCacheTest, HoldsEveryMemberRowOfAGroup) {
  GroupAccessCache cache(host_.get());
  // Banned (bert) and disabled (dirk) members are in the rows; the suggest
  // service checks each shown candidate.
  EXPECT_EQ(MembersOf(cache, kOpenGroup), (MemberSet{kOlga, kAnna, kBert, kDirk, kZoe}));
  EXPECT_EQ(MembersOf(cache, kHiddenGroup), (MemberSet{kOlga, kAnna}));
  EXPECT_TRUE(MembersOf(cache, 999).empty());
  EXPECT_EQ(cache.Stats().groups, 3u);
  EXPECT_EQ(cache.Stats().memberships, 7u);
  // A second ask is answered from memory.
  const int64_t loads = cache.Stats().loads;
  MembersOf(cache, kHiddenGroup);
  EXPECT_EQ(cache.Stats().loads, loads);
  EXPECT_TRUE(GroupAccessCache::Contains(MembersOf(cache, kHiddenGroup), kAnna));
  EXPECT_FALSE(GroupAccessCache::Contains(MembersOf(cache, kHiddenGroup), kZoe));
}

TEST_P(GroupAccessCacheTest, JoinsAndLeavesCountAfterTheNextRefresh) {
  GroupAccessCache cache(host_.get());
  ASSERT_TRUE(cache.Refresh(*c_, {kClosedGroup, kHiddenGroup}).ok());
  EXPECT_EQ(MembersOf(cache, kHiddenGroup), (MemberSet{kOlga, kAnna}));
  Join(kZoe, kHiddenGroup);
  Leave(kAnna, kHiddenGroup);
  // Until the next refresh the cache is behind (the bound the header states).
  EXPECT_EQ(MembersOf(cache, kHiddenGroup), (MemberSet{kOlga, kAnna}));
  const int64_t loads = cache.Stats().loads;
  ASSERT_TRUE(cache.Refresh(*c_, {kClosedGroup, kHiddenGroup}).ok());
  EXPECT_EQ(MembersOf(cache, kHiddenGroup), (MemberSet{kOlga, kZoe}));
  // Only the changed group was read again.
  EXPECT_EQ(cache.Stats().loads, loads + 1);
  EXPECT_EQ(MembersOf(cache, kClosedGroup), (MemberSet{kOlga, kPiet, kBert, kDirk}));
  // The last member leaving empties the set.
  Leave(kOlga, kHiddenGroup);
  Leave(kZoe, kHiddenGroup);
  ASSERT_TRUE(cache.Refresh(*c_, {kClosedGroup, kHiddenGroup}).ok());
  EXPECT_TRUE(MembersOf(cache, kHiddenGroup).empty());
  // An unchanged refresh reads no group.
  const int64_t settled = cache.Stats().loads;
  ASSERT_TRUE(cache.Refresh(*c_, {kClosedGroup, kHiddenGroup}).ok());
  EXPECT_EQ(cache.Stats().loads, settled);
}

TEST_P(GroupAccessCacheTest, SiteAdminsFollowTheHostAtTheNextRefresh) {
  GroupAccessCache cache(host_.get());
  EXPECT_EQ(AdminsOf(cache), MemberSet{kAdam});
  if (GetParam() == "elgg1") {
    db_->RunSql("UPDATE elgg_users_entity SET admin = 'no' WHERE guid = 11;");
  } else {
    db_->RunSql("DELETE FROM elgg_metadata WHERE entity_guid = 11 AND name = 'admin';");
  }
  EXPECT_EQ(AdminsOf(cache), MemberSet{kAdam});
  ASSERT_TRUE(cache.Refresh(*c_, {}).ok());
  EXPECT_TRUE(AdminsOf(cache).empty());
}

TEST_P(GroupAccessCacheTest, RefreshForgetsGroupsNoLongerWatched) {
  GroupAccessCache cache(host_.get());
  ASSERT_TRUE(cache.Refresh(*c_, {kOpenGroup, kHiddenGroup}).ok());
  EXPECT_EQ(cache.Stats().groups, 2u);
  EXPECT_EQ(cache.Stats().memberships, 7u);
  ASSERT_TRUE(cache.Refresh(*c_, {kHiddenGroup}).ok());
  EXPECT_EQ(cache.Stats().groups, 1u);
  EXPECT_EQ(cache.Stats().memberships, 2u);
}

TEST_P(GroupAccessCacheTest, AGroupOverTheMemoryBoundIsNotHeld) {
  GroupAccessCache cache(host_.get(), /*max_memberships=*/4);
  auto open = cache.Members(*c_, kOpenGroup);  // 5 rows
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(*open, nullptr);
  EXPECT_EQ(MembersOf(cache, kHiddenGroup), (MemberSet{kOlga, kAnna}));
  // 2 held + 4 would exceed 4: the closed group is not held either.
  auto closed = cache.Members(*c_, kClosedGroup);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed, nullptr);
  EXPECT_LE(cache.Stats().memberships, 4u);
  // Groups not held are not read again while they do not change.
  ASSERT_TRUE(cache.Refresh(*c_, {kOpenGroup, kClosedGroup, kHiddenGroup}).ok());
  const int64_t loads = cache.Stats().loads;
  ASSERT_TRUE(cache.Refresh(*c_, {kOpenGroup, kClosedGroup, kHiddenGroup}).ok());
  EXPECT_EQ(cache.Stats().loads, loads);
}

}  // namespace
}  // namespace klussen::suggest
