// The portfolio tables of issue #7 (klussen_portfolio, _item, _entry,
// klussen_manager_budget), the member's commitments read from the klus
// tables, and the AVG export and erasure over every klussen_* table.
//
// Contract: prepared statements only; writes run inside the caller's
// transaction. Erasure leaves no row that names the member: rows that are
// theirs are deleted, rows of others that mention them (as actor, decider,
// inviter, confirmer, poster) keep their place with the guid set to 0.
// Threading: stateless functions over a Connection the caller holds.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "common/status.h"
#include "portfolio/availability.h"
#include "portfolio/portfolio_model.h"
#include "store/database.h"

namespace klussen::store {

using portfolio::Guid;

// Everything stored for `user` (exists=false and defaults when nothing is).
// for_update: inside a transaction, locks the row first (LockPortfolio).
Result<portfolio::Portfolio> LoadPortfolio(Connection& c, Guid user, bool for_update = false);

// Inside a transaction, before any read in it: locks the member's
// klussen_portfolio row until commit, inserting a placeholder (version 0)
// when there is none. A locking read of a missing row
// would take a gap lock, and two members' first writes into the same gap
// (new members have neighbouring guids) then deadlock on their inserts; an
// insert locks only its own row. The placeholder is rolled back with the
// transaction or made real by SavePortfolioRow; it is never committed as is.
Status LockPortfolio(Connection& c, Guid user);

// LockPortfolio, then only the row and the items (no entries, confirmed
// skills or budgets): what adding or changing an item needs.
Result<portfolio::Portfolio> LockPortfolioWithItems(Connection& c, Guid user);

// Inserts or updates the klussen_portfolio row (not the items); bumps version.
Status SavePortfolioRow(Connection& c, const portfolio::Portfolio& p, int64_t now);

Result<int64_t> InsertItem(Connection& c, Guid user, const portfolio::Item& item);
Status UpdateItem(Connection& c, Guid user, const portfolio::Item& item);
// Deletes; false when the member has no such item.
Result<bool> DeleteItem(Connection& c, Guid user, int64_t id);
Result<int64_t> InsertEntry(Connection& c, Guid user, const portfolio::Entry& entry);
Result<bool> DeleteEntry(Connection& c, Guid user, int64_t id);

// Skills posters confirmed on the member's completed klussen, oldest first.
Result<std::vector<portfolio::ConfirmedSkill>> LoadConfirmedSkills(Connection& c, Guid user);

// Accepted participations in klussen that are still running, as weekly loads.
Result<std::vector<portfolio::Commitment>> LoadCommitments(Connection& c, Guid user);

// A page of portfolios for the match index: members with guid > after_guid,
// ascending, with their items, confirmed skills and commitments (no entries
// or budgets), in four queries.
struct MatchPortfolio {
  portfolio::Portfolio portfolio;
  std::vector<portfolio::Commitment> commitments;
};
Result<std::vector<MatchPortfolio>> LoadPortfoliosForMatching(Connection& c, Guid after_guid,
                                                              int limit);

Result<int64_t> InsertBudget(Connection& c, const portfolio::Budget& budget);
Result<std::optional<portfolio::Budget>> GetBudget(Connection& c, int64_t id, bool for_update);
Status SetBudgetState(Connection& c, int64_t id, portfolio::BudgetState state, int64_t now);
Result<std::vector<portfolio::Budget>> BudgetsForManager(Connection& c, Guid manager);

// Every row of every klussen_* table about `user`, as JSON (the AVG right of
// access).
Result<nlohmann::json> ExportMemberData(Connection& c, Guid user);
// Removes it (the right to erasure); answers rows changed per table. Others' portfolios that
// named them as manager lose the mention and count as written at `now` (version bumped).
Result<nlohmann::json> EraseMemberData(Connection& c, Guid user, int64_t now);

}  // namespace klussen::store
