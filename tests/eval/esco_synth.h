// Synthetic people and klussen built from real ESCO data, shared by the
// matching benchmark (tests/bench/match_bench.cc) and the evaluation
// (tests/eval/match_eval.cc). Header-only so both build from one file.
//
// Sources (see ../shared/data/esco/README.md): occupations_en.csv (label,
// description, ISCO unit group), occupations_nl.csv (Dutch label and
// description), occupationSkillRelations_from_profiles.csv (essential and
// optional skills per occupation; 64% with a skill URI, the rest label only).
//
// Everything is deterministic: person i and klus j depend only on the seed
// and their number, so the engine and the MariaDB peer get identical data
// without keeping it in memory.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "match/csv.h"
#include "match/documents.h"
#include "match/vocabulary.h"

namespace klussen::synth {

struct SkillRow {
  std::string uri;  // may be empty (label-only skill)
  std::string label;
};

struct Occupation {
  std::string uri;
  std::string label_en;
  std::string label_nl;
  std::string description_en;
  std::string description_nl;
  std::string isco;                 // 4-digit unit group
  std::vector<std::string> alt_en;  // alternative labels (job titles people use)
  std::vector<std::string> alt_nl;
  std::vector<uint32_t> essential;  // indexes into EscoData::skills
  std::vector<uint32_t> optional;
};

// Newline-separated label lists (the occupation files' altLabels).
inline std::vector<std::string> SplitLines(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < cell.size()) {
    size_t end = cell.find('\n', start);
    if (end == std::string_view::npos) end = cell.size();
    std::string_view part = cell.substr(start, end - start);
    while (!part.empty() && (part.back() == '\r' || part.back() == ' ')) part.remove_suffix(1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (!part.empty()) out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

struct EscoData {
  std::vector<SkillRow> skills;
  std::vector<Occupation> occupations;  // only those with at least 5 essential skills

  static Result<EscoData> Load(const std::string& dir) {
    using match::CsvTable;
    EscoData data;
    std::unordered_map<std::string, size_t> occupation_at;
    std::vector<Occupation> all;
    {
      KL_ASSIGN_OR_RETURN(std::string text,
                          match::ReadFileLimited(dir + "/occupations_en.csv", 64 << 20));
      KL_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text));
      int uri = table.Column("conceptUri");
      int label = table.Column("preferredLabel");
      int description = table.Column("description");
      int isco = table.Column("iscoGroup");
      int alt = table.Column("altLabels");
      for (size_t r = 0; r < table.size(); ++r) {
        Occupation o;
        o.uri = table.Cell(r, uri);
        o.label_en = table.Cell(r, label);
        o.alt_en = SplitLines(table.Cell(r, alt));
        o.description_en = table.Cell(r, description);
        o.isco = table.Cell(r, isco);
        occupation_at[o.uri] = all.size();
        all.push_back(std::move(o));
      }
    }
    {
      KL_ASSIGN_OR_RETURN(std::string text,
                          match::ReadFileLimited(dir + "/occupations_nl.csv", 64 << 20));
      KL_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text));
      int uri = table.Column("conceptUri");
      int label = table.Column("preferredLabel");
      int description = table.Column("description");
      int alt = table.Column("altLabels");
      for (size_t r = 0; r < table.size(); ++r) {
        auto found = occupation_at.find(std::string(table.Cell(r, uri)));
        if (found == occupation_at.end()) continue;
        all[found->second].label_nl = table.Cell(r, label);
        all[found->second].alt_nl = SplitLines(table.Cell(r, alt));
        all[found->second].description_nl = table.Cell(r, description);
      }
    }
    {
      KL_ASSIGN_OR_RETURN(
          std::string text,
          match::ReadFileLimited(dir + "/occupationSkillRelations_from_profiles.csv", 128 << 20));
      KL_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text));
      int occupation = table.Column("occupationUri");
      int type = table.Column("relationType");
      int skill_uri = table.Column("skillUri");
      int skill_label = table.Column("skillLabel");
      std::unordered_map<std::string, uint32_t> skill_at;
      for (size_t r = 0; r < table.size(); ++r) {
        auto found = occupation_at.find(std::string(table.Cell(r, occupation)));
        if (found == occupation_at.end()) continue;
        std::string key(table.Cell(r, skill_uri));
        if (key.empty()) key = "label:" + std::string(table.Cell(r, skill_label));
        auto [it, inserted] = skill_at.try_emplace(key, static_cast<uint32_t>(data.skills.size()));
        if (inserted) {
          data.skills.push_back(SkillRow{std::string(table.Cell(r, skill_uri)),
                                         std::string(table.Cell(r, skill_label))});
        }
        auto& o = all[found->second];
        (table.Cell(r, type) == "essential" ? o.essential : o.optional).push_back(it->second);
      }
    }
    for (auto& o : all) {
      if (o.essential.size() >= 5 && !o.description_en.empty() && o.isco.size() >= 4) {
        data.occupations.push_back(std::move(o));
      }
    }
    if (data.occupations.empty()) return NotFound("no usable occupations in " + dir);
    return data;
  }
};

