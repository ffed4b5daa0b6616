#include "portfolio/import_linkedin.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "portfolio/import_test_zip.h"
#include "support/test_db.h"

namespace klussen::portfolio {
namespace {

using testing::MakeZip;

std::string Fixture() {
  std::ifstream in(klussen::testing::SourcePath("tests/fixtures/imports/linkedin_export.zip"),
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool HasWarning(const ImportPreview& preview, std::string_view text) {
  for (const std::string& warning : preview.warnings) {
    if (warning.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(LinkedInImportTest, ReadsTheRealisticExport) {
  std::string zip = Fixture();
  ASSERT_FALSE(zip.empty()) << "run tests/fixtures/imports/make_linkedin_zip.py";
  auto preview = ParseLinkedInExport(zip);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();

  // Skills: in order, "python" listed twice counted once.
  std::vector<std::string> labels;
  for (const ImportedSkill& skill : preview->skills) {
    labels.push_back(skill.label);
    EXPECT_EQ(skill.source, "linkedin");
    EXPECT_EQ(skill.detail, "Skills.csv");
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"Data-analyse", "Python", "SQL", "Projectmanagement",
                                              "Beleidsadvisering", "Stakeholdermanagement"}));

  ASSERT_EQ(preview->positions.size(), 3u);
  const ImportedPosition& current = preview->positions[0];
  EXPECT_EQ(current.title, "Senior data-analist");
  EXPECT_EQ(current.organisation, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties");
  EXPECT_EQ(current.start, "2021-03");
  EXPECT_EQ(current.end, "");
  EXPECT_EQ(current.description,
            "Dashboards voor de Woo-verzoeken, in Python en SQL.\n"
            "Coördinatie van het \"datateam\" (5 mensen).");
  EXPECT_EQ(preview->positions[1].start, "2017-09");
  EXPECT_EQ(preview->positions[1].end, "2021-02");
  EXPECT_EQ(preview->positions[2].start, "2016");

  // Education, certifications, courses, in that order.
  ASSERT_EQ(preview->courses.size(), 5u);
  EXPECT_EQ(preview->courses[0].kind, "education");
  EXPECT_EQ(preview->courses[0].title, "Master Bestuurskunde");
  EXPECT_EQ(preview->courses[0].provider, "Universiteit Utrecht");
  EXPECT_EQ(preview->courses[0].date, "2016");
  EXPECT_EQ(preview->courses[1].title, "Hogeschool Rotterdam");  // no degree: the school
  EXPECT_EQ(preview->courses[1].date, "2012-06");
  EXPECT_EQ(preview->courses[2].kind, "certificate");
  EXPECT_EQ(preview->courses[2].title, "Professional Scrum Master I");
  EXPECT_EQ(preview->courses[2].provider, "Scrum.org");
  EXPECT_EQ(preview->courses[2].url, "https://www.scrum.org/certificates/123456");
  EXPECT_EQ(preview->courses[2].date, "2019-11");
  EXPECT_EQ(preview->courses[3].title, "PRINCE2 Foundation");
  EXPECT_EQ(preview->courses[3].url, "");
  EXPECT_EQ(preview->courses[4].kind, "course");
  EXPECT_EQ(preview->courses[4].title, "Algemene Verordening Gegevensbescherming (AVG)");
  EXPECT_TRUE(preview->warnings.empty()) << preview->warnings[0];
}

TEST(LinkedInImportTest, ToleratesColumnOrderCaseExtraColumnsFoldersAndPreamble) {
  std::string zip = MakeZip({
      {"Basic_LinkedInDataExport_05-01-2024/SKILLS.CSV",
       "Notes:\n\"Skills you added\"\n\nname,Endorsements\nSQL,12\n"},
      {"Basic_LinkedInDataExport_05-01-2024/Positions.csv",
       "FINISHED ON,started on,title,Extra,company name\n,Jan 2020,Adviseur,x,Gemeente Ede\n"},
  });
  auto preview = ParseLinkedInExport(zip);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  ASSERT_EQ(preview->skills.size(), 1u);
  EXPECT_EQ(preview->skills[0].label, "SQL");
  EXPECT_EQ(preview->skills[0].detail, "SKILLS.CSV");
  ASSERT_EQ(preview->positions.size(), 1u);
  EXPECT_EQ(preview->positions[0].organisation, "Gemeente Ede");
  EXPECT_EQ(preview->positions[0].title, "Adviseur");
  EXPECT_EQ(preview->positions[0].start, "2020-01");
  EXPECT_TRUE(preview->courses.empty());
}

TEST(LinkedInImportTest, SkipsBadRowsWithWarnings) {
  std::string zip = MakeZip({
      {"Skills.csv", "Name\nSQL\n\"\"\n" + std::string(101, 'x') + "\n"},
      {"Positions.csv",
       "Company Name,Title,Started On,Finished On\n,,Jan 2020,\nBZK,Analist,ooit,Present\n"},
      {"Certifications.csv", "Name,Url,Authority\nAVG,javascript:alert(1),IBD\n"},
  });
  auto preview = ParseLinkedInExport(zip);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->skills.size(), 1u);
  EXPECT_TRUE(HasWarning(*preview, "Skills.csv line 3: no skill name; row skipped"));
  EXPECT_TRUE(HasWarning(*preview, "Skills.csv line 4: Name longer than 100 characters"));
  ASSERT_EQ(preview->positions.size(), 1u);
  EXPECT_EQ(preview->positions[0].start, "");
  EXPECT_TRUE(HasWarning(*preview, "Positions.csv line 2: no title and no company"));
  EXPECT_TRUE(HasWarning(*preview, "Positions.csv line 3: Started On \"ooit\" is not a date"));
  EXPECT_TRUE(HasWarning(*preview, "Positions.csv line 3: Finished On \"Present\""));
  ASSERT_EQ(preview->courses.size(), 1u);
  EXPECT_EQ(preview->courses[0].url, "");
  EXPECT_TRUE(HasWarning(*preview, "Certifications.csv line 2: Url is not an http(s) address"));
}

TEST(LinkedInImportTest, AMissingRequiredColumnNamesFileAndColumn) {
  auto preview = ParseLinkedInExport(MakeZip({
      {"Skills.csv", "Name\nSQL\n"},
      {"Positions.csv", "Company,Job Title,Started On\nBZK,Analist,2020\n"},
  }));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(preview.status().message(),
            "Positions.csv: no column \"Company Name\" in the header row (found: \"Company\", "
            "\"Job Title\", \"Started On\")");
}

TEST(LinkedInImportTest, NonUtf8BytesFailNamingFileAndLine) {
  auto preview = ParseLinkedInExport(MakeZip({
      {"Skills.csv", "Name\nSQL\nCaf\xE9 management\n"},  // Latin-1, not UTF-8
  }));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(preview.status().message(),
            "Skills.csv line 3: not valid UTF-8 text (save the file as UTF-8)");
  // Also in a column we do not use: nothing half-read is offered.
  auto ignored_column = ParseLinkedInExport(MakeZip({
      {"Positions.csv", "Company Name,Title,Location\nBZK,Analist,\xFF\xFE\n"},
  }));
  ASSERT_FALSE(ignored_column.ok());
  EXPECT_EQ(ignored_column.status().message(),
            "Positions.csv line 2: not valid UTF-8 text (save the file as UTF-8)");
}

TEST(LinkedInImportTest, BrokenQuotingFailsNamingFileAndLine) {
  auto preview = ParseLinkedInExport(MakeZip({{"Education.csv", "School Name\n\"UU\n"}}));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().message(), "Education.csv: line 2: a quoted field is never closed");
}

TEST(LinkedInImportTest, AnArchiveWithoutLinkedInFilesIsNotAnExport) {
  auto preview = ParseLinkedInExport(
      MakeZip({{"notes.txt", "hallo"}, {"nested.zip", MakeZip({{"Skills.csv", "Name\nSQL\n"}})}}));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(preview.status().message().find("not a LinkedIn export"), std::string::npos);
}

TEST(LinkedInImportTest, AFileTwiceIsAnError) {
  auto preview = ParseLinkedInExport(
      MakeZip({{"Skills.csv", "Name\nSQL\n"}, {"old/skills.csv", "Name\nR\n"}}));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().message(), "the archive holds skills.csv more than once");
}

TEST(LinkedInImportTest, AnEmptyFileIsAnError) {
  auto preview = ParseLinkedInExport(MakeZip({{"Skills.csv", ""}}));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().message(), "Skills.csv is empty (no header row)");
}

TEST(LinkedInImportTest, CountLimitsAreErrors) {
  std::string skills = "Name\n";
  for (int i = 0; i < 501; ++i) skills += "skill " + std::to_string(i) + "\n";
  auto preview = ParseLinkedInExport(MakeZip({{"Skills.csv", skills}}));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_NE(preview.status().message().find("Skills.csv has more than 500 skills"),
            std::string::npos);
  LinkedInLimits limits;
  limits.max_positions = 1;
  auto positions =
      ParseLinkedInExport(MakeZip({{"Positions.csv", "Company Name,Title\nA,B\nC,D\n"}}), limits);
  ASSERT_FALSE(positions.ok());
  EXPECT_NE(positions.status().message().find("more than 1 positions"), std::string::npos);
}

TEST(LinkedInImportTest, A50MegabyteUploadIsRefused) {
  std::string upload = Fixture();
  upload.resize(50u << 20, '\0');  // a real archive padded to 50 MB
  auto preview = ParseLinkedInExport(upload);
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(preview.status().message(), "the archive is larger than 20 MB");
}

TEST(LinkedInImportTest, A50MegabyteCsvInsideASmallArchiveIsRefused) {
  std::string skills = "Name\n";
  while (skills.size() < (50u << 20)) skills += "Python\n";
  std::string zip = MakeZip({{"Skills.csv", skills}});
  ASSERT_LT(zip.size(), 1u << 20);
  auto preview = ParseLinkedInExport(zip);
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_NE(preview.status().message().find("\"Skills.csv\""), std::string::npos)
      << preview.status().message();
}

TEST(LinkedInImportTest, AZipBombIsRefused) {
  // 15 MB of zeros: under the per-entry limit, but 1000:1.
  std::string zip = MakeZip({{"Skills.csv", "Name\nSQL\n"}}, {{"Positions.csv", 15u << 20}});
  auto preview = ParseLinkedInExport(zip);
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(preview.status().message(),
            "entry \"Positions.csv\" expands more than 100:1 (a zip bomb?)");
}

TEST(LinkedInImportTest, ATruncatedArchiveIsRefused) {
  std::string zip = Fixture();
  auto preview = ParseLinkedInExport(std::string_view(zip).substr(0, zip.size() * 2 / 3));
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(preview.status().message().find("not a readable ZIP archive"), std::string::npos);
}

TEST(LinkedInImportTest, NotAZipAtAll) {
  auto preview = ParseLinkedInExport("Name\nSQL\n");
  ASSERT_FALSE(preview.ok());
  EXPECT_EQ(preview.status().message(), "not a ZIP archive");
}

}  // namespace
}  // namespace klussen::portfolio
