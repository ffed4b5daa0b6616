// Reads the ZIP archive of LinkedIn's "Get a copy of your data" into an
// ImportPreview (issue #7). Pure: nothing is stored; the member previews.
//
// Files used (found by name in any folder of the archive, case-insensitively;
// any other file is left unread):
//   Skills.csv          Name
//   Positions.csv       Company Name, Title [, Description, Location, Started On, Finished On]
//   Education.csv       School Name [, Start Date, End Date, Notes, Degree Name, Activities]
//   Certifications.csv  Name [, Url, Authority, Started On, Finished On, License Number]
//   Courses.csv         Name [, Number]
// Headers match case-insensitively, in any order, with extra columns
// ignored; the header row may follow a few preamble rows ("Notes: ..."). Files
// absent from the archive are simply absent; an archive without any of them
// is "not a LinkedIn export".
//
// Errors — the whole import fails, so nothing half-read is ever saved:
//   InvalidArgument: not a ZIP / damaged / unsafe archive; a required column
//     missing ("Positions.csv: no column \"Title\""); bytes that are not UTF-8
//     ("Skills.csv line 4: not valid UTF-8"); broken CSV quoting (with line).
//   PayloadTooLarge: the zip limits (zip_reader.h), the CSV limits
//     (import_csv.h), more rows than LinkedInLimits allow.
// Warnings (row skipped or value dropped, with file and line): an empty
// required value, a text over its length limit, a date not understood, a URL
// that is not http(s). Dates become "YYYY", "YYYY-MM" or "YYYY-MM-DD".
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.h"
#include "portfolio/import_model.h"
#include "portfolio/zip_reader.h"

namespace klussen::portfolio {

struct LinkedInLimits {
  ZipLimits zip;
  size_t max_skills = 500;
  size_t max_positions = 200;
  size_t max_education = 100;
  size_t max_certifications = 200;
  size_t max_courses = 200;
};

Result<ImportPreview> ParseLinkedInExport(std::string_view zip_bytes);
Result<ImportPreview> ParseLinkedInExport(std::string_view zip_bytes, const LinkedInLimits& limits);

}  // namespace klussen::portfolio
