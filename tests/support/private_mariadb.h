// Test support: a MariaDB server of the test's own (own data directory and
// socket under /tmp), for tests that stop and restart the database or need a
// server configured differently from the shared one. Slower than TestDatabase
// (a few seconds to initialise); use it only where the shared server will not do.
#pragma once

#include <string>

namespace klussen::testing {

class PrivateMariaDb {
 public:
  enum class Networking {
    kSocketOnly,   // --skip-networking, like the shared test server
    kLoopbackTcp,  // also TCP on 127.0.0.1:port() (a free port), with
                   // --skip-name-resolve: TCP clients are matched by IP address
  };

  // Initialises and starts; throws on failure.
  explicit PrivateMariaDb(Networking networking = Networking::kSocketOnly);
  ~PrivateMariaDb();  // stops and removes the data directory

  void Stop();
  void Start();
  const std::string& socket() const { return socket_; }
  // The TCP port on 127.0.0.1; 0 for kSocketOnly.
  int port() const { return port_; }
  // Runs SQL as root (database may be empty).
  void RunSql(const std::string& database, const std::string& sql);

 private:
  std::string dir_;
  std::string socket_;
  int port_ = 0;
};

}  // namespace klussen::testing
