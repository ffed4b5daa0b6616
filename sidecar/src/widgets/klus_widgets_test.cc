#include "widgets/klus_widgets.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "widgets/html.h"

namespace klussen::widgets {
namespace {

using klus::KlusState;
using klus::ParticipantState;

constexpr int64_t k2026Dec01 = 1796083200;  // 2026-12-01T00:00:00Z
const std::string kScript = "<script>alert(1)</script>";
const std::string kBreakout = "\"><img src=x onerror=alert(1)>";
const std::string kHostile = kScript + kBreakout + "'`\u202Eevil 🎉 \xFF\xC0";

// ---- a small checker for the fragments ---------------------------------

struct Tag {
  std::string name;
  bool closing = false;
  std::map<std::string, std::string> attrs;
  size_t end = 0;  // position after '>'
};

// Parses the tag starting at `pos` (text[pos] == '<'); attribute values must
// be double-quoted (the renderer only writes those).
std::optional<Tag> ParseTag(const std::string& text, size_t pos,
                            std::vector<std::string>& problems) {
  Tag tag;
  size_t i = pos + 1;
  if (i < text.size() && text[i] == '/') {
    tag.closing = true;
    ++i;
  }
  while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])))
    tag.name += text[i++];
  if (tag.name.empty()) {
    problems.push_back("stray '<' at " + std::to_string(pos));
    return std::nullopt;
  }
  while (i < text.size() && text[i] != '>') {
    if (text[i] == ' ' || text[i] == '\n') {
      ++i;
      continue;
    }
    std::string name;
    while (i < text.size() && text[i] != '=' && text[i] != ' ' && text[i] != '>') name += text[i++];
    std::string value;
    if (i < text.size() && text[i] == '=') {
      if (i + 1 >= text.size() || text[i + 1] != '"') {
        problems.push_back("unquoted attribute " + name);
        return std::nullopt;
      }
      const size_t close = text.find('"', i + 2);
      if (close == std::string::npos) {
        problems.push_back("unterminated attribute " + name);
        return std::nullopt;
      }
      value = text.substr(i + 2, close - i - 2);
      if (value.find_first_of("<>") != std::string::npos) problems.push_back("raw <> in " + name);
      i = close + 1;
    }
    if (tag.attrs.contains(name)) problems.push_back("duplicate attribute " + name);
    tag.attrs[name] = value;
  }
  tag.end = i + 1;
  return tag;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ' ') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// Everything we promise about a fragment's structure; returns the problems.
