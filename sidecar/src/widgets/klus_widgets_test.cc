#include "widgets/klus_widgets.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "widgets/fragment_checks_test_util.h"
#include "widgets/html.h"

namespace klussen::widgets {
namespace {

using klus::KlusState;
using klus::ParticipantState;

constexpr int64_t k2026Dec01 = 1796083200;  // 2026-12-01T00:00:00Z
const std::string kScript = "<script>alert(1)</script>";
const std::string kBreakout = "\"><img src=x onerror=alert(1)>";
const std::string kHostile = kScript + kBreakout + "'`\u202Eevil 🎉 \xFF\xC0";

using fragment_checks::CheckFragment;
using fragment_checks::Contains;
using fragment_checks::Count;
#define EXPECT_WELL_FORMED(html) KLUSSEN_EXPECT_WELL_FORMED(html)

void ExpectNoRawHostile(const std::string& html) {
  EXPECT_FALSE(Contains(html, "<script")) << html.substr(0, 2000);
  EXPECT_FALSE(Contains(html, "<img")) << html.substr(0, 2000);
  EXPECT_FALSE(Contains(html, "javascript:"));
  EXPECT_TRUE(IsValidUtf8(html));
}

// ---- fixtures ------------------------------------------------------------

RenderContext Ctx(std::string language = "nl") {
  RenderContext ctx;
  ctx.language = std::move(language);
  ctx.hidden = {{"__elgg_ts", "1700000000"}, {"__elgg_token", "tok\"en<1>"}};
  return ctx;
}

klus::Klus MakeKlus(klus::KlusId id = 7) {
  klus::Klus k;
  k.id = id;
  k.group_guid = 42;
  k.poster_guid = 5;
  k.state = KlusState::kOpen;
  k.version = 3;
  k.fields.title = "Beleidsadvies over open data";
  k.fields.description = "Eerste alinea.\n\nZie https://data.overheid.nl.";
  k.fields.required_skills = {{"klussen:beleid", "Beleidsadvies"}, {"", "Open data"}};
  k.fields.desired_skills = {{"", "Python"}};
  k.fields.time_mode = klus::TimeMode::kPerWeek;
  k.fields.hours_tenths = 35;
  k.fields.start_date = "2026-12-07";
  k.fields.end_date = "2027-01-31";
  k.fields.deadline = k2026Dec01 + 80000;
  k.fields.region = "Utrecht";
  k.fields.remote = true;
  k.fields.people_needed = 2;
  k.fields.audience = klus::Audience::kGroup;
  k.fields.organisation = "Ministerie van BZK";
  k.applied_count = 2;
  k.invited_count = 1;
  k.accepted_count = 3;
  return k;
}

void MakeHostile(klus::Klus& k) {
  k.fields.title = kHostile;
  k.fields.description = kHostile + "\n\n" + kHostile + " https://x.nl/" + kBreakout;
  k.fields.required_skills = {{kHostile, kHostile}};
  k.fields.desired_skills = {{"", kBreakout}};
  k.fields.region = kHostile;
  k.fields.organisation = kHostile;
  k.fields.start_date = kBreakout;
  k.fields.end_date = kScript;
}

GroupTabView TabView() {
  GroupTabView view;
  view.group_guid = 42;
  view.group_name = "Open overheid";
  view.can_post = true;
  view.items = {{MakeKlus(7), "Open overheid", false}, {MakeKlus(8), "", false}};
  view.total = 2;
  return view;
}

// ---- group tab -----------------------------------------------------------

TEST(GroupTabTest, RendersDutchList) {
  const std::string html = RenderGroupTab(Ctx(), TabView());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "lang=\"nl\""));
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Klussen</h2>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/view/7\">Beleidsadvies over open data</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/view/8\""));
  EXPECT_TRUE(Contains(html, "3,5 uur per week"));
  EXPECT_TRUE(Contains(html, "1 december 2026"));
  EXPECT_TRUE(Contains(html, "Utrecht of op afstand"));
  EXPECT_TRUE(Contains(html, "Leden van deze groep"));
  EXPECT_TRUE(Contains(html, "Status: Open"));
  EXPECT_TRUE(Contains(html,
                       "<a href=\"/klussen/add/42\" class=\"klussen-button elgg-button "
                       "elgg-button-action\">Klus plaatsen</a>"));
  // Elgg's list look, beside the klussen classes.
  EXPECT_TRUE(Contains(html, "<ul class=\"klussen-list elgg-list\">"));
  EXPECT_EQ(Count(html, "<li class=\"klussen-item elgg-item\">"), 2);
  EXPECT_EQ(Count(html, "<p class=\"klussen-item-state elgg-subtext\">"), 2);
  EXPECT_FALSE(Contains(html, "klussen-paging"));
}

TEST(GroupTabTest, RendersEnglish) {
  const std::string html = RenderGroupTab(Ctx("en"), TabView());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "lang=\"en\""));
  EXPECT_TRUE(Contains(html, "3.5 hours per week"));
  EXPECT_TRUE(Contains(html, "1 December 2026"));
  EXPECT_TRUE(Contains(html, ">Post a klus</a>"));
  EXPECT_TRUE(Contains(html, "Members of this group"));
  EXPECT_FALSE(Contains(html, "Klus plaatsen"));
}

