// Matching evaluated through the product's real path (issue 16): a private
// MariaDB holding an Elgg site (users, open/closed/hidden groups with their
// members; bulk SQL, since Elgg owns those tables), the real klussen-sidecar
// binary over real HTTP, every member's portfolio written through the API
// signed as that member (PUT /api/v1/portfolio, POST /api/v1/portfolio/items)
// by many client threads, klussen posted by group admins through the API,
// some members applying (involved). Then, for the sidecar as shipped and with
// the ESCO import configured (match_esco_dir), restarted so the index loads
// from the database:
//
//  - suggested candidates (as the poster) and "Klussen voor jou" (as members)
//    read page by page until has_more is false (up to --cap results), every
//    result checked against every hard constraint, violations per constraint;
//  - nDCG@10 and recall@50 against ESCO occupation grades (same occupation 3,
//    ISCO unit group 2, minor group 1; recall counts grade >= 2; only people
//    passing every hard constraint count), as tests/eval/match_eval.cc;
//  - "Klussen voor jou": share of members (who have an eligible fitting klus,
//    grade >= 2) with a fitting klus in their top 10;
//  - latency (one client at a time): candidates p50/p99 per group kind,
//    "Klussen voor jou" p50/p99; the start-up index load.
// MariaDB FULLTEXT over the same people and klussen in the same database with
// the same filters as WHERE clauses (group membership from the Elgg
// relationship table) is printed beside it.
//
// Run: tests/eval/run-api.sh [--members 3000] [--klussen 150] (see Usage()).
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "auth/signed_context.h"
#include "common/dates.h"
#include "esco_synth.h"
#include "match/esco_import.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/process.h"
#include "support/test_db.h"

namespace {

using namespace klussen;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int64_t kSite = 1;
constexpr int64_t kFirstGroup = 100;
constexpr int64_t kFirstMember = 1000;
constexpr const char* kKeyId = "k1";
constexpr const char* kProvinces[12] = {
    "Groningen", "Friesland",     "Drenthe",      "Overijssel", "Flevoland",     "Gelderland",
    "Utrecht",   "Noord-Holland", "Zuid-Holland", "Zeeland",    "Noord-Brabant", "Limburg"};
constexpr size_t kLabelMax = 255;  // the API's limit for a skill label (code points; ASCII here)

struct Args {
  std::string socket;
  std::string esco = std::string(KLUSSEN_SOURCE_DIR) + "/../shared/data/esco";
  size_t members = 3000;
  size_t klussen = 150;
  int writers = 16;
  std::string generation = "elgg3";
  std::string variants = "both";   // plain | esco | both | none (writes only)
  size_t voor_jou_members = 5000;  // at most this many members read "Klussen voor jou"
  size_t cap = 200;                // results read per query (pages of 50)
  int unstated_hours_percent = 10;
  // Members from this number on get their portfolio by bulk SQL into our
  // tables instead of through the API (the 100k run: the API writes would
  // take hours on a 2-core box). Default: every member through the API.
  size_t api_portfolios = SIZE_MAX;
  bool keep_db = false;
  uint64_t seed = 7;
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// ------------------------------------------------------------------ world

enum class GroupKind { kOpen, kClosed, kHidden };
const char* KindName(GroupKind k) {
  return k == GroupKind::kOpen ? "open" : k == GroupKind::kClosed ? "closed" : "hidden";
}

struct Member {
  match::Person p;  // guid = host guid; hours_available < 0: not stated
  uint32_t occupation = 0;
  synth::LabelStyle style = synth::LabelStyle::kTyped;
  bool hours_stated = true;
};

struct Klus {
  match::KlusDoc k;
  uint32_t occupation = 0;
  size_t group = 0;
  std::string audience = "group";
  int64_t poster = 0;
  int64_t id = 0;  // the API's id
  std::vector<int64_t> involved;
};

struct World {
  std::vector<Member> members;
  std::vector<GroupKind> group_kind;
  std::vector<int64_t> group_owner;
  std::vector<std::unordered_set<int64_t>> group_members;
  std::vector<Klus> klussen;
  std::unordered_map<int64_t, size_t> member_at;  // guid -> index
  std::unordered_map<int64_t, size_t> klus_at;    // API id -> index
};

int64_t MemberGuid(size_t i) { return kFirstMember + static_cast<int64_t>(i); }
int64_t GroupGuid(size_t g) { return kFirstGroup + static_cast<int64_t>(g); }

std::string IsoDay(match::Day day) {
  // Generator days count from tomorrow, so every date is in the future.
  return FormatIsoDate(UnixNow() / kSecondsPerDay + 1 + day);
}

bool IsMember(const World& w, int64_t guid, size_t group) {
  return w.group_members[group].count(guid) > 0;
}

// ------------------------------------------------------------ constraints

// What a result may break; the order is the report's.
enum Constraint {
  kUnknown,       // not a member / klus we made, or a duplicate across pages
  kDiscoverable,  // candidates only
  kPoster,
  kInvolved,
  kHoursZero,    // stated 0 hours (not available)
  kHoursTooFew,  // stated fewer hours than needed
  kPeriod,
  kRegion,
  kMaySee,  // may see (candidates) / may see and apply (voor jou)
  kConstraintCount
};
const char* kConstraintNames[kConstraintCount] = {
    "unknown or duplicate", "discoverable", "not the poster", "not involved", "hours 0 = none",
    "hours >= needed",      "period",       "region",         "may see/apply"};

// The first constraint person `m` breaks for klus `k` (kConstraintCount: none).
// `candidates`: the suggested-candidates direction (discoverable counts; a
// group klus of an open group may be seen by anyone); else "Klussen voor
// jou" (the member must be able to apply: a group klus needs membership).
int Check(const World& w, const Member& m, const Klus& k, bool candidates) {
  const match::Person& p = m.p;
  if (candidates && !p.discoverable) return kDiscoverable;
  if (p.guid == static_cast<match::Guid>(k.poster)) return kPoster;
  if (std::find(k.involved.begin(), k.involved.end(), static_cast<int64_t>(p.guid)) !=
      k.involved.end())
    return kInvolved;
  if (m.hours_stated) {
    if (p.hours_available <= 0) return kHoursZero;
    if (p.hours_available < k.k.hours_needed) return kHoursTooFew;
  }
  if (p.available_from > k.k.to || p.available_to < k.k.from) return kPeriod;
  if (!k.k.remote && p.region != k.k.region) return kRegion;
  if (k.audience == "group" && !IsMember(w, static_cast<int64_t>(p.guid), k.group)) {
    if (!candidates || w.group_kind[k.group] != GroupKind::kOpen) return kMaySee;
  }
  return kConstraintCount;
}

int Grade(const synth::Occupation& a, const synth::Occupation& b) {
  if (&a == &b) return 3;
  if (a.isco.substr(0, 4) == b.isco.substr(0, 4)) return 2;
  if (a.isco.substr(0, 3) == b.isco.substr(0, 3)) return 1;
  return 0;
}

// ------------------------------------------------------------------ HTTP

// A keep-alive client signing as the glue does (docs/protocol.md). One per thread.
class Api {
 public:
  Api(int port, std::string secret)
      : client_("127.0.0.1", port),
        secret_(std::move(secret)),
        random_(std::random_device{}() ^ std::hash<std::thread::id>{}(std::this_thread::get_id())) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(120, 0);
    client_.set_write_timeout(30, 0);
  }

  struct Reply {
    int status = 0;
    std::string body;
    json parsed;
    double ms = 0;
  };

