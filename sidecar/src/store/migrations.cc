#include "store/migrations.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "common/digest.h"
#include "common/log.h"

namespace klussen::store {
namespace {

constexpr std::string_view kLockName = "klussen_schema_migrations";

Result<bool> MigrationsTableExists(Connection& connection) {
  KL_ASSIGN_OR_RETURN(QueryResult result,
                      connection.Query("SELECT COUNT(*) FROM information_schema.tables "
                                       "WHERE table_schema = DATABASE() AND table_name = ?",
                                       {std::string("klussen_schema_migrations")}));
  return result.Int(0, 0) > 0;
}

}  // namespace

std::vector<std::string> SplitStatements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(start, end - start);
    start = end + 1;
    std::string_view trimmed = line;
    while (!trimmed.empty() &&
           (trimmed.back() == ' ' || trimmed.back() == '\r' || trimmed.back() == '\t')) {
      trimmed.remove_suffix(1);
    }
    size_t first = trimmed.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    if (trimmed.substr(first, 2) == "--") continue;
    current += std::string(trimmed);
    if (trimmed.back() == ';') {
      current.pop_back();
      statements.push_back(current);
      current.clear();
    } else {
      current += '\n';
    }
  }
  while (!current.empty() && (current.back() == '\n' || current.back() == ' ')) current.pop_back();
  if (!current.empty()) statements.push_back(current);
  return statements;
}

std::string SchemaState::Describe() const {
  std::string text = "schema version " + std::to_string(current) + ", this sidecar needs " +
                     std::to_string(latest);
  if (!pending.empty()) {
    text += "; pending:";
    for (int v : pending) text += " " + std::to_string(v);
    text += " (run `klussen-sidecar migrate`)";
  }
  if (!modified.empty()) {
    text += "; migrations changed after they were applied:";
    for (const auto& name : modified) text += " " + name;
  }
  if (!unknown.empty()) {
    text += "; applied by a newer sidecar:";
    for (int v : unknown) text += " " + std::to_string(v);
  }
  return text;
}

Result<SchemaState> InspectSchema(Connection& connection,
                                  const std::vector<Migration>& migrations) {
  SchemaState state;
  for (const auto& m : migrations) state.latest = std::max(state.latest, m.version);
  KL_ASSIGN_OR_RETURN(bool exists, MigrationsTableExists(connection));
  std::set<int> applied;
  if (exists) {
    KL_ASSIGN_OR_RETURN(QueryResult rows,
                        connection.Query("SELECT version, checksum FROM klussen_schema_migrations "
                                         "ORDER BY version LIMIT 10000"));
    for (size_t i = 0; i < rows.size(); ++i) {
      int version = static_cast<int>(rows.Int(i, 0));
      applied.insert(version);
      state.current = std::max(state.current, version);
      auto known = std::find_if(migrations.begin(), migrations.end(),
                                [&](const Migration& m) { return m.version == version; });
      if (known == migrations.end()) {
        state.unknown.push_back(version);
      } else if (Sha256Hex(known->sql) != rows.Text(i, 1)) {
        state.modified.push_back(known->name);
      }
    }
  }
  for (const auto& m : migrations) {
    if (!applied.count(m.version)) state.pending.push_back(m.version);
  }
  return state;
}

Result<std::vector<int>> ApplyMigrations(Connection& connection,
                                         const std::vector<Migration>& migrations) {
  KL_ASSIGN_OR_RETURN(QueryResult locked,
                      connection.Query("SELECT GET_LOCK(?, 30)", {std::string(kLockName)}));
  if (locked.Int(0, 0) != 1) {
    return Unavailable("another process is migrating the schema (lock not free within 30 s)");
  }
  auto release = [&] {
    (void)connection.Query("SELECT RELEASE_LOCK(?)", {std::string(kLockName)});
  };

  auto state = InspectSchema(connection, migrations);
  if (!state.ok()) {
    release();
    return state.status();
  }
  if (!state->modified.empty()) {
    release();
    return FailedPrecondition("refusing to migrate: " + state->Describe());
  }
  std::vector<int> applied;
  for (const auto& migration : migrations) {
    if (std::find(state->pending.begin(), state->pending.end(), migration.version) ==
        state->pending.end()) {
      continue;
    }
    log::Info("applying migration",
              {{"version", std::to_string(migration.version)}, {"name", migration.name}});
    for (const auto& statement : SplitStatements(migration.sql)) {
      auto done = connection.Execute(statement);
      if (!done.ok()) {
        release();
        return done.status().WithContext("migration " + migration.name + " failed at \"" +
                                         statement.substr(0, 120) + "\"");
      }
    }
    auto recorded = connection.Execute(
        "INSERT INTO klussen_schema_migrations (version, name, checksum, applied_at) "
        "VALUES (?, ?, ?, ?)",
        {static_cast<int64_t>(migration.version), migration.name, Sha256Hex(migration.sql),
         static_cast<int64_t>(std::time(nullptr))});
    if (!recorded.ok()) {
      release();
      return recorded.status().WithContext("recording migration " + migration.name);
    }
    applied.push_back(migration.version);
  }
  release();
  return applied;
}

}  // namespace klussen::store