struct PersonTruth {
  uint32_t occupation = 0;
  bool lists_nothing = false;     // no skills listed: only the about text tells
  bool dutch = false;             // about text written in Dutch
  bool names_occupation = false;  // the about text names the occupation (a label of it)
};

// How skill labels are written by people and posters.
enum class LabelStyle {
  kConceptIds,  // chosen from the vocabulary (concept id + label), as with autocomplete
  kTyped,       // typed text with variation; the engine must map it
};

// What the generated people look like.
struct GeneratorOptions {
  // false: the older, tidy people (about 20 skills each, essential first, the
  // occupation description as about-text; klus text starts with the
  // occupation's label and description). Kept for comparison with old figures.
  bool realistic = true;
  // Realistic people (percentages):
  int lists_nothing_percent = 12;  // list no skills, only describe their work
  int dutch_percent = 40;          // write their about text in Dutch (when there is a Dutch label)
  int typo_percent = 8;            // typed labels with a typo (kTyped only)
  int names_occupation_percent = 70;  // name their occupation (a label of it) in the about text
};

inline std::string Vary(const std::string& label, std::mt19937_64& rng) {
  std::string out = label;
  switch (rng() % 4) {
    case 0:  // capitalised
      if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
      break;
    case 1:  // plural / inflection
      if (!out.empty() && out.back() != 's') out += "s";
      break;
    case 2:  // upper case
      for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      }
      break;
    default:
      break;
  }
  return out;
}

// A typing error in one word of 5+ ASCII letters: two neighbouring letters
// swapped, or one dropped. Unchanged when there is no such word.
inline std::string Typo(const std::string& text, std::mt19937_64& rng) {
  std::vector<std::pair<size_t, size_t>> words;  // [begin, end) of ASCII-letter words
  for (size_t i = 0; i < text.size();) {
    size_t j = i;
    while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i >= 5) words.emplace_back(i, j);
    i = j == i ? i + 1 : j;
  }
  if (words.empty()) return text;
  auto [begin, end] = words[rng() % words.size()];
  size_t at = begin + 1 + rng() % (end - begin - 2);  // an inner letter
  std::string out = text;
  if (rng() % 2 == 0) {
    std::swap(out[at], out[at + 1]);
  } else {
    out.erase(at, 1);
  }
  return out;
}

// The first `max_chars` of a text, cut at a word.
inline std::string Cut(const std::string& text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  size_t end = text.rfind(' ', max_chars);
  return text.substr(0, end == std::string::npos ? max_chars : end);
}

