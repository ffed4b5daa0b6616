// The skills vocabulary: concepts (an external id such as an ESCO URI or
// "klussen:beleidsadvies") with preferred, alternative and hidden labels in
// Dutch and English, broader/narrower links and "related" links.
//
// Contract: concepts get dense ConceptIds (0..size()-1) in the order they are
// added; ids never change. Labels are kept as given (display text); matching
// typed text to labels is the Analyzer's job. Broader/narrower links are kept
// in both directions; a link to self or a duplicate link is ignored. The
// hierarchy may be a DAG; nothing here walks it more than one hop.
// Threading: build on one thread; afterwards every const method may be called
// from any number of threads at once (the matcher shares one immutable
// Vocabulary through std::shared_ptr<const Vocabulary>).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"

namespace klussen::match {

using ConceptId = uint32_t;
inline constexpr ConceptId kNoConcept = std::numeric_limits<ConceptId>::max();

enum class Lang : uint8_t { kNl, kEn };
enum class LabelKind : uint8_t { kPreferred, kAlternative, kHidden };

std::string_view LangCode(Lang lang);  // "nl", "en"

// Hash containers keyed by std::string that can be searched with a
// string_view without building a std::string (C++20 heterogeneous lookup).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct Label {
  std::string text;
  Lang lang = Lang::kNl;
  LabelKind kind = LabelKind::kPreferred;
};

// An occupation (ESCO occupation, or a built-in one): labels people use for
// the job and the skills it usually needs. Only used to infer skills a person
// plausibly has but did not list (see Analyzer::Infer).
using OccupationId = uint32_t;
struct Occupation {
  std::string external_id;
  std::vector<Label> labels;
  std::vector<ConceptId> essential;
  std::vector<ConceptId> optional;
};

class Vocabulary {
 public:
  // Limits that keep an import from growing without bound.
  static constexpr size_t kMaxConcepts = 1 << 22;
  static constexpr size_t kMaxLabelBytes = 256;
  static constexpr size_t kMaxIdBytes = 512;

  // Adds a concept or returns the existing one with this id.
  Result<ConceptId> AddConcept(std::string_view external_id);
  // Adds a label (trimmed; empty labels and exact duplicates are ignored). A
  // second preferred label for the same language becomes an alternative one.
  Status AddLabel(ConceptId concept_id, Lang lang, LabelKind kind, std::string_view text);
  Status AddBroader(ConceptId narrower, ConceptId broader);
  Status AddRelated(ConceptId a, ConceptId b);  // symmetric

  // Occupations: AddOccupation returns the existing one with this id.
  static constexpr size_t kMaxOccupations = 1 << 20;
  Result<OccupationId> AddOccupation(std::string_view external_id);
  Status AddOccupationLabel(OccupationId id, Lang lang, LabelKind kind, std::string_view text);
  // Duplicates are ignored; a skill both essential and optional stays essential.
  Status AddOccupationSkill(OccupationId id, ConceptId skill, bool essential);
  std::optional<OccupationId> FindOccupation(std::string_view external_id) const;
  const std::vector<Occupation>& occupations() const { return occupations_; }

  std::optional<ConceptId> Find(std::string_view external_id) const;
  size_t size() const { return concepts_.size(); }
  bool Contains(ConceptId id) const { return id < concepts_.size(); }

  const std::string& ExternalId(ConceptId id) const { return concepts_[id].external_id; }
  const std::vector<Label>& Labels(ConceptId id) const { return concepts_[id].labels; }
  // The preferred label in `lang`, else in the other language, else any
  // label, else the external id.
  std::string_view PreferredLabel(ConceptId id, Lang lang) const;
  std::span<const ConceptId> Broader(ConceptId id) const { return concepts_[id].broader; }
  std::span<const ConceptId> Narrower(ConceptId id) const { return concepts_[id].narrower; }
  std::span<const ConceptId> Related(ConceptId id) const { return concepts_[id].related; }

  size_t label_count() const { return label_count_; }
  size_t broader_link_count() const { return broader_link_count_; }

 private:
  struct Concept {
    std::string external_id;
    std::vector<Label> labels;
    std::vector<ConceptId> broader;
    std::vector<ConceptId> narrower;
    std::vector<ConceptId> related;
  };
  Status Check(ConceptId id) const;

  std::vector<Concept> concepts_;
  StringMap<ConceptId> by_external_id_;
  std::vector<Occupation> occupations_;
  StringMap<OccupationId> occupation_by_id_;
  size_t label_count_ = 0;
  size_t broader_link_count_ = 0;
};

// The built-in vocabulary for Dutch government work (about 100 concepts with
// Dutch and English labels, synonyms and broader links, ids "klussen:<slug>"),
// so the product works before any ESCO import. See default_vocabulary.cc.
std::shared_ptr<const Vocabulary> DefaultVocabulary();
// Adds the built-in concepts to an existing vocabulary (e.g. after an ESCO
// import, so both are available).
Status AddDefaultConcepts(Vocabulary* vocabulary);

}  // namespace klussen::match
