// One reading of the request target for verifying and for serving
// (docs/protocol.md, "Unambiguous targets"): the real sidecar over real HTTP,
// with the attacks of issue 14 point 6. Each is refused with 400 or served as
// exactly what was signed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "support/raw_http.h"
#include "support/serve.h"
#include "support/signed_client.h"

namespace klussen {
namespace {

using nlohmann::json;
using testing::Answer;

constexpr int64_t kOwner40 = 2, kAdmin40 = 7;

class RequestTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    served_ = testing::ServeModel("tests/fixtures/models/tiny.json", "elgg3");
    // Klus 1, posted by group 40's admin: on their "posted" list, not on "involved".
    const int64_t today = UnixNow() / kSecondsPerDay;
    json body = {{"title", "Nota over open data"},
                 {"description", "Wie helpt mee met een nota?"},
                 {"required_skills", json::array({"Beleidsadvies"})},
                 {"time_mode", "per_week"},
                 {"hours", "3,5"},
                 {"deadline", FormatIsoDate(today + 30)},
                 {"start_date", FormatIsoDate(today + 31)},
                 {"end_date", FormatIsoDate(today + 90)},
                 {"region", "Utrecht"},
                 {"remote", true},
                 {"people_needed", 1},
                 {"audience", "group"},
                 {"publish", true}};
    Answer posted = api().Post("/api/v1/groups/40/klussen", kAdmin40, body);
    ASSERT_EQ(posted.status, 201) << posted.body;
    klus_ = posted.json["id"];
  }
  testing::SignedClient& api() { return *served_.client; }
  static void ExpectRefused(const Answer& answer, const std::string& what) {
    EXPECT_EQ(answer.status, 400) << what << ": " << answer.body;
    EXPECT_EQ(answer.json["error"]["code"], "invalid_argument") << what << ": " << answer.body;
    EXPECT_TRUE(answer.json.contains("request_id")) << what;
  }

  testing::ServedModel served_;
  int64_t klus_ = 0;
};

TEST_F(RequestTargetTest, PercentUEscapeIsRefusedAndTheSignedSpellingServedAsSigned) {
  ASSERT_EQ(klus_, 1);
  const std::string klus1 = "/api/v1/klussen/1";
  ASSERT_EQ(api().Get(klus1, kAdmin40).status, 200);
  // cpp-httplib decodes %u0031 to "1"; the canonical form keeps it as the text "%u0031".
  ExpectRefused(
      api().SendSignedFor("GET", "/api/v1/klussen/%25u0031", "/api/v1/klussen/%u0031", kAdmin40),
      "signed %25u0031, sent %u0031");
  ExpectRefused(api().Get("/api/v1/klussen/%u0031", kAdmin40), "%u0031 signed as sent");
  // What was signed, sent as signed: the klus whose id is the text "%u0031", which is no klus.
  Answer as_signed = api().Get("/api/v1/klussen/%25u0031", kAdmin40);
  EXPECT_EQ(as_signed.status, 404) << as_signed.body;
}

TEST_F(RequestTargetTest, RawEqualsInAValueIsRefused) {
  ExpectRefused(api().SendSignedFor("GET", "/api/v1/me?a=b%3Dc", "/api/v1/me?a=b=c", kAdmin40),
                "signed a=b%3Dc, sent a=b=c");
  EXPECT_EQ(api().Get("/api/v1/me?a=b%3Dc", kAdmin40).status, 200);
  // Signed as sent: the canonical form reads mine = "involved=posted", cpp-httplib "posted".
  ExpectRefused(api().Get("/api/v1/klussen?mine=involved=posted", kAdmin40),
                "mine=involved=posted");
  // Encoded, it is the one value "involved=posted", which is neither list.
  Answer encoded = api().Get("/api/v1/klussen?mine=involved%3Dposted", kAdmin40);
  EXPECT_EQ(encoded.status, 400) << encoded.body;
  EXPECT_NE(encoded.body.find("must be posted or involved"), std::string::npos) << encoded.body;
}

TEST_F(RequestTargetTest, RepeatedQueryNamesAreRefusedInEitherOrder) {
  ExpectRefused(api().Get("/api/v1/klussen?mine=posted&mine=involved", kAdmin40), "posted first");
  ExpectRefused(api().Get("/api/v1/klussen?mine=involved&mine=posted", kAdmin40), "involved first");
  ExpectRefused(api().SendSignedFor("GET", "/api/v1/klussen?mine=posted&mine=involved",
                                    "/api/v1/klussen?mine=involved&mine=posted", kAdmin40),
                "signed one order, sent the other");
  ExpectRefused(api().Get("/api/v1/klussen?mine=posted&%6Dine=involved", kAdmin40),
                "repeated once decoded");
  // One name, once: the list asked for.
  Answer posted = api().Get("/api/v1/klussen?mine=posted", kAdmin40);
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.json["items"].size(), 1u);
  Answer involved = api().Get("/api/v1/klussen?mine=involved", kAdmin40);
  ASSERT_EQ(involved.status, 200) << involved.body;
  EXPECT_EQ(involved.json["items"].size(), 0u);
}

TEST_F(RequestTargetTest, RefusedBeforeAnyCredentialForBearerAndAnonymousCallersToo) {
  const int port = served_.sidecar->ListeningPort();
  for (const std::string target :
       {"/api/v1/klussen/%u0031", "/api/v1/klussen?mine=involved=posted",
        "/api/v1/klussen?mine=posted&mine=involved", "/widgets/klussen/%u0031"}) {
    for (const std::string& credential :
         {std::string(), std::string("Authorization: Bearer not-even-a-token\r\n")}) {
      std::string answer = testing::RawExchange(
          port,
          "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + credential + "\r\n");
      EXPECT_EQ(testing::StatusOf(answer), 400) << target << "\n" << answer;
      EXPECT_NE(answer.find("invalid_argument"), std::string::npos) << answer;
    }
  }
  // A refused target is no authentication failure: a well-formed request still gets its 401.
  std::string anonymous = testing::RawExchange(
      port, "GET /api/v1/klussen?mine=posted HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(testing::StatusOf(anonymous), 401) << anonymous;
}

}  // namespace
}  // namespace klussen
