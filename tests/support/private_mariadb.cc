#include "support/private_mariadb.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/test_db.h"

namespace klussen::testing {
namespace {

// A TCP port on 127.0.0.1 that nobody listens on right now (the kernel's pick
// for port 0). Another process could take it before the server binds it, but
// the window is short.
int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

PrivateMariaDb::PrivateMariaDb(Networking networking)
    : dir_("/tmp/klussen-private-db-" + std::to_string(getpid()) + "-" +
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000)),
      socket_(dir_ + "/mysqld.sock"),
      port_(networking == Networking::kLoopbackTcp ? FreeLoopbackPort() : 0) {
  RunCommand("mkdir -p " + dir_ + " && mariadb-install-db --no-defaults --datadir=" + dir_ +
             "/data --user=$(id -un) --auth-root-authentication-method=socket --skip-test-db");
  Start();
}

PrivateMariaDb::~PrivateMariaDb() {
  try {
    Stop();
    RunCommand("rm -rf " + dir_);
  } catch (...) {
  }
}

void PrivateMariaDb::Start() {
  const std::string networking = port_ == 0 ? " --skip-networking"
                                            : " --port=" + std::to_string(port_) +
                                                  " --bind-address=127.0.0.1 --skip-name-resolve";
  RunCommand("(mariadbd --no-defaults --datadir=" + dir_ + "/data --socket=" + socket_ +
             networking + " --pid-file=" + dir_ + "/mysqld.pid --log-error=" + dir_ +
             "/mysqld.err --user=$(id -un) --innodb-buffer-pool-size=32M >/dev/null 2>&1 &)");
  for (int i = 0; i < 150; ++i) {
    try {
      RunCommand("mariadb-admin --no-defaults --socket=" + socket_ + " -u root ping");
      return;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  throw std::runtime_error("private MariaDB did not start in " + dir_);
}

void PrivateMariaDb::Stop() {
  try {
    RunCommand("mariadb-admin --no-defaults --socket=" + socket_ + " -u root shutdown");
  } catch (const std::exception&) {
    return;  // not running
  }
  for (int i = 0; i < 100; ++i) {
    std::ifstream pid(dir_ + "/mysqld.pid");
    if (!pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void PrivateMariaDb::RunSql(const std::string& database, const std::string& sql) {
  std::string path = dir_ + "/input.sql";
  {
    std::ofstream file(path);
    file << sql;
  }
  RunCommand("mariadb --no-defaults --socket=" + socket_ + " -u root " + database + " < " + path);
}

}  // namespace klussen::testing
