#include "match/vocabulary.h"

#include <gtest/gtest.h>

namespace klussen::match {
namespace {

TEST(VocabularyTest, ConceptsLabelsAndLinks) {
  Vocabulary v;
  auto a = v.AddConcept("x:parent");
  auto b = v.AddConcept("x:child");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*v.AddConcept(" x:parent "), *a);  // same id, trimmed
  ASSERT_TRUE(v.AddLabel(*b, Lang::kNl, LabelKind::kPreferred, "kind").ok());
  ASSERT_TRUE(v.AddLabel(*b, Lang::kNl, LabelKind::kPreferred, "tweede").ok());
  ASSERT_TRUE(v.AddLabel(*b, Lang::kNl, LabelKind::kAlternative, "kind").ok());  // duplicate
  ASSERT_EQ(v.Labels(*b).size(), 2u);
  EXPECT_EQ(v.Labels(*b)[1].kind, LabelKind::kAlternative);  // one preferred per language
  EXPECT_EQ(v.PreferredLabel(*b, Lang::kEn), "kind");        // falls back to nl
  EXPECT_EQ(v.PreferredLabel(*a, Lang::kNl), "x:parent");    // no labels: the id
  ASSERT_TRUE(v.AddBroader(*b, *a).ok());
  ASSERT_TRUE(v.AddBroader(*b, *a).ok());  // duplicate ignored
  ASSERT_TRUE(v.AddBroader(*a, *a).ok());  // self ignored
  ASSERT_EQ(v.Broader(*b).size(), 1u);
  EXPECT_EQ(v.Narrower(*a)[0], *b);
  EXPECT_EQ(v.broader_link_count(), 1u);
  EXPECT_FALSE(v.AddBroader(*b, 99).ok());
  EXPECT_FALSE(v.AddConcept("").ok());
  EXPECT_FALSE(v.AddLabel(*a, Lang::kNl, LabelKind::kAlternative, std::string(300, 'x')).ok());
}

TEST(DefaultVocabularyTest, CoversGovernmentWorkInBothLanguages) {
  auto v = DefaultVocabulary();
  EXPECT_GE(v->size(), 60u);
  EXPECT_LE(v->size(), 130u);
  for (const char* id : {"klussen:woo", "klussen:informatiebeveiliging", "klussen:privacy",
                         "klussen:python", "klussen:gis", "klussen:toegankelijkheid",
                         "klussen:inkoop", "klussen:scrum", "klussen:ux-onderzoek",
                         "klussen:subsidies", "klussen:facilitatie", "klussen:archivering"}) {
    auto concept_id = v->Find(id);
    ASSERT_TRUE(concept_id.has_value()) << id;
    bool nl = false;
    bool en = false;
    for (const Label& l : v->Labels(*concept_id)) {
      nl = nl || (l.lang == Lang::kNl && l.kind == LabelKind::kPreferred);
      en = en || (l.lang == Lang::kEn && l.kind == LabelKind::kPreferred);
    }
    EXPECT_TRUE(nl && en) << id;
  }
  auto python = *v->Find("klussen:python");
  auto software = *v->Find("klussen:softwareontwikkeling");
  auto broader = v->Broader(python);
  EXPECT_NE(std::find(broader.begin(), broader.end(), software), broader.end());
  EXPECT_EQ(v->PreferredLabel(*v->Find("klussen:woo"), Lang::kNl), "Wet open overheid");
  EXPECT_EQ(v->PreferredLabel(*v->Find("klussen:woo"), Lang::kEn), "open government act");
}

}  // namespace
}  // namespace klussen::match
