#include "host/access.h"

#include <gtest/gtest.h>

namespace klussen::host {
namespace {

constexpr Guid kOwner = 100;
constexpr Guid kViewer = 200;
constexpr Guid kOther = 300;
constexpr int kGroupAcl = 7;
constexpr int kOtherAcl = 8;

AccessContext PlainViewer() {
  AccessContext context;
  context.viewer = kViewer;
  return context;
}

AccessContext AclMember() {
  AccessContext context = PlainViewer();
  context.acl_ids = {3, kGroupAcl, 42};
  return context;
}

AccessContext Admin() {
  AccessContext context = PlainViewer();
  context.site_admin = true;
  return context;
}

AccessContext FriendOfOwner() {
  AccessContext context = PlainViewer();
  context.friended_by = {50, kOwner, 400};
  return context;
}

HostUser UserWithEntityAccess(int access_id) {
  HostUser user;
  user.guid = kOwner;
  user.entity_access_id = access_id;
  return user;
}

ProfileValue Value(const std::string& text, int access_id) {
  return ProfileValue{"skills", text, kOwner, access_id};
}

TEST(AccessTest, PublicIsReadableByEveryone) {
  EXPECT_TRUE(CanRead(AccessContext::LoggedOut(), kOwner, kAccessPublic));
  EXPECT_TRUE(CanRead(PlainViewer(), kOwner, kAccessPublic));
}

TEST(AccessTest, LoggedInNeedsALoggedInViewer) {
  EXPECT_TRUE(CanRead(PlainViewer(), kOwner, kAccessLoggedIn));
  EXPECT_FALSE(CanRead(AccessContext::LoggedOut(), kOwner, kAccessLoggedIn));
}

TEST(AccessTest, PrivateIsOnlyForTheOwner) {
  EXPECT_FALSE(CanRead(PlainViewer(), kOwner, kAccessPrivate));
  EXPECT_FALSE(CanRead(AclMember(), kOwner, kAccessPrivate));
  EXPECT_FALSE(CanRead(FriendOfOwner(), kOwner, kAccessPrivate));
  EXPECT_FALSE(CanRead(AccessContext::LoggedOut(), kOwner, kAccessPrivate));
  EXPECT_TRUE(CanRead(PlainViewer(), kViewer, kAccessPrivate));
}

TEST(AccessTest, OwnerReadsOwnRowsWhateverTheAccess) {
  for (int access_id : {kAccessPrivate, kAccessFriends, kGroupAcl, -1, -5}) {
    EXPECT_TRUE(CanRead(PlainViewer(), kViewer, access_id)) << access_id;
    EXPECT_FALSE(CanRead(PlainViewer(), kOther, access_id)) << access_id;
  }
}

TEST(AccessTest, LoggedOutViewerOwnsNothing) {
  // Owner 0 (say, a user entity) must not match the logged-out viewer 0.
  EXPECT_FALSE(CanRead(AccessContext::LoggedOut(), 0, kAccessPrivate));
  EXPECT_FALSE(CanRead(AccessContext::LoggedOut(), 0, kAccessLoggedIn));
}

TEST(AccessTest, SiteAdminReadsEverything) {
  for (int access_id : {kAccessPrivate, kAccessFriends, kGroupAcl, kOtherAcl, -1, -5}) {
    EXPECT_TRUE(CanRead(Admin(), kOwner, access_id)) << access_id;
    // The same viewer without the admin flag is refused: the flag decided.
    EXPECT_FALSE(CanRead(PlainViewer(), kOwner, access_id)) << access_id;
  }
}

TEST(AccessTest, AdminFlagWithoutAViewerGrantsNothing) {
  AccessContext malformed;
  malformed.site_admin = true;
  EXPECT_FALSE(CanRead(malformed, kOwner, kAccessPrivate));
  EXPECT_FALSE(CanRead(malformed, kOwner, kAccessLoggedIn));
  EXPECT_TRUE(CanRead(malformed, kOwner, kAccessPublic));
}

TEST(AccessTest, AclNeedsMembership) {
  EXPECT_TRUE(CanRead(AclMember(), kOwner, kGroupAcl));
  EXPECT_FALSE(CanRead(AclMember(), kOwner, kOtherAcl));
  EXPECT_FALSE(CanRead(PlainViewer(), kOwner, kGroupAcl));
}

TEST(AccessTest, AclIdsAreIgnoredForALoggedOutContext) {
  AccessContext malformed;
  malformed.acl_ids = {kGroupAcl};
  EXPECT_FALSE(CanRead(malformed, kOwner, kGroupAcl));
}

TEST(AccessTest, FriendsMeansTheOwnerFriendedTheViewer) {
  EXPECT_TRUE(CanRead(FriendOfOwner(), kOwner, kAccessFriends));
  // The other direction: the viewer friended the owner, but not the reverse.
  // Then the owner's friends-only rows stay closed (friended_by lists only
  // users who friended the viewer).
  AccessContext viewer_friended_owner = PlainViewer();
  viewer_friended_owner.friended_by = {kOther};
  EXPECT_FALSE(CanRead(viewer_friended_owner, kOwner, kAccessFriends));
  EXPECT_FALSE(CanRead(PlainViewer(), kOwner, kAccessFriends));
  // Being friended by the owner opens friends rows only, not private ones.
  EXPECT_FALSE(CanRead(FriendOfOwner(), kOwner, kAccessPrivate));
}

TEST(AccessTest, FriendsAndAclsDoNotMix) {
  // A friend guid that happens to equal an ACL id opens neither the ACL...
  AccessContext friended_by_seven = PlainViewer();
  friended_by_seven.friended_by = {kGroupAcl};
  EXPECT_FALSE(CanRead(friended_by_seven, kOwner, kGroupAcl));
  // ...nor does an ACL membership stand in for friendship.
  AccessContext member_of_owner_guid = PlainViewer();
  member_of_owner_guid.acl_ids = {kOwner};
  EXPECT_FALSE(CanRead(member_of_owner_guid, kOwner, kAccessFriends));
}

TEST(AccessTest, UnknownNegativeIdsAreClosed) {
  for (int access_id : {-1, -3, -5, -100}) {
    EXPECT_FALSE(CanRead(PlainViewer(), kOwner, access_id)) << access_id;
    EXPECT_FALSE(CanRead(AccessContext::LoggedOut(), kOwner, access_id)) << access_id;
  }
}

TEST(AccessTest, ProfileValueNeedsTheUserEntityToo) {
  const HostUser members_only_user = UserWithEntityAccess(kAccessLoggedIn);
  const ProfileValue public_value = Value("kaas", kAccessPublic);
  EXPECT_FALSE(CanReadProfileValue(AccessContext::LoggedOut(), members_only_user, public_value));
  EXPECT_TRUE(CanReadProfileValue(PlainViewer(), members_only_user, public_value));

  const HostUser acl_user = UserWithEntityAccess(kGroupAcl);
  EXPECT_FALSE(CanReadProfileValue(PlainViewer(), acl_user, public_value));
  EXPECT_TRUE(CanReadProfileValue(AclMember(), acl_user, public_value));
}

TEST(AccessTest, ProfileValueNeedsTheRowToo) {
  const HostUser public_user = UserWithEntityAccess(kAccessPublic);
  EXPECT_FALSE(CanReadProfileValue(PlainViewer(), public_user, Value("x", kAccessPrivate)));
  EXPECT_FALSE(CanReadProfileValue(PlainViewer(), public_user, Value("x", kGroupAcl)));
  EXPECT_TRUE(CanReadProfileValue(AclMember(), public_user, Value("x", kGroupAcl)));
  EXPECT_TRUE(CanReadProfileValue(FriendOfOwner(), public_user, Value("x", kAccessFriends)));
}

TEST(AccessTest, UsersSeeTheirOwnProfileEvenWhenTheEntityIsPrivate) {
  HostUser private_user = UserWithEntityAccess(kAccessPrivate);
  AccessContext self;
  self.viewer = kOwner;
  EXPECT_TRUE(CanReadProfileValue(self, private_user, Value("x", kAccessPrivate)));
  EXPECT_FALSE(CanReadProfileValue(PlainViewer(), private_user, Value("x", kAccessPublic)));
  EXPECT_TRUE(CanReadProfileValue(Admin(), private_user, Value("x", kAccessPrivate)));
}

TEST(AccessTest, FilterVisibleKeepsOnlyReadableValuesInOrder) {
  const HostUser user = UserWithEntityAccess(kAccessPublic);
  std::vector<ProfileValue> values = {
      Value("public", kAccessPublic),    Value("private", kAccessPrivate),
      Value("members", kAccessLoggedIn), Value("group", kGroupAcl),
      Value("friends", kAccessFriends),  Value("other-group", kOtherAcl)};
  auto texts = [](const std::vector<ProfileValue>& kept) {
    std::vector<std::string> out;
    for (const auto& value : kept) out.push_back(value.value);
    return out;
  };
  EXPECT_EQ(texts(FilterVisible(AccessContext::LoggedOut(), user, values)),
            (std::vector<std::string>{"public"}));
  EXPECT_EQ(texts(FilterVisible(PlainViewer(), user, values)),
            (std::vector<std::string>{"public", "members"}));
  EXPECT_EQ(texts(FilterVisible(AclMember(), user, values)),
            (std::vector<std::string>{"public", "members", "group"}));
  EXPECT_EQ(texts(FilterVisible(FriendOfOwner(), user, values)),
            (std::vector<std::string>{"public", "members", "friends"}));
  EXPECT_EQ(FilterVisible(Admin(), user, values).size(), values.size());
  EXPECT_TRUE(FilterVisible(PlainViewer(), UserWithEntityAccess(kAccessPrivate), values).empty());
}

}  // namespace
}  // namespace klussen::host
