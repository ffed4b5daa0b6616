#include "match/index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

namespace klussen::match {
namespace {

Person MakePerson(Guid guid, std::vector<std::string> concepts, std::string about = "") {
  Person p;
  p.guid = guid;
  for (auto& c : concepts) p.skills.push_back({{"klussen:" + c, ""}, 2, Visibility::kEveryone});
  p.about = std::move(about);
  p.hours_available = 8;
  p.discoverable = true;
  return p;
}

KlusDoc MakeKlus(KlusKey id, std::vector<std::string> required, std::string text = "") {
  KlusDoc k;
  k.id = id;
  for (auto& c : required) k.required.push_back({"klussen:" + c, ""});
  k.text = std::move(text);
  k.hours_needed = 4;
  k.remote = true;
  return k;
}

std::vector<Guid> People(const Result<std::vector<Match>>& result) {
  std::vector<Guid> out;
  if (result.ok()) {
    for (const Match& m : *result) out.push_back(m.person);
  }
  return out;
}

std::vector<KlusKey> Klussen(const Result<std::vector<Match>>& result) {
  std::vector<KlusKey> out;
  if (result.ok()) {
    for (const Match& m : *result) out.push_back(m.klus);
  }
  return out;
}

class IndexTest : public ::testing::Test {
 protected:
  IndexTest() : index_(std::make_shared<Analyzer>(DefaultVocabulary())) {}
  MatchIndex index_;
};

TEST_F(IndexTest, UpsertAndRemoveAreSeenByTheNextQuery) {
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(1, {"gis"})).ok());
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(2, {"woo"})).ok());
  KlusDoc gis = MakeKlus(0, {"gis"});
  EXPECT_EQ(People(index_.Candidates(gis, {})), (std::vector<Guid>{1}));
  // Person 2 learns GIS: found; person 1 drops it: gone.
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(2, {"woo", "gis"})).ok());
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(1, {"scrum"})).ok());
  EXPECT_EQ(People(index_.Candidates(gis, {})), (std::vector<Guid>{2}));
  ASSERT_TRUE(index_.RemovePerson(2).ok());
  EXPECT_TRUE(People(index_.Candidates(gis, {})).empty());
  EXPECT_EQ(index_.RemovePerson(2).code(), StatusCode::kNotFound);
  EXPECT_EQ(index_.Stats().people, 1u);
}

TEST_F(IndexTest, FreeTermsAndTextMatch) {
  Person p = MakePerson(5, {}, "Ik ben expert in stikstofberekeningen en AERIUS.");
  p.skills.push_back({{"", "Stikstofdepositie"}, 3, Visibility::kEveryone});
  ASSERT_TRUE(index_.UpsertPerson(p).ok());
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(6, {"gis"}, "Kaarten")).ok());
  KlusDoc k;
  k.required = {{"", "stikstofdepositie"}};
  k.remote = true;
  EXPECT_EQ(People(index_.Candidates(k, {})), (std::vector<Guid>{5}));
  KlusDoc text_only;
  text_only.text = "Wie kan AERIUS berekeningen controleren?";
  text_only.remote = true;
  auto found = index_.Candidates(text_only, {});
  ASSERT_EQ(People(found), (std::vector<Guid>{5}));
  EXPECT_NE(
      std::find((*found)[0].why.text_words.begin(), (*found)[0].why.text_words.end(), "aerius"),
      (*found)[0].why.text_words.end());
}

