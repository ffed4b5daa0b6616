#include "store/database.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/metadata.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <cstdio>
#include <cstdlib>
#include <functional>

#include "common/config.h"
#include "common/log.h"

namespace klussen::store {
namespace {

sql::mysql::MySQL_Driver* g_driver = nullptr;

sql::mysql::MySQL_Driver* Driver() {
  if (g_driver == nullptr) std::abort();  // InitDriver() must run in main first
  return g_driver;
}

int CeilSeconds(int millis) { return millis <= 0 ? 1 : (millis + 999) / 1000; }

// "10.11.6-MariaDB-0+deb12u1": MariaDB has had INSERT ... RETURNING since 10.5; MySQL has none.
bool ServerHasInsertReturning(const std::string& version) {
  if (version.find("MariaDB") == std::string::npos) return false;
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2) return false;
  return major > 10 || (major == 10 && minor >= 5);
}

}  // namespace

void InitDriver() {
  if (g_driver == nullptr) g_driver = sql::mysql::get_mysql_driver_instance();
}
void ThreadInit() { Driver()->threadInit(); }
void ThreadEnd() { Driver()->threadEnd(); }

ConnectionSettings ConnectionSettings::FromConfig(const Config& config) {
  ConnectionSettings s;
  s.host = config.GetString("db_host");
  s.port = static_cast<int>(config.GetInt("db_port"));
  s.socket = config.GetString("db_socket");
  s.user = config.GetString("db_user");
  s.password = config.GetString("db_password");
  s.database = config.GetString("db_name");
  s.connect_timeout_ms = static_cast<int>(config.GetInt("db_connect_timeout_ms"));
  s.read_timeout_ms = static_cast<int>(config.GetInt("db_read_timeout_ms"));
  s.write_timeout_ms = static_cast<int>(config.GetInt("db_write_timeout_ms"));
  s.lock_wait_timeout_ms = static_cast<int>(config.GetInt("db_lock_wait_timeout_ms"));
  return s;
}

std::string ConnectionSettings::Describe() const {
  std::string where =
      socket.empty() ? "tcp:" + host + ":" + std::to_string(port) : "unix:" + socket;
  return where + " db=" + database + " user=" + user;
}

const std::string& QueryResult::Text(size_t row, size_t col) const {
  static const std::string kEmpty;
  const auto& cell = rows.at(row).at(col);
  return cell ? *cell : kEmpty;
}

int64_t QueryResult::Int(size_t row, size_t col) const {
  const auto& cell = rows.at(row).at(col);
  if (!cell || cell->empty()) return 0;
  return std::strtoll(cell->c_str(), nullptr, 10);
}

bool IsConnectionLostError(int code) {
  switch (code) {
    case 1053:  // server shutdown in progress
    case 1927:  // connection was killed (MariaDB)
    case 2002:  // can't connect through socket
    case 2003:  // can't connect to server
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
    case 2055:  // lost connection at reading ...
    case 2056:  // statement closed indirectly
    case 2014:  // commands out of sync: never reuse such a link
      return true;
    default:
      return false;
  }
}

Connection::Connection(std::unique_ptr<sql::Connection> connection, bool insert_returning)
    : connection_(std::move(connection)),
      insert_returning_(insert_returning),
      opened_at_(std::chrono::steady_clock::now()),
      last_used_(opened_at_) {}

Connection::~Connection() {
  // Statements must go before their connection.
  statements_.clear();
  try {
    if (connection_) connection_->close();
  } catch (const sql::SQLException&) {
    // The link is already gone; nothing to release on the server.
  }
}

Result<std::unique_ptr<Connection>> Connection::Open(const ConnectionSettings& settings) {
  sql::ConnectOptionsMap options;
  options["hostName"] =
      settings.socket.empty()
          ? sql::SQLString("tcp://" + settings.host + ":" + std::to_string(settings.port))
          : sql::SQLString("unix://" + settings.socket);
  options["userName"] = sql::SQLString(settings.user);
  options["password"] = sql::SQLString(settings.password);
  options["schema"] = sql::SQLString(settings.database);
  options["OPT_RECONNECT"] = false;
  options["OPT_CONNECT_TIMEOUT"] = CeilSeconds(settings.connect_timeout_ms);
  options["OPT_READ_TIMEOUT"] = CeilSeconds(settings.read_timeout_ms);
  options["OPT_WRITE_TIMEOUT"] = CeilSeconds(settings.write_timeout_ms);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["CLIENT_MULTI_STATEMENTS"] = false;
  options["OPT_LOCAL_INFILE"] = 0;
  // Session state the code relies on; set once per connection (there is no
  // silent reconnect that could drop it).
  options["postInit"] = sql::SQLString(
      "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
      "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', innodb_lock_wait_timeout = " +
      std::to_string(CeilSeconds(settings.lock_wait_timeout_ms)));
  try {
    std::unique_ptr<sql::Connection> raw(Driver()->connect(options));
    const bool returning =
        settings.insert_returning &&
        ServerHasInsertReturning(std::string(raw->getMetaData()->getDatabaseProductVersion()));
    return std::unique_ptr<Connection>(new Connection(std::move(raw), returning));
  } catch (const sql::SQLException& e) {
    int code = e.getErrorCode();
    std::string message = "cannot connect to the database (" + settings.Describe() +
                          "): " + e.what() + " [" + std::to_string(code) + "]";
    if (code == 1045 || code == 1044 || code == 1049) return FailedPrecondition(message);
    return Unavailable(message);
  }
}

