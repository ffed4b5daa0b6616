// Connection and Pool against a real MariaDB (the test server).
#include "store/database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "store/klus_store.h"
#include "support/test_db.h"

namespace klussen::store {
namespace {

using klussen::testing::TestDatabase;

class StoreDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    db_->RunSql(
        "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(200) NULL, note TEXT NULL) "
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  }
  std::unique_ptr<TestDatabase> db_;
};

TEST_F(StoreDatabaseTest, HostileTextRoundTripsThroughBoundParameters) {
  auto c = db_->Connect();
  const std::vector<std::string> hostile = {
      "'; DROP TABLE t; --",         "Robert'); DELETE FROM t WHERE ('1'='1", "\\' OR 1=1 #",
      "<script>alert('x')</script>", "emoji 🧑‍💻 en RTL \u202Eabc",    "d'Hondt \"quoted\""};
  for (size_t i = 0; i < hostile.size(); ++i) {
    auto inserted = c->Execute("INSERT INTO t (id, name) VALUES (?, ?)",
                               {static_cast<int64_t>(i + 1), hostile[i]});
    ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
    EXPECT_EQ(*inserted, 1u);
  }
  auto rows = c->Query("SELECT name FROM t WHERE name = ? ORDER BY id", {hostile[0]});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->Text(0, 0), hostile[0]);
  auto all = c->Query("SELECT id, name, note FROM t ORDER BY id");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), hostile.size());
  for (size_t i = 0; i < hostile.size(); ++i) EXPECT_EQ(all->Text(i, 1), hostile[i]);
  EXPECT_TRUE(all->IsNull(0, 2));
  EXPECT_EQ(all->columns, (std::vector<std::string>{"id", "name", "note"}));
}

TEST_F(StoreDatabaseTest, NullParameterAndDuplicateKeyConflict) {
  auto c = db_->Connect();
  ASSERT_TRUE(c->Execute("INSERT INTO t (id, name) VALUES (?, ?)", {int64_t{1}, nullptr}).ok());
  auto duplicate = c->Execute("INSERT INTO t (id, name) VALUES (?, ?)", {int64_t{1}, "x"});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.status().code(), StatusCode::kConflict);
  // The server's text (table, key, value) is logged, never answered.
  EXPECT_EQ(duplicate.status().message().find("Duplicate"), std::string::npos)
      << duplicate.status().message();
  EXPECT_EQ(c->last_error_code(), 1062);
  EXPECT_FALSE(c->broken());
  auto rows = c->Query("SELECT name FROM t WHERE id = ?", {int64_t{1}});
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->IsNull(0, 0));
}

