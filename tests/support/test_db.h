// Test support: a real MariaDB database per test, on the private server the
// test command starts (scripts/test.sh exports KLUSSEN_TEST_MYSQL_SOCKET).
//
// Every TestDatabase has a unique name and is dropped when it goes out of
// scope. Failures throw std::runtime_error, which gtest reports as a failed
// test with the message.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace klussen::testing {

// Absolute path of a file in the source tree, e.g. "tests/fixtures/x.json".
std::string SourcePath(const std::string& relative);

// Runs a shell command; returns its stdout. Throws when it exits non-zero.
std::string RunCommand(const std::string& command);

// The socket of the test server; throws with a clear message when unset.
std::string TestServerSocket();

class TestDatabase {
 public:
  // Creates an empty database with a unique name.
  static std::unique_ptr<TestDatabase> Create();
  ~TestDatabase();

  const std::string& name() const { return name_; }
  const std::string& socket() const { return socket_; }

  // Loads an Elgg host model (JSON, see tests/fixtures/README.md) stored the
  // way `generation` ("elgg1" or "elgg3") stores it, with table prefix `prefix`.
  void LoadModel(const std::string& model_path, const std::string& generation,
                 const std::string& prefix = "elgg_");
  // Runs SQL text through the mariadb client as root in this database.
  void RunSql(const std::string& sql);
  // Applies the sidecar's migrations (as root).
  void Migrate();

  // Root over the socket, this database.
  store::ConnectionSettings RootSettings() const;
  std::unique_ptr<store::Connection> Connect() const;

 private:
  TestDatabase(std::string socket, std::string name);
  std::string socket_;
  std::string name_;
};

}  // namespace klussen::testing