Status Connection::Fail(std::string_view what, int code, std::string_view sql_state,
                        std::string_view message) {
  // The server's own text goes to the log only: it names tables and values
  // and means nothing to the person who sent the request.
  last_error_code_ = code;
  const std::string detail = std::string(what) + ": " + std::string(message) + " [" +
                             std::to_string(code) + "/" + std::string(sql_state) + "]";
  if (IsConnectionLostError(code) || sql_state.rfind("08", 0) == 0) {
    broken_ = true;
    log::Warn("database connection lost", {{"detail", detail}});
    return Unavailable("the database cannot be reached; try again shortly");
  }
  switch (code) {
    case 1062:  // duplicate key
      log::Info("database refused a duplicate", {{"detail", detail}});
      return Conflict("this already exists");
    case 1213:  // deadlock: InTransaction runs the whole transaction again
    case 1205:  // lock wait timeout
      log::Info("database transaction collided", {{"detail", detail}});
      return Conflict("the same data was being changed at the same moment; try again");
    case 1406:  // data too long for column
      log::Warn("database refused a value as too long", {{"detail", detail}});
      return InvalidArgument("a value is too long");
    default:
      log::Warn("database error", {{"detail", detail}});
      return Internal("database error");
  }
}

Result<sql::PreparedStatement*> Connection::Prepare(std::string_view sql,
                                                    const std::vector<SqlParam>& params) {
  if (broken_) return Unavailable("database connection is broken");
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    try {
      std::unique_ptr<sql::PreparedStatement> statement(
          connection_->prepareStatement(sql::SQLString(std::string(sql))));
      it = statements_.emplace(std::string(sql), std::move(statement)).first;
    } catch (const sql::SQLException& e) {
      return Fail("preparing statement", e.getErrorCode(), e.getSQLState(), e.what());
    }
  }
  sql::PreparedStatement* statement = it->second.get();
  try {
    statement->clearParameters();
    unsigned int index = 1;
    for (const auto& param : params) {
      if (std::holds_alternative<std::nullptr_t>(param)) {
        statement->setNull(index, 0);
      } else if (const auto* number = std::get_if<int64_t>(&param)) {
        statement->setInt64(index, *number);
      } else {
        statement->setString(index, sql::SQLString(std::get<std::string>(param)));
      }
      ++index;
    }
  } catch (const sql::SQLException& e) {
    return Fail("binding parameters", e.getErrorCode(), e.getSQLState(), e.what());
  }
  last_used_ = std::chrono::steady_clock::now();
  return statement;
}

Result<QueryResult> Connection::Query(std::string_view sql, const std::vector<SqlParam>& params,
                                      size_t max_rows) {
  KL_ASSIGN_OR_RETURN(sql::PreparedStatement * statement, Prepare(sql, params));
  try {
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery());
    QueryResult result;
    sql::ResultSetMetaData* meta = rows->getMetaData();
    unsigned int columns = meta->getColumnCount();
    for (unsigned int c = 1; c <= columns; ++c) result.columns.push_back(meta->getColumnLabel(c));
    while (rows->next()) {
      if (result.rows.size() >= max_rows) {
        return Internal("query returned more than " + std::to_string(max_rows) + " rows");
      }
      std::vector<std::optional<std::string>> row;
      row.reserve(columns);
      for (unsigned int c = 1; c <= columns; ++c) {
        if (rows->isNull(c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(rows->getString(c).asStdString());
        }
      }
      result.rows.push_back(std::move(row));
    }
    return result;
  } catch (const sql::SQLException& e) {
    return Fail("query", e.getErrorCode(), e.getSQLState(), e.what());
  }
}

Result<uint64_t> Connection::Execute(std::string_view sql, const std::vector<SqlParam>& params) {
  KL_ASSIGN_OR_RETURN(sql::PreparedStatement * statement, Prepare(sql, params));
  try {
    return static_cast<uint64_t>(statement->executeUpdate());
  } catch (const sql::SQLException& e) {
    return Fail("statement", e.getErrorCode(), e.getSQLState(), e.what());
  }
}

