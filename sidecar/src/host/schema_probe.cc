// ValidatePrefix, ProbeHostSchema and the small HostSchema helpers: telling
// the Elgg schema generation apart at start-up (reference elgg-host.md §1.5).

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/log.h"
#include "host/host_model.h"
#include "host/host_reader.h"
#include "host/reader_internal.h"

namespace klussen::host {
namespace {

constexpr size_t kMaxPrefixLength = 32;

// Every table the probe looks for, without prefix.
const std::vector<std::string>& ProbedTables() {
  static const std::vector<std::string> tables = {"entities",
                                                  "metastrings",
                                                  "users_entity",
                                                  "groups_entity",
                                                  "metadata",
                                                  "annotations",
                                                  "entity_relationships",
                                                  "access_collections",
                                                  "access_collection_membership",
                                                  "migrations",
                                                  "private_settings",
                                                  "datalists"};
  return tables;
}

// Columns each generation's queries use; a host without them would fail at
// the first request instead of at start-up.
using ColumnRequirements = std::vector<std::pair<std::string, std::vector<std::string>>>;

const ColumnRequirements& Elgg1Columns() {
  static const ColumnRequirements columns = {
      {"entities", {"guid", "type", "owner_guid", "access_id", "enabled"}},
      {"users_entity", {"guid", "name", "username", "language", "banned", "admin"}},
      {"groups_entity", {"guid", "name", "description"}},
      {"metastrings", {"id", "string"}},
      {"metadata", {"entity_guid", "name_id", "value_id", "owner_guid", "access_id", "enabled"}},
      {"entity_relationships", {"guid_one", "relationship", "guid_two"}},
      {"access_collections", {"id", "owner_guid", "site_guid"}},
      {"access_collection_membership", {"user_guid", "access_collection_id"}},
  };
  return columns;
}

const ColumnRequirements& Elgg3Columns() {
  static const ColumnRequirements columns = {
      {"entities", {"guid", "type", "owner_guid", "access_id", "enabled"}},
      {"metadata", {"entity_guid", "name", "value"}},
      {"annotations", {"entity_guid", "name", "value", "owner_guid", "access_id"}},
      {"entity_relationships", {"guid_one", "relationship", "guid_two"}},
      {"access_collections", {"id", "owner_guid", "subtype"}},
      {"access_collection_membership", {"user_guid", "access_collection_id"}},
  };
  return columns;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

// What information_schema says about the probed tables.
struct Catalog {
  std::string database;
  std::set<std::string> tables;                          // exact names, with prefix
  std::map<std::string, std::set<std::string>> columns;  // table -> lower-case column names

  bool HasTable(const std::string& name) const { return tables.count(name) > 0; }
  bool HasColumn(const std::string& table, const std::string& column) const {
    auto it = columns.find(table);
    return it != columns.end() && it->second.count(column) > 0;
  }
};

Result<Catalog> ReadCatalog(store::Connection& connection, const std::string& prefix) {
  Catalog catalog;
  KL_ASSIGN_OR_RETURN(store::QueryResult database, connection.Query("SELECT DATABASE()"));
  if (database.empty() || database.IsNull(0, 0)) {
    return FailedPrecondition("no database selected: set db_name to the Elgg database");
  }
  catalog.database = database.Text(0, 0);

  std::vector<store::SqlParam> names;
  for (const auto& table : ProbedTables()) names.emplace_back(prefix + table);
  const std::string in_list = internal::Placeholders(names.size());
  KL_ASSIGN_OR_RETURN(store::QueryResult tables,
                      connection.Query("SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = DATABASE() AND table_name IN (" +
                                           in_list + ")",
                                       names, 1000));
  // information_schema may compare names case-insensitively; the queries later
  // use the exact spelling, so only exact matches count.
  std::set<std::string> wanted;
  for (const auto& name : names) wanted.insert(std::get<std::string>(name));
  for (size_t r = 0; r < tables.size(); ++r) {
    if (wanted.count(tables.Text(r, 0))) catalog.tables.insert(tables.Text(r, 0));
  }

  KL_ASSIGN_OR_RETURN(
      store::QueryResult columns,
      connection.Query("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_schema = DATABASE() AND table_name IN (" +
                           in_list + ")",
                       names, 10000));
  for (size_t r = 0; r < columns.size(); ++r) {
    if (!catalog.HasTable(columns.Text(r, 0))) continue;
    catalog.columns[columns.Text(r, 0)].insert(Lower(columns.Text(r, 1)));
  }
  return catalog;
}

// Names a few tables that look like Elgg's under another prefix, to help fix
// host_table_prefix.
std::string PrefixHint(store::Connection& connection) {
  auto similar = connection.Query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
      "AND table_name LIKE '%entities' ORDER BY table_name LIMIT 5",
      {}, 5);
  auto count = connection.Query(
      "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()", {}, 1);
  if (!similar.ok() || !count.ok()) return "";
  if (similar->empty()) {
    return " (the database has " + std::to_string(count->Int(0, 0)) +
           " tables, none of them ending in 'entities': is this the Elgg database?)";
  }
  std::vector<std::string> found;
  for (size_t r = 0; r < similar->size(); ++r) found.push_back(similar->Text(r, 0));
  return " (tables ending in 'entities' there: " + JoinWords(found) + ")";
}

Status CheckColumns(const Catalog& catalog, const std::string& prefix,
                    const ColumnRequirements& requirements, const char* shape) {
  std::vector<std::string> problems;
  for (const auto& [table, needed] : requirements) {
    const std::string name = prefix + table;
    if (!catalog.HasTable(name)) {
      problems.push_back("table " + name + " is missing");
      continue;
    }
    std::vector<std::string> missing;
    for (const auto& column : needed) {
      if (!catalog.HasColumn(name, column)) missing.push_back(column);
    }
    if (!missing.empty()) problems.push_back(name + " lacks " + JoinWords(missing));
  }
  if (problems.empty()) return Status::Ok();
  std::string message = "the host tables look like " + std::string(shape) + " but are incomplete: ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return FailedPrecondition(message);
}

// Best effort: the version is for logs only, so failures are ignored.
std::string ReadVersionHint(store::Connection& connection, const HostSchema& schema,
                            const Catalog& catalog) {
  const std::string& p = schema.prefix;
  Result<store::QueryResult> result = Status(StatusCode::kNotFound, "no version table");
  std::string label;
  if (schema.generation == Generation::kElgg1 && catalog.HasTable(p + "datalists")) {
    label = "datalists version ";
    result = connection.Query("SELECT value FROM " + p + "datalists WHERE name = ? LIMIT 1",
                              {std::string("version")}, 1);
  } else if (schema.generation == Generation::kElgg3) {
    label = "migration ";
    result = connection.Query("SELECT MAX(version) FROM " + p + "migrations", {}, 1);
  }
  if (!result.ok()) {
    log::Debug("host version not readable", {{"reason", result.status().ToString()}});
    return "";
  }
  if (result->empty() || result->IsNull(0, 0)) return "";
  return label + result->Text(0, 0);
}

}  // namespace

const char* GenerationName(Generation generation) {
  switch (generation) {
    case Generation::kElgg1:
      return "elgg1";
    case Generation::kElgg3:
      return "elgg3";
    case Generation::kUnknown:
      break;
  }
  return "unknown";
}

std::string HostSchema::Describe() const {
  auto yes_no = [](bool flag) { return flag ? "yes" : "no"; };
  std::string text = std::string(GenerationName(generation)) + " prefix=" + prefix;
  if (generation == Generation::kElgg1) {
    text += std::string(" pleio_guid=") + yes_no(pleio_guid) +
            " metadata.site_guid=" + yes_no(metadata_site_guid);
  } else {
    text += std::string(" entities.deleted=") + yes_no(entities_deleted) +
            " annotations.enabled=" + yes_no(annotations_enabled);
  }
  text += std::string(" private_settings=") + yes_no(private_settings);
  text += " version=" + (version_hint.empty() ? std::string("?") : "\"" + version_hint + "\"");
  return text;
}

Status ValidatePrefix(const std::string& prefix) {
  if (prefix.empty()) {
    return InvalidArgument("host table prefix is empty (Elgg's default is elgg_)");
  }
  if (prefix.size() > kMaxPrefixLength) {
    return InvalidArgument("host table prefix is longer than " + std::to_string(kMaxPrefixLength) +
                           " characters");
  }
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!is_letter(prefix[0]) && prefix[0] != '_') {
    return InvalidArgument("host table prefix must start with a letter or _ (got '" +
                           prefix.substr(0, 1) + "')");
  }
  for (char c : prefix) {
    if (!is_letter(c) && !is_digit(c) && c != '_') {
      return InvalidArgument(
          "host table prefix may only hold ASCII letters, digits and _ (^[A-Za-z_][A-Za-z0-9_]*$)");
    }
  }
  return Status::Ok();
}

