// The real klussen-sidecar binary against real MariaDB databases shaped like
// each Elgg generation: check, migrate, serve, readiness, and the start-up
// failures an operator will meet.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/private_mariadb.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/test_db.h"

namespace klussen {
namespace {

using testing::Environment;
using testing::RunSidecar;
using testing::SidecarProcess;
using testing::TestDatabase;

// The demo model, generated once per test process.
const std::string& DemoModelPath() {
  static const std::string path = [] {
    std::string file = "/tmp/klussen-demo-model-" + std::to_string(getpid()) + ".json";
    testing::RunCommand("python3 " + testing::SourcePath("tests/fixtures/elgg_fixture.py") +
                        " demo --seed 42 > " + file);
    return file;
  }();
  return path;
}

struct ExpectedCounts {
  int64_t users = 0, groups = 0, memberships = 0;
};

// Counts computed from the model itself, independently of any reader.
ExpectedCounts CountsFromModel(const std::string& path) {
  std::ifstream file(path);
  nlohmann::json model = nlohmann::json::parse(file);
  std::set<int64_t> active_users;
  for (const auto& user : model["users"]) {
    if (user.value("enabled", true) && !user.value("banned", false)) {
      active_users.insert(user["guid"].get<int64_t>());
    }
  }
  ExpectedCounts counts;
  counts.users = static_cast<int64_t>(active_users.size());
  for (const auto& group : model["groups"]) {
    if (!group.value("enabled", true)) continue;
    ++counts.groups;
    for (const auto& member : group["members"]) {
      if (active_users.count(member.get<int64_t>())) ++counts.memberships;
    }
  }
  return counts;
}

Environment EnvFor(const TestDatabase& db, const std::string& user = "root") {
  return {{"KLUSSEN_DB_SOCKET", db.socket()}, {"KLUSSEN_DB_NAME", db.name()},
          {"KLUSSEN_DB_USER", user},          {"KLUSSEN_LISTEN_PORT", "0"},
          {"KLUSSEN_LOG_LEVEL", "info"},      {"KLUSSEN_AUTH_SECRET", testing::kTestSecret}};
}

class SidecarGenerationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SidecarGenerationTest, CheckPrintsGenerationAndCountsThenMigrateMakesItCurrent) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), GetParam());
  ExpectedCounts expected = CountsFromModel(DemoModelPath());
  ASSERT_GT(expected.users, 400);

  auto before = RunSidecar({"check"}, EnvFor(*db));
  EXPECT_EQ(before.exit_code, 1) << before.out << before.err;  // schema not migrated yet
  EXPECT_NE(before.out.find("generation " + GetParam()), std::string::npos) << before.out;
  EXPECT_NE(before.out.find("users " + std::to_string(expected.users) + ", groups " +
                            std::to_string(expected.groups) + ", memberships " +
                            std::to_string(expected.memberships)),
            std::string::npos)
      << before.out;
  EXPECT_NE(before.out.find("klussen-sidecar migrate"), std::string::npos);

  auto migrate = RunSidecar({"migrate"}, EnvFor(*db));
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  auto after = RunSidecar({"check"}, EnvFor(*db));
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  EXPECT_EQ(after.out.find("PROBLEM"), std::string::npos) << after.out;
}

