#include "widgets/portfolio_widgets.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "portfolio/visibility.h"
#include "widgets/fragment_checks_test_util.h"
#include "widgets/html.h"
#include "widgets/messages.h"

namespace klussen::widgets {
namespace {

using fragment_checks::CheckFragment;
using fragment_checks::Contains;
using fragment_checks::Count;
using portfolio::EntryKind;
using portfolio::ItemKind;
using portfolio::Visibility;

#define EXPECT_WELL_FORMED(html) KLUSSEN_EXPECT_WELL_FORMED(html)

const std::string kScript = "<script>alert(1)</script>";
const std::string kBreakout = "\"><img src=x onerror=alert(1)>";
const std::string kHostile = kScript + kBreakout + "'`\u202Eevil 🎉 \xFF\xC0";

void ExpectNoRawHostile(const std::string& html) {
  EXPECT_FALSE(Contains(html, "<script")) << html.substr(0, 2000);
  EXPECT_FALSE(Contains(html, "<img")) << html.substr(0, 2000);
  EXPECT_FALSE(Contains(html, "javascript:"));
  EXPECT_FALSE(Contains(html, "\xFF"));
  EXPECT_TRUE(IsValidUtf8(html));
}

RenderContext Ctx(std::string language = "nl") {
  RenderContext ctx;
  ctx.language = std::move(language);
  ctx.hidden = {{"__elgg_ts", "1700000000"}, {"__elgg_token", "tok\"en<1>"}};
  return ctx;
}

portfolio::Item MakeItem(int64_t id, ItemKind kind, std::string label, int level,
                         Visibility visibility = Visibility::kSite, std::string source = "self") {
  portfolio::Item item;
  item.id = id;
  item.kind = kind;
  item.label = std::move(label);
  item.level = level;
  item.visibility = visibility;
  item.source = std::move(source);
  return item;
}

portfolio::Portfolio MakePortfolio() {
  portfolio::Portfolio p;
  p.user_guid = 77;
  p.exists = true;
  p.discoverable = false;
  p.about = "Beleidsmedewerker met hart voor data.\n\nZie https://example.nl.";
  p.about_visibility = Visibility::kSite;
  p.region = "Utrecht";
  p.availability.hours_per_week_tenths = 80;
  p.availability.weekdays = 0b0000011;  // Monday, Tuesday
  p.availability.until = "2027-07-01";
  p.availability.committed_tenths = 30;
  p.availability.free_tenths = 50;
  p.availability.visibility = Visibility::kSite;
  p.manager_guid = 900;
  p.version = 4;
  p.items = {MakeItem(1, ItemKind::kSkill, "Python", 3, Visibility::kPlatform),
             MakeItem(2, ItemKind::kSkill, "Geheime vaardigheid", 1, Visibility::kPrivate),
             MakeItem(3, ItemKind::kInterest, "Open data", 0, Visibility::kSite, "profile"),
             MakeItem(4, ItemKind::kLanguage, "Engels", 2, Visibility::kSite, "imported")};
  portfolio::Entry course;
  course.id = 11;
  course.kind = EntryKind::kCourse;
  course.title = "Data-analyse met R";
  course.provider = "Rijksacademie";
  course.start_date = "2024-03";
  course.url = "https://academie.example/cert/1";
  course.visibility = Visibility::kSite;
  portfolio::Entry position;
  position.id = 12;
  position.kind = EntryKind::kPosition;
  position.title = "Beleidsmedewerker";
  position.provider = "Ministerie van BZK";
  position.start_date = "2019-09";
  position.visibility = Visibility::kPlatform;
  p.entries = {course, position};
  portfolio::ConfirmedSkill confirmed;
  confirmed.label = "python";  // matches the item case-insensitively
  confirmed.klus_id = 7;
  confirmed.klus_title = "Dashboard voor open data";
  portfolio::ConfirmedSkill other;
  other.label = "Facilitering";
  other.klus_id = 8;
  other.klus_title = "Heisessie";
  p.confirmed_skills = {confirmed, other};
  portfolio::Budget budget;
  budget.id = 1;
  budget.manager_guid = 900;
  budget.hours_per_week_tenths = 40;
  budget.period_from = "2027-01-01";
  budget.period_until = "2027-06-30";
  budget.state = portfolio::BudgetState::kConfirmed;
  p.budgets = {budget};
  return p;
}

void MakeHostile(portfolio::Portfolio& p) {
  p.about = kHostile + "\n\nhttps://x.nl/" + kBreakout;
  p.region = kHostile;
  p.availability.from = kBreakout;
  for (portfolio::Item& item : p.items) {
    item.label = kHostile;
    item.source_detail = kBreakout;
  }
  for (portfolio::Entry& e : p.entries) {
    e.title = kHostile;
    e.provider = kHostile;
    e.start_date = kScript;
    e.detail = kHostile;
    e.url = "javascript:alert(1)";
  }
  p.entries[1].url = "java\tscript:alert(1)";
  for (portfolio::ConfirmedSkill& skill : p.confirmed_skills) {
    skill.label = kHostile;
    skill.klus_title = kHostile;
  }
  for (portfolio::Budget& b : p.budgets) b.period_from = kScript;
}

PortfolioEditView EditView() {
  PortfolioEditView view;
  view.portfolio = MakePortfolio();
  view.manager = {900, "Marieke Jansen"};
  view.profile_suggestions = {"Projectleiding", "Schrijven"};
  return view;
}

// ---- widget ----------------------------------------------------------------

TEST(PortfolioWidgetTest, ShowsSkillsLevelsConfirmationsAndAvailability) {
  PortfolioWidgetView view;
  view.owner = {77, "Anna"};
  view.portfolio = MakePortfolio();
  const std::string html = RenderPortfolioWidget(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  // A profile widget: its heading is no page title.
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-widget-title\">Portfolio</h2>"));
  EXPECT_FALSE(Contains(html, "klussen-page-title"));
  // Skills and interests as Elgg tags, languages a plain list.
  EXPECT_EQ(Count(html, "<ul class=\"klussen-portfolio-items elgg-tags\">"), 2);
  EXPECT_EQ(Count(html, "<ul class=\"klussen-portfolio-items\">"), 1);
  EXPECT_TRUE(Contains(html, "<li class=\"elgg-tag\"><span class=\"klussen-item-label\">Python"));
  EXPECT_TRUE(
      Contains(html, "<li class=\"elgg-tag\"><span class=\"klussen-item-label\">Facilitering"));
  EXPECT_TRUE(
      Contains(html, "<li class=\"elgg-tag\"><span class=\"klussen-item-label\">Open data"));
  EXPECT_TRUE(Contains(html, "<li><span class=\"klussen-item-label\">Engels"));
  EXPECT_TRUE(Contains(html, "lang=\"nl\""));
  EXPECT_TRUE(Contains(html, ">Python</span> <span class=\"klussen-level\">(expert)</span>"));
  EXPECT_TRUE(Contains(html, ">Engels</span> <span class=\"klussen-level\">(gevorderd)</span>"));
  EXPECT_TRUE(Contains(html, ">Bevestigd</span>"));
  EXPECT_TRUE(Contains(html, "in de klus: Dashboard voor open data"));
  // A confirmed skill without an item of its own is still listed.
  EXPECT_TRUE(Contains(html, ">Facilitering</span>"));
  EXPECT_TRUE(Contains(html, "in de klus: Heisessie"));
  EXPECT_EQ(Count(html, ">Bevestigd</span>"), 2);
  EXPECT_TRUE(Contains(html, "<h3>Interesses</h3>"));
  EXPECT_TRUE(Contains(html, "<h3>Talen</h3>"));
  EXPECT_TRUE(Contains(html, "<h3>Cursussen</h3>"));
  EXPECT_TRUE(Contains(html, "<h3>Werkervaring</h3>"));
  EXPECT_TRUE(Contains(html, "<a href=\"https://academie.example/cert/1\""));
  EXPECT_TRUE(Contains(html, "Rijksacademie"));
  EXPECT_TRUE(Contains(html, "(maart 2024)"));
  EXPECT_TRUE(Contains(html, "(sinds september 2019)"));
  EXPECT_TRUE(Contains(html, "<p dir=\"auto\">Beleidsmedewerker met hart voor data.</p>"));
  EXPECT_TRUE(Contains(html, "<dt>Regio</dt><dd>Utrecht</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>8 uur per week, ma, di, tot 1 juli 2027</dd>"));
  // Not the member: no free hours, no discoverable state, no edit link.
  EXPECT_FALSE(Contains(html, "nog vrij"));
  EXPECT_FALSE(Contains(html, "Vindbaar"));
  EXPECT_FALSE(Contains(html, "portfolio/edit"));
}

TEST(PortfolioWidgetTest, SelfSeesDiscoverableStateFreeHoursAndEditLink) {
  PortfolioWidgetView view;
  view.is_self = true;
  view.portfolio = MakePortfolio();
  std::string html = RenderPortfolioWidget(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Vindbaar voor klussen: nee"));
  EXPECT_TRUE(Contains(html, "nog vrij: 5 uur per week (al 3 uur per week toegezegd aan klussen)"));
  EXPECT_TRUE(Contains(html, "<p class=\"klussen-portfolio-free elgg-subtext\">"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/edit\">Portfolio bewerken</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/preview\""));
  EXPECT_TRUE(Contains(html, "Geheime vaardigheid"));  // own private item

  view.portfolio.discoverable = true;
  html = RenderPortfolioWidget(Ctx("en"), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Discoverable for klussen: yes"));
  EXPECT_TRUE(Contains(html, "still free: 5 hours per week"));
  EXPECT_TRUE(Contains(html, "<dd>8 hours per week, Mon, Tue, until 1 July 2027</dd>"));
}

TEST(PortfolioWidgetTest, PrivateItemsAbsentFromFilteredView) {
  const portfolio::Portfolio full = MakePortfolio();
  PortfolioWidgetView view;
  view.portfolio = portfolio::VisiblePart({5, true}, full);
  std::string html = RenderPortfolioWidget(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_FALSE(Contains(html, "Geheime vaardigheid"));
  EXPECT_TRUE(Contains(html, "Python"));

  // Someone from another site sees only platform items.
  view.portfolio = portfolio::VisiblePart({5, false}, full);
  html = RenderPortfolioWidget(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Python"));
  EXPECT_TRUE(Contains(html, "Beleidsmedewerker"));
  EXPECT_FALSE(Contains(html, "Engels"));
  EXPECT_FALSE(Contains(html, "Utrecht"));
  EXPECT_FALSE(Contains(html, "uur per week"));
  EXPECT_FALSE(Contains(html, "Geheime vaardigheid"));

  // The member's own view has it.
  view.portfolio = portfolio::VisiblePart({77, true}, full);
  view.is_self = true;
  EXPECT_TRUE(Contains(RenderPortfolioWidget(Ctx(), view), "Geheime vaardigheid"));
}

TEST(PortfolioWidgetTest, EmptyStates) {
  PortfolioWidgetView view;
  view.portfolio.user_guid = 77;
  std::string html = RenderPortfolioWidget(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Nog niets te zien."));
  EXPECT_FALSE(Contains(html, "portfolio/edit"));

  view.is_self = true;
  html = RenderPortfolioWidget(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(
      html, "<a href=\"/klussen/portfolio/edit\">Je portfolio is nog leeg — vul het aan</a>"));
  EXPECT_FALSE(Contains(html, "Nog niets te zien."));
  EXPECT_TRUE(Contains(html, "Vindbaar voor klussen: nee"));

  html = RenderPortfolioWidget(Ctx("en"), view);
  EXPECT_TRUE(Contains(html, "Your portfolio is still empty"));
}

TEST(PortfolioWidgetTest, HostileValuesAreEscaped) {
  PortfolioWidgetView view;
  view.is_self = true;
  view.portfolio = MakePortfolio();
  MakeHostile(view.portfolio);
  RenderContext ctx = Ctx();
  ctx.link_base = "javascript:alert(1)//";
  const std::string html = RenderPortfolioWidget(ctx, view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_TRUE(Contains(html, "&lt;script&gt;"));
  EXPECT_TRUE(Contains(html, "evil 🎉"));
  EXPECT_FALSE(Contains(html, "\u202E"));       // a bidi override never reaches the page
  EXPECT_TRUE(Contains(html, "\xEF\xBF\xBD"));  // invalid UTF-8 replaced
  // Entry urls with a bad scheme are not links at all; bad bases become "#".
  EXPECT_FALSE(Contains(html, "rel=\"nofollow noopener ugc\">&lt;script"));
  EXPECT_EQ(Count(html, "href=\"#\""), 2);  // edit and preview links
}

// ---- edit page ------------------------------------------------------------------

TEST(PortfolioEditWidgetTest, SettingsFormFieldsAndValues) {
  const std::string html = RenderPortfolioEdit(Ctx(), EditView());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_save\""));
  EXPECT_TRUE(Contains(html, "name=\"version\" value=\"4\""));
  // CSRF fields first in every form.
  EXPECT_EQ(Count(html, "<form method=\"post\""),
            Count(html, ">\n<input type=\"hidden\" name=\"__elgg_ts\""));
  EXPECT_TRUE(Contains(html, "value=\"tok&quot;en&lt;1&gt;\""));
  for (std::string_view name :
       {"discoverable", "about", "about_visibility", "region", "hours_per_week", "available_from",
        "available_until", "availability_visibility", "manager_guid"}) {
    EXPECT_TRUE(Contains(html, "name=\"" + std::string(name) + "\"")) << name;
  }
  EXPECT_EQ(Count(html, "name=\"weekdays[]\""), 7);
  EXPECT_TRUE(Contains(html, "<legend>Op welke dagen?</legend>"));
  EXPECT_TRUE(Contains(html, "name=\"weekdays[]\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html, "name=\"weekdays[]\" value=\"2\" checked"));
  EXPECT_FALSE(Contains(html, "name=\"weekdays[]\" value=\"3\" checked"));
  EXPECT_TRUE(Contains(html,
                       "type=\"date\" class=\"elgg-input-date\" id=\"klussen-available_until\" "
                       "name=\"available_until\" value=\"2027-07-01\""));
  EXPECT_TRUE(Contains(html, "name=\"hours_per_week\" value=\"8\""));
  EXPECT_TRUE(Contains(html, "maxlength=\"2000\""));
  EXPECT_TRUE(Contains(html,
                       "type=\"number\" class=\"elgg-input-number\" id=\"klussen-manager_guid\" "
                       "name=\"manager_guid\" value=\"900\""));
  // The manager is a person the glue can show with avatar and profile link.
  EXPECT_TRUE(Contains(html,
                       "Nu ingevuld: <span class=\"klussen-person\" data-user-guid=\"900\">"
                       "Marieke Jansen</span>.</p>"));
  // Elgg's page title, field wrappers, labels, help texts and inputs.
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">"));
  EXPECT_EQ(Count(html, "klussen-page-title"), 1);
  EXPECT_TRUE(Contains(html,
                       "<p class=\"klussen-hint elgg-field-help elgg-text-help\" "
                       "id=\"klussen-hours_per_week-hint\">"));
  EXPECT_TRUE(Contains(html, "<label for=\"klussen-region\" class=\"elgg-field-label\">"));
  EXPECT_TRUE(Contains(html, "name=\"about\" class=\"elgg-input-plaintext\""));
  EXPECT_TRUE(Contains(html,
                       "name=\"about_visibility\" class=\"elgg-input-dropdown "
                       "elgg-input-select\""));
  EXPECT_TRUE(Contains(html,
                       "<fieldset class=\"klussen-field elgg-field elgg-input-checkboxes\" "
                       "id=\"klussen-weekdays\">"));
  EXPECT_EQ(Count(html, "type=\"checkbox\" class=\"elgg-input-checkbox\" id=\"klussen-weekdays-"),
            7);
  EXPECT_TRUE(Contains(html, "type=\"url\" class=\"elgg-input-url\" id=\"klussen-entry-url\""));
  EXPECT_TRUE(Contains(html, "name=\"detail\" class=\"elgg-input-plaintext\""));
  EXPECT_TRUE(Contains(html,
                       "<button type=\"submit\" class=\"klussen-button elgg-button "
                       "elgg-button-submit\">Opslaan</button>"));
  EXPECT_TRUE(Contains(html, "<option value=\"private\">Alleen ik</option>"));
  EXPECT_TRUE(Contains(html, "<option value=\"site\" selected>"));
  EXPECT_TRUE(Contains(html, ">Alleen als dit aan staat, kunnen collega&#39;s je voorstellen"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/preview\">Wat anderen zien</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/import\">Importeren</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/export\">Download al je gegevens</a>"));
}

TEST(PortfolioEditWidgetTest, DiscoverableUncheckedByDefaultCheckedWhenOn) {
  PortfolioEditView view;  // nothing stored yet
  std::string html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "name=\"discoverable\" value=\"1\" aria-describedby"));
  EXPECT_FALSE(Contains(html, "name=\"discoverable\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html,
                       "<input type=\"checkbox\" class=\"elgg-input-checkbox\" "
                       "id=\"klussen-discoverable\""));
  EXPECT_TRUE(Contains(html,
                       "<label for=\"klussen-discoverable\" class=\"elgg-field-label\">"
                       "Vindbaar voor klussen</label>"));

  view.portfolio.discoverable = true;
  html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_TRUE(Contains(html, "name=\"discoverable\" value=\"1\" checked"));

  // A redisplay follows what was submitted.
  view.raw_values = {{"discoverable", ""}};
  EXPECT_FALSE(
      Contains(RenderPortfolioEdit(Ctx(), view), "name=\"discoverable\" value=\"1\" checked"));
}

TEST(PortfolioEditWidgetTest, ErrorsAreShownNextToFields) {
  PortfolioEditView view = EditView();
  view.errors = {{"hours_per_week", "invalid"},
                 {"available_until", "before_start"},
                 {"weekdays[]", "invalid"},
                 {"version", "version_conflict"}};
  view.raw_values = {{"hours_per_week", "acht<>"}, {"weekdays[]", "3"}};
  const std::string html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "role=\"alert\""));
  EXPECT_TRUE(Contains(html,
                       "<a href=\"#klussen-hours_per_week\">Uren per week beschikbaar: "
                       "Dit is geen geldige waarde.</a>"));
  EXPECT_TRUE(Contains(html,
                       "name=\"hours_per_week\" value=\"acht&lt;&gt;\" inputmode=\"decimal\" "
                       "aria-invalid=\"true\" aria-describedby=\"klussen-hours_per_week-hint "
                       "klussen-hours_per_week-error\""));
  EXPECT_TRUE(Contains(html, "id=\"klussen-available_until-error\""));
  EXPECT_TRUE(Contains(html, "Deze datum ligt vóór de begindatum."));
  EXPECT_TRUE(Contains(html, "id=\"klussen-weekdays-error\""));
  EXPECT_EQ(Count(html, "name=\"weekdays[]\""), 7);
  // The submitted weekdays win over the stored ones.
  EXPECT_TRUE(Contains(html, "name=\"weekdays[]\" value=\"3\" checked"));
  EXPECT_FALSE(Contains(html, "name=\"weekdays[]\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html, "Je portfolio is intussen ergens anders gewijzigd."));
  EXPECT_EQ(Count(html, "aria-invalid=\"true\""), 2 + 7);  // two inputs, seven weekday boxes
  EXPECT_EQ(Count(html, "<div class=\"klussen-field klussen-field-invalid elgg-field\">"), 2);
  EXPECT_TRUE(Contains(html,
                       "<fieldset class=\"klussen-field klussen-field-invalid elgg-field "
                       "elgg-input-checkboxes\" id=\"klussen-weekdays\">"));
}

TEST(PortfolioEditWidgetTest, ItemsAndEntriesWithAddAndRemoveForms) {
  const std::string html = RenderPortfolioEdit(Ctx(), EditView());
  EXPECT_WELL_FORMED(html);
  EXPECT_EQ(Count(html, "action=\"/action/klussen/portfolio_item_remove\""), 4);
  EXPECT_TRUE(Contains(html, "name=\"item_id\" value=\"2\""));
  EXPECT_TRUE(Contains(html, "<td>Geheime vaardigheid</td>"));  // own private items are listed
  EXPECT_TRUE(Contains(html, "<td>zelf ingevuld</td>"));
  EXPECT_TRUE(Contains(html, "<td>uit je profiel</td>"));
  EXPECT_TRUE(Contains(html, "<td>geïmporteerd</td>"));
  EXPECT_TRUE(Contains(html,
                       "elgg-button-action\">Verwijderen<span class=\"klussen-visually-hidden\"> "
                       "Python</span>"));
  EXPECT_EQ(Count(html, "<table class=\"klussen-table elgg-table\">"),
            3);  // items, entries, budgets
  EXPECT_EQ(Count(html, "elgg-button-submit\">Toevoegen</button>"), 2);
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_item_add\""));
  for (std::string_view option :
       {"<option value=\"skill\" selected>", "value=\"interest\"", "value=\"language\"",
        "<option value=\"0\" selected>", "<option value=\"3\">expert</option>"}) {
    EXPECT_TRUE(Contains(html, option)) << option;
  }
  EXPECT_EQ(Count(html, "action=\"/action/klussen/portfolio_entry_remove\""), 2);
  EXPECT_TRUE(Contains(html, "name=\"entry_id\" value=\"12\""));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_entry_add\""));
  for (std::string_view name : {"title", "provider", "start_date", "end_date", "url", "detail"}) {
    EXPECT_TRUE(Contains(html, "name=\"" + std::string(name) + "\"")) << name;
  }
  for (std::string_view kind : {"course", "certificate", "education", "badge", "position"}) {
    EXPECT_TRUE(Contains(html, "<option value=\"" + std::string(kind) + "\"")) << kind;
  }
  EXPECT_EQ(Count(html, "name=\"visibility\""), 2);
}