TEST_F(IndexTest, KlussenForAPersonBothDirectionsAgree) {
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(1, {"python", "gis"})).ok());
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(10, {"python", "gis"})).ok());
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(11, {"python"})).ok());
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(12, {"woo"})).ok());
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(13, {"softwareontwikkeling"})).ok());  // one hop
  KlusDoc closed = MakeKlus(14, {"python"});
  closed.open = false;
  ASSERT_TRUE(index_.UpsertKlus(closed).ok());
  KlusDoc mine = MakeKlus(15, {"python"});
  mine.poster = 1;
  ASSERT_TRUE(index_.UpsertKlus(mine).ok());
  KlusDoc big = MakeKlus(16, {"python"});
  big.hours_needed = 20;
  ASSERT_TRUE(index_.UpsertKlus(big).ok());

  auto result = index_.KlussenFor(1, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto ids = Klussen(result);
  // Every open klus the person may take is ranked: 12 shares nothing and
  // comes last with score 0 and no skill evidence; 14-16 break a constraint.
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_TRUE((ids[0] == 10 && ids[1] == 11) || (ids[0] == 11 && ids[1] == 10));
  EXPECT_EQ(ids[2], 13u);
  EXPECT_EQ(ids[3], 12u);
  EXPECT_EQ((*result)[2].why.skills.at(0).relation, Relation::kNarrower);
  EXPECT_NEAR((*result)[0].score, 1.0f, 1e-5);
  EXPECT_EQ((*result)[3].score, 0.0f);
  EXPECT_TRUE((*result)[3].why.skills.empty());
  EXPECT_EQ((*result)[3].why.missing_required.size(), 1u);

  KlusQuery hidden;
  hidden.may_see_klus = [](KlusKey id) { return id != 10; };
  EXPECT_EQ(Klussen(index_.KlussenFor(1, hidden)), (std::vector<KlusKey>{11, 13, 12}));
  ASSERT_TRUE(index_.RemoveKlus(11).ok());
  EXPECT_EQ(Klussen(index_.KlussenFor(1, {})), (std::vector<KlusKey>{10, 13, 12}));
  KlusQuery second_page;
  second_page.offset = 2;
  second_page.limit = 5;
  EXPECT_EQ(Klussen(index_.KlussenFor(1, second_page)), (std::vector<KlusKey>{12}));
  EXPECT_EQ(index_.KlussenFor(99, {}).status().code(), StatusCode::kNotFound);
}