TEST_P(SidecarGenerationTest, ServesReadyzAndStaysUpUnderBadRequests) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), GetParam());
  db->Migrate();
  SidecarProcess sidecar({"serve"}, EnvFor(*db));
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  int port = sidecar.ListeningPort();
  ASSERT_GT(port, 0) << sidecar.out();

  httplib::Client client("127.0.0.1", port);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  auto body = nlohmann::json::parse(ready->body);
  EXPECT_EQ(body["status"], "ready");
  EXPECT_EQ(body["checks"]["host"]["generation"], GetParam());
  EXPECT_EQ(ready->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(ready->get_header_value("X-Content-Type-Options"), "nosniff");

  // A chunked body and a 10 MB header are refused, and the process keeps serving.
  EXPECT_EQ(testing::StatusOf(testing::RawExchange(
                port,
                "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                "1\r\nx\r\n0\r\n\r\n")),
            411);
  EXPECT_EQ(testing::StatusOf(
                testing::RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Huge: " +
                                               std::string(10 * 1024 * 1024, 'h') + "\r\n\r\n")),
            431);
  auto alive = httplib::Client("127.0.0.1", port).Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  EXPECT_TRUE(sidecar.running());

  // Losing our schema makes the sidecar not ready (503), not dead.
  db->RunSql("DROP TABLE klussen_schema_migrations");
  auto not_ready = httplib::Client("127.0.0.1", port).Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(nlohmann::json::parse(not_ready->body)["checks"]["schema"]["ok"], false);

  auto metrics = httplib::Client("127.0.0.1", port).Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("klussen_http_rejected_before_routing_total"), std::string::npos);

  EXPECT_EQ(sidecar.Stop(SIGTERM), 0) << sidecar.err();
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, SidecarGenerationTest,
                         ::testing::Values("elgg1", "elgg3"));

TEST(SidecarStartupTest, RefusesToServeOnASchemaThatIsBehind) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), "elgg1");
  auto result = RunSidecar({"serve"}, EnvFor(*db));
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_NE(result.err.find("refusing to serve"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("klussen-sidecar migrate"), std::string::npos) << result.err;
}

TEST(SidecarStartupTest, BadConfigValueStopsStartUpNamingTheKey) {
  std::string path = "/tmp/klussen-bad-" + std::to_string(getpid()) + ".conf";
  {
    std::ofstream file(path);
    file << "db_name = elgg\ndb_user = klussen\nhttp_worker_threads = many\n";
  }
  auto result = RunSidecar({"--config", path, "serve"}, {});
  std::remove(path.c_str());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("'http_worker_threads'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("expected an integer"), std::string::npos) << result.err;
}

TEST(SidecarStartupTest, MissingRequiredKeyStopsStartUp) {
  auto result = RunSidecar({"check"}, {{"KLUSSEN_DB_USER", "klussen"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("'db_name'"), std::string::npos) << result.err;
}

// A database that is not there yet is not a reason to exit: the sidecar serves
// not-ready, says why, and still stops promptly (database_down_start_test.cc
// has it become ready when the database arrives).
TEST(SidecarStartupTest, DatabaseDownAtStartUpServesNotReadyWithTheReason) {
  SidecarProcess sidecar({"serve"}, {{"KLUSSEN_AUTH_SECRET", testing::kTestSecret},
                                     {"KLUSSEN_DB_SOCKET", "/tmp/klussen-no-such.sock"},
                                     {"KLUSSEN_DB_NAME", "elgg"},
                                     {"KLUSSEN_DB_USER", "klussen"},
                                     {"KLUSSEN_LISTEN_PORT", "0"}});
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  const int port = sidecar.ListeningPort();
  EXPECT_NE(sidecar.err().find("cannot connect to the database"), std::string::npos)
      << sidecar.err();
  EXPECT_NE(sidecar.err().find("/tmp/klussen-no-such.sock"), std::string::npos) << sidecar.err();
  auto alive = httplib::Client("127.0.0.1", port).Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  auto ready = httplib::Client("127.0.0.1", port).Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_EQ(nlohmann::json::parse(ready->body).value("reason", ""), "database") << ready->body;
  std::chrono::milliseconds took{0};
  EXPECT_EQ(sidecar.StopWithin(SIGTERM, std::chrono::seconds(5), &took), 0) << sidecar.err();
  EXPECT_LE(took.count(), 2000);
}

TEST(SidecarStartupTest, HostDatabaseOfUnknownShapeIsRefused) {
  auto db = TestDatabase::Create();
  db->RunSql("CREATE TABLE wp_posts (id INT PRIMARY KEY); CREATE TABLE wp_users (id INT);");
  auto result = RunSidecar({"serve"}, EnvFor(*db));
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("elgg_"), std::string::npos) << result.err;
  auto check = RunSidecar({"check"}, EnvFor(*db));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("host:     PROBLEM"), std::string::npos) << check.out;
}

TEST(SidecarStartupTest, WrongGenerationInConfigIsRefused) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), "elgg3");
  db->Migrate();
  Environment env = EnvFor(*db);
  env["KLUSSEN_HOST_GENERATION"] = "elgg1";
  auto result = RunSidecar({"serve"}, env);
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_NE(result.err.find("looks like elgg3"), std::string::npos) << result.err;
}

