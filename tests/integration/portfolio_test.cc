// The e-portfolio through the real sidecar over signed HTTP against real
// MariaDB databases of both Elgg generations (tests/fixtures/models/tiny.json;
// see klus_lifecycle_test.cc for who is who): visibility per viewer,
// availability with overlapping klussen, skills confirmed by a completed klus,
// the manager's budget, the AVG export and erasure table by table, and the
// upload body limit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "common/dates.h"
#include "support/process.h"
#include "support/serve.h"
#include "support/signed_client.h"
#include "support/test_db.h"

namespace klussen {
namespace {

using nlohmann::json;
using testing::Answer;
using testing::SidecarProcess;
using testing::SignedClient;
using testing::TestDatabase;

constexpr int64_t kJan = 2, kSiteAdmin = 3, kBanned = 4, kNoel = 6, kFatima = 7, kKees = 8;

std::string DaysAhead(int days) { return FormatIsoDate(UnixNow() / kSecondsPerDay + days); }

class PortfolioTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    served_ = testing::ServeModel("tests/fixtures/models/tiny.json", GetParam());
  }
  SignedClient& api() { return *served_.client; }

  Answer AddItem(int64_t member, const json& item) {
    return api().Post("/api/v1/portfolio/items", member, item);
  }
  int Version(int64_t member) { return api().Get("/api/v1/portfolio", member).json["version"]; }

  // A klus in group 40 posted by Fatima (group admin), with `member` accepted.
  int64_t AcceptedKlus(int64_t member, json fields) {
    json body = {{"title", fields.value("title", std::string("Klus"))},
                 {"description", "Samen aan de slag."},
                 {"hours", fields["hours"]},
                 {"time_mode", fields.value("time_mode", std::string("per_week"))},
                 {"deadline", DaysAhead(20)},
                 {"start_date", fields["start"]},
                 {"end_date", fields["end"]},
                 {"remote", true},
                 {"required_skills", json::array({"Python"})},
                 {"publish", true}};
    Answer posted = api().Post("/api/v1/groups/40/klussen", kFatima, body);
    EXPECT_EQ(posted.status, 201) << posted.body;
    int64_t id = posted.json["id"];
    std::string base = "/api/v1/klussen/" + std::to_string(id);
    EXPECT_EQ(api().Post(base + "/apply", member, {{"motivation", "Graag"}}).status, 201);
    EXPECT_EQ(api()
                  .Post(base + "/participants/" + std::to_string(member) + "/decide", kFatima,
                        {{"decision", "accept"}})
                  .status,
              200);
    return id;
  }

