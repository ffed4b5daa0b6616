// Locking of portfolio rows against a real MariaDB (the test server).
#include "store/portfolio_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/klus_store.h"
#include "support/test_db.h"

namespace klussen::store {
namespace {

using klussen::testing::TestDatabase;

class PortfolioStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    db_->Migrate();
  }

  int64_t Count(const std::string& sql) {
    auto c = db_->Connect();
    auto rows = c->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && !rows->empty() ? rows->Int(0, 0) : -1;
  }

  // Runs `body` for each member in its own transaction on its own connection;
  // every body has locked its member's row before any of them goes on.
  // Yields how many times the bodies ran (a deadlock victim runs again).
  int LockTogetherThen(const std::vector<portfolio::Guid>& members,
                       const std::function<Status(Connection&, portfolio::Guid)>& body) {
    std::atomic<size_t> holding{0};
    std::atomic<int> attempts{0};
    std::vector<Status> results(members.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < members.size(); ++i) {
      threads.emplace_back([&, i] {
        auto c = db_->Connect();
        bool first_attempt = true;
        results[i] = InTransaction(*c, [&]() -> Status {
          ++attempts;
          KL_ASSIGN_OR_RETURN(portfolio::Portfolio p, LoadPortfolio(*c, members[i], true));
          EXPECT_FALSE(p.exists);
          EXPECT_EQ(p.version, 0);
          if (first_attempt) {
            first_attempt = false;
            ++holding;
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (holding.load() < members.size() && std::chrono::steady_clock::now() < until)
              std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
          return body(*c, members[i]);
        });
      });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < members.size(); ++i)
      EXPECT_TRUE(results[i].ok()) << members[i] << ": " << results[i].ToString();
    return attempts.load();
  }

  std::unique_ptr<TestDatabase> db_;
};

// New members have neighbouring guids, so their first writes land in the same
// gap of the primary key. A locking read of a missing row takes a gap lock and
// each first insert then waits for the other's: a deadlock. Locking by
// inserting never holds a gap, so none of them runs twice.
TEST_F(PortfolioStoreTest, FirstWritesOfNeighbouringNewMembersDoNotDeadlock) {
  const std::vector<portfolio::Guid> members = {5001, 5002, 5003, 5004};
  const int64_t before = Count("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
  const int attempts = LockTogetherThen(members, [](Connection& c, portfolio::Guid guid) {
    portfolio::Portfolio p;
    p.user_guid = guid;
    p.about = "nieuw";
    return SavePortfolioRow(c, p, 1700000000);
  });
  EXPECT_EQ(attempts, 4) << "no transaction was run again";
  EXPECT_EQ(Count("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'"), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM klussen_portfolio WHERE version = 1 AND about = 'nieuw' "
                  "AND created_at = 1700000000"),
            4);
}

// Only SavePortfolioRow makes the placeholder real: a transaction that ends
// in an error leaves nothing, and a reader never sees version 0.
TEST_F(PortfolioStoreTest, ThePlaceholderRowIsNeverKept) {
  auto c = db_->Connect();
  Status failed = InTransaction(*c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(portfolio::Portfolio p, LoadPortfolio(*c, 6001, true));
    EXPECT_FALSE(p.exists);
    return Conflict("changed meanwhile");
  });
  EXPECT_EQ(failed.code(), StatusCode::kConflict);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM klussen_portfolio"), 0);

  ASSERT_TRUE(InTransaction(*c, [&]() -> Status {
                KL_ASSIGN_OR_RETURN(portfolio::Portfolio p, LoadPortfolio(*c, 6001, true));
                p.region = "Utrecht";
                return SavePortfolioRow(*c, p, 1700000100);
              }).ok());
  auto stored = LoadPortfolio(*c, 6001);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->exists);
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->region, "Utrecht");
  EXPECT_EQ(Count("SELECT created_at FROM klussen_portfolio WHERE user_guid = 6001"), 1700000100);

  // A later save keeps the creation time and counts the version on.
  ASSERT_TRUE(InTransaction(*c, [&]() -> Status {
                KL_ASSIGN_OR_RETURN(portfolio::Portfolio p, LoadPortfolio(*c, 6001, true));
                EXPECT_EQ(p.version, 1);
                EXPECT_EQ(p.region, "Utrecht");
                return SavePortfolioRow(*c, p, 1700000200);
              }).ok());
  EXPECT_EQ(Count("SELECT created_at FROM klussen_portfolio WHERE user_guid = 6001"), 1700000100);
  EXPECT_EQ(Count("SELECT version FROM klussen_portfolio WHERE user_guid = 6001"), 2);
}

// Two writers of the same new member are serialised: the second waits for
// the first and then sees its row, so a version check cannot be bypassed.
TEST_F(PortfolioStoreTest, TwoFirstWritesOfOneMemberAreSerialised) {
  std::atomic<bool> first_locked{false};
  std::atomic<bool> first_done{false};
  int second_saw_version = -1;
  std::thread first([&] {
    auto c = db_->Connect();
    Status s = InTransaction(*c, [&]() -> Status {
      KL_ASSIGN_OR_RETURN(portfolio::Portfolio p, LoadPortfolio(*c, 7001, true));
      first_locked = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      KL_RETURN_IF_ERROR(SavePortfolioRow(*c, p, 1700000000));
      first_done = true;
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
  });
  while (!first_locked.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto c = db_->Connect();
  Status s = InTransaction(*c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(portfolio::Portfolio p, LoadPortfolio(*c, 7001, true));
    EXPECT_TRUE(first_done.load()) << "the second lock waited for the first commit";
    second_saw_version = p.version;
    return SavePortfolioRow(*c, p, 1700000001);
  });
  first.join();
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(second_saw_version, 1);
  EXPECT_EQ(Count("SELECT version FROM klussen_portfolio WHERE user_guid = 7001"), 2);
}

}  // namespace
}  // namespace klussen::store
