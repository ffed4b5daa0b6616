// An RFC 4180 CSV reader for vocabulary imports (the ESCO download).
//
// Contract: reads records from text held in memory. Handles a UTF-8 byte
// order mark, CRLF and LF line ends, quoted fields with embedded commas,
// newlines and "" escapes. A stray quote inside an unquoted field is kept as
// a literal character (real exports contain them); anything after a closing
// quote other than a separator or line end, an unterminated quote, or a field,
// record or field count over the limits is an InvalidArgument error naming the
// line where the record starts. Never crashes on any input; after an error
// the reader stays failed.
// Threading: a CsvReader is used by one thread; the text must outlive it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace klussen::match {

struct CsvLimits {
  size_t max_field_bytes = 1 << 20;   // one field, after unquoting
  size_t max_record_bytes = 4 << 20;  // one record, raw
  size_t max_fields = 512;            // fields per record
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text, CsvLimits limits = {});

  // Reads the next record into `fields` (cleared first). Yields false at the
  // end of the text. Blank lines between records are skipped.
  Result<bool> Next(std::vector<std::string>* fields);

  // 1-based line number where the record last returned (or failed) starts.
  size_t record_line() const { return record_line_; }

 private:
  Status Fail(size_t line, std::string message);

  std::string_view text_;
  CsvLimits limits_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  bool failed_ = false;
};

// Reads a whole file (at most `max_bytes`) into memory; NotFound / Internal /
// PayloadTooLarge naming the path.
Result<std::string> ReadFileLimited(const std::string& path, size_t max_bytes);

// A CSV table: header names mapped to column positions, looked up by name so
// optional and reordered columns work.
class CsvTable {
 public:
  // Parses `text` completely: the first record is the header.
  static Result<CsvTable> Parse(std::string_view text, CsvLimits limits = {});

  // Position of a column by (case-sensitive) header name, or -1.
  int Column(std::string_view name) const;
  size_t size() const { return rows_.size(); }
  const std::vector<std::string>& row(size_t i) const { return rows_[i]; }
  // The cell, or "" when the row is shorter or the column is -1.
  std::string_view Cell(size_t row, int column) const;
  // Source line where data row i starts (for error messages).
  size_t line(size_t i) const { return lines_[i]; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> lines_;
};

}  // namespace klussen::match