TEST(PortfolioEditWidgetTest, ProfileSuggestionsOnlyWhenThereAreSome) {
  PortfolioEditView view = EditView();
  std::string html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_import_profile\""));
  EXPECT_TRUE(Contains(html, "<ul class=\"klussen-profile-suggestions elgg-tags\">"));
  EXPECT_TRUE(Contains(html, "<li class=\"elgg-tag\">Projectleiding</li>"));
  EXPECT_TRUE(Contains(html, "elgg-button-submit\">Overnemen uit je profiel</button>"));
  // Confirmed skills as tags too.
  EXPECT_TRUE(Contains(html,
                       "<ul class=\"klussen-confirmed-skills elgg-tags\">\n<li "
                       "class=\"elgg-tag\"><span class=\"klussen-item-label\">python</span>"));

  view.profile_suggestions.clear();
  html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_FALSE(Contains(html, "portfolio_import_profile"));
}

TEST(PortfolioEditWidgetTest, BudgetsOnlyWithAManager) {
  PortfolioEditView view = EditView();
  std::string html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_budget_request\""));
  EXPECT_TRUE(Contains(html, "<td>Bevestigd</td>"));
  EXPECT_TRUE(Contains(html, "<td>4 uur per week</td>"));
  EXPECT_TRUE(Contains(html, "<td>van 1 januari 2027 tot 30 juni 2027</td>"));
  for (std::string_view name : {"\"from\"", "\"until\"", "\"note\""}) {
    EXPECT_TRUE(Contains(html, "name=" + std::string(name))) << name;
  }
  // The button says the name as text (no markup in buttons); the intro marks the person.
  EXPECT_TRUE(Contains(html, "elgg-button-submit\">Aanvragen bij Marieke Jansen</button>"));
  EXPECT_TRUE(Contains(html,
                       "<p>Vraag <span class=\"klussen-person\" data-user-guid=\"900\">Marieke "
                       "Jansen</span> om tijd die je aan klussen mag besteden.</p>"));
  EXPECT_TRUE(Contains(html, "name=\"note\" class=\"elgg-input-plaintext\""));

  view.manager = {};
  html = RenderPortfolioEdit(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_FALSE(Contains(html, "portfolio_budget_request"));
  EXPECT_FALSE(Contains(html, "Nu ingevuld"));
}

