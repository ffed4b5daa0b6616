#include "suggest/documents.h"

#include <gtest/gtest.h>

#include <cctype>

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

// The old pairwise merge of a skill typed twice (each pair's labels keyed
// again), kept as the reference for the one-key-per-label merge.
std::vector<match::PersonSkill> PairwiseUnique(std::vector<match::PersonSkill> skills) {
  auto key = [](const std::string& name) {
    size_t begin = 0;
    size_t end = name.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(name[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(name[end - 1]))) --end;
    std::string out;
    bool space = false;
    for (size_t i = begin; i < end; ++i) {
      unsigned char ch = static_cast<unsigned char>(name[i]);
      if (std::isspace(ch)) {
        space = true;
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(ch));
    }
    return out;
  };
  std::vector<match::PersonSkill> unique;
  for (auto& skill : skills) {
    bool seen = false;
    for (auto& kept : unique) {
      if (kept.skill.concept_id == skill.skill.concept_id &&
          key(kept.skill.label) == key(skill.skill.label)) {
        if (skill.visibility == match::Visibility::kEveryone) kept.visibility = skill.visibility;
        kept.level = std::max(kept.level, skill.level);
        seen = true;
        break;
      }
    }
    if (!seen) unique.push_back(std::move(skill));
  }
  return unique;
}

TEST(PersonDocumentTest, SkillsTypedTwiceMergeAsThePairwiseMergeDid) {
  RegionCodes regions;
  const char* labels[] = {
      "Python", "python ", " PYTHON", "Data  analyse", "data analyse", "data-analyse", "GIS",
      "gis",    "",        " ",       "Beleidsadvies"};
  const char* ids[] = {"", "", "klussen:gis", "klussen:beleidsadvies"};
  const Visibility visibilities[] = {Visibility::kPrivate, Visibility::kSite,
                                     Visibility::kPlatform};
  size_t merges = 0;
  for (int seed = 0; seed < 50; ++seed) {
    portfolio::Portfolio p = Sample();
    p.items.clear();
    p.confirmed_skills.clear();
    std::vector<host::ProfileValue> values;
    for (int i = 0; i < 4 + seed % 17; ++i) {
      const int at = (seed * 7 + i * 13) % 11;
      if ((seed + i) % 5 == 0) {
        portfolio::ConfirmedSkill confirmed;
        confirmed.concept_id = ids[(seed + i) % 4];
        confirmed.label = labels[at];
        p.confirmed_skills.push_back(confirmed);
      } else if ((seed + i) % 7 == 0) {
        values.push_back({"skills", labels[at], 42, host::kAccessLoggedIn});
      } else {
        portfolio::Item item =
            Item(ItemKind::kSkill, labels[at], visibilities[(seed + i) % 3], (seed + i) % 5);
        item.concept_id = ids[(seed * 3 + i) % 4];
        p.items.push_back(item);
      }
    }
    // The document before merging: the same inputs with no duplicates
    // possible (a concept id per position).
    match::Person merged = PersonDocument(p, values, regions);
    portfolio::Portfolio distinct = p;
    for (size_t i = 0; i < distinct.items.size(); ++i) {
      distinct.items[i].concept_id = "distinct:" + std::to_string(i);
    }
    for (size_t i = 0; i < distinct.confirmed_skills.size(); ++i) {
      distinct.confirmed_skills[i].concept_id = "confirmed:" + std::to_string(i);
    }
    std::vector<host::ProfileValue> no_values;
    match::Person all = PersonDocument(distinct, no_values, regions);
    // Put the real ids back and merge pairwise, host skills last as the
    // document adds them.
    size_t item_skill = 0;
    size_t confirmed = 0;
    for (auto& skill : all.skills) {
      if (skill.skill.concept_id.rfind("distinct:", 0) == 0) {
        while (p.items[item_skill].kind != ItemKind::kSkill) ++item_skill;
        skill.skill.concept_id = p.items[item_skill++].concept_id;
      } else {
        skill.skill.concept_id = p.confirmed_skills[confirmed++].concept_id;
      }
    }
    for (const auto& value : values) {  // one tag each, trimmed as SplitTags does
      size_t b = value.value.find_first_not_of(" \t\r\n");
      if (b == std::string::npos) continue;
      size_t e = value.value.find_last_not_of(" \t\r\n");
      all.skills.push_back(
          {{"", value.value.substr(b, e - b + 1)}, 0, match::Visibility::kEveryone});
    }
    std::vector<match::PersonSkill> expected = PairwiseUnique(all.skills);
    merges += all.skills.size() - expected.size();
    ASSERT_EQ(merged.skills.size(), expected.size()) << "seed " << seed;
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(merged.skills[i].skill.concept_id, expected[i].skill.concept_id);
      EXPECT_EQ(merged.skills[i].skill.label, expected[i].skill.label);
      EXPECT_EQ(merged.skills[i].level, expected[i].level);
      EXPECT_EQ(merged.skills[i].visibility, expected[i].visibility);
    }
  }
  EXPECT_GT(merges, 50u);  // skills were typed twice, so the merge was tested
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