std::vector<std::string> CheckFragment(const std::string& html) {
  static const std::set<std::string> kVoid = {"input", "br", "img", "hr", "meta", "link"};
  std::vector<std::string> problems;
  if (!IsValidUtf8(html)) problems.push_back("invalid UTF-8");
  if (html.rfind("<section class=\"klussen", 0) != 0) problems.push_back("root is not a section");
  std::vector<std::string> stack;
  std::set<std::string> ids;
  std::vector<std::string> label_fors, described_by, fragment_links, controls;
  int last_heading = 1;
  bool root_closed = false;
  size_t button_start = std::string::npos;
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    const std::string text = html.substr(pos, (lt == std::string::npos ? html.size() : lt) - pos);
    if (text.find_first_of(">\"'") != std::string::npos) {
      problems.push_back("unescaped > \" or ' in text: " + text.substr(0, 60));
    }
    if (root_closed && text.find_first_not_of(" \n") != std::string::npos) {
      problems.push_back("text after the root");
    }
    if (lt == std::string::npos) break;
    const std::optional<Tag> tag = ParseTag(html, lt, problems);
    if (!tag) break;
    pos = tag->end;
    if (tag->name == "script" || tag->name == "style" || tag->name == "img" ||
        tag->name == "iframe") {
      problems.push_back("forbidden element " + tag->name);
    }
    if (tag->closing) {
      if (stack.empty() || stack.back() != tag->name) {
        problems.push_back("unbalanced </" + tag->name + ">");
        return problems;
      }
      stack.pop_back();
      if (stack.empty()) root_closed = true;
      if (tag->name == "button") {
        std::string inner = html.substr(button_start, lt - button_start);
        if (inner.find_first_not_of(" \n") == std::string::npos) problems.push_back("empty button");
      }
      continue;
    }
    if (root_closed) problems.push_back("second root element " + tag->name);
    if (stack.empty() && (tag->name != "section" || !tag->attrs.contains("lang"))) {
      problems.push_back("root without lang");
    }
    for (const auto& [name, value] : tag->attrs) {
      if (name.rfind("on", 0) == 0 || name == "style") problems.push_back("attribute " + name);
      if (name == "id" && !ids.insert(value).second) problems.push_back("duplicate id " + value);
      if (name == "id" && value.rfind("klussen-", 0) != 0)
        problems.push_back("unprefixed id " + value);
      if (name == "for") label_fors.push_back(value);
      if (name == "aria-describedby") {
        for (const std::string& id : Split(value)) described_by.push_back(id);
      }
      if (name == "href" && value.size() > 1 && value[0] == '#') {
        fragment_links.push_back(value.substr(1));
      }
    }
    const std::string& name = tag->name;
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      const int level = name[1] - '0';
      if (level > last_heading + 1 || level < 2) problems.push_back("heading order at " + name);
      last_heading = level;
    }
    const bool hidden_input =
        name == "input" && tag->attrs.contains("type") && tag->attrs.at("type") == "hidden";
    if ((name == "input" && !hidden_input) || name == "select" || name == "textarea") {
      if (!tag->attrs.contains("id")) {
        problems.push_back("control without id: " + name);
      } else {
        controls.push_back(tag->attrs.at("id"));
      }
    }
    if (name == "button") button_start = tag->end;
    if (name == "form" && (!tag->attrs.contains("method") || tag->attrs.at("method") != "post")) {
      problems.push_back("form without method=post");
    }
    if (!kVoid.contains(name)) stack.push_back(name);
  }
  if (!stack.empty()) problems.push_back("unclosed <" + stack.back() + ">");
  const std::set<std::string> fors(label_fors.begin(), label_fors.end());
  for (const std::string& id : controls) {
    if (!fors.contains(id)) problems.push_back("control without label: " + id);
  }
  for (const std::string& id : label_fors) {
    if (!ids.contains(id)) problems.push_back("label for missing id " + id);
  }
  for (const std::string& id : described_by) {
    if (!ids.contains(id)) problems.push_back("aria-describedby missing id " + id);
  }
  for (const std::string& id : fragment_links) {
    if (!ids.contains(id)) problems.push_back("link to missing #" + id);
  }
  return problems;
}

#define EXPECT_WELL_FORMED(html)                                           \
  do {                                                                     \
    const auto problems_ = CheckFragment(html);                            \
    EXPECT_TRUE(problems_.empty()) << ::testing::PrintToString(problems_); \
  } while (false)

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