TEST(GroupTabTest, PostButtonOnlyWhenAllowed) {
  GroupTabView view = TabView();
  view.can_post = false;
  const std::string html = RenderGroupTab(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_FALSE(Contains(html, "/klussen/add/"));
  EXPECT_FALSE(Contains(html, "Klus plaatsen"));
}

TEST(GroupTabTest, CountsOnlyWhenShown) {
  GroupTabView view = TabView();
  EXPECT_FALSE(Contains(RenderGroupTab(Ctx(), view), "aangemeld"));
  view.items[0].show_counts = true;
  const std::string html = RenderGroupTab(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_EQ(Count(html, "2 aangemeld, 1 uitgenodigd, 3 geaccepteerd"), 1);
}

TEST(GroupTabTest, EmptyStateAndDisabledTool) {
  GroupTabView view = TabView();
  view.items.clear();
  view.total = 0;
  std::string html = RenderGroupTab(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Er zijn nog geen open klussen in deze groep."));
  EXPECT_FALSE(Contains(html, "klussen-list"));

  view.tool_enabled = false;
  html = RenderGroupTab(Ctx("en"), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Klussen is not enabled in this group."));
  EXPECT_FALSE(Contains(html, "/klussen/add/"));  // even though can_post
  EXPECT_FALSE(Contains(html, "no open klussen"));
}

TEST(GroupTabTest, PagingLinks) {
  GroupTabView view = TabView();
  view.total = 45;
  view.offset = 20;
  view.limit = 20;
  std::string html = RenderGroupTab(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "href=\"/klussen/group/42?offset&#61;40\">Volgende</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/group/42?offset&#61;0\">Vorige</a>"));

  view.total = 40;
  view.state_filter = "all";
  html = RenderGroupTab(Ctx(), view);
  EXPECT_FALSE(Contains(html, "Volgende"));
  EXPECT_TRUE(Contains(html, "?offset&#61;0&amp;state&#61;all\""));

  view.offset = 0;
  view.total = 20;
  EXPECT_FALSE(Contains(RenderGroupTab(Ctx(), view), "klussen-paging"));
}

TEST(GroupTabTest, HostileValuesAndBases) {
  GroupTabView view = TabView();
  MakeHostile(view.items[0].klus);
  view.items[0].show_counts = true;
  RenderContext ctx = Ctx();
  ctx.link_base = "javascript:alert(1)//";
  const std::string html = RenderGroupTab(ctx, view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_TRUE(Contains(html, "&lt;script&gt;"));
  EXPECT_TRUE(Contains(html, "evil 🎉"));
  EXPECT_FALSE(Contains(html, "\u202E"));   // a bidi override never reaches the page
  EXPECT_EQ(Count(html, "href=\"#\""), 3);  // two titles, one post button
}

// ---- klus page -----------------------------------------------------------

KlusPageView PageView() {
  KlusPageView view;
  view.klus = MakeKlus();
  view.group_name = "Open overheid";
  view.poster = {5, "Jan de Vries"};
  view.can_apply = true;
  view.now = k2026Dec01 - 86400 * 10;
  return view;
}

TEST(KlusPageTest, ShowsMetaDescriptionAndApplyForm) {
  const std::string html = RenderKlusPage(Ctx(), PageView());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Beleidsadvies over open data</h2>"));
  EXPECT_EQ(Count(html, "klussen-page-title"), 1);
  EXPECT_TRUE(Contains(html, "klussen-state-open"));
  EXPECT_TRUE(
      Contains(html, "<dt>Periode</dt><dd>7 december 2026 tot en met 31 januari 2027</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>1 december 2026</dd>"));
  EXPECT_TRUE(Contains(html, "<dt>Aantal mensen nodig</dt><dd>2</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>Ministerie van BZK</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>Open overheid</dd>"));
  EXPECT_TRUE(Contains(html,
                       "<dt>Geplaatst door</dt><dd><span class=\"klussen-person\" "
                       "data-user-guid=\"5\">Jan de Vries</span></dd>"));
  EXPECT_TRUE(Contains(html, "<p dir=\"auto\">Eerste alinea.</p>"));
  EXPECT_TRUE(
      Contains(html, "<a href=\"https://data.overheid.nl\" rel=\"nofollow noopener ugc\">"));
  // Skills as Elgg tags.
  EXPECT_EQ(Count(html, "<ul class=\"klussen-skills elgg-tags\">"), 2);
  EXPECT_TRUE(Contains(html, "<li class=\"elgg-tag\">Beleidsadvies</li>"));
  EXPECT_TRUE(Contains(html, "<li class=\"elgg-tag\">Open data</li>"));
  EXPECT_TRUE(Contains(html, "<li class=\"elgg-tag\">Python</li>"));
  // Apply form with CSRF fields, klus id and a labelled, bounded textarea.
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/apply\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"__elgg_ts\" value=\"1700000000\">"));
  EXPECT_TRUE(Contains(html, "name=\"__elgg_token\" value=\"tok&quot;en&lt;1&gt;\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"klus_id\" value=\"7\">"));
  EXPECT_TRUE(Contains(
      html, "<label for=\"klussen-motivation-7\" class=\"elgg-field-label\">Je motivatie</label>"));
  EXPECT_TRUE(Contains(html,
                       "<p class=\"klussen-hint elgg-field-help elgg-text-help\" "
                       "id=\"klussen-motivation-7-hint\">"));
  EXPECT_TRUE(Contains(html,
                       "name=\"motivation\" class=\"elgg-input-plaintext\" "
                       "maxlength=\"2000\""));
  EXPECT_TRUE(Contains(html, "<div class=\"klussen-field elgg-field\">\n<label"));
  EXPECT_TRUE(Contains(html,
                       "<button type=\"submit\" class=\"klussen-button elgg-button "
                       "elgg-button-submit\">Reageren</button>"));
  // Not a manager, no own participation.
  EXPECT_FALSE(Contains(html, "transition"));
  EXPECT_FALSE(Contains(html, "/klussen/edit/"));
  EXPECT_FALSE(Contains(html, "withdraw"));
}

TEST(KlusPageTest, BlockedReasonInsteadOfForm) {
  KlusPageView view = PageView();
  view.can_apply = false;
  view.apply_blocked_reason = "full";
  view.now = k2026Dec01 + 86400 * 2;
  std::string html = RenderKlusPage(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Deze klus heeft al genoeg mensen."));
  EXPECT_TRUE(Contains(html, "1 december 2026 (verlopen)"));
  EXPECT_FALSE(Contains(html, "name=\"motivation\""));

  view.apply_blocked_reason = "not_member";
  html = RenderKlusPage(Ctx("en"), view);
  EXPECT_TRUE(Contains(html, "Only members of this group can respond."));

  view.apply_blocked_reason = "";
  html = RenderKlusPage(Ctx(), view);
  EXPECT_FALSE(Contains(html, "klussen-notice"));
}

TEST(KlusPageTest, OwnParticipationWithWithdrawForm) {
  KlusPageView view = PageView();
  view.can_apply = false;
  view.apply_blocked_reason = "already_involved";
  klus::Participant own;
  own.klus_id = 7;
  own.user_guid = 9;
  own.state = ParticipantState::kAccepted;
  view.own = own;
  std::string html = RenderKlusPage(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Je status: Geaccepteerd"));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/withdraw\""));
  EXPECT_TRUE(Contains(html,
                       "<select id=\"klussen-withdraw-reason-7\" name=\"reason_code\" "
                       "class=\"elgg-input-dropdown elgg-input-select\">"));
  for (std::string_view reason : klus::kWithdrawReasons) {
    EXPECT_TRUE(Contains(html, "<option value=\"" + std::string(reason) + "\">")) << reason;
  }
  EXPECT_TRUE(Contains(html, "<label for=\"klussen-withdraw-text-7\" class=\"elgg-field-label\">"));
  EXPECT_TRUE(Contains(html,
                       "<input type=\"text\" class=\"elgg-input-text\" "
                       "id=\"klussen-withdraw-text-7\" name=\"reason_text\">"));
  EXPECT_TRUE(Contains(html, "elgg-button-action\">Terugtrekken</button>"));

  own.state = ParticipantState::kDeclined;
  own.reason_code = "enough_people";
  own.reason_text = kScript;
  view.own = own;
  html = RenderKlusPage(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Je status: Afgewezen"));
  EXPECT_TRUE(Contains(html, "Reden: Er zijn al genoeg mensen: &lt;script&gt;"));
  EXPECT_FALSE(Contains(html, "withdraw"));
}

TEST(KlusPageTest, ManagerActions) {
  KlusPageView view = PageView();
  view.klus.state = KlusState::kDraft;
  view.can_manage = true;
  view.can_apply = false;
  view.allowed_transitions = {KlusState::kOpen, KlusState::kCancelled};
  std::string html = RenderKlusPage(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  // The manage links look like (secondary) buttons.
  EXPECT_TRUE(Contains(html,
                       "<a href=\"/klussen/edit/7\" class=\"klussen-button elgg-button "
                       "elgg-button-action\">Bewerken</a>"));
  EXPECT_TRUE(Contains(html,
                       "href=\"/klussen/responses/7\" class=\"klussen-button elgg-button "
                       "elgg-button-action\">"));
  EXPECT_TRUE(Contains(html,
                       "href=\"/klussen/candidates/7\" class=\"klussen-button elgg-button "
                       "elgg-button-action\">"));
  EXPECT_EQ(Count(html, "action=\"/action/klussen/transition\""), 2);
  EXPECT_TRUE(Contains(html, "name=\"to\" value=\"open\""));
  EXPECT_TRUE(Contains(html, "name=\"to\" value=\"cancelled\""));
  EXPECT_EQ(Count(html, "name=\"version\" value=\"3\""), 2);
  // Publishing moves the klus forward (primary); cancelling and copying are secondary.
  EXPECT_TRUE(Contains(html, "elgg-button-submit\">Publiceren</button>"));
  EXPECT_TRUE(Contains(html, "elgg-button-action\">Annuleren</button>"));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/copy\""));
  EXPECT_TRUE(Contains(html, "elgg-button-action\">Kopiëren</button>"));
  EXPECT_EQ(Count(html, "name=\"__elgg_token\""), 3);

  view.klus.state = KlusState::kFilled;
  view.allowed_transitions = {KlusState::kOpen, KlusState::kInProgress};
  html = RenderKlusPage(Ctx("en"), view);
  EXPECT_TRUE(Contains(html, "elgg-button-action\">Reopen</button>"));
  EXPECT_TRUE(Contains(html, "elgg-button-submit\">Start</button>"));
  EXPECT_FALSE(Contains(html, ">Publish</button>"));
}

TEST(KlusPageTest, HostileKlus) {
  KlusPageView view = PageView();
  MakeHostile(view.klus);
  view.klus.fields.description += std::string(1'000'000, 'a') + "\n" + kHostile;
  view.group_name = kHostile;
  view.poster.name = kBreakout;
  view.can_manage = true;
  view.allowed_transitions = {KlusState::kFilled};
  view.own = klus::Participant{};
  RenderContext ctx = Ctx();
  ctx.action_base = "javascript:alert(1)//";
  ctx.hidden = {{kBreakout, kHostile}};
  const std::string html = RenderKlusPage(ctx, view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_GT(html.size(), 1'000'000u);
  EXPECT_FALSE(Contains(html, "action=\"javascript"));
  EXPECT_EQ(Count(html, "action=\"#\""), 4);                  // apply, withdraw, transition, copy
  EXPECT_TRUE(Contains(html, "href=\"https://x.nl/\" rel"));  // the URL stops at the quote
}

// ---- form ----------------------------------------------------------------

KlusFormView FormView() {
  KlusFormView view;
  view.group_guid = 42;
  view.group_name = "Open overheid";
  view.klus_id = 7;
  view.version = 3;
  view.values = MakeKlus().fields;
  return view;
}

TEST(KlusFormTest, EveryFieldLabelledWithApiNames) {
  const std::string html = RenderKlusForm(Ctx(), FormView());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Klus bewerken</h2>"));
  EXPECT_TRUE(Contains(html, "<p class=\"klussen-form-group elgg-subtext\">"));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/save\""));
  for (std::string_view field : {"title", "description", "required_skills", "desired_skills",
                                 "time_mode", "hours", "start_date", "end_date", "deadline",
                                 "region", "remote", "people_needed", "organisation"}) {
    EXPECT_TRUE(Contains(
        html, "<label for=\"klussen-" + std::string(field) + "\" class=\"elgg-field-label\">"))
        << field;
    EXPECT_TRUE(Contains(html, "name=\"" + std::string(field) + "\"")) << field;
  }
  EXPECT_TRUE(Contains(
      html,
      "<fieldset class=\"klussen-field elgg-field elgg-input-radios\" id=\"klussen-audience\">"));
  EXPECT_EQ(Count(html, "<input type=\"radio\" class=\"elgg-input-radio\""), 3);
  EXPECT_EQ(Count(html, "<label for=\"klussen-audience-"), 3);  // choice labels: no field class
  EXPECT_FALSE(Contains(html, "<label for=\"klussen-audience-group\" class"));
  // Every field in Elgg's wrapper; inputs with the class of Elgg's input view.
  EXPECT_EQ(Count(html, "<div class=\"klussen-field elgg-field\">"), 14);
  EXPECT_EQ(Count(html, "type=\"text\" class=\"elgg-input-text\""), 6);
  EXPECT_EQ(Count(html, "type=\"date\" class=\"elgg-input-date\""), 3);
  EXPECT_EQ(Count(html, "type=\"number\" class=\"elgg-input-number\""), 1);
  EXPECT_EQ(Count(html, "type=\"checkbox\" class=\"elgg-input-checkbox\""), 2);
  // An unticked "accept unknown hours" is posted as "0", not left out.
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"accept_unknown_hours\" value=\"0\">"));
  EXPECT_TRUE(Contains(html, "name=\"description\" class=\"elgg-input-plaintext\""));
  EXPECT_TRUE(Contains(html, "name=\"time_mode\" class=\"elgg-input-dropdown elgg-input-select\""));
  EXPECT_EQ(Count(html, "class=\"klussen-hint elgg-field-help elgg-text-help\""), 6);
  EXPECT_TRUE(Contains(html,
                       "<button type=\"submit\" class=\"klussen-button elgg-button "
                       "elgg-button-submit\">Opslaan</button>"));
  EXPECT_TRUE(Contains(html, "<legend>Wie kan reageren?</legend>"));
  EXPECT_EQ(Count(html, "type=\"radio\""), 3);
  EXPECT_TRUE(
      Contains(html, "id=\"klussen-audience-group\" name=\"audience\" value=\"group\" checked"));
  EXPECT_TRUE(Contains(html, "name=\"__elgg_token\""));
  EXPECT_TRUE(Contains(html, "name=\"group_guid\" value=\"42\""));
  EXPECT_TRUE(Contains(html, "name=\"klus_id\" value=\"7\""));
  EXPECT_TRUE(Contains(html, "name=\"version\" value=\"3\""));
  EXPECT_TRUE(
      Contains(html, "name=\"title\" value=\"Beleidsadvies over open data\" maxlength=\"150\""));
  EXPECT_TRUE(Contains(html, "maxlength=\"10000\""));
  EXPECT_TRUE(Contains(html, "value=\"Beleidsadvies, Open data\""));
  EXPECT_TRUE(Contains(html, "name=\"hours\" value=\"3,5\" inputmode=\"decimal\""));
  EXPECT_TRUE(Contains(html,
                       "type=\"date\" class=\"elgg-input-date\" id=\"klussen-deadline\" "
                       "name=\"deadline\" value=\"2026-12-01\""));
  EXPECT_TRUE(Contains(html,
                       "type=\"date\" class=\"elgg-input-date\" id=\"klussen-start_date\" "
                       "name=\"start_date\" value=\"2026-12-07\""));
  EXPECT_TRUE(Contains(html, "name=\"remote\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html,
                       "type=\"number\" class=\"elgg-input-number\" id=\"klussen-people_needed\" "
                       "name=\"people_needed\" "
                       "value=\"2\" min=\"1\" max=\"50\""));
  EXPECT_TRUE(Contains(html, "<option value=\"per_week\" selected>Uren per week</option>"));
  EXPECT_FALSE(Contains(html, "role=\"alert\""));
  EXPECT_FALSE(Contains(html, "aria-invalid"));
}

