// The HTML fragments of the e-portfolio (issue #7): the profile widget
// "Portfolio", the member's edit page, "Wat anderen zien", the import upload
// page and an import's preview.
//
// Contract: as klus_widgets.h — one root <section class="klussen
// klussen-<kind>" lang="nl|en">, headings from <h2>, ids prefixed "klussen-"
// and unique, every control labelled, every value escaped for where it lands,
// links and actions through SafeUrl. The views (portfolio_views.h) hold only
// what the viewer may see; the renderer decides nothing about permissions.
//
// Every form posts (method="post") to ctx.action_base + <action> and carries
// ctx.hidden first. Actions and fields:
//   portfolio_save            version, discoverable ("1" when checked), about,
//                             about_visibility, region, hours_per_week ("8" / "3,5"),
//                             available_from, available_until (YYYY-MM-DD),
//                             weekdays[] ("1" Monday .. "7" Sunday),
//                             availability_visibility, manager_guid
//   portfolio_item_add        kind (skill|interest|language), label, level (0..3), visibility
//   portfolio_item_remove     item_id
//   portfolio_entry_add       kind (course|certificate|education|badge|position), title,
//                             provider, start_date, end_date ("YYYY-MM"), url, detail,
//                             visibility
//   portfolio_entry_remove    entry_id
//   portfolio_import_profile  (no fields: copies the profile suggestions)
//   portfolio_budget_request  hours_per_week, from, until, note
//   portfolio_erase           confirm ("1", required)
//   portfolio_import_linkedin file (multipart, .zip)
//   portfolio_import_badge    file (multipart, .json)
//   import_save               source, skills[] (labels), courses[] and positions[]
//                             (indexes into the preview's lists, decimal)
// Visibility values are portfolio::Name(Visibility): platform | site | private.
// Links: ctx.link_base + portfolio/edit, portfolio/preview, portfolio/preview?as=site|platform,
// portfolio/import, portfolio/export.
//
// Threading: pure functions of their arguments, safe from any thread.
#pragma once

#include <string>

#include "widgets/portfolio_views.h"
#include "widgets/views.h"

namespace klussen::widgets {

// The profile widget: skills (level, "Bevestigd" badges), interests,
// languages, entries, about, region, availability; for the member also the
// discoverable state, free hours and an edit link; an empty state otherwise.
std::string RenderPortfolioWidget(const RenderContext& ctx, const PortfolioWidgetView& view);

// The member's edit page: settings form, items and entries with add/remove
// forms, profile suggestions, budgets (when a manager is named), links to
// preview/import/export and the erase form.
std::string RenderPortfolioEdit(const RenderContext& ctx, const PortfolioEditView& view);

// "Wat anderen zien": a notice naming the audience, a link to switch to the
// other audience, then the widget body as that audience sees it.
std::string RenderPortfolioPreview(const RenderContext& ctx, const PortfolioPreviewView& view);

// The two upload forms (LinkedIn archive, Open Badges JSON).
std::string RenderImportPage(const RenderContext& ctx);

// An import's preview: warnings, then one form with a checked checkbox per item.
std::string RenderImportPreview(const RenderContext& ctx, const ImportPreviewWidgetView& view);

}  // namespace klussen::widgets