TEST(PortfolioEditWidgetTest, EraseFormNeedsConfirmation) {
  const std::string html = RenderPortfolioEdit(Ctx(), EditView());
  const size_t form = html.find("action=\"/action/klussen/portfolio_erase\"");
  ASSERT_NE(form, std::string::npos);
  const size_t end = html.find("</form>", form);
  const std::string erase = html.substr(form, end - form);
  EXPECT_TRUE(Contains(erase,
                       "<div class=\"klussen-field elgg-field\">\n<input type=\"checkbox\" "
                       "class=\"elgg-input-checkbox\" id=\"klussen-erase-confirm\" "
                       "name=\"confirm\" value=\"1\" required>"));
  EXPECT_TRUE(Contains(erase,
                       "<label for=\"klussen-erase-confirm\" class=\"elgg-field-label\">Ik "
                       "begrijp dat al mijn klussengegevens worden verwijderd</label>"));
  EXPECT_FALSE(Contains(erase, "checked"));
}

TEST(PortfolioEditWidgetTest, EnglishAndHostileValues) {
  PortfolioEditView view = EditView();
  MakeHostile(view.portfolio);
  view.manager.name = kHostile;
  view.profile_suggestions = {kHostile};
  view.raw_values = {{"about", kHostile}, {"region", kBreakout}};
  view.errors = {{"region", "too_long"}, {kHostile, kHostile}};
  RenderContext ctx = Ctx("en");
  ctx.action_base = "javascript:alert(1)//";
  const std::string html = RenderPortfolioEdit(ctx, view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_TRUE(Contains(html, "lang=\"en\""));
  EXPECT_TRUE(Contains(html, "Edit your portfolio"));
  EXPECT_TRUE(Contains(html, "Discoverable for klussen"));
  EXPECT_TRUE(Contains(html, "I understand that all my klussen data will be deleted"));
  EXPECT_FALSE(Contains(html, "Vindbaar"));
  EXPECT_TRUE(Contains(html, "action=\"#\""));
  EXPECT_FALSE(Contains(html, "action=\"/"));
  EXPECT_TRUE(Contains(html, "This is not a valid value."));  // unknown code -> generic text
}

// ---- preview -------------------------------------------------------------------

TEST(PortfolioPreviewWidgetTest, NoticeSwitchLinkAndFilteredBody) {
  PortfolioPreviewView view;
  view.owner = {77, "Anna"};
  view.audience = "site";
  view.visible = portfolio::VisiblePart({5, true}, MakePortfolio());
  std::string html = RenderPortfolioPreview(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Zo ziet een collega op deze site je portfolio."));
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/preview?as&#61;platform\""));
  EXPECT_TRUE(Contains(html, "Python"));
  EXPECT_FALSE(Contains(html, "Geheime vaardigheid"));
  EXPECT_FALSE(Contains(html, "nog vrij"));  // not the self view
  EXPECT_FALSE(Contains(html, "Vindbaar"));

  view.audience = "platform";
  view.visible = portfolio::VisiblePart({1, false}, MakePortfolio());
  html = RenderPortfolioPreview(Ctx("en"), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "someone elsewhere on the platform"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/portfolio/preview?as&#61;site\""));
  EXPECT_FALSE(Contains(html, "English"));
  EXPECT_FALSE(Contains(html, "Engels"));

  view.visible = {};
  html = RenderPortfolioPreview(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Nog niets te zien."));
}

// ---- imports --------------------------------------------------------------------

TEST(PortfolioImportWidgetTest, UploadForms) {
  const std::string html = RenderImportPage(Ctx());
  EXPECT_WELL_FORMED(html);
  EXPECT_EQ(Count(html, "enctype=\"multipart/form-data\""), 2);
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_import_linkedin\""));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/portfolio_import_badge\""));
  EXPECT_TRUE(Contains(html,
                       "type=\"file\" class=\"elgg-input-file\" "
                       "id=\"klussen-import-linkedin-file\" name=\"file\" accept=\".zip\""));
  EXPECT_TRUE(Contains(html,
                       "type=\"file\" class=\"elgg-input-file\" "
                       "id=\"klussen-import-badge-file\" name=\"file\" accept=\".json\""));
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">"));
  EXPECT_EQ(Count(html, "elgg-button-submit\">"), 2);
  EXPECT_TRUE(Contains(html, "Open Badges 2.0"));
  EXPECT_TRUE(Contains(html, "Moodle"));
  EXPECT_TRUE(Contains(html, "<ol class=\"klussen-steps\">"));
  EXPECT_TRUE(Contains(RenderImportPage(Ctx("en")), "Get a copy of your data"));
}