TEST(SidecarStartupTest, NonDefaultPrefixIsHonoured) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), "elgg1", "pleio_");
  Environment env = EnvFor(*db);
  auto wrong = RunSidecar({"check"}, env);
  EXPECT_EQ(wrong.exit_code, 1);
  env["KLUSSEN_HOST_TABLE_PREFIX"] = "pleio_";
  auto right = RunSidecar({"check"}, env);
  EXPECT_NE(right.out.find("generation elgg1"), std::string::npos) << right.out;
  env["KLUSSEN_HOST_TABLE_PREFIX"] = "x; DROP TABLE y";
  auto hostile = RunSidecar({"check"}, env);
  EXPECT_EQ(hostile.exit_code, 1);
  EXPECT_NE(hostile.out.find("prefix"), std::string::npos) << hostile.out;
}

class SidecarGrantsTest : public ::testing::TestWithParam<std::string> {};

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// scripts/render-grants.sh with these arguments; throws when it exits non-zero.
std::string RenderGrants(const std::vector<std::string>& args) {
  std::string command = testing::SourcePath("scripts/render-grants.sh");
  for (const auto& arg : args) command += " " + ShellQuote(arg);
  return testing::RunCommand(command);
}

// The lines of `sql` that name an account ('user'@'host').
std::vector<std::string> AccountLines(const std::string& sql) {
  std::vector<std::string> lines;
  std::istringstream in(sql);
  for (std::string line; std::getline(in, line);) {
    if (line.find("'@'") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

// The users are for any host ('%') unless the operator names one; the host is
// spliced into SQL, so anything but a host pattern is refused.
TEST(RenderGrantsTest, UsersAreForAnyHostUnlessAHostIsGiven) {
  for (const std::string phase : {"setup", "runtime"}) {
    for (const std::string generation : {"elgg1", "elgg3"}) {
      std::vector<std::string> args = {phase, "elgg", generation, "elgg_", "password1"};
      std::string by_default = RenderGrants(args);
      auto lines = AccountLines(by_default);
      ASSERT_GE(lines.size(), 9u) << by_default;
      for (const auto& line : lines) {
        EXPECT_TRUE(line.find("'klussen'@'%'") != std::string::npos ||
                    line.find("'klussen_migrate'@'%'") != std::string::npos)
            << line;
      }
      EXPECT_EQ(by_default.find("localhost"), std::string::npos) << by_default;
      EXPECT_EQ(by_default.find('{'), std::string::npos)
          << "a placeholder was left: " << by_default;
      args.push_back("");  // empty USER and CLIENT_HOST keep their defaults
      EXPECT_EQ(RenderGrants(args), by_default);
      args.push_back("");
      EXPECT_EQ(RenderGrants(args), by_default);
    }
  }
  std::string setup = RenderGrants({"setup", "elgg", "elgg1", "elgg_", "password1"});
  EXPECT_NE(setup.find("CREATE USER IF NOT EXISTS 'klussen'@'%' IDENTIFIED BY 'password1';"),
            std::string::npos)
      << setup;
  EXPECT_NE(
      setup.find("CREATE USER IF NOT EXISTS 'klussen_migrate'@'%' IDENTIFIED BY 'password1';"),
      std::string::npos)
      << setup;

  for (const std::string host : {"localhost", "10.0.0.%", "127.0.0.1", "::1", "db-client_1.lan"}) {
    std::string sql = RenderGrants({"setup", "elgg", "elgg3", "elgg_", "password1", "kl", host});
    auto lines = AccountLines(sql);
    ASSERT_FALSE(lines.empty());
    for (const auto& line : lines) {
      EXPECT_NE(line.find("'@'" + host + "'"), std::string::npos) << host << ": " << line;
    }
    EXPECT_NE(sql.find("CREATE USER IF NOT EXISTS 'kl'@'" + host + "'"), std::string::npos) << sql;
  }

  for (const std::string& hostile : std::vector<std::string>{
           "x'y", "x' OR '1", "a b", "a/b", "a&b", "a\\b", "a;b", "`a`", "a\"b", "{user}", "$(id)",
           "a\nb", "%'; DROP USER root@localhost; --", std::string(256, 'a')}) {
    EXPECT_THROW(RenderGrants({"setup", "elgg", "elgg1", "elgg_", "password1", "kl", hostile}),
                 std::runtime_error)
        << hostile;
  }
  EXPECT_THROW(RenderGrants({"setup", "elgg", "elgg1", "elgg_", "password1", "kl", "%", "more"}),
               std::runtime_error);
}

// The least-privilege users of sql/grants.sql can run the sidecar and cannot
// write a host table.
TEST_P(SidecarGrantsTest, LeastPrivilegeUsersAreEnoughAndNoMore) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), GetParam());
  std::string user = "kl" + std::to_string(getpid() % 100000) + GetParam().substr(4);
  std::string password = "test-password-" + user;
  auto grants = [&](const std::string& phase) {
    db->RunSql(testing::RunCommand(testing::SourcePath("scripts/render-grants.sh") + " " + phase +
                                   " " + db->name() + " " + GetParam() + " elgg_ " + password +
                                   " " + user));
  };
  grants("setup");
  Environment migrate_env = EnvFor(*db, user + "_migrate");
  migrate_env["KLUSSEN_DB_PASSWORD"] = password;
  auto migrate = RunSidecar({"migrate"}, migrate_env);
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  grants("runtime");

  Environment env = EnvFor(*db, user);
  env["KLUSSEN_DB_PASSWORD"] = password;
  auto check = RunSidecar({"check"}, env);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("generation " + GetParam()), std::string::npos) << check.out;

  store::ConnectionSettings settings = db->RootSettings();
  settings.user = user;
  settings.password = password;
  auto connection = store::Connection::Open(settings);
  ASSERT_TRUE(connection.ok()) << connection.status().ToString();
  EXPECT_FALSE((*connection)->Execute("UPDATE elgg_entities SET enabled = 'no'").ok());
  EXPECT_FALSE((*connection)->Execute("DELETE FROM elgg_entity_relationships").ok());
  EXPECT_FALSE((*connection)->Execute("CREATE TABLE elgg_evil (id INT)").ok());
  EXPECT_TRUE((*connection)->Query("SELECT COUNT(*) FROM klussen_schema_migrations").ok());
  db->RunSql("DROP USER '" + user + "'@'%'; DROP USER '" + user + "_migrate'@'%';");
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, SidecarGrantsTest, ::testing::Values("elgg1", "elgg3"));

