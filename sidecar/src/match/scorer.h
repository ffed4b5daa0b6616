// Scoring a person against a klus, in words a person can follow:
//
//   score = ( w_req  * required coverage
//           + w_des  * desired coverage
//           + w_text * text relevance
//           + w_int  * interest overlap          (person -> klussen only) )
//           / (sum of the weights of the parts the klus has)
//           * exposure factor                    (klus -> people only)
//
//  - required coverage = sum over the klus's required skills of idf(skill) *
//    credit / sum of idf(skill). credit is 1 when the person has the skill,
//    hop_credit (0.5) when the person has a concept one hop broader or
//    narrower in the vocabulary, else 0. idf = ln(1 + (N - df + 0.5) /
//    (df + 0.5)) over the people index, so rare skills count more.
//  - desired coverage: the same over desired skills.
//  - text relevance: BM25 (k1 1.2, b 0.75) of the query words over the other
//    side's analysed text, divided by the sum of the query words' idf (what
//    a text of average length holding each word once scores), capped at 1.
//    Query words in more than 20% of documents are left out, at most 32
//    words (highest idf first). The words of the skills a person lists (for
//    everyone) are part of their text, and the words of a klus's wanted
//    skills part of its (IndexOptions::skill_words_in_text).
//    A skill the person did not list but plausibly has (inferred, see
//    Analyzer::Infer) earns inferred_credit (0.7) times that credit.
//  - interest overlap: the share of the klus's skills the person listed as
//    an interest (same credits).
//  - exposure factor = 1 / (1 + alpha * e), e = how often the person was shown
//    recently (decayed with a half-life in days); see MatchIndex::RecordShown.
// Default weights: required 0.60, desired 0.15, text 0.25, interest 0.10.
//
// Hard constraints are filters, never scores (CheckHardConstraints): an
// excluded person is never returned, whatever the score.
//
// Threading: pure functions and plain values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "match/documents.h"
#include "match/vocabulary.h"

