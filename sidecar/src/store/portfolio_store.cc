#include "store/portfolio_store.h"

#include <map>

#include "common/dates.h"

namespace klussen::store {
namespace {

using portfolio::Portfolio;

SqlParam DateOrNull(const std::string& date) {
  if (date.empty()) return nullptr;
  return date;
}

// The tables that hold member data and the columns naming a member, for the
// export and the erasure (a test checks that every klussen_* table with a
// guid column is listed).
struct MemberColumns {
  const char* table;
  std::vector<const char*> columns;
};
const std::vector<MemberColumns>& MemberTables() {
  static const std::vector<MemberColumns> tables = {
      {"klussen_portfolio", {"user_guid", "manager_guid"}},
      {"klussen_portfolio_item", {"user_guid"}},
      {"klussen_portfolio_entry", {"user_guid"}},
      {"klussen_manager_budget", {"user_guid", "manager_guid"}},
      {"klussen_klus", {"poster_guid"}},
      {"klussen_participant", {"user_guid", "invited_by", "decided_by"}},
      {"klussen_participant_skill", {"user_guid", "confirmed_by"}},
      {"klussen_event", {"actor_guid", "subject_guid"}},
  };
  return tables;
}

nlohmann::json RowsToJson(const QueryResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < r.size(); ++i) {
    nlohmann::json row = nlohmann::json::object();
    for (size_t col = 0; col < r.columns.size(); ++col) {
      row[r.columns[col]] = r.IsNull(i, col) ? nlohmann::json() : nlohmann::json(r.Text(i, col));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Columns and readers shared by the one-member and the paged loads.
constexpr const char* kPortfolioColumns =
    "SELECT discoverable, about, about_visibility, region, hours_per_week_tenths, "
    "COALESCE(DATE_FORMAT(available_from, '%Y-%m-%d'), ''), "
    "COALESCE(DATE_FORMAT(available_until, '%Y-%m-%d'), ''), weekdays, "
    "availability_visibility, manager_guid, version, updated_at, user_guid "
    "FROM klussen_portfolio ";
constexpr const char* kItemColumns =
    "SELECT id, kind, concept_id, label, level, source, source_detail, visibility, created_at, "
    "user_guid FROM klussen_portfolio_item ";
constexpr const char* kConfirmedColumns =
    "SELECT s.concept_id, s.label, s.klus_id, k.title, s.confirmed_by, s.confirmed_at, "
    "s.user_guid FROM klussen_participant_skill s JOIN klussen_klus k ON k.id = s.klus_id ";
constexpr const char* kCommitmentColumns =
    "SELECT k.time_mode, k.hours_tenths, COALESCE(DATE_FORMAT(k.start_date, '%Y-%m-%d'), ''), "
    "COALESCE(DATE_FORMAT(k.end_date, '%Y-%m-%d'), ''), "
    "IF(k.deadline_stated, k.deadline, k.created_at), p.user_guid "
    "FROM klussen_participant p JOIN klussen_klus k ON k.id = p.klus_id ";
constexpr const char* kCommitmentFilter =
    "AND p.state = 'accepted' AND k.state IN ('open', 'filled', 'in_progress')";

void ReadPortfolioRow(const QueryResult& row, size_t i, Portfolio* p) {
  p->exists = true;
  p->discoverable = row.Int(i, 0) != 0;
  p->about = row.Text(i, 1);
  p->about_visibility =
      portfolio::ParseVisibility(row.Text(i, 2)).value_or(portfolio::Visibility::kPrivate);
  p->region = row.Text(i, 3);
  if (row.IsNull(i, 4)) {
    p->availability.hours_per_week_tenths.reset();
  } else {
    p->availability.hours_per_week_tenths = static_cast<int>(row.Int(i, 4));
  }
  p->availability.from = row.Text(i, 5);
  p->availability.until = row.Text(i, 6);
  p->availability.weekdays = static_cast<uint8_t>(row.Int(i, 7));
  p->availability.visibility =
      portfolio::ParseVisibility(row.Text(i, 8)).value_or(portfolio::Visibility::kPrivate);
  p->manager_guid = row.Int(i, 9);
  p->version = static_cast<int>(row.Int(i, 10));
  p->updated_at = row.Int(i, 11);
  p->user_guid = row.Int(i, 12);
}

portfolio::Item ReadItem(const QueryResult& items, size_t i) {
  portfolio::Item item;
  item.id = items.Int(i, 0);
  item.kind = portfolio::ParseItemKind(items.Text(i, 1)).value_or(portfolio::ItemKind::kSkill);
  item.concept_id = items.Text(i, 2);
  item.label = items.Text(i, 3);
  item.level = static_cast<int>(items.Int(i, 4));
  item.source = items.Text(i, 5);
  item.source_detail = items.Text(i, 6);
  item.visibility =
      portfolio::ParseVisibility(items.Text(i, 7)).value_or(portfolio::Visibility::kPrivate);
  item.created_at = items.Int(i, 8);
  return item;
}

portfolio::ConfirmedSkill ReadConfirmed(const QueryResult& r, size_t i) {
  return {r.Text(i, 0), r.Text(i, 1), r.Int(i, 2), r.Text(i, 3), r.Int(i, 4), r.Int(i, 5)};
}

portfolio::Commitment ReadCommitment(const QueryResult& r, size_t i) {
  auto start = ParseIsoDate(r.Text(i, 2));
  auto end = ParseIsoDate(r.Text(i, 3));
  return portfolio::KlusCommitment(r.Text(i, 0) == "per_week", static_cast<int>(r.Int(i, 1)),
                                   start.value_or(0), start.has_value(), end.value_or(0),
                                   end.has_value(), r.Int(i, 4) / kSecondsPerDay);
}

}  // namespace

Status LockPortfolio(Connection& c, Guid user) {
  return c
      .Execute(
          "INSERT INTO klussen_portfolio (user_guid, about, version, created_at, updated_at) "
          "VALUES (?, '', 0, 0, 0) ON DUPLICATE KEY UPDATE version = version",
          {user})
      .status();
}

namespace {

// The row and the items; `for_update` locks the row first (LockPortfolio).
Result<Portfolio> LoadRowAndItems(Connection& c, Guid user, bool for_update) {
  Portfolio p;
  p.user_guid = user;
  // Holding the row's lock, a plain read sees the newest committed row (this
  // transaction's snapshot starts at its first read, after the lock).
  if (for_update) KL_RETURN_IF_ERROR(LockPortfolio(c, user));
  KL_ASSIGN_OR_RETURN(QueryResult row,
                      c.Query(std::string(kPortfolioColumns) + "WHERE user_guid = ?", {user}, 1));
  // Version 0 is this transaction's own placeholder: nothing stored yet.
  if (!row.empty() && row.Int(0, 10) > 0) ReadPortfolioRow(row, 0, &p);
  KL_ASSIGN_OR_RETURN(
      QueryResult items,
      c.Query(std::string(kItemColumns) + "WHERE user_guid = ? ORDER BY kind, id", {user}, 2000));
  for (size_t i = 0; i < items.size(); ++i) p.items.push_back(ReadItem(items, i));
  return p;
}

}  // namespace

Result<std::vector<portfolio::ConfirmedSkill>> LoadConfirmedSkills(Connection& c, Guid user) {
  KL_ASSIGN_OR_RETURN(
      QueryResult confirmed,
      c.Query(std::string(kConfirmedColumns) +
                  "WHERE s.user_guid = ? ORDER BY s.confirmed_at, s.klus_id, s.position",
              {user}, 2000));
  std::vector<portfolio::ConfirmedSkill> skills;
  skills.reserve(confirmed.size());
  for (size_t i = 0; i < confirmed.size(); ++i) skills.push_back(ReadConfirmed(confirmed, i));
  return skills;
}

Result<Portfolio> LockPortfolioWithItems(Connection& c, Guid user) {
  return LoadRowAndItems(c, user, true);
}

Result<Portfolio> LoadPortfolio(Connection& c, Guid user, bool for_update) {
  KL_ASSIGN_OR_RETURN(Portfolio p, LoadRowAndItems(c, user, for_update));
  KL_ASSIGN_OR_RETURN(QueryResult entries,
                      c.Query("SELECT id, kind, title, provider, start_date, end_date, url, "
                              "detail, source, source_detail, visibility, created_at FROM "
                              "klussen_portfolio_entry WHERE user_guid = ? ORDER BY kind, id",
                              {user}, 2000));
  for (size_t i = 0; i < entries.size(); ++i) {
    portfolio::Entry e;
    e.id = entries.Int(i, 0);
    e.kind = portfolio::ParseEntryKind(entries.Text(i, 1)).value_or(portfolio::EntryKind::kCourse);
    e.title = entries.Text(i, 2);
    e.provider = entries.Text(i, 3);
    e.start_date = entries.Text(i, 4);
    e.end_date = entries.Text(i, 5);
    e.url = entries.Text(i, 6);
    e.detail = entries.Text(i, 7);
    e.source = entries.Text(i, 8);
    e.source_detail = entries.Text(i, 9);
    e.visibility =
        portfolio::ParseVisibility(entries.Text(i, 10)).value_or(portfolio::Visibility::kPrivate);
    e.created_at = entries.Int(i, 11);
    p.entries.push_back(std::move(e));
  }
  KL_ASSIGN_OR_RETURN(p.confirmed_skills, LoadConfirmedSkills(c, user));
  KL_ASSIGN_OR_RETURN(QueryResult budgets,
                      c.Query("SELECT id, user_guid, manager_guid, hours_per_week_tenths, "
                              "DATE_FORMAT(period_from, '%Y-%m-%d'), "
                              "DATE_FORMAT(period_until, '%Y-%m-%d'), state, note, created_at, "
                              "decided_at FROM klussen_manager_budget WHERE user_guid = ? "
                              "ORDER BY id",
                              {user}, 500));
  for (size_t i = 0; i < budgets.size(); ++i) {
    portfolio::Budget b;
    b.id = budgets.Int(i, 0);
    b.user_guid = budgets.Int(i, 1);
    b.manager_guid = budgets.Int(i, 2);
    b.hours_per_week_tenths = static_cast<int>(budgets.Int(i, 3));
    b.period_from = budgets.Text(i, 4);
    b.period_until = budgets.Text(i, 5);
    b.state = portfolio::ParseBudgetState(budgets.Text(i, 6))
                  .value_or(portfolio::BudgetState::kWithdrawn);
    b.note = budgets.Text(i, 7);
    b.created_at = budgets.Int(i, 8);
    b.decided_at = budgets.Int(i, 9);
    p.budgets.push_back(std::move(b));
  }
  return p;
}

Status SavePortfolioRow(Connection& c, const Portfolio& p, int64_t now) {
  const auto& a = p.availability;
  return c
      .Execute(
          "INSERT INTO klussen_portfolio (user_guid, discoverable, about, about_visibility, "
          "region, hours_per_week_tenths, available_from, available_until, weekdays, "
          "availability_visibility, manager_guid, version, created_at, updated_at) VALUES "
          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE "
          "discoverable = VALUES(discoverable), about = VALUES(about), "
          "about_visibility = VALUES(about_visibility), region = VALUES(region), "
          "hours_per_week_tenths = VALUES(hours_per_week_tenths), "
          "available_from = VALUES(available_from), available_until = VALUES(available_until), "
          "weekdays = VALUES(weekdays), availability_visibility = "
          "VALUES(availability_visibility), manager_guid = VALUES(manager_guid), "
          "created_at = IF(version = 0, VALUES(created_at), created_at), "
          "version = version + 1, updated_at = VALUES(updated_at)",
          {p.user_guid, int64_t{p.discoverable ? 1 : 0}, p.about,
           std::string(portfolio::Name(p.about_visibility)), p.region,
           a.hours_per_week_tenths ? SqlParam(int64_t{*a.hours_per_week_tenths})
                                   : SqlParam(nullptr),
           DateOrNull(a.from), DateOrNull(a.until), int64_t{a.weekdays},
           std::string(portfolio::Name(a.visibility)), p.manager_guid, now, now})
      .status();
}

Result<int64_t> InsertItem(Connection& c, Guid user, const portfolio::Item& item) {
  return c.InsertAndGetId(
      "INSERT INTO klussen_portfolio_item (user_guid, kind, concept_id, label, level, source, "
      "source_detail, visibility, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {user, std::string(portfolio::Name(item.kind)), item.concept_id, item.label,
       int64_t{item.level}, item.source, item.source_detail,
       std::string(portfolio::Name(item.visibility)), item.created_at});
}

Status UpdateItem(Connection& c, Guid user, const portfolio::Item& item) {
  return c
      .Execute(
          "UPDATE klussen_portfolio_item SET level = ?, visibility = ? WHERE id = ? AND "
          "user_guid = ?",
          {int64_t{item.level}, std::string(portfolio::Name(item.visibility)), item.id, user})
      .status();
}

Result<bool> DeleteItem(Connection& c, Guid user, int64_t id) {
  KL_ASSIGN_OR_RETURN(
      uint64_t n,
      c.Execute("DELETE FROM klussen_portfolio_item WHERE id = ? AND user_guid = ?", {id, user}));
  return n > 0;
}

Result<int64_t> InsertEntry(Connection& c, Guid user, const portfolio::Entry& e) {
  return c.InsertAndGetId(
      "INSERT INTO klussen_portfolio_entry (user_guid, kind, title, provider, start_date, "
      "end_date, url, detail, source, source_detail, visibility, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {user, std::string(portfolio::Name(e.kind)), e.title, e.provider, e.start_date, e.end_date,
       e.url, e.detail, e.source, e.source_detail, std::string(portfolio::Name(e.visibility)),
       e.created_at});
}

Result<bool> DeleteEntry(Connection& c, Guid user, int64_t id) {
  KL_ASSIGN_OR_RETURN(
      uint64_t n,
      c.Execute("DELETE FROM klussen_portfolio_entry WHERE id = ? AND user_guid = ?", {id, user}));
  return n > 0;
}

Result<std::vector<portfolio::Commitment>> LoadCommitments(Connection& c, Guid user) {
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(std::string(kCommitmentColumns) +
                                                 "WHERE p.user_guid = ? " + kCommitmentFilter,
                                             {user}, 1000));
  std::vector<portfolio::Commitment> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ReadCommitment(r, i));
  return out;
}

