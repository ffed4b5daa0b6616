// The start-up index load from the database next to the engine's own build,
// and what a "suggested candidates" request pays for a closed or hidden group.
//
//   KLUSSEN_TEST_MYSQL_SOCKET=... klussen_bench_index_load [members=100000]
//   [generation=elgg3|elgg1] [--people eval|simple] [--esco DIR] [--esco-import 0|1]
//
// Fills a fresh database on the named private MariaDB with the Elgg schema
// of `generation` (tests/fixtures/models/match.json for the site and groups),
// then `members` users with portfolios, by bulk SQL:
//  - --people eval (the default): the API evaluation's people
//    (tests/eval/esco_synth.h, realistic, seed 7, built from the ESCO data in
//    --esco DIR, default ../shared/data/esco): half pick skills with concept
//    ids, half type them (alternative labels, case, plurals, typos), about
//    11 skills and a few sentences of Dutch or English each, the rows the
//    evaluation's bulk step writes (tests/eval/api_eval.cc BulkPortfolios);
//  - --people simple: the older, lighter people (5 skills out of 40 labels,
//    one short Dutch sentence, hours, and in elgg3 a skills profile value).
// The index's vocabulary is the built-in one, as shipped, or with
// --esco-import 1 the built-in one plus the ESCO import (the evaluation's
// "engine + ESCO import"). Then:
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
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "../eval/esco_synth.h"
#include "common/dates.h"
#include "host/host_reader.h"
#include "match/analyzer.h"
#include "match/esco_import.h"
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

constexpr const char* kProvinces[12] = {
    "Groningen", "Friesland",     "Drenthe",      "Overijssel", "Flevoland",     "Gelderland",
    "Utrecht",   "Noord-Holland", "Zuid-Holland", "Zeeland",    "Noord-Brabant", "Limburg"};
constexpr size_t kLabelMax = 255;  // the API's limit for a skill label

// The API evaluation's people (tests/eval/api_eval.cc MakeWorld and
// BulkPortfolios): the same generator, label styles, hours and rows, by LOAD
// DATA into klussen_portfolio and klussen_portfolio_item.
void FillEvalPortfolios(testing::TestDatabase& db, int members, const synth::Generator& generator,
                        size_t* skill_rows, size_t* about_bytes) {
  const int64_t now = UnixNow();
  auto iso_day = [&](match::Day day) { return FormatIsoDate(now / kSecondsPerDay + 1 + day); };
  auto clean = [](std::string text) {
    for (char& c : text) {
      if (c == '\t' || c == '\n' || c == '\r' || c == '\\') c = ' ';
    }
    return text;
  };
  const std::string portfolios = "/tmp/" + db.name() + "-portfolios.tsv";
  const std::string items = "/tmp/" + db.name() + "-items.tsv";
  {
    std::ofstream pf(portfolios, std::ios::binary);
    std::ofstream it(items, std::ios::binary);
    for (int i = 0; i < members; ++i) {
      const auto style = (static_cast<size_t>(i) * 2654435761u >> 7) % 2 == 0
                             ? synth::LabelStyle::kConceptIds
                             : synth::LabelStyle::kTyped;
      match::Person p = generator.MakePerson(static_cast<uint64_t>(i), style);
      const int64_t guid = kFirstMember + i;
      const bool hours_stated =
          static_cast<int>((static_cast<size_t>(i) * 40503u >> 3) % 100) >= 10;
      const std::string about = clean(synth::Cut(p.about, 1900));
      *about_bytes += about.size();
      pf << guid << '\t' << (p.discoverable ? 1 : 0) << '\t' << about << "\tsite\t"
         << kProvinces[(p.region - 1) % 12] << '\t'
         << (hours_stated ? std::to_string(long(p.hours_available * 10 + 0.5f)) : "\\N") << '\t'
         << iso_day(p.available_from) << '\t' << iso_day(p.available_to) << "\tsite\t" << now
         << '\t' << now << '\n';
      std::set<std::string> sent;
      for (const auto& skill : p.skills) {
        if (skill.skill.label.size() > kLabelMax) continue;
        std::string key = skill.skill.label;
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!sent.insert(key).second) continue;
        it << guid << "\tskill\t" << clean(skill.skill.concept_id) << '\t'
           << clean(skill.skill.label) << '\t' << std::max(0, int(skill.level) - 1)
           << "\tself\tsite\t" << now << '\n';
        ++*skill_rows;
      }
    }
  }
  const std::string sql = "/tmp/" + db.name() + "-bulk.sql";
  std::ofstream(sql)
      << ("LOAD DATA LOCAL INFILE '" + portfolios +
          "' INTO TABLE klussen_portfolio (user_guid, discoverable, about, about_visibility, "
          "region, hours_per_week_tenths, available_from, available_until, "
          "availability_visibility, created_at, updated_at);\n"
          "LOAD DATA LOCAL INFILE '" +
          items +
          "' IGNORE INTO TABLE klussen_portfolio_item (user_guid, kind, concept_id, label, "
          "level, source, visibility, created_at);\n");
  testing::RunCommand("mariadb --no-defaults --protocol=socket --socket='" + db.socket() +
                      "' -u root --batch --local-infile=1 " + db.name() + " < '" + sql + "'");
  std::remove(sql.c_str());
  std::remove(portfolios.c_str());
  std::remove(items.c_str());
}

