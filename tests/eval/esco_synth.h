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
#include <cstdint>
#include <random>
#include <string>
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
  std::vector<uint32_t> essential;  // indexes into EscoData::skills
  std::vector<uint32_t> optional;
};

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
      for (size_t r = 0; r < table.size(); ++r) {
        Occupation o;
        o.uri = table.Cell(r, uri);
        o.label_en = table.Cell(r, label);
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
      for (size_t r = 0; r < table.size(); ++r) {
        auto found = occupation_at.find(std::string(table.Cell(r, uri)));
        if (found == occupation_at.end()) continue;
        all[found->second].label_nl = table.Cell(r, label);
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
};

// How skill labels are written by people and posters.
enum class LabelStyle {
  kConceptIds,  // chosen from the vocabulary (concept id + label), as with autocomplete
  kTyped,       // typed text with variation; the engine must map it
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

  // Person i: an occupation, ~20 of its skills (essential first, then
  // optional, topped up with random ones), a paragraph about the work (the
  // occupation's description, Dutch for about a third when there is one),
  // availability and a region.
  match::Person MakePerson(uint64_t i, LabelStyle style, PersonTruth* truth = nullptr) const {
    std::mt19937_64 rng(seed_ * 0x9E3779B97F4A7C15ull + i);
    uint32_t occ = static_cast<uint32_t>(rng() % data_.occupations.size());
    if (truth) truth->occupation = occ;
    const Occupation& o = data_.occupations[occ];
    match::Person p;
    p.guid = i + 1;
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
    for (uint32_t s : picks) p.skills.push_back({Skill(s, style, rng), uint8_t(1 + rng() % 4), {}});
    bool dutch = !o.description_nl.empty() && rng() % 3 == 0;
    p.about = Cut(dutch ? o.description_nl : o.description_en, 600);
    p.region = static_cast<match::RegionCode>(1 + rng() % 12);
    p.hours_available = static_cast<float>(rng() % 17);
    p.available_from = static_cast<match::Day>(rng() % 200);
    p.available_to = p.available_from + 60 + static_cast<match::Day>(rng() % 400);
    p.discoverable = rng() % 10 != 0;
    return p;
  }

  // Klus j: wants 3-5 essential skills and 2 optional ones of an occupation,
  // with a short text (a title and the start of the occupation's description,
  // Dutch for half when there is one).
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
    for (size_t i = 0; i < std::min(wanted, essential.size()); ++i) {
      k.required.push_back(Skill(essential[i], style, rng));
    }
    std::vector<uint32_t> optional = o.optional;
    std::shuffle(optional.begin(), optional.end(), rng);
    for (size_t i = 0; i < std::min<size_t>(2, optional.size()); ++i) {
      k.desired.push_back(Skill(optional[i], style, rng));
    }
    bool dutch = !o.description_nl.empty() && rng() % 2 == 0;
    k.text = (dutch ? o.label_nl : o.label_en) + ". " +
             Cut(dutch ? o.description_nl : o.description_en, 200);
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
  match::SkillInput Skill(uint32_t s, LabelStyle style, std::mt19937_64& rng) const {
    const SkillRow& row = data_.skills[s];
    if (style == LabelStyle::kConceptIds) return {row.uri, row.label};
    if (vocabulary_ && !row.uri.empty() && rng() % 2 == 0) {
      if (auto id = vocabulary_->Find(row.uri)) {
        std::vector<const std::string*> alternatives;
        for (const match::Label& l : vocabulary_->Labels(*id)) {
          if (l.kind != match::LabelKind::kPreferred) alternatives.push_back(&l.text);
        }
        if (!alternatives.empty())
          return {"", Vary(*alternatives[rng() % alternatives.size()], rng)};
      }
    }
    return {"", Vary(row.label, rng)};
  }

  const EscoData& data_;
  uint64_t seed_;
  const match::Vocabulary* vocabulary_;
};

}  // namespace klussen::synth
