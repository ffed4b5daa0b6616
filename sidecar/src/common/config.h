// The sidecar's configuration: one declarative table of keys (config_keys.cc)
// that validates the file, applies environment overrides and generates
// docs/config.md.
//
// File format: `key = value` lines; `#` starts a comment line; blank lines are
// ignored; values may be wrapped in double quotes. Unknown keys, duplicate
// keys, bad values and missing required keys are errors that name the key.
// Environment: KLUSSEN_<KEY IN UPPER CASE> overrides the file (for example
// KLUSSEN_DB_PASSWORD).
//
// Threading: a Config is immutable after Load and safe to read from any
// thread. Reload produces a new Config; the caller swaps it in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace klussen {

enum class ConfigType { kString, kInt, kBool, kEnum, kList, kSecret };

struct ConfigKey {
  std::string_view name;
  ConfigType type;
  std::string_view default_value;  // "" with required=true: must be given
  std::string_view help;
  bool reloadable = false;  // takes effect on SIGHUP without restart
  bool required = false;
  int64_t min = 0;  // kInt bounds (inclusive)
  int64_t max = 0;
  std::string_view allowed = {};  // kEnum: values separated by '|'
  std::string_view section = {};  // heading in docs/config.md
};

// The table of every key the sidecar knows (defined in config_keys.cc).
const std::vector<ConfigKey>& ConfigKeys();

class Config {
 public:
  // Parses `text` (the file content, `source` names it in messages), then
  // applies overrides from `environment` (name -> value), then validates.
  static Result<Config> Parse(std::string_view text, std::string_view source,
                              const std::map<std::string, std::string>& environment);
  // Reads the file at `path` (empty path: defaults + environment only).
  static Result<Config> Load(const std::string& path);
  // The process environment's KLUSSEN_* variables.
  static std::map<std::string, std::string> ProcessEnvironment();

  const std::string& GetString(std::string_view name) const;
  int64_t GetInt(std::string_view name) const;
  bool GetBool(std::string_view name) const;
  std::vector<std::string> GetList(std::string_view name) const;

  // Where each value came from: "default", "<file>:<line>" or "env KLUSSEN_X".
  const std::string& Origin(std::string_view name) const;

  // Names of reloadable keys whose values differ between the two configs, and
  // a Status naming the first non-reloadable key that differs.
  Status CheckReload(const Config& next, std::vector<std::string>* changed) const;

 private:
  struct Entry {
    std::string value;
    std::string origin;
  };
  const Entry& Find(std::string_view name) const;  // aborts on unknown name
  std::map<std::string, Entry, std::less<>> values_;
};

// The Markdown reference of every key (the content of docs/config.md).
std::string ConfigReferenceMarkdown();
// An example config file with every key, its help and its default.
std::string ConfigExampleFile();

}  // namespace klussen
