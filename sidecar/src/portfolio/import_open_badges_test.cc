#include "portfolio/import_open_badges.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/dates.h"
#include "support/test_db.h"

namespace klussen::portfolio {
namespace {

using nlohmann::json;

// 2025-01-01T00:00:00Z: after every issuedOn in the fixtures, before the bundle's expiry.
const int64_t kNow = *ParseIsoInstant("2025-01-01T00:00:00Z");

std::string Fixture(const std::string& name) {
  std::ifstream in(klussen::testing::SourcePath("tests/fixtures/imports/" + name),
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

json FixtureJson(const std::string& name) { return json::parse(Fixture(name)); }

Result<ImportPreview> Parse(const json& value, int64_t now = kNow) {
  return ParseOpenBadgeAssertion(value.dump(), now);
}

bool HasWarning(const ImportPreview& preview, std::string_view text) {
  for (const std::string& warning : preview.warnings) {
    if (warning.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string ErrorOf(const Result<ImportPreview>& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? "" : result.status().message();
}

TEST(OpenBadgeImportTest, ReadsAnAssertionWithEmbeddedBadgeAndIssuer) {
  auto preview = ParseOpenBadgeAssertion(Fixture("badge_embedded.json"), kNow);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  ASSERT_EQ(preview->courses.size(), 1u);
  const ImportedCourse& course = preview->courses[0];
  EXPECT_EQ(course.kind, "badge");
  EXPECT_EQ(course.title, "Data-analyse met Python voor beleidsmakers");
  EXPECT_EQ(course.provider, "Example Academie voor Rijksprofessionals");
  EXPECT_EQ(course.issuer, "https://leren.example-academie.nl");
  EXPECT_EQ(course.date, "2024-03-15");
  EXPECT_EQ(course.url, "https://leren.example-academie.nl/badges/assertion.php?b=4f1c2e9a0b7d");
  EXPECT_EQ(course.criteria,
            "Alle modules afgerond en de eindopdracht (een analyse van open data van CBS) met een "
            "voldoende beoordeeld.");

  ASSERT_EQ(preview->skills.size(), 4u);
  EXPECT_EQ(preview->skills[0].label, "Python (computerprogrammering)");
  EXPECT_EQ(preview->skills[0].source, "open_badges");
  EXPECT_EQ(preview->skills[0].reference,
            "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d");
  EXPECT_EQ(preview->skills[0].detail,
            "alignment of badge \"Data-analyse met Python voor beleidsmakers\" (ESCO)");
  EXPECT_EQ(preview->skills[1].label, "gegevens analyseren");
  EXPECT_EQ(preview->skills[2].label, "python");
  EXPECT_EQ(preview->skills[2].reference, "");
  EXPECT_EQ(preview->skills[3].label, "data-analyse");
  EXPECT_TRUE(preview->positions.empty());
  EXPECT_TRUE(preview->warnings.empty()) << preview->warnings[0];
}

TEST(OpenBadgeImportTest, ReadsAHostedVerificationBundle) {
  auto preview = ParseOpenBadgeAssertion(Fixture("badge_hosted_bundle.json"), kNow);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  ASSERT_EQ(preview->courses.size(), 1u);
  const ImportedCourse& course = preview->courses[0];
  EXPECT_EQ(course.title, "Basis informatiebeveiliging (BIO)");
  EXPECT_EQ(course.provider, "Leerplein Gemeente Voorbeeldstad");
  EXPECT_EQ(course.issuer, "https://moodle.example-gemeente.nl");
  EXPECT_EQ(course.date, "2023-11-02");
  EXPECT_EQ(course.criteria, "https://moodle.example-gemeente.nl/badges/badgeclass.php?id=12");
  ASSERT_EQ(preview->skills.size(), 3u);
  EXPECT_EQ(preview->skills[0].label, "informatiebeveiliging toepassen");
  EXPECT_TRUE(preview->warnings.empty()) << preview->warnings[0];
}

TEST(OpenBadgeImportTest, ReadsABundleKeyedByUrlInAnyOrder) {
  json array = FixtureJson("badge_hosted_bundle.json");
  json by_url = json::object();
  for (auto it = array.rbegin(); it != array.rend(); ++it) by_url[(*it)["id"]] = *it;
  auto preview = Parse(by_url);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->courses.at(0).title, "Basis informatiebeveiliging (BIO)");
}

TEST(OpenBadgeImportTest, WarnsAboutAnExpiredBadge) {
  auto later = ParseOpenBadgeAssertion(Fixture("badge_hosted_bundle.json"),
                                       *ParseIsoInstant("2026-01-01T00:00:00Z"));
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_TRUE(
      HasWarning(*later, "badge \"Basis informatiebeveiliging (BIO)\" expired on 2025-11-02"));
  EXPECT_EQ(later->courses.size(), 1u);  // still offered; the member decides
}

TEST(OpenBadgeImportTest, WarnsAboutAnAssertionHostedElsewhereAndSignedBadges) {
  json bundle = FixtureJson("badge_hosted_bundle.json");
  bundle[0]["id"] = "https://badges.elders.example/a/1";
  auto elsewhere = Parse(bundle);
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status().ToString();
  EXPECT_TRUE(HasWarning(*elsewhere, "is hosted at https://badges.elders.example"));
  bundle[0]["verification"]["allowedOrigins"] = "badges.elders.example";
  auto allowed = Parse(bundle);
  ASSERT_TRUE(allowed.ok());
  EXPECT_TRUE(allowed->warnings.empty());

  json embedded = FixtureJson("badge_embedded.json");
  embedded["verification"] = {{"type", "SignedBadge"}, {"creator", "https://x.example/key"}};
  auto signed_badge = Parse(embedded);
  ASSERT_TRUE(signed_badge.ok()) << signed_badge.status().ToString();
  EXPECT_TRUE(HasWarning(*signed_badge, "signature was not checked"));
}

TEST(OpenBadgeImportTest, JsonOfTheWrongTypeIsAClearError) {
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("[1, 2, 3]", kNow)),
            "item 1 of the JSON array is a number, not an Open Badges document");
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("\"https://example.nl/assertion/1\"", kNow)),
            "expected a JSON object (an Open Badges assertion), got a string");
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("null", kNow)),
            "expected a JSON object (an Open Badges assertion), got null");
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("[]", kNow)),
            "the JSON array is empty: no Open Badges documents");
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("{\"name\": \"x\"}", kNow)),
            "not an Open Badges document: no \"type\" or \"@context\", and \"name\" is a string, "
            "not a document");
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("{\"a\": 1", kNow)),
            "the badge file is not valid JSON (UTF-8)");
  EXPECT_EQ(ErrorOf(ParseOpenBadgeAssertion("{\"a\": \"caf\xE9\"}", kNow)),
            "the badge file is not valid JSON (UTF-8)");
}