TEST(KlusFormTest, NewKlusInEnglish) {
  KlusFormView view;
  view.group_guid = 42;
  view.values.hours_tenths = 35;
  view.values.time_mode = klus::TimeMode::kTotal;
  const std::string html = RenderKlusForm(Ctx("en"), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Post a klus</h2>"));
  // Publishing is the form's primary action, keeping a draft the secondary one.
  EXPECT_TRUE(Contains(html,
                       "<button type=\"submit\" class=\"klussen-button elgg-button "
                       "elgg-button-submit\" name=\"publish\" value=\"1\">"));
  EXPECT_TRUE(Contains(html,
                       "<button type=\"submit\" class=\"klussen-button elgg-button "
                       "elgg-button-action\" name=\"publish\" value=\"0\">"));
  EXPECT_TRUE(Contains(html, ">Title</label>"));
  EXPECT_TRUE(Contains(html, "value=\"3.5\""));
  EXPECT_TRUE(Contains(html, "<option value=\"total\" selected>Hours in total</option>"));
  EXPECT_FALSE(Contains(html, "name=\"klus_id\""));
  EXPECT_TRUE(Contains(html, "name=\"deadline\" value=\"\""));
  EXPECT_FALSE(Contains(html, "name=\"remote\" value=\"1\" checked"));
}

TEST(KlusFormTest, ErrorsSummaryAndFieldMessages) {
  KlusFormView view = FormView();
  view.errors = {{"title", "required"},
                 {"deadline", "in_past"},
                 {"audience", "not_allowed"},
                 {"version", "version_conflict"},
                 {"hours", "made_up_code"}};
  const std::string html = RenderKlusForm(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(
      Contains(html, "<div class=\"klussen-error-summary\" role=\"alert\" tabindex=\"-1\">"));
  EXPECT_TRUE(Contains(html, "<h3>Er is iets niet goed ingevuld</h3>"));
  EXPECT_TRUE(Contains(html, "<a href=\"#klussen-title\">Titel: Vul dit veld in.</a>"));
  EXPECT_TRUE(Contains(html, "<a href=\"#klussen-deadline\">"));
  EXPECT_TRUE(Contains(
      html, "<a href=\"#klussen-audience\">Wie kan reageren: Deze keuze is niet toegestaan.</a>"));
  EXPECT_TRUE(Contains(html, "Iemand anders heeft deze klus intussen gewijzigd."));
  EXPECT_TRUE(Contains(html, "Aantal uren: Dit is geen geldige waarde."));  // unknown code
  EXPECT_TRUE(Contains(html, "id=\"klussen-title-error\""));
  EXPECT_TRUE(Contains(html,
                       "id=\"klussen-title\" name=\"title\" value=\"Beleidsadvies over open "
                       "data\" maxlength=\"150\" aria-invalid=\"true\" "
                       "aria-describedby=\"klussen-title-error\""));
  EXPECT_TRUE(Contains(html, "aria-describedby=\"klussen-hours-hint klussen-hours-error\""));
  EXPECT_EQ(Count(html, "aria-invalid=\"true\""),
            1 + 1 + 3 + 1);  // title, deadline, 3 radios, hours
  EXPECT_TRUE(Contains(html, "Deze datum ligt in het verleden."));
  EXPECT_EQ(Count(html, "<div class=\"klussen-field klussen-field-invalid elgg-field\">"),
            3);  // title, deadline, hours
  EXPECT_TRUE(Contains(html,
                       "<fieldset class=\"klussen-field klussen-field-invalid elgg-field "
                       "elgg-input-radios\" id=\"klussen-audience\">"));
  // Error summary comes before the form.
  EXPECT_LT(html.find("role=\"alert\""), html.find("<form"));
}

TEST(KlusFormTest, RawValuesShownAsTyped) {
  KlusFormView view = FormView();
  view.raw_values = {{"hours", "drie"},    {"deadline", "31-12-2026"}, {"remote", ""},
                     {"audience", "site"}, {"title", kHostile},        {"description", "\nx"}};
  view.errors = {{"hours", "invalid"}};
  const std::string html = RenderKlusForm(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_TRUE(Contains(html, "name=\"hours\" value=\"drie\""));
  EXPECT_TRUE(Contains(html, "name=\"deadline\" value=\"31-12-2026\""));
  EXPECT_FALSE(Contains(html, "name=\"remote\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html, "value=\"site\" checked"));
  EXPECT_FALSE(Contains(html, "value=\"group\" checked"));
  EXPECT_TRUE(Contains(html, "value=\"&lt;script&gt;"));
  // The leading newline survives the parser's textarea rule.
  EXPECT_TRUE(Contains(html, "aria-describedby=\"klussen-description-hint\">\n\nx</textarea>"));
}

TEST(KlusFormTest, HostileValuesAndErrorFields) {
  KlusFormView view = FormView();
  view.values.title = kHostile;
  view.values.description = kHostile;
  view.values.region = kHostile;
  view.values.organisation = kHostile;
  view.values.required_skills = {{"", kBreakout}};
  view.values.start_date = kBreakout;
  view.group_name = kHostile;
  view.errors = {{kBreakout, kBreakout}};
  RenderContext ctx = Ctx();
  ctx.action_base = "JaVaScRiPt:alert(1)//";
  const std::string html = RenderKlusForm(ctx, view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
  EXPECT_TRUE(Contains(html, "action=\"#\""));
  EXPECT_TRUE(Contains(html, "<li>Dit is geen geldige waarde.</li>"));  // unknown field, no link
}

// ---- responses -----------------------------------------------------------

ResponsesView MakeResponses() {
  ResponsesView view;
  view.klus = MakeKlus();
  view.klus.state = KlusState::kInProgress;
  ResponseRow applied;
  applied.participant.klus_id = 7;
  applied.participant.user_guid = 101;
  applied.participant.state = ParticipantState::kApplied;
  applied.participant.motivation = "Ik ken open data.\nZie https://mijn.site/cv";
  applied.person = {101, "Anna Bakker"};
  ResponseRow applied2 = applied;
  applied2.participant.user_guid = 102;
  applied2.person = {102, "Bram Claes"};
  ResponseRow accepted = applied;
  accepted.participant.user_guid = 103;
  accepted.participant.state = ParticipantState::kAccepted;
  accepted.person = {103, "Chris Dekker"};
  ResponseRow declined = applied;
  declined.participant.user_guid = 104;
  declined.participant.state = ParticipantState::kDeclined;
  declined.participant.reason_code = "skills_mismatch";
  declined.participant.reason_text = "Andere keer!";
  declined.person = {104, "Dana Eijk"};
  ResponseRow accepted2 = accepted;
  accepted2.participant.user_guid = 105;
  accepted2.person = {105, ""};
  view.rows = {applied, applied2, accepted, declined, accepted2};
  return view;
}

TEST(ResponsesTest, TableWithDecideAndCompleteForms) {
  const std::string html = RenderResponses(Ctx(), MakeResponses());
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(
      html, "<h2 class=\"klussen-page-title\">Reacties op: Beleidsadvies over open data</h2>"));
  EXPECT_TRUE(Contains(html, "<caption>Mensen die reageerden of zijn uitgenodigd</caption>"));
  EXPECT_TRUE(Contains(html, "<table class=\"klussen-table elgg-table klussen-responses-table\">"));
  // Three columns only: name, state (with its outcome) and motivation.
  EXPECT_EQ(Count(html, "<th scope=\"col\">"), 3);
  EXPECT_TRUE(Contains(html,
                       "<th scope=\"col\">Naam</th><th scope=\"col\">Status</th>"
                       "<th scope=\"col\">Motivatie</th></tr>"));
  EXPECT_FALSE(Contains(html, ">Acties</th>"));
  EXPECT_FALSE(Contains(html, ">Reden</th>"));
  // One <tbody> per person; the name is the row header, marked for the glue.
  EXPECT_EQ(Count(html, "<tbody class=\"klussen-response\">"), 5);
  EXPECT_EQ(Count(html, "<tr class=\"klussen-response-row\">"), 5);
  EXPECT_TRUE(Contains(html,
                       "<th id=\"klussen-response-7-101\" scope=\"row\" "
                       "class=\"klussen-response-name\"><span class=\"klussen-person\" "
                       "data-user-guid=\"101\">Anna Bakker</span></th>"));
  EXPECT_TRUE(Contains(html,
                       "class=\"klussen-response-name\"><span class=\"klussen-person\" "
                       "data-user-guid=\"104\">Dana Eijk</span></th>"));
  // A person without a known name stays plain text.
  EXPECT_TRUE(Contains(html, "class=\"klussen-response-name\">Onbekend</th>"));
  EXPECT_EQ(Count(html, "<span class=\"klussen-person\""), 4);
  EXPECT_TRUE(Contains(html, "<td class=\"klussen-response-state\">Aangemeld</td>"));
  EXPECT_TRUE(Contains(
      html, "<td class=\"klussen-response-motivation\"><p dir=\"auto\">Ik ken open data.<br>"));
  // The reason goes with the state.
  EXPECT_TRUE(Contains(html,
                       "<td class=\"klussen-response-state\">Afgewezen\n<p "
                       "class=\"klussen-response-reason elgg-subtext\">Reden: Vaardigheden "
                       "passen niet bij de klus: Andere keer!</p>"));
  // The forms sit in a full-width row under their person's row (applied: 2, accepted: 2;
  // nothing for the declined one), tied to the person's row header.
  EXPECT_EQ(Count(html, "<tr class=\"klussen-response-actions\">"), 4);
  EXPECT_TRUE(Contains(html,
                       "<tr class=\"klussen-response-actions\">\n<td colspan=\"3\" "
                       "headers=\"klussen-response-7-101\">\n<form"));
  EXPECT_FALSE(Contains(html, "headers=\"klussen-response-7-104\""));
  const size_t anna = html.find("id=\"klussen-response-7-101\"");
  const size_t anna_accept = html.find("name=\"user_guid\" value=\"101\"");
  const size_t bram = html.find("id=\"klussen-response-7-102\"");
  EXPECT_LT(anna, anna_accept);
  EXPECT_LT(anna_accept, bram);
  // Two applied rows: accept and decline each; reasons in a labelled select.
  EXPECT_EQ(Count(html, "action=\"/action/klussen/decide\""), 4);
  EXPECT_EQ(Count(html, "name=\"decision\" value=\"accept\""), 2);
  EXPECT_EQ(Count(html, "name=\"decision\" value=\"decline\""), 2);
  EXPECT_TRUE(Contains(html,
                       "<label for=\"klussen-decline-reason-7-101\" "
                       "class=\"elgg-field-label\">Reden</label>"));
  EXPECT_TRUE(Contains(html,
                       "<select id=\"klussen-decline-reason-7-102\" name=\"reason_code\" "
                       "class=\"elgg-input-dropdown elgg-input-select\">"));
  EXPECT_TRUE(Contains(html,
                       "<input type=\"text\" class=\"elgg-input-text\" "
                       "id=\"klussen-decline-text-7-101\" name=\"reason_text\">"));
  for (std::string_view reason : klus::kDeclineReasons) {
    EXPECT_EQ(Count(html, "<option value=\"" + std::string(reason) + "\">"), 2) << reason;
  }
  EXPECT_TRUE(Contains(html, "name=\"user_guid\" value=\"101\""));
  // Accepting is the primary action, declining a secondary one.
  EXPECT_TRUE(Contains(html,
                       "elgg-button-submit\">Accepteren<span class=\"klussen-visually-hidden\"> "
                       "Anna Bakker</span>"));
  EXPECT_TRUE(Contains(html,
                       "elgg-button-action\">Afwijzen<span class=\"klussen-visually-hidden\"> "
                       "Anna Bakker</span>"));
  // Two accepted rows: complete forms with hours and the klus's skills.
  EXPECT_EQ(Count(html, "action=\"/action/klussen/complete\""), 2);
  EXPECT_TRUE(Contains(html,
                       "<label for=\"klussen-hours-spent-7-103\" "
                       "class=\"elgg-field-label\">Bestede uren</label>"));
  EXPECT_TRUE(Contains(html,
                       "<input type=\"text\" class=\"elgg-input-text\" "
                       "id=\"klussen-hours-spent-7-103\" name=\"hours_spent\" "
                       "inputmode=\"decimal\">"));
  EXPECT_EQ(Count(html, "name=\"confirmed_skills[]\""), 6);  // 3 skills x 2 rows
  EXPECT_TRUE(Contains(html,
                       "<input type=\"checkbox\" class=\"elgg-input-checkbox\" "
                       "id=\"klussen-skill-7-105-2\" name=\"confirmed_skills[]\" "
                       "value=\"Python\">\n<label for=\"klussen-skill-7-105-2\">Python</label>"));
  EXPECT_EQ(Count(html, "<fieldset class=\"klussen-field elgg-field elgg-input-checkboxes\">"), 2);
  EXPECT_TRUE(Contains(html, "<legend>Getoonde vaardigheden</legend>"));
  EXPECT_EQ(Count(html, "elgg-button-submit\">Afronden<span class=\"klussen-visually-hidden\">"),
            2);
  EXPECT_EQ(Count(html, "name=\"__elgg_token\""), 6);
}

TEST(ResponsesTest, CompletedShowsHoursAndConfirmedSkillsAsTags) {
  ResponsesView view = MakeResponses();
  view.klus.state = KlusState::kCompleted;
  klus::Participant& done = view.rows[2].participant;
  done.state = ParticipantState::kCompleted;
  done.hours_spent_tenths = 125;
  done.confirmed_skills = {{"klussen:beleid", "Beleidsadvies"}, {"", "Python"}};
  const std::string html = RenderResponses(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html,
                       "<td class=\"klussen-response-state\">Afgerond\n<p "
                       "class=\"klussen-response-hours elgg-subtext\">12,5 uur besteed</p>\n"
                       "<ul class=\"klussen-skills elgg-tags\">\n"
                       "<li class=\"elgg-tag\">Beleidsadvies</li>\n"
                       "<li class=\"elgg-tag\">Python</li>\n</ul>\n</td>"));
  // Completed: no forms for that person; the other accepted one can still be completed.
  EXPECT_FALSE(Contains(html, "headers=\"klussen-response-7-103\""));
  EXPECT_TRUE(Contains(html, "headers=\"klussen-response-7-105\""));
}

TEST(ResponsesTest, EnglishAndClosedKlus) {
  ResponsesView view = MakeResponses();
  view.klus.state = KlusState::kCancelled;
  const std::string html = RenderResponses(Ctx("en"), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<th scope=\"col\">Motivation</th>"));
  EXPECT_TRUE(Contains(html, "<td class=\"klussen-response-state\">Applied</td>"));
  EXPECT_TRUE(Contains(html, "Reason: Skills do not match"));
  EXPECT_FALSE(Contains(html, "<form"));
  EXPECT_FALSE(Contains(html, "klussen-response-actions"));  // no empty action rows
  EXPECT_EQ(Count(html, "<tbody class=\"klussen-response\">"), 5);
}

TEST(ResponsesTest, EmptyAndHostile) {
  ResponsesView view = MakeResponses();
  view.rows.clear();
  std::string html = RenderResponses(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "Er zijn nog geen reacties."));
  EXPECT_FALSE(Contains(html, "<table"));

  view = MakeResponses();
  MakeHostile(view.klus);
  for (ResponseRow& row : view.rows) {
    row.person.name = kHostile;
    row.participant.motivation = kHostile + "\n\n" + kBreakout;
    row.participant.reason_code = kBreakout;
    row.participant.reason_text = kScript;
  }
  html = RenderResponses(Ctx(), view);
  EXPECT_WELL_FORMED(html);
  ExpectNoRawHostile(html);
}

