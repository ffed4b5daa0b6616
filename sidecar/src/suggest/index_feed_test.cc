// IndexFeed against a real MariaDB (tests/fixtures/models/match.json, elgg3):
// the paged start-up load gives the same documents as refreshing members one
// by one, polling picks up changes, and an unreachable database changes
// nothing in the index.
#include "suggest/index_feed.h"

#include <gtest/gtest.h>

#include <set>

#include "common/dates.h"
#include "match/analyzer.h"
#include "server/portfolio_json.h"
#include "support/test_db.h"

namespace klussen::suggest {
namespace {

using testing::TestDatabase;

class IndexFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    db_->LoadModel("tests/fixtures/models/match.json", "elgg3");
    db_->Migrate();
    const int64_t now = UnixNow();
    const std::string until = FormatIsoDate(now / kSecondsPerDay + 100);
    // Members 10..19 with a portfolio: Python (site), a private skill, hours.
    std::string rows;
    std::string items;
    for (int guid = 10; guid <= 19; ++guid) {
      rows += std::string(rows.empty() ? "" : ", ") + "(" + std::to_string(guid) + ", " +
              (guid == 12 ? "0" : "1") + ", 'Ik werk met data', 'site', 'Utrecht', " +
              std::to_string(guid == 13 ? 20 : 80) + ", '" + until + "', " + std::to_string(now) +
              ", " + std::to_string(now) + ")";
      items += std::string(items.empty() ? "" : ", ") + "(" + std::to_string(guid) +
               ", 'skill', 'Python', 2, 'site', 1), (" + std::to_string(guid) +
               ", 'skill', 'Geheimschrift', 1, 'private', 1)";
    }
    db_->RunSql(
        "INSERT INTO klussen_portfolio (user_guid, discoverable, about, about_visibility, "
        "region, hours_per_week_tenths, available_until, created_at, updated_at) VALUES " +
        rows + ";");
    db_->RunSql(
        "INSERT INTO klussen_portfolio_item (user_guid, kind, label, level, visibility, "
        "created_at) VALUES " +
        items + ";");
    auto connection = db_->Connect();
    auto schema = host::ProbeHostSchema(*connection, "elgg_");
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    auto reader = host::MakeHostReader(*schema, host::HostSettings{});
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    host_ = std::move(*reader);
    pool_ = std::make_unique<store::Pool>(db_->RootSettings(), store::PoolOptions{});
    portfolios_ = std::make_unique<portfolio::PortfolioService>(host_.get(), pool_.get(), 1,
                                                                [] { return UnixNow(); });
    analyzer_ = std::make_shared<match::Analyzer>(match::DefaultVocabulary());
  }

  struct Fed {
    std::unique_ptr<match::MatchIndex> index;
    RegionCodes regions;
    std::unique_ptr<IndexFeed> feed;
  };
  std::unique_ptr<Fed> NewFeed(store::Pool* pool = nullptr) {
    auto fed = std::make_unique<Fed>();
    fed->index = std::make_unique<match::MatchIndex>(analyzer_);
    fed->feed =
        std::make_unique<IndexFeed>(host_.get(), pool ? pool : pool_.get(), portfolios_.get(),
                                    fed->index.get(), &fed->regions, [] { return UnixNow(); });
    return fed;
  }

