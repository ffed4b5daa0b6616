// Reads a ZIP archive held in memory (an uploaded file), safely, with libzip.
// Nothing is written to disk; nested archives are never opened.
//
// Limits are checked before inflating (archive size, entry count, the sizes
// the headers declare) and again while inflating, on the bytes actually
// produced, because headers can lie: per-entry and total uncompressed bytes,
// and the compression ratio (inflated bytes over the entry's compressed bytes,
// which libzip never reads past). A zip bomb is therefore a PayloadTooLarge
// error, not an allocation. Inflated bytes are also charged to the process
// MemoryBudget: when other requests hold it, Unavailable (503, try again).
// Encrypted entries, absolute paths and ".." parts make the whole archive
// InvalidArgument; so does a compression method other than stored or deflate.
// Threading: pure function; separate calls may run concurrently.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/memory_budget.h"
#include "common/status.h"

namespace klussen::portfolio {

struct ZipLimits {
  size_t max_archive_bytes = 20u << 20;  // the upload itself
  size_t max_entries = 200;              // every entry, directories included
  size_t max_entry_bytes = 20u << 20;    // inflated, per entry
  size_t max_total_bytes = 50u << 20;    // inflated, all entries read
  size_t max_ratio = 100;                // inflated : compressed, per entry ...
  size_t ratio_floor_bytes = 1u << 20;   // ... once the entry has inflated past this
  // Inflated bytes are charged to this lease as they come out (the caller
  // holds it while the entries live); null charges the process budget for
  // the call only.
  MemoryBudget::Lease* charge = nullptr;
};

struct ZipEntry {
  std::string name;  // as stored, "/"-separated: "Skills.csv", "Learning/Courses.csv"
  std::string data;  // the inflated bytes
};

// Returns the file entries (not directories) that `wanted` accepts — all of
// them when `wanted` is empty — in archive order. Entries not wanted are
// still checked (name, encryption, declared sizes) but not inflated.
Result<std::vector<ZipEntry>> ReadZipArchive(
    std::string_view bytes, const std::function<bool(std::string_view name)>& wanted = {},
    const ZipLimits& limits = {});

}  // namespace klussen::portfolio