Result<std::vector<MatchPortfolio>> LoadPortfoliosForMatching(Connection& c, Guid after_guid,
                                                              int limit) {
  KL_ASSIGN_OR_RETURN(
      QueryResult rows,
      c.Query(std::string(kPortfolioColumns) + "WHERE user_guid > ? ORDER BY user_guid LIMIT ?",
              {after_guid, int64_t{limit}}, static_cast<size_t>(limit)));
  std::vector<MatchPortfolio> out(rows.size());
  if (rows.empty()) return out;
  std::map<Guid, size_t> at;
  for (size_t i = 0; i < rows.size(); ++i) {
    ReadPortfolioRow(rows, i, &out[i].portfolio);
    at[out[i].portfolio.user_guid] = i;
  }
  const Guid first = out.front().portfolio.user_guid;
  const Guid last = out.back().portfolio.user_guid;
  // Bounded by the per-member limits (300 items) times the page.
  const size_t bound = static_cast<size_t>(limit) * 2000;
  KL_ASSIGN_OR_RETURN(QueryResult items,
                      c.Query(std::string(kItemColumns) +
                                  "WHERE user_guid BETWEEN ? AND ? ORDER BY user_guid, kind, id",
                              {first, last}, bound));
  for (size_t i = 0; i < items.size(); ++i) {
    auto it = at.find(items.Int(i, 9));
    if (it != at.end()) out[it->second].portfolio.items.push_back(ReadItem(items, i));
  }
  KL_ASSIGN_OR_RETURN(QueryResult confirmed,
                      c.Query(std::string(kConfirmedColumns) +
                                  "WHERE s.user_guid BETWEEN ? AND ? "
                                  "ORDER BY s.user_guid, s.confirmed_at, s.klus_id, s.position",
                              {first, last}, bound));
  for (size_t i = 0; i < confirmed.size(); ++i) {
    auto it = at.find(confirmed.Int(i, 6));
    if (it != at.end()) {
      out[it->second].portfolio.confirmed_skills.push_back(ReadConfirmed(confirmed, i));
    }
  }
  KL_ASSIGN_OR_RETURN(QueryResult commitments,
                      c.Query(std::string(kCommitmentColumns) +
                                  "WHERE p.user_guid BETWEEN ? AND ? " + kCommitmentFilter,
                              {first, last}, bound));
  for (size_t i = 0; i < commitments.size(); ++i) {
    auto it = at.find(commitments.Int(i, 5));
    if (it != at.end()) out[it->second].commitments.push_back(ReadCommitment(commitments, i));
  }
  return out;
}