TEST(OpenBadgeImportTest, MissingOrWrongPartsAreClearErrors) {
  json embedded = FixtureJson("badge_embedded.json");
  auto without = [&](const std::string& key) {
    json copy = embedded;
    copy.erase(key);
    return ErrorOf(Parse(copy));
  };
  EXPECT_EQ(without("badge"), "the assertion has no \"badge\"");
  EXPECT_EQ(without("recipient"), "the assertion has no \"recipient\" object");
  EXPECT_EQ(without("verification"), "the assertion has no \"verification\" object");
  EXPECT_EQ(without("issuedOn"), "the assertion has no \"issuedOn\"");
  EXPECT_EQ(without("@context"),
            "the document has no \"@context\"; Open Badges 2.0 documents reference "
            "https://w3id.org/openbadges/v2");

  json copy = embedded;
  copy["badge"] = 42;
  EXPECT_EQ(ErrorOf(Parse(copy)),
            "the assertion's \"badge\" is a number, not a BadgeClass or its URL");
  copy = embedded;
  copy["badge"]["name"] = json::array({"x"});
  EXPECT_EQ(ErrorOf(Parse(copy)), "the assertion's badge's \"name\" is an array, not text");
  copy = embedded;
  copy["badge"]["issuer"].erase("name");
  EXPECT_EQ(ErrorOf(Parse(copy)),
            "badge \"Data-analyse met Python voor beleidsmakers\"'s issuer has no \"name\"");
  copy = embedded;
  copy["issuedOn"] = "gisteren";
  EXPECT_EQ(ErrorOf(Parse(copy)),
            "the assertion's \"issuedOn\" \"gisteren\" is not an ISO 8601 date");
  copy = embedded;
  copy["verification"]["type"] = "trust-me";
  EXPECT_NE(ErrorOf(Parse(copy)).find("neither hosted nor signed"), std::string::npos);
  copy = embedded;
  copy["id"] = "urn:uuid:1234";
  EXPECT_NE(ErrorOf(Parse(copy)).find("hosted verification but its \"id\""), std::string::npos);
  copy = embedded;
  copy["type"] = "BadgeClass";
  EXPECT_NE(ErrorOf(Parse(copy)).find("no Open Badges Assertion"), std::string::npos);
}

