#include "store/migrations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "support/test_db.h"

namespace klussen::store {
namespace {

using klussen::testing::TestDatabase;

TEST(StoreMigrationsTest, SplitsStatementsAtLineEndSemicolons) {
  auto statements = SplitStatements(
      "-- a comment\nCREATE TABLE a (\n  x INT -- inline stays\n);\n\n  -- another\n"
      "INSERT INTO a VALUES (1);\nUPDATE a SET x = 2");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE a (\n  x INT -- inline stays\n)");
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES (1)");
  EXPECT_EQ(statements[2], "UPDATE a SET x = 2");
}

TEST(StoreMigrationsTest, EmbeddedMigrationsAreNumberedFromOne) {
  const auto& migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
    EXPECT_FALSE(SplitStatements(migrations[i].sql).empty()) << migrations[i].name;
  }
  EXPECT_EQ(migrations[0].name, "0001_schema_migrations");
}

TEST(StoreMigrationsTest, FreshDatabaseIsBehindThenCurrentAndMigrateIsIdempotent) {
  auto db = TestDatabase::Create();
  auto c = db->Connect();
  auto before = InspectSchema(*c, EmbeddedMigrations());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_FALSE(before->IsCurrent());
  EXPECT_EQ(before->current, 0);
  EXPECT_EQ(before->pending.size(), EmbeddedMigrations().size());
  EXPECT_NE(before->Describe().find("klussen-sidecar migrate"), std::string::npos);

  auto applied = ApplyMigrations(*c, EmbeddedMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->size(), EmbeddedMigrations().size());
  auto after = InspectSchema(*c, EmbeddedMigrations());
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->IsCurrent());
  EXPECT_EQ(after->current, after->latest);

  auto again = ApplyMigrations(*c, EmbeddedMigrations());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST(StoreMigrationsTest, EditedMigrationIsDetectedAndMigrateRefuses) {
  auto db = TestDatabase::Create();
  auto c = db->Connect();
  std::vector<Migration> migrations = EmbeddedMigrations();
  migrations.push_back({static_cast<int>(migrations.size()) + 1, "9999_test_table",
                        "CREATE TABLE klussen_test_a (id INT PRIMARY KEY);"});
  ASSERT_TRUE(ApplyMigrations(*c, migrations).ok());
  migrations.back().sql = "CREATE TABLE klussen_test_a (id BIGINT PRIMARY KEY);";
  auto state = InspectSchema(*c, migrations);
  ASSERT_TRUE(state.ok());
  EXPECT_FALSE(state->IsCurrent());
  EXPECT_EQ(state->modified, std::vector<std::string>{"9999_test_table"});
  auto refused = ApplyMigrations(*c, migrations);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("changed after they were applied"), std::string::npos);
}

TEST(StoreMigrationsTest, MigrationAppliedByNewerBinaryIsReportedNotFatal) {
  auto db = TestDatabase::Create();
  auto c = db->Connect();
  std::vector<Migration> newer = EmbeddedMigrations();
  newer.push_back({static_cast<int>(newer.size()) + 1, "9999_newer",
                   "CREATE TABLE klussen_test_newer (id INT PRIMARY KEY);"});
  ASSERT_TRUE(ApplyMigrations(*c, newer).ok());
  auto state = InspectSchema(*c, EmbeddedMigrations());
  ASSERT_TRUE(state.ok());
  EXPECT_TRUE(state->IsCurrent());
  EXPECT_EQ(state->unknown.size(), 1u);
}

TEST(StoreMigrationsTest, FailingMigrationIsNamedAndNotRecorded) {
  auto db = TestDatabase::Create();
  auto c = db->Connect();
  std::vector<Migration> migrations = EmbeddedMigrations();
  migrations.push_back({static_cast<int>(migrations.size()) + 1, "9999_broken",
                        "CREATE TABLE klussen_test_b (id INT);\nCREATE TABLE oops (;\n"});
  auto result = ApplyMigrations(*c, migrations);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("9999_broken"), std::string::npos);
  auto state = InspectSchema(*c, migrations);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->pending, std::vector<int>{migrations.back().version});
}

// grants.sql must give the runtime and migrate users every klussen_* table
// the migrations create.
TEST(StoreMigrationsTest, GrantsCoverEveryTableOfTheMigrations) {
  std::ifstream file(testing::SourcePath("sql/grants.sql"));
  std::stringstream grants;
  grants << file.rdbuf();
  std::regex create(R"(CREATE TABLE (?:IF NOT EXISTS )?`?(klussen_[a-z0-9_]+))", std::regex::icase);
  int tables = 0;
  for (const auto& migration : EmbeddedMigrations()) {
    for (std::sregex_iterator it(migration.sql.begin(), migration.sql.end(), create), end;
         it != end; ++it) {
      std::string table = (*it)[1];
      ++tables;
      EXPECT_NE(grants.str().find("`{db}`.`" + table + "` TO '{user}'@"), std::string::npos)
          << table;
      EXPECT_NE(grants.str().find("`{db}`.`" + table + "` TO '{user}_migrate'@"), std::string::npos)
          << table;
    }
  }
  EXPECT_GT(tables, 0);
}

}  // namespace
}  // namespace klussen::store
