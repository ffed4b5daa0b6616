#include "support/test_db.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "store/migrations.h"

namespace klussen::testing {
namespace {

// Every test binary uses the Connector; the driver is created once, before
// tests start threads.
class DriverEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { store::InitDriver(); }
};
const auto* const kDriverEnvironment = ::testing::AddGlobalTestEnvironment(new DriverEnvironment);

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

std::string MariadbClient(const std::string& socket, const std::string& database) {
  return "mariadb --no-defaults --protocol=socket --socket=" + ShellQuote(socket) +
         " -u root --batch --skip-column-names" +
         (database.empty() ? "" : " --database=" + ShellQuote(database));
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return "klt_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(device() % 1000000);
}

}  // namespace

std::string SourcePath(const std::string& relative) {
  return std::string(KLUSSEN_SOURCE_DIR) + "/" + relative;
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

std::string TestServerSocket() {
  const char* socket = std::getenv("KLUSSEN_TEST_MYSQL_SOCKET");
  if (socket == nullptr || *socket == '\0') {
    throw std::runtime_error(
        "KLUSSEN_TEST_MYSQL_SOCKET is not set: run the tests through scripts/test.sh, which "
        "starts a private MariaDB");
  }
  return socket;
}

TestDatabase::TestDatabase(std::string socket, std::string name)
    : socket_(std::move(socket)), name_(std::move(name)) {}

std::unique_ptr<TestDatabase> TestDatabase::Create() {
  std::string socket = TestServerSocket();
  std::string name = UniqueName();
  RunCommand("echo " +
             ShellQuote("CREATE DATABASE `" + name +
                        "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci") +
             " | " + MariadbClient(socket, ""));
  return std::unique_ptr<TestDatabase>(new TestDatabase(socket, name));
}

TestDatabase::~TestDatabase() {
  try {
    RunCommand("echo " + ShellQuote("DROP DATABASE IF EXISTS `" + name_ + "`") + " | " +
               MariadbClient(socket_, ""));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warning: %s\n", e.what());
  }
}

void TestDatabase::LoadModel(const std::string& model_path, const std::string& generation,
                             const std::string& prefix) {
  std::string path = model_path.rfind('/', 0) == 0 ? model_path : SourcePath(model_path);
  RunCommand("python3 " + ShellQuote(SourcePath("tests/fixtures/elgg_fixture.py")) +
             " emit --generation " + ShellQuote(generation) + " --prefix " + ShellQuote(prefix) +
             " " + ShellQuote(path) + " | " + MariadbClient(socket_, name_));
}

void TestDatabase::RunSql(const std::string& sql) {
  std::string path = "/tmp/" + name_ + "_" + std::to_string(std::rand()) + ".sql";
  {
    std::ofstream file(path, std::ios::binary);
    file << sql;
  }
  try {
    RunCommand(MariadbClient(socket_, name_) + " < " + ShellQuote(path));
  } catch (...) {
    std::remove(path.c_str());
    throw;
  }
  std::remove(path.c_str());
}

void TestDatabase::Migrate() {
  auto connection = Connect();
  auto applied = store::ApplyMigrations(*connection, store::EmbeddedMigrations());
  if (!applied.ok()) throw std::runtime_error("migrate: " + applied.status().ToString());
}

store::ConnectionSettings TestDatabase::RootSettings() const {
  store::ConnectionSettings settings;
  settings.socket = socket_;
  settings.user = "root";
  settings.database = name_;
  return settings;
}

std::unique_ptr<store::Connection> TestDatabase::Connect() const {
  auto connection = store::Connection::Open(RootSettings());
  if (!connection.ok()) throw std::runtime_error(connection.status().ToString());
  return std::move(connection).value();
}

}  // namespace klussen::testing
