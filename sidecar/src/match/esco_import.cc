#include "match/esco_import.h"

#include <algorithm>
#include <filesystem>

#include "match/csv.h"

namespace klussen::match {

namespace {

enum class FileKind {
  kUnknown,
  kSkillGroups,
  kSkills,
  kCollection,
  kOccupations,
  kOccupationSkills,
  kBroader,
  kRelated
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

FileKind KindOf(std::string_view name) {
  if (!EndsWith(name, ".csv")) return FileKind::kUnknown;
  if (StartsWith(name, "broaderRelationsSkillPillar")) return FileKind::kBroader;
  if (StartsWith(name, "skillSkillRelations")) return FileKind::kRelated;
  if (StartsWith(name, "skillGroups")) return FileKind::kSkillGroups;
  if (StartsWith(name, "skills_")) return FileKind::kSkills;
  if (StartsWith(name, "occupations_")) return FileKind::kOccupations;
  if (StartsWith(name, "occupationSkillRelations")) return FileKind::kOccupationSkills;
  if (name.find("SkillsCollection_") != std::string_view::npos) return FileKind::kCollection;
  return FileKind::kUnknown;
}

// "skills_nl.csv" -> nl; unknown or other languages -> nullopt.
std::optional<Lang> LangOf(std::string_view name) {
  if (EndsWith(name, "_nl.csv")) return Lang::kNl;
  if (EndsWith(name, "_en.csv")) return Lang::kEn;
  return std::nullopt;
}

// Splits a label list cell: newline-separated (skills files) or " | "
// separated (collections); both are handled in one cell.
std::vector<std::string_view> SplitLabels(std::string_view cell) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t newline = cell.find('\n', start);
    size_t bar = cell.find(" | ", start);
    size_t end = std::min(newline, bar);
    std::string_view part =
        cell.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    while (!part.empty() && (part.back() == '\r' || part.back() == ' ')) part.remove_suffix(1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (!part.empty()) out.push_back(part);
    if (end == std::string_view::npos) break;
    start = end + (end == bar ? 3 : 1);
  }
  return out;
}

class Importer {
 public:
  Importer(std::string_view name, Vocabulary* vocabulary, EscoImportReport* report,
           const EscoImportOptions& options)
      : name_(name), vocabulary_(vocabulary), report_(report), options_(options) {}

  void Skip(size_t line, std::string_view why) {
    ++report_->skipped_rows;
    if (report_->warnings.size() < options_.max_warnings) {
      report_->warnings.push_back(std::string(name_) + " line " + std::to_string(line) + ": " +
                                  std::string(why));
    }
  }

  Status Labels(const CsvTable& table, Lang lang) {
    int uri = table.Column("conceptUri");
    if (uri < 0) return InvalidArgument(std::string(name_) + ": no conceptUri column");
    int preferred = table.Column("preferredLabel");
    int alt = table.Column("altLabels");
    int hidden = table.Column("hiddenLabels");
    int broader = table.Column("broaderConceptUri");
    for (size_t row = 0; row < table.size(); ++row) {
      ++report_->rows;
      std::string_view id = table.Cell(row, uri);
      if (id.empty()) {
        Skip(table.line(row), "no conceptUri");
        continue;
      }
      auto concept_id = vocabulary_->AddConcept(id);
      if (!concept_id.ok()) {
        Skip(table.line(row), concept_id.status().message());
        continue;
      }
      size_t before = vocabulary_->label_count();
      AddLabelList(*concept_id, lang, LabelKind::kPreferred, table.Cell(row, preferred),
                   table.line(row));
      AddLabelList(*concept_id, lang, LabelKind::kAlternative, table.Cell(row, alt),
                   table.line(row));
      AddLabelList(*concept_id, lang, LabelKind::kHidden, table.Cell(row, hidden), table.line(row));
      report_->labels_added += vocabulary_->label_count() - before;
      for (std::string_view parent : SplitLabels(table.Cell(row, broader))) {
        KL_RETURN_IF_ERROR(Link(*concept_id, parent, table.line(row)));
      }
    }
    return Status::Ok();
  }

  Status Occupations(const CsvTable& table, Lang lang) {
    int uri = table.Column("conceptUri");
    if (uri < 0) return InvalidArgument(std::string(name_) + ": no conceptUri column");
    int preferred = table.Column("preferredLabel");
    int alt = table.Column("altLabels");
    int hidden = table.Column("hiddenLabels");
    for (size_t row = 0; row < table.size(); ++row) {
      ++report_->rows;
      auto id = vocabulary_->AddOccupation(table.Cell(row, uri));
      if (!id.ok()) {
        Skip(table.line(row), id.status().message());
        continue;
      }
      for (auto [column, kind] :
           {std::pair{preferred, LabelKind::kPreferred}, std::pair{alt, LabelKind::kAlternative},
            std::pair{hidden, LabelKind::kHidden}}) {
        for (std::string_view label : SplitLabels(table.Cell(row, column))) {
          Status status = vocabulary_->AddOccupationLabel(*id, lang, kind, label);
          if (!status.ok()) Skip(table.line(row), status.message());
        }
      }
    }
    report_->occupations = vocabulary_->occupations().size();
    return Status::Ok();
  }

