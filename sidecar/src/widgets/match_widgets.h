// The match fragments: "Klussen voor jou" (dashboard widget and page) and
// "Geschikte kandidaten" (beside a klus, for its managers), each with the
// reasons of every suggestion.
//
// Contract (as klus_widgets.h): one <section class="klussen klussen-<kind>">
// root, headings from <h2>, every value escaped where it lands, links under
// ctx.link_base, forms posting to ctx.action_base with ctx.hidden first.
//  - for-you   links view/<id>, portfolio/edit, voor-jou?offset=N
//  - candidates: per person an "invite" form: klus_id, user_guid, message;
//    links view/<id>, candidates/<id>?offset=N
// Threading: pure functions.
#pragma once

#include <string>

#include "widgets/match_views.h"
#include "widgets/views.h"

namespace klussen::widgets {

std::string RenderForYou(const RenderContext& ctx, const ForYouView& view);
std::string RenderCandidates(const RenderContext& ctx, const CandidatesView& view);

}  // namespace klussen::widgets