Result<int64_t> InsertBudget(Connection& c, const portfolio::Budget& b) {
  return c.InsertAndGetId(
      "INSERT INTO klussen_manager_budget (user_guid, manager_guid, hours_per_week_tenths, "
      "period_from, period_until, state, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {b.user_guid, b.manager_guid, int64_t{b.hours_per_week_tenths}, b.period_from, b.period_until,
       std::string(portfolio::Name(b.state)), b.note, b.created_at});
}

Result<std::optional<portfolio::Budget>> GetBudget(Connection& c, int64_t id, bool for_update) {
  std::string sql =
      "SELECT id, user_guid, manager_guid, hours_per_week_tenths, "
      "DATE_FORMAT(period_from, '%Y-%m-%d'), DATE_FORMAT(period_until, '%Y-%m-%d'), state, note, "
      "created_at, decided_at FROM klussen_manager_budget WHERE id = ?";
  if (for_update) sql += " FOR UPDATE";
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, {id}, 1));
  if (r.empty()) return std::optional<portfolio::Budget>();
  portfolio::Budget b{
      r.Int(0, 0),
      r.Int(0, 1),
      r.Int(0, 2),
      static_cast<int>(r.Int(0, 3)),
      r.Text(0, 4),
      r.Text(0, 5),
      portfolio::ParseBudgetState(r.Text(0, 6)).value_or(portfolio::BudgetState::kWithdrawn),
      r.Text(0, 7),
      r.Int(0, 8),
      r.Int(0, 9)};
  return std::optional<portfolio::Budget>(std::move(b));
}