Result<HostSchema> ProbeHostSchema(store::Connection& connection, const std::string& prefix) {
  KL_RETURN_IF_ERROR(ValidatePrefix(prefix));
  KL_ASSIGN_OR_RETURN(Catalog catalog, ReadCatalog(connection, prefix));
  const std::string& p = prefix;

  if (!catalog.HasTable(p + "entities")) {
    return FailedPrecondition("no " + p + "entities table in database `" + catalog.database +
                              "`: is host_table_prefix right?" + PrefixHint(connection));
  }

  HostSchema schema;
  schema.prefix = prefix;
  const bool metastrings = catalog.HasTable(p + "metastrings");
  const bool users_entity = catalog.HasTable(p + "users_entity");
  const bool migrations = catalog.HasTable(p + "migrations");
  if (metastrings && users_entity) {
    schema.generation = Generation::kElgg1;
    KL_RETURN_IF_ERROR(CheckColumns(catalog, p, Elgg1Columns(), "Elgg 1.x/2.x"));
  } else if (migrations && !metastrings && !users_entity) {
    schema.generation = Generation::kElgg3;
    KL_RETURN_IF_ERROR(CheckColumns(catalog, p, Elgg3Columns(), "Elgg 3.x or later"));
  } else {
    auto found = [](bool present) { return present ? "present" : "absent"; };
    return FailedPrecondition(
        "unknown Elgg schema in database `" + catalog.database + "`: " + p + "metastrings " +
        found(metastrings) + ", " + p + "users_entity " + found(users_entity) + ", " + p +
        "migrations " + found(migrations) + "; expected " + p + "metastrings and " + p +
        "users_entity (Elgg 1.x/2.x) or " + p + "migrations without either (Elgg 3.x or later)");
  }

  schema.pleio_guid = catalog.HasColumn(p + "users_entity", "pleio_guid");
  schema.metadata_site_guid = catalog.HasColumn(p + "metadata", "site_guid");
  schema.entities_deleted = catalog.HasColumn(p + "entities", "deleted");
  schema.annotations_enabled = catalog.HasColumn(p + "annotations", "enabled");
  schema.private_settings = catalog.HasTable(p + "private_settings");
  schema.version_hint = ReadVersionHint(connection, schema, catalog);
  return schema;
}

}  // namespace klussen::host