// Over TCP to a server with skip-name-resolve (the shared test server has no
// networking, so this one starts its own): the users rendered with the default
// host log in, migrate and check; users for 'localhost' are refused there,
// because the client is 127.0.0.1, not a name; users for the IP get in.
TEST(SidecarGrantsTcpTest, DefaultHostLetsTheUsersInOverTcpWithSkipNameResolve) {
  testing::PrivateMariaDb server(testing::PrivateMariaDb::Networking::kLoopbackTcp);
  ASSERT_GT(server.port(), 0);
  server.RunSql("", "CREATE DATABASE elgg CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  testing::RunCommand("python3 " + testing::SourcePath("tests/fixtures/elgg_fixture.py") +
                      " emit --generation elgg1 " +
                      testing::SourcePath("tests/fixtures/models/tiny.json") +
                      " | mariadb --no-defaults --socket=" + server.socket() + " -u root elgg");
  const std::string password = "test-password-over-tcp";
  Environment tcp = {
      {"KLUSSEN_DB_HOST", "127.0.0.1"}, {"KLUSSEN_DB_PORT", std::to_string(server.port())},
      {"KLUSSEN_DB_NAME", "elgg"},      {"KLUSSEN_DB_PASSWORD", password},
      {"KLUSSEN_LOG_LEVEL", "info"},    {"KLUSSEN_AUTH_SECRET", testing::kTestSecret}};
  auto over_tcp = [&](const std::string& user) {
    store::ConnectionSettings settings;
    settings.host = "127.0.0.1";
    settings.port = server.port();
    settings.user = user;
    settings.password = password;
    settings.database = "elgg";
    return store::Connection::Open(settings);
  };

  // As docs/operations.md says to run it: no USER, no CLIENT_HOST.
  server.RunSql("", RenderGrants({"setup", "elgg", "elgg1", "elgg_", password}));
  tcp["KLUSSEN_DB_USER"] = "klussen_migrate";
  auto migrate = RunSidecar({"migrate"}, tcp);
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  server.RunSql("", RenderGrants({"runtime", "elgg", "elgg1", "elgg_", password}));
  tcp["KLUSSEN_DB_USER"] = "klussen";
  auto check = RunSidecar({"check"}, tcp);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("generation elgg1"), std::string::npos) << check.out;

  auto klussen = over_tcp("klussen");
  ASSERT_TRUE(klussen.ok()) << klussen.status().ToString();
  auto who = (*klussen)->Query("SELECT CURRENT_USER(), USER()");
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ(who->rows.at(0).at(0).value_or(""), "klussen@%");
  EXPECT_EQ(who->rows.at(0).at(1).value_or(""), "klussen@127.0.0.1");  // by IP, not a name
  EXPECT_TRUE((*klussen)->Query("SELECT COUNT(*) FROM klussen_schema_migrations").ok());
  EXPECT_FALSE((*klussen)->Execute("UPDATE elgg_entities SET enabled = 'no'").ok());

  // 'localhost' is the UNIX socket only when names are not resolved.
  server.RunSql(
      "", RenderGrants({"setup", "elgg", "elgg1", "elgg_", password, "kllocal", "localhost"}));
  auto refused = over_tcp("kllocal");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().ToString().find("Access denied for user 'kllocal'@'127.0.0.1'"),
            std::string::npos)
      << refused.status().ToString();
  store::ConnectionSettings socket_settings;
  socket_settings.socket = server.socket();
  socket_settings.user = "kllocal";
  socket_settings.password = password;
  socket_settings.database = "elgg";
  auto by_socket = store::Connection::Open(socket_settings);
  EXPECT_TRUE(by_socket.ok()) << by_socket.status().ToString();

  // A host given as the client's IP address works over TCP.
  server.RunSql("",
                RenderGrants({"setup", "elgg", "elgg1", "elgg_", password, "klip", "127.0.0.1"}));
  auto by_ip = over_tcp("klip");
  EXPECT_TRUE(by_ip.ok()) << by_ip.status().ToString();
}

