// Test support for the import tests (not part of the sidecar): builds ZIP
// archives in memory with libzip, and patches their headers to lie.
#pragma once

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace klussen::portfolio::testing {

struct TestFile {
  std::string name;
  std::string data;
  zip_int32_t method = ZIP_CM_DEFLATE;
};

// A zip_source that yields `size` zero bytes without holding them in memory.
inline zip_source_t* ZeroSource(zip_t* archive, zip_uint64_t size) {
  struct State {
    zip_uint64_t size;
    zip_uint64_t offset = 0;
  };
  auto callback = [](void* user, void* data, zip_uint64_t len,
                     zip_source_cmd_t cmd) -> zip_int64_t {
    auto* state = static_cast<State*>(user);
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
        state->offset = 0;
        return 0;
      case ZIP_SOURCE_READ: {
        zip_uint64_t n = std::min(len, state->size - state->offset);
        std::memset(data, 0, n);
        state->offset += n;
        return static_cast<zip_int64_t>(n);
      }
      case ZIP_SOURCE_CLOSE:
        return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->size = state->size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR:
        return 2 * sizeof(int);
      case ZIP_SOURCE_FREE:
        delete state;
        return 0;
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
      default:
        return -1;
    }
  };
  return zip_source_function(archive, callback, new State{size});
}

// Builds an archive; `zero_entries` adds entries of that many zero bytes
// (streamed, so a gigabyte costs no memory). `password` encrypts every entry
// with AES-256 when non-empty.
inline std::string MakeZip(
    const std::vector<TestFile>& files,
    const std::vector<std::pair<std::string, zip_uint64_t>>& zero_entries = {},
    const std::string& password = "") {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) throw std::runtime_error("zip_source_buffer_create");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open_from_source");
  auto add = [&](const std::string& name, zip_source_t* source, zip_int32_t method) {
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("zip_file_add " + name);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method, 6);
    if (!password.empty() && zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index),
                                                     ZIP_EM_AES_256, password.c_str()) != 0) {
      throw std::runtime_error("zip_file_set_encryption");
    }
  };
  for (const TestFile& file : files) {
    add(file.name, zip_source_buffer(archive, file.data.data(), file.data.size(), 0), file.method);
  }
  for (const auto& [name, size] : zero_entries)
    add(name, ZeroSource(archive, size), ZIP_CM_DEFLATE);
  if (zip_close(archive) != 0)
    throw std::runtime_error(std::string("zip_close: ") + zip_strerror(archive));

  std::string out;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) != 0 || zip_source_open(buffer) != 0) {
    throw std::runtime_error("reading the built archive");
  }
  out.resize(stat.size);
  if (zip_source_read(buffer, out.data(), out.size()) != static_cast<zip_int64_t>(out.size())) {
    throw std::runtime_error("reading the built archive");
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

// Rewrites the uncompressed size of every entry, in the central directory and
// in the local headers, to `size`: a header that lies.
inline void LieAboutSizes(std::string& zip, uint32_t size) {
  auto u16 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(zip[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
  };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  auto put32 = [&](size_t at, uint32_t value) {
    for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  };
  size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) throw std::runtime_error("no end of central directory");
  size_t entries = u16(eocd + 10);
  size_t at = u32(eocd + 16);
  for (size_t i = 0; i < entries; ++i) {
    if (u32(at) != 0x02014b50) throw std::runtime_error("bad central directory");
    put32(at + 24, size);
    size_t local = u32(at + 42);
    put32(local + 22, size);
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }
}

}  // namespace klussen::portfolio::testing
