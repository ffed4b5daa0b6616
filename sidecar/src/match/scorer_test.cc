#include "match/scorer.h"

#include <gtest/gtest.h>

#include <set>

#include "match/index.h"

namespace klussen::match {
namespace {

PersonFacts Fit() {
  PersonFacts p;
  p.guid = 7;
  p.region = 3;
  p.hours_available = 8;
  p.from = 100;
  p.to = 200;
  p.discoverable = true;
  return p;
}

KlusFacts Wants() {
  KlusFacts k;
  k.region = 3;
  k.hours_needed = 8;
  k.from = 150;
  k.to = 300;
  k.poster = 1;
  return k;
}

TEST(HardConstraintsTest, ZeroHoursIsNeverAvailableAndUnknownHoursAreTheKlussChoice) {
  auto p = Fit();
  auto k = Wants();
  p.hours_available = 0;
  EXPECT_EQ(CheckHardConstraints(p, k, true), Violation::kNotEnoughHours);
  k.hours_needed = 0;  // even a klus that names no hours
  EXPECT_EQ(CheckHardConstraints(p, k, true), Violation::kNotEnoughHours);
  p.hours_available = kUnknownHours;
  k.hours_needed = 8;
  EXPECT_EQ(CheckHardConstraints(p, k, true), Violation::kNone);
  k.accept_unknown_hours = false;
  EXPECT_EQ(CheckHardConstraints(p, k, true), Violation::kHoursUnknown);
  EXPECT_EQ(ViolationName(Violation::kHoursUnknown), "hours_unknown");
  p.hours_available = 8;
  EXPECT_EQ(CheckHardConstraints(p, k, true), Violation::kNone);
}

TEST(HardConstraintsTest, EachConstraintOnItsOwn) {
  EXPECT_EQ(CheckHardConstraints(Fit(), Wants(), true), Violation::kNone);
  auto p = Fit();
  p.discoverable = false;
  EXPECT_EQ(CheckHardConstraints(p, Wants(), true), Violation::kNotDiscoverable);
  EXPECT_EQ(CheckHardConstraints(p, Wants(), false), Violation::kNone);  // own list
  p = Fit();
  p.hours_available = 7.5f;
  EXPECT_EQ(CheckHardConstraints(p, Wants(), true), Violation::kNotEnoughHours);
  p = Fit();
  p.to = 149;
  EXPECT_EQ(CheckHardConstraints(p, Wants(), true), Violation::kPeriodDoesNotOverlap);
  p = Fit();
  p.region = 4;
  EXPECT_EQ(CheckHardConstraints(p, Wants(), true), Violation::kOtherRegion);
  p.region = kNoRegion;
  EXPECT_EQ(CheckHardConstraints(p, Wants(), true), Violation::kOtherRegion);
  auto k = Wants();
  k.remote = true;
  EXPECT_EQ(CheckHardConstraints(p, k, true), Violation::kNone);
  k = Wants();
  k.poster = 7;
  EXPECT_EQ(CheckHardConstraints(Fit(), k, true), Violation::kIsPoster);
  std::vector<Guid> involved{2, 7, 9};
  k = Wants();
  k.involved = involved;
  EXPECT_EQ(CheckHardConstraints(Fit(), k, true), Violation::kAlreadyInvolved);
  k = Wants();
  k.open = false;
  EXPECT_EQ(CheckHardConstraints(Fit(), k, true), Violation::kKlusNotOpen);
}

TEST(ScoringFunctionsTest, IdfBm25AndExposure) {
  EXPECT_GT(Idf(1, 1000), Idf(100, 1000));
  EXPECT_GT(Idf(1000, 1000), 0.0f);  // never zero or negative
  ScoringOptions o;
  EXPECT_GT(Bm25(2, 1, 10, 10, o), Bm25(1, 1, 10, 10, o));
  EXPECT_GT(Bm25(1, 1, 5, 10, o), Bm25(1, 1, 20, 10, o));  // shorter text, same tf: more
  EXPECT_FLOAT_EQ(ExposureFactor(0, o), 1.0f);
  EXPECT_LT(ExposureFactor(5, o), ExposureFactor(1, o));
  EXPECT_NEAR(DecayedExposure(4, 10, 10 + 14, o), 2.0f, 1e-5);  // one half-life
  auto w = NormalisedWeights(true, false, true, false, o);
  EXPECT_NEAR(w.required + w.text, 1.0f, 1e-6);
  EXPECT_NEAR(w.required / w.text, 0.60f / 0.25f, 1e-5);
}

// The hard constraints through the whole engine: a violating person never
// appears, at any page.
class CandidateFilterTest : public ::testing::Test {
 protected:
  CandidateFilterTest() : index_(std::make_shared<Analyzer>(DefaultVocabulary())) {}