TEST_F(StoreDatabaseTest, SyntaxErrorIsInternalAndKeepsTheConnection) {
  auto c = db_->Connect();
  auto bad = c->Query("SELEC nothing");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInternal);
  EXPECT_EQ(bad.status().message().find("SELEC"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(c->broken());
  EXPECT_TRUE(c->Query("SELECT 1").ok());
}

// Two transactions taking the same two rows in opposite order deadlock; the
// server rolls one back (1213). InTransaction runs that one again, so both
// succeed and each change is there exactly once.
TEST_F(StoreDatabaseTest, ADeadlockVictimIsRunAgainAndBothTransactionsLand) {
  auto setup = db_->Connect();
  ASSERT_TRUE(setup->Execute("INSERT INTO t (id, note) VALUES (1, ''), (2, '')").ok());
  std::atomic<int> holding{0};
  std::atomic<int> attempts{0};
  auto writer = [&](int64_t first, int64_t second, const std::string& mark, Status* result) {
    auto c = db_->Connect();
    bool first_attempt = true;
    *result = InTransaction(*c, [&]() -> Status {
      ++attempts;
      const std::string sql = "UPDATE t SET note = CONCAT(note, ?) WHERE id = ?";
      KL_RETURN_IF_ERROR(c->Execute(sql, {mark, first}).status());
      if (first_attempt) {  // both hold their first row before either takes the second
        first_attempt = false;
        ++holding;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (holding.load() < 2 && std::chrono::steady_clock::now() < until) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
      return c->Execute(sql, {mark, second}).status();
    });
  };
  Status a, b;
  std::thread ta(writer, 1, 2, "A", &a);
  std::thread tb(writer, 2, 1, "B", &b);
  ta.join();
  tb.join();
  EXPECT_TRUE(a.ok()) << a.ToString();
  EXPECT_TRUE(b.ok()) << b.ToString();
  EXPECT_EQ(attempts.load(), 3) << "one of the two ran again";
  auto rows = setup->Query("SELECT note FROM t ORDER BY id");
  ASSERT_TRUE(rows.ok());
  for (size_t i = 0; i < 2; ++i) {
    std::string note = rows->Text(i, 0);
    std::sort(note.begin(), note.end());
    EXPECT_EQ(note, "AB") << "row " << i + 1 << " holds each change once: " << rows->Text(i, 0);
  }
}

// A transaction waiting for a row that another one holds gets 1205 after the
// session's lock wait timeout (not the server's 50 s default, which would
// outlast the read timeout and break the connection) and is run again; once
// the holder commits, it lands.
TEST_F(StoreDatabaseTest, ALockWaitTimesOutAtTheSettingAndIsRunAgain) {
  auto holder = db_->Connect();
  ASSERT_TRUE(holder->Execute("INSERT INTO t (id, note) VALUES (1, '')").ok());
  ConnectionSettings settings = db_->RootSettings();
  settings.lock_wait_timeout_ms = 1000;
  auto waiter = Connection::Open(settings);
  ASSERT_TRUE(waiter.ok()) << waiter.status().ToString();
  auto timeout = (*waiter)->Query("SELECT @@session.innodb_lock_wait_timeout");
  ASSERT_TRUE(timeout.ok());
  EXPECT_EQ(timeout->Text(0, 0), "1");

  ASSERT_TRUE(holder->Begin().ok());
  ASSERT_TRUE(holder->Query("SELECT id FROM t WHERE id = 1 FOR UPDATE").ok());
  std::atomic<int> attempts{0};
  Status waited;
  const auto start = std::chrono::steady_clock::now();
  std::thread t([&] {
    waited = InTransaction(**waiter, [&]() -> Status {
      ++attempts;
      return (*waiter)->Execute("UPDATE t SET note = 'waited' WHERE id = 1").status();
    });
  });
  // Hold the row through the first wait (1 s) only.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (attempts.load() < 2 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(holder->Commit().ok());
  t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(waited.ok()) << waited.ToString();
  EXPECT_GE(attempts.load(), 2) << "the timed-out attempt was run again";
  EXPECT_FALSE((*waiter)->broken());
  EXPECT_LT(seconds, 8.0) << "waited for the setting, not the server's 50 s default";
  auto note = holder->Query("SELECT note FROM t WHERE id = 1");
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->Text(0, 0), "waited");
}

// Both forms answer the new row's id and map a duplicate to a conflict: the
// one-statement RETURNING form the test server (MariaDB) gets, and the
// INSERT + LAST_INSERT_ID() form a MySQL host gets.
TEST_F(StoreDatabaseTest, InsertAndGetIdAnswersTheNewIdInBothForms) {
  db_->RunSql(
      "CREATE TABLE auto_t (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL, "
      "UNIQUE KEY (name)) ENGINE=InnoDB");
  ConnectionSettings plain = db_->RootSettings();
  plain.insert_returning = false;
  auto returning = Connection::Open(db_->RootSettings());
  auto two_statements = Connection::Open(plain);
  ASSERT_TRUE(returning.ok() && two_statements.ok());
  EXPECT_TRUE((*returning)->uses_insert_returning()) << "MariaDB 10.11 has INSERT ... RETURNING";
  EXPECT_FALSE((*two_statements)->uses_insert_returning());
  int64_t previous = 0;
  int n = 0;
  for (Connection* c : {returning->get(), two_statements->get(), returning->get()}) {
    const std::string name = "row" + std::to_string(++n);
    Result<int64_t> id = c->InsertAndGetId("INSERT INTO auto_t (name) VALUES (?)", {name});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    EXPECT_GT(*id, previous);
    auto stored = c->Query("SELECT name FROM auto_t WHERE id = ?", {*id});
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ(stored->Text(0, 0), name);
    previous = *id;
    Result<int64_t> again = c->InsertAndGetId("INSERT INTO auto_t (name) VALUES (?)", {name});
    EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  }
}

// A failure that is not a collision is not retried.
TEST_F(StoreDatabaseTest, OtherFailuresAreNotRunAgain) {
  auto c = db_->Connect();
  int attempts = 0;
  Status status = InTransaction(*c, [&]() -> Status {
    ++attempts;
    KL_RETURN_IF_ERROR(c->Execute("INSERT INTO t (id) VALUES (7)").status());
    return c->Execute("INSERT INTO t (id) VALUES (7)").status();
  });
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(attempts, 1);
  auto rows = c->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 0) << "rolled back";
}

TEST_F(StoreDatabaseTest, RollbackLeavesNothing) {
  auto c = db_->Connect();
  ASSERT_TRUE(c->Begin().ok());
  ASSERT_TRUE(c->Execute("INSERT INTO t (id) VALUES (?)", {int64_t{7}}).ok());
  ASSERT_TRUE(c->Rollback().ok());
  auto count = c->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0, 0), 0);
  ASSERT_TRUE(c->Begin().ok());
  ASSERT_TRUE(c->Execute("INSERT INTO t (id) VALUES (?)", {int64_t{8}}).ok());
  ASSERT_TRUE(c->Commit().ok());
  count = c->Query("SELECT COUNT(*) FROM t");
  EXPECT_EQ(count->Int(0, 0), 1);
}

TEST_F(StoreDatabaseTest, UnboundedResultIsRefused) {
  auto c = db_->Connect();
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(c->Execute("INSERT INTO t (id) VALUES (?)", {int64_t{i}}).ok());
  auto rows = c->Query("SELECT id FROM t", {}, 3);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("more than 3 rows"), std::string::npos);
}

