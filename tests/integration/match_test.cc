// Matching through the real sidecar over signed HTTP against real MariaDB
// databases of both Elgg generations (tests/fixtures/models/match.json: one
// member per hard constraint): suggested candidates and "Klussen voor jou",
// every hard constraint at every page, privacy of explanations, and the index
// following changes — at once for the member's own actions (opt-out,
// erasure) and for leaving a group, within a poll for everything else.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
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

constexpr int64_t kPoster = 2, kSiteAdmin = 3, kFit = 10, kClosedMember = 11, kOptedOut = 12,
                  kFewHours = 13, kOtherPeriod = 14, kOtherRegion = 15, kInvolved = 16,
                  kPrivateSkill = 17, kHostOnly = 18, kLeaver = 19;
constexpr int64_t kOpenGroup = 50, kHiddenGroup = 51;

std::string DaysAhead(int days) { return FormatIsoDate(UnixNow() / kSecondsPerDay + days); }

class MatchTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    served_ = testing::ServeModel("tests/fixtures/models/match.json", GetParam(),
                                  {{"KLUSSEN_MATCH_POLL_INTERVAL_MS", "200"}});
  }
  SignedClient& api() { return *served_.client; }

  // A portfolio that fits the klus of Klus(): Python, 8 hours, Utrecht.
  void Portfolio(int64_t member, json settings, const std::string& skill_visibility = "site") {
    json base = {{"discoverable", true},       {"about", "Ik werk graag met data."},
                 {"about_visibility", "site"}, {"region", "Utrecht"},
                 {"hours_per_week", "8"},      {"availability_visibility", "site"}};
    for (auto& [key, value] : settings.items()) base[key] = value;
    Answer saved = api().Put("/api/v1/portfolio", member, base);
    ASSERT_EQ(saved.status, 200) << saved.body;
    if (skill_visibility.empty()) return;
    Answer item = api().Post("/api/v1/portfolio/items", member,
                             {{"label", "Python"}, {"level", 2}, {"visibility", skill_visibility}});
    ASSERT_EQ(item.status, 201) << item.body;
  }

  void EveryoneButTheCases() {
    Portfolio(kFit, json::object());
    Portfolio(kClosedMember, json::object());
    Portfolio(kOptedOut, {{"discoverable", false}});
    Portfolio(kFewHours, {{"hours_per_week", "2"}});
    Portfolio(kOtherPeriod, {{"available_until", DaysAhead(5)}});
    Portfolio(kOtherRegion, {{"region", "Groningen"}});
    Portfolio(kInvolved, json::object());
    // Nothing of Paul's is for others: his skills are private, his text says nothing.
    Portfolio(kPrivateSkill, {{"about", "Ik fiets graag."}}, "private");
    ASSERT_EQ(api()
                  .Post("/api/v1/portfolio/items", kPrivateSkill,
                        {{"label", "Geheimschrift"}, {"visibility", "private"}})
                  .status,
              201);
    Portfolio(kHostOnly, {{"region", ""}}, "");
    Portfolio(kLeaver, json::object());
  }

  // An open klus in `group` by the group's owner: Python, 4 hours a week in
  // Utrecht, from 10 to 40 days ahead.
  int64_t Klus(int64_t group, const std::string& audience = "group", json extra = {}) {
    json body = {{"title", "Data-analyse voor de monitor"},
                 {"description", "Wij zoeken iemand die met Python data analyseert."},
                 {"hours", "4"},
                 {"time_mode", "per_week"},
                 {"deadline", DaysAhead(8)},
                 {"start_date", DaysAhead(10)},
                 {"end_date", DaysAhead(40)},
                 {"region", "Utrecht"},
                 {"remote", false},
                 {"audience", audience},
                 {"required_skills", json::array({"Python"})},
                 {"publish", true}};
    for (auto& [key, value] : extra.items()) body[key] = value;
    Answer posted =
        api().Post("/api/v1/groups/" + std::to_string(group) + "/klussen", kPoster, body);
    EXPECT_EQ(posted.status, 201) << posted.body;
    return posted.json.value("id", int64_t{0});
  }

  std::string CandidatesPath(int64_t klus, int offset, int limit) {
    return "/api/v1/klussen/" + std::to_string(klus) +
           "/candidates?offset=" + std::to_string(offset) + "&limit=" + std::to_string(limit);
  }

  // Every candidate over every page of `limit`, in order; also checks each
  // page's shape.
  std::vector<int64_t> AllCandidates(int64_t klus, int limit, std::string* bodies = nullptr) {
    std::vector<int64_t> out;
    for (int offset = 0; offset < 100; offset += limit) {
      Answer page = api().Get(CandidatesPath(klus, offset, limit), kPoster);
      EXPECT_EQ(page.status, 200) << page.body;
      if (page.status != 200) break;
      if (bodies) *bodies += page.body;
      EXPECT_LE(page.json["items"].size(), static_cast<size_t>(limit));
      for (const auto& item : page.json["items"]) out.push_back(item["user_guid"]);
      if (!page.json["has_more"]) break;
    }
    return out;
  }

  std::set<int64_t> CandidateSet(int64_t klus) {
    auto all = AllCandidates(klus, 20);
    return {all.begin(), all.end()};
  }

  std::set<int64_t> ForYou(int64_t member) {
    Answer page = api().Get("/api/v1/matches/klussen?limit=50", member);
    EXPECT_EQ(page.status, 200) << page.body;
    std::set<int64_t> out;
    for (const auto& item : page.json["items"]) out.insert(item["klus"]["id"].get<int64_t>());
    return out;
  }

  // Waits (polling the API) until `done` holds, at most 10 s.
  bool Eventually(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
  }

  testing::ServedModel served_;
};

