#include "portfolio/import_csv.h"

namespace klussen::portfolio {
namespace {

std::string AtLine(size_t line, std::string_view what) {
  return "line " + std::to_string(line) + ": " + std::string(what);
}

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const CsvLimits& limits) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  size_t i = 0;
  size_t line = 1;
  const size_t n = text.size();

  // Consumes a line end at i (CRLF, LF or CR), if there is one.
  auto line_end = [&]() {
    if (i < n && text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      return true;
    }
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
      return true;
    }
    return false;
  };

  while (i < n) {
    CsvRow row;
    row.line = line;
    bool any_quoted = false;
    while (true) {  // one field per turn
      std::string field;
      const size_t field_line = line;
      if (i < n && text[i] == '"') {
        any_quoted = true;
        ++i;
        while (true) {
          if (i >= n) return InvalidArgument(AtLine(field_line, "a quoted field is never closed"));
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n' || (c == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) ++line;
          field.push_back(c);
          ++i;
          if (field.size() > limits.max_field_bytes) {
            return PayloadTooLarge(AtLine(
                field_line,
                "a field is longer than " + std::to_string(limits.max_field_bytes) + " bytes"));
          }
        }
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          return InvalidArgument(AtLine(line, "unexpected text after a closing quote"));
        }
      } else {
        size_t end = text.find_first_of(",\r\n", i);
        if (end == std::string_view::npos) end = n;
        if (end - i > limits.max_field_bytes) {
          return PayloadTooLarge(AtLine(
              field_line,
              "a field is longer than " + std::to_string(limits.max_field_bytes) + " bytes"));
        }
        field.assign(text.substr(i, end - i));
        i = end;
      }
      row.fields.push_back(std::move(field));
      if (row.fields.size() > limits.max_fields_per_row) {
        return PayloadTooLarge(
            AtLine(row.line,
                   "more than " + std::to_string(limits.max_fields_per_row) + " fields in a row"));
      }
      if (i < n && text[i] == ',') {
        ++i;
        if (i >= n) {
          row.fields.emplace_back();  // "a,b," at the very end: a last empty field
          break;
        }
        continue;
      }
      line_end();
      break;
    }
    bool blank = row.fields.size() == 1 && row.fields[0].empty() && !any_quoted;
    if (blank) continue;
    if (rows.size() >= limits.max_rows) {
      return PayloadTooLarge(
          AtLine(row.line, "more than " + std::to_string(limits.max_rows) + " rows"));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace klussen::portfolio