  int64_t RowsNaming(const std::string& table, const std::string& column, int64_t guid) {
    auto r = served_.connection->Query(
        "SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?", {guid});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  testing::ServedModel served_;
};

TEST_P(PortfolioTest, EachViewerSeesWhatTheMemberAllowed) {
  Answer empty = api().Get("/api/v1/portfolio", kJan);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_FALSE(empty.json["discoverable"]);  // off until the member opts in
  ASSERT_EQ(AddItem(kJan, {{"label", "Python"}, {"level", 3}, {"visibility", "platform"}}).status,
            201);
  ASSERT_EQ(AddItem(kJan, {{"label", "GIS"}, {"visibility", "site"}}).status, 201);
  ASSERT_EQ(
      AddItem(kJan, {{"kind", "interest"}, {"label", "Geheim"}, {"visibility", "private"}}).status,
      201);
  EXPECT_EQ(AddItem(kJan, {{"label", "python"}}).status, 409);  // already there
  ASSERT_EQ(api()
                .Post("/api/v1/portfolio/entries", kJan,
                      {{"kind", "certificate"},
                       {"title", "BIO-basis"},
                       {"provider", "CIP"},
                       {"url", "https://cip.example/bio"},
                       {"visibility", "private"}})
                .status,
            201);
  Answer saved = api().Put("/api/v1/portfolio", kJan,
                           {{"about", "Beleidsmaker met oog voor data."},
                            {"about_visibility", "site"},
                            {"hours_per_week", "8"},
                            {"availability_visibility", "platform"},
                            {"weekdays", json::array({1, 3})},
                            {"version", Version(kJan)}});
  ASSERT_EQ(saved.status, 200) << saved.body;

  auto labels = [](const Answer& a) {
    std::set<std::string> out;
    for (const auto& i : a.json["items"]) out.insert(i["label"]);
    for (const auto& e : a.json["entries"]) out.insert(e["title"]);
    return out;
  };
  Answer self = api().Get("/api/v1/members/2/portfolio", kJan);
  EXPECT_EQ(labels(self), (std::set<std::string>{"Python", "GIS", "Geheim", "BIO-basis"}));
  Answer colleague = api().Get("/api/v1/members/2/portfolio", kNoel);
  ASSERT_EQ(colleague.status, 200);
  EXPECT_EQ(labels(colleague), (std::set<std::string>{"Python", "GIS"}));
  EXPECT_EQ(colleague.json["about"], "Beleidsmaker met oog voor data.");
  EXPECT_FALSE(colleague.json.contains("discoverable"));
  EXPECT_FALSE(colleague.json.contains("budgets"));
  EXPECT_EQ(colleague.body.find("Geheim"), std::string::npos);
  // Private is private for site admins too.
  EXPECT_EQ(api().Get("/api/v1/members/2/portfolio", kSiteAdmin).body.find("Geheim"),
            std::string::npos);

  SignedClient elsewhere(served_.sidecar->ListeningPort(), testing::kTestSecret);
  elsewhere.set_site("99");
  Answer other_site = elsewhere.Get("/api/v1/members/2/portfolio", kNoel);
  ASSERT_EQ(other_site.status, 200) << other_site.body;
  EXPECT_EQ(labels(other_site), (std::set<std::string>{"Python"}));
  EXPECT_EQ(other_site.json["about"], "");
  EXPECT_EQ(other_site.json["availability"]["hours_per_week"], 8);  // platform-visible

  Answer logged_out = api().Get("/api/v1/members/2/portfolio", 0);
  ASSERT_EQ(logged_out.status, 200);
  EXPECT_TRUE(logged_out.json["items"].empty());
  EXPECT_EQ(api().Get("/api/v1/members/4/portfolio", kNoel).status, 404);  // banned
  EXPECT_EQ(api().Get("/api/v1/members/999/portfolio", kNoel).status, 404);
}

// ESCO's labels reach 108 characters (skill groups, occupations): a member
// picking one must be able to keep it, and a klus to ask for it.
TEST_P(PortfolioTest, EscoLabelsOfEveryLengthAreKept) {
  const std::string label =
      "inter-disciplinary programmes and qualifications involving information and communication "
      "technologies (icts)";
  ASSERT_EQ(label.size(), 108u);
  Answer added =
      AddItem(kJan, {{"label", label}, {"concept_id", "http://data.europa.eu/esco/isced-f/0688"}});
  ASSERT_EQ(added.status, 201) << added.body;
  Answer mine = api().Get("/api/v1/portfolio", kJan);
  ASSERT_EQ(mine.json["items"].size(), 1u) << mine.body;
  EXPECT_EQ(mine.json["items"][0]["label"], label);
}

TEST_P(PortfolioTest, AvailabilityCountsOverlappingKlussenOnce) {
  ASSERT_EQ(api().Put("/api/v1/portfolio", kNoel, {{"hours_per_week", 10}, {"version", 0}}).status,
            200);
  // A and B overlap (4 + 4 a week); C is later (20 h over 4 weeks = 5 a week).
  AcceptedKlus(
      kNoel,
      {{"title", "Klus A"}, {"hours", 4}, {"start", DaysAhead(40)}, {"end", DaysAhead(100)}});
  AcceptedKlus(
      kNoel,
      {{"title", "Klus B"}, {"hours", 4}, {"start", DaysAhead(80)}, {"end", DaysAhead(140)}});
  AcceptedKlus(kNoel, {{"title", "Klus C"},
                       {"hours", 20},
                       {"time_mode", "total"},
                       {"start", DaysAhead(200)},
                       {"end", DaysAhead(227)}});
  Answer own = api().Get("/api/v1/portfolio", kNoel);
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.json["availability"]["committed_hours_per_week"], 8);
  EXPECT_EQ(own.json["availability"]["free_hours_per_week"], 2);
  // Only until before B starts: A alone.
  ASSERT_EQ(api()
                .Put("/api/v1/portfolio", kNoel,
                     {{"available_until", DaysAhead(70)}, {"version", Version(kNoel)}})
                .status,
            200);
  own = api().Get("/api/v1/portfolio", kNoel);
  EXPECT_EQ(own.json["availability"]["committed_hours_per_week"], 4);
  EXPECT_EQ(own.json["availability"]["free_hours_per_week"], 6);
}

