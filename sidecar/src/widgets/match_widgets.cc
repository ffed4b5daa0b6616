#include "widgets/match_widgets.h"

#include "widgets/format.h"
#include "widgets/fragment_writer.h"
#include "widgets/klus_widgets.h"
#include "widgets/messages.h"

namespace klussen::widgets {
namespace {

using Writer = internal::FragmentWriter;

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

void Reason(Writer& w, const std::string& text) {
  w.Html("<li>");
  w.Esc(text);
  w.Html("</li>\n");
}

// The score and the reasons of one suggestion under an <h4>.
void Reasons(Writer& w, const MatchReasons& why, std::string_view heading_key) {
  w.Html("<div class=\"klussen-why\">\n");
  w.Heading(4, w.Text(heading_key));
  w.Html("<p class=\"klussen-score\">");
  w.Esc(Substitute(w.Text("match.score"), {{"percent", std::to_string(why.score_percent)}}));
  w.Html("</p>\n<ul class=\"klussen-reasons\">\n");
  // The person's own view ("Klussen voor jou") or a poster's (candidates).
  const bool own = heading_key == "match.why_klus";
  for (const auto& skill : why.skills) {
    if (skill.source != "listed") {
      std::string key = skill.source == "named_occupation"  ? "match.likely_named"
                        : skill.source == "fits_occupation" ? "match.likely_fits"
                                                            : "match.likely_text";
      if (!own) key += "_other";
      Reason(w, Substitute(w.Text(key), {{"skill", skill.matched}, {"because", skill.because}}));
    } else if (skill.relation == "same") {
      Reason(w, Substitute(w.Text(skill.required ? "match.skill_same" : "match.skill_desired"),
                           {{"skill", skill.matched}}));
    } else {
      Reason(w, Substitute(w.Text("match.skill_related"),
                           {{"skill", skill.matched}, {"wanted", skill.wanted}}));
    }
  }
  if (!why.interests.empty()) {
    Reason(w, Substitute(w.Text("match.interests"), {{"skills", Join(why.interests)}}));
  }
  if (!why.text_words.empty()) {
    Reason(w, Substitute(w.Text("match.words"), {{"words", Join(why.text_words)}}));
  }
  if (own && why.skills.empty() && why.interests.empty() && why.text_words.empty()) {
    Reason(w, w.Text("match.nothing_shared"));
  }
  if (!why.missing_required.empty()) {
    Reason(w, Substitute(w.Text("match.missing"), {{"skills", Join(why.missing_required)}}));
  }
  if (why.hours_available_tenths < 0) {
    Reason(w, w.Text("match.hours_unstated"));
  } else {
    Reason(w, Substitute(w.Text("match.hours"),
                         {{"free", FormatTenths(w.lang(), why.hours_available_tenths)},
                          {"needed", FormatTenths(w.lang(), why.hours_needed_tenths)}}));
  }
  if (why.remote) {
    Reason(w, w.Text("match.remote"));
  } else if (!why.region.empty()) {
    Reason(w, Substitute(w.Text("match.region"), {{"region", why.region}}));
  }
  w.Html("</ul>\n</div>\n");
}

void Notice(Writer& w, std::string_view key, bool portfolio_link) {
  w.Html("<p class=\"klussen-notice\">");
  w.Msg(key);
  if (portfolio_link) {
    w.Html(" ");
    w.Link("portfolio/edit", w.Text("match.portfolio_link"));
  }
  w.Html("</p>\n");
}

}  // namespace

std::string RenderForYou(const RenderContext& ctx, const ForYouView& view) {
  Writer w(ctx);
  w.OpenSection("for-you");
  // The full page's title may become the host's page title; the dashboard
  // widget's heading stays (klussen-widget-title: the host's widget has its own).
  w.Heading(2, w.Text("list.for_you"),
            view.paging ? internal::kPageTitleClass : "klussen-widget-title");
  if (!view.has_skills) {
    Notice(w, "match.hint_skills", true);
  } else if (view.hours_none) {
    Notice(w, "match.hint_hours_none", true);
  } else if (!view.hours_stated) {
    Notice(w, "match.hint_hours", true);
  }
  if (!view.discoverable) Notice(w, "match.hint_not_discoverable", view.has_skills);
  if (view.items.empty()) {
    w.Html("<p class=\"klussen-empty\">");
    w.Msg("match.empty_for_you");
    w.Html("</p>\n");
  } else {
    w.Html("<ul class=\"klussen-list elgg-list\">\n");
    for (const auto& item : view.items) {
      w.Html("<li class=\"klussen-item elgg-item\">\n");
      internal::KlusSummary(w, item.item, true);
      Reasons(w, item.why, "match.why_klus");
      w.Html("</li>\n");
    }
    w.Html("</ul>\n");
  }
  if (view.paging) {
    w.Paging("voor-jou", view.offset, view.limit, view.has_more);
  } else if (view.has_more) {
    w.Html("<p class=\"klussen-more\">");
    w.Link("voor-jou", w.Text("match.all_for_you"));
    w.Html("</p>\n");
  }
  w.CloseSection();
  return w.Take();
}

std::string RenderCandidates(const RenderContext& ctx, const CandidatesView& view) {
  Writer w(ctx);
  const std::string klus_id = std::to_string(view.klus.id);
  w.OpenSection("candidates");
  w.PageTitle(w.Text("match.candidates_heading"));
  w.Html("<p>");
  w.Link("view/" + klus_id,
         view.klus.fields.title.empty() ? w.Text("klus.untitled") : view.klus.fields.title);
  w.Html("</p>\n");
  const bool searching =
      view.klus.state == klus::KlusState::kOpen || view.klus.state == klus::KlusState::kDraft;
  if (!searching) {
    Notice(w, "match.candidates_closed", false);
  } else {
    w.Html("<p>");
    w.Msg("match.candidates_intro");
    w.Html("</p>\n");
    if (!view.may_invite) Notice(w, "match.invite_later", false);
  }
  if (searching && view.items.empty()) {
    w.Html("<p class=\"klussen-empty\">");
    w.Msg("match.empty_candidates");
    w.Html("</p>\n");
  }
  if (!view.items.empty()) {
    w.Html("<ul class=\"klussen-list klussen-candidates-list elgg-list\">\n");
    for (const auto& item : view.items) {
      const std::string user = std::to_string(item.person.guid);
      w.Html("<li class=\"klussen-item elgg-item\">\n<h3 class=\"klussen-item-title\">");
      w.Person(item.person);
      w.Html("</h3>\n");
      Reasons(w, item.why, "match.why_person");
      if (view.may_invite) {
        const std::string field_id = "klussen-invite-message-" + klus_id + "-" + user;
        w.OpenForm("invite", "klussen-invite");
        w.Hidden("klus_id", klus_id);
        w.Hidden("user_guid", user);
        w.OpenFieldDiv();
        w.Label(field_id, w.Text("match.invite_message_label"));
        w.Html("<input type=\"text\"");
        w.InputClassAttr("text");
        w.Html(" maxlength=\"2000\"");
        w.Attr("id", field_id);
        w.Html(" name=\"message\">\n</div>\n");
        w.Button(internal::ButtonKind::kSubmit, w.Text("match.invite"), item.person.name);
        w.CloseForm();
      }
      w.Html("</li>\n");
    }
    w.Html("</ul>\n");
  }
  w.Paging("candidates/" + klus_id, view.offset, view.limit, view.has_more);
  w.CloseSection();
  return w.Take();
}

}  // namespace klussen::widgets
