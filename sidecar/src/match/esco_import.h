// Imports the official ESCO CSV download (any version with the v1.x column
// names) into a Vocabulary. This is the only place in match/ that reads files,
// and only the paths it is given.
//
// What is read (columns are found by header name; others are ignored):
//  - skills_<lang>.csv, skillGroups_<lang>.csv, *SkillsCollection_<lang>.csv:
//    conceptUri, preferredLabel, altLabels, hiddenLabels (newline- or
//    " | "-separated), and broaderConceptUri (" | "-separated, collections).
//    <lang> is nl or en; files in other languages are skipped.
//  - broaderRelationsSkillPillar*.csv: conceptUri -> broaderUri.
//  - skillSkillRelations*.csv (optional): originalSkillUri, relatedSkillUri.
//  - occupations_<lang>.csv (optional): conceptUri, preferredLabel,
//    altLabels, hiddenLabels -> Vocabulary occupations (nl and en labels).
//  - occupationSkillRelations*.csv (optional): occupationUri, relationType
//    (essential|optional), skillUri and/or skillLabel. A skill without a
//    known URI is found by its English preferred label, else it becomes a
//    concept "esco-label:<label>" labelled with it.
// A concept named only by a relation is created without labels (it still
// links its neighbours). Rows without a URI are skipped and counted; the
// first warnings name their file and line. A malformed CSV file fails the
// import with the file and line.
// Threading: none; the caller owns the Vocabulary until it is shared.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "match/vocabulary.h"

namespace klussen::match {

struct EscoImportOptions {
  size_t max_file_bytes = size_t{512} << 20;
  bool skill_groups = true;  // import the skill group tree (skillGroups_*)
  bool related = true;       // import skillSkillRelations
  bool occupations = true;   // import occupations_* and occupationSkillRelations*
  size_t max_warnings = 20;  // warnings kept in the report
};

struct EscoImportReport {
  size_t files = 0;
  size_t rows = 0;
  size_t skipped_rows = 0;
  size_t concepts_before = 0;
  size_t concepts_after = 0;
  size_t labels_added = 0;
  size_t broader_links_added = 0;
  size_t related_links = 0;
  size_t occupations = 0;             // occupations in the vocabulary after the import
  size_t occupation_skills = 0;       // occupation -> skill rows imported
  std::vector<std::string> warnings;  // "skills_en.csv line 12: no conceptUri"
};

// Imports every recognised file in `directory` (order: groups, skills and
// collections, occupations, occupation skills, then relations).
Result<EscoImportReport> ImportEscoDirectory(const std::string& directory, Vocabulary* vocabulary,
                                             const EscoImportOptions& options = {});

// One file's text; `name` is its file name (it selects the kind and language).
Status ImportEscoFile(std::string_view name, std::string_view text, Vocabulary* vocabulary,
                      EscoImportReport* report, const EscoImportOptions& options = {});

}  // namespace klussen::match
