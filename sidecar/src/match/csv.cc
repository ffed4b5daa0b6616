#include "match/csv.h"

#include <fstream>
#include <utility>

namespace klussen::match {

CsvReader::CsvReader(std::string_view text, CsvLimits limits) : text_(text), limits_(limits) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
}

Status CsvReader::Fail(size_t line, std::string message) {
  failed_ = true;
  return InvalidArgument("csv line " + std::to_string(line) + ": " + std::move(message));
}

Result<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (failed_) return FailedPrecondition("csv reader already failed");
  // Skip blank lines between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  const size_t record_start = pos_;
  std::string field;
  bool quoted = false;       // inside a quoted section
  bool was_quoted = false;   // this field started with a quote
  bool after_quote = false;  // just saw the closing quote
  auto end_field = [&]() -> Status {
    if (fields->size() >= limits_.max_fields) {
      return Fail(record_line_, "more than " + std::to_string(limits_.max_fields) + " fields");
    }
    fields->push_back(std::move(field));
    field.clear();
    was_quoted = after_quote = false;
    return Status::Ok();
  };
  while (pos_ < text_.size()) {
    if (pos_ - record_start > limits_.max_record_bytes) {
      return Fail(record_line_,
                  "record longer than " + std::to_string(limits_.max_record_bytes) + " bytes");
    }
    char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
        } else {
          quoted = false;
          after_quote = true;
          ++pos_;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(c);
        ++pos_;
      }
    } else if (c == ',') {
      ++pos_;
      KL_RETURN_IF_ERROR(end_field());
      continue;
    } else if (c == '\n' || c == '\r') {
      // End of record: CRLF, LF or a lone CR.
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      KL_RETURN_IF_ERROR(end_field());
      return true;
    } else if (after_quote) {
      return Fail(line_, std::string("unexpected character '") + c + "' after a closing quote");
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
      ++pos_;
    } else {
      field.push_back(c);  // a stray quote mid-field is kept literally
      ++pos_;
    }
    if (field.size() > limits_.max_field_bytes) {
      return Fail(record_line_,
                  "field longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
    }
  }
  if (quoted) return Fail(record_line_, "quoted field not closed before the end of the file");
  KL_RETURN_IF_ERROR(end_field());
  return true;
}

Result<std::string> ReadFileLimited(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return Internal("cannot read the size of " + path);
  if (static_cast<size_t>(size) > max_bytes) {
    return PayloadTooLarge(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  in.seekg(0, std::ios::beg);
  std::string data(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(data.data(), size)) return Internal("cannot read " + path);
  return data;
}

Result<CsvTable> CsvTable::Parse(std::string_view text, CsvLimits limits) {
  CsvReader reader(text, limits);
  CsvTable table;
  KL_ASSIGN_OR_RETURN(bool has_header, reader.Next(&table.header_));
  if (!has_header) return InvalidArgument("csv: empty file, no header");
  std::vector<std::string> fields;
  while (true) {
    KL_ASSIGN_OR_RETURN(bool more, reader.Next(&fields));
    if (!more) break;
    table.rows_.push_back(std::move(fields));
    table.lines_.push_back(reader.record_line());
    fields = {};
  }
  return table;
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view CsvTable::Cell(size_t row, int column) const {
  if (column < 0) return {};
  const auto& r = rows_[row];
  if (static_cast<size_t>(column) >= r.size()) return {};
  return r[static_cast<size_t>(column)];
}

}  // namespace klussen::match
