// The group tab under load: GET /widgets/groups/<guid>/klussen (signed viewer
// context, the real Authenticator, KlusService and widget routes) against a
// host of 5,000 users in 500 groups with 10,000 klussen, next to a bare
// "hello" handler on the SAME hardened server, loaded the same way in the
// same run. Prints requests/s, p50/p99 latency for both and the ratio.
//
//   klussen_bench_group_tab [seconds=5] [clients=8] [generation=elgg3|elgg1]
//
// The database: KLUSSEN_BENCH_MYSQL_SOCKET (or KLUSSEN_TEST_MYSQL_SOCKET) names
// a running private MariaDB (scripts/bench.sh starts one); without either the
// bench starts its own under /tmp and removes it afterwards. A fresh database
// is created and dropped at the end (KLUSSEN_BENCH_KEEP_DB=1 keeps it).
//
// Every group-tab request is signed in the client thread with a fresh nonce,
// as the glue does; the signing is part of the client's loop (its cost is
// printed) but not of the measured latency.
#include <httplib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "auth/signed_context.h"
#include "common/dates.h"
#include "common/log.h"
#include "host/host_reader.h"
#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "klus/klus_service.h"
#include "server/widget_routes.h"
#include "store/database.h"
#include "store/klus_store.h"
#include "store/migrations.h"

namespace {

using klussen::klus::Audience;
using klussen::klus::KlusState;
using Guid = int64_t;

constexpr int kUsers = 5000;
constexpr int kGroups = 500;
constexpr int kKlussen = 10000;
constexpr int kGroupsPerUser = 3;
constexpr Guid kSiteGuid = 1;
constexpr Guid kFirstUser = 100;
constexpr Guid kFirstGroup = 10000;
constexpr const char* kKeyId = "k1";
constexpr const char* kSecret = "bench-secret-0123456789abcdef0123456789abcdef";
// The query the glue sends with every widget: where links and forms go and
// Elgg's CSRF fields (docs/api.md "Widgets").
constexpr const char* kWidgetQuery =
    "?link_base=/klussen/&action_base=/action/klussen/&__elgg_ts=1700000000"
    "&__elgg_token=0123456789abcdef0123456789abcdef";

// ---------------------------------------------------------------- shell

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string RunCommand(const std::string& command) {
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("command failed: " + command + "\n" + output.substr(0, 4000));
  }
  return output;
}

std::string MariadbClient(const std::string& socket, const std::string& database) {
  return "mariadb --no-defaults --protocol=socket --socket=" + ShellQuote(socket) +
         " -u root --batch --skip-column-names" +
         (database.empty() ? "" : " --database=" + ShellQuote(database));
}

// The source tree, from this file's path (CMake compiles it by absolute path).
std::string SourcePath(const std::string& relative) {
  std::string self = __FILE__;
  size_t at = self.rfind("/tests/bench/");
  std::string root = at == std::string::npos ? "." : self.substr(0, at);
  return root + "/" + relative;
}