TEST(OpenBadgeImportTest, ABadgeUrlWithoutItsDocumentIsAnErrorWeDoNotFetch) {
  json bundle = FixtureJson("badge_hosted_bundle.json");
  json only_assertion = json::array({bundle[0]});
  std::string error = ErrorOf(Parse(only_assertion));
  EXPECT_NE(error.find("points at a BadgeClass "
                       "\"https://moodle.example-gemeente.nl/badges/badge_json.php?id=12\" that "
                       "is not in the upload"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("does not fetch"), std::string::npos);

  json no_issuer = json::array({bundle[0], bundle[1]});
  EXPECT_NE(ErrorOf(Parse(no_issuer)).find("points at an issuer Profile"), std::string::npos);

  json wrong_type = bundle;
  wrong_type[2]["type"] = "Assertion";
  wrong_type[2]["id"] = "https://moodle.example-gemeente.nl/other";
  wrong_type[1]["issuer"] = wrong_type[2]["id"];
  EXPECT_NE(ErrorOf(Parse(wrong_type)).find("is not an issuer Profile"), std::string::npos);
}

TEST(OpenBadgeImportTest, OtherVersionsAndFormatsAreRefused) {
  json v1 = FixtureJson("badge_embedded.json");
  v1["@context"] = "https://w3id.org/openbadges/v1";
  EXPECT_EQ(ErrorOf(Parse(v1)),
            "the document is Open Badges 1.x; only Open Badges 2.0 is supported");
  json v3 = v1;
  v3["@context"] = json::array({"https://www.w3.org/2018/credentials/v1",
                                "https://purl.imsglobal.org/spec/ob/v3p0/context.json"});
  EXPECT_NE(ErrorOf(Parse(v3)).find("Open Badges 3.0"), std::string::npos);
  json other = v1;
  other["@context"] = "https://schema.org";
  EXPECT_NE(ErrorOf(Parse(other)).find("does not reference https://w3id.org/openbadges/v2"),
            std::string::npos);
  json array_context = v1;
  array_context["@context"] = json::array({"https://w3id.org/openbadges/v2", {{"x", "y"}}});
  EXPECT_TRUE(Parse(array_context).ok());

  EXPECT_NE(ErrorOf(ParseOpenBadgeAssertion("eyJhbGciOiJSUzI1NiJ9.eyJ9.sig", kNow)).find("JWS"),
            std::string::npos);
  EXPECT_NE(ErrorOf(ParseOpenBadgeAssertion(std::string("\x89PNG\r\n\x1a\n", 8) + "....", kNow))
                .find("badge image"),
            std::string::npos);
}

TEST(OpenBadgeImportTest, ARevokedAssertionIsRefused) {
  json embedded = FixtureJson("badge_embedded.json");
  embedded["revoked"] = true;
  embedded["revocationReason"] = "Uitgegeven aan de verkeerde persoon";
  EXPECT_EQ(ErrorOf(Parse(embedded)),
            "the assertion is revoked by its issuer: Uitgegeven aan de verkeerde persoon");
}

TEST(OpenBadgeImportTest, SizeAndDepthLimitsComeBeforeParsing) {
  std::string big = "[\"" + std::string(50u << 20, 'a') + "\"]";  // a 50 MB file
  auto too_big = ParseOpenBadgeAssertion(big, kNow);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(too_big.status().message(), "the badge file is larger than 1024 KB");

  std::string deep = std::string(33, '[') + std::string(33, ']');
  auto too_deep = ParseOpenBadgeAssertion(deep, kNow);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(too_deep.status().message(), "the JSON is nested deeper than 32 levels");
  // Brackets inside strings do not count.
  json embedded = FixtureJson("badge_embedded.json");
  embedded["badge"]["description"] = std::string(100, '[') + "\\\"" + std::string(100, '{');
  EXPECT_TRUE(Parse(embedded).ok());
  // 32 levels are fine for the scan (then it is just the wrong type).
  std::string ok_depth = std::string(32, '[') + std::string(32, ']');
  EXPECT_NE(ErrorOf(ParseOpenBadgeAssertion(ok_depth, kNow)).find("item 1"), std::string::npos);
}

TEST(OpenBadgeImportTest, SeveralBadgesInOneBundleShareSkills) {
  json bundle = FixtureJson("badge_hosted_bundle.json");
  json second = bundle[0];
  second["id"] = "https://moodle.example-gemeente.nl/badges/assertion.php?b=second&obversion=2";
  second["issuedOn"] = "2024-02-01";
  bundle.push_back(second);
  auto preview = Parse(bundle);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->courses.size(), 2u);
  EXPECT_EQ(preview->courses[1].date, "2024-02-01");
  EXPECT_EQ(preview->skills.size(), 3u);  // the same alignment and tags, once

  json duplicate = FixtureJson("badge_hosted_bundle.json");
  duplicate.push_back(duplicate[2]);
  EXPECT_NE(ErrorOf(Parse(duplicate)).find("same id as another document"), std::string::npos);
}

TEST(OpenBadgeImportTest, CleansTextAndDropsUnsafeUrls) {
  json embedded = FixtureJson("badge_embedded.json");
  embedded["badge"]["name"] = "  Badge\twith\u0007control  ";
  embedded["badge"]["issuer"]["url"] = "javascript:alert(1)";
  embedded["badge"]["alignment"] = json::array(
      {{{"targetName", "ok"}, {"targetUrl", "data:text/html,x"}}, {{"targetUrl", "https://x"}}, 7});
  auto preview = Parse(embedded);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->courses[0].title, "Badge withcontrol");
  // The issuer's id is the fallback for an unusable url.
  EXPECT_EQ(preview->courses[0].issuer,
            "https://leren.example-academie.nl/badges/issuer_json.php?id=1");
  EXPECT_EQ(preview->skills[0].label, "ok");
  EXPECT_EQ(preview->skills[0].reference, "");
  EXPECT_TRUE(HasWarning(*preview, "alignment 2 has no usable targetName"));
  EXPECT_TRUE(HasWarning(*preview, "alignment 3 is a number"));
}

}  // namespace
}  // namespace klussen::portfolio