TEST_F(StoreDatabaseTest, KilledConnectionIsBrokenAndThePoolReplacesIt) {
  PoolOptions options;
  options.size = 2;
  options.validate_idle = std::chrono::milliseconds(0);  // ping on every reuse
  Pool pool(db_->RootSettings(), options);
  int64_t first_id = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status().ToString();
    auto id = (*lease)->Query("SELECT CONNECTION_ID()");
    ASSERT_TRUE(id.ok());
    first_id = id->Int(0, 0);
    auto killer = db_->Connect();
    ASSERT_TRUE(killer->Execute("KILL ?", {first_id}).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto after = (*lease)->Query("SELECT 1");
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.status().code(), StatusCode::kUnavailable);
    EXPECT_TRUE((*lease)->broken());
  }
  EXPECT_EQ(pool.GetStats().discarded_total, 1);
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status().ToString();
  auto id = (*lease)->Query("SELECT CONNECTION_ID()");
  ASSERT_TRUE(id.ok());
  EXPECT_NE(id->Int(0, 0), first_id);
}

TEST_F(StoreDatabaseTest, IdleConnectionKilledBehindOurBackIsDetectedByPing) {
  PoolOptions options;
  options.size = 1;
  options.validate_idle = std::chrono::milliseconds(0);
  Pool pool(db_->RootSettings(), options);
  int64_t id = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    id = (*lease)->Query("SELECT CONNECTION_ID()")->Int(0, 0);
  }
  auto killer = db_->Connect();
  ASSERT_TRUE(killer->Execute("KILL ?", {id}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto lease = pool.Acquire();  // pings the idle one, finds it dead, opens another
  ASSERT_TRUE(lease.ok()) << lease.status().ToString();
  auto works = (*lease)->Query("SELECT 1");
  EXPECT_TRUE(works.ok());
  EXPECT_EQ(pool.GetStats().discarded_total, 1);
}

TEST_F(StoreDatabaseTest, PoolNeverOpensMoreThanItsSize) {
  PoolOptions options;
  options.size = 2;
  options.acquire_timeout = std::chrono::milliseconds(200);
  Pool pool(db_->RootSettings(), options);
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  auto start = std::chrono::steady_clock::now();
  auto c = pool.Acquire();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_EQ(pool.GetStats().open, 2);
}

TEST_F(StoreDatabaseTest, DownDatabaseFailsFastWithinRetryWindow) {
  ConnectionSettings settings = db_->RootSettings();
  settings.socket = "/nonexistent/klussen.sock";
  PoolOptions options;
  options.retry_after = std::chrono::milliseconds(60000);
  Pool pool(settings, options);
  auto first = pool.Acquire();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), StatusCode::kUnavailable);
  auto second = pool.Acquire();
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("retrying shortly"), std::string::npos);
  EXPECT_EQ(pool.GetStats().connect_failures_total, 1);  // no second connect attempt
}

// The watcher that waits for the database to come back connects on its own
// schedule, not the requests' retry window.
TEST_F(StoreDatabaseTest, AcquireNowConnectsInsideTheRetryWindow) {
  ConnectionSettings settings = db_->RootSettings();
  settings.socket = "/nonexistent/klussen.sock";
  PoolOptions options;
  options.retry_after = std::chrono::milliseconds(60000);
  Pool pool(settings, options);
  ASSERT_FALSE(pool.Acquire().ok());
  auto now = pool.AcquireNow();
  ASSERT_FALSE(now.ok());
  EXPECT_EQ(now.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(pool.GetStats().connect_failures_total, 2);
  // ...and a failure closes the window for requests again.
  EXPECT_NE(pool.Acquire().status().message().find("retrying shortly"), std::string::npos);
  EXPECT_EQ(pool.GetStats().connect_failures_total, 2);

  Pool healthy(db_->RootSettings(), options);
  auto lease = healthy.AcquireNow();
  ASSERT_TRUE(lease.ok()) << lease.status().message();
}

TEST_F(StoreDatabaseTest, UnknownDatabaseIsAConfigurationProblem) {
  ConnectionSettings settings = db_->RootSettings();
  settings.database = "klussen_no_such_database";
  auto connection = Connection::Open(settings);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(connection.status().message().find("klussen_no_such_database"), std::string::npos);
}

TEST_F(StoreDatabaseTest, SessionRunsInUtcWithStrictMode) {
  auto c = db_->Connect();
  auto rows = c->Query(
      "SELECT @@session.time_zone, @@session.sql_mode, @@session.innodb_lock_wait_timeout");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Text(0, 0), "+00:00");
  EXPECT_NE(rows->Text(0, 1).find("STRICT_ALL_TABLES"), std::string::npos);
  EXPECT_EQ(rows->Text(0, 2), "3") << "db_lock_wait_timeout_ms's default, not the server's 50";
}

}  // namespace
}  // namespace klussen::store
