#include "match/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace klussen::match {
namespace {

class AnalyzerTest : public ::testing::Test {
 protected:
  AnalyzerTest() : analyzer_(DefaultVocabulary()) {}
  ConceptId Id(const char* slug) const {
    return *analyzer_.vocabulary().Find(std::string("klussen:") + slug);
  }
  SkillMapping One(std::string_view typed) const {
    auto mappings = analyzer_.MapSkill(typed);
    EXPECT_EQ(mappings.size(), 1u) << typed;
    return mappings.empty() ? SkillMapping{} : mappings[0];
  }
  Analyzer analyzer_;
};

TEST(NormalizeTest, CaseDiacriticsAndSeparators) {
  EXPECT_EQ(NormalizeText("Één  Café-Ëxpert"), "een cafe expert");
  EXPECT_EQ(NormalizeText("ĲSSELMEER straße ÆØÅ"), "ijsselmeer strasse aeoa");
  EXPECT_EQ(NormalizeText("C++ en C# (risico's, d'r)"), "c++ en c# risico dr");
  EXPECT_EQ(NormalizeText("ijs IJs"), "ijs ijs");  // ij stays as written
  EXPECT_EQ(NormalizeText("e\xCC\x81"
                          "e"),
            "ee");  // combining acute accent dropped
  EXPECT_EQ(NormalizeText("bad\xFF\xFEutf8"), "bad utf8");
  EXPECT_EQ(Tokenize("Data-analyse, SQL!"), (std::vector<std::string>{"data", "analyse", "sql"}));
}

TEST(StemTest, DutchAndEnglishSnowball) {
  EXPECT_EQ(Stem("vaardigheden", Lang::kNl), "vaardig");
  EXPECT_EQ(Stem("beleidsmedewerkers", Lang::kNl), "beleidsmedewerker");
  EXPECT_EQ(Stem("skills", Lang::kEn), Stem("skill", Lang::kEn));
  EXPECT_EQ(Stem("databases", Lang::kEn), "databas");
}

TEST_F(AnalyzerTest, ExactPreferredAndAlternativeLabels) {
  auto woo = One("Wet open overheid");
  EXPECT_EQ(woo.concept_id, Id("woo"));
  EXPECT_EQ(woo.how, MatchKind::kPreferredLabel);
  auto wob = One("WOB");
  EXPECT_EQ(wob.concept_id, Id("woo"));
  EXPECT_EQ(wob.how, MatchKind::kAltLabel);
  EXPECT_EQ(wob.matched_label, "wob");
  EXPECT_EQ(One("GDPR").concept_id, Id("privacy"));  // synonym in English
  EXPECT_EQ(One("AVG").concept_id, Id("privacy"));
  EXPECT_EQ(One("policy advice").concept_id, Id("beleidsadvies"));
}

TEST_F(AnalyzerTest, CaseDiacriticsAndSpellingVariants) {
  EXPECT_EQ(One("FINANCIËN").concept_id, Id("financien"));
  EXPECT_EQ(One("Data analyse").concept_id, Id("data-analyse"));
  EXPECT_EQ(One("dataanalyse").concept_id, Id("data-analyse"));
  EXPECT_EQ(One("data-analist").concept_id, Id("data-analyse"));
  EXPECT_EQ(One("enquête").concept_id, Id("kwantitatief-onderzoek"));
}

TEST_F(AnalyzerTest, PluralsMapThroughStemming) {
  auto audits = One("audits");
  EXPECT_EQ(audits.concept_id, Id("audit"));
  EXPECT_EQ(audits.how, MatchKind::kStemmed);
  auto evaluaties = One("beleidsevaluaties");
  EXPECT_EQ(evaluaties.concept_id, Id("beleidsevaluatie"));
  EXPECT_EQ(evaluaties.how, MatchKind::kStemmed);
  EXPECT_EQ(One("stakeholder engagements").concept_id, Id("stakeholdermanagement"));
}

TEST_F(AnalyzerTest, DutchCompoundsSplitIntoKnownConcepts) {
  EXPECT_EQ(analyzer_.SplitCompound("informatiebeveiligingsbeleid"),
            (std::vector<std::string>{"informatiebeveiliging", "beleid"}));
  EXPECT_EQ(analyzer_.SplitCompound("subsidiebesluiten"),
            (std::vector<std::string>{"subsidie", "besluiten"}));
  EXPECT_TRUE(analyzer_.SplitCompound("beleidsmedewerker").empty());  // a label itself
  EXPECT_TRUE(analyzer_.SplitCompound("vergaderen").empty());         // no known parts
  auto mappings = analyzer_.MapSkill("informatiebeveiligingsbeleid");
  ASSERT_EQ(mappings.size(), 2u);
  EXPECT_EQ(mappings[0].concept_id, Id("informatiebeveiliging"));
  EXPECT_EQ(mappings[0].how, MatchKind::kCompoundPart);
  EXPECT_EQ(mappings[1].concept_id, Id("beleid"));
  auto privacy = analyzer_.MapSkill("privacyvraagstukken");
  ASSERT_FALSE(privacy.empty());
  EXPECT_EQ(privacy[0].concept_id, Id("privacy"));
}

TEST_F(AnalyzerTest, UnknownSkillsStayFreeTermsThatStillMeet) {
  auto a = One("Beleidsnota's schrijven voor de Tweede Kamer");
  EXPECT_EQ(a.concept_id, kNoConcept);
  EXPECT_EQ(a.how, MatchKind::kFreeTerm);
  auto b = One("beleidsnota schrijven voor Tweede Kamer");
  EXPECT_EQ(a.free_term, b.free_term);
  EXPECT_TRUE(analyzer_.MapSkill("  ... ").empty());
}

TEST_F(AnalyzerTest, DocumentAndQueryTerms) {
  auto terms =
      analyzer_.DocumentTerms("Ik schrijf het informatiebeveiligingsbeleid van de gemeente");
  // stopwords gone; the compound and its parts are there (stemmed)
  EXPECT_EQ(std::count(terms.begin(), terms.end(), Stem("gemeente", Lang::kNl)), 1);
  EXPECT_NE(std::find(terms.begin(), terms.end(), Stem("beleid", Lang::kNl)), terms.end());
  EXPECT_EQ(std::find(terms.begin(), terms.end(), "de"), terms.end());
  std::vector<std::string> originals;
  auto query = analyzer_.QueryTerms("analyses of databases", &originals);
  ASSERT_EQ(query.size(), originals.size());
  EXPECT_NE(std::find(query.begin(), query.end(), Stem("databases", Lang::kEn)), query.end());
  EXPECT_NE(std::find(query.begin(), query.end(), Stem("databases", Lang::kNl)), query.end());
}

TEST(AnalyzerInferTest, OccupationsAndSkillsNamedInTextOrFitByListedSkills) {
  Analyzer analyzer(DefaultVocabulary());
  const Vocabulary& v = analyzer.vocabulary();
  Inference named = analyzer.Infer("Ik werk al jaren als Beleidsmedewerker bij het Rijk.", {});
  ASSERT_NE(named.occupation, Inference::kNone);
  EXPECT_TRUE(named.named);
  EXPECT_EQ(v.occupations()[named.occupation].labels[named.label_index].text, "beleidsmedewerker");
  EXPECT_FALSE(named.likely.empty());
  // English labels of several words.
  Inference english = analyzer.Infer("I have been a policy officer for ten years", {});
  EXPECT_EQ(english.occupation, named.occupation);

  Inference mentioned = analyzer.Infer("Veel ervaring met stakeholdermanagement en GIS", {});
  EXPECT_EQ(mentioned.occupation, Inference::kNone);
  EXPECT_NE(std::find(mentioned.mentioned.begin(), mentioned.mentioned.end(),
                      *v.Find("klussen:stakeholdermanagement")),
            mentioned.mentioned.end());
  // "GIS" has fewer than 6 letters: a single short word is too ambiguous.
  EXPECT_EQ(
      std::find(mentioned.mentioned.begin(), mentioned.mentioned.end(), *v.Find("klussen:gis")),
      mentioned.mentioned.end());

  std::vector<ConceptId> listed = {*v.Find("klussen:data-analyse"), *v.Find("klussen:statistiek"),
                                   *v.Find("klussen:sql")};
  Inference fits = analyzer.Infer("", listed);
  ASSERT_NE(fits.occupation, Inference::kNone);
  EXPECT_FALSE(fits.named);
  EXPECT_NE(std::find(fits.likely.begin(), fits.likely.end(), *v.Find("klussen:python")),
            fits.likely.end());
  // Two listed skills are not enough.
  listed.pop_back();
  EXPECT_EQ(analyzer.Infer("", listed).occupation, Inference::kNone);
}

// AnalyseLabel is MapSkill and DocumentTerms (nl, en) of the label, memoised:
// the same answers cold, warm, after the memo dropped its older half and
// after a label came back from it.
TEST_F(AnalyzerTest, AnalyseLabelIsTheLabelsMappingAndTermsAcrossEvictions) {
  const Lang nl = Lang::kNl;
  const Lang en = Lang::kEn;
  auto check = [&](const std::string& label) {
    const Analyzer::LabelAnalysis& a = analyzer_.AnalyseLabel(label, true);
    ASSERT_TRUE(a.mapped);
    std::vector<ConceptId> concepts;
    std::string free_term;
    for (const SkillMapping& m : analyzer_.MapSkill(label)) {
      if (m.concept_id != kNoConcept) {
        concepts.push_back(m.concept_id);
      } else {
        free_term = m.free_term;
      }
    }
    EXPECT_EQ(a.concepts, concepts) << label;
    EXPECT_EQ(a.free_term, free_term) << label;
    EXPECT_EQ(a.nl, analyzer_.DocumentTerms(label, &nl)) << label;
    EXPECT_EQ(a.en, analyzer_.DocumentTerms(label, &en)) << label;
  };
  auto label = [](size_t i) {
    const char* words[] = {"Beleidsadvies", "data analyse", "beleidsnota's", "Knitting",
                           "informatiebeveiligingsbeleid"};
    return std::string(words[i % 5]) + " " + std::to_string(i);
  };
  // Asked first without the mapping: the terms only, the mapping added later.
  const Analyzer::LabelAnalysis& terms_only = analyzer_.AnalyseLabel("Beleidsadvies", false);
  EXPECT_FALSE(terms_only.mapped);
  EXPECT_TRUE(terms_only.concepts.empty());
  check("Beleidsadvies");
  EXPECT_EQ(analyzer_.AnalyseLabel("Beleidsadvies", true).concepts,
            std::vector<ConceptId>{Id("beleidsadvies")});
  const size_t half = Analyzer::kMaxCachedLabels / 2;
  for (size_t i = 0; i < half + 500; ++i) {
    check(label(i));
    if (HasFailure()) return;
  }
  for (size_t i = 0; i < 500; ++i) check(label(i));  // from the older half
  for (size_t i = half + 500; i < 2 * half + 1000; ++i) {
    check(label(i));
    if (HasFailure()) return;
  }
  for (size_t i = 0; i < 1000; ++i) check(label(i));  // dropped and analysed again
}

}  // namespace
}  // namespace klussen::match
