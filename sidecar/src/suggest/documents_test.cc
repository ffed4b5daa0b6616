#include "suggest/documents.h"

#include <gtest/gtest.h>

#include "common/dates.h"

namespace klussen::suggest {
namespace {

using portfolio::ItemKind;
using portfolio::Visibility;

portfolio::Item Item(ItemKind kind, std::string label, Visibility visibility, int level = 0) {
  portfolio::Item item;
  item.kind = kind;
  item.label = std::move(label);
  item.visibility = visibility;
  item.level = level;
  return item;
}

portfolio::Portfolio Sample() {
  portfolio::Portfolio p;
  p.user_guid = 42;
  p.exists = true;
  p.discoverable = true;
  p.about = "Beleidsmaker";
  p.about_visibility = Visibility::kSite;
  p.region = " Utrecht ";
  p.availability.hours_per_week_tenths = 80;
  p.availability.free_tenths = 45;
  p.availability.from = "2027-01-01";
  p.availability.until = "2027-07-01";
  p.availability.visibility = Visibility::kSite;
  p.items = {Item(ItemKind::kSkill, "Python", Visibility::kPlatform, 3),
             Item(ItemKind::kSkill, "GIS", Visibility::kSite),
             Item(ItemKind::kSkill, "Geheimschrift", Visibility::kPrivate),
             Item(ItemKind::kInterest, "Open data", Visibility::kPrivate),
             Item(ItemKind::kLanguage, "Engels", Visibility::kPlatform)};
  portfolio::ConfirmedSkill confirmed;
  confirmed.label = "Woo-verzoeken";
  p.confirmed_skills = {confirmed};
  return p;
}

const match::PersonSkill* Find(const match::Person& person, const std::string& label) {
  for (const auto& skill : person.skills) {
    if (skill.skill.label == label) return &skill;
  }
  return nullptr;
}

TEST(PersonDocumentTest, ItemVisibilityDecidesWhoTheSkillCountsFor) {
  RegionCodes regions;
  match::Person person = PersonDocument(Sample(), {}, regions);
  EXPECT_EQ(person.guid, 42u);
  EXPECT_TRUE(person.discoverable);
  ASSERT_NE(Find(person, "Python"), nullptr);
  EXPECT_EQ(Find(person, "Python")->visibility, match::Visibility::kEveryone);
  EXPECT_EQ(Find(person, "Python")->level, 3);
  EXPECT_EQ(Find(person, "GIS")->visibility, match::Visibility::kEveryone);
  // Private: only the member's own list may use it.
  EXPECT_EQ(Find(person, "Geheimschrift")->visibility, match::Visibility::kRestricted);
  EXPECT_EQ(Find(person, "Woo-verzoeken")->visibility, match::Visibility::kEveryone);
  EXPECT_EQ(Find(person, "Engels"), nullptr);  // languages are not skills
  ASSERT_EQ(person.interests.size(), 1u);
  EXPECT_EQ(person.about, "Beleidsmaker");
  EXPECT_EQ(person.region, regions.CodeOf("utrecht"));
  EXPECT_FLOAT_EQ(person.hours_available, 4.5f);
  EXPECT_EQ(person.available_from, *ParseIsoDate("2027-01-01"));
  EXPECT_EQ(person.available_to, *ParseIsoDate("2027-07-01"));
}

TEST(PersonDocumentTest, PrivateAboutHidesTextRegionAndConfirmedSkills) {
  RegionCodes regions;
  portfolio::Portfolio p = Sample();
  p.about_visibility = Visibility::kPrivate;
  match::Person person = PersonDocument(p, {}, regions);
  EXPECT_TRUE(person.about.empty());
  EXPECT_EQ(person.region, match::kNoRegion);
  EXPECT_EQ(Find(person, "Woo-verzoeken")->visibility, match::Visibility::kRestricted);
}

TEST(PersonDocumentTest, AvailabilityNotStatedOrPrivateIsNoFilter) {
  RegionCodes regions;
  portfolio::Portfolio p = Sample();
  p.availability.hours_per_week_tenths.reset();
  p.availability.free_tenths = 0;
  EXPECT_FLOAT_EQ(PersonDocument(p, {}, regions).hours_available, kUnstatedHours);
  p.availability.hours_per_week_tenths = 0;  // "no time now" is not "not stated"
  EXPECT_FLOAT_EQ(PersonDocument(p, {}, regions).hours_available, 0);
  p.availability.visibility = Visibility::kPrivate;  // not even when shared privately
  EXPECT_FLOAT_EQ(PersonDocument(p, {}, regions).hours_available, 0);
  p = Sample();
  p.availability.visibility = Visibility::kPrivate;
  match::Person hidden = PersonDocument(p, {}, regions);
  EXPECT_FLOAT_EQ(hidden.hours_available, kUnstatedHours);
  EXPECT_EQ(hidden.available_to, match::kOpenEnd);
  // Fully booked: stated hours all committed.
  p = Sample();
  p.availability.free_tenths = 0;
  EXPECT_FLOAT_EQ(PersonDocument(p, {}, regions).hours_available, 0.0f);
}

TEST(PersonDocumentTest, OnlyHostValuesEveryMemberMayReadAreUsed) {
  RegionCodes regions;
  portfolio::Portfolio p = Sample();
  p.region.clear();
  std::vector<host::ProfileValue> values = {
      {"skills", "SQL, Tableau", 42, host::kAccessLoggedIn},
      {"skills", "Lobbyen", 42, host::kAccessPrivate},
      {"skills", "python", 42, host::kAccessPublic},  // already in the portfolio
      {"interests", "Fietsen", 42, 57},               // an ACL: not for everyone
      {"description", "Data is mijn vak.", 42, host::kAccessPublic},
      {"location", "Zwolle", 42, host::kAccessLoggedIn},
  };
  match::Person person = PersonDocument(p, values, regions);
  EXPECT_NE(Find(person, "SQL"), nullptr);
  EXPECT_NE(Find(person, "Tableau"), nullptr);
  EXPECT_EQ(Find(person, "Lobbyen"), nullptr);
  EXPECT_EQ(Find(person, "python"), nullptr);  // counted once, as "Python"
  EXPECT_EQ(person.interests.size(), 1u);
  EXPECT_NE(person.about.find("Data is mijn vak."), std::string::npos);
  EXPECT_EQ(regions.NameOf(person.region), "Zwolle");
  // The portfolio's region wins over the host's.
  p.region = "Utrecht";
  EXPECT_EQ(regions.NameOf(PersonDocument(p, values, regions).region), "Utrecht");
}

TEST(RegionCodesTest, CaseAndSpacesDoNotMatterAndEmptyIsNone) {
  RegionCodes regions;
  EXPECT_EQ(regions.CodeOf(""), match::kNoRegion);
  EXPECT_EQ(regions.CodeOf("   "), match::kNoRegion);
  match::RegionCode den_haag = regions.CodeOf("Den  Haag");
  EXPECT_NE(den_haag, match::kNoRegion);
  EXPECT_EQ(regions.CodeOf(" den haag"), den_haag);
  EXPECT_NE(regions.CodeOf("Utrecht"), den_haag);
  EXPECT_EQ(regions.NameOf(den_haag), "Den  Haag");
}

TEST(KlusDocumentTest, OpenOnlyBeforeTheDeadlineAndInvolvedSorted) {
  RegionCodes regions;
  klus::Klus k;
  k.id = 7;
  k.state = klus::KlusState::kOpen;
  k.poster_guid = 2;
  k.fields.title = "Titel";
  k.fields.description = "Omschrijving";
  k.fields.required_skills = {{"klussen:python", "Python"}};
  k.fields.desired_skills = {{"", "SQL"}};
  k.fields.time_mode = klus::TimeMode::kTotal;
  k.fields.hours_tenths = 160;  // 16 hours over four weeks
  k.fields.start_date = "2027-03-01";
  k.fields.end_date = "2027-03-28";
  k.fields.deadline = 1000;
  k.fields.region = "Utrecht";
  match::KlusDoc doc = KlusDocument(k, {9, 3, 9}, regions, 999);
  EXPECT_TRUE(doc.open);
  EXPECT_EQ(doc.involved, (std::vector<match::Guid>{3, 9}));
  EXPECT_FLOAT_EQ(doc.hours_needed, 4.0f);
  EXPECT_EQ(doc.required[0].concept_id, "klussen:python");
  EXPECT_EQ(doc.desired[0].label, "SQL");
  EXPECT_NE(doc.text.find("Titel"), std::string::npos);
  EXPECT_NE(doc.text.find("Omschrijving"), std::string::npos);
  EXPECT_EQ(doc.from, *ParseIsoDate("2027-03-01"));
  EXPECT_EQ(doc.region, regions.CodeOf("utrecht"));
  EXPECT_FALSE(KlusDocument(k, {}, regions, 1000).open);  // deadline reached
  k.state = klus::KlusState::kFilled;
  EXPECT_FALSE(KlusDocument(k, {}, regions, 0).open);
}

}  // namespace
}  // namespace klussen::suggest