TEST_P(PortfolioTest, ACompletedKlusConfirmsSkillsWithTheirSource) {
  int64_t id = AcceptedKlus(kNoel, {{"title", "Dashboard bouwen"},
                                    {"hours", 2},
                                    {"start", DaysAhead(30)},
                                    {"end", DaysAhead(60)}});
  std::string base = "/api/v1/klussen/" + std::to_string(id);
  ASSERT_EQ(api().Post(base + "/transition", kFatima, {{"to", "in_progress"}}).status, 200);
  ASSERT_EQ(api()
                .Post(base + "/participants/6/complete", kFatima,
                      {{"hours_spent", 16}, {"confirmed_skills", json::array({"Python"})}})
                .status,
            200);
  Answer own = api().Get("/api/v1/portfolio", kNoel);
  ASSERT_EQ(own.json["confirmed_skills"].size(), 1u);
  const json& skill = own.json["confirmed_skills"][0];
  EXPECT_EQ(skill["label"], "Python");
  EXPECT_EQ(skill["source"], "confirmed");
  EXPECT_EQ(skill["klus_id"], id);
  EXPECT_EQ(skill["klus_title"], "Dashboard bouwen");
  EXPECT_EQ(skill["confirmed_by"], kFatima);
  // Once completed, the klus no longer takes hours.
  EXPECT_EQ(own.json["availability"]["committed_hours_per_week"], 0);
}