TEST(SidecarReloadTest, SighupAppliesReloadableKeysAndRefusesOthers) {
  auto db = TestDatabase::Create();
  db->LoadModel(DemoModelPath(), "elgg3");
  db->Migrate();
  std::string path = "/tmp/klussen-reload-" + std::to_string(getpid()) + ".conf";
  auto write = [&](const std::string& extra) {
    std::ofstream file(path);
    file << "db_name = " << db->name() << "\ndb_user = root\ndb_socket = " << db->socket()
         << "\nlisten_port = 0\n"
         << extra;
  };
  write("");
  SidecarProcess sidecar({"--config", path, "serve"},
                         {{"KLUSSEN_AUTH_SECRET", testing::kTestSecret}});
  ASSERT_TRUE(sidecar.WaitForStdout("listening on", std::chrono::seconds(20))) << sidecar.err();
  write("log_level = debug\n");
  sidecar.Signal(SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_NE(sidecar.err().find("config reloaded"), std::string::npos) << sidecar.err();
  write("http_worker_threads = 3\n");
  sidecar.Signal(SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_NE(sidecar.err().find("needs a restart"), std::string::npos) << sidecar.err();
  EXPECT_TRUE(sidecar.running());
  auto alive = httplib::Client("127.0.0.1", sidecar.ListeningPort()).Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  EXPECT_EQ(sidecar.Stop(SIGTERM), 0);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace klussen