// ---- plain lists ---------------------------------------------------------

TEST(KlusListTest, HeadingGroupsAndEmpty) {
  std::vector<KlusListItem> items = {{MakeKlus(7), "Open overheid", true}};
  std::string html = RenderKlusList(Ctx(), items, "list.mine_posted");
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Klussen die ik heb geplaatst</h2>"));
  EXPECT_TRUE(Contains(html, "<dt>Groep</dt><dd>Open overheid</dd>"));
  EXPECT_TRUE(Contains(html, "2 aangemeld"));
  html = RenderKlusList(Ctx("en"), {}, "list.for_you");
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<h2 class=\"klussen-page-title\">Klussen for you</h2>"));
  EXPECT_TRUE(Contains(html, "There are no klussen to show."));
}

// ---- the checker itself ----------------------------------------------------

TEST(CheckFragmentTest, CatchesWhatItShould) {
  EXPECT_TRUE(CheckFragment("<section class=\"klussen\" lang=\"nl\"><h2>x</h2></section>").empty());
  const auto count = [](const std::string& html) { return CheckFragment(html).size(); };
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><p id=\"klussen-a\"></p>"
                  "<p id=\"klussen-a\"></p></section>"),
            0u);  // duplicate id
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><input id=\"klussen-x\"></section>"),
            0u);                                                            // unlabelled
  EXPECT_GT(count("<section class=\"klussen\"><h2>x</h2></section>"), 0u);  // no lang
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><h3>x</h3></section>"), 0u);
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><p>a\"b</p></section>"), 0u);
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><button> </button></section>"), 0u);
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><a href=\"#klussen-z\">z</a></section>"),
            0u);
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><p></section>"), 0u);
  EXPECT_GT(count("<section class=\"klussen\" lang=\"nl\"><p onclick=\"x\"></p></section>"), 0u);
}

