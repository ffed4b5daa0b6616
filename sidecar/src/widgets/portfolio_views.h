// What the portfolio widgets show (issue #7): plain values assembled by the
// routes after every visibility decision; the renderer only escapes and lays
// out. A view never holds a value the viewer may not see.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "portfolio/import_model.h"
#include "portfolio/portfolio_model.h"
#include "widgets/views.h"

namespace klussen::widgets {

// The profile widget "Portfolio": `portfolio` is already filtered for the
// viewer (portfolio/visibility.h). For the member themself it is complete and
// `is_self` shows edit links and the discoverable switch state.
struct PortfolioWidgetView {
  PersonRef owner;
  bool is_self = false;
  portfolio::Portfolio portfolio;
};

// The member's edit page: everything they stored, the derived availability,
// their manager (name from the host), budgets, and suggestions from the host
// profile not yet in the portfolio. Redisplayed with errors after a failed save.
struct PortfolioEditView {
  portfolio::Portfolio portfolio;
  PersonRef manager;  // guid 0 = none named
  std::vector<std::string> profile_suggestions;  // host profile skills/interests to copy
  std::vector<FieldError> errors;
  std::vector<std::pair<std::string, std::string>> raw_values;
};

// "Wat anderen zien": the member's portfolio as a colleague on this site
// (`audience` "site") or someone elsewhere on the platform ("platform") sees it.
struct PortfolioPreviewView {
  PersonRef owner;
  std::string audience = "site";
  portfolio::Portfolio visible;
};

// An import's preview: every item with a checkbox (checked by default), posted
// to action "import_save" so only what the member keeps is stored.
struct ImportPreviewWidgetView {
  std::string source;  // "linkedin" | "open_badges"
  portfolio::ImportPreview preview;
};

}  // namespace klussen::widgets