TEST_P(MatchTest, NoCandidateViolatesAHardConstraintOnAnyPage) {
  EveryoneButTheCases();
  int64_t klus = Klus(kOpenGroup);
  ASSERT_EQ(api()
                .Post("/api/v1/klussen/" + std::to_string(klus) + "/apply", kInvolved,
                      {{"motivation", "Graag!"}})
                .status,
            201);
  const std::set<int64_t> expected = {kFit, kClosedMember, kHostOnly, kLeaver};
  for (int limit : {1, 2, 3, 20}) {
    std::vector<int64_t> all = AllCandidates(klus, limit);
    EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()), expected) << "limit " << limit;
    EXPECT_EQ(all.size(), expected.size()) << "a person on two pages, limit " << limit;
  }
  // Paging is stable: page by page gives the same order as one page.
  EXPECT_EQ(AllCandidates(klus, 1), AllCandidates(klus, 20));
}

// "0 hours" and "not stated" are different answers: 0 is never a candidate;
// unknown hours (not stated, or shared privately) are shown as unknown and
// the poster decides whether they are acceptable.
TEST_P(MatchTest, ZeroHoursIsNotAvailableAndUnknownHoursAreThePostersChoice) {
  Portfolio(kFit, json::object());
  Portfolio(kFewHours, {{"hours_per_week", "0"}});
  Portfolio(kOtherPeriod, {{"hours_per_week", ""}});
  Portfolio(kOtherRegion, {{"availability_visibility", "private"}});
  const int64_t unknown_ok = Klus(kOpenGroup, "group", {{"hours", "0.5"}});
  const int64_t known_only = Klus(kOpenGroup, "group", {{"accept_unknown_hours", false}});

  Answer mine = api().Get("/api/v1/portfolio", kFewHours);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["availability"]["hours_per_week"], 0) << mine.body;
  mine = api().Get("/api/v1/portfolio", kOtherPeriod);
  EXPECT_TRUE(mine.json["availability"]["hours_per_week"].is_null()) << mine.body;
  Answer klus = api().Get("/api/v1/klussen/" + std::to_string(known_only), kPoster);
  EXPECT_EQ(klus.json["accept_unknown_hours"], false) << klus.body;

  for (int limit : {1, 2, 20}) {
    std::string bodies;
    std::vector<int64_t> all = AllCandidates(unknown_ok, limit, &bodies);
    EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()),
              (std::set<int64_t>{kFit, kOtherPeriod, kOtherRegion}))
        << "limit " << limit << ": " << bodies;
    all = AllCandidates(known_only, limit);
    EXPECT_EQ(all, std::vector<int64_t>{kFit}) << "limit " << limit;
  }
  Answer page = api().Get(CandidatesPath(unknown_ok, 0, 20), kPoster);
  for (const auto& item : page.json["items"]) {
    const json& hours = item["why"]["hours_available"];
    if (item["user_guid"] == kFit) {
      EXPECT_EQ(hours, 8) << page.body;
    } else {
      EXPECT_TRUE(hours.is_null()) << "unknown (or private) hours are not shown: " << page.body;
    }
  }
  // The other direction holds the same rules (klussen reach it within a poll).
  ASSERT_TRUE(Eventually([&] { return ForYou(kFit).size() == 2; }));
  EXPECT_TRUE(ForYou(kFewHours).empty());
  EXPECT_EQ(ForYou(kOtherPeriod), (std::set<int64_t>{unknown_ok}));
  EXPECT_EQ(ForYou(kFit), (std::set<int64_t>{unknown_ok, known_only}));
  Answer widget = api().Get("/widgets/klussen/voor-jou", kFewHours);
  ASSERT_EQ(widget.status, 200) << widget.body;
  EXPECT_TRUE(widget.body.find("0 uur per week opgegeven") != std::string::npos ||
              widget.body.find("You stated 0 hours") != std::string::npos)
      << widget.body;
}

