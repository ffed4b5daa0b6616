// What of a portfolio a viewer may see. The member sees everything of their
// own; others see items whose visibility admits them: `platform` any
// logged-in member of the platform, `site` logged-in members of this site,
// `private` nobody else — not site admins either. Logged-out viewers see
// nothing. Confirmed skills (facts of completed klussen) and the region follow
// `about_visibility`; the manager, budgets and the discoverable switch are the
// member's own business and never shown to others.
// Threading: pure functions.
#pragma once

#include "portfolio/portfolio_model.h"

namespace klussen::portfolio {

struct PortfolioViewer {
  Guid guid = 0;           // 0 = logged out
  bool same_site = false;  // the viewer is a member of this site
};

bool MaySee(const PortfolioViewer& viewer, Guid owner, Visibility visibility);

// A copy holding only what `viewer` may see of `portfolio`.
Portfolio VisiblePart(const PortfolioViewer& viewer, const Portfolio& portfolio);

}  // namespace klussen::portfolio