TEST_P(PortfolioTest, ManagerBudgetIsDecidedOnceByTheNamedManager) {
  EXPECT_EQ(api()
                .Post("/api/v1/portfolio/budget-requests", kNoel,
                      {{"hours_per_week", 8}, {"from", DaysAhead(1)}, {"until", DaysAhead(90)}})
                .status,
            422);  // no manager named yet
  Answer bad_manager =
      api().Put("/api/v1/portfolio", kNoel, {{"manager_guid", kBanned}, {"version", 0}});
  EXPECT_EQ(bad_manager.status, 400);
  EXPECT_EQ(bad_manager.json["error"]["fields"][0]["field"], "manager_guid");
  ASSERT_EQ(
      api().Put("/api/v1/portfolio", kNoel, {{"manager_guid", kFatima}, {"version", 0}}).status,
      200);
  Answer asked = api().Post("/api/v1/portfolio/budget-requests", kNoel,
                            {{"hours_per_week", "8"},
                             {"from", DaysAhead(1)},
                             {"until", DaysAhead(90)},
                             {"note", "Voor de Woo-klussen"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  std::string decide =
      "/api/v1/budget-requests/" + std::to_string(asked.json["id"].get<int64_t>()) + "/decide";
  EXPECT_EQ(api().Post(decide, kJan, {{"decision", "confirm"}}).status, 404);  // not the manager
  EXPECT_EQ(api().Post(decide, kFatima, {{"decision", "maybe"}}).status, 400);
  Answer confirmed = api().Post(decide, kFatima, {{"decision", "confirm"}});
  ASSERT_EQ(confirmed.status, 200);
  EXPECT_EQ(confirmed.json["state"], "confirmed");
  EXPECT_EQ(api().Post(decide, kFatima, {{"decision", "refuse"}}).status, 409);
  EXPECT_EQ(api().Get("/api/v1/budget-requests", kFatima).json["items"].size(), 1u);

  // Applying within the confirmed budget needs nothing more; above it the
  // manager is asked.
  auto apply = [&](int hours) {
    Answer posted = api().Post("/api/v1/groups/40/klussen", kJan,
                               {{"title", "Klus van " + std::to_string(hours) + " uur"},
                                {"description", "Samen."},
                                {"hours", hours},
                                {"deadline", DaysAhead(20)},
                                {"start_date", DaysAhead(30)},
                                {"end_date", DaysAhead(60)},
                                {"remote", true},
                                {"publish", true}});
    EXPECT_EQ(posted.status, 201) << posted.body;
    Answer applied =
        api().Post("/api/v1/klussen/" + std::to_string(posted.json["id"].get<int64_t>()) + "/apply",
                   kNoel, {{"motivation", "Graag"}});
    EXPECT_EQ(applied.status, 201) << applied.body;
    return applied.json["manager_agreement"].get<std::string>();
  };
  EXPECT_EQ(apply(4), "within_budget");
  EXPECT_EQ(apply(12), "manager_asked");
  Answer told = api().Get("/api/v1/notifications", kFatima);
  ASSERT_FALSE(told.json["items"].empty());
  EXPECT_EQ(told.json["items"].back()["kind"], "manager_approval_requested");
  EXPECT_EQ(told.json["items"].back()["actor_guid"], kNoel);
}

TEST_P(PortfolioTest, BadInputChangesNothing) {
  ASSERT_EQ(AddItem(kJan, {{"label", "Python"}}).status, 201);
  Answer before = api().Get("/api/v1/portfolio", kJan);
  Answer bad = api().Put("/api/v1/portfolio", kJan,
                         {{"hours_per_week", "veel"},
                          {"about_visibility", "iedereen"},
                          {"weekdays", json::array({0, 9})},
                          {"colour", 1},
                          {"available_from", "2027-02-30"},
                          {"version", Version(kJan)}});
  EXPECT_EQ(bad.status, 400);
  std::set<std::string> fields;
  for (const auto& f : bad.json["error"]["fields"]) fields.insert(f["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"hours_per_week", "about_visibility", "weekdays",
                                           "colour", "available_from"}));
  EXPECT_EQ(api().Put("/api/v1/portfolio", kJan, {{"about", "x"}, {"version", 77}}).status, 409);
  EXPECT_EQ(AddItem(kJan, {{"label", ""}}).status, 400);
  EXPECT_EQ(AddItem(kJan, {{"label", std::string(256, 'x')}}).status, 400);
  EXPECT_EQ(AddItem(kJan, {{"label", "x"}, {"kind", 5}}).status, 400);
  EXPECT_EQ(api()
                .Post("/api/v1/portfolio/entries", kJan,
                      {{"kind", "course"}, {"title", "x"}, {"url", "javascript:alert(1)"}})
                .status,
            400);
  EXPECT_EQ(api().Send("DELETE", "/api/v1/portfolio/items/999999", kJan).status, 404);
  EXPECT_EQ(api().Post("/api/v1/portfolio/erase", kJan, json::object()).status, 400);
  EXPECT_EQ(api().Post("/api/v1/portfolio/items", 0, {{"label", "x"}}).status, 401);
  Answer after = api().Get("/api/v1/portfolio", kJan);
  EXPECT_EQ(after.json, before.json);
}

TEST_P(PortfolioTest, ProfileFieldsAreAStartingPointKeepingTheirAccess) {
  Answer imported = api().Post("/api/v1/portfolio/profile-import", kJan, json::object());
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json["added"], 3);  // Beleidsadvies, Python, open data
  Answer own = api().Get("/api/v1/portfolio", kJan);
  std::map<std::string, std::string> visibility;
  for (const auto& i : own.json["items"]) {
    EXPECT_EQ(i["source"], "profile");
    visibility[i["label"]] = i["visibility"];
  }
  EXPECT_EQ(visibility["Python"], "platform");  // public in Elgg
  EXPECT_EQ(visibility["open data"], "site");   // logged-in in Elgg
  EXPECT_EQ(api().Post("/api/v1/portfolio/profile-import", kJan, json::object()).json["added"], 0);
}

TEST_P(PortfolioTest, ExportHoldsEverythingAndEraseLeavesNothing) {
  // Noël stores things in every table.
  ASSERT_EQ(api()
                .Put("/api/v1/portfolio", kNoel,
                     {{"manager_guid", kFatima}, {"hours_per_week", 8}, {"version", 0}})
                .status,
            200);
  ASSERT_EQ(AddItem(kNoel, {{"label", "Informatiebeveiliging"}}).status, 201);
  ASSERT_EQ(
      api().Post("/api/v1/portfolio/entries", kNoel, {{"kind", "course"}, {"title", "BIO"}}).status,
      201);
  ASSERT_EQ(api()
                .Post("/api/v1/portfolio/budget-requests", kNoel,
                      {{"hours_per_week", 4}, {"from", DaysAhead(1)}, {"until", DaysAhead(30)}})
                .status,
            201);
  int64_t id =
      AcceptedKlus(kNoel, {{"hours", 2}, {"start", DaysAhead(30)}, {"end", DaysAhead(60)}});
  std::string base = "/api/v1/klussen/" + std::to_string(id);
  ASSERT_EQ(api().Post(base + "/transition", kFatima, {{"to", "in_progress"}}).status, 200);
  ASSERT_EQ(api()
                .Post(base + "/participants/6/complete", kFatima,
                      {{"hours_spent", 3}, {"confirmed_skills", json::array({"Python"})}})
                .status,
            200);
  // Noël also posted a klus in his own group 41, and Kees named him manager.
  ASSERT_EQ(api()
                .Post("/api/v1/groups/41/klussen", kNoel,
                      {{"title", "CISO-overleg notuleren"},
                       {"description", "Notuleren."},
                       {"hours", 2},
                       {"deadline", DaysAhead(10)},
                       {"remote", true}})
                .status,
            201);
  Answer named = api().Put("/api/v1/portfolio", kKees, {{"manager_guid", kNoel}, {"version", 0}});
  ASSERT_EQ(named.status, 200) << named.body;
  const int kees_version = Version(kKees);

  Answer exported = api().Get("/api/v1/portfolio/export", kNoel);
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.Header("Content-Disposition").find("attachment"), std::string::npos);
  const json& tables = exported.json["tables"];
  for (const char* table : {"klussen_portfolio", "klussen_portfolio_item",
                            "klussen_portfolio_entry", "klussen_manager_budget", "klussen_klus",
                            "klussen_participant", "klussen_participant_skill", "klussen_event"}) {
    EXPECT_FALSE(tables[table].empty()) << table;
  }
  EXPECT_EQ(tables["klussen_portfolio"].size(), 2u);  // his own and Kees's naming him
  // Nothing of anyone else is in it.
  for (const auto& row : tables["klussen_portfolio_item"]) EXPECT_EQ(row["user_guid"], "6");

  Answer erased = api().Post("/api/v1/portfolio/erase", kNoel, {{"confirm", true}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  // Table by table: no row names him any more.
  const std::vector<std::pair<std::string, std::string>> columns = {
      {"klussen_portfolio", "user_guid"},
      {"klussen_portfolio", "manager_guid"},
      {"klussen_portfolio_item", "user_guid"},
      {"klussen_portfolio_entry", "user_guid"},
      {"klussen_manager_budget", "user_guid"},
      {"klussen_manager_budget", "manager_guid"},
      {"klussen_klus", "poster_guid"},
      {"klussen_participant", "user_guid"},
      {"klussen_participant", "invited_by"},
      {"klussen_participant", "decided_by"},
      {"klussen_participant_skill", "user_guid"},
      {"klussen_participant_skill", "confirmed_by"},
      {"klussen_event", "actor_guid"},
      {"klussen_event", "subject_guid"}};
  for (const auto& [table, column] : columns) {
    EXPECT_EQ(RowsNaming(table, column, kNoel), 0) << table << "." << column;
  }
  // Every klussen_* column holding a guid is in the list above.
  auto guid_columns = served_.connection->Query(
      "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
      "DATABASE() AND TABLE_NAME LIKE 'klussen\\_%' AND (COLUMN_NAME LIKE '%guid' OR COLUMN_NAME "
      "IN ('invited_by', 'decided_by', 'confirmed_by')) AND COLUMN_NAME NOT IN ('site_guid', "
      "'group_guid')");
  ASSERT_TRUE(guid_columns.ok());
  for (size_t i = 0; i < guid_columns->size(); ++i) {
    std::pair<std::string, std::string> found{guid_columns->Text(i, 0), guid_columns->Text(i, 1)};
    EXPECT_NE(std::find(columns.begin(), columns.end(), found), columns.end())
        << found.first << "." << found.second << " is not checked";
  }
  // Others keep theirs: the klus he was on still exists, Kees's portfolio too.
  EXPECT_EQ(api().Get(base, kFatima).status, 200);
  EXPECT_EQ(RowsNaming("klussen_portfolio", "user_guid", kKees), 1);
  // Kees's portfolio was changed by the erasure: his old version no longer writes, so a form
  // opened before cannot put Noël's guid back.
  EXPECT_EQ(Version(kKees), kees_version + 1);
  Answer stale =
      api().Put("/api/v1/portfolio", kKees, {{"manager_guid", kNoel}, {"version", kees_version}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(RowsNaming("klussen_portfolio", "manager_guid", kNoel), 0);
  EXPECT_TRUE(api().Get("/api/v1/portfolio", kNoel).json["items"].empty());
}

TEST_P(PortfolioTest, UploadsHaveTheirOwnBodyLimit) {
  std::string big(100 * 1024, ' ');  // over the 64 KiB API limit, under the upload limit
  Answer upload = api().Send("POST", "/api/v1/portfolio/import/open-badges", kJan, "{" + big + "}");
  EXPECT_EQ(upload.status, 400) << upload.body;  // read and parsed: not a badge
  EXPECT_EQ(upload.json["error"]["code"], "invalid_argument") << upload.body;
  Answer api_call = api().Send("POST", "/api/v1/portfolio/items", kJan, "{" + big + "}");
  EXPECT_EQ(api_call.status, 413);
  Answer huge = api().Send("POST", "/api/v1/portfolio/import/linkedin", kJan,
                           std::string(50 * 1024 * 1024, 'x'));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(api().Get("/api/v1/portfolio", kJan).status, 200);  // still serving
}

TEST_P(PortfolioTest, DeepOrLargeJsonIsRefusedBeforeParsingAndTheProcessServes) {
  Answer before = api().Get("/api/v1/portfolio", kJan);
  // 200,000 nested arrays (400 KB) once overflowed the stack in the parser and the copy.
  std::string deep =
      "{\"source\":\"linkedin\",\"x\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  Answer refused = api().Send("POST", "/api/v1/portfolio/import/save", kJan, deep);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.json["error"]["message"].get<std::string>().find("nests deeper"),
            std::string::npos);
  Answer widget = api().Send("POST", "/widgets/portfolio/edit", kJan, std::string(65, '[') + "]");
  EXPECT_EQ(widget.status, 400);
  // import/save is JSON, not an upload: 1 MiB, not the 20 MiB of a file.
  std::string large =
      "{\"source\":\"linkedin\",\"x\":\"" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  EXPECT_EQ(api().Send("POST", "/api/v1/portfolio/import/save", kJan, large).status, 413);
  // 64 levels are still fine (the parser then judges the content).
  std::string ok_depth =
      "{\"source\":\"linkedin\",\"x\":" + std::string(63, '[') + std::string(63, ']') + "}";
  EXPECT_EQ(api().Send("POST", "/api/v1/portfolio/import/save", kJan, ok_depth).status, 200);
  Answer after = api().Get("/api/v1/portfolio", kJan);
  ASSERT_EQ(after.status, 200);  // still serving
  EXPECT_EQ(after.json["items"], before.json["items"]);
}

TEST_P(PortfolioTest, WidgetsShowOnlyWhatTheViewerMaySee) {
  ASSERT_EQ(
      AddItem(kJan, {{"label", "<script>alert(1)</script>"}, {"visibility", "platform"}}).status,
      201);
  ASSERT_EQ(AddItem(kJan, {{"label", "Alleen op de site"}, {"visibility", "site"}}).status, 201);
  ASSERT_EQ(AddItem(kJan, {{"label", "Heel geheim"}, {"visibility", "private"}}).status, 201);
  Answer self = api().Get("/widgets/members/2/portfolio", kJan);
  ASSERT_EQ(self.status, 200) << self.body;
  EXPECT_NE(self.body.find("Heel geheim"), std::string::npos);
  Answer colleague = api().Get("/widgets/members/2/portfolio", kNoel, "en");
  ASSERT_EQ(colleague.status, 200);
  EXPECT_NE(colleague.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(colleague.body.find("Alleen op de site"), std::string::npos);
  EXPECT_EQ(colleague.body.find("Heel geheim"), std::string::npos);
  EXPECT_EQ(colleague.body.find("<script>"), std::string::npos);
  EXPECT_NE(colleague.body.find("&lt;script&gt;"), std::string::npos);

  // "What others see": elsewhere on the platform only the platform items.
  Answer platform = api().Get("/widgets/portfolio/preview?as=platform", kJan);
  ASSERT_EQ(platform.status, 200);
  EXPECT_EQ(platform.body.find("Alleen op de site"), std::string::npos);
  EXPECT_EQ(platform.body.find("Heel geheim"), std::string::npos);
  Answer site = api().Get("/widgets/portfolio/preview?as=site", kJan);
  EXPECT_NE(site.body.find("Alleen op de site"), std::string::npos);
  EXPECT_EQ(site.body.find("Heel geheim"), std::string::npos);

  // The edit page: the switch is off by default; a bad value comes back at its field.
  Answer edit = api().Get("/widgets/portfolio/edit?__elgg_token=t0k", kJan);
  ASSERT_EQ(edit.status, 200);
  EXPECT_NE(edit.body.find("name=\"discoverable\""), std::string::npos);
  EXPECT_NE(edit.body.find("value=\"t0k\""), std::string::npos);
  Answer redisplay = api().Post("/widgets/portfolio/edit", kJan, {{"hours_per_week", "veel"}});
  ASSERT_EQ(redisplay.status, 200);
  EXPECT_NE(redisplay.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(redisplay.body.find("veel"), std::string::npos);
  EXPECT_EQ(api().Get("/widgets/portfolio/edit", 0).status, 401);

  // An import preview saves nothing.
  std::string zip = testing::RunCommand(
      "cat " + testing::SourcePath("tests/fixtures/imports/linkedin_export.zip"));
  Answer preview = api().Send("POST", "/widgets/portfolio/import/linkedin", kJan, zip);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("type=\"checkbox\""), std::string::npos);
  EXPECT_EQ(api().Get("/api/v1/portfolio", kJan).json["items"].size(), 3u);
  Answer api_preview = api().Send("POST", "/api/v1/portfolio/import/linkedin", kJan, zip);
  ASSERT_EQ(api_preview.status, 200) << api_preview.body;
  ASSERT_FALSE(api_preview.json["skills"].empty());
  Answer kept = api().Post("/api/v1/portfolio/import/save", kJan,
                           {{"source", "linkedin"},
                            {"skills", json::array({api_preview.json["skills"][0]["label"]})},
                            {"positions", api_preview.json["positions"]}});
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.json["items_added"], 1);
  EXPECT_EQ(kept.json["entries_added"], api_preview.json["positions"].size());
  Answer broken = api().Send("POST", "/api/v1/portfolio/import/linkedin", kJan, "PK\x03\x04 nope");
  EXPECT_EQ(broken.status, 400);
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, PortfolioTest, ::testing::Values("elgg1", "elgg3"));

}  // namespace
}  // namespace klussen
