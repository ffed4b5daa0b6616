// A small RFC 4180 CSV reader for imported files (LinkedIn's export).
//
// Accepts: comma separators; fields quoted with '"', holding commas, line
// breaks and "" for a quote; CRLF, LF or CR line ends; a UTF-8 byte order mark
// at the start; a last line without a line end. Blank lines are skipped. A
// '"' inside an unquoted field is kept as text (as spreadsheets do).
// Rejects, with the line number: a quoted field never closed, text after a
// closing quote, a field, row or file over the limits. Bytes are not
// interpreted: UTF-8 validation is the caller's (it knows the file name).
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace klussen::portfolio {

struct CsvLimits {
  size_t max_field_bytes = 64 * 1024;
  size_t max_fields_per_row = 100;
  size_t max_rows = 20000;  // blank lines not counted
};

struct CsvRow {
  size_t line = 0;  // 1-based line on which the row starts
  std::vector<std::string> fields;
};

// Errors are InvalidArgument ("line 7: a quoted field is never closed") or
// PayloadTooLarge for the limits.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const CsvLimits& limits = {});

}  // namespace klussen::portfolio