  // occupationUri, relationType (essential|optional), skillUri, skillLabel.
  // A skill without a URI (or with one the vocabulary lacks) is found by its
  // English label; failing that it becomes a concept "esco-label:<label>"
  // with that label, so typed text and inference meet on it.
  Status OccupationSkills(const CsvTable& table) {
    int occupation = table.Column("occupationUri");
    int type = table.Column("relationType");
    int skill_uri = table.Column("skillUri");
    int skill_label = table.Column("skillLabel");
    if (occupation < 0 || type < 0 || (skill_uri < 0 && skill_label < 0)) {
      return InvalidArgument(std::string(name_) +
                             ": needs occupationUri, relationType and skillUri or skillLabel");
    }
    StringMap<ConceptId> by_label;
    for (ConceptId c = 0; c < vocabulary_->size(); ++c) {
      for (const Label& l : vocabulary_->Labels(c)) {
        if (l.lang == Lang::kEn && l.kind == LabelKind::kPreferred) by_label.try_emplace(l.text, c);
      }
    }
    for (size_t row = 0; row < table.size(); ++row) {
      ++report_->rows;
      auto id = vocabulary_->FindOccupation(table.Cell(row, occupation));
      if (!id) {
        auto added = vocabulary_->AddOccupation(table.Cell(row, occupation));
        if (!added.ok()) {
          Skip(table.line(row), "missing occupationUri");
          continue;
        }
        id = *added;
      }
      std::optional<ConceptId> skill;
      std::string_view uri = skill_uri >= 0 ? table.Cell(row, skill_uri) : std::string_view();
      std::string_view label = skill_label >= 0 ? table.Cell(row, skill_label) : std::string_view();
      while (!label.empty() && label.back() == ' ') label.remove_suffix(1);
      while (!label.empty() && label.front() == ' ') label.remove_prefix(1);
      if (!uri.empty()) skill = vocabulary_->Find(uri);
      if (!skill && !label.empty()) {
        if (auto found = by_label.find(label); found != by_label.end()) skill = found->second;
      }
      if (!skill && !uri.empty()) {
        auto added = vocabulary_->AddConcept(uri);
        if (added.ok()) skill = *added;
      }
      if (!skill && !label.empty() && label.size() <= Vocabulary::kMaxLabelBytes) {
        auto added = vocabulary_->AddConcept("esco-label:" + std::string(label));
        if (added.ok()) skill = *added;
      }
      if (!skill) {
        Skip(table.line(row), "no usable skill");
        continue;
      }
      if (vocabulary_->Labels(*skill).empty() && !label.empty()) {
        size_t before = vocabulary_->label_count();
        (void)vocabulary_->AddLabel(*skill, Lang::kEn, LabelKind::kPreferred, label);
        report_->labels_added += vocabulary_->label_count() - before;
        by_label.try_emplace(std::string(label), *skill);
      }
      KL_RETURN_IF_ERROR(
          vocabulary_->AddOccupationSkill(*id, *skill, table.Cell(row, type) == "essential"));
      ++report_->occupation_skills;
    }
    report_->occupations = vocabulary_->occupations().size();
    return Status::Ok();
  }

  Status Broader(const CsvTable& table) {
    int uri = table.Column("conceptUri");
    int broader = table.Column("broaderUri");
    if (uri < 0 || broader < 0) {
      return InvalidArgument(std::string(name_) + ": needs conceptUri and broaderUri columns");
    }
    for (size_t row = 0; row < table.size(); ++row) {
      ++report_->rows;
      std::string_view child = table.Cell(row, uri);
      std::string_view parent = table.Cell(row, broader);
      if (child.empty() || parent.empty()) {
        Skip(table.line(row), "missing conceptUri or broaderUri");
        continue;
      }
      auto id = vocabulary_->AddConcept(child);
      if (!id.ok()) {
        Skip(table.line(row), id.status().message());
        continue;
      }
      KL_RETURN_IF_ERROR(Link(*id, parent, table.line(row)));
    }
    return Status::Ok();
  }