int Count(const std::string& haystack, std::string_view needle) {
  int count = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

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
  EXPECT_TRUE(Contains(html, "<h2>Klussen</h2>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/view/7\">Beleidsadvies over open data</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/view/8\""));
  EXPECT_TRUE(Contains(html, "3,5 uur per week"));
  EXPECT_TRUE(Contains(html, "1 december 2026"));
  EXPECT_TRUE(Contains(html, "Utrecht of op afstand"));
  EXPECT_TRUE(Contains(html, "Leden van deze groep"));
  EXPECT_TRUE(Contains(html, "Status: Open"));
  EXPECT_TRUE(
      Contains(html, "<a href=\"/klussen/add/42\" class=\"klussen-button\">Klus plaatsen</a>"));
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
  EXPECT_FALSE(Contains(html, "<ul class=\"klussen-list\">"));

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
  EXPECT_TRUE(Contains(html, "\u202Eevil 🎉"));
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
  EXPECT_TRUE(Contains(html, "<h2>Beleidsadvies over open data</h2>"));
  EXPECT_TRUE(Contains(html, "klussen-state-open"));
  EXPECT_TRUE(
      Contains(html, "<dt>Periode</dt><dd>7 december 2026 tot en met 31 januari 2027</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>1 december 2026</dd>"));
  EXPECT_TRUE(Contains(html, "<dt>Aantal mensen nodig</dt><dd>2</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>Ministerie van BZK</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>Open overheid</dd>"));
  EXPECT_TRUE(Contains(html, "<dd>Jan de Vries</dd>"));
  EXPECT_TRUE(Contains(html, "<p>Eerste alinea.</p>"));
  EXPECT_TRUE(
      Contains(html, "<a href=\"https://data.overheid.nl\" rel=\"nofollow noopener ugc\">"));
  EXPECT_TRUE(Contains(html, "<li>Beleidsadvies</li>"));
  EXPECT_TRUE(Contains(html, "<li>Python</li>"));
  // Apply form with CSRF fields, klus id and a labelled, bounded textarea.
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/apply\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"__elgg_ts\" value=\"1700000000\">"));
  EXPECT_TRUE(Contains(html, "name=\"__elgg_token\" value=\"tok&quot;en&lt;1&gt;\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"klus_id\" value=\"7\">"));
  EXPECT_TRUE(Contains(html, "<label for=\"klussen-motivation-7\">Je motivatie</label>"));
  EXPECT_TRUE(Contains(html, "name=\"motivation\" maxlength=\"2000\""));
  EXPECT_TRUE(Contains(html, ">Reageren</button>"));
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
  EXPECT_TRUE(Contains(html, "<select id=\"klussen-withdraw-reason-7\" name=\"reason_code\">"));
  for (std::string_view reason : klus::kWithdrawReasons) {
    EXPECT_TRUE(Contains(html, "<option value=\"" + std::string(reason) + "\">")) << reason;
  }
  EXPECT_TRUE(Contains(html, "<label for=\"klussen-withdraw-text-7\">"));
  EXPECT_TRUE(Contains(html, ">Terugtrekken</button>"));

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
  EXPECT_TRUE(Contains(html, "<a href=\"/klussen/edit/7\">Bewerken</a>"));
  EXPECT_TRUE(Contains(html, "href=\"/klussen/responses/7\""));
  EXPECT_EQ(Count(html, "action=\"/action/klussen/transition\""), 2);
  EXPECT_TRUE(Contains(html, "name=\"to\" value=\"open\""));
  EXPECT_TRUE(Contains(html, "name=\"to\" value=\"cancelled\""));
  EXPECT_EQ(Count(html, "name=\"version\" value=\"3\""), 2);
  EXPECT_TRUE(Contains(html, ">Publiceren</button>"));
  EXPECT_TRUE(Contains(html, ">Annuleren</button>"));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/copy\""));
  EXPECT_TRUE(Contains(html, ">Kopiëren</button>"));
  EXPECT_EQ(Count(html, "name=\"__elgg_token\""), 3);

  view.klus.state = KlusState::kFilled;
  view.allowed_transitions = {KlusState::kOpen, KlusState::kInProgress};
  html = RenderKlusPage(Ctx("en"), view);
  EXPECT_TRUE(Contains(html, ">Reopen</button>"));
  EXPECT_TRUE(Contains(html, ">Start</button>"));
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
  EXPECT_TRUE(Contains(html, "<h2>Klus bewerken</h2>"));
  EXPECT_TRUE(Contains(html, "action=\"/action/klussen/save\""));
  for (std::string_view field : {"title", "description", "required_skills", "desired_skills",
                                 "time_mode", "hours", "start_date", "end_date", "deadline",
                                 "region", "remote", "people_needed", "organisation"}) {
    EXPECT_TRUE(Contains(html, "<label for=\"klussen-" + std::string(field) + "\">")) << field;
    EXPECT_TRUE(Contains(html, "name=\"" + std::string(field) + "\"")) << field;
  }
  EXPECT_TRUE(Contains(html, "<fieldset class=\"klussen-field\" id=\"klussen-audience\">"));
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
  EXPECT_TRUE(Contains(
      html, "type=\"date\" id=\"klussen-deadline\" name=\"deadline\" value=\"2026-12-01\""));
  EXPECT_TRUE(Contains(
      html, "type=\"date\" id=\"klussen-start_date\" name=\"start_date\" value=\"2026-12-07\""));
  EXPECT_TRUE(Contains(html, "name=\"remote\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(html,
                       "type=\"number\" id=\"klussen-people_needed\" name=\"people_needed\" "
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
  EXPECT_TRUE(Contains(html, "<h2>Post a klus</h2>"));
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
  EXPECT_TRUE(Contains(html, "<h2>Reacties op: Beleidsadvies over open data</h2>"));
  EXPECT_TRUE(Contains(html, "<caption>Mensen die reageerden of zijn uitgenodigd</caption>"));
  EXPECT_EQ(Count(html, "<th scope=\"col\">"), 5);
  EXPECT_TRUE(Contains(html, "<td>Anna Bakker</td>"));
  EXPECT_TRUE(Contains(html, "<td>Onbekend</td>"));
  EXPECT_TRUE(Contains(html, "<p>Ik ken open data.<br>"));
  EXPECT_TRUE(Contains(html, "Vaardigheden passen niet bij de klus: Andere keer!"));
  // Two applied rows: accept and decline each; reasons in a labelled select.
  EXPECT_EQ(Count(html, "action=\"/action/klussen/decide\""), 4);
  EXPECT_EQ(Count(html, "name=\"decision\" value=\"accept\""), 2);
  EXPECT_EQ(Count(html, "name=\"decision\" value=\"decline\""), 2);
  EXPECT_TRUE(Contains(html, "<label for=\"klussen-decline-reason-7-101\">Reden</label>"));
  EXPECT_TRUE(Contains(html, "<select id=\"klussen-decline-reason-7-102\" name=\"reason_code\">"));
  for (std::string_view reason : klus::kDeclineReasons) {
    EXPECT_EQ(Count(html, "<option value=\"" + std::string(reason) + "\">"), 2) << reason;
  }
  EXPECT_TRUE(Contains(html, "name=\"user_guid\" value=\"101\""));
  EXPECT_TRUE(
      Contains(html, "Accepteren<span class=\"klussen-visually-hidden\"> Anna Bakker</span>"));
  // Two accepted rows: complete forms with hours and the klus's skills.
  EXPECT_EQ(Count(html, "action=\"/action/klussen/complete\""), 2);
  EXPECT_TRUE(Contains(html, "<label for=\"klussen-hours-spent-7-103\">Bestede uren</label>"));
  EXPECT_EQ(Count(html, "name=\"confirmed_skills[]\""), 6);  // 3 skills x 2 rows
  EXPECT_TRUE(
      Contains(html, "id=\"klussen-skill-7-105-2\" name=\"confirmed_skills[]\" value=\"Python\""));
  EXPECT_TRUE(Contains(html, "<legend>Getoonde vaardigheden</legend>"));
  EXPECT_EQ(Count(html, "name=\"__elgg_token\""), 6);
}

TEST(ResponsesTest, EnglishAndClosedKlus) {
  ResponsesView view = MakeResponses();
  view.klus.state = KlusState::kCancelled;
  const std::string html = RenderResponses(Ctx("en"), view);
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<th scope=\"col\">Motivation</th>"));
  EXPECT_TRUE(Contains(html, "<td>Applied</td>"));
  EXPECT_FALSE(Contains(html, "<form"));
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
  EXPECT_TRUE(Contains(html, "<h2>Klussen die ik heb geplaatst</h2>"));
  EXPECT_TRUE(Contains(html, "<dt>Groep</dt><dd>Open overheid</dd>"));
  EXPECT_TRUE(Contains(html, "2 aangemeld"));
  html = RenderKlusList(Ctx("en"), {}, "list.for_you");
  EXPECT_WELL_FORMED(html);
  EXPECT_TRUE(Contains(html, "<h2>Klussen for you</h2>"));
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

}  // namespace
}  // namespace klussen::widgets
