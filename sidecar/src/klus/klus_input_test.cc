#include "klus/klus_input.h"

#include <gtest/gtest.h>

#include "common/dates.h"

namespace klussen::klus {
namespace {

using nlohmann::json;

const int64_t kNow = DaysFromCivil({2026, 11, 27}) * kSecondsPerDay;

json Valid() {
  return {{"title", "Woo-verzoeken sneller"}, {"description", "Help ons."}, {"hours", 4},
          {"deadline", "2026-12-20"},         {"region", "Utrecht"},        {"people_needed", "2"}};
}

TEST(KlusInputTest, AcceptsFormStylesAndTypedJson) {
  json body = Valid();
  body["hours"] = "3,5";
  body["remote"] = "1";
  body["required_skills"] = "Python, , SQL,Python";
  body["desired_skills"] = json::array({"GIS", {{"concept_id", "esco:x"}, {"label", "Beleid"}}});
  KlusInput input = ParseKlusInput(body, {});
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input.fields.hours_tenths, 35);
  EXPECT_TRUE(input.fields.remote);
  EXPECT_EQ(input.fields.people_needed, 2);
  ASSERT_EQ(input.fields.required_skills.size(), 2u);  // blank and duplicate dropped
  EXPECT_EQ(input.fields.desired_skills[1].concept_id, "esco:x");
  EXPECT_EQ(input.fields.deadline, DaysFromCivil({2026, 12, 20}) * kSecondsPerDay + 86399);
  EXPECT_TRUE(ValidateKlusFields(input.fields, kNow, true).empty());
}

TEST(KlusInputTest, NamesEachBadField) {
  KlusInput input = ParseKlusInput({{"title", 5},
                                    {"hours", "0,25"},
                                    {"deadline", "morgen"},
                                    {"audience", "all"},
                                    {"people_needed", 51},
                                    {"remote", "misschien"},
                                    {"evil", 1}},
                                   {});
  std::vector<std::string> fields;
  for (const auto& e : input.errors) fields.push_back(e.field + ":" + e.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"evil:unknown", "title:invalid", "hours:invalid",
                                              "deadline:invalid", "remote:invalid",
                                              "people_needed:out_of_range", "audience:invalid"}));
  EXPECT_FALSE(input.raw_values.empty());
}

TEST(KlusInputTest, ContentRules) {
  KlusFields f = ParseKlusInput(Valid(), {}).fields;
  auto codes = [&](KlusFields fields, bool future = true) {
    std::vector<std::string> out;
    for (const auto& e : ValidateKlusFields(fields, kNow, future))
      out.push_back(e.field + ":" + e.code);
    return out;
  };
  KlusFields g = f;
  g.title = "ab";
  EXPECT_EQ(codes(g), std::vector<std::string>{"title:too_short"});
  g = f;
  g.deadline = kNow - 1;
  EXPECT_EQ(codes(g), std::vector<std::string>{"deadline:in_past"});
  EXPECT_TRUE(codes(g, false).empty());
  g = f;
  g.region.clear();
  EXPECT_EQ(codes(g), std::vector<std::string>{"region:required"});
  g.remote = true;
  EXPECT_TRUE(codes(g).empty());
  g = f;
  g.start_date = "2027-02-01";
  g.end_date = "2027-01-01";
  EXPECT_EQ(codes(g), std::vector<std::string>{"end_date:before_start"});
  g = f;
  g.hours_tenths = 801;
  EXPECT_EQ(codes(g), std::vector<std::string>{"hours:out_of_range"});
  g.time_mode = TimeMode::kTotal;
  EXPECT_TRUE(codes(g).empty());
}

TEST(KlusInputTest, ADeadlineIsOptional) {
  json body = Valid();
  body.erase("deadline");
  KlusInput input = ParseKlusInput(body, {});
  ASSERT_TRUE(input.ok());
  EXPECT_FALSE(input.fields.deadline_stated);
  EXPECT_EQ(input.fields.deadline, kNoDeadline)
      << "no end date: responses never close by themselves";
  EXPECT_TRUE(ValidateKlusFields(input.fields, kNow, true).empty());
  body["end_date"] = "2027-01-31";
  body["deadline"] = "";  // an emptied form field says the same
  input = ParseKlusInput(body, {});
  ASSERT_TRUE(input.ok());
  EXPECT_FALSE(input.fields.deadline_stated);
  EXPECT_EQ(input.fields.deadline, DaysFromCivil({2027, 1, 31}) * kSecondsPerDay + 86399)
      << "responses close when the klus ends";
  EXPECT_TRUE(ValidateKlusFields(input.fields, kNow, true).empty());
  body["deadline"] = "2027-01-10";
  input = ParseKlusInput(body, {});
  EXPECT_TRUE(input.fields.deadline_stated);
  EXPECT_TRUE(input.fields.accept_unknown_hours) << "the default";
  body["accept_unknown_hours"] = "0";  // the form's hidden field when the box is not ticked
  EXPECT_FALSE(ParseKlusInput(body, {}).fields.accept_unknown_hours);
  body["accept_unknown_hours"] = "perhaps";
  EXPECT_FALSE(ParseKlusInput(body, {}).ok());
}

TEST(KlusInputTest, SkillLabelsAsLongAsEscosAreAccepted) {
  json body = Valid();
  const std::string esco_group(102, 'x');  // ESCO's skill groups reach 108 characters
  body["required_skills"] = json::array({esco_group});
  KlusInput input = ParseKlusInput(body, {});
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input.fields.required_skills.at(0).label, esco_group);
  body["required_skills"] = json::array({std::string(256, 'x')});
  EXPECT_FALSE(ParseKlusInput(body, {}).ok());
}

TEST(KlusInputTest, CleansText) {
  EXPECT_EQ(CleanText("  a\r\nb\x01\tc  ", true), "a\nb c");
  EXPECT_EQ(CleanText("a\nb", false), "a b");
  EXPECT_FALSE(CleanText("bad \xC0\xAF slash", true).has_value());  // overlong
  EXPECT_FALSE(CleanText("\xED\xA0\x80", true).has_value());        // surrogate
  EXPECT_EQ(CleanText("\xE2\x80\xAE rtl \xF0\x9F\x98\x80", true),
            "\xE2\x80\xAE rtl \xF0\x9F\x98\x80");
  EXPECT_EQ(CodePoints("\xC3\xABn"), 2u);
}

TEST(KlusInputTest, ReadTextLimits) {
  json body = {{"motivation", std::string(2001, 'x')}, {"n", 3}};
  EXPECT_EQ(ReadText(body, "motivation", 2000, true).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadText(body, "n", 10, true).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*ReadText(body, "absent", 10, true), "");
}

}  // namespace
}  // namespace klussen::klus
