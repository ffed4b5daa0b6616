// Database access over MySQL Connector/C++ 1.1: one Connection wrapper that
// turns the Connector's exceptions into Status, and a bounded Pool.
//
// Contract:
//  - Every statement is a prepared statement with bound parameters; there is
//    no API that runs a string built from input.
//  - Auto-reconnect is off. A connection that reports a lost link (2006, 2013,
//    2055, 1053, 1927, 2056, ...) is marked broken and the Pool discards it
//    with its prepared statements; the next Acquire opens a fresh one.
//  - While the database is failing, Acquire answers Unavailable at once for
//    db_retry_after_ms instead of queueing (the caller answers 503).
// Threading: a Connection is used by one thread at a time (a Lease guarantees
// it). Pool is thread-safe. Call InitDriver() once in main before threads
// start; every thread that touches a Connection calls ThreadInit() first and
// ThreadEnd() before it exits (use ThreadScope).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace klussen {
class Config;
}

namespace klussen::store {

void InitDriver();
void ThreadInit();
void ThreadEnd();

// Calls ThreadInit in its constructor and ThreadEnd in its destructor.
class ThreadScope {
 public:
  ThreadScope() { ThreadInit(); }
  ~ThreadScope() { ThreadEnd(); }
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;
};

struct ConnectionSettings {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string socket;  // preferred over host/port when set
  std::string user;
  std::string password;
  std::string database;
  int connect_timeout_ms = 3000;
  int read_timeout_ms = 10000;
  int write_timeout_ms = 10000;
  // How long a statement waits for another transaction's row lock before the server answers
  // 1205 (InTransaction then runs the transaction again). Below read_timeout_ms, so that a long
  // wait is a clean, retried collision rather than a timed-out, broken connection.
  int lock_wait_timeout_ms = 3000;
  // Lets InsertAndGetId use INSERT ... RETURNING when the server is MariaDB 10.5+ (false: always
  // the two-statement form MySQL needs).
  bool insert_returning = true;

  static ConnectionSettings FromConfig(const Config& config);
  std::string Describe() const;  // "unix:/run/x.sock db=elgg user=klussen" (no password)
};

using SqlParam = std::variant<std::nullptr_t, int64_t, std::string>;

// A fully read result: column labels and rows of nullable strings.
class QueryResult {
 public:
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  bool IsNull(size_t row, size_t col) const { return !rows.at(row).at(col).has_value(); }
  // Values of NULL cells: "" and 0.
  const std::string& Text(size_t row, size_t col) const;
  int64_t Int(size_t row, size_t col) const;
};

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  static Result<std::unique_ptr<Connection>> Open(const ConnectionSettings& settings);

  // Runs a statement that returns rows. At most `max_rows` rows are kept; more
  // is an Internal error (every query must be bounded).
  Result<QueryResult> Query(std::string_view sql, const std::vector<SqlParam>& params = {},
                            size_t max_rows = 100000);
  // Runs a statement that returns no rows; yields the affected row count.
  Result<uint64_t> Execute(std::string_view sql, const std::vector<SqlParam>& params = {});
  // Runs an INSERT into a table with an AUTO_INCREMENT `id` and answers the new row's id. On
  // MariaDB 10.5+ as `INSERT ... RETURNING id`, one round trip; elsewhere (MySQL) the INSERT and
  // then SELECT LAST_INSERT_ID(). Errors as Execute's.
  Result<int64_t> InsertAndGetId(std::string_view insert_sql, const std::vector<SqlParam>& params);
  bool uses_insert_returning() const { return insert_returning_; }

  Status Begin();
  Status Commit();
  Status Rollback();

  // Pings the server (never reconnects); marks the connection broken on failure.
  bool Ping();

  bool broken() const { return broken_; }
  // The server's error code of the last failed call since Begin() (0: none).
  int last_error_code() const { return last_error_code_; }
  std::chrono::steady_clock::time_point opened_at() const { return opened_at_; }
  std::chrono::steady_clock::time_point last_used() const { return last_used_; }

 private:
  Connection(std::unique_ptr<sql::Connection> connection, bool insert_returning);
  Result<sql::PreparedStatement*> Prepare(std::string_view sql,
                                          const std::vector<SqlParam>& params);
  Status Fail(std::string_view what, int error_code, std::string_view sql_state,
              std::string_view message);

  std::unique_ptr<sql::Connection> connection_;
  std::map<std::string, std::unique_ptr<sql::PreparedStatement>, std::less<>> statements_;
  bool broken_ = false;
  const bool insert_returning_;
  int last_error_code_ = 0;
  std::chrono::steady_clock::time_point opened_at_;
  std::chrono::steady_clock::time_point last_used_;
};

// True for Connector/server error codes that mean the link is gone.
bool IsConnectionLostError(int error_code);

struct PoolOptions {
  int size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::milliseconds validate_idle{30000};
  std::chrono::milliseconds max_lifetime{3600000};
  std::chrono::milliseconds retry_after{2000};

  static PoolOptions FromConfig(const Config& config);
};

class Pool {
 public:
  Pool(ConnectionSettings settings, PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A borrowed connection; returned to the pool (or discarded when broken) on
  // destruction.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<Connection> connection);
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Borrows a connection: an idle one (pinged first if idle for long), or a
  // new one while fewer than `size` exist, else waits up to acquire_timeout.
  Result<Lease> Acquire();
  // Acquire() without the retry window: opens a connection now even while the
  // database is marked failing. For the one background job that watches for
  // the database to come back; success closes the window at once, so requests
  // are served again without waiting out db_retry_after_ms.
  Result<Lease> AcquireNow();

  struct Stats {
    int open = 0;  // connections that exist (idle + leased)
    int idle = 0;
    int64_t opened_total = 0;
    int64_t discarded_total = 0;
    int64_t connect_failures_total = 0;
  };
  Stats GetStats() const;
  const ConnectionSettings& settings() const { return settings_; }

 private:
  void Return(std::unique_ptr<Connection> connection);

  const ConnectionSettings settings_;
  const PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int64_t opened_total_ = 0;
  int64_t discarded_total_ = 0;
  int64_t connect_failures_total_ = 0;
  std::optional<std::chrono::steady_clock::time_point> failing_until_;
  std::string last_failure_;
};

}  // namespace klussen::store