  Reply Send(const std::string& method, const std::string& target, int64_t viewer,
             const std::string& body = "") {
    char nonce[33];
    std::snprintf(nonce, sizeof(nonce), "%016llx%016llx",
                  static_cast<unsigned long long>(random_()),
                  static_cast<unsigned long long>(random_()));
    auth::SignedFields fields{
        kKeyId,
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count()),
        nonce,
        std::to_string(viewer),
        "nl",
        std::to_string(kSite)};
    std::string signature =
        auth::SignedContextVerifier::Sign({kKeyId, secret_}, method, target, fields, body);
    httplib::Headers headers = {
        {"X-Klussen-Key-Id", fields.key_id},     {"X-Klussen-Timestamp", fields.timestamp},
        {"X-Klussen-Nonce", fields.nonce},       {"X-Klussen-Viewer", fields.viewer},
        {"X-Klussen-Language", fields.language}, {"X-Klussen-Site", fields.site},
        {"X-Klussen-Signature", signature}};
    auto start = Clock::now();
    httplib::Result r = method == "GET"   ? client_.Get(target, headers)
                        : method == "PUT" ? client_.Put(target, headers, body, "application/json")
                                          : client_.Post(target, headers, body, "application/json");
    Reply reply;
    reply.ms = Seconds(start) * 1000;
    if (!r) {
      reply.status = 0;
      reply.body = "no answer: " + httplib::to_string(r.error());
      return reply;
    }
    reply.status = r->status;
    reply.body = r->body;
    reply.parsed = json::parse(r->body, nullptr, false);
    return reply;
  }

 private:
  httplib::Client client_;
  std::string secret_;
  std::mt19937_64 random_;
};

// Counts answers by status, keeps the first few error bodies.
struct Tally {
  std::mutex mu;
  std::map<int, long> by_status;
  std::vector<std::string> first_errors;
  std::atomic<long> requests{0};
  std::atomic<long> errors{0};
  void Add(int status, int expected, const std::string& what, const std::string& body) {
    ++requests;
    if (status == expected) return;
    ++errors;
    std::lock_guard<std::mutex> lock(mu);
    ++by_status[status];
    if (first_errors.size() < 5)
      first_errors.push_back(what + " -> " + std::to_string(status) + " " + body.substr(0, 300));
  }
  void Print(const char* name, double seconds) {
    std::printf("%-28s %8ld requests in %6.1f s = %7.0f/s, errors %ld", name, requests.load(),
                seconds, requests.load() / std::max(seconds, 1e-9), errors.load());
    for (auto [status, n] : by_status) std::printf(" [%d: %ld]", status, n);
    std::printf("\n");
    for (const auto& e : first_errors) std::printf("    %s\n", e.c_str());
  }
};

// ------------------------------------------------------------------ latency

struct Latencies {
  std::vector<double> ms;
  void Add(double v) { ms.push_back(v); }
  std::string Summary() {
    if (ms.empty()) return "-";
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
      return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
    };
    char text[128];
    std::snprintf(text, sizeof(text), "p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%zu requests)",
                  at(0.5), at(0.99), ms.back(), ms.size());
    return text;
  }
};

// ------------------------------------------------------------------ metrics

struct Quality {
  double ndcg10 = 0;
  double recall50 = 0;
  size_t queries = 0;
  void Add(const std::vector<int>& grades_ranked, std::vector<int> eligible_grades,
           size_t relevant) {
    if (relevant == 0) return;
    std::sort(eligible_grades.rbegin(), eligible_grades.rend());
    double ideal = 0;
    for (size_t i = 0; i < std::min<size_t>(10, eligible_grades.size()); ++i)
      ideal += (std::pow(2.0, eligible_grades[i]) - 1) / std::log2(i + 2.0);
    double dcg = 0;
    size_t found = 0;
    for (size_t i = 0; i < grades_ranked.size() && i < 50; ++i) {
      int g = grades_ranked[i];
      if (i < 10) dcg += (std::pow(2.0, g) - 1) / std::log2(i + 2.0);
      if (g >= 2) ++found;
    }
    ndcg10 += ideal > 0 ? dcg / ideal : 0;
    recall50 += static_cast<double>(found) / static_cast<double>(std::min<size_t>(relevant, 50));
    ++queries;
  }
};

struct VoorJou {
  size_t members_with_fit = 0;  // members with an eligible klus of grade >= 2
  size_t found_in_top10 = 0;
  size_t found_in_top10_strict = 0;  // only klussen the member passes every constraint for
  size_t members_read = 0;
  size_t results = 0;
  size_t full_first_page_possible = 0;  // members with >= 10 eligible klussen
  size_t full_first_page = 0;
};

// ------------------------------------------------------------ the host

void CreateHost(const Args& args, const std::string& database, World* w) {
  json users = json::array();
  for (size_t i = 0; i < w->members.size(); ++i) {
    users.push_back({{"guid", MemberGuid(i)},
                     {"username", "lid" + std::to_string(i)},
                     {"name", "Lid " + std::to_string(i)}});
  }
  json groups = json::array();
  for (size_t g = 0; g < w->group_kind.size(); ++g) {
    std::vector<int64_t> members(w->group_members[g].begin(), w->group_members[g].end());
    std::sort(members.begin(), members.end());
    GroupKind kind = w->group_kind[g];
    groups.push_back(
        {{"guid", GroupGuid(g)},
         {"name", std::string("Werkgroep ") + KindName(kind) + " " + std::to_string(g)},
         {"owner", w->group_owner[g]},
         {"membership", kind == GroupKind::kOpen ? "open" : "closed"},
         {"access", kind == GroupKind::kHidden ? "group" : "public"},
         {"acl_id", 3 + static_cast<int64_t>(g)},
         {"klussen_enable", "yes"},
         {"members", members},
         {"admins", json::array()}});
  }
  json model = {
      {"site", {{"guid", kSite}, {"name", "Pleio Eval"}, {"url", "https://eval.example/"}}},
      {"users", users},
      {"groups", groups}};
  const std::string path = "/tmp/" + database + "-model.json";
  {
    std::ofstream file(path);
    file << model.dump();
  }
  const std::string client = "mariadb --no-defaults --protocol=socket --socket='" + args.socket +
                             "' -u root --batch " + database;
  testing::RunCommand("python3 '" + testing::SourcePath("tests/fixtures/elgg_fixture.py") +
                      "' emit --generation " + args.generation + " '" + path + "' | " + client);
  std::remove(path.c_str());
}

// ------------------------------------------------------------ the sidecar

struct Sidecar {
  std::unique_ptr<testing::SidecarProcess> process;
  int port = 0;
  double ready_s = 0;       // spawn until /readyz says the match index is ready
  long index_load_ms = -1;  // from the "match index loaded" log line
};

std::string Secret() { return testing::kTestSecret; }

