#include "match/vocabulary.h"

#include <algorithm>

namespace klussen::match {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

void AddUnique(std::vector<ConceptId>* list, ConceptId id) {
  if (std::find(list->begin(), list->end(), id) == list->end()) list->push_back(id);
}

}  // namespace

std::string_view LangCode(Lang lang) { return lang == Lang::kNl ? "nl" : "en"; }

Status Vocabulary::Check(ConceptId id) const {
  if (id >= concepts_.size()) return InvalidArgument("unknown concept " + std::to_string(id));
  return Status::Ok();
}

Result<ConceptId> Vocabulary::AddConcept(std::string_view external_id) {
  external_id = Trim(external_id);
  if (external_id.empty()) return InvalidArgument("concept id is empty");
  if (external_id.size() > kMaxIdBytes) return InvalidArgument("concept id is too long");
  auto found = by_external_id_.find(external_id);
  if (found != by_external_id_.end()) return found->second;
  std::string key(external_id);
  if (concepts_.size() >= kMaxConcepts) {
    return ResourceExhausted("vocabulary is full (" + std::to_string(kMaxConcepts) + " concepts)");
  }
  ConceptId id = static_cast<ConceptId>(concepts_.size());
  concepts_.push_back(Concept{key, {}, {}, {}, {}});
  by_external_id_.emplace(std::move(key), id);
  return id;
}

Status Vocabulary::AddLabel(ConceptId concept_id, Lang lang, LabelKind kind,
                            std::string_view text) {
  KL_RETURN_IF_ERROR(Check(concept_id));
  text = Trim(text);
  if (text.empty()) return Status::Ok();
  if (text.size() > kMaxLabelBytes) {
    return InvalidArgument("label longer than " + std::to_string(kMaxLabelBytes) + " bytes for " +
                           concepts_[concept_id].external_id);
  }
  auto& labels = concepts_[concept_id].labels;
  for (const Label& label : labels) {
    if (label.lang == lang && label.text == text) return Status::Ok();
    if (kind == LabelKind::kPreferred && label.lang == lang &&
        label.kind == LabelKind::kPreferred) {
      kind = LabelKind::kAlternative;
    }
  }
  labels.push_back(Label{std::string(text), lang, kind});
  ++label_count_;
  return Status::Ok();
}

Status Vocabulary::AddBroader(ConceptId narrower, ConceptId broader) {
  KL_RETURN_IF_ERROR(Check(narrower));
  KL_RETURN_IF_ERROR(Check(broader));
  if (narrower == broader) return Status::Ok();
  auto& up = concepts_[narrower].broader;
  if (std::find(up.begin(), up.end(), broader) != up.end()) return Status::Ok();
  up.push_back(broader);
  concepts_[broader].narrower.push_back(narrower);
  ++broader_link_count_;
  return Status::Ok();
}

Status Vocabulary::AddRelated(ConceptId a, ConceptId b) {
  KL_RETURN_IF_ERROR(Check(a));
  KL_RETURN_IF_ERROR(Check(b));
  if (a == b) return Status::Ok();
  AddUnique(&concepts_[a].related, b);
  AddUnique(&concepts_[b].related, a);
  return Status::Ok();
}

Result<OccupationId> Vocabulary::AddOccupation(std::string_view external_id) {
  external_id = Trim(external_id);
  if (external_id.empty()) return InvalidArgument("occupation id is empty");
  if (external_id.size() > kMaxIdBytes) return InvalidArgument("occupation id is too long");
  auto found = occupation_by_id_.find(external_id);
  if (found != occupation_by_id_.end()) return found->second;
  if (occupations_.size() >= kMaxOccupations) return ResourceExhausted("too many occupations");
  OccupationId id = static_cast<OccupationId>(occupations_.size());
  occupations_.push_back(Occupation{std::string(external_id), {}, {}, {}});
  occupation_by_id_.emplace(std::string(external_id), id);
  return id;
}

Status Vocabulary::AddOccupationLabel(OccupationId id, Lang lang, LabelKind kind,
                                      std::string_view text) {
  if (id >= occupations_.size()) return InvalidArgument("unknown occupation");
  text = Trim(text);
  if (text.empty()) return Status::Ok();
  if (text.size() > kMaxLabelBytes) return InvalidArgument("occupation label too long");
  auto& labels = occupations_[id].labels;
  for (const Label& label : labels) {
    if (label.lang == lang && label.text == text) return Status::Ok();
  }
  labels.push_back(Label{std::string(text), lang, kind});
  return Status::Ok();
}

Status Vocabulary::AddOccupationSkill(OccupationId id, ConceptId skill, bool essential) {
  if (id >= occupations_.size()) return InvalidArgument("unknown occupation");
  KL_RETURN_IF_ERROR(Check(skill));
  Occupation& o = occupations_[id];
  if (std::find(o.essential.begin(), o.essential.end(), skill) != o.essential.end()) {
    return Status::Ok();
  }
  auto optional = std::find(o.optional.begin(), o.optional.end(), skill);
  if (optional != o.optional.end()) {
    if (!essential) return Status::Ok();
    o.optional.erase(optional);
  }
  (essential ? o.essential : o.optional).push_back(skill);
  return Status::Ok();
}

std::optional<OccupationId> Vocabulary::FindOccupation(std::string_view external_id) const {
  auto found = occupation_by_id_.find(Trim(external_id));
  if (found == occupation_by_id_.end()) return std::nullopt;
  return found->second;
}

std::optional<ConceptId> Vocabulary::Find(std::string_view external_id) const {
  auto found = by_external_id_.find(Trim(external_id));
  if (found == by_external_id_.end()) return std::nullopt;
  return found->second;
}

std::string_view Vocabulary::PreferredLabel(ConceptId id, Lang lang) const {
  if (id >= concepts_.size()) return {};
  const auto& labels = concepts_[id].labels;
  for (const Label& l : labels) {
    if (l.lang == lang && l.kind == LabelKind::kPreferred) return l.text;
  }
  for (const Label& l : labels) {
    if (l.kind == LabelKind::kPreferred) return l.text;
  }
  if (!labels.empty()) return labels.front().text;
  return concepts_[id].external_id;
}

}  // namespace klussen::match