Status SetBudgetState(Connection& c, int64_t id, portfolio::BudgetState state, int64_t now) {
  return c
      .Execute("UPDATE klussen_manager_budget SET state = ?, decided_at = ? WHERE id = ?",
               {std::string(portfolio::Name(state)), now, id})
      .status();
}

Result<std::vector<portfolio::Budget>> BudgetsForManager(Connection& c, Guid manager) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT id FROM klussen_manager_budget WHERE manager_guid = ? "
                              "ORDER BY id DESC LIMIT 200",
                              {manager}, 200));
  std::vector<portfolio::Budget> out;
  for (size_t i = 0; i < r.size(); ++i) {
    KL_ASSIGN_OR_RETURN(auto budget, GetBudget(c, r.Int(i, 0), false));
    if (budget) out.push_back(std::move(*budget));
  }
  return out;
}

Result<nlohmann::json> ExportMemberData(Connection& c, Guid user) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& t : MemberTables()) {
    std::string where;
    std::vector<SqlParam> params;
    for (const char* column : t.columns) {
      where += std::string(where.empty() ? "" : " OR ") + column + " = ?";
      params.emplace_back(user);
    }
    KL_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query(std::string("SELECT * FROM ") + t.table + " WHERE " + where, params, 100000));
    out[t.table] = RowsToJson(r);
  }
  return out;
}