class Generator {
 public:
  // With a vocabulary, typed labels are an alternative label of the skill
  // half of the time (when it has one).
  Generator(const EscoData& data, uint64_t seed, const match::Vocabulary* vocabulary = nullptr)
      : data_(data), seed_(seed), vocabulary_(vocabulary) {}
  Generator(const EscoData& data, uint64_t seed, const match::Vocabulary* vocabulary,
            GeneratorOptions options)
      : data_(data), seed_(seed), vocabulary_(vocabulary), options_(options) {}

  const GeneratorOptions& options() const { return options_; }

  // Person i: an occupation, availability and a region, and (realistic,
  // the default) what the person wrote about it:
  //  - skills: a random part of the occupation's skills (each essential one
  //    with probability 1/2, each optional one 1/5, at most 15, at least 1),
  //    sometimes one or two unrelated ones; kTyped writes them with
  //    variation (alt labels, case, plural, a typo in a share);
  //  - lists_nothing_percent list no skills at all;
  //  - about: a few sentences in their own words, Dutch for dutch_percent
  //    (when the occupation has a Dutch label): usually the occupation's
  //    name (preferred or alternative label), sometimes the first sentence of
  //    its description, a phrase naming two or three skills (always for
  //    people who list nothing). Never the whole ESCO description.
  // GeneratorOptions::realistic = false gives the older, tidy people: ~20
  // skills (essential first), the description as about-text.
  match::Person MakePerson(uint64_t i, LabelStyle style, PersonTruth* truth = nullptr) const {
    std::mt19937_64 rng(seed_ * 0x9E3779B97F4A7C15ull + i);
    uint32_t occ = static_cast<uint32_t>(rng() % data_.occupations.size());
    if (truth) truth->occupation = occ;
    const Occupation& o = data_.occupations[occ];
    match::Person p;
    p.guid = i + 1;
    if (!options_.realistic) {
      std::vector<uint32_t> picks = o.essential;
      std::shuffle(picks.begin(), picks.end(), rng);
      picks.resize(std::min<size_t>(picks.size(), 14));
      std::vector<uint32_t> optional = o.optional;
      std::shuffle(optional.begin(), optional.end(), rng);
      for (uint32_t s : optional) {
        if (picks.size() >= 18) break;
        picks.push_back(s);
      }
      while (picks.size() < 20) picks.push_back(static_cast<uint32_t>(rng() % data_.skills.size()));
      for (uint32_t s : picks) {
        p.skills.push_back({Skill(s, style, rng), uint8_t(1 + rng() % 4), {}});
      }
      bool dutch = !o.description_nl.empty() && rng() % 3 == 0;
      if (truth) truth->dutch = dutch;
      p.about = Cut(dutch ? o.description_nl : o.description_en, 600);
    } else {
      // The skills they can do: part of the occupation's.
      std::vector<uint32_t> can;
      for (uint32_t s : o.essential) {
        if (rng() % 2 == 0) can.push_back(s);
      }
      for (uint32_t s : o.optional) {
        if (rng() % 5 == 0) can.push_back(s);
      }
      std::shuffle(can.begin(), can.end(), rng);
      if (can.size() > 15) can.resize(15);
      if (can.empty()) can.push_back(o.essential[rng() % o.essential.size()]);
      bool nothing = static_cast<int>(rng() % 100) < options_.lists_nothing_percent;
      if (truth) truth->lists_nothing = nothing;
      if (!nothing) {
        for (uint32_t s : can) {
          p.skills.push_back({Skill(s, style, rng), uint8_t(1 + rng() % 4), {}});
        }
        for (int extra = static_cast<int>(rng() % 5) - 2; extra > 0; --extra) {  // a hobby or two
          p.skills.push_back({Skill(static_cast<uint32_t>(rng() % data_.skills.size()), style, rng),
                              uint8_t(1 + rng() % 4),
                              {}});
        }
      }
      bool dutch = !o.label_nl.empty() && static_cast<int>(rng() % 100) < options_.dutch_percent;
      if (truth) truth->dutch = dutch;
      bool names = static_cast<int>(rng() % 100) < options_.names_occupation_percent;
      if (truth) truth->names_occupation = names;
      p.about = About(o, can, dutch, names, nothing, rng);
    }
    p.region = static_cast<match::RegionCode>(1 + rng() % 12);
    p.hours_available = static_cast<float>(rng() % 17);
    p.available_from = static_cast<match::Day>(rng() % 200);
    p.available_to = p.available_from + 60 + static_cast<match::Day>(rng() % 400);
    p.discoverable = rng() % 10 != 0;
    return p;
  }

