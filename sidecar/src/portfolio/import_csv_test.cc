#include "portfolio/import_csv.h"

#include <gtest/gtest.h>

namespace klussen::portfolio {
namespace {

std::vector<std::vector<std::string>> Fields(const std::vector<CsvRow>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const CsvRow& row : rows) out.push_back(row.fields);
  return out;
}

TEST(ImportCsvTest, ReadsQuotedMultiLineFieldsAndEscapes) {
  auto rows = ParseCsv(
      "Company Name,Title,Description\n"
      "\"BZK, directie DO\",Analist,\"Regel 1\nRegel \"\"2\"\"\"\n"
      "Gemeente,Adviseur,\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Fields(*rows), (std::vector<std::vector<std::string>>{
                               {"Company Name", "Title", "Description"},
                               {"BZK, directie DO", "Analist", "Regel 1\nRegel \"2\""},
                               {"Gemeente", "Adviseur", ""}}));
  EXPECT_EQ((*rows)[1].line, 2u);
  EXPECT_EQ((*rows)[2].line, 4u);  // the quoted field spanned lines 2 and 3
}

TEST(ImportCsvTest, HandlesBomCrlfCrBlankLinesAndNoFinalNewline) {
  auto rows = ParseCsv("\xEF\xBB\xBFName,Url\r\n\r\nSQL,\r\nPython,x\rR,\"y\"");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Fields(*rows), (std::vector<std::vector<std::string>>{
                               {"Name", "Url"}, {"SQL", ""}, {"Python", "x"}, {"R", "y"}}));
  EXPECT_EQ((*rows)[1].line, 3u);
  EXPECT_EQ((*rows)[3].line, 5u);
}

TEST(ImportCsvTest, KeepsAQuoteInsideAnUnquotedFieldAndATrailingEmptyField) {
  auto rows = ParseCsv("5\" monitor,a,");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Fields(*rows), (std::vector<std::vector<std::string>>{{"5\" monitor", "a", ""}}));
}

TEST(ImportCsvTest, EmptyInputHasNoRows) {
  auto rows = ParseCsv("");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(ImportCsvTest, AnUnclosedQuoteIsAnErrorWithItsLine) {
  auto rows = ParseCsv("Name\nSQL\n\"Python\nR\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rows.status().message(), "line 3: a quoted field is never closed");
}

TEST(ImportCsvTest, TextAfterAClosingQuoteIsAnError) {
  auto rows = ParseCsv("Name\n\"SQL\"x,1\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(), "line 2: unexpected text after a closing quote");
}

TEST(ImportCsvTest, LimitsAreErrorsWithTheLine) {
  CsvLimits limits;
  limits.max_field_bytes = 10;
  limits.max_fields_per_row = 3;
  limits.max_rows = 2;
  auto long_field = ParseCsv("a\nbbbbbbbbbbbb\n", limits);
  ASSERT_FALSE(long_field.ok());
  EXPECT_EQ(long_field.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(long_field.status().message(), "line 2: a field is longer than 10 bytes");
  auto long_quoted = ParseCsv("\"bbbbbb\nbbbbbb\"", limits);
  ASSERT_FALSE(long_quoted.ok());
  EXPECT_EQ(long_quoted.status().message(), "line 1: a field is longer than 10 bytes");
  auto wide = ParseCsv("a,b,c,d\n", limits);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().message(), "line 1: more than 3 fields in a row");
  auto tall = ParseCsv("a\nb\n\nc\n", limits);
  ASSERT_FALSE(tall.ok());
  EXPECT_EQ(tall.status().message(), "line 4: more than 2 rows");
  EXPECT_TRUE(ParseCsv("a\nb\n\n", limits).ok());
}

}  // namespace
}  // namespace klussen::portfolio