ImportPreviewWidgetView PreviewView() {
  ImportPreviewWidgetView view;
  view.source = "linkedin";
  view.preview.skills = {{"Python", "linkedin", "Skills.csv", "", "", ""},
                         {"Beleid", "linkedin", "Skills.csv", "", "", ""}};
  view.preview.courses = {{"Data-analyse", "Rijksacademie", "2024-03", "", "course", "", ""},
                          {"Prince2", "Axelos", "2021", "", "certificate", "", ""}};
  view.preview.positions = {{"Beleidsmedewerker", "BZK", "2019-09", "", "Beleid maken"}};
  view.preview.warnings = {"Courses.csv line 3: no title; skipped"};
  return view;
}

TEST(PortfolioImportWidgetTest, PreviewHasACheckedCheckboxPerItem) {
  const std::string html = RenderImportPreview(Ctx(), PreviewView());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(
      Contains(html, "<h2 class=\"klussen-page-title\">Controleer wat je wilt overnemen</h2>"));
  EXPECT_EQ(Count(html, "<input type=\"checkbox\" class=\"elgg-input-checkbox\""), 5);
  EXPECT_EQ(Count(html, "<fieldset class=\"klussen-field elgg-field elgg-input-checkboxes\">"), 3);
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/import_save\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"source\" value=\"linkedin\">"));
  EXPECT_EQ(Count(html, "type=\"checkbox\""), 5);
  EXPECT_EQ(Count(html, " checked>"), 5);
  EXPECT_TRUE(Contains(html, "name=\"skills[]\" value=\"Python\" checked"));
  EXPECT_TRUE(Contains(html, "name=\"skills[]\" value=\"Beleid\" checked"));
  EXPECT_TRUE(Contains(html, "name=\"courses[]\" value=\"0\" checked"));
  EXPECT_TRUE(Contains(html, "name=\"courses[]\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html, "name=\"positions[]\" value=\"0\" checked"));
  EXPECT_TRUE(Contains(html, "Cursus, Rijksacademie, maart 2024"));
  EXPECT_TRUE(Contains(html, "BZK, sinds september 2019"));
  EXPECT_TRUE(Contains(html, "role=\"status\""));
  // The parsers' findings are English and say so.
  EXPECT_TRUE(Contains(html, "<li lang=\"en\">Courses.csv line 3: no title; skipped</li>"));
  EXPECT_TRUE(Contains(html, "elgg-button-submit\">Overnemen</button>"));
  EXPECT_TRUE(Contains(html,
                       "href=\"/klussen/portfolio/edit\" class=\"klussen-cancel elgg-button "
                       "elgg-button-action\""));
}