// Bulk rows with MariaDB's sequence engine: one statement per table.
void Fill(testing::TestDatabase& db, int members, const std::string& generation,
          const synth::Generator* eval_people, size_t* skill_rows, size_t* about_bytes) {
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
  }
  if (generation != "elgg1" && eval_people == nullptr) {
    db.RunSql(
        "INSERT INTO elgg_annotations (entity_guid, name, value, value_type, owner_guid, "
        "access_id, time_created) SELECT seq, 'profile:skills', ELT(1 + seq % 6, 'Python', "
        "'Excel', 'Beleidsadvies', 'Projectleiding', 'Communicatie', 'Juridisch advies'), "
        "'text', seq, 2, " +
        t + " FROM " + seq + ";");
  }
  if (eval_people != nullptr) {
    FillEvalPortfolios(db, members, *eval_people, skill_rows, about_bytes);
  } else {
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
    *skill_rows = static_cast<size_t>(members) * 5;
    *about_bytes = 0;  // not counted
  }
  // A hidden group of 20,000 members (or all when fewer).
  const int hidden = std::min(members, kHiddenMembers);
  db.RunSql(
      "INSERT INTO elgg_entity_relationships (guid_one, relationship, guid_two, "
      "time_created) SELECT seq, 'member', " +
      std::to_string(kHiddenGroup) + ", " + t + " FROM seq_" + std::to_string(kFirstMember) +
      "_to_" + std::to_string(kFirstMember + hidden - 1) + ";");
}

std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace

int main(int argc, char** argv) {
  int members = 100000;
  std::string generation = "elgg3";
  std::string people = "eval";
  std::string esco_dir = std::string(KLUSSEN_SOURCE_DIR) + "/../shared/data/esco";
  bool esco_import = false;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0 && i + 1 < argc) {
      std::string value = argv[++i];
      if (arg == "--people") {
        people = value;
      } else if (arg == "--esco") {
        esco_dir = value;
      } else if (arg == "--esco-import") {
        esco_import = value == "1";
      } else {
        std::fprintf(stderr, "unknown option %s\n", arg.c_str());
        return 2;
      }
    } else if (positional++ == 0) {
      members = std::atoi(arg.c_str());
    } else {
      generation = arg;
    }
  }
  if (people != "eval" && people != "simple") {
    std::fprintf(stderr, "--people eval|simple\n");
    return 2;
  }
  store::InitDriver();
  try {
    std::printf("load average before: %s\n", LoadAverage().c_str());
    // The evaluation's generator (its vocabulary: the ESCO import alone, for
    // the alternative labels typed skills use).
    std::shared_ptr<match::Vocabulary> esco_vocabulary;
    std::unique_ptr<synth::EscoData> esco_data;
    std::unique_ptr<synth::Generator> generator;
    if (people == "eval" || esco_import) {
      esco_vocabulary = std::make_shared<match::Vocabulary>();
      Get(match::ImportEscoDirectory(esco_dir, esco_vocabulary.get()), "ESCO import");
    }
    if (people == "eval") {
      esco_data = std::make_unique<synth::EscoData>(Get(synth::EscoData::Load(esco_dir), "ESCO"));
      generator = std::make_unique<synth::Generator>(*esco_data, 7, esco_vocabulary.get());
    }
    auto db = testing::TestDatabase::Create();
    db->LoadModel("tests/fixtures/models/match.json", generation);
    db->Migrate();
    auto filled_at = Clock::now();
    size_t skill_rows = 0;
    size_t about_bytes = 0;
    Fill(*db, members, generation, generator.get(), &skill_rows, &about_bytes);
    std::printf(
        "filled %d members (%s, people %s) in %.1f s: %.1f skill rows and %.0f about "
        "bytes per member\n",
        members, generation.c_str(), people.c_str(), Seconds(filled_at),
        static_cast<double>(skill_rows) / members, static_cast<double>(about_bytes) / members);

    auto connection = db->Connect();
    auto schema = Get(host::ProbeHostSchema(*connection, "elgg_"), "probe");
    auto host = Get(host::MakeHostReader(schema, host::HostSettings{}), "reader");
    store::Pool pool(db->RootSettings(), store::PoolOptions{});
    portfolio::PortfolioService portfolios(host.get(), &pool, 1, [] { return UnixNow(); });
    // The sidecar's vocabulary (server/app.cc AnalyzerFromConfig): built-in,
    // plus the ESCO import when asked.
    std::shared_ptr<const match::Vocabulary> vocabulary = match::DefaultVocabulary();
    if (esco_import) {
      auto both = std::make_shared<match::Vocabulary>();
      Check(match::AddDefaultConcepts(both.get()), "default concepts");
      Get(match::ImportEscoDirectory(esco_dir, both.get()), "ESCO import");
      vocabulary = both;
    }
    auto analyzer = std::make_shared<match::Analyzer>(vocabulary);
    std::printf("vocabulary: %s (%zu concepts)\n", esco_import ? "built-in + ESCO" : "built-in",
                vocabulary->size());

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
    std::printf("load average after the load and engine runs: %s\n", LoadAverage().c_str());

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