  // Klus j: wants 3-5 essential skills and 2 optional ones of an occupation.
  // Realistic (the default): the text is a short free sentence built from
  // the wanted skills (Dutch for half), naming the occupation in a third;
  // never the occupation's description. Otherwise (older): the occupation's
  // label and the start of its description.
  match::KlusDoc MakeKlus(uint64_t j, LabelStyle style, uint32_t* occupation = nullptr) const {
    std::mt19937_64 rng(seed_ * 0xC2B2AE3D27D4EB4Full + j + 1000003);
    uint32_t occ = static_cast<uint32_t>(rng() % data_.occupations.size());
    if (occupation) *occupation = occ;
    const Occupation& o = data_.occupations[occ];
    match::KlusDoc k;
    k.id = j + 1;
    std::vector<uint32_t> essential = o.essential;
    std::shuffle(essential.begin(), essential.end(), rng);
    size_t wanted = 3 + rng() % 3;
    std::vector<std::string> words;  // the wanted skills' labels, for the text
    for (size_t i = 0; i < std::min(wanted, essential.size()); ++i) {
      k.required.push_back(Skill(essential[i], style, rng));
      words.push_back(data_.skills[essential[i]].label);
    }
    std::vector<uint32_t> optional = o.optional;
    std::shuffle(optional.begin(), optional.end(), rng);
    for (size_t i = 0; i < std::min<size_t>(2, optional.size()); ++i) {
      k.desired.push_back(Skill(optional[i], style, rng));
      words.push_back(data_.skills[optional[i]].label);
    }
    if (!options_.realistic) {
      bool dutch = !o.description_nl.empty() && rng() % 2 == 0;
      k.text = (dutch ? o.label_nl : o.label_en) + ". " +
               Cut(dutch ? o.description_nl : o.description_en, 200);
    } else {
      bool dutch = !o.label_nl.empty() && rng() % 2 == 0;
      const std::string& a = words[0];
      const std::string& b = words.size() > 1 ? words[1] : words[0];
      const std::string& c = words.back();
      switch (rng() % 3) {
        case 0:
          k.text =
              dutch ? "Hulp gezocht bij " + a + ". Je werkt ook mee aan " + b + " en " + c + "."
                    : "Help wanted with " + a + ". You will also work on " + b + " and " + c + ".";
          break;
        case 1:
          k.text =
              dutch ? "Voor een project van ons team zoeken we iemand voor " + a + " en " + b +
                          ", een paar uur per week."
                    : "Our team needs someone for " + a + " and " + b + " for a few hours a week.";
          break;
        default:
          k.text = dutch ? "Klus: " + a + ". Ervaring met " + c + " is mooi meegenomen."
                         : "Klus: " + a + ". Experience with " + c + " is a plus.";
          break;
      }
      if (rng() % 3 == 0) {
        k.text += dutch ? " Ervaring als " + Lower(o.label_nl) + " helpt."
                        : " Experience as " + Lower(o.label_en) + " helps.";
      }
    }
    k.hours_needed = static_cast<float>(2 + rng() % 7);
    k.from = static_cast<match::Day>(rng() % 300);
    k.to = k.from + 14 + static_cast<match::Day>(rng() % 90);
    k.remote = rng() % 2 == 0;
    k.region = static_cast<match::RegionCode>(1 + rng() % 12);
    k.poster = 1 + rng() % 1000;
    return k;
  }