Result<nlohmann::json> EraseMemberData(Connection& c, Guid user, int64_t now) {
  nlohmann::json changed = nlohmann::json::object();
  auto run = [&](const char* label, const char* sql) -> Status {
    KL_ASSIGN_OR_RETURN(uint64_t n, c.Execute(sql, {user}));
    changed[label] = changed.value(label, uint64_t{0}) + n;
    return Status::Ok();
  };
  // Theirs: deleted (participant skills go with their participations).
  KL_RETURN_IF_ERROR(run("klussen_portfolio", "DELETE FROM klussen_portfolio WHERE user_guid = ?"));
  KL_RETURN_IF_ERROR(
      run("klussen_portfolio_item", "DELETE FROM klussen_portfolio_item WHERE user_guid = ?"));
  KL_RETURN_IF_ERROR(
      run("klussen_portfolio_entry", "DELETE FROM klussen_portfolio_entry WHERE user_guid = ?"));
  KL_RETURN_IF_ERROR(
      run("klussen_manager_budget", "DELETE FROM klussen_manager_budget WHERE user_guid = ?"));
  KL_RETURN_IF_ERROR(run("klussen_participant_skill",
                         "DELETE FROM klussen_participant_skill WHERE user_guid = ?"));
  KL_RETURN_IF_ERROR(
      run("klussen_participant", "DELETE FROM klussen_participant WHERE user_guid = ?"));
  KL_RETURN_IF_ERROR(run("klussen_event", "DELETE FROM klussen_event WHERE subject_guid = ?"));
  // Others' rows that mention them: the mention goes, the row stays.
  // A portfolio that named them as manager is changed like any write: a client holding the old
  // version gets a conflict instead of writing the erased guid back.
  {
    KL_ASSIGN_OR_RETURN(uint64_t n, c.Execute("UPDATE klussen_portfolio SET manager_guid = 0, "
                                              "version = version + 1, updated_at = ? "
                                              "WHERE manager_guid = ?",
                                              {now, user}));
    changed["klussen_portfolio"] = changed.value("klussen_portfolio", uint64_t{0}) + n;
  }
  KL_RETURN_IF_ERROR(run("klussen_manager_budget",
                         "UPDATE klussen_manager_budget SET manager_guid = 0, state = "
                         "IF(state = 'requested', 'withdrawn', state) WHERE manager_guid = ?"));
  KL_RETURN_IF_ERROR(run("klussen_participant",
                         "UPDATE klussen_participant SET invited_by = 0 WHERE invited_by = ?"));
  KL_RETURN_IF_ERROR(run("klussen_participant",
                         "UPDATE klussen_participant SET decided_by = 0 WHERE decided_by = ?"));
  KL_RETURN_IF_ERROR(run("klussen_participant_skill",
                         "UPDATE klussen_participant_skill SET confirmed_by = 0 "
                         "WHERE confirmed_by = ?"));
  KL_RETURN_IF_ERROR(
      run("klussen_event", "UPDATE klussen_event SET actor_guid = 0 WHERE actor_guid = ?"));
  KL_RETURN_IF_ERROR(run("klussen_klus",
                         "UPDATE klussen_klus SET poster_guid = 0, organisation = '', "
                         "idempotency_key = NULL WHERE poster_guid = ?"));
  return changed;
}

}  // namespace klussen::store
