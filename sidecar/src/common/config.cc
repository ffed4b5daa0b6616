#include "common/config.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace klussen {
namespace {

const ConfigKey* FindKey(std::string_view name) {
  for (const auto& key : ConfigKeys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string EnvName(std::string_view key) {
  std::string out = "KLUSSEN_";
  for (char c : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = Trim(text.substr(start, comma - start));
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

bool ParseInt(std::string_view text, int64_t* out) {
  if (text.empty() || text.size() > 18) return false;
  size_t i = 0;
  bool negative = text[0] == '-';
  if (negative) i = 1;
  if (i == text.size()) return false;
  int64_t value = 0;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = negative ? -value : value;
  return true;
}

bool ParseBool(std::string_view text, bool* out) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") {
    *out = true;
    return true;
  }
  if (text == "false" || text == "no" || text == "off" || text == "0") {
    *out = false;
    return true;
  }
  return false;
}

Status ValidateValue(const ConfigKey& key, const std::string& value, const std::string& origin) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("config key '" + std::string(key.name) + "' (" + origin + "): " + why);
  };
  switch (key.type) {
    case ConfigType::kInt: {
      int64_t number = 0;
      if (!ParseInt(value, &number)) return bad("expected an integer, got \"" + value + "\"");
      if (number < key.min || number > key.max) {
        return bad("must be between " + std::to_string(key.min) + " and " +
                   std::to_string(key.max) + ", got " + value);
      }
      return Status::Ok();
    }
    case ConfigType::kBool: {
      bool flag = false;
      if (!ParseBool(value, &flag)) return bad("expected true or false, got \"" + value + "\"");
      return Status::Ok();
    }
    case ConfigType::kEnum: {
      std::string_view rest = key.allowed;
      while (true) {
        size_t bar = rest.find('|');
        if (rest.substr(0, bar) == value) return Status::Ok();
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      return bad("must be one of " + std::string(key.allowed) + ", got \"" + value + "\"");
    }
    case ConfigType::kString:
    case ConfigType::kSecret:
    case ConfigType::kList:
      if (value.find('\0') != std::string::npos) return bad("contains a NUL byte");
      if (key.required && Trim(value).empty()) return bad("is required and may not be empty");
      return Status::Ok();
  }
  return Status::Ok();
}

std::string_view TypeName(ConfigType type) {
  switch (type) {
    case ConfigType::kString:
      return "string";
    case ConfigType::kInt:
      return "integer";
    case ConfigType::kBool:
      return "boolean";
    case ConfigType::kEnum:
      return "enum";
    case ConfigType::kList:
      return "list";
    case ConfigType::kSecret:
      return "secret";
  }
  return "string";
}

}  // namespace

Result<Config> Config::Parse(std::string_view text, std::string_view source,
                             const std::map<std::string, std::string>& environment) {
  Config config;
  for (const auto& key : ConfigKeys()) {
    config.values_[std::string(key.name)] = Entry{std::string(key.default_value), "default"};
  }
  std::map<std::string, bool, std::less<>> seen;
  size_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    std::string origin = std::string(source) + ":" + std::to_string(line_number);
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      return InvalidArgument(origin + ": expected 'key = value', got \"" +
                             std::string(line.substr(0, 80)) + "\"");
    }
    std::string name(Trim(line.substr(0, equals)));
    std::string_view value = Trim(line.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (FindKey(name) == nullptr) {
      return InvalidArgument("unknown config key '" + name + "' (" + origin + ")");
    }
    if (seen.count(name)) {
      return InvalidArgument("config key '" + name + "' is set twice (" + origin + ")");
    }
    seen[name] = true;
    config.values_[name] = Entry{std::string(value), origin};
  }
  for (const auto& key : ConfigKeys()) {
    std::string env_name = EnvName(key.name);
    auto it = environment.find(env_name);
    if (it != environment.end()) {
      config.values_[std::string(key.name)] = Entry{it->second, "env " + env_name};
    }
  }
  for (const auto& key : ConfigKeys()) {
    const Entry& entry = config.values_[std::string(key.name)];
    if (key.required && Trim(entry.value).empty()) {
      return InvalidArgument("config key '" + std::string(key.name) +
                             "' is required and missing (set it in the config file or " +
                             EnvName(key.name) + ")");
    }
    KL_RETURN_IF_ERROR(ValidateValue(key, entry.value, entry.origin));
  }
  return config;
}

Result<Config> Config::Load(const std::string& path) {
  std::string text;
  if (!path.empty()) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return InvalidArgument("cannot read config file " + path);
    std::ostringstream buffer;
    buffer << file.rdbuf();
    text = buffer.str();
    if (text.size() > 1 << 20)
      return InvalidArgument("config file " + path + " is larger than 1 MiB");
  }
  return Parse(text, path.empty() ? "(no file)" : path, ProcessEnvironment());
}

