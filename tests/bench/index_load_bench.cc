// The start-up index load from the database next to the engine's own build,
// and what a "suggested candidates" request pays for a closed or hidden group.
//
//   KLUSSEN_TEST_MYSQL_SOCKET=... klussen_bench_index_load [members=100000]
//   [generation=elgg3|elgg1]
//
// Fills a fresh database on the named private MariaDB with the Elgg schema
// of `generation` (tests/fixtures/models/match.json for the site and groups),
// then `members` users with portfolios (5 skills each, an about text, hours)
// and, in elgg3, a skills profile value each, by bulk SQL. Then:
//  - load: the product's IndexFeed::LoadAll over that database into an empty
//    index (component: no HTTP, the real queries on the real schema);
//  - engine: MatchIndex::UpsertPeople of the same documents in one call
//    (read beforehand, untimed), and the ratio;
//  - members: for a hidden group of 20,000 members, the per-request paging
//    the suggest service did before the group access cache (GroupMembers
//    pages + SiteAdmins into a hash set) against GroupAccessCache::Members
//    from memory and its Refresh() when nothing changed (p50/p99 of 30 runs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/dates.h"
#include "host/host_reader.h"
#include "match/analyzer.h"
#include "match/index.h"
#include "portfolio/availability.h"
#include "portfolio/portfolio_service.h"
#include "store/database.h"
#include "store/portfolio_store.h"
#include "suggest/documents.h"
#include "suggest/group_access_cache.h"
#include "suggest/index_feed.h"
#include "support/test_db.h"

namespace {

using namespace klussen;
using Clock = std::chrono::steady_clock;

constexpr int64_t kFirstMember = 1000;
constexpr int64_t kHiddenGroup = 51;  // closed, access "group" in match.json
constexpr int kHiddenMembers = 20000;

template <typename T>
T Get(Result<T> result, const char* what) {
  if (!result.ok()) throw std::runtime_error(std::string(what) + ": " + result.status().ToString());
  return std::move(result).value();
}
void Check(const Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(std::string(what) + ": " + status.ToString());
}
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}
double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Bulk rows with MariaDB's sequence engine: one statement per table.
void Fill(testing::TestDatabase& db, int members, const std::string& generation) {
  const int64_t now = UnixNow();
  const std::string last = std::to_string(kFirstMember + members - 1);
  const std::string seq = "seq_" + std::to_string(kFirstMember) + "_to_" + last;
  const std::string until = FormatIsoDate(now / kSecondsPerDay + 200);
  const std::string t = std::to_string(now);
  if (generation == "elgg1") {
    db.RunSql(
        "INSERT INTO elgg_entities (guid, type, subtype, owner_guid, site_guid, "
        "container_guid, access_id, time_created, time_updated) SELECT seq, 'user', NULL, "
        "0, 1, 0, 2, " +
        t + ", " + t + " FROM " + seq + ";");
    db.RunSql(
        "INSERT INTO elgg_users_entity (guid, name, username, email) SELECT seq, "
        "CONCAT('Lid ', seq), CONCAT('lid', seq), CONCAT('lid', seq, '@example.org') FROM " +
        seq + ";");
  } else {
    db.RunSql(
        "INSERT INTO elgg_entities (guid, type, subtype, owner_guid, container_guid, "
        "access_id, time_created, time_updated) SELECT seq, 'user', 'user', 0, 0, 2, " +
        t + ", " + t + " FROM " + seq + ";");
    db.RunSql(
        "INSERT INTO elgg_metadata (entity_guid, name, value, value_type, time_created) "
        "SELECT seq, 'name', CONCAT('Lid ', seq), 'text', " +
        t + " FROM " + seq + " UNION ALL SELECT seq, 'username', CONCAT('lid', seq), 'text', " + t +
        " FROM " + seq + ";");
    db.RunSql(
        "INSERT INTO elgg_annotations (entity_guid, name, value, value_type, owner_guid, "
        "access_id, time_created) SELECT seq, 'profile:skills', ELT(1 + seq % 6, 'Python', "
        "'Excel', 'Beleidsadvies', 'Projectleiding', 'Communicatie', 'Juridisch advies'), "
        "'text', seq, 2, " +
        t + " FROM " + seq + ";");
  }
  db.RunSql(
      "INSERT INTO klussen_portfolio (user_guid, discoverable, about, about_visibility, region, "
      "hours_per_week_tenths, available_until, created_at, updated_at) SELECT seq, 1, "
      "CONCAT('Ik werk als beleidsmedewerker en analist bij team ', seq % 97, "
      "'; ervaring met data, wetgeving en projecten.'), 'site', ELT(1 + seq % 5, 'Utrecht', "
      "'Den Haag', 'Amsterdam', 'Groningen', 'Zwolle'), 40 + 10 * (seq % 8), '" +
      until + "', " + t + ", " + t + " FROM " + seq + ";");
  // Five skills each out of 40 labels.
  db.RunSql(
      "INSERT INTO klussen_portfolio_item (user_guid, kind, label, level, visibility, "
      "created_at) SELECT s.seq, 'skill', ELT(1 + (s.seq * 7 + k.seq * 13) % 40, 'Python', "
      "'SQL', 'Excel', 'Beleidsadvies', 'Projectleiding', 'Communicatie', 'Juridisch advies', "
      "'Data-analyse', 'Statistiek', 'Schrijven', 'Redigeren', 'Vertalen', 'Engels', 'Duits', "
      "'Frans', 'Financien', 'Begroting', 'Inkoop', 'Aanbesteden', 'HR-advies', 'Werving', "
      "'Coaching', 'Training geven', 'Presenteren', 'Facilitering', 'UX-onderzoek', "
      "'Ontwerpen', 'Java', 'JavaScript', 'Cloud', 'Security', 'Privacy', 'Archivering', "
      "'Informatiebeheer', 'Onderzoek', 'Evaluatie', 'Stakeholdermanagement', "
      "'Verandermanagement', 'Agile', 'Scrum'), 1 + k.seq % 3, 'site', " +
      t + " FROM " + seq + " s JOIN seq_1_to_5 k;");
  // A hidden group of 20,000 members (or all when fewer).
  const int hidden = std::min(members, kHiddenMembers);
  db.RunSql(
      "INSERT INTO elgg_entity_relationships (guid_one, relationship, guid_two, "
      "time_created) SELECT seq, 'member', " +
      std::to_string(kHiddenGroup) + ", " + t + " FROM seq_" + std::to_string(kFirstMember) +
      "_to_" + std::to_string(kFirstMember + hidden - 1) + ";");
}

}  // namespace