TEST(CheckFragmentTest, CatchesWhatBreaksTheElggLook) {
  const auto problems = [](const std::string& body) {
    return CheckFragment("<section class=\"klussen\" lang=\"nl\">" + body + "</section>");
  };
  const std::string submit =
      "<button type=\"submit\" class=\"klussen-button elgg-button elgg-button-submit\">x</button>";
  EXPECT_TRUE(problems(submit).empty());
  EXPECT_FALSE(problems("<button type=\"submit\" class=\"klussen-button\">x</button>").empty());
  EXPECT_FALSE(problems("<button class=\"klussen-button elgg-button\">x</button>").empty());
  EXPECT_FALSE(problems("<button class=\"klussen-button elgg-button elgg-button-submit "
                        "elgg-button-action\">x</button>")
                   .empty());
  const std::string label = "<label for=\"klussen-x\">x</label>";
  EXPECT_TRUE(
      problems(label + "<input type=\"text\" class=\"elgg-input-text\" id=\"klussen-x\">").empty());
  EXPECT_FALSE(
      problems(label + "<input type=\"date\" class=\"elgg-input-text\" id=\"klussen-x\">").empty());
  EXPECT_FALSE(problems(label + "<textarea id=\"klussen-x\"></textarea>").empty());
  EXPECT_FALSE(
      problems(label + "<select id=\"klussen-x\" class=\"elgg-input-select\"></select>").empty());
  EXPECT_TRUE(problems(label + "<select id=\"klussen-x\" class=\"elgg-input-dropdown "
                               "elgg-input-select\"></select>")
                  .empty());
  EXPECT_FALSE(problems("<table class=\"klussen-table\"></table>").empty());
  EXPECT_TRUE(problems("<span class=\"klussen-person\" data-user-guid=\"12\">A</span>").empty());
  EXPECT_FALSE(problems("<span class=\"klussen-person\">A</span>").empty());
  EXPECT_FALSE(problems("<span class=\"klussen-person\" data-user-guid=\"0\">A</span>").empty());
  EXPECT_FALSE(problems("<span class=\"klussen-person x\" data-user-guid=\"1\">A</span>").empty());
  EXPECT_TRUE(problems("<h2 class=\"klussen-page-title\">A</h2><h3>B</h3>").empty());
  EXPECT_FALSE(problems("<h2>A</h2><h2 class=\"klussen-page-title\">B</h2>").empty());
  EXPECT_FALSE(
      problems("<h2 class=\"klussen-page-title\">A</h2><p class=\"klussen-page-title\">B</p>")
          .empty());
}

}  // namespace
}  // namespace klussen::widgets
