#include "match/index.h"

#include <gtest/gtest.h>

#include <atomic>
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
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_TRUE((ids[0] == 10 && ids[1] == 11) || (ids[0] == 11 && ids[1] == 10));
  EXPECT_EQ(ids[2], 13u);
  EXPECT_EQ((*result)[2].why.skills.at(0).relation, Relation::kNarrower);
  EXPECT_NEAR((*result)[0].score, 1.0f, 1e-5);

  KlusQuery hidden;
  hidden.may_see_klus = [](KlusKey id) { return id != 10; };
  EXPECT_EQ(Klussen(index_.KlussenFor(1, hidden)), (std::vector<KlusKey>{11, 13}));
  ASSERT_TRUE(index_.RemoveKlus(11).ok());
  EXPECT_EQ(Klussen(index_.KlussenFor(1, {})), (std::vector<KlusKey>{10, 13}));
  EXPECT_EQ(index_.KlussenFor(99, {}).status().code(), StatusCode::kNotFound);
}

TEST_F(IndexTest, InterestsBringKlussenToThePerson) {
  Person p = MakePerson(1, {"schrijven"});
  p.interests = {{"klussen:gis", ""}};
  ASSERT_TRUE(index_.UpsertPerson(p).ok());
  ASSERT_TRUE(index_.UpsertKlus(MakeKlus(20, {"gis"})).ok());
  auto result = index_.KlussenFor(1, {});
  ASSERT_EQ(Klussen(result), (std::vector<KlusKey>{20}));
  EXPECT_EQ((*result)[0].why.interests, (std::vector<std::string>{"gis"}));
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

}  // namespace
}  // namespace klussen::match