TEST(PortfolioImportWidgetTest, BadgeOriginsAreWordedInTheViewersLanguage) {
  ImportPreviewWidgetView view;
  view.source = "open_badges";
  view.preview.skills = {
      {"GIS", "open_badges", "alignment of badge \"Kaart\"", "", "import.origin.alignment",
       "Kaart"},
      {"QGIS", "open_badges", "tag of badge \"Kaart\"", "", "import.origin.tag", "Kaart"}};
  const std::string nl = RenderImportPreview(Ctx(), view);
  EXPECT_WELL_FORMED(nl);
  EXPECT_TRUE(Contains(nl, "uit badge &quot;Kaart&quot;")) << nl;
  EXPECT_TRUE(Contains(nl, "trefwoord van badge &quot;Kaart&quot;"));
  EXPECT_FALSE(Contains(nl, "alignment of"));
  const std::string en = RenderImportPreview(Ctx("en"), view);
  EXPECT_TRUE(Contains(en, "alignment of badge &quot;Kaart&quot;"));
}

TEST(PortfolioImportWidgetTest, EmptyPreviewExplainsAndHasNoForm) {
  ImportPreviewWidgetView view;
  view.source = "open_badges";
  view.preview.warnings = {"De badge is verlopen"};
  std::string html = RenderImportPreview(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "We hebben in dit bestand niets gevonden om over te nemen."));
  EXPECT_TRUE(Contains(html, "De badge is verlopen"));
  EXPECT_FALSE(Contains(html, "import_save"));
  html = RenderImportPreview(Ctx("en"), view);
  EXPECT_TRUE(Contains(html, "We found nothing in this file to copy."));
}