  // Candidates (guid, score) for a Python klus in Utrecht, 4 hours a week.
  std::vector<std::pair<match::Guid, float>> Ranking(Fed& fed) {
    match::KlusDoc klus;
    klus.id = 1;
    klus.required = {{"", "Python"}};
    klus.desired = {{"", "Geheimschrift"}};
    klus.text = "Data-analyse met Python";
    klus.hours_needed = 4;
    klus.region = fed.regions.CodeOf("Utrecht");
    match::CandidateQuery query;
    query.limit = 50;
    auto found = fed.index->Candidates(klus, query);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    std::vector<std::pair<match::Guid, float>> out;
    if (!found.ok()) return out;
    for (const auto& m : *found) {
      out.emplace_back(m.person, m.score);
      for (const auto& skill : m.why.skills) EXPECT_NE(skill.matched_label, "Geheimschrift");
    }
    return out;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<host::HostReader> host_;
  std::unique_ptr<store::Pool> pool_;
  std::unique_ptr<portfolio::PortfolioService> portfolios_;
  std::shared_ptr<const match::Analyzer> analyzer_;
};

// Members [first, last] by bulk SQL: host users with portfolios whose text
// and skills vary by guid.
void AddMembers(TestDatabase& db, int first, int last) {
  const std::string t = std::to_string(UnixNow());
  const std::string seq = "seq_" + std::to_string(first) + "_to_" + std::to_string(last);
  db.RunSql(
      "INSERT INTO elgg_entities (guid, type, subtype, owner_guid, container_guid, access_id, "
      "time_created, time_updated) SELECT seq, 'user', 'user', 0, 0, 2, " +
      t + ", " + t + " FROM " + seq + ";");
  db.RunSql(
      "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) "
      "SELECT seq, 'name', CONCAT('Lid ', seq), 'text', " +
      t + " FROM " + seq + " UNION ALL SELECT seq, 'username', CONCAT('lid', seq), 'text', " + t +
      " FROM " + seq + ";");
  db.RunSql(
      "INSERT INTO klussen_portfolio (user_guid, discoverable, about, about_visibility, region, "
      "hours_per_week_tenths, created_at, updated_at) SELECT seq, seq % 7 <> 0, "
      "CONCAT('Ik werk met data en python, woord', seq % 211, ' en thema', seq % 13), 'site', "
      "ELT(1 + seq % 3, 'Utrecht', 'Zwolle', 'Utrecht'), 40 + 10 * (seq % 5), " +
      t + ", " + t + " FROM " + seq + ";");
  db.RunSql(
      "INSERT INTO klussen_portfolio_item (user_guid, kind, label, level, visibility, created_at) "
      "SELECT seq, 'skill', ELT(1 + seq % 4, 'Python', 'Data-analyse', 'SQL', 'Beleidsadvies'), "
      "2, 'site', 1 FROM " +
      seq + " UNION ALL SELECT seq, 'skill', CONCAT('Vaardigheid ', seq % 97), 1, 'site', 1 FROM " +
      seq + ";");
}

TEST_F(IndexFeedTest, PagesReadAheadLoadTheSameAsPagesReadInTurn) {
  // 2,000 portfolios: four full pages (the last page ends the table); then
  // 2,250: a partial last page. The next page is read on a second connection
  // while one is indexed; a pool of one connection reads every page in turn.
  store::PoolOptions one;
  one.size = 1;
  one.acquire_timeout = std::chrono::milliseconds(50);
  store::Pool single_connection(db_->RootSettings(), one);
  for (int last : {2989, 3239}) {
    AddMembers(*db_, last == 2989 ? 1000 : 2990, last);
    auto ahead = NewFeed();
    auto in_turn = NewFeed(&single_connection);
    ASSERT_TRUE(ahead->feed->LoadAll().ok());
    ASSERT_TRUE(in_turn->feed->LoadAll().ok());
    const int64_t expected = last == 2989 ? 2000 : 2250;
    EXPECT_EQ(ahead->feed->Stats().people_loaded, expected);
    EXPECT_EQ(in_turn->feed->Stats().people_loaded, expected);
    const match::IndexStats a = ahead->index->Stats();
    const match::IndexStats b = in_turn->index->Stats();
    EXPECT_EQ(a.people, static_cast<size_t>(expected));
    EXPECT_EQ(a.people, b.people);
    EXPECT_EQ(a.text_terms, b.text_terms);
    EXPECT_EQ(a.text_postings, b.text_postings);
    EXPECT_EQ(a.free_terms, b.free_terms);
    EXPECT_EQ(a.skill_postings, b.skill_postings);
    auto ranking = Ranking(*ahead);
    EXPECT_EQ(ranking.size(), 50u);
    EXPECT_EQ(ranking, Ranking(*in_turn));
  }
}

TEST_F(IndexFeedTest, PagedLoadEqualsOneByOneRefresh) {
  auto paged = NewFeed();
  ASSERT_TRUE(paged->feed->LoadAll().ok());
  EXPECT_TRUE(paged->feed->loaded());
  EXPECT_EQ(paged->feed->Stats().people_loaded, 10);
  auto single = NewFeed();
  for (host::Guid guid = 10; guid <= 19; ++guid) {
    ASSERT_TRUE(single->feed->RefreshPerson(guid).ok());
  }
  auto ranking = Ranking(*paged);
  EXPECT_EQ(ranking, Ranking(*single));
  std::set<match::Guid> people;
  for (const auto& [guid, score] : ranking) people.insert(guid);
  // 12 is not discoverable, 13 offers 2 hours.
  EXPECT_EQ(people, (std::set<match::Guid>{10, 11, 14, 15, 16, 17, 18, 19}));
}

TEST_F(IndexFeedTest, AStoppedLoadGivesUpAndStaysNotLoaded) {
  auto feed = NewFeed();
  std::atomic<bool> stop{true};
  Status loaded = feed->feed->LoadAll(&stop);
  EXPECT_EQ(loaded.code(), StatusCode::kUnavailable) << loaded.ToString();
  EXPECT_FALSE(feed->feed->loaded());
  EXPECT_EQ(feed->feed->Stats().people_loaded, 0);
  stop = false;
  ASSERT_TRUE(feed->feed->LoadAll(&stop).ok());
  EXPECT_TRUE(feed->feed->loaded());
}

TEST_F(IndexFeedTest, PollPicksUpChangesAndKeepsTheIndexWhenTheDatabaseIsAway) {
  auto fed = NewFeed();
  ASSERT_TRUE(fed->feed->LoadAll().ok());
  const auto before = Ranking(*fed);
  db_->RunSql(
      "UPDATE klussen_portfolio SET discoverable = 0, updated_at = updated_at + 1 "
      "WHERE user_guid = 10");
  ASSERT_TRUE(fed->feed->Poll().ok());
  auto after = Ranking(*fed);
  EXPECT_EQ(after.size(), before.size() - 1);
  for (const auto& [guid, score] : after) EXPECT_NE(guid, 10u);

  // A feed whose database is unreachable: Poll fails, nothing changes.
  store::ConnectionSettings nowhere = db_->RootSettings();
  nowhere.socket = "/nonexistent/mysqld.sock";
  store::PoolOptions quick;
  quick.acquire_timeout = std::chrono::milliseconds(200);
  store::Pool dead(nowhere, quick);
  auto stranded = NewFeed(&dead);
  Status loaded = stranded->feed->LoadAll();
  EXPECT_FALSE(loaded.ok());
  EXPECT_FALSE(stranded->feed->loaded());
  IndexFeed same_index(host_.get(), &dead, portfolios_.get(), fed->index.get(), &fed->regions,
                       [] { return UnixNow(); });
  EXPECT_FALSE(same_index.Poll().ok());
  EXPECT_EQ(same_index.Stats().poll_failures, 1);
  EXPECT_EQ(Ranking(*fed), after);  // still serving what it had
}

// The portfolio service refreshes a member when they write; the next poll
// sees the row changed but indexed at that version already and skips it.
TEST_F(IndexFeedTest, APollSkipsAMemberTheWriteAlreadyRefreshed) {
  auto fed = NewFeed();
  ASSERT_TRUE(fed->feed->LoadAll().ok());
  portfolios_->SetChangeListener([&](store::Connection& c, portfolio::Guid user,
                                     const portfolio::Portfolio* fresh) {
    ASSERT_TRUE(
        fed->feed->RefreshPersonOn(c, user, false, {.active_user = true, .portfolio = fresh}).ok());
  });
  const portfolio::Member anna{10, 1};
  auto current = portfolios_->Own(anna);
  ASSERT_TRUE(current.ok());
  portfolio::Settings settings{current->discoverable,     current->about,
                               current->about_visibility, current->region,
                               current->availability,     0};
  settings.discoverable = false;
  std::vector<klus::FieldError> errors;
  ASSERT_TRUE(portfolios_->UpdateSettings(anna, settings, current->version, &errors).ok());
  for (const auto& [guid, score] : Ranking(*fed)) EXPECT_NE(guid, 10u) << "before the answer";
  const FeedStats before = fed->feed->Stats();
  ASSERT_TRUE(fed->feed->Poll().ok());
  const FeedStats after = fed->feed->Stats();
  EXPECT_GE(after.current_skipped, before.current_skipped + 1);
  EXPECT_EQ(after.documents_refreshed, before.documents_refreshed);
  for (const auto& [guid, score] : Ranking(*fed)) EXPECT_NE(guid, 10u);
}

// An item write hands the index the portfolio as committed, built from what
// its transaction read: the same as reading it again (items in the store's
// order, version, stamp, derived availability), for a new and a known member.
TEST_F(IndexFeedTest, AnAddedItemHandsTheIndexThePortfolioAsCommitted) {
  std::vector<portfolio::Portfolio> handed;
  portfolios_->SetChangeListener(
      [&](store::Connection&, portfolio::Guid, const portfolio::Portfolio* fresh) {
        ASSERT_NE(fresh, nullptr);
        handed.push_back(*fresh);
      });
  const std::vector<std::pair<portfolio::ItemKind, std::string>> added = {
      {portfolio::ItemKind::kLanguage, "Fries"}, {portfolio::ItemKind::kSkill, "SQL"},
      {portfolio::ItemKind::kInterest, "Open data"}, {portfolio::ItemKind::kSkill, "Excel"},
      {portfolio::ItemKind::kLanguage, "Engels"}};
  for (portfolio::Guid guid : {portfolio::Guid{2}, portfolio::Guid{10}}) {
    SCOPED_TRACE(guid);
    const portfolio::Member member{guid, 1};
    for (const auto& [kind, label] : added) {
      portfolio::Item item;
      item.kind = kind;
      item.label = label;
      item.level = 2;
      handed.clear();
      ASSERT_TRUE(portfolios_->AddItem(member, item).ok());
      ASSERT_EQ(handed.size(), 1u);
      auto read = portfolios_->LoadWithAvailability(*db_->Connect(), guid);
      ASSERT_TRUE(read.ok());
      read->entries.clear();  // neither read by the index
      read->budgets.clear();
      EXPECT_TRUE(read->exists);
      EXPECT_EQ(handed[0].version, read->version);
      EXPECT_EQ(handed[0].updated_at, read->updated_at);
      EXPECT_EQ(server::PortfolioToJson(handed[0], true).dump(),
                server::PortfolioToJson(*read, true).dump());
    }
  }
}

// Two refreshes of one member racing: the one that read the older portfolio
// must not replace the newer document, whichever finishes last.
TEST_F(IndexFeedTest, AnOlderPortfolioNeverReplacesANewerOne) {
  auto fed = NewFeed();
  ASSERT_TRUE(fed->feed->LoadAll().ok());
  auto older = portfolios_->LoadWithAvailability(*db_->Connect(), 10);
  ASSERT_TRUE(older.ok());
  ASSERT_TRUE(older->discoverable);
  portfolio::Portfolio newer = *older;
  newer.discoverable = false;
  newer.version += 1;
  ASSERT_TRUE(fed->feed->RefreshPerson(10, false, {.active_user = true, .portfolio = &newer}).ok());
  ASSERT_TRUE(
      fed->feed->RefreshPerson(10, false, {.active_user = true, .portfolio = &*older}).ok());
  for (const auto& [guid, score] : Ranking(*fed)) EXPECT_NE(guid, 10u);
  // A later portfolio (a new second) does replace it.
  portfolio::Portfolio later = *older;
  later.updated_at += 5;
  ASSERT_TRUE(fed->feed->RefreshPerson(10, false, {.active_user = true, .portfolio = &later}).ok());
  bool found = false;
  for (const auto& [guid, score] : Ranking(*fed)) found = found || guid == 10u;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace klussen::suggest
