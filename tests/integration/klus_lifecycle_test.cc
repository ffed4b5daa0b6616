// The whole life of a klus through the real sidecar, over signed HTTP, against
// real MariaDB databases of both Elgg generations (tests/fixtures/models/
// tiny.json): the permission matrix, the lifecycle, the automatic expiry and
// hostile input. Who is who in tiny.json:
//   2 jdevries   owner of open group 40, member of 42 (group_admin there)
//   3 abakker    site admin, member of hidden closed group 41
//   4 pdhondt    banned (group_admin of 40): never a viewer
//   6 nozturk    member of 40, owner of hidden closed group 41
//   7 felidrissi group_admin of 40, owner of 42 (klussen disabled there)
//   8 kjansen    in no group that is enabled
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

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

constexpr int64_t kOwner40 = 2, kSiteAdmin = 3, kBanned = 4, kMember40 = 6, kAdmin40 = 7,
                  kOutsider = 8;
constexpr int64_t kOwner41 = 6;

std::string DaysAhead(int days) { return FormatIsoDate(UnixNow() / kSecondsPerDay + days); }

json KlusBody(const std::string& title, const std::string& audience = "group",
              bool publish = true) {
  return {{"title", title},
          {"description", "Wij zoeken iemand die ons helpt.\n\nMeer op https://example.org/x."},
          {"required_skills", json::array({"Python", "Beleidsadvies"})},
          {"desired_skills", "SQL, GIS"},
          {"time_mode", "per_week"},
          {"hours", "3,5"},
          {"deadline", DaysAhead(30)},
          {"start_date", DaysAhead(31)},
          {"end_date", DaysAhead(90)},
          {"region", "Utrecht"},
          {"remote", true},
          {"people_needed", 1},
          {"audience", audience},
          {"publish", publish}};
}

class KlusLifecycleTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    served_ = testing::ServeModel("tests/fixtures/models/tiny.json", GetParam(),
                                  {{"KLUSSEN_KLUSSEN_EXPIRY_INTERVAL_S", "1"}});
  }

  SignedClient& api() { return *served_.client; }

  int64_t Post(int64_t group, int64_t viewer, const json& body) {
    Answer a = api().Post("/api/v1/groups/" + std::to_string(group) + "/klussen", viewer, body);
    EXPECT_EQ(a.status, 201) << a.body;
    return a.json.value("id", int64_t{0});
  }
  Answer GetKlus(int64_t id, int64_t viewer) {
    return api().Get("/api/v1/klussen/" + std::to_string(id), viewer);
  }
  Answer Act(int64_t id, const std::string& what, int64_t viewer,
             const json& body = json::object()) {
    return api().Post("/api/v1/klussen/" + std::to_string(id) + "/" + what, viewer, body);
  }
  Answer Decide(int64_t id, int64_t user, int64_t viewer, const json& body) {
    return Act(id, "participants/" + std::to_string(user) + "/decide", viewer, body);
  }

  // A fingerprint of every row of our tables: equal before and after means
  // nothing changed.
  std::string Snapshot() {
    std::string out;
    for (const char* sql :
         {"SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', id, state, version, title, "
          "description, deadline, updated_at))), 0) FROM klussen_klus",
          "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', klus_id, user_guid, state, "
          "motivation, reason_code, updated_at))), 0) FROM klussen_participant",
          "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM klussen_event",
          "SELECT COUNT(*) FROM klussen_klus_skill"}) {
      auto r = served_.connection->Query(sql);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok()) continue;
      for (size_t col = 0; col < r->columns.size(); ++col) out += r->Text(0, col) + "/";
    }
    return out;
  }
  std::string StateInDb(int64_t id) {
    auto r = served_.connection->Query("SELECT state FROM klussen_klus WHERE id = ?", {id});
    return r.ok() && !r->empty() ? r->Text(0, 0) : "?";
  }

  testing::ServedModel served_;
};

