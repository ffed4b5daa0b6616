#include "portfolio/visibility.h"

#include <gtest/gtest.h>

namespace klussen::portfolio {
namespace {

Portfolio Sample() {
  Portfolio p;
  p.user_guid = 10;
  p.exists = true;
  p.discoverable = true;
  p.about = "Over mij";
  p.about_visibility = Visibility::kSite;
  p.manager_guid = 11;
  p.availability.hours_per_week_tenths = 80;
  p.availability.visibility = Visibility::kPrivate;
  p.items = {{1, ItemKind::kSkill, "", "Python", 2, "self", "", Visibility::kPlatform, 0},
             {2, ItemKind::kSkill, "", "GIS", 1, "self", "", Visibility::kSite, 0},
             {3, ItemKind::kInterest, "", "Geheim", 0, "self", "", Visibility::kPrivate, 0}};
  p.budgets = {Budget{}};
  return p;
}

TEST(VisibilityTest, EachViewerSeesWhatTheMemberAllowed) {
  Portfolio p = Sample();
  Portfolio self = VisiblePart({10, true}, p);
  EXPECT_EQ(self.items.size(), 3u);
  EXPECT_EQ(self.manager_guid, 11);

  Portfolio colleague = VisiblePart({20, true}, p);
  EXPECT_EQ(colleague.items.size(), 2u);
  EXPECT_EQ(colleague.about, "Over mij");
  EXPECT_FALSE(colleague.availability.hours_per_week_tenths.has_value());  // private: unknown
  EXPECT_EQ(colleague.manager_guid, 0);
  EXPECT_TRUE(colleague.budgets.empty());
  EXPECT_FALSE(colleague.discoverable);  // not others' business

  Portfolio other_site = VisiblePart({30, false}, p);
  ASSERT_EQ(other_site.items.size(), 1u);
  EXPECT_EQ(other_site.items[0].label, "Python");
  EXPECT_TRUE(other_site.about.empty());

  Portfolio logged_out = VisiblePart({0, true}, p);
  EXPECT_TRUE(logged_out.items.empty());
  EXPECT_TRUE(logged_out.about.empty());
}

}  // namespace
}  // namespace klussen::portfolio
