// Matching quality on ESCO-derived synthetic data: nDCG@10 and recall@50 of
// "suggested candidates" for the engine and for the MariaDB FULLTEXT peer,
// on the same people, klussen and hard constraints.
//
// Ground truth comes from ESCO's occupation structure (no human labels exist
// for this task): each person is drawn from one occupation (its essential
// and optional skills, its description as the about-text); each klus wants
// skills of one occupation. A person's grade for a klus: 3 same occupation,
// 2 same ISCO unit group (4 digits), 1 same ISCO minor group (3 digits),
// 0 otherwise. Only people passing the hard constraints count (both systems
// filter the same way). recall@50 counts grade >= 2.
//
// Run: tests/eval/run.sh [--people 20000] [--klussen 200]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "esco_synth.h"
#include "fulltext_peer.h"
#include "match/analyzer.h"
#include "match/esco_import.h"
#include "match/index.h"
#include "match/scorer.h"
#include "store/database.h"

namespace {

using namespace klussen;

struct Metrics {
  double ndcg10 = 0;
  double recall50 = 0;
  size_t queries = 0;
};

int Grade(const synth::Occupation& a, const synth::Occupation& b) {
  if (&a == &b) return 3;
  if (a.isco.substr(0, 4) == b.isco.substr(0, 4)) return 2;
  if (a.isco.substr(0, 3) == b.isco.substr(0, 3)) return 1;
  return 0;
}

struct Truth {
  std::vector<uint32_t> occupation;       // by person number
  std::vector<match::PersonFacts> facts;  // by person number
};

void Score(const std::vector<match::Guid>& ranked, const match::KlusDoc& klus, uint32_t klus_occ,
           const synth::EscoData& data, const Truth& truth, int audience_percent, Metrics* m) {
  const auto& target = data.occupations[klus_occ];
  std::vector<int> eligible_grades;
  size_t relevant = 0;
  match::KlusFacts kf;
  kf.region = klus.region;
  kf.remote = klus.remote;
  kf.hours_needed = klus.hours_needed;
  kf.from = klus.from;
  kf.to = klus.to;
  kf.poster = klus.poster;
  for (size_t i = 0; i < truth.facts.size(); ++i) {
    if (match::CheckHardConstraints(truth.facts[i], kf, true) != match::Violation::kNone) continue;
    if (!synth::FulltextPeer::AudienceSees(truth.facts[i].guid, klus.id, audience_percent))
      continue;
    int g = Grade(data.occupations[truth.occupation[i]], target);
    if (g > 0) eligible_grades.push_back(g);
    if (g >= 2) ++relevant;
  }
  if (relevant == 0) return;  // nothing to find: the query says nothing
  std::sort(eligible_grades.rbegin(), eligible_grades.rend());
  double ideal = 0;
  for (size_t i = 0; i < std::min<size_t>(10, eligible_grades.size()); ++i) {
    ideal += (std::pow(2.0, eligible_grades[i]) - 1) / std::log2(i + 2.0);
  }
  double dcg = 0;
  size_t found = 0;
  for (size_t i = 0; i < ranked.size() && i < 50; ++i) {
    size_t person = ranked[i] - 1;
    if (person >= truth.occupation.size()) continue;
    int g = Grade(data.occupations[truth.occupation[person]], target);
    if (i < 10) dcg += (std::pow(2.0, g) - 1) / std::log2(i + 2.0);
    if (g >= 2) ++found;
  }
  m->ndcg10 += ideal > 0 ? dcg / ideal : 0;
  m->recall50 += static_cast<double>(found) / static_cast<double>(std::min<size_t>(relevant, 50));
  ++m->queries;
}

}  // namespace

