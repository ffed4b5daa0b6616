// Turns the JSON a client (or the glue's form forwarder) sends into klus
// values, and checks them. Lenient about representation where forms are
// likely (numbers as strings, "3,5" with a decimal comma, "1"/"on" for
// booleans, skills as a comma-separated string), strict about content.
//
// Text rules: valid UTF-8 only; CR LF becomes LF; other control characters are
// removed; leading/trailing white space trimmed; lengths count code points.
// Limits: title 3..150, description 1..10000, skill label 1..100 (max 20 per
// list), region 100, organisation 200, hours 0.5..80 per week or 0.5..2000 in
// total, people 1..50, motivation/messages 2000, reason text 1000.
// Deadlines: Unix seconds, "YYYY-MM-DDTHH:MM:SSZ" (or with offset), or a date
// "YYYY-MM-DD" meaning the end of that day (23:59:59 UTC).
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "klus/klus_model.h"

namespace klussen::klus {

struct KlusInput {
  KlusFields fields;
  std::vector<FieldError> errors;
  // What was typed for fields that failed to parse, to show it back.
  std::vector<std::pair<std::string, std::string>> raw_values;
  bool ok() const { return errors.empty(); }
};

// Reads every klus field from `body` (an object; keys it does not know are
// errors with code "unknown", except `ignored_keys`). Missing fields get their
// defaults and are then reported by ValidateKlusFields where required.
KlusInput ParseKlusInput(const nlohmann::json& body,
                         const std::vector<std::string_view>& ignored_keys);

// Content checks; `now` for "deadline in the past" when `deadline_in_future`.
std::vector<FieldError> ValidateKlusFields(const KlusFields& fields, int64_t now,
                                           bool deadline_in_future);

// Cleans one free-text value by the text rules above; nullopt when it is not
// valid UTF-8.
std::optional<std::string> CleanText(std::string_view text, bool keep_newlines);
size_t CodePoints(std::string_view utf8);

// A short text field of a request body (motivation, reason text): absent is
// "", wrong type or too long is InvalidArgument naming the field.
Result<std::string> ReadText(const nlohmann::json& body, std::string_view key, size_t max_chars,
                             bool keep_newlines);

// Hours as tenths: 3 -> 30, "3,5" -> 35, 0.25 -> nullopt (only tenths allowed).
std::optional<int> ParseHoursTenths(const nlohmann::json& value);

// Skill references: ["Python", {"concept_id": "...", "label": "..."}] or "a, b".
std::optional<std::vector<SkillRef>> ParseSkills(const nlohmann::json& value, std::string* code);

}  // namespace klussen::klus
