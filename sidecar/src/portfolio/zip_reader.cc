#include "portfolio/zip_reader.h"

#include <zip.h>

#include <algorithm>
#include <memory>

namespace klussen::portfolio {
namespace {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
using File = std::unique_ptr<zip_file_t, FileCloser>;

std::string Quoted(std::string_view name) {
  constexpr size_t kShown = 80;
  std::string shown(name.substr(0, kShown));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return "\"" + shown + (name.size() > kShown ? "...\"" : "\"");
}

// An absolute path, a drive letter or a ".." part: never a LinkedIn export,
// and dangerous should anyone ever extract it.
bool UnsafeName(std::string_view name) {
  if (name.empty()) return true;
  if (name.front() == '/' || name.front() == '\\') return true;
  if (name.size() >= 2 && name[1] == ':') return true;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

std::string MiB(size_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

}  // namespace

Result<std::vector<ZipEntry>> ReadZipArchive(
    std::string_view bytes, const std::function<bool(std::string_view name)>& wanted,
    const ZipLimits& limits) {
  if (bytes.size() > limits.max_archive_bytes) {
    return PayloadTooLarge("the archive is larger than " + MiB(limits.max_archive_bytes));
  }
  if (bytes.size() < 4 || bytes.substr(0, 2) != "PK") {
    return InvalidArgument("not a ZIP archive");
  }

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Internal("cannot read the archive: " + message);
  }
  Archive archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!archive) {
    zip_source_free(source);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return InvalidArgument("not a readable ZIP archive (" + message + ")");
  }
  zip_error_fini(&error);

  zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0) return InvalidArgument("not a readable ZIP archive");
  if (static_cast<size_t>(count) > limits.max_entries) {
    return PayloadTooLarge("the archive has " + std::to_string(count) + " entries; at most " +
                           std::to_string(limits.max_entries) + " are accepted");
  }

  // First pass: check every entry and what the headers declare.
  struct Planned {
    zip_uint64_t index;
    std::string name;
    zip_uint64_t compressed;
  };
  std::vector<Planned> planned;
  size_t declared_total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME)) {
      return InvalidArgument("entry " + std::to_string(i + 1) + " of the archive is unreadable");
    }
    std::string name = stat.name;
    if (UnsafeName(name)) {
      return InvalidArgument("the archive holds an entry with an unsafe path: " + Quoted(name));
    }
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
      return InvalidArgument("the archive holds an encrypted entry: " + Quoted(name));
    }
    if (name.back() == '/') continue;  // a directory
    if (wanted && !wanted(name)) continue;
    if ((stat.valid & ZIP_STAT_COMP_METHOD) && stat.comp_method != ZIP_CM_STORE &&
        stat.comp_method != ZIP_CM_DEFLATE) {
      return InvalidArgument("entry " + Quoted(name) +
                             " uses a compression method other than deflate");
    }
    if (!(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_COMP_SIZE)) {
      return InvalidArgument("entry " + Quoted(name) + " has no sizes");
    }
    if (stat.size > limits.max_entry_bytes) {
      return PayloadTooLarge("entry " + Quoted(name) + " is larger than " +
                             MiB(limits.max_entry_bytes) + " uncompressed");
    }
    if (stat.size > limits.ratio_floor_bytes &&
        stat.size / limits.max_ratio > std::max<zip_uint64_t>(stat.comp_size, 1)) {
      return PayloadTooLarge("entry " + Quoted(name) + " expands more than " +
                             std::to_string(limits.max_ratio) + ":1 (a zip bomb?)");
    }
    declared_total += stat.size;
    if (declared_total > limits.max_total_bytes) {
      return PayloadTooLarge("the archive's files are larger than " + MiB(limits.max_total_bytes) +
                             " together, uncompressed");
    }
    planned.push_back({i, std::move(name), stat.comp_size});
  }

  // Second pass: inflate, counting the bytes that actually come out.
  std::vector<ZipEntry> entries;
  size_t total = 0;
  MemoryBudget::Lease own_charge;
  MemoryBudget::Lease& charge = limits.charge != nullptr ? *limits.charge : own_charge;
  std::string buffer(64 * 1024, '\0');
  for (const Planned& entry : planned) {
    File file(zip_fopen_index(archive.get(), entry.index, 0));
    if (!file) {
      return InvalidArgument("entry " + Quoted(entry.name) +
                             " cannot be opened: " + zip_strerror(archive.get()));
    }
    ZipEntry out{entry.name, {}};
    const size_t ratio_limit =
        static_cast<size_t>(std::max<zip_uint64_t>(entry.compressed, 1)) * limits.max_ratio;
    while (true) {
      zip_int64_t read = zip_fread(file.get(), buffer.data(), buffer.size());
      if (read < 0) {
        return InvalidArgument("entry " + Quoted(entry.name) +
                               " is damaged: " + zip_file_strerror(file.get()));
      }
      if (read == 0) break;
      size_t got = static_cast<size_t>(read);
      if (out.data.size() + got > limits.max_entry_bytes) {
        return PayloadTooLarge("entry " + Quoted(entry.name) + " is larger than " +
                               MiB(limits.max_entry_bytes) + " uncompressed");
      }
      if (total + got > limits.max_total_bytes) {
        return PayloadTooLarge("the archive's files are larger than " +
                               MiB(limits.max_total_bytes) + " together, uncompressed");
      }
      if (out.data.size() + got > limits.ratio_floor_bytes && out.data.size() + got > ratio_limit) {
        return PayloadTooLarge("entry " + Quoted(entry.name) + " expands more than " +
                               std::to_string(limits.max_ratio) + ":1 (a zip bomb?)");
      }
      switch (charge.Grow(got)) {
        case MemoryBudget::Refusal::kNone:
          break;
        case MemoryBudget::Refusal::kTooLarge:
          return PayloadTooLarge(
              "the archive's files are larger than the sidecar can hold at once");
        case MemoryBudget::Refusal::kBusy:
          return Unavailable("other imports are using the sidecar's memory; try again shortly");
      }
      out.data.append(buffer.data(), got);
      total += got;
    }
    entries.push_back(std::move(out));
  }
  return entries;
}

}  // namespace klussen::portfolio