TEST_P(KlusLifecycleTest, WholeLifecycleWithEventsAndNotifications) {
  // A draft, posted twice with the same idempotency key: one klus.
  json draft = KlusBody("Datadashboard voor de Woo", "group", false);
  Answer first =
      api().Post("/api/v1/groups/40/klussen", kAdmin40, draft, "Idempotency-Key: form-123\r\n");
  ASSERT_EQ(first.status, 201) << first.body;
  Answer again =
      api().Post("/api/v1/groups/40/klussen", kAdmin40, draft, "Idempotency-Key: form-123\r\n");
  EXPECT_EQ(again.status, 200);
  const int64_t id = first.json["id"];
  EXPECT_EQ(again.json["id"], id);
  EXPECT_EQ(first.json["state"], "draft");
  EXPECT_EQ(first.json["hours"], 3.5);
  EXPECT_EQ(first.json["desired_skills"].size(), 2u);

  // Drafts are for managers only.
  EXPECT_EQ(GetKlus(id, kMember40).status, 404);
  EXPECT_EQ(GetKlus(id, kOwner40).status, 200);  // the group owner manages it too

  Answer published = Act(id, "transition", kAdmin40, {{"to", "open"}});
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json["state"], "open");

  // Responses: a member applies once; the poster and a non-member of a group
  // audience cannot.
  EXPECT_EQ(Act(id, "apply", kMember40, {{"motivation", "Ik ken Python."}}).status, 201);
  EXPECT_EQ(Act(id, "apply", kMember40, {{"motivation", "Nog een keer"}}).status, 409);
  EXPECT_EQ(Act(id, "apply", kAdmin40, {{"motivation", "Zelf"}}).status, 409);
  Answer outsider = Act(id, "apply", kOutsider, {{"motivation", "Mag ik?"}});
  EXPECT_EQ(outsider.status, 403) << outsider.body;
  EXPECT_EQ(Act(id, "apply", kOwner40, {{"motivation", "Ik help graag."}}).status, 201);

  // An invitation lets a non-member respond.
  Answer invite = Act(id, "invite", kAdmin40, {{"user_guid", kOutsider}, {"message", "Jij?"}});
  ASSERT_EQ(invite.status, 201) << invite.body;
  EXPECT_EQ(Act(id, "apply", kOutsider, {{"motivation", "Graag!"}}).status, 201);

  // Members cannot decide; the admin accepts one: the klus is then full.
  EXPECT_EQ(Decide(id, kMember40, kMember40, {{"decision", "accept"}}).status, 403);
  Answer accepted = Decide(id, kMember40, kAdmin40, {{"decision", "accept"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json["state"], "accepted");
  EXPECT_EQ(GetKlus(id, kAdmin40).json["state"], "filled");
  EXPECT_EQ(Decide(id, kOwner40, kAdmin40, {{"decision", "accept"}}).status, 409);
  EXPECT_EQ(
      Decide(id, kOwner40, kAdmin40, {{"decision", "decline"}, {"reason_code", "nope"}}).status,
      400);
  Answer declined = Decide(id, kOwner40, kAdmin40,
                           {{"decision", "decline"},
                            {"reason_code", "enough_people"},
                            {"reason_text", "Volgende keer!"}});
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(declined.json["reason"], "enough_people");
  EXPECT_EQ(Act(id, "withdraw", kOutsider, {{"reason_code", "no_time"}}).status, 200);

  // Work starts and ends; the participant's completion records hours and skills.
  EXPECT_EQ(Act(id, "transition", kAdmin40, {{"to", "in_progress"}}).status, 200);
  Answer done = Act(id, "participants/6/complete", kAdmin40,
                    {{"hours_spent", "12,5"}, {"confirmed_skills", json::array({"Python"})}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["hours_spent"], 12.5);
  EXPECT_EQ(done.json["confirmed_skills"][0]["label"], "Python");
  EXPECT_EQ(Act(id, "transition", kAdmin40, {{"to", "completed"}}).status, 200);

  // A completed klus is final; the refusal changes nothing.
  std::string before = Snapshot();
  Answer reopen = Act(id, "transition", kAdmin40, {{"to", "open"}});
  EXPECT_EQ(reopen.status, 409);
  EXPECT_EQ(reopen.json["error"]["code"], "conflict");
  EXPECT_EQ(Snapshot(), before);

  // The audit trail has every step, in order.
  Answer events = api().Get("/api/v1/klussen/" + std::to_string(id) + "/events", kAdmin40);
  ASSERT_EQ(events.status, 200);
  std::vector<std::string> kinds;
  for (const auto& e : events.json["items"]) kinds.push_back(e["kind"]);
  std::vector<std::string> expected = {"created",
                                       "published",
                                       "applied",
                                       "applied",
                                       "invited",
                                       "applied",
                                       "accepted",
                                       "filled",
                                       "declined",
                                       "withdrawn",
                                       "started",
                                       "klus_started",
                                       "participant_completed",
                                       "completed",
                                       "klus_completed"};
  EXPECT_EQ(kinds, expected);
  EXPECT_EQ(api().Get("/api/v1/klussen/" + std::to_string(id) + "/events", kMember40).status, 403);

  // The people told: the accepted participant hears of each step.
  Answer told = api().Get("/api/v1/notifications", kMember40);
  ASSERT_EQ(told.status, 200);
  std::vector<std::string> heard;
  for (const auto& e : told.json["items"]) heard.push_back(e["kind"]);
  EXPECT_EQ(heard, (std::vector<std::string>{"accepted", "klus_started", "participant_completed",
                                             "klus_completed"}));

  // Copy makes a new draft of the same text.
  Answer copy = Act(id, "copy", kAdmin40);
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(copy.json["state"], "draft");
  EXPECT_EQ(copy.json["copied_from"], id);
  EXPECT_EQ(copy.json["title"], "Datadashboard voor de Woo");
}

TEST_P(KlusLifecycleTest, WhoMayPostAndSee) {
  // Posting: group admins and site admins, in groups with the tool on.
  EXPECT_EQ(api().Post("/api/v1/groups/40/klussen", kMember40, KlusBody("Lid post")).status, 403);
  EXPECT_EQ(api().Post("/api/v1/groups/40/klussen", kBanned, KlusBody("Verbannen")).status, 403);
  EXPECT_EQ(api().Post("/api/v1/groups/40/klussen", 0, KlusBody("Uitgelogd")).status, 401);
  EXPECT_EQ(api().Post("/api/v1/groups/42/klussen", kAdmin40, KlusBody("Uit")).status, 422);
  EXPECT_EQ(api().Post("/api/v1/groups/41/klussen", kOwner40, KlusBody("Verborgen")).status, 404);
  const int64_t by_site_admin = Post(40, kSiteAdmin, KlusBody("Door de beheerder"));
  EXPECT_GT(by_site_admin, 0);

  // A closed, hidden group: its group-audience klus is invisible to everyone
  // else, in the klus, the list and the permissions.
  const int64_t closed = Post(41, kOwner41, KlusBody("CISO-klus", "group"));
  const int64_t site_wide = Post(41, kOwner41, KlusBody("Voor de hele site", "site"));
  const int64_t platform = Post(41, kOwner41, KlusBody("Overheidsbreed", "platform"));
  Answer hidden = GetKlus(closed, kOwner40);
  Answer unknown = GetKlus(999999, kOwner40);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.json["error"], unknown.json["error"]);  // not even a different message
  EXPECT_EQ(GetKlus(closed, kOutsider).status, 404);
  EXPECT_EQ(GetKlus(closed, kSiteAdmin).status, 200);  // member and site admin
  EXPECT_EQ(api().Get("/api/v1/groups/41/klussen", kOwner40).status, 404);
  EXPECT_EQ(api().Get("/api/v1/groups/41/permissions", kOwner40).status, 404);
  EXPECT_EQ(Act(closed, "apply", kOwner40, {{"motivation", "x"}}).status, 404);
  // Wider audiences are visible, without revealing the hidden group's name.
  Answer wide = GetKlus(site_wide, kOwner40);
  ASSERT_EQ(wide.status, 200);
  EXPECT_TRUE(wide.json["group_name"].is_null());
  EXPECT_EQ(GetKlus(platform, kOutsider).status, 200);
  EXPECT_EQ(GetKlus(platform, 0).status, 404);  // logged out sees nothing
  Answer apply_wide = Act(site_wide, "apply", kOwner40, {{"motivation", "Ik doe mee"}});
  EXPECT_EQ(apply_wide.status, 201) << apply_wide.body;

  // The open group's list: members see open klussen; only managers see
  // drafts and counts; the post button only for admins.
  Post(40, kAdmin40, KlusBody("Concept", "group", false));
  Answer member_list = api().Get("/api/v1/groups/40/klussen", kMember40);
  ASSERT_EQ(member_list.status, 200);
  EXPECT_FALSE(member_list.json["can_post"]);
  EXPECT_EQ(member_list.json["total"], 1);
  EXPECT_FALSE(member_list.json["items"][0].contains("responses"));
  Answer admin_list = api().Get("/api/v1/groups/40/klussen", kAdmin40);
  EXPECT_TRUE(admin_list.json["can_post"]);
  EXPECT_EQ(admin_list.json["total"], 2);
  EXPECT_TRUE(admin_list.json["items"][0].contains("responses"));
  Answer outsider_list = api().Get("/api/v1/groups/40/klussen", kOutsider);
  EXPECT_EQ(outsider_list.json["total"], 1);  // an open group's klussen are visible

  // Managing: the poster and admins, not members.
  EXPECT_EQ(
      api()
          .Get("/api/v1/klussen/" + std::to_string(by_site_admin) + "/participants", kMember40)
          .status,
      403);
  EXPECT_EQ(api()
                .Get("/api/v1/klussen/" + std::to_string(by_site_admin) + "/participants", kOwner40)
                .status,
            200);
}

TEST_P(KlusLifecycleTest, DeadlineExpiresOpenKlussenAndTellsApplicants) {
  const int64_t nobody = Post(40, kAdmin40, KlusBody("Niemand geaccepteerd"));
  json two = KlusBody("Eén geaccepteerd");
  two["people_needed"] = 2;
  const int64_t someone = Post(40, kAdmin40, two);
  ASSERT_EQ(Act(nobody, "apply", kMember40, {{"motivation", "Ik"}}).status, 201);
  ASSERT_EQ(Act(someone, "apply", kMember40, {{"motivation", "Ik"}}).status, 201);
  ASSERT_EQ(Act(someone, "apply", kOwner40, {{"motivation", "Ik ook"}}).status, 201);
  ASSERT_EQ(Decide(someone, kMember40, kAdmin40, {{"decision", "accept"}}).status, 200);

  // Time passes: the deadlines are now behind us. The job (every second here)
  // closes both without anyone reading them.
  ASSERT_TRUE(served_.connection
                  ->Execute("UPDATE klussen_klus SET deadline = ? WHERE id IN (?, ?)",
                            {UnixNow() - 5, nobody, someone})
                  .ok());
  for (int i = 0; i < 100 && (StateInDb(nobody) == "open" || StateInDb(someone) == "open"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(StateInDb(nobody), "expired");
  EXPECT_EQ(StateInDb(someone), "filled");

  // The pending applicants were declined with the deadline as reason and told.
  auto reason = served_.connection->Query(
      "SELECT state, reason_code FROM klussen_participant WHERE klus_id = ? AND user_guid = ?",
      {someone, kOwner40});
  ASSERT_TRUE(reason.ok());
  EXPECT_EQ(reason->Text(0, 0), "declined");
  EXPECT_EQ(reason->Text(0, 1), "deadline_passed");
  Answer told = api().Get("/api/v1/notifications", kOwner40);
  ASSERT_EQ(told.status, 200);
  ASSERT_FALSE(told.json["items"].empty());
  EXPECT_EQ(told.json["items"].back()["kind"], "deadline_passed");

  // Responding after the deadline is refused and changes nothing.
  std::string before = Snapshot();
  EXPECT_EQ(Act(nobody, "apply", kOutsider, {{"motivation", "Te laat"}}).status, 409);
  EXPECT_EQ(Act(nobody, "apply", kOwner40, {{"motivation", "Te laat"}}).status, 409);
  EXPECT_EQ(Snapshot(), before);

  // Reopening needs a new deadline in the future.
  Answer stale = Act(nobody, "transition", kAdmin40, {{"to", "open"}});
  EXPECT_EQ(stale.status, 400);
  EXPECT_EQ(stale.json["error"]["fields"][0]["field"], "deadline");
  Answer reopened =
      Act(nobody, "transition", kAdmin40, {{"to", "open"}, {"deadline", DaysAhead(10)}});
  EXPECT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json["state"], "open");
}

TEST_P(KlusLifecycleTest, ReadingAKlusPastItsDeadlineExpiresItAtOnce) {
  const int64_t id = Post(40, kAdmin40, KlusBody("Lui gelezen"));
  // The job's first run is a second away; reading must not show it open.
  ASSERT_TRUE(
      served_.connection
          ->Execute("UPDATE klussen_klus SET deadline = ? WHERE id = ?", {UnixNow() - 1, id})
          .ok());
  Answer read = GetKlus(id, kMember40);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json["state"], "expired");
  EXPECT_FALSE(read.json["viewer"]["can_apply"]);
}

TEST_P(KlusLifecycleTest, HostileInputIsRefusedOrStoredAsText) {
  const int64_t id = Post(40, kAdmin40, KlusBody("Gewone klus"));
  std::string before = Snapshot();
  auto refused = [&](const Answer& a, int status) {
    EXPECT_EQ(a.status, status) << a.body;
    EXPECT_TRUE(a.json.contains("error")) << a.body;
    EXPECT_EQ(Snapshot(), before);
  };
  // Malformed and wrongly typed bodies.
  refused(api().Send("POST", "/api/v1/groups/40/klussen", kAdmin40, "{\"title\": "), 400);
  refused(api().Send("POST", "/api/v1/groups/40/klussen", kAdmin40, "[1, 2]"), 400);
  refused(api().Send("POST", "/api/v1/groups/40/klussen", kAdmin40,
                     "{\"title\": \"\xff\xfe bad utf-8\"}"),
          400);
  // A 1 MB field is over the body limit.
  json huge = KlusBody("Te groot");
  huge["description"] = std::string(1 << 20, 'a');
  refused(api().Post("/api/v1/groups/40/klussen", kAdmin40, huge), 413);
  // Over a field limit but under the body limit: a field error.
  json long_text = KlusBody("Te lang");
  long_text["description"] = std::string(10001, 'b');
  Answer too_long = api().Post("/api/v1/groups/40/klussen", kAdmin40, long_text);
  refused(too_long, 400);
  EXPECT_EQ(too_long.json["error"]["fields"][0]["field"], "description");
  EXPECT_EQ(too_long.json["error"]["fields"][0]["code"], "too_long");
  EXPECT_FALSE(too_long.json["error"]["fields"][0]["message"].get<std::string>().empty());
  // Many field errors at once, each named.
  Answer bad = api().Post("/api/v1/groups/40/klussen", kAdmin40,
                          {{"title", ""},
                           {"hours", "veel"},
                           {"deadline", "2020-02-30"},
                           {"audience", "iedereen"},
                           {"people_needed", 0},
                           {"colour", "red"}});
  refused(bad, 400);
  std::set<std::string> fields;
  for (const auto& f : bad.json["error"]["fields"]) fields.insert(f["field"]);
  EXPECT_EQ(fields,
            (std::set<std::string>{"hours", "deadline", "audience", "people_needed", "colour"}));
  json past = KlusBody("Verleden");
  past["deadline"] = "2020-01-01";
  refused(api().Post("/api/v1/groups/40/klussen", kAdmin40, past), 400);
  // Unknown ids and ids out of range.
  refused(GetKlus(987654, kAdmin40), 404);
  refused(api().Get("/api/v1/klussen/99999999999999999999999", kAdmin40), 404);
  refused(Act(987654, "apply", kMember40, {{"motivation", "x"}}), 404);
  refused(Decide(id, 555, kAdmin40, {{"decision", "accept"}}), 404);
  refused(Act(id, "invite", kAdmin40, {{"user_guid", kBanned}}), 404);
  refused(Act(id, "transition", kAdmin40, {{"to", "gedaan"}}), 400);
  refused(Act(id, "transition", kAdmin40, {{"to", "completed"}}), 409);
  refused(api().Put("/api/v1/klussen/" + std::to_string(id), kAdmin40,
                    [] {
                      json stale = KlusBody("Oude versie");
                      stale["version"] = 99;
                      return stale;
                    }()),
          409);
  refused(api().Get("/api/v1/groups/40/klussen?limit=100000", kAdmin40), 400);

  // Hostile text is stored as text, exactly, and escaped where it lands.
  const std::string script = "<script>alert(1)</script> \"quotes\" 'single' & <b>";
  const std::string rtl =
      "\xE2\x80\xAE"
      "evil.exe \xF0\x9F\x98\x80 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A";
  const std::string sql = "'); DROP TABLE klussen_klus; --";
  json hostile = KlusBody(script);
  hostile["description"] =
      rtl + "\n\n" + sql + "\n\njavascript:alert(2) https://x.example/\"onmouseover=1";
  hostile["region"] = sql.substr(0, 40);
  const int64_t evil = Post(40, kAdmin40, hostile);
  Answer stored = GetKlus(evil, kMember40);
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(stored.json["title"], script);
  EXPECT_EQ(stored.json["description"], hostile["description"]);
  EXPECT_EQ(stored.json["region"], hostile["region"]);
  for (const char* path : {"/widgets/klussen/", "/widgets/groups/40/klussen?x="}) {
    std::string target = std::string(path) + (path[9] == 'k' ? std::to_string(evil) : "");
    Answer page = api().Get(target, kMember40);
    ASSERT_EQ(page.status, 200) << target << page.body;
    EXPECT_NE(page.Header("Content-Type").find("text/html"), std::string::npos);
    EXPECT_EQ(page.body.find("<script"), std::string::npos) << target;
    EXPECT_EQ(page.body.find("<b>"), std::string::npos) << target;
    EXPECT_NE(page.body.find("&lt;script&gt;"), std::string::npos) << target;
  }
  Answer page = api().Get("/widgets/klussen/" + std::to_string(evil), kMember40);
  EXPECT_EQ(page.body.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(page.body.find("\"onmouseover"), std::string::npos);
  auto tables = served_.connection->Query("SELECT COUNT(*) FROM klussen_klus");
  EXPECT_TRUE(tables.ok());  // still there
}

TEST_P(KlusLifecycleTest, WidgetsFollowTheViewer) {
  Answer empty = api().Get("/widgets/groups/40/klussen", kMember40);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_NE(empty.body.find("lang=\"nl\""), std::string::npos);
  EXPECT_EQ(empty.body.find("/klussen/add/40"), std::string::npos);  // no post button
  Answer admin = api().Get(
      "/widgets/groups/40/klussen?link_base=%2Fgroups%2Fklussen%2F&__elgg_ts=123&__elgg_token=abc",
      kAdmin40, "en");
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_NE(admin.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(admin.body.find("/groups/klussen/add/40"), std::string::npos);
  EXPECT_NE(empty.body, admin.body);

  const int64_t id = Post(40, kAdmin40, KlusBody("Zichtbaar in de tab"));
  Answer listed = api().Get("/widgets/groups/40/klussen", kMember40);
  EXPECT_NE(listed.body.find("Zichtbaar in de tab"), std::string::npos);
  EXPECT_NE(listed.body.find("/klussen/view/" + std::to_string(id)), std::string::npos);

  // The klus page carries the glue's CSRF fields in its forms.
  Answer klus_page = api().Get("/widgets/klussen/" + std::to_string(id) +
                                   "?action_base=https%3A%2F%2Fsite.example%2Faction%2Fklussen%2F"
                                   "&__elgg_ts=1700000000&__elgg_token=tok",
                               kMember40);
  ASSERT_EQ(klus_page.status, 200);
  EXPECT_NE(klus_page.body.find("https://site.example/action/klussen/apply"), std::string::npos);
  EXPECT_NE(klus_page.body.find("name=\"__elgg_token\" value=\"tok\""), std::string::npos);

  // Bad bases are refused, not rendered.
  EXPECT_EQ(
      api()
          .Get("/widgets/klussen/" + std::to_string(id) + "?link_base=javascript:x", kMember40)
          .status,
      400);
  EXPECT_EQ(api()
                .Get("/widgets/klussen/" + std::to_string(id) + "?link_base=%2F%2Fevil.example%2F",
                     kMember40)
                .status,
            400);

  // The form: only for admins; a submitted form comes back with its errors.
  EXPECT_EQ(api().Get("/widgets/groups/40/klussen/new", kMember40).status, 403);
  Answer form = api().Get("/widgets/groups/40/klussen/new", kAdmin40);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"title\""), std::string::npos);
  Answer invalid = api().Post("/widgets/groups/40/klussen/new", kAdmin40,
                              {{"title", "<i>x</i>"}, {"hours", "veel"}});
  ASSERT_EQ(invalid.status, 200) << invalid.body;
  EXPECT_NE(invalid.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(invalid.body.find("value=\"veel\""), std::string::npos);  // shown back as typed
  EXPECT_EQ(invalid.body.find("<i>x</i>"), std::string::npos);

  // Responses: managers only.
  ASSERT_EQ(Act(id, "apply", kMember40, {{"motivation", "<img src=x onerror=alert(1)>"}}).status,
            201);
  EXPECT_EQ(api().Get("/widgets/klussen/" + std::to_string(id) + "/responses", kMember40).status,
            403);
  Answer responses = api().Get("/widgets/klussen/" + std::to_string(id) + "/responses", kAdmin40);
  ASSERT_EQ(responses.status, 200);
  EXPECT_NE(responses.body.find("\xC3\x96zt\xC3\xBCrk"),
            std::string::npos);  // the applicant's name
  EXPECT_EQ(responses.body.find("<img"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothGenerations, KlusLifecycleTest, ::testing::Values("elgg1", "elgg3"));

}  // namespace
}  // namespace klussen
