#include "match/scorer.h"

#include <algorithm>
#include <cmath>

namespace klussen::match {

std::string_view ViolationName(Violation violation) {
  switch (violation) {
    case Violation::kNone:
      return "none";
    case Violation::kNotDiscoverable:
      return "not_discoverable";
    case Violation::kNotEnoughHours:
      return "not_enough_hours";
    case Violation::kPeriodDoesNotOverlap:
      return "period_does_not_overlap";
    case Violation::kOtherRegion:
      return "other_region";
    case Violation::kKlusNotOpen:
      return "klus_not_open";
    case Violation::kAlreadyInvolved:
      return "already_involved";
    case Violation::kIsPoster:
      return "is_poster";
    case Violation::kMayNotSeeKlus:
      return "may_not_see_klus";
    case Violation::kHoursUnknown:
      return "hours_unknown";
  }
  return "unknown";
}

std::string_view RelationName(Relation relation) {
  switch (relation) {
    case Relation::kSame:
      return "same";
    case Relation::kBroader:
      return "broader";
    case Relation::kNarrower:
      return "narrower";
  }
  return "same";
}

std::string_view SourceName(SkillEvidence::Source source) {
  switch (source) {
    case SkillEvidence::Source::kListed:
      return "listed";
    case SkillEvidence::Source::kNamedOccupation:
      return "named_occupation";
    case SkillEvidence::Source::kFitsOccupation:
      return "fits_occupation";
    case SkillEvidence::Source::kNamedInText:
      return "named_in_text";
  }
  return "listed";
}

Violation CheckHardConstraints(const PersonFacts& person, const KlusFacts& klus,
                               bool check_discoverable) {
  if (check_discoverable && !person.discoverable) return Violation::kNotDiscoverable;
  if (!klus.open) return Violation::kKlusNotOpen;
  if (person.guid == klus.poster) return Violation::kIsPoster;
  if (std::binary_search(klus.involved.begin(), klus.involved.end(), person.guid)) {
    return Violation::kAlreadyInvolved;
  }
  if (person.hours_available >= kUnknownHours) {
    if (!klus.accept_unknown_hours) return Violation::kHoursUnknown;
  } else if (!(person.hours_available > 0) || !(person.hours_available >= klus.hours_needed)) {
    // No free hours means not available, whatever the klus needs. NaN hours
    // (never valid) fail these comparisons and so exclude the person.
    return Violation::kNotEnoughHours;
  }
  if (person.from > klus.to || klus.from > person.to) return Violation::kPeriodDoesNotOverlap;
  if (!klus.remote && klus.region != kNoRegion && person.region != klus.region) {
    return Violation::kOtherRegion;
  }
  return Violation::kNone;
}

float Idf(uint64_t df, uint64_t n) {
  if (df > n) df = n;
  double value =
      std::log(1.0 + (static_cast<double>(n - df) + 0.5) / (static_cast<double>(df) + 0.5));
  return static_cast<float>(value);
}

float Bm25(float tf, float idf, float length, float average_length, const ScoringOptions& o) {
  float norm = average_length > 0 ? length / average_length : 1.0f;
  return idf * tf * (o.bm25_k1 + 1) / (tf + o.bm25_k1 * (1 - o.bm25_b + o.bm25_b * norm));
}

float ExposureFactor(float exposure, const ScoringOptions& options) {
  if (options.exposure_alpha <= 0 || !(exposure > 0)) return 1.0f;
  return 1.0f / (1.0f + options.exposure_alpha * exposure);
}

float DecayedExposure(float exposure, Day last_day, Day today, const ScoringOptions& options) {
  if (exposure <= 0 || today <= last_day || options.exposure_half_life_days <= 0) return exposure;
  double days = static_cast<double>(today) - static_cast<double>(last_day);
  return static_cast<float>(exposure * std::exp2(-days / options.exposure_half_life_days));
}

std::vector<ConceptId> Neighbours(const Vocabulary& vocabulary, ConceptId concept_id,
                                  size_t max_neighbours) {
  std::vector<ConceptId> out;
  if (!vocabulary.Contains(concept_id)) return out;
  for (auto list : {vocabulary.Broader(concept_id), vocabulary.Narrower(concept_id)}) {
    for (ConceptId n : list) {
      if (out.size() >= max_neighbours) return out;
      if (n != concept_id && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
  }
  return out;
}

SlotMatch MatchSlot(const SkillSlot& slot, std::span<const SkillKey> person_keys_sorted) {
  for (const SkillSlot::Expansion& e : slot.expansions) {
    if (std::binary_search(person_keys_sorted.begin(), person_keys_sorted.end(), e.key)) {
      return SlotMatch{e.credit, e.key, e.relation};
    }
  }
  return {};
}

SlotMatch MatchSlotWeighted(const SkillSlot& slot, std::span<const SkillKey> keys,
                            std::span<const uint8_t> inferred, float inferred_credit) {
  SlotMatch best;
  for (const SkillSlot::Expansion& e : slot.expansions) {
    if (e.credit <= best.credit) break;  // expansions come best first
    auto at = std::lower_bound(keys.begin(), keys.end(), e.key);
    if (at == keys.end() || *at != e.key) continue;
    bool is_inferred = inferred[static_cast<size_t>(at - keys.begin())] != 0;
    float credit = is_inferred ? e.credit * inferred_credit : e.credit;
    if (credit > best.credit) best = SlotMatch{credit, e.key, e.relation, is_inferred};
  }
  return best;
}

PartWeights NormalisedWeights(bool has_required, bool has_desired, bool has_text, bool has_interest,
                              const ScoringOptions& o) {
  PartWeights w;
  w.required = has_required ? o.required_weight : 0;
  w.desired = has_desired ? o.desired_weight : 0;
  w.text = has_text ? o.text_weight : 0;
  w.interest = has_interest ? o.interest_weight : 0;
  float sum = w.required + w.desired + w.text + w.interest;
  if (sum > 0) {
    w.required /= sum;
    w.desired /= sum;
    w.text /= sum;
    w.interest /= sum;
  }
  return w;
}

}  // namespace klussen::match