Sidecar StartSidecar(const Args& args, const std::string& database, bool esco) {
  testing::Environment env{
      {"KLUSSEN_DB_SOCKET", args.socket}, {"KLUSSEN_DB_NAME", database},
      {"KLUSSEN_DB_USER", "root"},        {"KLUSSEN_LISTEN_PORT", "0"},
      {"KLUSSEN_AUTH_SECRET", Secret()},  {"KLUSSEN_MATCH_POLL_INTERVAL_MS", "500"},
      {"KLUSSEN_LOG_LEVEL", "info"}};
  if (esco) env["KLUSSEN_MATCH_ESCO_DIR"] = args.esco;
  Sidecar s;
  auto start = Clock::now();
  s.process = std::make_unique<testing::SidecarProcess>(std::vector<std::string>{"serve"}, env);
  if (!s.process->WaitForStdout("listening on", std::chrono::seconds(120)))
    throw std::runtime_error("the sidecar did not start: " + s.process->err());
  s.port = s.process->ListeningPort();
  httplib::Client probe("127.0.0.1", s.port);
  for (;;) {
    auto r = probe.Get("/readyz");
    if (r && r->body.find("\"state\":\"ready\"") != std::string::npos) break;
    if (!s.process->running()) throw std::runtime_error("the sidecar exited: " + s.process->err());
    if (Seconds(start) > 1800) throw std::runtime_error("the match index did not load in 30 min");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  s.ready_s = Seconds(start);
  return s;
}

// ------------------------------------------------------------ writing

// CPU seconds (user + system) a process has used so far; -1 when unknown.
double ProcessCpuSeconds(pid_t pid) {
  if (pid <= 0) return -1;
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The database server's process, to count its CPU time per write (same machine only).
pid_t DatabaseServerPid(store::Connection& c) {
  auto rows = c.Query("SELECT @@pid_file", {}, 1);
  if (!rows.ok() || rows->empty() || rows->IsNull(0, 0)) return -1;
  std::ifstream file(rows->Text(0, 0));
  long pid = -1;
  if (!(file >> pid)) return -1;
  return kill(static_cast<pid_t>(pid), 0) == 0 ? static_cast<pid_t>(pid) : -1;
}

// Yields the number of write errors (first attempts not answered 200/201).
long WritePortfolios(const Args& args, int port, pid_t sidecar_pid, pid_t database_pid,
                     const World& w) {
  // CPU time per write of each process: what bounds writes/s when the client,
  // the sidecar and the database share the machine's cores.
  const pid_t self = getpid();
  const double cpu_before[3] = {ProcessCpuSeconds(database_pid), ProcessCpuSeconds(sidecar_pid),
                                ProcessCpuSeconds(self)};
  Tally settings, items;
  std::atomic<size_t> next{0};
  std::atomic<long> skipped_long{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < args.writers; ++t) {
    threads.emplace_back([&] {
      Api api(port, Secret());
      const size_t end = std::min(w.members.size(), args.api_portfolios);
      for (size_t i = next++; i < end; i = next++) {
        const Member& m = w.members[i];
        const match::Person& p = m.p;
        json body = {{"discoverable", p.discoverable},
                     {"about", synth::Cut(p.about, 1900)},
                     {"about_visibility", "site"},
                     {"region", kProvinces[(p.region - 1) % 12]},
                     {"available_from", IsoDay(p.available_from)},
                     {"available_until", IsoDay(p.available_to)},
                     {"availability_visibility", "site"}};
        if (m.hours_stated) body["hours_per_week"] = std::to_string(int(p.hours_available));
        auto r = api.Send("PUT", "/api/v1/portfolio", static_cast<int64_t>(p.guid), body.dump());
        settings.Add(r.status, 200, "PUT portfolio " + std::to_string(p.guid), r.body);
        // A failed write counts as an error above; it is sent again (not
        // counted) so the stored data matches what the evaluation checks.
        for (int retry = 0; r.status != 200 && retry < 5; ++retry)
          r = api.Send("PUT", "/api/v1/portfolio", static_cast<int64_t>(p.guid), body.dump());
        std::set<std::string> sent;  // the API refuses a label twice (409): send each once
        for (const auto& s : p.skills) {
          if (s.skill.label.size() > kLabelMax) {
            ++skipped_long;
            continue;
          }
          std::string key = s.skill.label;
          for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (!sent.insert(key).second) continue;
          json item = {{"kind", "skill"},
                       {"label", s.skill.label},
                       {"level", std::max(0, int(s.level) - 1)},
                       {"visibility", "site"}};
          if (!s.skill.concept_id.empty()) item["concept_id"] = s.skill.concept_id;
          auto a = api.Send("POST", "/api/v1/portfolio/items", static_cast<int64_t>(p.guid),
                            item.dump());
          items.Add(a.status, 201, "POST item " + item.dump(), a.body);
          // 409 is also the answer to a label stored by a failed-looking
          // first attempt, so it ends the retries.
          for (int retry = 0; a.status != 201 && a.status != 409 && retry < 5; ++retry)
            a = api.Send("POST", "/api/v1/portfolio/items", static_cast<int64_t>(p.guid),
                         item.dump());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = Seconds(start);
  std::printf("\nportfolio writes through the API, %d client threads:\n", args.writers);
  settings.Print("PUT /api/v1/portfolio", seconds);
  items.Print("POST /api/v1/portfolio/items", seconds);
  long total = settings.requests + items.requests;
  long errors = settings.errors + items.errors;
  std::printf(
      "%-28s %8ld writes in %6.1f s = %7.0f writes/s, errors %ld; skill labels over %zu "
      "characters not sent: %ld\n",
      "all portfolio writes", total, seconds, total / seconds, errors, kLabelMax,
      skipped_long.load());
  const pid_t pids[3] = {database_pid, sidecar_pid, self};
  double per_write_ms[3];
  bool known = total > 0;
  for (int i = 0; i < 3; ++i) {
    const double after = ProcessCpuSeconds(pids[i]);
    known = known && cpu_before[i] >= 0 && after >= 0;
    per_write_ms[i] = (after - cpu_before[i]) * 1000.0 / static_cast<double>(std::max(total, 1L));
  }
  if (known) {
    const double sum = per_write_ms[0] + per_write_ms[1] + per_write_ms[2];
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf(
        "CPU per write: database %.2f ms, sidecar %.2f ms, this client %.2f ms = %.2f ms; "
        "%u cores carry at most %.0f writes/s\n",
        per_write_ms[0], per_write_ms[1], per_write_ms[2], sum, cores, cores * 1000.0 / sum);
  } else {
    std::printf("CPU per write: unknown (the database server is not on this machine)\n");
  }
  std::fflush(stdout);
  return errors;
}

// Portfolios of members [from, end) by LOAD DATA into klussen_portfolio and
// klussen_portfolio_item, the rows the API would have written (source self).
void BulkPortfolios(const Args& args, const std::string& database, const World& w, size_t from) {
  if (from >= w.members.size()) return;
  auto start = Clock::now();
  const std::string client = "mariadb --no-defaults --protocol=socket --socket='" + args.socket +
                             "' -u root --batch --skip-column-names --local-infile=1 " + database;
  // Unstated hours: NULL once the column allows it, else 0 (the older reading).
  std::string nullable = testing::RunCommand(
      "echo \"SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" +
      database +
      "' AND TABLE_NAME = 'klussen_portfolio' AND COLUMN_NAME = "
      "'hours_per_week_tenths'\" | " +
      client);
  const std::string unstated = nullable.find("YES") != std::string::npos ? "\\N" : "0";
  const std::string portfolios = "/tmp/" + database + "-portfolios.tsv";
  const std::string items = "/tmp/" + database + "-items.tsv";
  const int64_t now = UnixNow();
  size_t item_rows = 0;
  {
    std::ofstream pf(portfolios, std::ios::binary);
    std::ofstream it(items, std::ios::binary);
    auto clean = [](std::string text) {
      for (char& c : text) {
        if (c == '\t' || c == '\n' || c == '\r' || c == '\\') c = ' ';
      }
      return text;
    };
    for (size_t i = from; i < w.members.size(); ++i) {
      const Member& m = w.members[i];
      const match::Person& p = m.p;
      pf << p.guid << '\t' << (p.discoverable ? 1 : 0) << '\t' << clean(synth::Cut(p.about, 1900))
         << "\tsite\t" << kProvinces[(p.region - 1) % 12] << '\t'
         << (m.hours_stated ? std::to_string(long(p.hours_available * 10 + 0.5f)) : unstated)
         << '\t' << IsoDay(p.available_from) << '\t' << IsoDay(p.available_to) << "\tsite\t" << now
         << '\t' << now << '\n';
      std::set<std::string> sent;
      for (const auto& s : p.skills) {
        if (s.skill.label.size() > kLabelMax) continue;
        std::string key = s.skill.label;
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!sent.insert(key).second) continue;
        it << p.guid << "\tskill\t" << clean(s.skill.concept_id) << '\t' << clean(s.skill.label)
           << '\t' << std::max(0, int(s.level) - 1) << "\tself\tsite\t" << now << '\n';
        ++item_rows;
      }
    }
  }
  const std::string path = "/tmp/" + database + "-bulk.sql";
  {
    std::ofstream f(path);
    f << "LOAD DATA LOCAL INFILE '" << portfolios
      << "' INTO TABLE klussen_portfolio (user_guid, discoverable, about, about_visibility, "
         "region, hours_per_week_tenths, available_from, available_until, "
         "availability_visibility, created_at, updated_at);\n"
      << "LOAD DATA LOCAL INFILE '" << items
      << "' IGNORE INTO TABLE klussen_portfolio_item (user_guid, kind, concept_id, label, level, "
         "source, visibility, created_at);\n";
  }
  testing::RunCommand(client + " < '" + path + "'");
  std::remove(path.c_str());
  std::remove(portfolios.c_str());
  std::remove(items.c_str());
  std::printf(
      "portfolios of %zu members (%zu skill rows) by bulk SQL, not through the API: %.1f s\n",
      w.members.size() - from, item_rows, Seconds(start));
  std::fflush(stdout);
}

json SkillList(const std::vector<match::SkillInput>& skills, long* skipped) {
  json out = json::array();
  for (const auto& s : skills) {
    if (s.label.size() > kLabelMax) {
      ++*skipped;
      continue;
    }
    if (s.concept_id.empty())
      out.push_back(s.label);
    else
      out.push_back({{"concept_id", s.concept_id}, {"label", s.label}});
  }
  return out;
}

void PostKlussen(const Args& args, int port, World* w) {
  Tally posts, applies;
  std::atomic<size_t> next{0};
  long skipped = 0;
  std::mutex mu;
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < std::min(args.writers, 4); ++t) {
    threads.emplace_back([&] {
      Api api(port, Secret());
      for (size_t j = next++; j < w->klussen.size(); j = next++) {
        Klus& k = w->klussen[j];
        long skipped_here = 0;
        std::string title = synth::Cut(k.k.text, 140);
        json body = {{"title", title.size() >= 3 ? title : "Klus " + std::to_string(j)},
                     {"description", k.k.text},
                     {"required_skills", SkillList(k.k.required, &skipped_here)},
                     {"desired_skills", SkillList(k.k.desired, &skipped_here)},
                     {"time_mode", "per_week"},
                     {"hours", std::to_string(int(k.k.hours_needed))},
                     {"start_date", IsoDay(k.k.from)},
                     {"end_date", IsoDay(k.k.to)},
                     {"deadline", IsoDay(k.k.from)},
                     {"region", kProvinces[(k.k.region - 1) % 12]},
                     {"remote", k.k.remote},
                     {"people_needed", 1},
                     {"audience", k.audience},
                     {"publish", true}};
        auto r =
            api.Send("POST", "/api/v1/groups/" + std::to_string(GroupGuid(k.group)) + "/klussen",
                     k.poster, body.dump());
        posts.Add(r.status, 201, "POST klus " + std::to_string(j), r.body);
        if (r.status != 201) continue;
        k.id = r.parsed.value("id", int64_t{0});
        std::vector<int64_t> applied;
        for (int64_t who : k.involved) {
          const std::string target = "/api/v1/klussen/" + std::to_string(k.id) + "/apply";
          const std::string motivation = json{{"motivation", "Graag!"}}.dump();
          auto a = api.Send("POST", target, who, motivation);
          applies.Add(a.status, 201, "apply " + std::to_string(who), a.body);
          for (int retry = 0; a.status != 201 && retry < 5; ++retry)
            a = api.Send("POST", target, who, motivation);
          // Only who really applied is involved (a retry of a stored one answers 409).
          if (a.status == 201 || a.body.find("Deadlock") == std::string::npos)
            applied.push_back(who);
        }
        k.involved = applied;
        std::lock_guard<std::mutex> lock(mu);
        skipped += skipped_here;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (size_t j = 0; j < w->klussen.size(); ++j) {
    if (w->klussen[j].id > 0) w->klus_at[w->klussen[j].id] = j;
  }
  double seconds = Seconds(start);
  std::printf(
      "\nklussen posted by group owners through the API (skill labels over %zu characters "
      "left out: %ld):\n",
      kLabelMax, skipped);
  posts.Print("POST /groups/{g}/klussen", seconds);
  applies.Print("POST /klussen/{id}/apply", seconds);
  std::fflush(stdout);
}

// ------------------------------------------------------------ FULLTEXT peer

// Flat tables of the same people and klussen (labels as written to the API,
// about text) in the sidecar's database, FULLTEXT-indexed, queried in natural
// language mode with the hard constraints as WHERE clauses; group membership
// from the host's relationship table. What a plain SQL implementation would do.
class FulltextPeer {
 public:
  FulltextPeer(const Args& args, const std::string& database) : args_(args), database_(database) {}

  void Load(const World& w) {
    Sql("DROP TABLE IF EXISTS eval_ft_people, eval_ft_klussen, eval_ft_involved;"
        "CREATE TABLE eval_ft_people (id BIGINT NOT NULL PRIMARY KEY, discoverable TINYINT NOT "
        "NULL, hours_tenths INT NULL, avail_from INT NOT NULL, avail_to INT NOT NULL, region "
        "SMALLINT NOT NULL, skills TEXT NOT NULL, about TEXT NOT NULL) ENGINE=InnoDB;"
        "CREATE TABLE eval_ft_klussen (id BIGINT NOT NULL PRIMARY KEY, group_guid BIGINT NOT NULL, "
        "audience_group TINYINT NOT NULL, open_group TINYINT NOT NULL, poster BIGINT NOT NULL, "
        "hours_tenths INT NOT NULL, k_from INT NOT NULL, k_to INT NOT NULL, remote TINYINT NOT "
        "NULL, region SMALLINT NOT NULL, text TEXT NOT NULL) ENGINE=InnoDB;"
        "CREATE TABLE eval_ft_involved (klus_id BIGINT NOT NULL, user_guid BIGINT NOT NULL, "
        "PRIMARY KEY (klus_id, user_guid)) ENGINE=InnoDB;");
    const std::string people = "/tmp/" + database_ + "-people.tsv";
    const std::string klussen = "/tmp/" + database_ + "-klussen.tsv";
    const std::string involved = "/tmp/" + database_ + "-involved.tsv";
    {
      std::ofstream f(people, std::ios::binary);
      for (const Member& m : w.members) {
        const match::Person& p = m.p;
        f << p.guid << '\t' << (p.discoverable ? 1 : 0) << '\t'
          << (m.hours_stated ? std::to_string(long(p.hours_available * 10 + 0.5f)) : "\\N") << '\t'
          << p.available_from << '\t' << p.available_to << '\t' << p.region << '\t'
          << Clean(LabelsSent(p)) << '\t' << Clean(p.about) << '\n';
      }
      std::ofstream k(klussen, std::ios::binary);
      std::ofstream inv(involved, std::ios::binary);
      for (const Klus& x : w.klussen) {
        if (x.id == 0) continue;
        k << x.id << '\t' << GroupGuid(x.group) << '\t' << (x.audience == "group" ? 1 : 0) << '\t'
          << (w.group_kind[x.group] == GroupKind::kOpen ? 1 : 0) << '\t' << x.poster << '\t'
          << long(x.k.hours_needed * 10 + 0.5f) << '\t' << x.k.from << '\t' << x.k.to << '\t'
          << (x.k.remote ? 1 : 0) << '\t' << x.k.region << '\t'
          << Clean(synth::Generator::QueryText(x.k)) << '\n';
        for (int64_t g : x.involved) inv << x.id << '\t' << g << '\n';
      }
    }
    auto start = Clock::now();
    Sql("LOAD DATA LOCAL INFILE '" + people + "' INTO TABLE eval_ft_people;" +
        "LOAD DATA LOCAL INFILE '" + klussen + "' INTO TABLE eval_ft_klussen;" +
        "LOAD DATA LOCAL INFILE '" + involved + "' INTO TABLE eval_ft_involved;" +
        "ALTER TABLE eval_ft_people ADD FULLTEXT KEY ft (skills, about);" +
        "ALTER TABLE eval_ft_klussen ADD FULLTEXT KEY ft (text);");
    std::remove(people.c_str());
    std::remove(klussen.c_str());
    std::remove(involved.c_str());
    load_s_ = Seconds(start);
    store::ConnectionSettings settings;
    settings.socket = args_.socket;
    settings.user = "root";
    settings.database = database_;
    settings.read_timeout_ms = 600000;
    auto c = store::Connection::Open(settings);
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    connection_ = std::move(c).value();
  }
  double load_s() const { return load_s_; }

  std::vector<int64_t> Candidates(const World& w, const Klus& x, size_t limit) {
    std::string text = synth::Generator::QueryText(x.k);
    std::string sql =
        "SELECT id, MATCH(skills, about) AGAINST (? IN NATURAL LANGUAGE MODE) AS score "
        "FROM eval_ft_people p WHERE MATCH(skills, about) AGAINST (? IN NATURAL LANGUAGE MODE) "
        "AND discoverable = 1 AND (hours_tenths IS NULL OR hours_tenths >= ?) "
        "AND avail_from <= ? AND avail_to >= ? AND (? = 1 OR region = ?) AND id <> ? "
        "AND NOT EXISTS (SELECT 1 FROM eval_ft_involved i WHERE i.klus_id = ? AND i.user_guid = "
        "p.id) AND (? = 0 OR EXISTS (SELECT 1 FROM elgg_entity_relationships r WHERE r.guid_one "
        "= p.id AND r.relationship = 'member' AND r.guid_two = ?)) "
        "ORDER BY score DESC, id LIMIT " +
        std::to_string(limit);
    bool needs_member = x.audience == "group" && w.group_kind[x.group] != GroupKind::kOpen;
    std::vector<store::SqlParam> params = {text,
                                           text,
                                           int64_t(x.k.hours_needed * 10 + 0.5f),
                                           int64_t(x.k.to),
                                           int64_t(x.k.from),
                                           int64_t(x.k.remote ? 1 : 0),
                                           int64_t(x.k.region),
                                           x.poster,
                                           x.id,
                                           int64_t(needs_member ? 1 : 0),
                                           GroupGuid(x.group)};
    return Ids(sql, params, limit);
  }

  std::vector<int64_t> VoorJou(const Member& m, size_t limit) {
    const match::Person& p = m.p;
    std::string text = LabelsSent(p) + ", " + p.about;
    std::string sql =
        "SELECT id, MATCH(text) AGAINST (? IN NATURAL LANGUAGE MODE) AS score FROM "
        "eval_ft_klussen k WHERE MATCH(text) AGAINST (? IN NATURAL LANGUAGE MODE) "
        "AND poster <> ? AND (? = 0 OR hours_tenths <= ?) AND k_from <= ? AND k_to >= ? "
        "AND (remote = 1 OR region = ?) "
        "AND NOT EXISTS (SELECT 1 FROM eval_ft_involved i WHERE i.klus_id = k.id AND "
        "i.user_guid = ?) AND (audience_group = 0 OR EXISTS (SELECT 1 FROM "
        "elgg_entity_relationships r WHERE r.guid_one = ? AND r.relationship = 'member' AND "
        "r.guid_two = k.group_guid)) ORDER BY score DESC, id LIMIT " +
        std::to_string(limit);
    std::vector<store::SqlParam> params = {text,
                                           text,
                                           int64_t(p.guid),
                                           int64_t(m.hours_stated ? 1 : 0),
                                           int64_t(p.hours_available * 10 + 0.5f),
                                           int64_t(p.available_to),
                                           int64_t(p.available_from),
                                           int64_t(p.region),
                                           int64_t(p.guid),
                                           int64_t(p.guid)};
    return Ids(sql, params, limit);
  }

  static std::string LabelsSent(const match::Person& p) {
    std::string out;
    for (const auto& s : p.skills) {
      if (s.skill.label.size() > kLabelMax) continue;
      if (!out.empty()) out += ", ";
      out += s.skill.label;
    }
    return out;
  }

 private:
  std::vector<int64_t> Ids(const std::string& sql, const std::vector<store::SqlParam>& params,
                           size_t limit) {
    auto rows = connection_->Query(sql, params, limit);
    if (!rows.ok()) throw std::runtime_error("FULLTEXT: " + rows.status().ToString());
    std::vector<int64_t> out;
    for (size_t r = 0; r < rows->size(); ++r) out.push_back(rows->Int(r, 0));
    return out;
  }
  static std::string Clean(const std::string& text) {
    std::string out = text;
    for (char& c : out) {
      if (c == '\t' || c == '\n' || c == '\r' || c == '\\') c = ' ';
    }
    return out;
  }
  void Sql(const std::string& sql) {
    const std::string path = "/tmp/" + database_ + "-peer.sql";
    {
      std::ofstream f(path);
      f << sql << "\n";
    }
    testing::RunCommand("mariadb --no-defaults --protocol=socket --socket='" + args_.socket +
                        "' -u root --local-infile=1 " + database_ + " < '" + path + "'");
    std::remove(path.c_str());
  }

  const Args& args_;
  std::string database_;
  double load_s_ = 0;
  std::unique_ptr<store::Connection> connection_;
};

// ------------------------------------------------------------ reading

struct Violations {
  long counts[kConstraintCount] = {};
  long unknown_hours_shown = 0;  // stated nothing: allowed (unknown), counted for the report
  long checked = 0;
  std::vector<std::string> examples;  // the first two of each constraint
  void Add(int c, const std::string& example) {
    if (++counts[c] <= 2) examples.push_back(std::string(kConstraintNames[c]) + ": " + example);
  }
  long total() const {
    long t = 0;
    for (long c : counts) t += c;
    return t;
  }
  void Print(const char* name) const {
    std::printf("%-34s checked %7ld results, violations %ld:", name, checked, total());
    for (int c = 0; c < kConstraintCount; ++c)
      std::printf(" %s %ld;", kConstraintNames[c], counts[c]);
    std::printf(" (hours not stated, shown as unknown: %ld)\n", unknown_hours_shown);
    for (const auto& e : examples) std::printf("    %s\n", e.c_str());
  }
};

struct VariantResult {
  std::string name;
  Sidecar sidecar;
  Quality candidates;
  Quality candidates_strict;  // results that break a hard constraint graded 0
  VoorJou voor_jou;
  Violations candidate_violations;
  Violations voor_jou_violations;
  std::map<std::string, Latencies> candidate_latency;  // by group kind / audience
  Latencies voor_jou_latency;
  long page_errors = 0;
  double read_s = 0;
};

std::string Bucket(const World& w, const Klus& k) {
  if (k.audience != "group") return k.audience + " audience";
  return std::string(KindName(w.group_kind[k.group])) + " group";
}

// The people a klus's grades are computed over: eligible, grade > 0.
void EligibleGrades(const World& w, const synth::EscoData& data, const Klus& k,
                    std::vector<int>* grades, size_t* relevant) {
  const auto& target = data.occupations[k.occupation];
  for (const Member& m : w.members) {
    if (Check(w, m, k, true) != kConstraintCount) continue;
    int g = Grade(data.occupations[m.occupation], target);
    if (g > 0) grades->push_back(g);
    if (g >= 2) ++*relevant;
  }
}

void ReadVariant(const Args& args, const synth::EscoData& data, const World& w,
                 const std::vector<size_t>& voor_jou_sample, VariantResult* out) {
  Api api(out->sidecar.port, Secret());
  auto start = Clock::now();
  for (const Klus& k : w.klussen) {
    if (k.id == 0) continue;
    std::vector<int64_t> ranked;
    std::unordered_set<int64_t> seen;
    std::string bucket = Bucket(w, k);
    for (size_t offset = 0; offset < args.cap; offset += 50) {
      auto r = api.Send("GET",
                        "/api/v1/klussen/" + std::to_string(k.id) +
                            "/candidates?offset=" + std::to_string(offset) + "&limit=50",
                        k.poster);
      out->candidate_latency[bucket].Add(r.ms);
      if (r.status != 200 || !r.parsed.is_object()) {
        if (out->page_errors++ < 3)
          std::printf("    candidates klus %lld: %d %s\n", (long long)k.id, r.status,
                      r.body.substr(0, 200).c_str());
        break;
      }
      for (const auto& item : r.parsed["items"]) {
        int64_t guid = item.value("user_guid", int64_t{0});
        ++out->candidate_violations.checked;
        auto at = w.member_at.find(guid);
        if (at == w.member_at.end() || !seen.insert(guid).second) {
          out->candidate_violations.Add(
              kUnknown, "klus " + std::to_string(k.id) + " person " + std::to_string(guid));
          continue;
        }
        const Member& m = w.members[at->second];
        int c = Check(w, m, k, true);
        if (c != kConstraintCount) {
          out->candidate_violations.Add(c, "klus " + std::to_string(k.id) + " (" + bucket +
                                               ") person " + std::to_string(guid) + " why " +
                                               item["why"].dump().substr(0, 200));
        }
        if (!m.hours_stated) ++out->candidate_violations.unknown_hours_shown;
        ranked.push_back(guid);
      }
      if (!r.parsed.value("has_more", false)) break;
    }
    std::vector<int> grades;
    size_t relevant = 0;
    EligibleGrades(w, data, k, &grades, &relevant);
    std::vector<int> ranked_grades;
    std::vector<int> strict_grades;  // a result breaking a hard constraint is worth nothing
    for (int64_t g : ranked) {
      auto at = w.member_at.find(g);
      int grade = at == w.member_at.end()
                      ? 0
                      : Grade(data.occupations[w.members[at->second].occupation],
                              data.occupations[k.occupation]);
      ranked_grades.push_back(grade);
      bool ok =
          at != w.member_at.end() && Check(w, w.members[at->second], k, true) == kConstraintCount;
      strict_grades.push_back(ok ? grade : 0);
    }
    out->candidates.Add(ranked_grades, grades, relevant);
    out->candidates_strict.Add(strict_grades, grades, relevant);
  }
  for (size_t i : voor_jou_sample) {
    const Member& m = w.members[i];
    std::vector<int64_t> ranked;
    std::unordered_set<int64_t> seen;
    for (size_t offset = 0; offset < args.cap; offset += 50) {
      auto r =
          api.Send("GET", "/api/v1/matches/klussen?offset=" + std::to_string(offset) + "&limit=50",
                   static_cast<int64_t>(m.p.guid));
      out->voor_jou_latency.Add(r.ms);
      if (r.status != 200 || !r.parsed.is_object()) {
        if (out->page_errors++ < 3)
          std::printf("    voor jou %llu: %d %s\n", (unsigned long long)m.p.guid, r.status,
                      r.body.substr(0, 200).c_str());
        break;
      }
      for (const auto& item : r.parsed["items"]) {
        int64_t id = item["klus"].value("id", int64_t{0});
        ++out->voor_jou_violations.checked;
        auto at = w.klus_at.find(id);
        if (at == w.klus_at.end() || !seen.insert(id).second) {
          out->voor_jou_violations.Add(
              kUnknown, "member " + std::to_string(m.p.guid) + " klus " + std::to_string(id));
          continue;
        }
        const Klus& k = w.klussen[at->second];
        int c = Check(w, m, k, false);
        if (c != kConstraintCount) {
          out->voor_jou_violations.Add(c, "member " + std::to_string(m.p.guid) + " klus " +
                                              std::to_string(id) + " (" + Bucket(w, k) + ") why " +
                                              item["why"].dump().substr(0, 160));
        }
        if (!m.hours_stated) ++out->voor_jou_violations.unknown_hours_shown;
        ranked.push_back(id);
      }
      if (!r.parsed.value("has_more", false)) break;
    }
    VoorJou& v = out->voor_jou;
    ++v.members_read;
    v.results += ranked.size();
    size_t eligible = 0;
    bool has_fit = false;
    for (const Klus& k : w.klussen) {
      if (k.id == 0 || Check(w, m, k, false) != kConstraintCount) continue;
      ++eligible;
      if (Grade(data.occupations[m.occupation], data.occupations[k.occupation]) >= 2)
        has_fit = true;
    }
    if (eligible >= 10) {
      ++v.full_first_page_possible;
      if (ranked.size() >= 10) ++v.full_first_page;
    }
    if (has_fit) {
      ++v.members_with_fit;
      bool found = false, found_strict = false;
      for (size_t r = 0; r < ranked.size() && r < 10; ++r) {
        const Klus& k = w.klussen[w.klus_at.at(ranked[r])];
        if (Grade(data.occupations[m.occupation], data.occupations[k.occupation]) >= 2) {
          found = true;
          if (Check(w, m, k, false) == kConstraintCount) found_strict = true;
        }
      }
      v.found_in_top10 += found ? 1 : 0;
      v.found_in_top10_strict += found_strict ? 1 : 0;
    }
  }
  out->read_s = Seconds(start);
}

struct PeerResult {
  Quality candidates;
  VoorJou voor_jou;
  Latencies candidate_latency;
  Latencies voor_jou_latency;
};

PeerResult ReadPeer(const synth::EscoData& data, const World& w,
                    const std::vector<size_t>& voor_jou_sample, FulltextPeer& peer) {
  PeerResult out;
  for (const Klus& k : w.klussen) {
    if (k.id == 0) continue;
    auto start = Clock::now();
    std::vector<int64_t> ranked = peer.Candidates(w, k, 50);
    out.candidate_latency.Add(Seconds(start) * 1000);
    std::vector<int> grades;
    size_t relevant = 0;
    EligibleGrades(w, data, k, &grades, &relevant);
    std::vector<int> ranked_grades;
    for (int64_t g : ranked) {
      const Member& m = w.members[w.member_at.at(g)];
      ranked_grades.push_back(
          Grade(data.occupations[m.occupation], data.occupations[k.occupation]));
    }
    out.candidates.Add(ranked_grades, grades, relevant);
  }
  for (size_t i : voor_jou_sample) {
    const Member& m = w.members[i];
    auto start = Clock::now();
    std::vector<int64_t> ranked = peer.VoorJou(m, 10);
    out.voor_jou_latency.Add(Seconds(start) * 1000);
    VoorJou& v = out.voor_jou;
    ++v.members_read;
    v.results += ranked.size();
    bool has_fit = false;
    for (const Klus& k : w.klussen) {
      if (k.id == 0 || Check(w, m, k, false) != kConstraintCount) continue;
      if (Grade(data.occupations[m.occupation], data.occupations[k.occupation]) >= 2)
        has_fit = true;
    }
    if (!has_fit) continue;
    ++v.members_with_fit;
    for (int64_t id : ranked) {
      const Klus& k = w.klussen[w.klus_at.at(id)];
      if (Grade(data.occupations[m.occupation], data.occupations[k.occupation]) >= 2) {
        ++v.found_in_top10;
        break;
      }
    }
  }
  return out;
}

// ------------------------------------------------------------ main

void Usage() {
  std::fprintf(
      stderr,
      "usage: klussen_eval_api --socket S [--members 3000] [--klussen 150] [--writers 16]\n"
      "       [--esco DIR] [--variants plain|esco|both|none] [--generation elgg3|elgg1]\n"
      "       [--voor-jou-members 5000] [--cap 200] [--unstated-hours-percent 10]\n"
      "       [--seed 7] [--keep-db 1] [--api-portfolios N: the rest by bulk SQL]\n");
}

World MakeWorld(const Args& args, const synth::EscoData& data,
                const match::Vocabulary* vocabulary) {
  World w;
  synth::Generator generator(data, args.seed, vocabulary);
  std::mt19937_64 rng(args.seed * 31 + 5);
  w.members.resize(args.members);
  for (size_t i = 0; i < args.members; ++i) {
    Member& m = w.members[i];
    // Half pick skills from the autocomplete (concept ids), half type them.
    m.style = (i * 2654435761u >> 7) % 2 == 0 ? synth::LabelStyle::kConceptIds
                                              : synth::LabelStyle::kTyped;
    synth::PersonTruth truth;
    m.p = generator.MakePerson(i, m.style, &truth);
    m.occupation = truth.occupation;
    m.p.guid = static_cast<match::Guid>(MemberGuid(i));
    m.hours_stated = static_cast<int>((i * 40503u >> 3) % 100) >= args.unstated_hours_percent;
    w.member_at[MemberGuid(i)] = i;
  }
  // Groups: a third each open, closed (visible) and hidden; about one per 5
  // klussen, at least 9. Every member joins 1-3 groups; each group's owner is
  // a member (and posts its klussen).
  size_t groups = std::max<size_t>(9, args.klussen / 5);
  w.group_kind.resize(groups);
  w.group_members.resize(groups);
  w.group_owner.resize(groups);
  for (size_t g = 0; g < groups; ++g) {
    w.group_kind[g] = static_cast<GroupKind>(g % 3);
    w.group_owner[g] = MemberGuid((g * 7919) % args.members);
    w.group_members[g].insert(w.group_owner[g]);
  }
  for (size_t i = 0; i < args.members; ++i) {
    int joins = 1 + static_cast<int>(rng() % 3);
    for (int n = 0; n < joins; ++n) w.group_members[rng() % groups].insert(MemberGuid(i));
  }
  w.klussen.resize(args.klussen);
  for (size_t j = 0; j < args.klussen; ++j) {
    Klus& k = w.klussen[j];
    auto style = j % 2 == 0 ? synth::LabelStyle::kConceptIds : synth::LabelStyle::kTyped;
    k.k = generator.MakeKlus(j, style, &k.occupation);
    k.group = j % groups;
    k.poster = w.group_owner[k.group];
    int a = static_cast<int>(rng() % 10);
    k.audience = a < 8 ? "group" : a == 8 ? "site" : "platform";
    // Two members who may apply do so (so "not involved" is tested).
    for (int tries = 0; k.involved.size() < 2 && tries < 1000; ++tries) {
      int64_t who = MemberGuid(rng() % args.members);
      if (who == k.poster || std::count(k.involved.begin(), k.involved.end(), who)) continue;
      if (k.audience == "group" && !IsMember(w, who, k.group)) continue;
      k.involved.push_back(who);
    }
  }
  return w;
}

int Run(const Args& args) {
  auto total_start = Clock::now();
  store::InitDriver();
  auto vocabulary = std::make_shared<match::Vocabulary>();
  if (auto r = match::ImportEscoDirectory(args.esco, vocabulary.get()); !r.ok())
    throw std::runtime_error(r.status().ToString());
  auto data = synth::EscoData::Load(args.esco);
  if (!data.ok()) throw std::runtime_error(data.status().ToString());
  World w = MakeWorld(args, *data, vocabulary.get());
  size_t closed = 0, hidden = 0;
  for (auto k : w.group_kind) {
    if (k == GroupKind::kClosed) ++closed;
    if (k == GroupKind::kHidden) ++hidden;
  }
  size_t memberships = 0;
  for (const auto& g : w.group_members) memberships += g.size();
  std::printf(
      "Evaluation through the API: %zu members, %zu klussen, %zu groups (%zu closed, %zu hidden), "
      "%zu memberships, host schema %s\nESCO occupations %zu; grades: same occupation 3, ISCO unit "
      "group 2, minor group 1; %d%% of members state no hours; %zu cores\n",
      w.members.size(), w.klussen.size(), w.group_kind.size(), closed, hidden, memberships,
      args.generation.c_str(), data->occupations.size(), args.unstated_hours_percent,
      static_cast<size_t>(std::thread::hardware_concurrency()));
  std::fflush(stdout);

  const std::string database = "kl_api_eval_" + std::to_string(getpid()) + "_" +
                               std::to_string(std::random_device{}() % 10000);
  testing::RunCommand("echo 'CREATE DATABASE `" + database +
                      "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci' | mariadb "
                      "--no-defaults --protocol=socket --socket='" +
                      args.socket + "' -u root");
  struct Drop {
    const Args& args;
    std::string database;
    ~Drop() {
      if (args.keep_db) {
        std::printf("kept database %s\n", database.c_str());
        return;
      }
      try {
        testing::RunCommand("echo 'DROP DATABASE IF EXISTS `" + database +
                            "`' | mariadb --no-defaults --protocol=socket --socket='" +
                            args.socket + "' -u root");
      } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: %s\n", e.what());
      }
    }
  } drop{args, database};

  auto step = Clock::now();
  CreateHost(args, database, &w);
  pid_t database_pid = -1;
  {
    store::ConnectionSettings settings;
    settings.socket = args.socket;
    settings.user = "root";
    settings.database = database;
    auto c = store::Connection::Open(settings);
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    auto applied = store::ApplyMigrations(**c, store::EmbeddedMigrations());
    if (!applied.ok()) throw std::runtime_error(applied.status().ToString());
    database_pid = DatabaseServerPid(**c);
  }
  std::printf("host tables (Elgg fixture, bulk SQL) and migrations: %.1f s\n", Seconds(step));
  std::fflush(stdout);

  // Writes go through the sidecar as shipped (no ESCO import).
  long write_errors = 0;
  {
    Sidecar writer = StartSidecar(args, database, false);
    write_errors =
        WritePortfolios(args, writer.port, writer.process->pid(), database_pid, w);
    if (write_errors > 0) {  // the sidecar's own account of what went wrong
      std::istringstream log(writer.process->err());
      int shown = 0;
      for (std::string line; std::getline(log, line) && shown < 20;) {
        if (line.find(" warn ") == std::string::npos && line.find(" error ") == std::string::npos)
          continue;
        std::printf("  sidecar: %s\n", line.substr(0, 400).c_str());
        ++shown;
      }
    }
    BulkPortfolios(args, database, w, std::min(w.members.size(), args.api_portfolios));
    PostKlussen(args, writer.port, &w);
    writer.process->Stop(SIGTERM);
  }
  if (args.variants == "none") {  // the write benchmark alone
    std::printf("writes only (--variants none): %.1f s in all\n", Seconds(total_start));
    return write_errors == 0 ? 0 : 4;
  }

  std::vector<size_t> sample;
  for (size_t i = 0; i < w.members.size(); ++i) sample.push_back(i);
  if (sample.size() > args.voor_jou_members) {
    std::mt19937_64 rng(args.seed + 99);
    std::shuffle(sample.begin(), sample.end(), rng);
    sample.resize(args.voor_jou_members);
    std::sort(sample.begin(), sample.end());
  }

  step = Clock::now();
  FulltextPeer peer(args, database);
  peer.Load(w);
  std::printf("FULLTEXT peer tables loaded and indexed: %.1f s\n", peer.load_s());
  std::fflush(stdout);

  std::vector<VariantResult> results;
  for (bool esco : {false, true}) {
    if (args.variants == "plain" && esco) continue;
    if (args.variants == "esco" && !esco) continue;
    VariantResult v;
    v.name = esco ? "engine + ESCO import" : "engine as shipped";
    v.sidecar = StartSidecar(args, database, esco);
    std::string err = v.sidecar.process->err();
    std::smatch match;
    if (std::regex_search(err, match, std::regex("match index loaded\".*ms=\"([0-9]+)\"")))
      v.sidecar.index_load_ms = std::stol(match[1]);
    std::printf(
        "\n[%s] sidecar restarted: /readyz ready (index loaded) after %.2f s; the "
        "index's own load %ld ms\n",
        v.name.c_str(), v.sidecar.ready_s, v.sidecar.index_load_ms);
    std::fflush(stdout);
    ReadVariant(args, *data, w, sample, &v);
    std::printf("[%s] read every page in %.1f s\n", v.name.c_str(), v.read_s);
    std::fflush(stdout);
    v.sidecar.process->Stop(SIGTERM);
    results.push_back(std::move(v));
  }
  PeerResult ft = ReadPeer(*data, w, sample, peer);

  std::printf("\n== hard constraints, every page (up to %zu results per query)\n", args.cap);
  for (auto& v : results) {
    v.candidate_violations.Print((v.name + ": candidates").c_str());
    v.voor_jou_violations.Print((v.name + ": voor jou").c_str());
    if (v.page_errors) std::printf("    pages that failed: %ld\n", v.page_errors);
  }
  std::printf("\n== quality (ESCO occupation grades)\n");
  std::printf("%-34s %8s %10s %8s | %-26s %10s\n", "system", "nDCG@10", "recall@50", "klussen",
              "voor jou: fit in top 10", "results/member");
  auto row = [](const std::string& name, const Quality& q, const VoorJou& vj) {
    std::printf("%-34s %8.3f %10.3f %8zu | %5.1f%% of %6zu members  %10.1f\n", name.c_str(),
                q.queries ? q.ndcg10 / q.queries : 0, q.queries ? q.recall50 / q.queries : 0,
                q.queries,
                vj.members_with_fit ? 100.0 * vj.found_in_top10 / vj.members_with_fit : 0,
                vj.members_with_fit, vj.members_read ? double(vj.results) / vj.members_read : 0);
  };
  for (auto& v : results) row(v.name, v.candidates, v.voor_jou);
  row("MariaDB FULLTEXT, same filters", ft.candidates, ft.voor_jou);
  for (auto& v : results) {
    const Quality& q = v.candidates_strict;
    if (q.queries == 0) continue;
    const VoorJou& vj = v.voor_jou;
    std::printf(
        "%s, results breaking a constraint graded 0: nDCG@10 %.3f, recall@50 %.3f, voor "
        "jou fit in top 10 %.1f%%\n",
        v.name.c_str(), q.ndcg10 / q.queries, q.recall50 / q.queries,
        vj.members_with_fit ? 100.0 * vj.found_in_top10_strict / vj.members_with_fit : 0);
  }
  for (auto& v : results) {
    std::printf(
        "%s: a full first page (10) of voor jou for %zu of %zu members with >= 10 "
        "eligible klussen\n",
        v.name.c_str(), v.voor_jou.full_first_page, v.voor_jou.full_first_page_possible);
  }
  std::printf("\n== latency through the API (one client, sequential; pages of 50)\n");
  for (auto& v : results) {
    std::printf("[%s] start-up: ready after %.2f s, index load %ld ms\n", v.name.c_str(),
                v.sidecar.ready_s, v.sidecar.index_load_ms);
    for (auto& [bucket, lat] : v.candidate_latency)
      std::printf("  candidates, %-18s %s\n", bucket.c_str(), lat.Summary().c_str());
    std::printf("  %-30s %s\n", "Klussen voor jou", v.voor_jou_latency.Summary().c_str());
  }
  std::printf("[MariaDB FULLTEXT] candidates (top 50)  %s\n",
              ft.candidate_latency.Summary().c_str());
  std::printf("[MariaDB FULLTEXT] voor jou (top 10)    %s\n",
              ft.voor_jou_latency.Summary().c_str());
  std::printf("\ntotal %.1f s\n", Seconds(total_start));
  long violations = 0;
  for (auto& v : results)
    violations += v.candidate_violations.total() + v.voor_jou_violations.total();
  if (violations != 0) return 3;
  return write_errors == 0 ? 0 : 4;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) {
      Usage();
      return 2;
    }
    std::string value = argv[++i];
    if (flag == "--socket")
      args.socket = value;
    else if (flag == "--esco")
      args.esco = value;
    else if (flag == "--members")
      args.members = std::stoul(value);
    else if (flag == "--klussen")
      args.klussen = std::stoul(value);
    else if (flag == "--writers")
      args.writers = std::stoi(value);
    else if (flag == "--variants")
      args.variants = value;
    else if (flag == "--generation")
      args.generation = value;
    else if (flag == "--voor-jou-members")
      args.voor_jou_members = std::stoul(value);
    else if (flag == "--cap")
      args.cap = std::stoul(value);
    else if (flag == "--unstated-hours-percent")
      args.unstated_hours_percent = std::stoi(value);
    else if (flag == "--seed")
      args.seed = std::stoull(value);
    else if (flag == "--keep-db")
      args.keep_db = value == "1";
    else if (flag == "--api-portfolios")
      args.api_portfolios = std::stoul(value);
    else {
      Usage();
      return 2;
    }
  }
  if (args.socket.empty() || args.members < 10 || args.klussen < 1) {
    Usage();
    return 2;
  }
  try {
    return Run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "api_eval: %s\n", e.what());
    return 1;
  }
}
