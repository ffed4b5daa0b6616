#include "match/esco_import.h"

#include <gtest/gtest.h>

#include "support/test_db.h"

namespace klussen::match {
namespace {

std::string EscoDir() { return testing::SourcePath("../shared/data/esco"); }

bool HasLabel(const Vocabulary& v, ConceptId id, Lang lang, std::string_view text) {
  for (const Label& l : v.Labels(id)) {
    if (l.lang == lang && l.text == text) return true;
  }
  return false;
}

TEST(EscoImportTest, ImportsTheRealDownload) {
  Vocabulary v;
  auto report = ImportEscoDirectory(EscoDir(), &v);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // skills_en (4,199) + collections + groups (640) + concepts only named in
  // the hierarchy: the v1.2.0 hierarchy names about 14,000 skills.
  EXPECT_GT(v.size(), 13000u);
  EXPECT_GT(report->broader_links_added, 15000u);
  EXPECT_GT(report->related_links, 5000u);
  EXPECT_GE(report->files, 10u);
  // A skills_en.csv row with newline-separated alt labels (the shared copy's alt labels come from
  // the 1.2.0 collections, see ../shared/data/esco/README.md).
  auto initiative = v.Find("http://data.europa.eu/esco/skill/001115fb-569f-4ee6-8381-c6807ef2527f");
  ASSERT_TRUE(initiative.has_value());
  EXPECT_EQ(v.PreferredLabel(*initiative, Lang::kEn), "show initiative");
  EXPECT_TRUE(HasLabel(v, *initiative, Lang::kEn, "take the initiative"));
  EXPECT_TRUE(HasLabel(v, *initiative, Lang::kEn, "be a driving force"));
  // A row without alt labels keeps its preferred label.
  auto services = v.Find("http://data.europa.eu/esco/skill/00090cc1-1f27-439e-a4e0-19a87a501bfc");
  ASSERT_TRUE(services.has_value());
  EXPECT_EQ(v.PreferredLabel(*services, Lang::kEn), "identify available services");
  // A digital collection row: " | "-separated alt label and broader concept.
  auto haskell = v.Find("http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02");
  ASSERT_TRUE(haskell.has_value());
  EXPECT_EQ(v.PreferredLabel(*haskell, Lang::kEn), "Haskell");
  EXPECT_TRUE(HasLabel(v, *haskell, Lang::kEn, "Haskell techniques"));
  auto programming =
      v.Find("http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97");
  ASSERT_TRUE(programming.has_value());
  auto up = v.Broader(*haskell);
  EXPECT_NE(std::find(up.begin(), up.end(), *programming), up.end());
  // The skill group tree is there (isced-f groups).
  auto group = v.Find("http://data.europa.eu/esco/isced-f/00");
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(v.PreferredLabel(*group, Lang::kEn), "generic programmes and qualifications");
}

TEST(EscoImportTest, DutchFileAddsDutchLabelsToTheSameConcepts) {
  Vocabulary v;
  EscoImportReport report;
  ASSERT_TRUE(ImportEscoFile("skills_en.csv",
                             "conceptUri,preferredLabel,altLabels\n"
                             "u:1,policy advice,\"advise on policy\nadvising policy\"\n",
                             &v, &report)
                  .ok());
  ASSERT_TRUE(ImportEscoFile("skills_nl.csv",
                             "preferredLabel,conceptUri,altLabels\n"  // other column order
                             "beleidsadvies,u:1,beleid adviseren\n",
                             &v, &report)
                  .ok());
  ASSERT_TRUE(
      ImportEscoFile("skills_de.csv", "conceptUri,preferredLabel\nu:1,Politik\n", &v, &report)
          .ok());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.PreferredLabel(0, Lang::kNl), "beleidsadvies");
  EXPECT_EQ(v.PreferredLabel(0, Lang::kEn), "policy advice");
  EXPECT_TRUE(HasLabel(v, 0, Lang::kEn, "advising policy"));
  EXPECT_TRUE(HasLabel(v, 0, Lang::kNl, "beleid adviseren"));
  EXPECT_FALSE(HasLabel(v, 0, Lang::kEn, "Politik"));
}

TEST(EscoImportTest, BadInputGivesClearErrorsAndSkipsRows) {
  Vocabulary v;
  EscoImportReport report;
  Status status =
      ImportEscoFile("skills_en.csv", "conceptUri,preferredLabel\nu:1,\"open\n", &v, &report);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("skills_en.csv"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();

  status = ImportEscoFile("skills_en.csv", "uri,label\nu:1,x\n", &v, &report);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);  // no conceptUri column

  status =
      ImportEscoFile("skills_en.csv", "conceptUri,preferredLabel\n,orphan\nu:2,ok\n", &v, &report);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(report.skipped_rows, 1u);
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings[0].find("line 2"), std::string::npos);

  auto missing = ImportEscoDirectory("/nonexistent/esco", &v);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(EscoImportTest, OccupationsAndTheirSkills) {
  Vocabulary v;
  EscoImportReport report;
  ASSERT_TRUE(ImportEscoFile("skills_en.csv",
                             "conceptUri,preferredLabel,altLabels\n"
                             "s:1,use spreadsheets software,\n"
                             "s:2,auction goods,\n",
                             &v, &report)
                  .ok());
  ASSERT_TRUE(ImportEscoFile("occupations_nl.csv",
                             "conceptUri,preferredLabel,altLabels\n"
                             "o:1,vendumeester,\"veilingmeester\nafslager\"\n",
                             &v, &report)
                  .ok());
  ASSERT_TRUE(ImportEscoFile("occupations_en.csv",
                             "conceptUri,preferredLabel,altLabels\no:1,auctioneer,\n", &v, &report)
                  .ok());
  ASSERT_TRUE(ImportEscoFile("occupationSkillRelations_x.csv",
                             "occupationUri,relationType,skillUri,skillLabel\n"
                             "o:1,essential,s:2,auction goods\n"
                             "o:1,essential,,use spreadsheets software\n"  // found by label
                             "o:1,optional,,appraise antiques\n"           // a new concept
                             "o:1,optional,s:2,auction goods\n",           // stays essential
                             &v, &report)
                  .ok());
  auto o = v.FindOccupation("o:1");
  ASSERT_TRUE(o.has_value());
  const Occupation& occupation = v.occupations()[*o];
  EXPECT_EQ(occupation.labels.size(), 4u);
  EXPECT_EQ(occupation.essential, (std::vector<ConceptId>{*v.Find("s:2"), *v.Find("s:1")}));
  ASSERT_EQ(occupation.optional.size(), 1u);
  EXPECT_EQ(v.ExternalId(occupation.optional[0]), "esco-label:appraise antiques");
  EXPECT_EQ(v.PreferredLabel(occupation.optional[0], Lang::kEn), "appraise antiques");
  EXPECT_EQ(report.occupation_skills, 4u);
  EXPECT_EQ(report.occupations, 1u);
}

TEST(EscoImportTest, TheRealDownloadHasOccupations) {
  Vocabulary v;
  auto report = ImportEscoDirectory(EscoDir(), &v);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_GT(v.occupations().size(), 3000u);
  EXPECT_GT(report->occupation_skills, 100000u);
  bool dutch = false;
  for (const Occupation& o : v.occupations()) {
    for (const Label& l : o.labels)
      dutch = dutch || (l.lang == Lang::kNl && l.text == "vendumeester");
  }
  EXPECT_TRUE(dutch);
}

}  // namespace
}  // namespace klussen::match