  // The text a flat table holds for a person's skills (labels as written).
  static std::string SkillsText(const match::Person& p) {
    std::string out;
    for (const auto& s : p.skills) {
      if (!out.empty()) out += ", ";
      out += s.skill.label;
    }
    return out;
  }
  static std::string QueryText(const match::KlusDoc& k) {
    std::string out;
    for (const auto* list : {&k.required, &k.desired}) {
      for (const auto& s : *list) out += s.label + ", ";
    }
    return out + k.text;
  }

 private:
  static std::string Lower(std::string text) {
    for (char& c : text) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return text;
  }
  // The first sentence of a text (at most 200 characters).
  static std::string FirstSentence(const std::string& text) {
    size_t end = text.find(". ");
    return Cut(end == std::string::npos ? text : text.substr(0, end + 1), 200);
  }

  std::string About(const Occupation& o, const std::vector<uint32_t>& can, bool dutch, bool names,
                    bool lists_nothing, std::mt19937_64& rng) const {
    std::string about;
    if (names) {
      // A label people use for the job: preferred, or one of the alternatives.
      const std::vector<std::string>& alts = dutch ? o.alt_nl : o.alt_en;
      std::string title = dutch ? o.label_nl : o.label_en;
      if (!alts.empty() && rng() % 2 == 0) title = alts[rng() % alts.size()];
      if (rng() % 2 == 0) title = Lower(title);
      switch (rng() % 3) {
        case 0:
          about = dutch ? "Ik werk als " + title + "." : "I work as " + title + ".";
          break;
        case 1:
          about =
              dutch
                  ? "Ik ben " + title + " met " + std::to_string(2 + rng() % 25) + " jaar ervaring."
                  : "I have been a " + title + " for " + std::to_string(2 + rng() % 25) + " years.";
          break;
        default:
          about = dutch ? "Van beroep " + title + ", nu bij de gemeente."
                        : "By trade a " + title + ", now with the municipality.";
          break;
      }
    }
    const std::string& description = dutch ? o.description_nl : o.description_en;
    if (!description.empty() && (about.empty() || rng() % 3 == 0)) {
      about += (about.empty() ? "" : " ") + FirstSentence(description);
    }
    if (lists_nothing || rng() % 2 == 0) {
      std::string a = data_.skills[can[rng() % can.size()]].label;
      std::string b = data_.skills[can[rng() % can.size()]].label;
      switch (rng() % 2) {
        case 0:
          about += dutch ? " Ik ben goed in " + a + " en " + b + "."
                         : " I am good at " + a + " and " + b + ".";
          break;
        default:
          about += dutch ? " Ervaring met " + a + " en " + b + "."
                         : " Experienced in " + a + " and " + b + ".";
          break;
      }
    }
    if (about.empty()) about = dutch ? "Ik help graag mee." : "Happy to help.";
    return about;
  }

  match::SkillInput Skill(uint32_t s, LabelStyle style, std::mt19937_64& rng) const {
    const SkillRow& row = data_.skills[s];
    if (style == LabelStyle::kConceptIds) return {row.uri, row.label};
    std::string typed = row.label;
    if (vocabulary_ && !row.uri.empty() && rng() % 2 == 0) {
      if (auto id = vocabulary_->Find(row.uri)) {
        std::vector<const std::string*> alternatives;
        for (const match::Label& l : vocabulary_->Labels(*id)) {
          if (l.kind != match::LabelKind::kPreferred) alternatives.push_back(&l.text);
        }
        if (!alternatives.empty()) {
          typed = *alternatives[rng() % alternatives.size()];
        }
      }
    }
    typed = Vary(typed, rng);
    if (options_.realistic && static_cast<int>(rng() % 100) < options_.typo_percent) {
      typed = Typo(typed, rng);
    }
    return {"", typed};
  }

  const EscoData& data_;
  uint64_t seed_;
  const match::Vocabulary* vocabulary_;
  GeneratorOptions options_;
};

}  // namespace klussen::synth