  static Person Good(Guid guid) {
    Person p;
    p.guid = guid;
    p.skills = {{{"klussen:python", ""}, 3, Visibility::kEveryone}};
    p.about = "Ik werk met data en Python.";
    p.region = 5;
    p.hours_available = 8;
    p.available_from = 0;
    p.available_to = 1000;
    p.discoverable = true;
    return p;
  }

  void SetUp() override {
    for (Guid g = 100; g < 300; ++g) {
      Person p = Good(g);
      switch (g % 8) {
        case 1:
          p.discoverable = false;
          break;
        case 2:
          p.hours_available = 2;
          break;
        case 3:
          p.available_from = 600;  // after the klus ends
          break;
        case 4:
          p.region = 9;
          break;
        default:
          break;
      }
      if (g % 8 >= 1 && g % 8 <= 4) violators_.insert(g);
      ASSERT_TRUE(index_.UpsertPerson(p).ok());
    }
    klus_.id = 1;
    klus_.required = {{"klussen:python", ""}};
    klus_.text = "Python data";
    klus_.hours_needed = 4;
    klus_.from = 10;
    klus_.to = 500;
    klus_.region = 5;
    klus_.poster = 150;           // g % 8 == 6: the poster
    klus_.involved = {158, 166};  // % 8 == 6 as well; a hidden one below: 157
    violators_.insert({150, 158, 166, 157});
  }

  std::vector<Guid> AllPages(const CandidateQuery& base) {
    std::vector<Guid> out;
    for (size_t offset = 0;; offset += 7) {
      CandidateQuery q = base;
      q.offset = offset;
      q.limit = 7;
      auto page = index_.Candidates(klus_, q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok() || page->empty()) break;
      for (const Match& m : *page) out.push_back(m.person);
    }
    return out;
  }

  MatchIndex index_;
  KlusDoc klus_;
  std::set<Guid> violators_;
};

TEST_F(CandidateFilterTest, ViolatorsNeverAppearOnAnyPage) {
  CandidateQuery q;
  q.may_see_klus = [](Guid g) { return g != 157; };  // the host says 157 may not see it
  std::vector<Guid> all = AllPages(q);
  std::set<Guid> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size()) << "a person on two pages";
  for (Guid g : all) EXPECT_EQ(violators_.count(g), 0u) << g;
  EXPECT_EQ(all.size(), 200u - violators_.size());  // everyone else is there
  // Without the klus's region it becomes remote-like: region no longer filters.
  klus_.remote = true;
  std::vector<Guid> remote = AllPages(q);
  EXPECT_EQ(std::count_if(remote.begin(), remote.end(), [](Guid g) { return g % 8 == 4; }), 25);
}

TEST(ExplanationTest, OnlyVisibleSkillsScoreAndExplain) {
  MatchIndex index(std::make_shared<Analyzer>(DefaultVocabulary()));
  Person p;
  p.guid = 42;
  p.skills = {{{"klussen:python", ""}, 2, Visibility::kEveryone},
              {{"klussen:woo", ""}, 4, Visibility::kRestricted}};
  p.hours_available = 4;
  p.discoverable = true;
  ASSERT_TRUE(index.UpsertPerson(p).ok());
  KlusDoc klus;
  klus.required = {{"klussen:python", ""}, {"klussen:woo", ""}};
  klus.remote = true;

  auto hidden = index.Candidates(klus, CandidateQuery{});
  ASSERT_TRUE(hidden.ok());
  ASSERT_EQ(hidden->size(), 1u);
  const Explanation& why = (*hidden)[0].why;
  ASSERT_EQ(why.skills.size(), 1u);
  EXPECT_EQ(why.skills[0].matched_label, "Python");
  EXPECT_EQ(why.skills[0].level, 2);
  EXPECT_EQ(why.missing_required, (std::vector<std::string>{"Wet open overheid"}));
  for (const auto& s : why.skills) EXPECT_NE(s.matched_label, "Wet open overheid");

  CandidateQuery allowed;
  std::vector<std::string> asked;
  allowed.may_see_restricted_skill = [&](Guid g, std::string_view id) {
    asked.emplace_back(id);
    return g == 42;
  };
  auto shown = index.Candidates(klus, allowed);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->size(), 1u);
  EXPECT_EQ((*shown)[0].why.skills.size(), 2u);
  EXPECT_TRUE((*shown)[0].why.missing_required.empty());
  EXPECT_GT((*shown)[0].score, (*hidden)[0].score);
  EXPECT_NE(std::find(asked.begin(), asked.end(), "klussen:woo"), asked.end());

