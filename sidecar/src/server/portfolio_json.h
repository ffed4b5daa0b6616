// JSON shapes of the portfolio API (docs/api.md "Portfolio").
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "portfolio/import_model.h"
#include "portfolio/portfolio_model.h"

namespace klussen::server {

// `own`: the member's own view (adds discoverable, manager, budgets, version).
nlohmann::json PortfolioToJson(const portfolio::Portfolio& p, bool own);
nlohmann::json ItemToJson(const portfolio::Item& item);
nlohmann::json EntryToJson(const portfolio::Entry& entry);
nlohmann::json BudgetToJson(const portfolio::Budget& budget);
nlohmann::json ImportPreviewToJson(const portfolio::ImportPreview& preview);

}  // namespace klussen::server