int main(int argc, char** argv) {
  std::string esco;
  std::string socket;
  size_t people = 20000;
  size_t klussen_count = 200;
  match::IndexOptions options;  // the defaults, unless a flag below tries another
  bool esco_import = true;
  synth::GeneratorOptions generator_options;
  std::string label_styles = "both";
  size_t for_you_step = 10;
  // Like a group klus: only this share of the people may see each klus.
  int audience_percent = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--esco")
      esco = argv[i + 1];
    else if (flag == "--socket")
      socket = argv[i + 1];
    else if (flag == "--people")
      people = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--klussen")
      klussen_count = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--text-weight")
      options.scoring.text_weight = std::strtof(argv[i + 1], nullptr);
    else if (flag == "--desired-weight")
      options.scoring.desired_weight = std::strtof(argv[i + 1], nullptr);
    else if (flag == "--hop-credit")
      options.scoring.hop_credit = std::strtof(argv[i + 1], nullptr);
    else if (flag == "--max-query-terms")
      options.scoring.max_query_terms = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--max-text-df")
      options.scoring.max_text_df_fraction = std::strtof(argv[i + 1], nullptr);
    else if (flag ==
             "--esco-import")  // 0: the built-in vocabulary only (the data still comes from ESCO)
      esco_import = std::strcmp(argv[i + 1], "0") != 0;
    else if (flag == "--inferred-credit")
      options.scoring.inferred_credit = std::strtof(argv[i + 1], nullptr);
    else if (flag == "--infer")
      options.infer_skills = std::strcmp(argv[i + 1], "0") != 0;
    else if (flag == "--max-inferred")
      options.max_inferred_skills = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--skill-words")
      options.skill_words_in_text = std::strcmp(argv[i + 1], "0") != 0;
    else if (flag == "--required-weight")
      options.scoring.required_weight = std::strtof(argv[i + 1], nullptr);
    else if (flag == "--for-you-step")
      for_you_step = std::max<size_t>(1, std::strtoull(argv[i + 1], nullptr, 10));
    else if (flag == "--people-style")  // realistic (default) or tidy (the older generator)
      generator_options.realistic = std::strcmp(argv[i + 1], "tidy") != 0;
    else if (flag == "--audience-percent")
      audience_percent = std::atoi(argv[i + 1]);
    else if (flag == "--label-styles")  // both (default), ids, typed or mixed (as the API eval)
      label_styles = argv[i + 1];
  }
  if (esco.empty()) {
    std::fprintf(stderr,
                 "usage: match_eval --esco DIR [--socket S] [--people N] [--klussen N]\n"
                 "       [--text-weight W] [--desired-weight W] [--hop-credit C]\n"
                 "       [--max-query-terms N] [--max-text-df F]   (scoring options to try)\n"
                 "       [--inferred-credit C] [--infer 0|1] [--required-weight W]\n"
                 "       [--esco-import 0|1] [--people-style realistic|tidy]\n"
                 "       [--label-styles both|ids|typed|mixed] [--audience-percent P]\n");
    return 2;
  }
  store::InitDriver();
  auto vocabulary = std::make_shared<match::Vocabulary>();
  if (esco_import) {
    if (auto r = match::ImportEscoDirectory(esco, vocabulary.get()); !r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
  }
  (void)match::AddDefaultConcepts(vocabulary.get());
  auto analyzer = std::make_shared<match::Analyzer>(vocabulary);
  auto data = synth::EscoData::Load(esco);
  if (!data.ok()) {
    std::fprintf(stderr, "%s\n", data.status().ToString().c_str());
    return 1;
  }
  // Typed labels draw alternative labels from the ESCO vocabulary either way,
  // so the people are the same with and without the import.
  std::shared_ptr<match::Vocabulary> labels_from = vocabulary;
  if (!esco_import) {
    labels_from = std::make_shared<match::Vocabulary>();
    (void)match::ImportEscoDirectory(esco, labels_from.get());
  }
  synth::Generator generator(*data, 7, labels_from.get(), generator_options);
  std::printf(
      "%zu people (%s), %zu klussen, ESCO occupations %zu, ESCO import %s; grades: same "
      "occupation 3, ISCO unit group 2, minor group 1\n\n",
      people, generator_options.realistic ? "realistic" : "tidy", klussen_count,
      data->occupations.size(), esco_import ? "on" : "off (built-in vocabulary)");
  std::printf("%-38s %9s %10s %8s\n", "system", "nDCG@10", "recall@50", "queries");
  int exit_code = 0;
  const bool mixed = label_styles == "mixed";
  for (auto style : {synth::LabelStyle::kConceptIds, synth::LabelStyle::kTyped}) {
    if (label_styles == "ids" && style != synth::LabelStyle::kConceptIds) continue;
    if ((label_styles == "typed" || mixed) && style != synth::LabelStyle::kTyped) continue;
    // Mixed: half the people and half the klussen pick, the others type, as
    // in the API evaluation.
    auto person_style = [&](size_t i) {
      if (!mixed) return style;
      return (i * 2654435761u >> 7) % 2 == 0 ? synth::LabelStyle::kConceptIds
                                             : synth::LabelStyle::kTyped;
    };
    auto klus_style = [&](size_t j) {
      if (!mixed) return style;
      return j % 2 == 0 ? synth::LabelStyle::kConceptIds : synth::LabelStyle::kTyped;
    };
    const char* style_name = mixed ? "skills picked or typed (half each, as the API eval)"
                             : style == synth::LabelStyle::kConceptIds
                                 ? "skills picked from vocabulary"
                                 : "skills typed (alt labels, case, plural)";
    Truth truth;
    match::MatchIndex index(analyzer, options);
    std::unique_ptr<synth::FulltextPeer> peer;
    if (!socket.empty()) {
      peer = std::make_unique<synth::FulltextPeer>(socket, "klussen_match_eval");
      if (auto s = peer->Create(); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
    }
    for (size_t i = 0; i < people; ++i) {
      synth::PersonTruth t;
      match::Person p = generator.MakePerson(i, person_style(i), &t);
      truth.occupation.push_back(t.occupation);
      truth.facts.push_back(
          {p.guid, p.region, p.hours_available, p.available_from, p.available_to, p.discoverable});
      if (auto s = index.UpsertPerson(p); !s.ok()) return 1;
      if (peer) peer->Add(p, synth::Generator::SkillsText(p));
    }
    index.Compact();
    {
      match::IndexStats st = index.Stats();
      std::printf("(index: %zu people, %zu skill postings, %zu inferred postings)\n", st.people,
                  st.skill_postings, st.inferred_postings);
    }
    if (peer) {
      if (auto s = peer->Load(); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
    }
    Metrics engine;
    Metrics fulltext;
    match::CandidateQuery query;
    query.limit = 50;
    for (size_t j = 0; j < klussen_count; ++j) {
      uint32_t occ = 0;
      match::KlusDoc klus = generator.MakeKlus(j, klus_style(j), &occ);
      if (audience_percent < 100) {
        query.may_see_klus = [&](match::Guid g) {
          return synth::FulltextPeer::AudienceSees(g, klus.id, audience_percent);
        };
      }
      auto result = index.Candidates(klus, query);
      std::vector<match::Guid> ranked;
      if (result.ok()) {
        for (const auto& m : *result) ranked.push_back(m.person);
      }
      Score(ranked, klus, occ, *data, truth, audience_percent, &engine);
      if (peer) {
        auto rows = peer->Query(klus, synth::Generator::QueryText(klus), 50, audience_percent);
        if (!rows.ok()) {
          std::fprintf(stderr, "FULLTEXT: %s\n", rows.status().ToString().c_str());
          exit_code = 1;
          break;
        }
        Score(*rows, klus, occ, *data, truth, audience_percent, &fulltext);
      }
    }
    auto row = [&](const char* system, const Metrics& m) {
      if (m.queries == 0) return;
      std::printf("%-38s %9.3f %10.3f %8zu\n", system, m.ndcg10 / m.queries, m.recall50 / m.queries,
                  m.queries);
    };
    std::printf("-- %s\n", style_name);
    row("engine (klussen match)", engine);
    row("MariaDB FULLTEXT natural language", fulltext);
    // "Klussen voor jou": every klus of the run is open; for a sample of
    // people (every `for_you_step`-th) the share whose top 10 holds a fitting
    // klus (grade >= 2), among people for whom such a klus exists and passes
    // the constraints. Also the page fill (klussen returned of 10).
    std::vector<match::KlusDoc> klussen_docs;
    std::vector<uint32_t> klus_occ;
    for (size_t j = 0; j < klussen_count; ++j) {
      uint32_t occ = 0;
      klussen_docs.push_back(generator.MakeKlus(j, klus_style(j), &occ));
      klus_occ.push_back(occ);
      (void)index.UpsertKlus(klussen_docs.back());
    }
    bool peer_klussen = peer && peer->CreateKlussen().ok();
    if (peer_klussen) {
      for (const auto& k : klussen_docs) {
        if (!peer->AddKlus(k, synth::Generator::QueryText(k)).ok()) peer_klussen = false;
      }
    }
    size_t asked = 0, engine_hits = 0, fulltext_hits = 0, returned = 0;
    std::vector<double> latencies;
    for (size_t i = 0; i < people; i += for_you_step) {
      match::Person person = generator.MakePerson(i, person_style(i));
      match::PersonFacts pf{person.guid,           person.region,       person.hours_available,
                            person.available_from, person.available_to, person.discoverable};
      const auto& mine = data->occupations[truth.occupation[i]];
      std::vector<match::KlusKey> fitting;
      for (size_t j = 0; j < klussen_docs.size(); ++j) {
        const auto& k = klussen_docs[j];
        match::KlusFacts kf;
        kf.region = k.region;
        kf.remote = k.remote;
        kf.hours_needed = k.hours_needed;
        kf.from = k.from;
        kf.to = k.to;
        kf.poster = k.poster;
        if (match::CheckHardConstraints(pf, kf, false) != match::Violation::kNone) continue;
        if (Grade(data->occupations[klus_occ[j]], mine) >= 2) fitting.push_back(k.id);
      }
      if (fitting.empty()) continue;
      ++asked;
      match::KlusQuery kq;
      kq.limit = 10;
      auto start = std::chrono::steady_clock::now();
      auto mine_top = index.KlussenFor(person.guid, kq);
      latencies.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      if (mine_top.ok()) {
        returned += mine_top->size();
        for (const auto& m : *mine_top) {
          if (std::find(fitting.begin(), fitting.end(), m.klus) != fitting.end()) {
            ++engine_hits;
            break;
          }
        }
      }
      if (peer_klussen) {
        auto rows = peer->QueryKlussen(
            person, synth::Generator::SkillsText(person) + ", " + person.about, 10);
        if (rows.ok()) {
          for (match::KlusKey id : *rows) {
            if (std::find(fitting.begin(), fitting.end(), id) != fitting.end()) {
              ++fulltext_hits;
              break;
            }
          }
        }
      }
    }
    if (asked > 0) {
      std::sort(latencies.begin(), latencies.end());
      std::printf(
          "   Klussen voor jou (%zu people with a fitting klus): fitting klus in top 10: engine "
          "%.1f%%",
          asked, 100.0 * engine_hits / asked);
      if (peer_klussen) std::printf(", FULLTEXT %.1f%%", 100.0 * fulltext_hits / asked);
      std::printf("; engine page fill %.1f of 10, p99 %.2f ms\n",
                  static_cast<double>(returned) / asked,
                  latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)]);
    }
    if (peer) peer->Drop();
  }
  if (generator_options.realistic) {
    std::printf(
        "\nPeople list part of their occupation's skills (12%% none), write a short about text in"
        "\ntheir own words (40%% Dutch; the occupation named by 70%%); klus text is a free sentence"
        "\nbuilt from the wanted skills. Skills are ESCO skills in English (no Dutch skill "
        "labels).\n");
  } else {
    std::printf(
        "\nThe about-texts are ESCO occupation descriptions (English, Dutch for about a third);"
        "\nskills are ESCO skills in English (no Dutch skill labels are available).\n");
  }
  return exit_code;
}