std::map<std::string, std::string> Config::ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (text.rfind("KLUSSEN_", 0) != 0) continue;
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    out[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  return out;
}

const Config::Entry& Config::Find(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) std::abort();  // asking for a key not in the table is a bug
  return it->second;
}

const std::string& Config::GetString(std::string_view name) const { return Find(name).value; }

int64_t Config::GetInt(std::string_view name) const {
  int64_t value = 0;
  if (!ParseInt(Find(name).value, &value)) std::abort();  // validated in Parse
  return value;
}

bool Config::GetBool(std::string_view name) const {
  bool value = false;
  if (!ParseBool(Find(name).value, &value)) std::abort();  // validated in Parse
  return value;
}

std::vector<std::string> Config::GetList(std::string_view name) const {
  return SplitList(Find(name).value);
}

const std::string& Config::Origin(std::string_view name) const { return Find(name).origin; }

Status Config::CheckReload(const Config& next, std::vector<std::string>* changed) const {
  for (const auto& key : ConfigKeys()) {
    const std::string& before = Find(key.name).value;
    const std::string& after = next.Find(key.name).value;
    if (before == after) continue;
    if (!key.reloadable) {
      return FailedPrecondition("config key '" + std::string(key.name) +
                                "' changed but needs a restart to take effect");
    }
    changed->emplace_back(key.name);
  }
  return Status::Ok();
}

std::string ConfigReferenceMarkdown() {
  std::ostringstream out;
  out << "# Configuration reference\n\n"
      << "<!-- Generated by `klussen-sidecar config-doc` from sidecar/src/common/config_keys.cc."
         " Do not edit by hand: a test fails when this file and the table disagree. -->\n\n"
      << "The sidecar reads one file (`--config PATH`) of `key = value` lines; `#` starts a "
         "comment. Every key can be overridden by an environment variable `KLUSSEN_<KEY>` (upper "
         "case), for example `KLUSSEN_DB_PASSWORD`. An unknown key, a key set twice, a bad value "
         "or a missing required key stops start-up with a message that names the key. Keys marked "
         "*reloadable* take effect on `SIGHUP`; changing any other key needs a restart.\n\n"
      << "See `config/sidecar.example.conf` (every key, annotated) and "
         "`config/sidecar.minimal.conf` (the least you must set).\n";
  std::string_view section;
  for (const auto& key : ConfigKeys()) {
    if (key.section != section) {
      section = key.section;
      out << "\n## " << section << "\n\n"
          << "| key | type | default | reloadable | description |\n"
          << "| --- | --- | --- | --- | --- |\n";
    }
    std::string type(TypeName(key.type));
    if (key.type == ConfigType::kInt) {
      type += " (" + std::to_string(key.min) + "–" + std::to_string(key.max) + ")";
    } else if (key.type == ConfigType::kEnum) {
      std::string allowed(key.allowed);
      std::replace(allowed.begin(), allowed.end(), '|', ',');
      type += " (" + allowed + ")";
    }
    std::string default_text = key.required ? "*required*"
                               : key.default_value.empty()
                                   ? "(empty)"
                                   : "`" + std::string(key.default_value) + "`";
    out << "| `" << key.name << "` | " << type << " | " << default_text << " | "
        << (key.reloadable ? "yes" : "no") << " | " << key.help << " |\n";
  }
  return out.str();
}

std::string ConfigExampleFile() {
  std::ostringstream out;
  out << "# klussen-sidecar configuration: every key, with its default.\n"
      << "# Generated by `klussen-sidecar config-example`; see docs/config.md.\n"
      << "# Environment variables KLUSSEN_<KEY> override these values.\n";
  std::string_view section;
  for (const auto& key : ConfigKeys()) {
    if (key.section != section) {
      section = key.section;
      out << "\n# ---- " << section << " ----\n";
    }
    out << "\n# " << key.help << "\n";
    out << "# type: " << TypeName(key.type);
    if (key.type == ConfigType::kInt) out << ", " << key.min << ".." << key.max;
    if (key.type == ConfigType::kEnum) out << ", one of " << key.allowed;
    if (key.reloadable) out << ", reloadable on SIGHUP";
    if (key.required) out << ", required";
    out << "\n";
    if (key.required || key.type == ConfigType::kSecret) {
      out << "#" << key.name << " = " << key.default_value << "\n";
    } else {
      out << key.name << " = " << key.default_value << "\n";
    }
  }
  return out.str();
}

}  // namespace klussen
