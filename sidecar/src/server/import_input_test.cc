#include "server/import_input.h"

#include <gtest/gtest.h>

namespace klussen::server {
namespace {

using nlohmann::json;

TEST(ImportInputTest, KeepsSkillsCoursesAndPositionsAsImported) {
  auto kept = ParseKeptImport(json::parse(R"({
    "source": "linkedin",
    "skills": ["SQL", {"label": "Beleidsanalyse", "reference": "ignored"}],
    "courses": [{"title": "Privacy by design", "provider": "RADIO", "date": "2023-05",
                 "url": "https://radio.example/privacy", "criteria": "Eindtoets",
                 "issuer": "https://radio.example"}],
    "positions": [{"title": "Analist", "organisation": "BZK", "start": "2019",
                   "end": "2022-03", "description": "Onderzoek"}]
  })"));
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->source, "linkedin");
  ASSERT_EQ(kept->items.size(), 2u);
  EXPECT_EQ(kept->items[1].label, "Beleidsanalyse");
  EXPECT_EQ(kept->items[1].source, "imported");
  EXPECT_EQ(kept->items[1].source_detail, "linkedin");
  ASSERT_EQ(kept->entries.size(), 2u);
  EXPECT_EQ(kept->entries[0].kind, portfolio::EntryKind::kCourse);  // no kind: a course
  EXPECT_EQ(kept->entries[0].start_date, "2023-05");
  EXPECT_EQ(kept->entries[0].detail, "Eindtoets\n\nhttps://radio.example");
  EXPECT_EQ(kept->entries[1].kind, portfolio::EntryKind::kPosition);
  EXPECT_EQ(kept->entries[1].provider, "BZK");
  EXPECT_EQ(kept->entries[1].end_date, "2022-03");
}

TEST(ImportInputTest, RefusesUnknownSourcesAndRowsThatWouldNotPassAsTyped) {
  for (const char* body : {
           R"({})",
           R"({"source": "csv"})",
           R"({"source": 7})",
           R"({"source": "open_badges", "skills": "SQL"})",
           R"({"source": "open_badges", "skills": [3]})",
           R"({"source": "open_badges", "skills": [{"label": ""}]})",
           R"({"source": "open_badges", "courses": [{"title": "x", "url": "javascript:1"}]})",
           R"({"source": "open_badges", "courses": [{"title": "x", "kind": "diploma"}]})",
           R"({"source": "linkedin", "positions": [{"title": "x", "start": "May 2020"}]})",
           R"({"source": "linkedin", "positions": [[]]})",
       }) {
    auto kept = ParseKeptImport(json::parse(body));
    EXPECT_FALSE(kept.ok()) << body;
    if (!kept.ok()) {
      EXPECT_EQ(kept.status().code(), StatusCode::kInvalidArgument) << body;
    }
  }
}

TEST(ImportInputTest, RefusesMoreThan500RowsOfAKind) {
  json body = {{"source", "linkedin"}, {"skills", json::array()}};
  for (int i = 0; i < 501; ++i) body["skills"].push_back("skill " + std::to_string(i));
  EXPECT_FALSE(ParseKeptImport(body).ok());
  body["skills"].erase(body["skills"].size() - 1);
  auto kept = ParseKeptImport(body);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->items.size(), 500u);
}

}  // namespace
}  // namespace klussen::server
