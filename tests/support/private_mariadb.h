// Test support: a MariaDB server of the test's own (own data directory and
// socket under /tmp), for tests that stop and restart the database. Slower
// than TestDatabase (a few seconds to initialise); use it only for faults.
#pragma once

#include <string>

namespace klussen::testing {

class PrivateMariaDb {
 public:
  PrivateMariaDb();   // initialises and starts; throws on failure
  ~PrivateMariaDb();  // stops and removes the data directory

  void Stop();
  void Start();
  const std::string& socket() const { return socket_; }
  // Runs SQL as root (database may be empty).
  void RunSql(const std::string& database, const std::string& sql);

 private:
  std::string dir_;
  std::string socket_;
};

}  // namespace klussen::testing
