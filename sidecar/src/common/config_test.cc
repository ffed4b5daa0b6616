#include "common/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace klussen {
namespace {

const char* kMinimal = "db_name = elgg\ndb_user = klussen\n";

Result<Config> ParseText(const std::string& text, std::map<std::string, std::string> env = {}) {
  return Config::Parse(text, "test.conf", env);
}

TEST(ConfigTest, MinimalFileGetsDefaults) {
  auto config = ParseText(kMinimal);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetString("db_name"), "elgg");
  EXPECT_EQ(config->GetInt("listen_port"), 8377);
  EXPECT_EQ(config->GetString("listen_address"), "127.0.0.1");
  EXPECT_TRUE(config->GetBool("host_klussen_tool_default"));
  EXPECT_EQ(
      config->GetList("host_profile_fields"),
      (std::vector<std::string>{"skills", "interests", "description", "location", "organisation"}));
  EXPECT_EQ(config->Origin("listen_port"), "default");
  EXPECT_EQ(config->Origin("db_name"), "test.conf:1");
}

TEST(ConfigTest, CommentsQuotesAndBlankLines) {
  auto config = ParseText("# comment\n\n  db_name = \"my db\"  \ndb_user=k\n; old style\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetString("db_name"), "my db");
  EXPECT_EQ(config->GetString("db_user"), "k");
}

TEST(ConfigTest, BadValueNamesTheKey) {
  auto config = ParseText(std::string(kMinimal) + "listen_port = eighty\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("'listen_port'"), std::string::npos);
  EXPECT_NE(config.status().message().find("test.conf:3"), std::string::npos);
}

TEST(ConfigTest, OutOfRangeIntegerIsRefused) {
  auto config = ParseText(std::string(kMinimal) + "http_worker_threads = 0\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("http_worker_threads"), std::string::npos);
  EXPECT_NE(config.status().message().find("between 1 and 256"), std::string::npos);
}

TEST(ConfigTest, EnumAndBoolAreChecked) {
  EXPECT_FALSE(ParseText(std::string(kMinimal) + "host_generation = elgg2\n").ok());
  EXPECT_FALSE(ParseText(std::string(kMinimal) + "host_klussen_tool_default = maybe\n").ok());
  auto ok = ParseText(std::string(kMinimal) + "host_generation = elgg3\nlog_level = debug\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->GetString("host_generation"), "elgg3");
}

TEST(ConfigTest, UnknownAndDuplicateKeysAreErrors) {
  auto unknown = ParseText(std::string(kMinimal) + "listen_prot = 1\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown config key 'listen_prot'"), std::string::npos);
  auto twice = ParseText(std::string(kMinimal) + "db_name = other\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("set twice"), std::string::npos);
}

TEST(ConfigTest, LineWithoutEqualsIsAnError) {
  auto config = ParseText(std::string(kMinimal) + "listen_port 80\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("test.conf:3"), std::string::npos);
}

TEST(ConfigTest, MissingRequiredKeyNamesKeyAndVariable) {
  auto config = ParseText("db_user = k\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("'db_name'"), std::string::npos);
  EXPECT_NE(config.status().message().find("KLUSSEN_DB_NAME"), std::string::npos);
}

TEST(ConfigTest, EnvironmentOverridesFile) {
  auto config = ParseText(kMinimal, {{"KLUSSEN_DB_NAME", "from_env"},
                                     {"KLUSSEN_LISTEN_PORT", "9000"},
                                     {"KLUSSEN_TEST_MYSQL_SOCKET", "/ignored"}});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetString("db_name"), "from_env");
  EXPECT_EQ(config->GetInt("listen_port"), 9000);
  EXPECT_EQ(config->Origin("listen_port"), "env KLUSSEN_LISTEN_PORT");
  auto bad = ParseText(kMinimal, {{"KLUSSEN_LISTEN_PORT", "99999"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("env KLUSSEN_LISTEN_PORT"), std::string::npos);
}

TEST(ConfigTest, ReloadAcceptsOnlyReloadableKeys) {
  auto before = ParseText(kMinimal);
  auto level = ParseText(std::string(kMinimal) + "log_level = debug\n");
  auto port = ParseText(std::string(kMinimal) + "listen_port = 9999\n");
  ASSERT_TRUE(before.ok() && level.ok() && port.ok());
  std::vector<std::string> changed;
  EXPECT_TRUE(before->CheckReload(*level, &changed).ok());
  EXPECT_EQ(changed, std::vector<std::string>{"log_level"});
  changed.clear();
  Status refused = before->CheckReload(*port, &changed);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("listen_port"), std::string::npos);
}

TEST(ConfigTest, EveryKeyIsDocumentedAndHasAValidDefault) {
  for (const auto& key : ConfigKeys()) {
    EXPECT_FALSE(key.help.empty()) << key.name;
    EXPECT_FALSE(key.section.empty()) << key.name;
    EXPECT_NE(ConfigReferenceMarkdown().find("`" + std::string(key.name) + "`"), std::string::npos);
  }
  // Defaults alone (plus the required keys) must validate.
  EXPECT_TRUE(ParseText(kMinimal).ok());
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(ConfigTest, DocsConfigMdIsGeneratedFromTheTable) {
  EXPECT_EQ(ReadFile(std::string(KLUSSEN_SOURCE_DIR) + "/docs/config.md"),
            ConfigReferenceMarkdown())
      << "docs/config.md is stale: run build/sidecar/klussen-sidecar config-doc > docs/config.md";
}

TEST(ConfigTest, ExampleConfigIsGeneratedAndParses) {
  std::string example = ReadFile(std::string(KLUSSEN_SOURCE_DIR) + "/config/sidecar.example.conf");
  EXPECT_EQ(example, ConfigExampleFile())
      << "config/sidecar.example.conf is stale: run klussen-sidecar config-example";
  auto parsed = Config::Parse(example + kMinimal, "example", {});
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto minimal = Config::Parse(
      ReadFile(std::string(KLUSSEN_SOURCE_DIR) + "/config/sidecar.minimal.conf"), "minimal", {});
  EXPECT_TRUE(minimal.ok()) << minimal.status().ToString();
}

}  // namespace
}  // namespace klussen