namespace klussen::match {

// Skill keys: a ConceptId, or kFreeKeyBase + the id of an interned free term.
using SkillKey = uint32_t;
inline constexpr SkillKey kFreeKeyBase = 1u << 31;
inline constexpr SkillKey kNoKey = 0xFFFFFFFFu;
inline bool IsFreeKey(SkillKey key) { return key >= kFreeKeyBase && key != kNoKey; }

struct ScoringOptions {
  float required_weight = 0.60f;
  float desired_weight = 0.15f;
  float text_weight = 0.25f;
  float interest_weight = 0.10f;
  float hop_credit = 0.5f;  // one broader/narrower hop
  // A skill the person did not list but plausibly has (inferred from an
  // occupation or skill their about text names, or from the occupation their
  // listed skills fit: see Analyzer::Infer) earns this share of the credit a
  // listed one would.
  float inferred_credit = 0.7f;
  size_t max_neighbours = 32;  // broader first, then narrower, per wanted skill
  float bm25_k1 = 1.2f;
  float bm25_b = 0.75f;
  // Text query words kept, highest idf first. 32, not 16: a klus's query
  // holds its wanted skills' words too, and a person's (Klussen voor jou)
  // their listed skills' words (evaluation: recall@50 0.751 -> 0.782).
  size_t max_query_terms = 32;
  // Text query words found in more than this share of documents are dropped
  // (like more_like_this's max_doc_freq): they barely move BM25 but would
  // make nearly everyone a candidate and cost a full pass each. 0.20, not
  // 0.05: with skill words as text, words such as "budget" or "data" are in
  // 5-20 % of profiles and find relevant people sharing no skill
  // (evaluation: recall@50 0.736 at 0.10, 0.751 at 0.20; docs/matching.md).
  float max_text_df_fraction = 0.20f;
  float exposure_alpha = 0.15f;  // 0 switches exposure spreading off
  float exposure_half_life_days = 14;
  Lang display_lang = Lang::kNl;  // language of labels in explanations
};

enum class Violation : uint8_t {
  kNone,
  kNotDiscoverable,
  kNotEnoughHours,
  kPeriodDoesNotOverlap,
  kOtherRegion,
  kKlusNotOpen,
  kAlreadyInvolved,
  kIsPoster,
  kMayNotSeeKlus,  // from the caller's predicate
  kHoursUnknown,   // the person's hours are unknown and the klus does not accept that
};
std::string_view ViolationName(Violation violation);

struct PersonFacts {
  Guid guid = 0;
  RegionCode region = kNoRegion;
  float hours_available = 0;
  Day from = kOpenStart;
  Day to = kOpenEnd;
  bool discoverable = false;
};

struct KlusFacts {
  RegionCode region = kNoRegion;
  bool remote = false;
  float hours_needed = 0;
  Day from = kOpenStart;
  Day to = kOpenEnd;
  bool open = true;
  Guid poster = 0;
  std::span<const Guid> involved;    // sorted
  bool accept_unknown_hours = true;  // may a person with kUnknownHours qualify?
};

// The first constraint the pair violates, or kNone. Region: a klus that is
// not remote and names a region needs a person in that region (a person
// without a region does not qualify); a klus without region or remote takes
// anyone. `check_discoverable` is false for the person's own "Klussen voor
// jou" list.
Violation CheckHardConstraints(const PersonFacts& person, const KlusFacts& klus,
                               bool check_discoverable);

float Idf(uint64_t document_frequency, uint64_t document_count);
float Bm25(float tf, float idf, float length, float average_length, const ScoringOptions& o);
float ExposureFactor(float exposure, const ScoringOptions& options);
// Decays `exposure` recorded on `last_day` to `today`.
float DecayedExposure(float exposure, Day last_day, Day today, const ScoringOptions& options);

// Concepts one hop away: broader first, then narrower, at most max_neighbours.
std::vector<ConceptId> Neighbours(const Vocabulary& vocabulary, ConceptId concept_id,
                                  size_t max_neighbours);

enum class Relation : uint8_t { kSame, kBroader, kNarrower };  // person's skill vs wanted
std::string_view RelationName(Relation relation);

// One wanted skill of a klus, with the keys that earn credit for it, best
// first: (the skill, 1.0), then its neighbours at hop_credit.
struct SkillSlot {
  SkillKey key = kNoKey;
  bool required = true;
  float idf = 0;
  float weight = 0;  // part weight * idf / sum of idf in the part, before normalisation
  struct Expansion {
    SkillKey key;
    float credit;
    Relation relation;
  };
  std::vector<Expansion> expansions;
};

// Builds the slots for wanted skills; idf_of(key) gives the idf.
template <typename IdfOf>
std::vector<SkillSlot> BuildSlots(const Vocabulary& vocabulary, std::span<const SkillKey> required,
                                  std::span<const SkillKey> desired, const ScoringOptions& options,
                                  IdfOf idf_of);

struct SlotMatch {
  float credit = 0;
  SkillKey matched = kNoKey;
  Relation relation = Relation::kSame;
  bool inferred = false;  // earned by an inferred skill
};
// The best credit for one slot given the person's usable skill keys (sorted).
SlotMatch MatchSlot(const SkillSlot& slot, std::span<const SkillKey> person_keys_sorted);
// The same where some keys are inferred (`inferred[i]` for key i): those earn
// `inferred_credit` times the credit; the best credit wins.
SlotMatch MatchSlotWeighted(const SkillSlot& slot, std::span<const SkillKey> person_keys_sorted,
                            std::span<const uint8_t> inferred, float inferred_credit);

// The weight each part gets after dividing by the sum of the parts present.
struct PartWeights {
  float required = 0;
  float desired = 0;
  float text = 0;
  float interest = 0;
};
PartWeights NormalisedWeights(bool has_required, bool has_desired, bool has_text, bool has_interest,
                              const ScoringOptions& options);

struct SkillEvidence {
  std::string wanted_label;
  bool required = true;
  std::string matched_label;  // the person's (or, person->klus, the klus's) skill label
  Relation relation = Relation::kSame;
  float credit = 0;
  float idf = 0;
  uint8_t level = 0;
  // Listed by the person, or inferred, and from what.
  enum class Source : uint8_t {
    kListed,
    kNamedOccupation,  // the about text names occupation `because`
    kFitsOccupation,   // the listed skills fit occupation `because`
    kNamedInText,      // the about text names the skill
  };
  Source source = Source::kListed;
  std::string because;  // the occupation label (as the text names it, for kNamedOccupation)
};
// "listed", "named_occupation", "fits_occupation", "named_in_text".
std::string_view SourceName(SkillEvidence::Source source);

// Why a pair matched, built only from values the viewer may see.
struct Explanation {
  std::vector<SkillEvidence> skills;
  std::vector<std::string> missing_required;  // wanted labels nobody covered
  std::vector<std::string> text_words;        // query words found in the other text
  std::vector<std::string> interests;         // klus skills the person is interested in
  float required_part = 0;                    // coverage in [0, 1]
  float desired_part = 0;
  float text_part = 0;
  float interest_part = 0;
  float exposure_factor = 1;
  float hours_available = 0;
  float hours_needed = 0;
  Day overlap_from = kOpenStart;
  Day overlap_to = kOpenEnd;
  RegionCode person_region = kNoRegion;
  RegionCode klus_region = kNoRegion;
  bool remote = false;
};

struct Match {
  Guid person = 0;
  KlusKey klus = 0;
  float score = 0;
  Explanation why;
};

// ---- template implementation ----

template <typename IdfOf>
std::vector<SkillSlot> BuildSlots(const Vocabulary& vocabulary, std::span<const SkillKey> required,
                                  std::span<const SkillKey> desired, const ScoringOptions& options,
                                  IdfOf idf_of) {
  std::vector<SkillSlot> slots;
  for (int part = 0; part < 2; ++part) {
    auto keys = part == 0 ? required : desired;
    float idf_sum = 0;
    size_t first = slots.size();
    for (SkillKey key : keys) {
      bool duplicate = false;
      for (const SkillSlot& s : slots) duplicate = duplicate || s.key == key;
      if (duplicate || key == kNoKey) continue;
      SkillSlot slot;
      slot.key = key;
      slot.required = part == 0;
      slot.idf = idf_of(key);
      idf_sum += slot.idf;
      slot.expansions.push_back({key, 1.0f, Relation::kSame});
      if (!IsFreeKey(key) && vocabulary.Contains(key) && options.hop_credit > 0) {
        for (ConceptId n : Neighbours(vocabulary, key, options.max_neighbours)) {
          bool is_broader = false;
          for (ConceptId b : vocabulary.Broader(key)) is_broader = is_broader || b == n;
          slot.expansions.push_back(
              {n, options.hop_credit, is_broader ? Relation::kBroader : Relation::kNarrower});
        }
      }
      slots.push_back(std::move(slot));
    }
    for (size_t i = first; i < slots.size(); ++i) {
      slots[i].weight = idf_sum > 0 ? slots[i].idf / idf_sum : 0;
    }
  }
  return slots;
}

}  // namespace klussen::match
