#include "klus/permissions.h"

#include <gtest/gtest.h>

namespace klussen::klus {
namespace {

Klus MakeKlus(Audience audience, KlusState state = KlusState::kOpen) {
  Klus k;
  k.id = 1;
  k.poster_guid = 100;
  k.state = state;
  k.fields.audience = audience;
  k.fields.deadline = 2000;
  k.fields.people_needed = 1;
  return k;
}

GroupRelation Viewer(Guid guid) {
  GroupRelation r;
  r.viewer = guid;
  r.same_site = true;
  r.tool_enabled = true;
  return r;
}

TEST(PermissionsTest, ClosedGroupAudienceIsForMembersOnly) {
  GroupRelation outsider = Viewer(5);
  outsider.can_see_group = true;  // a visible but closed group
  EXPECT_FALSE(CanSee(outsider, MakeKlus(Audience::kGroup)));
  GroupRelation member = outsider;
  member.member = true;
  EXPECT_TRUE(CanSee(member, MakeKlus(Audience::kGroup)));
  GroupRelation open_group = outsider;
  open_group.open_membership = true;
  EXPECT_TRUE(CanSee(open_group, MakeKlus(Audience::kGroup)));
  open_group.can_see_group = false;  // open, but hidden from this viewer
  EXPECT_FALSE(CanSee(open_group, MakeKlus(Audience::kGroup)));
}

TEST(PermissionsTest, WiderAudiences) {
  GroupRelation other_site = Viewer(5);
  other_site.same_site = false;
  EXPECT_FALSE(CanSee(other_site, MakeKlus(Audience::kSite)));
  EXPECT_TRUE(CanSee(other_site, MakeKlus(Audience::kPlatform)));
  EXPECT_TRUE(CanSee(Viewer(5), MakeKlus(Audience::kSite)));
  EXPECT_FALSE(CanSee(Viewer(0), MakeKlus(Audience::kPlatform)));  // logged out
}

TEST(PermissionsTest, DraftsAndManagers) {
  GroupRelation member = Viewer(5);
  member.member = true;
  EXPECT_FALSE(CanSee(member, MakeKlus(Audience::kPlatform, KlusState::kDraft)));
  EXPECT_TRUE(CanSee(Viewer(100), MakeKlus(Audience::kGroup, KlusState::kDraft)));  // poster
  GroupRelation admin = Viewer(7);
  admin.group_admin = true;
  EXPECT_TRUE(CanManage(admin, MakeKlus(Audience::kGroup)));
  EXPECT_TRUE(CanSee(admin, MakeKlus(Audience::kGroup, KlusState::kDraft)));
  GroupRelation site_admin = Viewer(3);
  site_admin.site_admin = true;
  EXPECT_TRUE(CanManage(site_admin, MakeKlus(Audience::kGroup)));
  EXPECT_FALSE(CanManage(member, MakeKlus(Audience::kGroup)));
}

TEST(PermissionsTest, PostingNeedsAnAdminAndTheTool) {
  GroupRelation admin = Viewer(7);
  admin.group_admin = true;
  EXPECT_TRUE(CanPost(admin));
  admin.tool_enabled = false;
  EXPECT_FALSE(CanPost(admin));
  GroupRelation member = Viewer(5);
  member.member = true;
  EXPECT_FALSE(CanPost(member));
}

TEST(PermissionsTest, ApplyBlockedReasons) {
  GroupRelation member = Viewer(5);
  member.member = true;
  Klus k = MakeKlus(Audience::kGroup);
  EXPECT_EQ(ApplyBlockedReason(member, k, nullptr, 1000), "");
  EXPECT_EQ(ApplyBlockedReason(member, k, nullptr, 2000), "deadline_passed");
  EXPECT_EQ(ApplyBlockedReason(Viewer(100), k, nullptr, 1000), "poster");
  Participant withdrawn;
  withdrawn.state = ParticipantState::kWithdrawn;
  EXPECT_EQ(ApplyBlockedReason(member, k, &withdrawn, 1000), "already_involved");
  Participant invited;
  invited.state = ParticipantState::kInvited;
  EXPECT_EQ(ApplyBlockedReason(Viewer(9), k, &invited, 1000), "");  // invitation beats membership
  EXPECT_EQ(ApplyBlockedReason(Viewer(9), k, nullptr, 1000), "not_member");
  k.accepted_count = 1;
  EXPECT_EQ(ApplyBlockedReason(member, k, nullptr, 1000), "full");
  k.state = KlusState::kFilled;
  EXPECT_EQ(ApplyBlockedReason(member, k, nullptr, 1000), "not_open");
}

}  // namespace
}  // namespace klussen::klus