TEST_F(IndexTest, InferredSkillsCountLessThanListedOnesAndSayWhy) {
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(1, {"beleidsadvies"})).ok());
  // Names the occupation (the built-in "beleidsmedewerker") in the about text.
  ASSERT_TRUE(
      index_.UpsertPerson(MakePerson(2, {}, "Ik werk als beleidsmedewerker bij een gemeente."))
          .ok());
  ASSERT_TRUE(
      index_.UpsertPerson(MakePerson(3, {}, "Veel ervaring met stakeholdermanagement")).ok());
  // Three listed skills of the data analyst: the rest of that occupation is likely.
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(4, {"data-analyse", "statistiek", "sql"})).ok());
  // The same skills, but restricted: they feed no inference.
  Person hidden = MakePerson(5, {"data-analyse", "statistiek", "sql"});
  for (auto& skill : hidden.skills) skill.visibility = Visibility::kRestricted;
  ASSERT_TRUE(index_.UpsertPerson(hidden).ok());

  auto policy = index_.Candidates(MakeKlus(0, {"beleidsadvies"}), {});
  ASSERT_EQ(People(policy), (std::vector<Guid>{1, 2}));
  EXPECT_GT((*policy)[0].score, (*policy)[1].score);
  const SkillEvidence& named = (*policy)[1].why.skills.at(0);
  EXPECT_EQ(named.source, SkillEvidence::Source::kNamedOccupation);
  EXPECT_EQ(named.because, "beleidsmedewerker");
  EXPECT_NEAR(named.credit, ScoringOptions{}.inferred_credit, 1e-6);
  EXPECT_EQ((*policy)[0].why.skills.at(0).source, SkillEvidence::Source::kListed);

  auto stakeholders = index_.Candidates(MakeKlus(0, {"stakeholdermanagement"}), {});
  // Both inferred at the same credit; 3's text also holds the wanted skill's
  // word (the wanted skills' words are text), so 3 comes first.
  ASSERT_EQ(People(stakeholders), (std::vector<Guid>{3, 2}));
  EXPECT_EQ((*stakeholders)[0].why.skills.at(0).source, SkillEvidence::Source::kNamedInText);
  EXPECT_EQ((*stakeholders)[0].why.skills.at(0).credit, (*stakeholders)[1].why.skills.at(0).credit);
  EXPECT_GT((*stakeholders)[0].why.text_part, 0.0f);
  EXPECT_EQ((*stakeholders)[1].why.skills.at(0).source, SkillEvidence::Source::kNamedOccupation);

  auto python = index_.Candidates(MakeKlus(0, {"python"}), {});
  ASSERT_EQ(People(python), (std::vector<Guid>{4}));
  EXPECT_EQ((*python)[0].why.skills.at(0).source, SkillEvidence::Source::kFitsOccupation);
  // Even a viewer who may see person 5's restricted skills gets nothing
  // inferred from them (person 5 may be found through a listed neighbour).
  CandidateQuery all;
  all.may_see_restricted_skill = [](Guid, std::string_view) { return true; };
  auto seen_all = index_.Candidates(MakeKlus(0, {"python"}), all);
  ASSERT_TRUE(seen_all.ok());
  for (const Match& m : *seen_all) {
    if (m.person != 5) continue;
    for (const SkillEvidence& e : m.why.skills) {
      EXPECT_EQ(e.source, SkillEvidence::Source::kListed);
      EXPECT_NE(e.relation, Relation::kSame);
    }
  }

  // The person's own view sees the same reasons.
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(30, {"beleidsadvies"})).ok());
  auto mine = index_.KlussenFor(2, {});
  ASSERT_EQ(Klussen(mine), (std::vector<KlusKey>{30}));
  EXPECT_EQ((*mine)[0].why.skills.at(0).source, SkillEvidence::Source::kNamedOccupation);

  IndexOptions off;
  off.infer_skills = false;
  MatchIndex plain(std::make_shared<Analyzer>(DefaultVocabulary()), off);
  ASSERT_TRUE(plain.UpsertPerson(MakePerson(2, {}, "Ik werk als beleidsmedewerker.")).ok());
  EXPECT_TRUE(People(plain.Candidates(MakeKlus(0, {"beleidsadvies"}), {})).empty());
}

TEST_F(IndexTest, SkillWordsAreTextOnBothSides) {
  auto typed = [](Guid guid, std::string label, Visibility visibility) {
    Person p = MakePerson(guid, {});
    p.skills.push_back({{"", std::move(label)}, 0, visibility});
    return p;
  };
  ASSERT_TRUE(index_.UpsertPerson(typed(1, "beekeeping equipment", Visibility::kEveryone)).ok());
  // Shares no skill with the klus, only the word "beekeeping".
  ASSERT_TRUE(index_.UpsertPerson(typed(2, "beekeeping courses", Visibility::kEveryone)).ok());
  // The same, but the skill is not for everyone: its words are not text.
  ASSERT_TRUE(index_.UpsertPerson(typed(3, "beekeeping courses", Visibility::kRestricted)).ok());
  ASSERT_TRUE(index_.UpsertPerson(typed(4, "pottery", Visibility::kEveryone)).ok());
  KlusDoc klus = MakeKlus(7, {});
  klus.required.push_back({"", "beekeeping equipment"});

  auto found = index_.Candidates(klus, {});
  ASSERT_EQ(People(found), (std::vector<Guid>{1, 2}));
  EXPECT_GT((*found)[0].score, (*found)[1].score);
  EXPECT_EQ((*found)[0].why.skills.size(), 1u);
  // Found through the word alone: no skill is claimed, the word is shown.
  EXPECT_TRUE((*found)[1].why.skills.empty());
  EXPECT_EQ((*found)[1].why.text_words, (std::vector<std::string>{"beekeeping"}));
  EXPECT_GT((*found)[1].why.text_part, 0.0f);

  // The other way: the klus's wanted skills' words meet person 2's.
  ASSERT_TRUE(index_.UpsertKlus(klus).ok());
  KlusDoc other = MakeKlus(8, {});
  other.required.push_back({"", "pottery"});
  ASSERT_TRUE(index_.UpsertKlus(other).ok());
  auto mine = index_.KlussenFor(2, {});
  ASSERT_EQ(Klussen(mine), (std::vector<KlusKey>{7, 8}));
  EXPECT_GT((*mine)[0].score, 0.0f);
  EXPECT_EQ((*mine)[1].score, 0.0f);

  IndexOptions off;
  off.skill_words_in_text = false;
  MatchIndex without(std::make_shared<Analyzer>(DefaultVocabulary()), off);
  ASSERT_TRUE(without.UpsertPerson(typed(1, "beekeeping equipment", Visibility::kEveryone)).ok());
  ASSERT_TRUE(without.UpsertPerson(typed(2, "beekeeping courses", Visibility::kEveryone)).ok());
  EXPECT_EQ(People(without.Candidates(klus, {})), (std::vector<Guid>{1}));
}