// A MariaDB of the bench's own when none was named (as scripts/lib.sh starts one).
class OwnMariaDb {
 public:
  OwnMariaDb()
      : dir_("/tmp/klussen-bench-db-" + std::to_string(getpid())), socket_(dir_ + "/mysqld.sock") {
    RunCommand("mkdir -p " + dir_ + " && mariadb-install-db --no-defaults --datadir=" + dir_ +
               "/data --user=$(id -un) --auth-root-authentication-method=socket --skip-test-db");
    RunCommand("(mariadbd --no-defaults --datadir=" + dir_ + "/data --socket=" + socket_ +
               " --skip-networking --pid-file=" + dir_ + "/mysqld.pid --log-error=" + dir_ +
               "/mysqld.err --user=$(id -un) --character-set-server=utf8mb4"
               " --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=256M"
               " --innodb-flush-log-at-trx-commit=2 >/dev/null 2>&1 &)");
    for (int i = 0; i < 150; ++i) {
      try {
        RunCommand("mariadb-admin --no-defaults --socket=" + socket_ + " -u root ping");
        return;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    throw std::runtime_error("MariaDB did not start in " + dir_);
  }
  ~OwnMariaDb() {
    try {
      RunCommand("mariadb-admin --no-defaults --socket=" + socket_ + " -u root shutdown");
      RunCommand("rm -rf " + dir_);
    } catch (const std::exception&) {
    }
  }
  const std::string& socket() const { return socket_; }

 private:
  std::string dir_;
  std::string socket_;
};

// ---------------------------------------------------------------- the host

struct Host {
  std::vector<std::vector<Guid>> members;         // per group index; the owner first
  std::vector<std::vector<Guid>> admins;          // per group index: owner + group_admins
  std::vector<std::pair<Guid, int>> memberships;  // (user, group index): who views what
};

Guid GroupGuid(int index) { return kFirstGroup + index; }

// 5,000 users (three site admins), 500 groups (a fifth closed, a tenth
// hidden), every user in three groups (owners in their own as well), every other group with a
// group_admin besides its owner. Deterministic.
nlohmann::json HostModel(Host* host) {
  using nlohmann::json;
  std::mt19937 random(42);
  json users = json::array();
  for (int i = 0; i < kUsers; ++i) {
    Guid guid = kFirstUser + i;
    users.push_back({{"guid", guid},
                     {"username", "gebruiker" + std::to_string(i)},
                     {"name", "Gebruiker " + std::to_string(i)},
                     {"email", "gebruiker" + std::to_string(i) + "@minbzk.nl"},
                     {"admin", i < 3}});
  }
  host->members.assign(kGroups, {});
  host->admins.assign(kGroups, {});
  std::vector<std::set<Guid>> seen(kGroups);
  for (int g = 0; g < kGroups; ++g) {
    Guid owner = kFirstUser + (g * 10) % kUsers;
    host->members[g].push_back(owner);
    seen[g].insert(owner);
  }
  for (int i = 0; i < kUsers; ++i) {
    Guid guid = kFirstUser + i;
    int joined = 0;
    while (joined < kGroupsPerUser) {
      int g = static_cast<int>(random() % kGroups);
      if (!seen[g].insert(guid).second) continue;  // already in (or owner of) it
      host->members[g].push_back(guid);
      ++joined;
    }
  }
  json groups = json::array();
  for (int g = 0; g < kGroups; ++g) {
    host->admins[g].push_back(host->members[g].front());
    json admins = json::array();
    if (g % 2 == 0 && host->members[g].size() > 1) {
      admins.push_back(host->members[g][1]);
      host->admins[g].push_back(host->members[g][1]);
    }
    groups.push_back({{"guid", GroupGuid(g)},
                      {"name", "Werkgroep " + std::to_string(g)},
                      {"description", "Een groep van de Rijksoverheid."},
                      {"owner", host->members[g].front()},
                      {"membership", g % 5 == 0 ? "closed" : "open"},
                      {"access", g % 10 == 3 ? "group" : "public"},
                      {"acl_id", 3 + g},
                      {"klussen_enable", "yes"},
                      {"members", host->members[g]},
                      {"admins", admins}});
    for (Guid member : host->members[g]) host->memberships.emplace_back(member, g);
  }
  return {{"site",
           {{"guid", kSiteGuid},
            {"name", "Pleio Rijksoverheid"},
            {"url", "https://rijksoverheid.pleio.nl/"}}},
          {"users", users},
          {"groups", groups}};
}

// ---------------------------------------------------------------- klussen

void Check(const klussen::Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(std::string(what) + ": " + status.ToString());
}

// 20 klussen per group: 10 open, 2 each draft, filled, in progress, completed,
// 1 cancelled, 1 expired; audiences 60% group, 30% site, 10% platform;
// deadlines 1 to 60 days ahead; up to three people on every non-draft klus.
// Returns the number of participant rows.
int InsertKlussen(klussen::store::Connection& c, const Host& host, int64_t now) {
  static constexpr KlusState kBySlot[20] = {
      KlusState::kOpen,      KlusState::kOpen,      KlusState::kOpen,       KlusState::kOpen,
      KlusState::kOpen,      KlusState::kOpen,      KlusState::kOpen,       KlusState::kOpen,
      KlusState::kOpen,      KlusState::kOpen,      KlusState::kDraft,      KlusState::kDraft,
      KlusState::kFilled,    KlusState::kFilled,    KlusState::kInProgress, KlusState::kInProgress,
      KlusState::kCompleted, KlusState::kCompleted, KlusState::kCancelled,  KlusState::kExpired};
  static constexpr const char* kRegions[] = {"Utrecht", "Den Haag", "Amsterdam", "Groningen",
                                             "Zwolle"};
  const int64_t today = now / klussen::kSecondsPerDay;
  // Participant rows wait here, six values each, for multi-row INSERTs.
  constexpr size_t kColumns = 6;
  std::vector<klussen::store::SqlParam> participant_params;
  int participants = 0;
  auto flush = [&](bool all) {
    constexpr size_t kBatch = 200;
    while (participant_params.size() >= kBatch * kColumns || (all && !participant_params.empty())) {
      size_t n = std::min(kBatch, participant_params.size() / kColumns);
      std::string sql =
          "INSERT INTO klussen_participant (klus_id, user_guid, state, motivation, created_at, "
          "updated_at) VALUES ";
      for (size_t i = 0; i < n; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
      auto end = participant_params.begin() + static_cast<std::ptrdiff_t>(n * kColumns);
      std::vector<klussen::store::SqlParam> params(participant_params.begin(), end);
      Check(c.Execute(sql, params).status(), "insert participants");
      participant_params.erase(participant_params.begin(), end);
    }
  };
  constexpr int kPerTransaction = 500;
  for (int start = 0; start < kKlussen; start += kPerTransaction) {
    Check(klussen::store::InTransaction(
              c,
              [&]() -> klussen::Status {
                for (int i = start; i < std::min(kKlussen, start + kPerTransaction); ++i) {
                  const int g = i % kGroups;
                  const int slot = i / kGroups;
                  const auto& admins = host.admins[g];
                  klussen::klus::Klus k;
                  k.site_guid = kSiteGuid;
                  k.group_guid = GroupGuid(g);
                  k.poster_guid = admins[static_cast<size_t>(slot) % admins.size()];
                  k.state = kBySlot[slot];
                  auto& f = k.fields;
                  f.title = "Klus " + std::to_string(i) + ": analyse van beleidsdata";
                  f.description =
                      "Wij zoeken een collega die een paar uur per week helpt met het "
                      "analyseren van gegevens voor een beleidsnotitie.\n\nMeer op "
                      "https://example.org/klus/" +
                      std::to_string(i) + ".";
                  f.required_skills = {{"klussen:beleidsadvies", "Beleidsadvies"}};
                  f.time_mode = i % 3 == 0 ? klussen::klus::TimeMode::kTotal
                                           : klussen::klus::TimeMode::kPerWeek;
                  f.hours_tenths = 10 + (i % 8) * 10;
                  const int ahead = 1 + i % 60;
                  f.deadline = now + ahead * klussen::kSecondsPerDay + i % 3600;
                  if (i % 4 != 0) {
                    f.start_date = klussen::FormatIsoDate(today + ahead + 1);
                    f.end_date = klussen::FormatIsoDate(today + ahead + 60);
                  }
                  f.region = kRegions[i % 5];
                  f.remote = i % 2 == 0;
                  f.people_needed = 1 + i % 3;
                  const int a = (i * 7) % 10;
                  f.audience =
                      a < 6 ? Audience::kGroup : (a < 9 ? Audience::kSite : Audience::kPlatform);
                  f.organisation = "Ministerie van BZK";
                  k.created_at = now - 86400 + i;
                  k.updated_at = k.created_at;
                  KL_ASSIGN_OR_RETURN(klussen::klus::KlusId id,
                                      klussen::store::InsertKlus(c, k, ""));
                  if (k.state == KlusState::kDraft) continue;
                  const auto& members = host.members[g];
                  const char* state = "applied";
                  if (k.state == KlusState::kFilled || k.state == KlusState::kInProgress)
                    state = "accepted";
                  if (k.state == KlusState::kCompleted) state = "completed";
                  if (k.state == KlusState::kCancelled || k.state == KlusState::kExpired)
                    state = "declined";
                  const int people = i % 4;
                  for (int p = 0; p < people && static_cast<size_t>(p) + 1 < members.size(); ++p) {
                    Guid user = members[1 + (static_cast<size_t>(i) + p) % (members.size() - 1)];
                    if (user == k.poster_guid) continue;
                    if (k.state == KlusState::kOpen) state = p == 2 ? "invited" : "applied";
                    for (klussen::store::SqlParam v :
                         {klussen::store::SqlParam(id), klussen::store::SqlParam(user),
                          klussen::store::SqlParam(std::string(state)),
                          klussen::store::SqlParam(std::string("Ik help graag mee.")),
                          klussen::store::SqlParam(now), klussen::store::SqlParam(now)}) {
                      participant_params.push_back(std::move(v));
                    }
                    ++participants;
                  }
                }
                return klussen::Status::Ok();
              }),
          "insert klussen");
    flush(false);
  }
  flush(true);
  return participants;
}

// ---------------------------------------------------------------- load

struct Figures {
  double requests_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  long requests = 0;
  long errors = 0;
  std::string first_error;
};

// One request of a client: fills `path`, `headers` and says whether an answer
// is right.
struct Request {
  std::string path;
  httplib::Headers headers;
};
using MakeRequest = std::function<void(std::mt19937_64&, Request*)>;
using CheckAnswer = std::function<bool(const httplib::Result&, std::string*)>;

Figures Load(int port, int seconds, int clients, const MakeRequest& make, const CheckAnswer& ok) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<long> errors{0};
  std::mutex first_error_mutex;
  std::string first_error;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937_64 random(std::random_device{}() + static_cast<uint64_t>(c));
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_url_encode(false);  // the target goes out exactly as signed
      client.set_read_timeout(10, 0);
      Request request;
      while (std::chrono::steady_clock::now() < deadline) {
        make(random, &request);
        auto start = std::chrono::steady_clock::now();
        auto answer = client.Get(request.path.c_str(), request.headers);
        auto took =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start);
        std::string why;
        if (!ok(answer, &why)) {
          if (errors++ == 0) {
            std::lock_guard<std::mutex> lock(first_error_mutex);
            first_error = request.path + ": " + why;
          }
          continue;
        }
        latencies[static_cast<size_t>(c)].push_back(took.count());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<double> all;
  for (auto& one : latencies) all.insert(all.end(), one.begin(), one.end());
  std::sort(all.begin(), all.end());
  Figures figures;
  figures.errors = errors.load();
  figures.first_error = first_error;
  figures.requests = static_cast<long>(all.size());
  if (!all.empty()) {
    figures.requests_per_second = static_cast<double>(all.size()) / seconds;
    figures.p50_us = all[all.size() / 2];
    figures.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return figures;
}

void Print(const char* name, const Figures& f) {
  std::printf("%-22s %10.0f req/s   p50 %8.1f us   p99 %8.1f us   errors %ld\n", name,
              f.requests_per_second, f.p50_us, f.p99_us, f.errors);
  if (!f.first_error.empty()) std::printf("  first error: %s\n", f.first_error.c_str());
}

std::string NewNonce(std::mt19937_64& random) {
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return text;
}

// A random member viewing one of their groups, signed now with a fresh nonce.
void SignedGroupTab(const Host& host, std::mt19937_64& random, Request* request) {
  const auto& [viewer, g] = host.memberships[random() % host.memberships.size()];
  request->path = "/widgets/groups/" + std::to_string(GroupGuid(g)) + "/klussen" + kWidgetQuery;
  klussen::auth::SignedFields fields{
      kKeyId,
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count()),
      NewNonce(random),
      std::to_string(viewer),
      "nl",
      std::to_string(kSiteGuid)};
  std::string signature = klussen::auth::SignedContextVerifier::Sign({kKeyId, kSecret}, "GET",
                                                                     request->path, fields, "");
  request->headers = {
      {"X-Klussen-Key-Id", fields.key_id},     {"X-Klussen-Timestamp", fields.timestamp},
      {"X-Klussen-Nonce", fields.nonce},       {"X-Klussen-Viewer", fields.viewer},
      {"X-Klussen-Language", fields.language}, {"X-Klussen-Site", fields.site},
      {"X-Klussen-Signature", signature}};
}

bool GroupTabOk(const httplib::Result& answer, std::string* why) {
  if (!answer) {
    *why = "no answer (" + httplib::to_string(answer.error()) + ")";
    return false;
  }
  if (answer->status != 200) {
    *why = "status " + std::to_string(answer->status) + " " + answer->body.substr(0, 200);
    return false;
  }
  if (answer->body.find("<section class=\"klussen klussen-group-tab\"") == std::string::npos ||
      answer->body.find("<ul class=\"klussen-list\">") == std::string::npos ||
      answer->body.find("<li class=\"klussen-item\">") == std::string::npos) {
    *why = "no klussen list in: " + answer->body.substr(0, 300);
    return false;
  }
  return true;
}

bool HelloOk(const httplib::Result& answer, std::string* why) {
  if (!answer || answer->status != 200) {
    *why = answer ? "status " + std::to_string(answer->status) : "no answer";
    return false;
  }
  return true;
}

int64_t StatusCounter(klussen::store::Connection& c, const std::string& name) {
  auto r = c.Query(
      "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
      "WHERE VARIABLE_NAME = ?",
      {name}, 1);
  return r.ok() && !r->empty() ? r->Int(0, 0) : -1;
}

// CPU seconds used so far by this process (clients and server) and by the
// MariaDB server (from /proc, when its pid file is readable; else -1).
struct CpuSeconds {
  double bench = 0;
  double mariadb = -1;
};
double ProcessCpu(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}
CpuSeconds CpuNow(long mariadb_pid) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  CpuSeconds cpu;
  cpu.bench = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (mariadb_pid > 0) cpu.mariadb = ProcessCpu(mariadb_pid);
  return cpu;
}
long MariadbPid(klussen::store::Connection& c) {
  auto r = c.Query("SELECT @@pid_file", {}, 1);
  if (!r.ok() || r->empty()) return -1;
  std::ifstream file(r->Text(0, 0));
  long pid = -1;
  if (!(file >> pid)) return -1;
  return pid;
}
void PrintCpu(const char* name, const CpuSeconds& before, const CpuSeconds& after, long requests) {
  if (requests <= 0) return;
  std::printf("  CPU per %s request: bench process (clients + server) %.0f us", name,
              (after.bench - before.bench) * 1e6 / static_cast<double>(requests));
  if (before.mariadb >= 0 && after.mariadb >= 0) {
    std::printf(", mariadbd %.0f us",
                (after.mariadb - before.mariadb) * 1e6 / static_cast<double>(requests));
  }
  std::printf("\n");
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Run(int seconds, int clients, const std::string& generation) {
  std::unique_ptr<OwnMariaDb> own;
  std::string socket;
  for (const char* name : {"KLUSSEN_BENCH_MYSQL_SOCKET", "KLUSSEN_TEST_MYSQL_SOCKET"}) {
    const char* value = std::getenv(name);
    if (socket.empty() && value != nullptr && *value != '\0') socket = value;
  }
  auto started = std::chrono::steady_clock::now();
  if (socket.empty()) {
    std::fprintf(stderr, "no KLUSSEN_BENCH_MYSQL_SOCKET: starting a private MariaDB\n");
    own = std::make_unique<OwnMariaDb>();
    socket = own->socket();
  }
  const std::string database = "klb_group_tab_" + std::to_string(getpid()) + "_" +
                               std::to_string(std::random_device{}() % 100000);
  RunCommand("echo " +
             ShellQuote("CREATE DATABASE `" + database +
                        "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci") +
             " | " + MariadbClient(socket, ""));
  struct DropDatabase {
    std::string socket, database;
    ~DropDatabase() {
      const char* keep = std::getenv("KLUSSEN_BENCH_KEEP_DB");
      if (keep != nullptr && *keep == '1') {
        std::fprintf(stderr, "kept database %s\n", database.c_str());
        return;
      }
      try {
        RunCommand("echo " + ShellQuote("DROP DATABASE IF EXISTS `" + database + "`") + " | " +
                   MariadbClient(socket, ""));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: %s\n", e.what());
      }
    }
  } drop{socket, database};

  // The host, through the fixture writer.
  Host host;
  const std::string model_path = "/tmp/" + database + ".json";
  {
    std::ofstream file(model_path);
    file << HostModel(&host).dump();
  }
  try {
    RunCommand("python3 " + ShellQuote(SourcePath("tests/fixtures/elgg_fixture.py")) +
               " emit --generation " + ShellQuote(generation) + " " + ShellQuote(model_path) +
               " | " + MariadbClient(socket, database));
  } catch (...) {
    std::remove(model_path.c_str());
    throw;
  }
  std::remove(model_path.c_str());
  const double host_seconds = Seconds(started);

  // Our tables and the klussen.
  klussen::store::ConnectionSettings settings;
  settings.socket = socket;
  settings.user = "root";
  settings.database = database;
  auto opened = klussen::store::Connection::Open(settings);
  Check(opened.status(), "connect");
  klussen::store::Connection& admin = **opened;
  Check(klussen::store::ApplyMigrations(admin, klussen::store::EmbeddedMigrations()).status(),
        "migrate");
  auto klussen_started = std::chrono::steady_clock::now();
  const int64_t now = klussen::UnixNow();
  const int participants = InsertKlussen(admin, host, now);
  // ANALYZE answers rows (one per table): Query, not Execute.
  Check(admin.Query("ANALYZE TABLE klussen_klus, klussen_participant").status(), "analyze");
  const double klussen_seconds = Seconds(klussen_started);

  // The server, wired as server/app.cc wires it, plus /hello.
  klussen::host::HostSettings host_settings;
  host_settings.site_guid = kSiteGuid;
  auto schema = klussen::host::ProbeHostSchema(admin, host_settings.prefix);
  Check(schema.status(), "probe host schema");
  auto reader = klussen::host::MakeHostReader(*schema, host_settings);
  Check(reader.status(), "host reader");
  klussen::http::HttpLimits limits;        // the config defaults, except:
  limits.keepalive_max_requests = 100000;  // as http_overhead_bench: no reconnects mid-run
  klussen::store::PoolOptions pool_options;
  pool_options.size = static_cast<int>(limits.worker_threads) + 2;  // as PoolOptions::FromConfig
  klussen::store::Pool pool(settings, pool_options);
  klussen::http::Authenticator authenticator(
      std::make_unique<klussen::auth::SignedContextVerifier>(
          std::vector<klussen::auth::SigningKey>{{kKeyId, kSecret}}, std::chrono::seconds(60),
          size_t{200000}),
      nullptr, klussen::host::SubjectKind::kPleioGuid, reader->get(), &pool, 60);
  klussen::klus::KlusService service(reader->get(), &pool, kSiteGuid,
                                     [] { return klussen::UnixNow(); });
  klussen::http::HardenedServer server(limits);
  server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"hello":"wereld"})", "application/json; charset=utf-8");
  });
  klussen::server::RegisterWidgetRoutes(server, authenticator, service,
                                        klussen::server::WidgetDefaults{});
  auto port = server.BindTcp("127.0.0.1", 0);
  Check(port.status(), "bind");
  std::thread server_thread([&] { (void)server.Run(); });

  // What signing costs the client (HMAC-SHA256 of the canonical request).
  double sign_us = 0;
  {
    std::mt19937_64 random(1);
    Request request;
    constexpr int kSignings = 20000;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kSignings; ++i) SignedGroupTab(host, random, &request);
    sign_us = Seconds(start) * 1e6 / kSignings;
  }

  size_t managers = 0;
  for (const auto& [viewer, g] : host.memberships) {
    const auto& admins = host.admins[static_cast<size_t>(g)];
    if (std::find(admins.begin(), admins.end(), viewer) != admins.end() || viewer < kFirstUser + 3)
      ++managers;
  }
  std::printf(
      "Group tab GET /widgets/groups/<guid>/klussen vs GET /hello on the same hardened server\n"
      "host %s: %d users (3 site admins), %d groups (1/5 closed, 1/10 hidden), %zu memberships\n"
      "%d klussen (20 per group: 10 open, 2 draft, 2 filled, 2 in progress, 2 completed, "
      "1 cancelled, 1 expired), %d participants\n"
      "viewer: a random (member, group) pair per request, %.1f%% of them managers; page of 20\n"
      "server: %zu workers, pool of %d connections; %d keep-alive clients, %d s each; "
      "%u cores shared by clients, server and MariaDB\n"
      "set-up: host %.1f s, klussen %.1f s; signing a request costs the client %.1f us "
      "(inside the loop, outside the latency)\n",
      schema->Describe().c_str(), kUsers, kGroups, host.memberships.size(), kKlussen, participants,
      100.0 * static_cast<double>(managers) / host.memberships.size(), limits.worker_threads,
      pool_options.size, clients, seconds, std::thread::hardware_concurrency(), host_seconds,
      klussen_seconds, sign_us);
  std::fflush(stdout);

  MakeRequest group_tab = [&host](std::mt19937_64& random, Request* request) {
    SignedGroupTab(host, random, request);
  };
  MakeRequest hello = [](std::mt19937_64&, Request* request) {
    request->path = "/hello";
    request->headers.clear();
  };
  // Warm-up (not counted): every pooled connection prepares its statements.
  Figures warm = Load(*port, 1, clients, group_tab, GroupTabOk);
  const long mariadb_pid = MariadbPid(admin);
  const int64_t questions_before = StatusCounter(admin, "QUESTIONS");
  const CpuSeconds tab_cpu_before = CpuNow(mariadb_pid);
  Figures tab_figures = Load(*port, seconds, clients, group_tab, GroupTabOk);
  const CpuSeconds tab_cpu_after = CpuNow(mariadb_pid);
  const int64_t questions_after = StatusCounter(admin, "QUESTIONS");
  const CpuSeconds hello_cpu_before = CpuNow(mariadb_pid);
  Figures hello_figures = Load(*port, seconds, clients, hello, HelloOk);
  const CpuSeconds hello_cpu_after = CpuNow(mariadb_pid);

  Print("hello (same server)", hello_figures);
  PrintCpu("hello", hello_cpu_before, hello_cpu_after, hello_figures.requests);
  Print("group tab", tab_figures);
  PrintCpu("group-tab", tab_cpu_before, tab_cpu_after, tab_figures.requests);
  if (tab_figures.requests_per_second > 0) {
    std::printf("ratio hello/group-tab throughput: %.1f\n",
                hello_figures.requests_per_second / tab_figures.requests_per_second);
  }
  if (tab_figures.requests + tab_figures.errors > 0 && questions_before >= 0) {
    // Minus the one SELECT of the second status read.
    std::printf("SQL statements per group-tab request: %.1f\n",
                static_cast<double>(questions_after - questions_before - 1) /
                    static_cast<double>(tab_figures.requests + tab_figures.errors));
  }
  if (warm.errors > 0) Print("warm-up (not counted)", warm);
  server.Stop();
  server_thread.join();
  return tab_figures.errors == 0 && hello_figures.errors == 0 && warm.errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  int clients = argc > 2 ? std::atoi(argv[2]) : 8;
  std::string generation = argc > 3 ? argv[3] : "elgg3";
  if (seconds <= 0 || clients <= 0 || (generation != "elgg1" && generation != "elgg3")) {
    std::fprintf(stderr, "usage: %s [seconds=5] [clients=8] [generation=elgg3|elgg1]\n", argv[0]);
    return 2;
  }
  klussen::log::SetLevel(klussen::log::Level::kWarn);  // no access-log lines
  klussen::store::InitDriver();
  try {
    return Run(seconds, clients, generation);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "group_tab_bench: %s\n", e.what());
    return 1;
  }
}