  // A person whose only match is a hidden skill is not found at all.
  KlusDoc woo_only;
  woo_only.required = {{"klussen:woo", ""}};
  woo_only.remote = true;
  auto none = index.Candidates(woo_only, CandidateQuery{});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(ExplanationTest, BroaderConceptEarnsHalfCreditAndSaysSo) {
  MatchIndex index(std::make_shared<Analyzer>(DefaultVocabulary()));
  Person exact;
  exact.guid = 1;
  exact.skills = {{{"klussen:python", ""}, 0, Visibility::kEveryone}};
  exact.hours_available = 10;
  exact.discoverable = true;
  Person broader = exact;
  broader.guid = 2;
  broader.skills = {{{"", "programmeren"}, 0, Visibility::kEveryone}};  // softwareontwikkeling
  ASSERT_TRUE(index.UpsertPerson(exact).ok());
  ASSERT_TRUE(index.UpsertPerson(broader).ok());
  KlusDoc klus;
  klus.required = {{"", "Python"}};
  klus.remote = true;
  auto result = index.Candidates(klus, CandidateQuery{});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].person, 1u);
  EXPECT_EQ((*result)[1].person, 2u);
  const SkillEvidence& e = (*result)[1].why.skills.at(0);
  EXPECT_EQ(e.relation, Relation::kBroader);
  EXPECT_FLOAT_EQ(e.credit, 0.5f);
  EXPECT_EQ(e.matched_label, "softwareontwikkeling");
  EXPECT_NEAR((*result)[1].score, 0.5f * (*result)[0].score, 1e-5);
  EXPECT_NEAR((*result)[0].why.required_part, 1.0f, 1e-5);
}

TEST(ExplanationTest, RareSkillsWeighMoreAndScoreMatchesTheParts) {
  MatchIndex index(std::make_shared<Analyzer>(DefaultVocabulary()));
  for (Guid g = 1; g <= 50; ++g) {
    Person p;
    p.guid = g;
    p.discoverable = true;
    p.hours_available = 10;
    p.skills = {{{"klussen:communicatie", ""}, 0, Visibility::kEveryone}};            // common
    if (g == 1) p.skills.push_back({{"klussen:gis", ""}, 0, Visibility::kEveryone});  // rare
    if (g == 2) p.skills = {{{"klussen:gis", ""}, 0, Visibility::kEveryone}};
    p.about = g == 3 ? "Kaarten en geodata voor de provincie" : "";
    ASSERT_TRUE(index.UpsertPerson(p).ok());
  }
  KlusDoc klus;
  klus.required = {{"klussen:gis", ""}, {"klussen:communicatie", ""}};
  klus.text = "Kaarten maken met geodata";
  klus.remote = true;
  auto result = index.Candidates(klus, CandidateQuery{});
  ASSERT_TRUE(result.ok());
  ASSERT_GE(result->size(), 3u);
  EXPECT_EQ((*result)[0].person, 1u);  // both
  EXPECT_EQ((*result)[1].person, 2u);  // only the rare one beats only the common one
  ScoringOptions o;
  for (const Match& m : *result) {
    auto w = NormalisedWeights(true, false, true, false, o);
    float expected =
        (w.required * m.why.required_part + w.text * m.why.text_part) * m.why.exposure_factor;
    EXPECT_NEAR(m.score, expected, 1e-4) << m.person;
  }
  // Person 3 has the text words as well as the common skill: above the rest.
  EXPECT_EQ((*result)[2].person, 3u);
  EXPECT_FALSE((*result)[2].why.text_words.empty());
}

TEST(ExposureTest, OftenShownPeopleMoveDown) {
  MatchIndex index(std::make_shared<Analyzer>(DefaultVocabulary()));
  for (Guid g = 1; g <= 2; ++g) {
    Person p;
    p.guid = g;
    p.discoverable = true;
    p.hours_available = 10;
    p.skills = {{{"klussen:scrum", ""}, 0, Visibility::kEveryone}};
    ASSERT_TRUE(index.UpsertPerson(p).ok());
  }
  KlusDoc klus;
  klus.required = {{"", "scrum master"}};
  klus.remote = true;
  CandidateQuery q;
  q.today = 1000;
  auto before = index.Candidates(klus, q);
  ASSERT_TRUE(before.ok() && before->size() == 2u);
  EXPECT_EQ((*before)[0].person, 1u);  // tie: lower guid first
  std::vector<Guid> shown{1};
  for (int i = 0; i < 3; ++i) index.RecordShown(shown, 1000);
  auto after = index.Candidates(klus, q);
  ASSERT_TRUE(after.ok() && after->size() == 2u);
  EXPECT_EQ((*after)[0].person, 2u);
  EXPECT_LT((*after)[1].why.exposure_factor, 1.0f);
  // Months later the exposure has decayed away.
  q.today = 1000 + 365;
  auto later = index.Candidates(klus, q);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ((*later)[0].person, 1u);
}

}  // namespace
}  // namespace klussen::match