  Status Related(const CsvTable& table) {
    int a = table.Column("originalSkillUri");
    int b = table.Column("relatedSkillUri");
    if (a < 0 || b < 0) {
      return InvalidArgument(std::string(name_) +
                             ": needs originalSkillUri and relatedSkillUri columns");
    }
    for (size_t row = 0; row < table.size(); ++row) {
      ++report_->rows;
      auto first = vocabulary_->AddConcept(table.Cell(row, a));
      auto second = vocabulary_->AddConcept(table.Cell(row, b));
      if (!first.ok() || !second.ok()) {
        Skip(table.line(row), "missing or bad skill URI");
        continue;
      }
      KL_RETURN_IF_ERROR(vocabulary_->AddRelated(*first, *second));
      ++report_->related_links;
    }
    return Status::Ok();
  }

 private:
  void AddLabelList(ConceptId concept_id, Lang lang, LabelKind kind, std::string_view cell,
                    size_t line) {
    for (std::string_view label : SplitLabels(cell)) {
      Status status = vocabulary_->AddLabel(concept_id, lang, kind, label);
      if (!status.ok()) Skip(line, status.message());
    }
  }

  Status Link(ConceptId child, std::string_view parent_uri, size_t line) {
    auto parent = vocabulary_->AddConcept(parent_uri);
    if (!parent.ok()) {
      Skip(line, parent.status().message());
      return Status::Ok();
    }
    size_t before = vocabulary_->broader_link_count();
    KL_RETURN_IF_ERROR(vocabulary_->AddBroader(child, *parent));
    report_->broader_links_added += vocabulary_->broader_link_count() - before;
    return Status::Ok();
  }

  std::string_view name_;
  Vocabulary* vocabulary_;
  EscoImportReport* report_;
  const EscoImportOptions& options_;
};

int Order(FileKind kind) {
  switch (kind) {
    case FileKind::kSkillGroups:
      return 0;
    case FileKind::kSkills:
      return 1;
    case FileKind::kCollection:
      return 2;
    case FileKind::kOccupations:
      return 3;
    case FileKind::kOccupationSkills:
      return 4;
    case FileKind::kBroader:
      return 5;
    case FileKind::kRelated:
      return 6;
    case FileKind::kUnknown:
      break;
  }
  return 7;
}

}  // namespace

Status ImportEscoFile(std::string_view name, std::string_view text, Vocabulary* vocabulary,
                      EscoImportReport* report, const EscoImportOptions& options) {
  FileKind kind = KindOf(name);
  if (kind == FileKind::kUnknown) return InvalidArgument(std::string(name) + ": not an ESCO file");
  if (kind == FileKind::kSkillGroups && !options.skill_groups) return Status::Ok();
  if (kind == FileKind::kRelated && !options.related) return Status::Ok();
  if ((kind == FileKind::kOccupations || kind == FileKind::kOccupationSkills) &&
      !options.occupations) {
    return Status::Ok();
  }
  auto table = CsvTable::Parse(text);
  if (!table.ok()) return table.status().WithContext(name);
  Importer importer(name, vocabulary, report, options);
  ++report->files;
  switch (kind) {
    case FileKind::kSkillGroups:
    case FileKind::kSkills:
    case FileKind::kCollection: {
      auto lang = LangOf(name);
      if (!lang) return Status::Ok();  // a language we do not label in
      return importer.Labels(*table, *lang);
    }
    case FileKind::kOccupations: {
      auto lang = LangOf(name);
      if (!lang) return Status::Ok();
      return importer.Occupations(*table, *lang);
    }
    case FileKind::kOccupationSkills:
      return importer.OccupationSkills(*table);
    case FileKind::kBroader:
      return importer.Broader(*table);
    case FileKind::kRelated:
      return importer.Related(*table);
    case FileKind::kUnknown:
      break;
  }
  return Status::Ok();
}

Result<EscoImportReport> ImportEscoDirectory(const std::string& directory, Vocabulary* vocabulary,
                                             const EscoImportOptions& options) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::directory_iterator it(directory, error);
  if (error) return NotFound("cannot read ESCO directory " + directory + ": " + error.message());
  std::vector<std::pair<int, std::string>> files;
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    FileKind kind = KindOf(name);
    if (kind == FileKind::kUnknown || !entry.is_regular_file()) continue;
    files.emplace_back(Order(kind), name);
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return NotFound("no ESCO skill files in " + directory);
  EscoImportReport report;
  report.concepts_before = vocabulary->size();
  for (const auto& [order, name] : files) {
    KL_ASSIGN_OR_RETURN(std::string text,
                        ReadFileLimited(directory + "/" + name, options.max_file_bytes));
    KL_RETURN_IF_ERROR(ImportEscoFile(name, text, vocabulary, &report, options));
  }
  report.concepts_after = vocabulary->size();
  return report;
}

}  // namespace klussen::match