// A klus may be posted without a deadline: responses are then open until
// the end date (or until it is filled or closed), and it is matched as usual.
TEST_P(MatchTest, AKlusWithoutADeadlineIsOpenUntilItEnds) {
  Portfolio(kFit, json::object());
  json body = {{"title", "Zonder deadline"},
               {"description", "Wij zoeken iemand die met Python data analyseert."},
               {"hours", "4"},
               {"time_mode", "per_week"},
               {"end_date", DaysAhead(40)},
               {"region", "Utrecht"},
               {"audience", "group"},
               {"required_skills", json::array({"Python"})},
               {"publish", true}};
  Answer posted =
      api().Post("/api/v1/groups/" + std::to_string(kOpenGroup) + "/klussen", kPoster, body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_TRUE(posted.json["deadline"].is_null()) << posted.body;
  EXPECT_EQ(posted.json["responses_until"], DaysAhead(40) + "T23:59:59Z") << posted.body;
  const int64_t id = posted.json["id"];
  EXPECT_EQ(CandidateSet(id), (std::set<int64_t>{kFit}));
  EXPECT_TRUE(Eventually([&] { return ForYou(kFit).count(id) == 1; }));
  EXPECT_EQ(api()
                .Post("/api/v1/klussen/" + std::to_string(id) + "/apply", kFit,
                      {{"motivation", "Graag!"}})
                .status,
            201);
  body.erase("end_date");
  posted = api().Post("/api/v1/groups/" + std::to_string(kOpenGroup) + "/klussen", kPoster, body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_TRUE(posted.json["deadline"].is_null()) << posted.body;
  EXPECT_TRUE(posted.json["responses_until"].is_null()) << posted.body;
  // The deadline job leaves it open.
  Answer again =
      api().Get("/api/v1/klussen/" + std::to_string(posted.json["id"].get<int64_t>()), kPoster);
  EXPECT_EQ(again.json["state"], "open") << again.body;
}

TEST_P(MatchTest, ExplanationsHoldOnlyWhatTheViewerMaySee) {
  EveryoneButTheCases();
  int64_t klus =
      Klus(kOpenGroup, "group",
           {{"desired_skills", json::array({"Geheimschrift"})}, {"region", ""}, {"remote", true}});
  std::string bodies;
  std::vector<int64_t> all = AllCandidates(klus, 20, &bodies);
  // The private item and the private host value are never used for others:
  // not as a match, not in a reason, not in the list.
  EXPECT_EQ(std::count(all.begin(), all.end(), kPrivateSkill), 0);
  // Parsed into a variable: a range-for over a temporary's member would dangle.
  const json first_page = json::parse(api().Get(CandidatesPath(klus, 0, 20), kPoster).body);
  for (const auto& item : first_page["items"]) {
    for (const auto& skill : item["why"]["skills"]) {
      EXPECT_NE(skill["matched"], "Geheimschrift") << item.dump();
    }
    if (item["user_guid"] == kHostOnly) {
      // The host profile's logged-in skill counts; its location is shown.
      EXPECT_EQ(item["why"]["skills"][0]["matched"], "Python") << item.dump();
    }
  }
  Answer html = api().Get("/widgets/klussen/" + std::to_string(klus) + "/candidates", kPoster);
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_NE(html.body.find("Femke Fit"), std::string::npos) << html.body;
  EXPECT_EQ(html.body.find("Paul Prive"), std::string::npos);
  // The wanted label may show as missing; no member's private value does.
  EXPECT_EQ(html.body.find("Vaardigheid: Geheimschrift"), std::string::npos) << html.body;
  EXPECT_EQ(html.body.find("Gewenste vaardigheid: Geheimschrift"), std::string::npos);
  EXPECT_NE(html.body.find("name=\"user_guid\" value=\"10\""), std::string::npos) << html.body;
  EXPECT_NE(html.body.find("Uitnodigen"), std::string::npos);
  // A member whose about-text and region are private: neither shows.
  Answer hide = api().Put("/api/v1/portfolio", kFit,
                          {{"about_visibility", "private"},
                           {"about", "Mijn geheime hobby"},
                           {"discoverable", true},
                           {"region", "Utrecht"},
                           {"hours_per_week", "8"}});
  ASSERT_EQ(hide.status, 200) << hide.body;
  Answer after = api().Get(CandidatesPath(klus, 0, 20), kPoster);
  EXPECT_EQ(after.body.find("geheime"), std::string::npos) << after.body;
  for (const auto& item : after.json["items"]) {
    if (item["user_guid"] == kFit) {
      EXPECT_TRUE(item["why"]["region"].is_null()) << item.dump();
    }
  }
}

TEST_P(MatchTest, OnlyManagersSeeCandidatesAndBadInputIsRefused) {
  EveryoneButTheCases();
  int64_t klus = Klus(kOpenGroup);
  EXPECT_EQ(api().Get(CandidatesPath(klus, 0, 10), kFit).status, 403);
  EXPECT_EQ(api().Get(CandidatesPath(klus, 0, 10), 0).status, 401);
  EXPECT_EQ(api().Get(CandidatesPath(klus, 0, 10), kSiteAdmin).status, 200);
  EXPECT_EQ(api().Get(CandidatesPath(999999, 0, 10), kPoster).status, 404);
  EXPECT_EQ(api().Get(CandidatesPath(klus, 0, 0), kPoster).status, 400);
  EXPECT_EQ(api().Get(CandidatesPath(klus, 0, 51), kPoster).status, 400);
  EXPECT_EQ(api().Get(CandidatesPath(klus, -1, 10), kPoster).status, 400);
  EXPECT_EQ(api()
                .Get("/api/v1/klussen/" + std::to_string(klus) + "/candidates?limit=abc", kPoster)
                .status,
            400);
  EXPECT_EQ(api().Get("/api/v1/matches/klussen", 0).status, 401);
  EXPECT_EQ(api().Get("/widgets/klussen/voor-jou?limit=1000", kFit).status, 400);
  // Still serving.
  EXPECT_EQ(api().Get(CandidatesPath(klus, 0, 10), kPoster).status, 200);
}

TEST_P(MatchTest, KlussenVoorJouOnlyHoldsKlussenTheMemberMaySeeAndApplyTo) {
  EveryoneButTheCases();
  int64_t open_group = Klus(kOpenGroup);
  int64_t hidden_group = Klus(kHiddenGroup);
  int64_t site = Klus(kHiddenGroup, "site");
  ASSERT_TRUE(Eventually([&] { return ForYou(kFit).count(site) == 1; }));
  EXPECT_EQ(ForYou(kFit), (std::set<int64_t>{open_group, site}));
  // Chris is in the hidden group only: its group klus, the site klus, and not
  // the open group's klus (he could not apply without joining).
  EXPECT_EQ(ForYou(kClosedMember), (std::set<int64_t>{hidden_group, site}));
  // Own constraints count too: too few hours, nothing.
  EXPECT_TRUE(ForYou(kFewHours).empty());
  // The poster is never suggested their own klus, however well it fits.
  Portfolio(kPoster, json::object());
  EXPECT_TRUE(ForYou(kPoster).empty());

  Answer widget = api().Get("/widgets/klussen/voor-jou", kFit);
  ASSERT_EQ(widget.status, 200) << widget.body;
  EXPECT_NE(widget.body.find("Klussen voor jou"), std::string::npos);
  std::string lower = widget.body;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  EXPECT_NE(lower.find("vaardigheid: python"), std::string::npos) << widget.body;
  EXPECT_NE(widget.body.find("view/" + std::to_string(open_group)), std::string::npos);
  EXPECT_EQ(widget.body.find("view/" + std::to_string(hidden_group)), std::string::npos);
  Answer english = api().Get("/widgets/klussen/voor-jou", kFit, "en");
  EXPECT_NE(english.body.find("Klussen for you"), std::string::npos) << english.body;
  // A member without a portfolio gets a hint instead of an error.
  Answer nobody = api().Get("/widgets/klussen/voor-jou", kSiteAdmin);
  ASSERT_EQ(nobody.status, 200) << nobody.body;
  EXPECT_NE(nobody.body.find("portfolio/edit"), std::string::npos) << nobody.body;
}

TEST_P(MatchTest, OptOutAndErasureLeaveEveryCandidateListAtOnce) {
  EveryoneButTheCases();
  int64_t first = Klus(kOpenGroup);
  int64_t second = Klus(kOpenGroup, "platform", {{"title", "Dashboard bouwen"}});
  ASSERT_EQ(CandidateSet(first).count(kFit), 1u);
  ASSERT_EQ(CandidateSet(second).count(kFit), 1u);
  // No waiting: the answer to the switch comes after the index changed.
  ASSERT_EQ(api().Post("/api/v1/portfolio/discoverable", kFit, {{"discoverable", false}}).status,
            200);
  EXPECT_EQ(CandidateSet(first).count(kFit), 0u);
  EXPECT_EQ(CandidateSet(second).count(kFit), 0u);
  // Opting in works the same way.
  ASSERT_EQ(
      api().Post("/api/v1/portfolio/discoverable", kOptedOut, {{"discoverable", true}}).status,
      200);
  EXPECT_EQ(CandidateSet(first).count(kOptedOut), 1u);
  // Erasure: gone from every list before the answer.
  ASSERT_EQ(CandidateSet(first).count(kLeaver), 1u);
  Answer erased = api().Post("/api/v1/portfolio/erase", kLeaver, {{"confirm", true}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(CandidateSet(first).count(kLeaver), 0u);
  EXPECT_EQ(CandidateSet(second).count(kLeaver), 0u);
}

TEST_P(MatchTest, IndexFollowsProfilesMembershipsKlussenAndDepartures) {
  EveryoneButTheCases();
  int64_t hidden = Klus(kHiddenGroup);
  // Members of closed and hidden groups are held in memory and follow the
  // host within a poll: Femke joins the hidden group and becomes a candidate.
  EXPECT_EQ(CandidateSet(hidden), std::set<int64_t>{kClosedMember});
  served_.db->RunSql(
      "INSERT INTO elgg_entity_relationships (guid_one, relationship, guid_two, "
      "time_created) VALUES (10, 'member', 51, 1700000000)");
  EXPECT_TRUE(Eventually([&] {
    return CandidateSet(hidden) == std::set<int64_t>{kClosedMember, kFit};
  }));
  // Leaving counts at once: every shown candidate is re-checked on the host.
  served_.db->RunSql(
      "DELETE FROM elgg_entity_relationships WHERE guid_one = 10 AND relationship = 'member' "
      "AND guid_two = 51");
  EXPECT_EQ(CandidateSet(hidden), std::set<int64_t>{kClosedMember});

  // A portfolio changed by another sidecar (straight in the table, counting
  // the version on as every write does) is seen within a poll.
  int64_t open = Klus(kOpenGroup);
  ASSERT_EQ(CandidateSet(open).count(kFewHours), 0u);
  served_.db->RunSql(
      "UPDATE klussen_portfolio SET hours_per_week_tenths = 120, version = version + 1, "
      "updated_at = UNIX_TIMESTAMP() WHERE user_guid = 13");
  EXPECT_TRUE(Eventually([&] { return CandidateSet(open).count(kFewHours) == 1; }));

  // A new klus reaches "Klussen voor jou" within a poll.
  int64_t fresh = Klus(kOpenGroup, "platform", {{"title", "Nieuwe klus"}});
  EXPECT_TRUE(Eventually([&] { return ForYou(kFit).count(fresh) == 1; }));
  // An invitation makes the person involved: no longer suggested.
  ASSERT_EQ(api()
                .Post("/api/v1/klussen/" + std::to_string(fresh) + "/invite", kPoster,
                      {{"user_guid", kFit}})
                .status,
            201);
  EXPECT_EQ(CandidateSet(fresh).count(kFit), 0u);
  EXPECT_EQ(ForYou(kFit).count(fresh), 0u);  // at once, not only after the next poll
  // A cancelled klus leaves "Klussen voor jou".
  ASSERT_EQ(api()
                .Post("/api/v1/klussen/" + std::to_string(open) + "/transition", kPoster,
                      {{"to", "cancelled"}})
                .status,
            200);
  EXPECT_TRUE(Eventually([&] { return ForYou(kFit).count(open) == 0; }));

  // A member disabled in the host leaves the lists (the poll drops them from
  // the index; each shown candidate is also re-read from the host).
  ASSERT_EQ(CandidateSet(fresh).count(kLeaver), 1u);
  served_.db->RunSql(
      "UPDATE elgg_entities SET enabled = 'no', time_updated = UNIX_TIMESTAMP() "
      "WHERE guid = 19");
  EXPECT_TRUE(Eventually([&] { return CandidateSet(fresh).count(kLeaver) == 0; }));
}

INSTANTIATE_TEST_SUITE_P(Generations, MatchTest, ::testing::Values("elgg1", "elgg3"));

}  // namespace
}  // namespace klussen
