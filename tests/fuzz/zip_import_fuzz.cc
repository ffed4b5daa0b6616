// libFuzzer target for the LinkedIn import: the ZIP reader (libzip under our
// limits), the export's CSV files and the CSV reader. Built and run by
// scripts/fuzz.sh; seeds in tests/fuzz/corpus/zip_import/.
//
// The first byte picks how the rest is read:
//   'A' (and most bytes): the bytes are the upload: ReadZipArchive and
//       ParseLinkedInExport, as POST /api/v1/portfolio/import/linkedin does;
//   'B': the rest describes an archive, built here with libzip before it is
//       read: "@@ name\n" starts a stored file, "@# name\n" a deflated one,
//       and the lines up to the next such line are its content. Mutating the
//       bytes of a real archive mostly breaks its CRC, so without this the
//       CSV and LinkedIn code would rarely see a mutated file;
//   'C': the rest is one CSV file for ParseCsv.
// Each input is read with the default limits and with tiny ones, so the
// limit paths are reached by small inputs too. Nothing may crash, leak, trip
// a sanitizer or throw, and no call may keep bytes of the process
// MemoryBudget once it has returned.

#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.h"
#include "common/memory_budget.h"
#include "portfolio/import_csv.h"
#include "portfolio/import_linkedin.h"
#include "portfolio/zip_reader.h"

namespace {

using klussen::portfolio::LinkedInLimits;

LinkedInLimits TinyLimits() {
  LinkedInLimits limits;
  limits.zip.max_archive_bytes = 4096;
  limits.zip.max_entries = 4;
  limits.zip.max_entry_bytes = 512;
  limits.zip.max_total_bytes = 1024;
  limits.zip.max_ratio = 4;
  limits.zip.ratio_floor_bytes = 64;
  limits.max_skills = 2;
  limits.max_positions = 2;
  limits.max_education = 1;
  limits.max_certifications = 1;
  limits.max_courses = 1;
  return limits;
}

// A lease left behind would shrink the budget of every later request.
void CheckBudgetReturned() {
  if (klussen::MemoryBudget::Process().in_use() != 0) __builtin_trap();
}

void ReadUpload(std::string_view bytes) {
  static const LinkedInLimits tiny = TinyLimits();
  (void)klussen::portfolio::ReadZipArchive(bytes);
  CheckBudgetReturned();
  (void)klussen::portfolio::ReadZipArchive(
      bytes, [](std::string_view name) { return name.size() % 2 == 0; }, tiny.zip);
  CheckBudgetReturned();
  (void)klussen::portfolio::ParseLinkedInExport(bytes);
  CheckBudgetReturned();
  (void)klussen::portfolio::ParseLinkedInExport(bytes, tiny);
  CheckBudgetReturned();
}

struct File {
  std::string name;
  std::string data;
  zip_int32_t method;
};

// An archive of `files` written by libzip in memory; "" when libzip refuses
// (an empty or duplicate name). Not the tests' MakeZip: that one throws and
// leaks the archive when libzip refuses.
std::string MakeZip(const std::vector<File>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return "";
  zip_source_keep(buffer);  // the bytes are read back after zip_close
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    zip_source_free(buffer);
    return "";
  }
  bool ok = true;
  for (const File& file : files) {
    zip_source_t* source = zip_source_buffer(archive, file.data.data(), file.data.size(), 0);
    zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, file.name.c_str(), source, ZIP_FL_ENC_GUESS);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      ok = false;
      break;
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), file.method, 1);
  }
  if (!ok || zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return "";
  }
  std::string out;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
    out.resize(stat.size);
    if (zip_source_read(buffer, out.data(), out.size()) != static_cast<zip_int64_t>(out.size()))
      out.clear();
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return out;
}

// Builds the archive the text describes (see the top of the file).
void ReadDescribedArchive(std::string_view text) {
  std::vector<File> files;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    bool header =
        line.size() >= 3 && line[0] == '@' && (line[1] == '@' || line[1] == '#') && line[2] == ' ';
    if (header && files.size() < 8) {
      files.push_back(
          {std::string(line.substr(3)), "", line[1] == '@' ? ZIP_CM_STORE : ZIP_CM_DEFLATE});
    } else if (!files.empty()) {
      files.back().data.append(text.substr(start, std::min(end + 1, text.size()) - start));
    }
    start = end + 1;
  }
  const std::string archive = MakeZip(files);
  if (!archive.empty()) ReadUpload(archive);
}

void ReadCsv(std::string_view text) {
  (void)klussen::portfolio::ParseCsv(text);
  (void)klussen::portfolio::ParseCsv(text, {16, 4, 8});
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  klussen::log::SetLevel(klussen::log::Level::kError);  // keep the fuzzer's output readable
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0]) {
    case 'B':
      ReadDescribedArchive(rest);
      break;
    case 'C':
      ReadCsv(rest);
      break;
    default:
      ReadUpload(rest);
      break;
  }
  return 0;
}
