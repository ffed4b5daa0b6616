// The fast per-person analysis of an upsert (MatchIndex::AnalysePerson:
// one tokenisation of the about text, per-thread label memos, mappings made
// before the lock) against the plain computation it replaced, kept here as
// the reference: every person must get exactly the same terms, counts,
// mappings and inference, cold or warm, on any thread.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "match/analyzer.h"
#include "match/index.h"

namespace klussen::match {
namespace {

// The straightforward analysis (the code before the fast path, written with
// the Analyzer's public calls only).
PersonAnalysis Reference(const Analyzer& analyzer, const IndexOptions& options,
                         const Person& person) {
  PersonAnalysis out;
  std::vector<std::string> terms = analyzer.DocumentTerms(person.about);
  if (options.skill_words_in_text) {
    std::string labels;
    for (const PersonSkill& skill : person.skills) {
      if (skill.visibility != Visibility::kEveryone) continue;
      if (labels.size() + skill.skill.label.size() > options.max_text_bytes) break;
      (labels += skill.skill.label) += '\n';
    }
    if (!labels.empty()) {
      const Lang nl_lang = Lang::kNl;
      const Lang en_lang = Lang::kEn;
      std::vector<std::string> nl = analyzer.DocumentTerms(labels, &nl_lang);
      std::vector<std::string> en = analyzer.DocumentTerms(labels, &en_lang);
      terms.insert(terms.end(), nl.begin(), nl.end());
      for (size_t i = 0; i < en.size(); ++i) {
        if (i >= nl.size() || en[i] != nl[i]) terms.push_back(en[i]);
      }
    }
  }
  out.length = terms.size();
  for (const std::string& term : terms) {
    bool seen = false;
    for (auto& [kept, count] : out.terms) {
      if (kept == term) {
        ++count;
        seen = true;
        break;
      }
    }
    if (!seen) out.terms.emplace_back(term, 1);
  }
  const Vocabulary& vocabulary = analyzer.vocabulary();
  std::vector<const SkillInput*> inputs;
  for (const PersonSkill& skill : person.skills) inputs.push_back(&skill.skill);
  for (const SkillInput& interest : person.interests) inputs.push_back(&interest);
  for (const SkillInput* input : inputs) {
    SkillKey known = kNoKey;
    if (!input->concept_id.empty() && input->concept_id.size() <= Vocabulary::kMaxIdBytes) {
      if (auto id = vocabulary.Find(input->concept_id)) known = *id;
    }
    out.known.push_back(known);
    PersonAnalysis::Mapping mapping;
    // Mapped wherever the insert would map the label itself.
    if (known == kNoKey && input->concept_id.size() <= Vocabulary::kMaxIdBytes &&
        input->label.size() <= Vocabulary::kMaxLabelBytes) {
      mapping.present = true;
      for (const SkillMapping& m : analyzer.MapSkill(input->label)) {
        if (m.concept_id != kNoConcept) {
          mapping.concepts.push_back(m.concept_id);
        } else {
          mapping.free_term = m.free_term;
        }
      }
    }
    out.mappings.push_back(std::move(mapping));
  }
  if (options.infer_skills && person.job_title.size() <= Vocabulary::kMaxLabelBytes) {
    std::vector<ConceptId> listed;
    if (analyzer.has_occupations()) {
      for (size_t i = 0; i < person.skills.size(); ++i) {
        if (person.skills[i].visibility != Visibility::kEveryone) continue;
        if (out.known[i] != kNoKey) {
          listed.push_back(out.known[i]);
          continue;
        }
        const std::string& label = person.skills[i].skill.label;
        if (label.size() > Vocabulary::kMaxLabelBytes) continue;
        for (const SkillMapping& m : analyzer.MapSkill(label)) {
          if (m.concept_id != kNoConcept) listed.push_back(m.concept_id);
        }
      }
    }
    std::string text =
        person.job_title.empty() ? person.about : person.job_title + ". " + person.about;
    Inference inference = analyzer.Infer(text, listed);
    out.named = inference.mentioned;
    out.likely = inference.likely;
    if (inference.occupation != Inference::kNone && inference.occupation < (1u << 20)) {
      out.inferred_from = inference.occupation |
                          std::min<uint32_t>(inference.label_index, 1023) << 20 |
                          (inference.named ? 1u << 30 : 0);
    }
  }
  return out;
}

void ExpectSame(const PersonAnalysis& fast, const PersonAnalysis& reference, Guid guid) {
  SCOPED_TRACE("person " + std::to_string(guid));
  ASSERT_TRUE(fast.status.ok()) << fast.status.ToString();
  EXPECT_EQ(fast.terms, reference.terms);
  EXPECT_EQ(fast.length, reference.length);
  EXPECT_EQ(fast.known, reference.known);
  ASSERT_EQ(fast.mappings.size(), reference.mappings.size());
  for (size_t i = 0; i < fast.mappings.size(); ++i) {
    EXPECT_EQ(fast.mappings[i].present, reference.mappings[i].present) << "input " << i;
    EXPECT_EQ(fast.mappings[i].concepts, reference.mappings[i].concepts) << "input " << i;
    EXPECT_EQ(fast.mappings[i].free_term, reference.mappings[i].free_term) << "input " << i;
  }
  EXPECT_EQ(fast.named, reference.named);
  EXPECT_EQ(fast.likely, reference.likely);
  EXPECT_EQ(fast.inferred_from, reference.inferred_from);
}

// Words and labels that exercise the analyzer: Dutch and English,
// compounds, stopwords, apostrophes, diacritics, c++/c#, vocabulary labels
// (preferred and alternative, in other cases and plurals), typos.
const std::vector<std::string>& Words() {
  static const std::vector<std::string> words = {"Ik",
                                                 "werk",
                                                 "als",
                                                 "beleidsmedewerker",
                                                 "bij",
                                                 "de",
                                                 "gemeente",
                                                 "informatiebeveiligingsbeleid",
                                                 "nota's",
                                                 "risico’s",
                                                 "coördinatie",
                                                 "café",
                                                 "C++",
                                                 "c#",
                                                 "and",
                                                 "the",
                                                 "policy",
                                                 "advisor",
                                                 "data-analist",
                                                 "projectleider",
                                                 "Projectleiders",
                                                 "vraagstukken",
                                                 "I",
                                                 "am",
                                                 "good",
                                                 "at",
                                                 "Python",
                                                 "SQL",
                                                 "privacy",
                                                 "officer",
                                                 "jurist",
                                                 "wetgevingsjurist",
                                                 "archivaris",
                                                 "metadata",
                                                 "ÉÉN",
                                                 "straße",
                                                 "ĳzer",
                                                 "d'r",
                                                 "beleidsnota's",
                                                 "communicatieadviseur",
                                                 "ux-ontwerper",
                                                 "recruiter",
                                                 "kaartmateriaal",
                                                 "e.g.",
                                                 "jaar",
                                                 "ervaring",
                                                 "met",
                                                 "stakeholdermanagement",
                                                 "risicoanalyse",
                                                 "informatiebeveiliger",
                                                 "subsidieaanvragen",
                                                 "x",
                                                 "datawetenschapper",
                                                 "programmamanager",
                                                 "archiefwet",
                                                 "Wet open overheid"};
  return words;
}

const std::vector<std::string>& Labels() {
  static const std::vector<std::string> labels = {"Beleidsadvies",
                                                  "beleidsadvisering",
                                                  "Policy advice",
                                                  "POLICY ADVICE",
                                                  "data analyse",
                                                  "Data-analyse",
                                                  "dataanalyse",
                                                  "informatiebeveiliging",
                                                  "Informatiebeveiligingsbeleid",
                                                  "Wet open overheid",
                                                  "woo-verzoeken",
                                                  "Projectmanagement",
                                                  "projectleiding",
                                                  "Python",
                                                  "sql",
                                                  "SQL",
                                                  "C++",
                                                  "c#",
                                                  "beleidsnota's",
                                                  "Beleidsnota",
                                                  "vraagstukken",
                                                  "knitting",
                                                  "Knittings",
                                                  "Stakeholder management",
                                                  "stakeholdermanagement",
                                                  "Coördinatie",
                                                  "juridisch advies",
                                                  "Juridische advisering",
                                                  "legal counsel",
                                                  "privacy impact assessment",
                                                  "DPIA",
                                                  "dpias",
                                                  "the art of writing",
                                                  "de",
                                                  "",
                                                  "   ",
                                                  "risico’s inschatten",
                                                  "Archivering",
                                                  "archiverin",
                                                  "Archiefbeheer",
                                                  "informatiehuishouding",
                                                  "ĳsberen",
                                                  "communicatie",
                                                  "communicatieadviseur",
                                                  "zorg",
                                                  "energietransitie",
                                                  "klantcontact",
                                                  "secretariaat"};
  return labels;
}

const std::vector<std::string>& ConceptIds() {
  static const std::vector<std::string> ids = {
      "klussen:beleidsadvies", "klussen:privacy",
      "klussen:wetgeving",     "klussen:archivering",
      "klussen:no-such-thing", "http://data.europa.eu/esco/skill/abc",
      std::string(600, 'x'),   ""};
  return ids;
}

Person MakePerson(Guid guid, std::mt19937_64& rng) {
  auto pick = [&](const std::vector<std::string>& from) -> const std::string& {
    return from[rng() % from.size()];
  };
  Person p;
  p.guid = guid;
  const size_t skills = rng() % 24;
  for (size_t i = 0; i < skills; ++i) {
    SkillInput input;
    switch (rng() % 6) {
      case 0:
        input.concept_id = pick(ConceptIds());
        break;
      case 1:
        input.concept_id = pick(ConceptIds());
        input.label = pick(Labels());
        break;
      case 2:
        input.label = pick(Labels()) + " " + pick(Words());
        break;
      case 3:
        input.label = std::string(rng() % 3 == 0 ? 300 : 40, 'a' + static_cast<char>(rng() % 26));
        break;
      default:
        input.label = pick(Labels());
        break;
    }
    if (rng() % 20 == 0) input.label += "\xC3";  // invalid UTF-8 at the end
    const Visibility visibility = rng() % 5 == 0 ? Visibility::kRestricted : Visibility::kEveryone;
    p.skills.push_back({std::move(input), static_cast<uint8_t>(rng() % 5), visibility});
  }
  const size_t interests = rng() % 4;
  for (size_t i = 0; i < interests; ++i) p.interests.push_back({"", pick(Labels())});
  const size_t words = rng() % 60;
  for (size_t i = 0; i < words; ++i) {
    if (!p.about.empty()) p.about += rng() % 7 == 0 ? ". " : " ";
    p.about += pick(Words());
  }
  if (rng() % 4 == 0) {
    const char* titles[] = {"beleidsmedewerker", "Data analist", "policy officer",
                            "Jurist'",           "c++",          "programmeur bij het Rijk"};
    p.job_title = titles[rng() % 6];
  }
  p.hours_available = 8;
  p.discoverable = true;
  return p;
}

std::vector<Person> MakePeople(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Person> people;
  for (size_t i = 0; i < count; ++i) people.push_back(MakePerson(i + 1, rng));
  return people;
}

void CheckAll(const MatchIndex& index, const Analyzer& analyzer, const IndexOptions& options,
              const std::vector<Person>& people) {
  // Twice: cold memos, then warm ones.
  for (int round = 0; round < 2; ++round) {
    for (const Person& person : people) {
      ExpectSame(index.AnalysePerson(person), Reference(analyzer, options, person), person.guid);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(IndexAnalysisTest, SameAsThePlainAnalysisWithTheBuiltInVocabulary) {
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  ASSERT_TRUE(analyzer->has_occupations());
  IndexOptions options;
  MatchIndex index(analyzer, options);
  CheckAll(index, *analyzer, options, MakePeople(600, 1));
}

TEST(IndexAnalysisTest, SameWithoutOccupationsOrSkillWords) {
  // A small vocabulary of concepts only.
  auto vocabulary = std::make_shared<Vocabulary>();
  for (const char* slug : {"beleidsadvies", "privacy", "archivering"}) {
    auto id = vocabulary->AddConcept(std::string("klussen:") + slug);
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(vocabulary->AddLabel(*id, Lang::kNl, LabelKind::kPreferred, slug).ok());
  }
  ASSERT_TRUE(vocabulary->AddLabel(1, Lang::kEn, LabelKind::kPreferred, "privacy law").ok());
  auto analyzer = std::make_shared<Analyzer>(vocabulary);
  ASSERT_FALSE(analyzer->has_occupations());
  IndexOptions options;
  options.skill_words_in_text = false;
  MatchIndex index(analyzer, options);
  CheckAll(index, *analyzer, options, MakePeople(300, 2));
  IndexOptions no_inference;
  no_inference.infer_skills = false;
  MatchIndex plain(analyzer, no_inference);
  CheckAll(plain, *analyzer, no_inference, MakePeople(300, 3));
}

TEST(IndexAnalysisTest, SameWhenTheLabelsDoNotAllFitTheTextLimit) {
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  IndexOptions options;
  options.max_text_bytes = 400;  // a few labels fit, then the rest are left out
  MatchIndex index(analyzer, options);
  std::vector<Person> people = MakePeople(300, 4);
  for (Person& p : people) p.about = p.about.substr(0, 400);
  CheckAll(index, *analyzer, options, people);
}

TEST(IndexAnalysisTest, SameWhenTheLabelsTogetherPassWhatTheAnalyzerReads) {
  // Labels one a line longer than Analyzer::kMaxInputBytes: the analyzer
  // cuts that text, so the labels cannot be analysed one by one.
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  IndexOptions options;
  options.max_text_bytes = 256 * 1024;
  options.max_skills_per_document = 400;
  MatchIndex index(analyzer, options);
  Person p;
  p.guid = 1;
  p.about = "Ik werk als beleidsmedewerker.";
  for (int i = 0; i < 300; ++i) {
    std::string label = "beleidsadvies " + std::to_string(i) + " ";
    label += std::string(255 - label.size(), 'q');
    p.skills.push_back({{"", label}, 1, Visibility::kEveryone});
  }
  // And a job title that makes title + about pass the limit too.
  p.job_title = "jurist";
  p.about += std::string(Analyzer::kMaxInputBytes, ' ') + "archivaris";
  ASSERT_GT(p.about.size(), Analyzer::kMaxInputBytes);
  CheckAll(index, *analyzer, options, {p});
}

TEST(IndexAnalysisTest, SameOnTwoThreadsAtOnce) {
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  IndexOptions options;
  MatchIndex index(analyzer, options);
  const std::vector<Person> people = MakePeople(400, 5);
  std::vector<PersonAnalysis> left(people.size());
  std::vector<PersonAnalysis> right(people.size());
  std::thread other([&] {
    for (size_t i = 0; i < people.size(); ++i) right[i] = index.AnalysePerson(people[i]);
  });
  for (size_t i = 0; i < people.size(); ++i) left[i] = index.AnalysePerson(people[i]);
  other.join();
  for (size_t i = 0; i < people.size(); ++i) {
    const PersonAnalysis reference = Reference(*analyzer, options, people[i]);
    ExpectSame(left[i], reference, people[i].guid);
    ExpectSame(right[i], reference, people[i].guid);
    if (HasFailure()) return;
  }
}

std::string Describe(const Result<std::vector<Match>>& result) {
  if (!result.ok()) return result.status().ToString();
  std::string out;
  for (const Match& m : *result) {
    out += std::to_string(m.person) + "/" + std::to_string(m.klus) + " " + std::to_string(m.score) +
           " [";
    for (const SkillEvidence& e : m.why.skills) {
      out += e.wanted_label + "=" + e.matched_label + ":" + std::to_string(e.credit) + ":" +
             std::string(SourceName(e.source)) + ":" + e.because + ";";
    }
    for (const std::string& word : m.why.text_words) out += word + ",";
    out += "]\n";
  }
  return out;
}

TEST(IndexAnalysisTest, BulkUpsertBuildsTheSameIndexAsOneByOne) {
  // UpsertPeople analyses on the index's helper threads; UpsertPerson on
  // the caller's: the same people give the same answers, explanations
  // included.
  auto analyzer = std::make_shared<Analyzer>(DefaultVocabulary());
  IndexOptions options;
  options.query_threads = 2;
  MatchIndex bulk(analyzer, options);
  MatchIndex single(analyzer, options);
  std::vector<Person> people = MakePeople(1500, 6);
  std::vector<Status> statuses = bulk.UpsertPeople(people);
  for (size_t i = 0; i < people.size(); ++i) {
    EXPECT_EQ(statuses[i].ok(), single.UpsertPerson(people[i]).ok()) << people[i].guid;
  }
  // A second bulk call (warm memos) replaces the first half.
  std::vector<Person> again(people.begin(), people.begin() + 750);
  for (Person& p : again) p.about += " archivaris";
  bulk.UpsertPeople(again);
  for (const Person& p : again) (void)single.UpsertPerson(p);
  EXPECT_EQ(bulk.Stats().people, single.Stats().people);
  EXPECT_EQ(bulk.Stats().text_terms, single.Stats().text_terms);
  EXPECT_EQ(bulk.Stats().text_postings, single.Stats().text_postings);
  EXPECT_EQ(bulk.Stats().free_terms, single.Stats().free_terms);
  EXPECT_EQ(bulk.Stats().skill_postings, single.Stats().skill_postings);
  EXPECT_EQ(bulk.Stats().inferred_postings, single.Stats().inferred_postings);
  std::mt19937_64 rng(7);
  size_t found = 0;
  for (KlusKey id = 1; id <= 40; ++id) {
    KlusDoc klus;
    klus.id = id;
    klus.required.push_back({"", Labels()[rng() % Labels().size()]});
    klus.desired.push_back({"", Labels()[rng() % Labels().size()]});
    klus.text = Words()[rng() % Words().size()] + " " + Words()[rng() % Words().size()];
    klus.hours_needed = 2;
    klus.remote = true;
    CandidateQuery query;
    query.limit = 30;
    auto a = bulk.Candidates(klus, query);
    auto b = single.Candidates(klus, query);
    ASSERT_TRUE(a.ok());
    found += a->size();
    EXPECT_EQ(Describe(a), Describe(b)) << "klus " << id;
    ASSERT_TRUE(bulk.UpsertKlus(klus).ok());
    ASSERT_TRUE(single.UpsertKlus(klus).ok());
  }
  EXPECT_GT(found, 200u);  // the queries find people, so the comparison says something
  for (Guid guid = 1; guid <= 1500; guid += 37) {
    EXPECT_EQ(Describe(bulk.KlussenFor(guid, {})), Describe(single.KlussenFor(guid, {})))
        << "person " << guid;
  }
}

}  // namespace
}  // namespace klussen::match