int main(int argc, char** argv) {
  const int members = argc > 1 ? std::atoi(argv[1]) : 100000;
  const std::string generation = argc > 2 ? argv[2] : "elgg3";
  store::InitDriver();
  try {
    auto db = testing::TestDatabase::Create();
    db->LoadModel("tests/fixtures/models/match.json", generation);
    db->Migrate();
    auto filled_at = Clock::now();
    Fill(*db, members, generation);
    std::printf("filled %d members (%s) in %.1f s\n", members, generation.c_str(),
                Seconds(filled_at));

    auto connection = db->Connect();
    auto schema = Get(host::ProbeHostSchema(*connection, "elgg_"), "probe");
    auto host = Get(host::MakeHostReader(schema, host::HostSettings{}), "reader");
    store::Pool pool(db->RootSettings(), store::PoolOptions{});
    portfolio::PortfolioService portfolios(host.get(), &pool, 1, [] { return UnixNow(); });
    auto analyzer = std::make_shared<match::Analyzer>(match::DefaultVocabulary());

    // The product's load.
    match::MatchIndex index(analyzer, match::IndexOptions{});
    suggest::RegionCodes regions;
    suggest::GroupAccessCache access(host.get());
    suggest::IndexFeed feed(
        host.get(), &pool, &portfolios, &index, &regions, [] { return UnixNow(); }, &access);
    auto load_at = Clock::now();
    Check(feed.LoadAll(), "load");
    const double load = Seconds(load_at);
    std::printf("IndexFeed::LoadAll            %8.2f s  (%lld people)\n", load,
                static_cast<long long>(feed.Stats().people_loaded));

    // Where a page of the load goes: each of its reads, for a page from the middle.
    {
      const host::Guid from = kFirstMember + members / 2;
      auto at = Clock::now();
      auto page =
          Get(store::LoadPortfoliosForMatching(*connection, from, suggest::IndexFeed::kPage),
              "portfolios");
      const double portfolios_ms = Seconds(at) * 1000;
      const host::Guid first = page.front().portfolio.user_guid;
      const host::Guid last = page.back().portfolio.user_guid;
      at = Clock::now();
      auto users =
          Get(host->ActiveUserGuids(*connection, first - 1, last,
                                    static_cast<int>(std::min<host::Guid>(last - first + 1, 5000))),
              "users");
      const double users_ms = Seconds(at) * 1000;
      at = Clock::now();
      auto values = Get(host->ProfileValuesBetween(*connection, first, last), "values");
      const double values_ms = Seconds(at) * 1000;
      std::printf(
          "one page of %zu: portfolios %.1f ms, active users %.1f ms (%zu), profile values "
          "%.1f ms (%zu)\n",
          page.size(), portfolios_ms, users_ms, users.size(), values_ms, values.size());
    }

    // The same documents, read beforehand, into the engine in one call.
    std::vector<match::Person> documents;
    const int64_t today = UnixNow() / kSecondsPerDay;
    for (host::Guid after = 0;;) {
      auto page = Get(store::LoadPortfoliosForMatching(*connection, after, 5000), "page");
      if (page.empty()) break;
      auto values = Get(host->ProfileValuesBetween(*connection, page.front().portfolio.user_guid,
                                                   page.back().portfolio.user_guid),
                        "values");
      std::unordered_map<host::Guid, std::vector<host::ProfileValue>> by_owner;
      for (auto& value : values) by_owner[value.owner_guid].push_back(std::move(value));
      for (auto& entry : page) {
        portfolio::DeriveAvailability(&entry.portfolio.availability, entry.commitments, today);
        documents.push_back(
            suggest::PersonDocument(entry.portfolio, by_owner[entry.portfolio.user_guid], regions));
      }
      after = page.back().portfolio.user_guid;
    }
    match::MatchIndex engine(analyzer, match::IndexOptions{});
    auto engine_at = Clock::now();
    engine.UpsertPeople(documents);
    const double engine_seconds = Seconds(engine_at);
    std::printf("MatchIndex::UpsertPeople      %8.2f s  (%zu documents)\n", engine_seconds,
                documents.size());
    std::printf("load / engine                 %8.1fx\n", load / engine_seconds);

    // Members of a hidden group per candidates request: before and after.
    std::vector<double> paged;
    std::vector<double> cached;
    std::vector<double> refresh;
    size_t held = 0;
    for (int run = 0; run < 30; ++run) {
      auto at = Clock::now();
      std::unordered_set<host::Guid> allowed;
      for (host::Guid after = 0;;) {
        auto page = Get(host->GroupMembers(*connection, kHiddenGroup, after, 5000), "members");
        allowed.insert(page.begin(), page.end());
        if (page.size() < 5000) break;
        after = page.back();
      }
      auto admins = Get(host->SiteAdmins(*connection), "admins");
      allowed.insert(admins.begin(), admins.end());
      paged.push_back(Seconds(at) * 1000);

      at = Clock::now();
      auto set = Get(access.Members(*connection, kHiddenGroup), "cached");
      auto site_admins = Get(access.SiteAdmins(*connection), "cached admins");
      held = set ? set->size() : 0;
      cached.push_back(Seconds(at) * 1000);

      at = Clock::now();
      Check(access.Refresh(*connection, {kHiddenGroup}), "refresh");
      refresh.push_back(Seconds(at) * 1000);
      if (allowed.size() < held) throw std::runtime_error("paged fewer members than cached");
    }
    std::printf("hidden group, %zu members, per request:\n", held);
    std::printf("  paged from the host (before)  p50 %8.3f ms  p99 %8.3f ms\n",
                Percentile(paged, 0.5), Percentile(paged, 0.99));
    std::printf("  group access cache (after)    p50 %8.3f ms  p99 %8.3f ms\n",
                Percentile(cached, 0.5), Percentile(cached, 0.99));
    std::printf("  cache refresh per poll (no change) p50 %8.3f ms  p99 %8.3f ms\n",
                Percentile(refresh, 0.5), Percentile(refresh, 0.99));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "index_load bench failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