TEST_F(IndexTest, InterestsBringKlussenToThePerson) {
  Person p = MakePerson(1, {"schrijven"});
  p.interests = {{"klussen:gis", ""}};
  ASSERT_TRUE(index_.UpsertPerson(p).ok());
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(20, {"gis"})).ok());
  auto result = index_.KlussenFor(1, {});
  ASSERT_EQ(Klussen(result), (std::vector<KlusKey>{20}));
  EXPECT_EQ((*result)[0].why.interests, (std::vector<std::string>{"GIS"}));
  // Interests are not skills: they do not make the person a candidate.
  EXPECT_TRUE(People(index_.Candidates(MakeKlus(0, {"gis"}), {})).empty());
}

TEST_F(IndexTest, BadInputIsRefusedAndChangesNothing) {
  ASSERT_TRUE(index_.UpsertPerson(MakePerson(1, {"gis"})).ok());
  Person big = MakePerson(1, {});
  for (int i = 0; i < 300; ++i) big.skills.push_back({{"", "skill " + std::to_string(i)}, 0, {}});
  EXPECT_EQ(index_.UpsertPerson(big).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(People(index_.Candidates(MakeKlus(0, {"gis"}), {})), (std::vector<Guid>{1}));
  CandidateQuery zero;
  zero.limit = 0;
  EXPECT_EQ(index_.Candidates(MakeKlus(0, {"gis"}), zero).status().code(),
            StatusCode::kInvalidArgument);
  CandidateQuery deep;
  deep.offset = 1u << 30;
  EXPECT_EQ(index_.Candidates(MakeKlus(0, {"gis"}), deep).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(IndexTest, CompactionKeepsTheSameAnswers) {
  const char* skills[] = {"gis", "woo", "python", "scrum", "privacy", "sql"};
  for (Guid g = 1; g <= 3000; ++g) {
    ASSERT_TRUE(index_
                    .UpsertPerson(MakePerson(g, {skills[g % 6], skills[(g / 6) % 6]},
                                             g % 3 ? "kaarten" : "wetgeving"))
                    .ok());
  }
  // Replace most people: compaction runs by itself along the way.
  for (Guid g = 1; g <= 2500; ++g) {
    ASSERT_TRUE(index_.UpsertPerson(MakePerson(g, {skills[(g + 1) % 6]}, "kaarten")).ok());
  }
  KlusDoc k = MakeKlus(0, {"gis", "python"}, "kaarten");
  CandidateQuery q;
  q.limit = 1000;
  auto before = People(index_.Candidates(k, q));
  EXPECT_LT(index_.Stats().people_slots, 3000u + 2500u);  // it compacted
  index_.Compact();
  EXPECT_EQ(index_.Stats().people_slots, 3000u);
  EXPECT_EQ(People(index_.Candidates(k, q)), before);
  EXPECT_FALSE(before.empty());
}

TEST_F(IndexTest, ConcurrentQueriesWhileUpdatesArrive) {
  for (Guid g = 1; g <= 2000; ++g) {
    ASSERT_TRUE(index_.UpsertPerson(MakePerson(g, {g % 2 ? "gis" : "woo"}, "kaarten")).ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> queries{0};
  std::atomic<int> failures{0};
  auto reader = [&] {
    KlusDoc k = MakeKlus(0, {"gis"}, "kaarten");
    while (!stop) {
      auto result = index_.Candidates(k, {});
      if (!result.ok() || result->size() != 20) ++failures;
      ++queries;
    }
  };
  std::thread a(reader);
  std::thread b(reader);
  for (int round = 0; round < 3; ++round) {
    for (Guid g = 1; g <= 2000; g += 3) {
      ASSERT_TRUE(index_.UpsertPerson(MakePerson(g, {"gis", "sql"}, "kaarten en data")).ok());
    }
  }
  for (Guid g = 2001; g <= 2100; ++g) ASSERT_TRUE(index_.UpsertPerson(MakePerson(g, {"gis"})).ok());
  for (Guid g = 2001; g <= 2100; ++g) ASSERT_TRUE(index_.RemovePerson(g).ok());
  while (queries < 50) std::this_thread::yield();
  stop = true;
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(index_.Stats().people, 2000u);
  // The final state: everyone with gis (odd guids and every third) is found.
  CandidateQuery q;
  q.limit = 1000;
  q.offset = 0;
  size_t total = 0;
  for (;; q.offset += 1000) {
    auto page = index_.Candidates(MakeKlus(0, {"gis"}), q);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    total += page->size();
  }
  size_t expected = 0;
  for (Guid g = 1; g <= 2000; ++g) expected += (g % 2 == 1) || ((g - 1) % 3 == 0);
  EXPECT_EQ(total, expected);
}

// Pruning and splitting must not change any answer: a pruned index, a
// pruned one that splits every query over three threads (loaded in bulk),
// and an exhaustive one over the same random people return the same pages
// (people and scores), at any offset, with hard constraints, exposure and
// both caller predicates.
TEST(IndexPruningTest, PrunedAndSplitEqualExhaustiveOnRandomData) {
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  const Vocabulary& vocabulary = analyzer->vocabulary();
  IndexOptions exhaustive_options;
  exhaustive_options.prune_candidates = false;
  exhaustive_options.query_threads = 1;
  IndexOptions pruned_options;
  pruned_options.query_threads = 1;
  IndexOptions split_options;
  split_options.query_threads = 3;
  split_options.split_query_people = 0;
  split_options.split_query_postings = 0;
  MatchIndex pruned(analyzer, pruned_options);
  MatchIndex split(analyzer, split_options);
  MatchIndex exhaustive(analyzer, exhaustive_options);
  std::mt19937_64 rng(7);
  // Skewed choices: a few concepts and words are common, most are rare.
  auto skewed = [&](size_t n) {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<size_t>(static_cast<double>(n) * u * u * u) % n;
  };
  auto word = [&] {
    size_t w = skewed(400);
    std::string out = "qz";
    for (; w > 0; w /= 20) out += static_cast<char>('a' + w % 20);
    return out;
  };
  auto text = [&](size_t words) {
    std::string out;
    for (size_t i = 0; i < words; ++i) out += word() + " ";
    return out;
  };
  std::unordered_map<Guid, PersonFacts> people;
  auto make_person = [&](Guid guid) {
    Person p;
    p.guid = guid;
    size_t skills = 1 + rng() % 8;
    for (size_t i = 0; i < skills; ++i) {
      PersonSkill s;
      s.skill.concept_id = vocabulary.ExternalId(static_cast<ConceptId>(skewed(vocabulary.size())));
      s.level = static_cast<uint8_t>(rng() % 5);
      s.visibility = rng() % 6 == 0 ? Visibility::kRestricted : Visibility::kEveryone;
      p.skills.push_back(s);
    }
    if (rng() % 4 == 0) p.skills.push_back({{"", "eigen vaardigheid " + word()}, 1, {}});
    if (rng() % 3 == 0) {
      p.interests.push_back(
          {vocabulary.ExternalId(static_cast<ConceptId>(skewed(vocabulary.size()))), ""});
    }
    p.about = text(rng() % 30);
    // Some name a skill or an occupation: inferred skills in their own lists.
    if (rng() % 3 == 0) {
      p.about += " " + std::string(vocabulary.PreferredLabel(
                           static_cast<ConceptId>(skewed(vocabulary.size())), Lang::kNl));
    }
    if (rng() % 4 == 0) {
      const auto& occupations = vocabulary.occupations();
      p.about += " ik werk als " + occupations[rng() % occupations.size()].labels.at(0).text;
    }
    p.region = static_cast<RegionCode>(rng() % 5);
    p.hours_available = static_cast<float>(rng() % 12) + (rng() % 2 ? 0.5f : 0);
    p.available_from = static_cast<Day>(rng() % 100);
    p.available_to = p.available_from + static_cast<Day>(rng() % 200);
    p.discoverable = rng() % 8 != 0;
    people[guid] = PersonFacts{guid,           p.region,      p.hours_available, p.available_from,
                               p.available_to, p.discoverable};
    return p;
  };
  std::vector<Person> batch;
  for (Guid g = 1; g <= 3000; ++g) {
    Person p = make_person(g);
    ASSERT_TRUE(pruned.UpsertPerson(p).ok());
    ASSERT_TRUE(exhaustive.UpsertPerson(p).ok());
    batch.push_back(std::move(p));
  }
  for (const Status& status : split.UpsertPeople(batch, 2)) ASSERT_TRUE(status.ok());
  // Changes leave dead slots; some people leave.
  for (int i = 0; i < 600; ++i) {
    Guid g = 1 + rng() % 3000;
    Person p = make_person(g);
    ASSERT_TRUE(pruned.UpsertPerson(p).ok());
    ASSERT_TRUE(split.UpsertPerson(p).ok());
    ASSERT_TRUE(exhaustive.UpsertPerson(p).ok());
  }
  for (Guid g = 5; g <= 3000; g += 97) {
    ASSERT_TRUE(pruned.RemovePerson(g).ok());
    ASSERT_TRUE(split.RemovePerson(g).ok());
    ASSERT_TRUE(exhaustive.RemovePerson(g).ok());
    people.erase(g);
  }
  for (int day = 0; day < 5; ++day) {
    std::vector<Guid> shown;
    for (int i = 0; i < 200; ++i) shown.push_back(1 + skewed(3000));
    pruned.RecordShown(shown, day * 3);
    split.RecordShown(shown, day * 3);
    exhaustive.RecordShown(shown, day * 3);
  }

  size_t nonempty = 0;
  for (int q = 0; q < 150; ++q) {
    KlusDoc k;
    k.id = 1;
    size_t required = rng() % 5;
    for (size_t i = 0; i < required; ++i) {
      k.required.push_back(
          {vocabulary.ExternalId(static_cast<ConceptId>(skewed(vocabulary.size()))), ""});
    }
    for (size_t i = 0; i < rng() % 3; ++i) {
      k.desired.push_back(
          {vocabulary.ExternalId(static_cast<ConceptId>(skewed(vocabulary.size()))), ""});
    }
    if (rng() % 5 == 0) k.required.push_back({"", "eigen vaardigheid " + word()});
    k.text = text(rng() % 12);
    k.hours_needed = static_cast<float>(rng() % 8);
    k.from = static_cast<Day>(rng() % 150);
    k.to = k.from + static_cast<Day>(rng() % 60);
    k.remote = rng() % 3 == 0;
    k.region = static_cast<RegionCode>(rng() % 5);
    k.poster = 1 + rng() % 3000;
    for (int i = 0; i < 5; ++i) k.involved.push_back(1 + rng() % 3000);
    CandidateQuery query;
    query.today = static_cast<Day>(rng() % 20);
    const int predicates = static_cast<int>(rng() % 4);
    if (predicates & 1) query.may_see_klus = [](Guid g) { return g % 7 != 0; };
    if (predicates & 2) {
      query.may_see_restricted_skill = [](Guid g, std::string_view) { return g % 2 == 0; };
    }
    // The exhaustive answer, deep enough for every page asked below.
    CandidateQuery all = query;
    all.limit = 200;
    auto expected = exhaustive.Candidates(k, all);
    ASSERT_TRUE(expected.ok());
    nonempty += !expected->empty();
    for (const Match& m : *expected) {
      auto it = people.find(m.person);
      ASSERT_NE(it, people.end());
      std::vector<Guid> involved = k.involved;
      std::sort(involved.begin(), involved.end());
      KlusFacts kf{k.region, k.remote, k.hours_needed, k.from, k.to, true, k.poster, involved};
      EXPECT_EQ(CheckHardConstraints(it->second, kf, true), Violation::kNone) << m.person;
      if (query.may_see_klus) {
        EXPECT_TRUE(query.may_see_klus(m.person));
      }
    }
    for (size_t offset : {size_t{0}, size_t{3}, size_t{20}, size_t{57}}) {
      for (size_t limit : {size_t{1}, size_t{7}, size_t{20}}) {
        CandidateQuery page = query;
        page.offset = offset;
        page.limit = limit;
        for (const MatchIndex* index : {&pruned, &split}) {
          const char* name = index == &pruned ? "pruned" : "split";
          CandidateStats stats;
          page.stats = &stats;
          auto got = index->Candidates(k, page);
          EXPECT_EQ(stats.ranges, index == &split ? 3u : 1u) << name;
          ASSERT_TRUE(got.ok());
          size_t begin = std::min(offset, expected->size());
          size_t end = std::min(offset + limit, expected->size());
          ASSERT_EQ(got->size(), end - begin) << name << " query " << q << " offset " << offset;
          for (size_t i = 0; i < got->size(); ++i) {
            const Match& want = (*expected)[begin + i];
            EXPECT_EQ((*got)[i].person, want.person)
                << name << " query " << q << " at " << begin + i;
            EXPECT_EQ((*got)[i].score, want.score) << name << " query " << q << " at " << begin + i;
            EXPECT_EQ((*got)[i].why.text_part, want.why.text_part);
            EXPECT_EQ((*got)[i].why.skills.size(), want.why.skills.size());
          }
        }
      }
    }
  }
  EXPECT_GT(nonempty, 100u);
}

// Bulk loading gives each person the status UpsertPerson would: the bad ones
// are refused, the rest are in, and a later person replaces an earlier one.
TEST(IndexBulkLoadTest, UpsertPeopleReportsPerPersonAndKeepsOrder) {
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  IndexOptions options;
  options.max_skills_per_document = 3;
  MatchIndex index(analyzer, options);
  std::vector<Person> people;
  for (Guid g = 1; g <= 1000; ++g) {
    Person p;
    p.guid = g;
    p.discoverable = true;
    p.hours_available = 8;
    p.about = g % 2 ? "beleidsadvies en wetgeving" : "data-analyse met python";
    people.push_back(p);
  }
  people[10].skills.resize(4);                  // too many skills
  people[700].hours_available = std::nanf("");  // not a number
  people.push_back(people[20]);                 // guid 21 again, now with other text
  people.back().about = "communicatie";
  std::vector<Status> statuses = index.UpsertPeople(people, 2);
  ASSERT_EQ(statuses.size(), people.size());
  for (size_t i = 0; i < statuses.size(); ++i) {
    EXPECT_EQ(statuses[i].ok(), i != 10 && i != 700) << i;
  }
  EXPECT_EQ(statuses[10].code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index.Stats().people, 998u);
  KlusDoc klus;
  klus.text = "communicatie";
  auto found = index.Candidates(klus, CandidateQuery{});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].person, 21u);
}

}  // namespace
}  // namespace klussen::match
