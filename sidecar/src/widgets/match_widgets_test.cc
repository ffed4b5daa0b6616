#include "widgets/match_widgets.h"

#include <gtest/gtest.h>

#include <string>

#include "widgets/fragment_checks_test_util.h"
#include "widgets/html.h"

namespace klussen::widgets {
namespace {

using fragment_checks::Contains;
using fragment_checks::Count;

#define EXPECT_WELL_FORMED(html) KLUSSEN_EXPECT_WELL_FORMED(html)

const std::string kHostile = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";

RenderContext Ctx(std::string language = "nl") {
  RenderContext ctx;
  ctx.language = std::move(language);
  ctx.hidden = {{"__elgg_ts", "1700000000"}, {"__elgg_token", "tok\"en<1>"}};
  return ctx;
}

MatchReasons Reasons() {
  MatchReasons why;
  why.score_percent = 72;
  why.skills = {{"Python", "Python", "same", true, "listed", ""},
                {"Data-analyse", "Statistiek", "broader", true, "listed", ""},
                {"SQL", "SQL", "same", false, "listed", ""},
                {"GIS", "GIS", "same", true, "named_occupation", "gis-specialist"}};
  why.missing_required = {"GIS"};
  why.text_words = {"monitor"};
  why.hours_available_tenths = 85;
  why.hours_needed_tenths = 40;
  why.region = "Utrecht";
  return why;
}

klus::Klus MakeKlus(int64_t id, std::string title) {
  klus::Klus k;
  k.id = id;
  k.state = klus::KlusState::kOpen;
  k.fields.title = std::move(title);
  k.fields.hours_tenths = 40;
  k.fields.deadline = 1900000000;
  k.fields.region = "Utrecht";
  return k;
}

TEST(ForYouWidgetTest, ShowsEachKlusWithItsReasons) {
  ForYouView view;
  view.discoverable = true;
  view.has_skills = true;
  view.hours_stated = true;
  view.items.push_back({{MakeKlus(5, "Dashboard bouwen"), "Data en analyse", false}, Reasons()});
  view.items.push_back({{MakeKlus(6, "Tweede klus"), "", false}, Reasons()});
  const std::string html = RenderForYou(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  // The dashboard widget: its heading is no page title (the host's widget has its own).
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-widget-title\">Klussen voor jou</h2>"));
  EXPECT_FALSE(Contains(html, "klussen-page-title"));
  EXPECT_TRUE(Contains(html, "<ul class=\"klussen-list elgg-list\">"));
  EXPECT_EQ(Count(html, "<li class=\"klussen-item elgg-item\">"), 2);
  EXPECT_TRUE(Contains(html, "href=\"/klussen/view/5\""));
  EXPECT_EQ(Count(html, "<h4>Waarom deze klus?</h4>"), 2);
  EXPECT_TRUE(Contains(html, "Overeenkomst: 72%"));
  EXPECT_TRUE(Contains(html, "Vaardigheid: Python"));
  EXPECT_TRUE(Contains(html, "Statistiek, verwant aan Data-analyse"));
  EXPECT_TRUE(Contains(html, "Waarschijnlijk: GIS, omdat je gis-specialist noemt"));
  EXPECT_TRUE(Contains(html, "Gewenste vaardigheid: SQL"));
  EXPECT_TRUE(Contains(html, "Ontbreekt nog: GIS"));
  EXPECT_TRUE(Contains(html, "Tijd: 8,5 uur per week vrij, 4 uur nodig"));
  EXPECT_TRUE(Contains(html, "Regio: Utrecht"));
  EXPECT_FALSE(Contains(html, "klussen-notice"));  // nothing to hint at
  EXPECT_FALSE(Contains(html, "klussen-paging"));
}

TEST(ForYouWidgetTest, HintsAtWhatIsMissingAndPages) {
  ForYouView view;
  view.discoverable = false;
  view.has_skills = false;
  const std::string empty = RenderForYou(Ctx(), view);
  EXPECT_WELL_FORMED(empty);
  EXPECT_TRUE(Contains(empty, "Vul je vaardigheden aan"));
  EXPECT_TRUE(Contains(empty, "niet vindbaar"));
  EXPECT_TRUE(Contains(empty, "href=\"/klussen/portfolio/edit\""));
  EXPECT_TRUE(Contains(empty, "Er zijn nu geen open klussen die bij je passen."));

  view.has_skills = true;
  view.discoverable = true;
  view.hours_stated = false;
  view.items.push_back({{MakeKlus(5, "A"), "", false}, Reasons()});
  view.items[0].why.hours_available_tenths = -1;
  view.items.push_back({{MakeKlus(6, "B"), "", false}, MatchReasons{}});  // nothing in common
  view.has_more = true;
  const std::string dashboard = RenderForYou(Ctx("en"), view);
  EXPECT_WELL_FORMED(dashboard);
  EXPECT_TRUE(Contains(dashboard, "how many hours a week"));
  EXPECT_TRUE(Contains(dashboard, "Available hours unknown"));
  EXPECT_TRUE(Contains(dashboard, "Likely: GIS, because you mention gis-specialist"));
  EXPECT_EQ(Count(dashboard, "No shared skills or words; the klus is open to you"), 1);
  EXPECT_TRUE(Contains(dashboard, "href=\"/klussen/voor-jou\""));  // "all", no paging
  view.paging = true;
  view.offset = 10;
  view.limit = 10;
  const std::string page = RenderForYou(Ctx(), view);
  EXPECT_WELL_FORMED(page);
  // The full page: its heading is the page title.
  EXPECT_TRUE(Contains(page, "<h2 class=\"klussen-page-title\">Klussen voor jou</h2>"));
  EXPECT_TRUE(Contains(page, "href=\"/klussen/voor-jou?offset&#61;0\""));
  EXPECT_TRUE(Contains(page, "href=\"/klussen/voor-jou?offset&#61;20\""));
}

TEST(CandidatesWidgetTest, InviteFormPerPersonWithEscapedValues) {
  CandidatesView view;
  view.klus = MakeKlus(9, kHostile);
  view.may_invite = true;
  view.items.push_back({{31, "Femke " + kHostile}, Reasons()});
  view.items.push_back({{32, "Chris"}, Reasons()});
  view.items[1].why.region = kHostile;
  view.has_more = true;
  view.limit = 2;
  const std::string html = RenderCandidates(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_FALSE(Contains(html, "<img"));
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Geschikte kandidaten</h2>"));
  // The poster reads about the candidate in the third person.
  EXPECT_TRUE(Contains(html, "Waarschijnlijk: GIS, omdat het profiel gis-specialist noemt"));
  EXPECT_TRUE(Contains(html, "<ul class=\"klussen-list klussen-candidates-list elgg-list\">"));
  // Each candidate's name is marked for the glue (avatar and profile link in Elgg).
  EXPECT_TRUE(Contains(html,
                       "<h3 class=\"klussen-item-title\"><span class=\"klussen-person\" "
                       "data-user-guid=\"32\">Chris</span></h3>"));
  EXPECT_TRUE(Contains(html,
                       "<span class=\"klussen-person\" data-user-guid=\"31\">Femke "
                       "&lt;script&gt;"));
  EXPECT_TRUE(Contains(html,
                       "<div class=\"klussen-field elgg-field\">\n<label "
                       "for=\"klussen-invite-message-9-31\" class=\"elgg-field-label\">"));
  EXPECT_TRUE(Contains(html,
                       "<input type=\"text\" class=\"elgg-input-text\" maxlength=\"2000\" "
                       "id=\"klussen-invite-message-9-31\" name=\"message\">"));
  EXPECT_EQ(Count(html,
                  "<button type=\"submit\" class=\"klussen-button elgg-button "
                  "elgg-button-submit\">Uitnodigen<span"),
            2);
  EXPECT_EQ(Count(html, "action=\"/action/klussen/invite\""), 2);
  EXPECT_TRUE(Contains(html, "name=\"user_guid\" value=\"31\""));
  EXPECT_TRUE(Contains(html, "name=\"user_guid\" value=\"32\""));
  EXPECT_EQ(Count(html, "name=\"klus_id\" value=\"9\""), 2);
  EXPECT_EQ(Count(html, "name=\"__elgg_token\" value=\"tok&quot;en&lt;1&gt;\""), 2);
  EXPECT_TRUE(Contains(html, "id=\"klussen-invite-message-9-31\""));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/candidates/9?offset&#61;2\"")) << html;
  EXPECT_TRUE(Contains(html, "<h4>Waarom deze kandidaat?</h4>"));
}

TEST(CandidatesWidgetTest, NoInvitationsBeforeTheKlusIsOpenAndNoneAfter) {
  CandidatesView view;
  view.klus = MakeKlus(9, "Concept");
  view.klus.state = klus::KlusState::kDraft;
  view.may_invite = false;
  view.items.push_back({{31, "Femke"}, Reasons()});
  const std::string draft = RenderCandidates(Ctx(), view);
  EXPECT_WELL_FORMED(draft);
  EXPECT_FALSE(Contains(draft, "<form"));
  EXPECT_TRUE(Contains(draft, "Uitnodigen kan zodra de klus open staat."));
  view.klus.state = klus::KlusState::kCompleted;
  view.items.clear();
  const std::string done = RenderCandidates(Ctx("en"), view);
  EXPECT_WELL_FORMED(done);
  EXPECT_TRUE(Contains(done, "while the klus is a draft or open"));
  EXPECT_FALSE(Contains(done, "No findable members"));
}

}  // namespace
}  // namespace klussen::widgets
