#include "match/csv.h"

#include <gtest/gtest.h>

namespace klussen::match {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, Status* status = nullptr,
                                              CsvLimits limits = {}) {
  CsvReader reader(text, limits);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more.ok()) {
      if (status) *status = more.status();
      break;
    }
    if (!*more) break;
    records.push_back(fields);
  }
  return records;
}

TEST(CsvReaderTest, QuotedMultiLineFieldsEscapesBomAndCrlf) {
  auto records = ReadAll(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x, \"\"y\"\"\nz\",2\r\n,\r\nlast,\"\"");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"x, \"y\"\nz", "2"}));
  EXPECT_EQ(records[2], (std::vector<std::string>{"", ""}));
  EXPECT_EQ(records[3], (std::vector<std::string>{"last", ""}));
}

TEST(CsvReaderTest, StrayQuoteInsideUnquotedFieldIsKept) {
  auto records = ReadAll("5\" screen,ok\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0][0], "5\" screen");
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineWhereTheRecordStarts) {
  Status status;
  auto records = ReadAll("h\nok\n\"never\nclosed", &status);
  EXPECT_EQ(records.size(), 2u);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("line 3"), std::string::npos) << status.message();
}

TEST(CsvReaderTest, GarbageAfterClosingQuoteIsAnError) {
  Status status;
  ReadAll("a\n\"x\"y,z\n", &status);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();
}

TEST(CsvReaderTest, LimitsAreEnforced) {
  CsvLimits limits;
  limits.max_field_bytes = 4;
  limits.max_fields = 3;
  Status status;
  ReadAll("abcdef\n", &status, limits);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  status = Status::Ok();
  ReadAll("a,b,c,d\n", &status, limits);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

TEST(CsvReaderTest, NeverCrashesOnArbitraryBytes) {
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245 + 12345;
    const char alphabet[] = {'"', ',', '\n', '\r', 'a', '\0', '\xEF', '\xBB'};
    noise.push_back(alphabet[(x >> 16) % sizeof(alphabet)]);
  }
  Status status;
  auto records = ReadAll(noise, &status);
  SUCCEED() << records.size() << " records, " << status.ToString();
}

TEST(CsvTableTest, FindsColumnsByHeaderName) {
  auto table = CsvTable::Parse("conceptUri,preferredLabel\nu1,label one\nu2\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->Column("preferredLabel"), 1);
  EXPECT_EQ(table->Column("missing"), -1);
  EXPECT_EQ(table->Cell(0, 1), "label one");
  EXPECT_EQ(table->Cell(1, 1), "");  // short row
  EXPECT_EQ(table->line(1), 3u);
}

}  // namespace
}  // namespace klussen::match