TEST(PortfolioImportWidgetTest, HostilePreviewValues) {
  ImportPreviewWidgetView view = PreviewView();
  view.source = kBreakout;
  for (auto& skill : view.preview.skills) {
    skill = {kHostile, "linkedin", kHostile, kHostile, "import.origin.tag", kHostile};
  }
  for (auto& course : view.preview.courses) {
    course.title = kHostile;
    course.provider = kHostile;
    course.url = "javascript:alert(1)";
    course.kind = kHostile;
  }
  view.preview.positions[0].title = kHostile;
  view.preview.positions[0].end = kScript;
  view.preview.warnings = {kHostile};
  const std::string html = RenderImportPreview(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_EQ(Count(html, " checked>"), 5);
  EXPECT_TRUE(Contains(html, "name=\"source\" value=\"&quot;&gt;&lt;img"));
}

// ---- messages ---------------------------------------------------------------------

TEST(PortfolioWidgetMessagesTest, KeysExistInBothLanguages) {
  for (std::string_view key :
       {"portfolio.heading", "portfolio.level.1", "portfolio.level.2", "portfolio.level.3",
        "portfolio.confirmed", "portfolio.field.discoverable", "portfolio.field.erase_confirm",
        "import.preview_heading", "import.save_button", "budget.heading"}) {
    EXPECT_TRUE(HasMessage(key)) << key;
  }
  for (portfolio::Visibility v : {Visibility::kPlatform, Visibility::kSite, Visibility::kPrivate}) {
    EXPECT_TRUE(HasMessage("portfolio.visibility." + std::string(portfolio::Name(v))));
  }
  for (EntryKind k : {EntryKind::kCourse, EntryKind::kCertificate, EntryKind::kEducation,
                      EntryKind::kBadge, EntryKind::kPosition}) {
    EXPECT_TRUE(HasMessage("portfolio.entry_kind." + std::string(portfolio::Name(k))));
    EXPECT_TRUE(HasMessage("portfolio.entries." + std::string(portfolio::Name(k))));
  }
  for (portfolio::BudgetState s :
       {portfolio::BudgetState::kRequested, portfolio::BudgetState::kConfirmed,
        portfolio::BudgetState::kRefused, portfolio::BudgetState::kWithdrawn}) {
    EXPECT_TRUE(HasMessage("budget.state." + std::string(portfolio::Name(s))));
  }
  for (int day = 1; day <= 7; ++day) {
    EXPECT_TRUE(HasMessage("portfolio.weekday." + std::to_string(day)));
    EXPECT_TRUE(HasMessage("portfolio.weekday_short." + std::to_string(day)));
  }
  EXPECT_EQ(Message("nl", "portfolio.level.2"), "gevorderd");
  EXPECT_EQ(Message("en", "portfolio.field.discoverable"), "Discoverable for klussen");
}

// Every message key the renderers use must exist: an unknown key is shown as
// the key itself, so no rendered fragment may contain one.
TEST(PortfolioWidgetMessagesTest, NoUnknownKeysInOutput) {
  PortfolioWidgetView widget;
  widget.is_self = true;
  widget.portfolio = MakePortfolio();
  PortfolioEditView edit = EditView();
  edit.errors = {{"hours_per_week", "invalid"}, {"version", "version_conflict"}};
  for (const std::string& language : {std::string("nl"), std::string("en")}) {
    const RenderContext ctx = Ctx(language);
    PortfolioPreviewView preview;
    preview.visible = MakePortfolio();
    for (const std::string& html :
         {RenderPortfolioWidget(ctx, widget), RenderPortfolioEdit(ctx, edit),
          RenderPortfolioPreview(ctx, preview), RenderImportPage(ctx),
          RenderImportPreview(ctx, PreviewView())}) {
      EXPECT_WELL_FORMED(html);
      for (std::string_view prefix : {"portfolio.", "import.", "budget.", "field.", "error."}) {
        // Keys look like "portfolio.some_key"; texts never contain such a token.
        size_t pos = 0;
        while ((pos = html.find(prefix, pos)) != std::string::npos) {
          pos += prefix.size();
          const bool key_like =
              pos < html.size() &&
              (std::islower(static_cast<unsigned char>(html[pos])) != 0 || html[pos] == '_');
          EXPECT_FALSE(key_like) << language << ": " << html.substr(pos - prefix.size(), 40);
        }
      }
    }
  }
}

}  // namespace
}  // namespace klussen::widgets
