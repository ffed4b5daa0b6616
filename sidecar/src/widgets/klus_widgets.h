// The HTML fragments the glue embeds in Elgg pages: a group's Klussen tab, a
// klus page, the post/edit form, the responses table and plain lists.
//
// Contract:
//  - Each function returns one fragment (no <html>/<body>/<style>/<script>)
//    with one root <section class="klussen klussen-<kind>" lang="nl|en">.
//    Headings start at <h2> and go down one level at a time.
//  - The views hold only what the viewer may see (views.h); the renderer
//    decides nothing about permissions, it only escapes and lays out. Every
//    value is escaped for where it lands (html.h); links and form actions go
//    through SafeUrl, so a bad base becomes "#".
//  - Every form posts (method="post") to ctx.action_base + <action> and
//    carries ctx.hidden (Elgg's CSRF fields) first. Field names are the JSON
//    API names; the actions and fields are:
//      save        group_guid, klus_id (when editing), version, title, description,
//                  required_skills, desired_skills (comma-separated labels), time_mode,
//                  hours ("3,5" or "3.5"), start_date, end_date, deadline (YYYY-MM-DD),
//                  region, remote ("1" when checked, absent otherwise), people_needed,
//                  audience, organisation
//      apply       klus_id, motivation
//      withdraw    klus_id, reason_code (klus::kWithdrawReasons), reason_text
//      transition  klus_id, version, to (a KlusState name)
//      copy        klus_id
//      decide      klus_id, user_guid, decision ("accept" | "decline"),
//                  reason_code (klus::kDeclineReasons, decline only), reason_text
//      complete    klus_id, user_guid, hours_spent, confirmed_skills[] (skill labels)
//  - Links: ctx.link_base + view/<id>, add/<group>, edit/<id>, responses/<id>,
//    candidates/<id> (managers, draft or open klussen),
//    group/<guid>?offset=N (plus &state=<filter> when the filter is not "open").
//  - Ids are prefixed "klussen-" and unique within a fragment (repeated
//    controls carry the klus id and user guid). Every control has a <label>
//    (or a <legend> for groups); errors are linked with aria-describedby and
//    marked aria-invalid="true". States are written out, never colour only.
//  - Dates are shown as UTC calendar dates ("1 december 2026").
//  - Host look (all widget fragments): Elgg's own classes beside the klussen-*
//    ones (fragment_writer.h): buttons "klussen-button elgg-button" plus
//    elgg-button-submit (a form's primary action) or elgg-button-action; links
//    shown as buttons "klussen-button elgg-button elgg-button-action"; controls
//    elgg-input-text|date|number|url|file|checkbox|radio|plaintext (textarea),
//    "elgg-input-dropdown elgg-input-select" (select); field wrappers
//    elgg-field, their labels elgg-field-label, help texts
//    "klussen-hint elgg-field-help elgg-text-help"; tables elgg-table; skill
//    lists elgg-tags with elgg-tag items; klus lists elgg-list / elgg-item.
//    Markers for the glue: a page fragment's first heading is
//    <h2 class="klussen-page-title"> (widgets' headings are not), and a person
//    whose guid is known is <span class="klussen-person" data-user-guid="N">name</span>.
//
// Threading: pure functions of their arguments, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "widgets/views.h"

namespace klussen::widgets {

// A group's Klussen tab: heading, "Klus plaatsen" (when can_post), the klussen
// with their meta data, an empty state, paging, or the tool-disabled notice.
std::string RenderGroupTab(const RenderContext& ctx, const GroupTabView& view);

// One klus: meta data, description, skills, the apply form or why not, the
// viewer's own participation with a withdraw form, and manager actions.
std::string RenderKlusPage(const RenderContext& ctx, const KlusPageView& view);

// The post/edit form with the error summary and per-field errors.
std::string RenderKlusForm(const RenderContext& ctx, const KlusFormView& view);

// A manager's table of the people on a klus: three columns (name as the row
// header, state with its reason/hours/confirmed skills, motivation), one
// <tbody class="klussen-response"> per person; the accept/decline or complete
// forms in a following <tr class="klussen-response-actions"> with one
// <td colspan="3" headers="<the name cell's id>">.
std::string RenderResponses(const RenderContext& ctx, const ResponsesView& view);

// A plain list of klussen under an <h2> with the message `heading_key`
// (e.g. "list.mine_posted"), showing group names and, per item, counts.
std::string RenderKlusList(const RenderContext& ctx, const std::vector<KlusListItem>& items,
                           std::string_view heading_key);

namespace internal {
class FragmentWriter;
// The title link, state badge and short meta list of one klus (inside the
// caller's <li>), shared with the match widgets.
void KlusSummary(FragmentWriter& w, const KlusListItem& item, bool show_group);
}  // namespace internal

}  // namespace klussen::widgets