Result<int64_t> Connection::InsertAndGetId(std::string_view insert_sql,
                                           const std::vector<SqlParam>& params) {
  if (insert_returning_) {
    KL_ASSIGN_OR_RETURN(QueryResult result,
                        Query(std::string(insert_sql) + " RETURNING id", params, 1));
    if (result.size() != 1) return Internal("an INSERT ... RETURNING id answered no row");
    return result.Int(0, 0);
  }
  KL_RETURN_IF_ERROR(Execute(insert_sql, params).status());
  KL_ASSIGN_OR_RETURN(QueryResult result, Query("SELECT LAST_INSERT_ID()"));
  return result.Int(0, 0);
}

// An explicit transaction on a connection that stays in autocommit mode:
// one statement to begin and one to end, where switching autocommit off and
// on again costs a round trip more per transaction.
Status Connection::Begin() {
  last_error_code_ = 0;
  if (broken_) return Unavailable("database connection is broken");
  return Execute("START TRANSACTION").status();
}

Status Connection::Commit() {
  if (broken_) return Unavailable("database connection is broken");
  return Execute("COMMIT").status();
}

Status Connection::Rollback() {
  if (broken_) return Unavailable("database connection is broken");
  return Execute("ROLLBACK").status();
}

bool Connection::Ping() {
  if (broken_) return false;
  try {
    // isValid() pings with auto-reconnect forced off (Connector 1.1.5+).
    if (!connection_->isValid()) broken_ = true;
  } catch (const sql::SQLException&) {
    broken_ = true;
  }
  if (!broken_) last_used_ = std::chrono::steady_clock::now();
  return !broken_;
}

PoolOptions PoolOptions::FromConfig(const Config& config) {
  PoolOptions options;
  options.size = static_cast<int>(config.GetInt("http_worker_threads")) + 2;
  options.validate_idle = std::chrono::milliseconds(config.GetInt("db_validate_idle_ms"));
  options.max_lifetime = std::chrono::milliseconds(config.GetInt("db_max_lifetime_ms"));
  options.retry_after = std::chrono::milliseconds(config.GetInt("db_retry_after_ms"));
  options.acquire_timeout = std::chrono::milliseconds(config.GetInt("db_connect_timeout_ms"));
  return options;
}

Pool::Pool(ConnectionSettings settings, PoolOptions options)
    : settings_(std::move(settings)), options_(options) {}

Pool::~Pool() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (static_cast<size_t>(open_) != idle_.size()) std::abort();  // a Lease outlived its Pool
  idle_.clear();
}

Pool::Lease::Lease(Pool* pool, std::unique_ptr<Connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}
Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}
Pool::Lease::~Lease() {
  if (connection_) pool_->Return(std::move(connection_));
}

Result<Pool::Lease> Pool::Acquire() {
  const auto now = std::chrono::steady_clock::now();
  const auto deadline = now + options_.acquire_timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (failing_until_ && std::chrono::steady_clock::now() < *failing_until_) {
      return Unavailable("database unavailable (retrying shortly): " + last_failure_);
    }
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      bool too_old = now - connection->opened_at() > options_.max_lifetime;
      bool needs_ping = now - connection->last_used() > options_.validate_idle;
      if (!too_old && needs_ping) {
        lock.unlock();
        bool alive = connection->Ping();
        lock.lock();
        too_old = !alive;
      }
      if (too_old || connection->broken()) {
        --open_;
        ++discarded_total_;
        lock.unlock();
        connection.reset();  // close outside the lock
        lock.lock();
        continue;
      }
      return Lease(this, std::move(connection));
    }
    if (open_ < options_.size) {
      ++open_;
      lock.unlock();
      auto opened = Connection::Open(settings_);
      lock.lock();
      if (!opened.ok()) {
        --open_;
        ++connect_failures_total_;
        last_failure_ = opened.status().message();
        failing_until_ = std::chrono::steady_clock::now() + options_.retry_after;
        available_.notify_one();
        return opened.status();
      }
      failing_until_.reset();
      ++opened_total_;
      return Lease(this, std::move(opened).value());
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.size) {
      return Unavailable("no database connection free within " +
                         std::to_string(options_.acquire_timeout.count()) + " ms");
    }
  }
}

Result<Pool::Lease> Pool::AcquireNow() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // A failed attempt below sets the window again.
    failing_until_.reset();
  }
  return Acquire();
}

void Pool::Return(std::unique_ptr<Connection> connection) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (connection->broken()) {
    --open_;
    ++discarded_total_;
    lock.unlock();
    connection.reset();
    lock.lock();
  } else {
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

Pool::Stats Pool::GetStats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Stats stats;
  stats.open = open_;
  stats.idle = static_cast<int>(idle_.size());
  stats.opened_total = opened_total_;
  stats.discarded_total = discarded_total_;
  stats.connect_failures_total = connect_failures_total_;
  return stats;
}

}  // namespace klussen::store
