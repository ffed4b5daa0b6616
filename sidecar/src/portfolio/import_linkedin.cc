#include "portfolio/import_linkedin.h"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "klus/klus_input.h"
#include "portfolio/import_csv.h"
#include "portfolio/import_text.h"

namespace klussen::portfolio {
namespace {

constexpr std::array<std::string_view, 5> kKnownFiles = {
    "skills.csv", "positions.csv", "education.csv", "certifications.csv", "courses.csv"};

std::string_view BaseName(std::string_view name) {
  size_t slash = name.find_last_of('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

bool Known(std::string_view name) {
  std::string base = LowerAscii(BaseName(name));
  for (std::string_view known : kKnownFiles) {
    if (base == known) return true;
  }
  return false;
}

// One CSV file, its header found, its rows cleaned to valid UTF-8 text.
class Sheet {
 public:
  // Finds the header (within the first few rows) that has every column in
  // `required`; `optional` columns may be absent.
  static Result<Sheet> Read(std::string file, std::string_view bytes,
                            const std::vector<std::string_view>& required) {
    auto rows = ParseCsv(bytes);
    if (!rows.ok()) return rows.status().WithContext(file);
    Sheet sheet;
    sheet.file_ = std::move(file);
    // Every byte of every row must be UTF-8, ignored columns included.
    for (CsvRow& row : *rows) {
      for (std::string& field : row.fields) {
        auto clean = CleanImportText(field, true);
        if (!clean) {
          return InvalidArgument(sheet.file_ + " line " + std::to_string(row.line) +
                                 ": not valid UTF-8 text (save the file as UTF-8)");
        }
        field = std::move(*clean);
      }
    }
    constexpr size_t kHeaderSearchRows = 5;
    std::optional<size_t> header;
    std::string missing;
    for (size_t r = 0; r < rows->size() && r < kHeaderSearchRows; ++r) {
      std::map<std::string, size_t> columns;
      const auto& fields = (*rows)[r].fields;
      for (size_t c = 0; c < fields.size(); ++c) columns.emplace(LowerAscii(fields[c]), c);
      std::string first_missing;
      for (std::string_view name : required) {
        if (!columns.count(LowerAscii(name))) {
          first_missing = std::string(name);
          break;
        }
      }
      if (first_missing.empty()) {
        header = r;
        sheet.columns_ = std::move(columns);
        break;
      }
      if (r == 0) missing = first_missing;
    }
    if (!header) {
      if (rows->empty()) return InvalidArgument(sheet.file_ + " is empty (no header row)");
      return InvalidArgument(sheet.file_ + ": no column \"" + missing +
                             "\" in the header row (found: " + Joined((*rows)[0].fields) + ")");
    }
    sheet.rows_.assign(rows->begin() + static_cast<std::ptrdiff_t>(*header) + 1, rows->end());
    return sheet;
  }

  const std::string& file() const { return file_; }
  const std::vector<CsvRow>& rows() const { return rows_; }

  // The value of `column` in `row` ("" when the column or the cell is absent).
  std::string Get(const CsvRow& row, std::string_view column) const {
    auto found = columns_.find(LowerAscii(column));
    if (found == columns_.end() || found->second >= row.fields.size()) return "";
    return row.fields[found->second];
  }

  std::string Where(const CsvRow& row) const { return file_ + " line " + std::to_string(row.line); }

 private:
  static std::string Joined(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size() && i < 12; ++i) {
      std::string shown = fields[i];
      CutToChars(shown, 40);
      out += (i ? ", " : "") + std::string("\"") + shown + "\"";
    }
    return out.empty() ? "nothing" : out;
  }

  std::string file_;
  std::map<std::string, size_t> columns_;  // lower-cased name -> index
  std::vector<CsvRow> rows_;
};

// Reads the rows of one sheet, with the limits and warnings every kind shares.
class Reader {
 public:
  Reader(const Sheet& sheet, ImportPreview& preview) : sheet_(sheet), preview_(preview) {}

  void Warn(const CsvRow& row, const std::string& what) {
    preview_.warnings.push_back(sheet_.Where(row) + ": " + what);
  }

  // A one-line text (name, title); nullopt (with a warning) when too long.
  std::optional<std::string> Line(const CsvRow& row, std::string_view column, size_t max_chars) {
    std::string value = sheet_.Get(row, column);
    for (char& c : value) {
      if (c == '\n') c = ' ';
    }
    if (klus::CodePoints(value) > max_chars) {
      Warn(row, std::string(column) + " longer than " + std::to_string(max_chars) +
                    " characters; row skipped");
      return std::nullopt;
    }
    return value;
  }

  std::string Description(const CsvRow& row, std::string_view column) {
    std::string value = sheet_.Get(row, column);
    if (CutToChars(value, kMaxDescriptionChars)) {
      Warn(row,
           std::string(column) + " cut to " + std::to_string(kMaxDescriptionChars) + " characters");
    }
    return value;
  }

  std::string Date(const CsvRow& row, std::string_view column) {
    std::string value = sheet_.Get(row, column);
    auto date = NormaliseDate(value);
    if (!date) {
      CutToChars(value, 40);
      Warn(row, std::string(column) + " \"" + value + "\" is not a date we understand; left out");
      return "";
    }
    return *date;
  }

  std::string Url(const CsvRow& row, std::string_view column) {
    std::string value = sheet_.Get(row, column);
    if (value.empty()) return "";
    auto url = SafeUrl(value);
    if (!url) {
      Warn(row, std::string(column) + " is not an http(s) address; left out");
      return "";
    }
    return *url;
  }

  Status CheckCount(size_t count, size_t max, std::string_view what) const {
    if (count > max) {
      return PayloadTooLarge(sheet_.file() + " has more than " + std::to_string(max) + " " +
                             std::string(what) + "; at most " + std::to_string(max) +
                             " can be imported");
    }
    return Status::Ok();
  }

 private:
  const Sheet& sheet_;
  ImportPreview& preview_;
};

Status ReadSkills(const Sheet& sheet, const LinkedInLimits& limits, ImportPreview& preview) {
  Reader reader(sheet, preview);
  std::set<std::string> seen;
  for (const CsvRow& row : sheet.rows()) {
    auto name = reader.Line(row, "Name", kMaxLabelChars);
    if (!name) continue;
    if (name->empty()) {
      reader.Warn(row, "no skill name; row skipped");
      continue;
    }
    if (!seen.insert(LowerAscii(*name)).second) continue;  // listed twice
    preview.skills.push_back({*name, "linkedin", sheet.file(), "", "", ""});
    KL_RETURN_IF_ERROR(reader.CheckCount(seen.size(), limits.max_skills, "skills"));
  }
  return Status::Ok();
}

Status ReadPositions(const Sheet& sheet, const LinkedInLimits& limits, ImportPreview& preview) {
  Reader reader(sheet, preview);
  size_t count = 0;
  for (const CsvRow& row : sheet.rows()) {
    auto title = reader.Line(row, "Title", kMaxTitleChars);
    auto company = reader.Line(row, "Company Name", kMaxTitleChars);
    if (!title || !company) continue;
    if (title->empty() && company->empty()) {
      reader.Warn(row, "no title and no company; row skipped");
      continue;
    }
    KL_RETURN_IF_ERROR(reader.CheckCount(++count, limits.max_positions, "positions"));
    preview.positions.push_back({*title, *company, reader.Date(row, "Started On"),
                                 reader.Date(row, "Finished On"),
                                 reader.Description(row, "Description")});
  }
  return Status::Ok();
}

Status ReadEducation(const Sheet& sheet, const LinkedInLimits& limits, ImportPreview& preview) {
  Reader reader(sheet, preview);
  size_t count = 0;
  for (const CsvRow& row : sheet.rows()) {
    auto school = reader.Line(row, "School Name", kMaxTitleChars);
    auto degree = reader.Line(row, "Degree Name", kMaxTitleChars);
    if (!school || !degree) continue;
    if (school->empty() && degree->empty()) {
      reader.Warn(row, "no school and no degree; row skipped");
      continue;
    }
    KL_RETURN_IF_ERROR(reader.CheckCount(++count, limits.max_education, "education rows"));
    std::string date = reader.Date(row, "End Date");
    if (date.empty()) date = reader.Date(row, "Start Date");
    ImportedCourse course;
    course.title = degree->empty() ? *school : *degree;
    course.provider = *school;
    course.date = std::move(date);
    course.kind = "education";
    preview.courses.push_back(std::move(course));
  }
  return Status::Ok();
}

Status ReadCertifications(const Sheet& sheet, const LinkedInLimits& limits,
                          ImportPreview& preview) {
  Reader reader(sheet, preview);
  size_t count = 0;
  for (const CsvRow& row : sheet.rows()) {
    auto name = reader.Line(row, "Name", kMaxTitleChars);
    auto authority = reader.Line(row, "Authority", kMaxTitleChars);
    if (!name || !authority) continue;
    if (name->empty()) {
      reader.Warn(row, "no certification name; row skipped");
      continue;
    }
    KL_RETURN_IF_ERROR(reader.CheckCount(++count, limits.max_certifications, "certifications"));
    ImportedCourse course;
    course.title = *name;
    course.provider = *authority;
    course.date = reader.Date(row, "Started On");  // LinkedIn's "issued" date
    course.url = reader.Url(row, "Url");
    course.kind = "certificate";
    preview.courses.push_back(std::move(course));
  }
  return Status::Ok();
}

Status ReadCourses(const Sheet& sheet, const LinkedInLimits& limits, ImportPreview& preview) {
  Reader reader(sheet, preview);
  size_t count = 0;
  for (const CsvRow& row : sheet.rows()) {
    auto name = reader.Line(row, "Name", kMaxTitleChars);
    if (!name) continue;
    if (name->empty()) {
      reader.Warn(row, "no course name; row skipped");
      continue;
    }
    KL_RETURN_IF_ERROR(reader.CheckCount(++count, limits.max_courses, "courses"));
    ImportedCourse course;
    course.title = *name;
    course.kind = "course";
    preview.courses.push_back(std::move(course));
  }
  return Status::Ok();
}

}  // namespace

Result<ImportPreview> ParseLinkedInExport(std::string_view zip_bytes) {
  return ParseLinkedInExport(zip_bytes, LinkedInLimits{});
}

Result<ImportPreview> ParseLinkedInExport(std::string_view zip_bytes,
                                          const LinkedInLimits& limits) {
  // The inflated files stay charged to the memory budget until parsed.
  MemoryBudget::Lease inflated;
  ZipLimits zip_limits = limits.zip;
  zip_limits.charge = &inflated;
  KL_ASSIGN_OR_RETURN(std::vector<ZipEntry> entries, ReadZipArchive(zip_bytes, Known, zip_limits));

  std::map<std::string, const ZipEntry*> by_name;  // lower-cased base name
  for (const ZipEntry& entry : entries) {
    std::string base = LowerAscii(BaseName(entry.name));
    if (!by_name.emplace(base, &entry).second) {
      return InvalidArgument("the archive holds " + std::string(BaseName(entry.name)) +
                             " more than once");
    }
  }
  if (by_name.empty()) {
    return InvalidArgument(
        "not a LinkedIn export: the archive holds none of Skills.csv, Positions.csv, "
        "Education.csv, Certifications.csv, Courses.csv");
  }

  struct Kind {
    std::string_view file;
    std::vector<std::string_view> required;
    Status (*read)(const Sheet&, const LinkedInLimits&, ImportPreview&);
  };
  const std::vector<Kind> kinds = {
      {"skills.csv", {"Name"}, ReadSkills},
      {"positions.csv", {"Company Name", "Title"}, ReadPositions},
      {"education.csv", {"School Name"}, ReadEducation},
      {"certifications.csv", {"Name"}, ReadCertifications},
      {"courses.csv", {"Name"}, ReadCourses},
  };
  ImportPreview preview;
  for (const Kind& kind : kinds) {
    auto found = by_name.find(std::string(kind.file));
    if (found == by_name.end()) continue;
    std::string file(BaseName(found->second->name));
    KL_ASSIGN_OR_RETURN(Sheet sheet, Sheet::Read(file, found->second->data, kind.required));
    KL_RETURN_IF_ERROR(kind.read(sheet, limits, preview));
  }
  return preview;
}

}  // namespace klussen::portfolio
