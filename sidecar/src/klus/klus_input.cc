#include "klus/klus_input.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "common/dates.h"

namespace klussen::klus {
namespace {

constexpr size_t kTitleMin = 3, kTitleMax = 150, kDescriptionMax = 10000;
constexpr size_t kSkillLabelMax = 255, kSkillsMax = 20, kConceptIdMax = 255;
constexpr size_t kRegionMax = 100, kOrganisationMax = 200;
constexpr int kPerWeekMaxTenths = 800, kTotalMaxTenths = 20000, kMinTenths = 5;
constexpr int kPeopleMax = 50;

// Length of the UTF-8 sequence starting with `lead`, 0 when invalid as a lead.
int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool ValidSequence(std::string_view s, size_t at, int length) {
  if (at + length > s.size()) return false;
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[at + i]); };
  for (int i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return false;
  }
  if (length == 3) {
    if (byte(0) == 0xE0 && byte(1) < 0xA0) return false;   // overlong
    if (byte(0) == 0xED && byte(1) >= 0xA0) return false;  // surrogates
  }
  if (length == 4) {
    if (byte(0) == 0xF0 && byte(1) < 0x90) return false;
    if (byte(0) == 0xF4 && byte(1) >= 0x90) return false;
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t'; }

std::string Trim(std::string text) {
  size_t begin = 0, end = text.size();
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string RawOf(const nlohmann::json& value) {
  std::string raw = value.is_string() ? value.get<std::string>() : value.dump();
  if (raw.size() > 200) raw.resize(200);
  return CleanText(raw, false).value_or("");
}

std::optional<int64_t> AsInteger(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
      return static_cast<int64_t>(d);
    return std::nullopt;
  }
  if (value.is_string()) {
    std::string text = Trim(value.get<std::string>());
    if (text.empty() || text.size() > 15) return std::nullopt;
    int64_t result = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return std::nullopt;
      result = result * 10 + (c - '0');
    }
    return result;
  }
  return std::nullopt;
}

std::optional<bool> AsBool(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) {
    int64_t n = value.get<int64_t>();
    if (n == 0 || n == 1) return n == 1;
    return std::nullopt;
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text == "1" || text == "true" || text == "on" || text == "yes") return true;
    if (text == "0" || text == "false" || text == "off" || text == "no" || text.empty())
      return false;
  }
  return std::nullopt;
}

std::optional<int64_t> AsDeadline(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  if (auto days = ParseIsoDate(text)) return *days * kSecondsPerDay + kSecondsPerDay - 1;
  return ParseIsoInstant(text);
}

constexpr std::string_view kFieldKeys[] = {
    "title",  "description",   "required_skills", "desired_skills", "time_mode",
    "hours",  "start_date",    "end_date",        "deadline",       "region",
    "remote", "people_needed", "audience",        "organisation",   "accept_unknown_hours"};

}  // namespace

size_t CodePoints(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::optional<std::string> CleanText(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int length = SequenceLength(c);
    if (length == 0 || !ValidSequence(text, i, length)) return std::nullopt;
    if (length == 1) {
      if (c == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') {
          ++i;
          continue;
        }
        c = '\n';
      }
      if (c == '\n') {
        out.push_back(keep_newlines ? '\n' : ' ');
      } else if (c == '\t') {
        out.push_back(' ');
      } else if (c >= 0x20 && c != 0x7F) {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return Trim(std::move(out));
}

std::optional<int> ParseHoursTenths(const nlohmann::json& value) {
  double hours = 0;
  if (value.is_number()) {
    hours = value.get<double>();
  } else if (value.is_string()) {
    std::string text = Trim(value.get<std::string>());
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.empty() || text.size() > 10 ||
        text.find_first_not_of("0123456789.") != std::string::npos ||
        std::count(text.begin(), text.end(), '.') > 1 || text.front() == '.' || text.back() == '.')
      return std::nullopt;
    hours = std::stod(text);
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(hours) || hours < 0 || hours > 100000) return std::nullopt;
  double tenths = hours * 10;
  if (std::fabs(tenths - std::round(tenths)) > 1e-6) return std::nullopt;
  return static_cast<int>(std::round(tenths));
}

std::optional<std::vector<SkillRef>> ParseSkills(const nlohmann::json& value, std::string* code) {
  std::vector<SkillRef> skills;
  auto add = [&](std::string concept_id, const std::string& label) -> bool {
    auto clean = CleanText(label, false);
    auto clean_id = CleanText(concept_id, false);
    if (!clean || !clean_id) return *code = "invalid", false;
    if (clean->empty()) return true;  // "a, , b" from a form
    if (CodePoints(*clean) > kSkillLabelMax || clean_id->size() > kConceptIdMax)
      return *code = "too_long", false;
    for (const auto& existing : skills) {
      if (existing.label == *clean && existing.concept_id == *clean_id) return true;
    }
    skills.push_back({*clean_id, *clean});
    return true;
  };
  if (value.is_null()) return skills;
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      if (!add("", text.substr(start, comma - start))) return std::nullopt;
      start = comma + 1;
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) {
        if (!add("", item.get<std::string>())) return std::nullopt;
      } else if (item.is_object() && item.contains("label") && item["label"].is_string() &&
                 (!item.contains("concept_id") || item["concept_id"].is_string())) {
        if (!add(item.value("concept_id", ""), item["label"].get<std::string>()))
          return std::nullopt;
      } else {
        *code = "invalid";
        return std::nullopt;
      }
    }
  } else {
    *code = "invalid";
    return std::nullopt;
  }
  if (skills.size() > kSkillsMax) {
    *code = "too_many";
    return std::nullopt;
  }
  return skills;
}

Result<std::string> ReadText(const nlohmann::json& body, std::string_view key, size_t max_chars,
                             bool keep_newlines) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  auto it = body.find(std::string(key));
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return InvalidArgument("'" + std::string(key) + "' must be a string");
  auto clean = CleanText(it->get_ref<const std::string&>(), keep_newlines);
  if (!clean) return InvalidArgument("'" + std::string(key) + "' is not valid UTF-8");
  if (CodePoints(*clean) > max_chars) {
    return InvalidArgument("'" + std::string(key) + "' is longer than " +
                           std::to_string(max_chars) + " characters");
  }
  return *clean;
}

KlusInput ParseKlusInput(const nlohmann::json& body,
                         const std::vector<std::string_view>& ignored_keys) {
  KlusInput input;
  if (!body.is_object()) {
    input.errors.push_back({"body", "invalid"});
    return input;
  }
  auto fail = [&](std::string_view field, std::string_view code, const nlohmann::json* raw) {
    input.errors.push_back({std::string(field), std::string(code)});
    if (raw != nullptr) input.raw_values.emplace_back(std::string(field), RawOf(*raw));
  };
  for (const auto& [key, value] : body.items()) {
    bool known =
        std::find(std::begin(kFieldKeys), std::end(kFieldKeys), key) != std::end(kFieldKeys) ||
        std::find(ignored_keys.begin(), ignored_keys.end(), key) != ignored_keys.end();
    if (!known) fail(key.size() > 64 ? key.substr(0, 64) : key, "unknown", nullptr);
  }
  KlusFields& f = input.fields;
  auto text = [&](std::string_view key, bool newlines, std::string* out) {
    auto it = body.find(std::string(key));
    if (it == body.end() || it->is_null()) return;
    if (!it->is_string()) return fail(key, "invalid", &*it);
    auto clean = CleanText(it->get_ref<const std::string&>(), newlines);
    if (!clean) return fail(key, "invalid", nullptr);
    *out = *clean;
  };
  text("title", false, &f.title);
  text("description", true, &f.description);
  text("region", false, &f.region);
  text("organisation", false, &f.organisation);
  for (auto [key, out] : {std::pair{"required_skills", &f.required_skills},
                          std::pair{"desired_skills", &f.desired_skills}}) {
    auto it = body.find(key);
    if (it == body.end()) continue;
    std::string code;
    auto skills = ParseSkills(*it, &code);
    if (!skills) {
      fail(key, code, &*it);
    } else {
      *out = std::move(*skills);
    }
  }
  if (auto it = body.find("time_mode"); it != body.end() && !it->is_null()) {
    auto mode = it->is_string() ? ParseTimeMode(it->get<std::string>()) : std::nullopt;
    if (!mode) {
      fail("time_mode", "invalid", &*it);
    } else {
      f.time_mode = *mode;
    }
  }
  if (auto it = body.find("hours"); it != body.end() && !it->is_null() && *it != "") {
    auto tenths = ParseHoursTenths(*it);
    if (!tenths) {
      fail("hours", "invalid", &*it);
    } else {
      f.hours_tenths = *tenths;
    }
  }
  for (auto [key, out] :
       {std::pair{"start_date", &f.start_date}, std::pair{"end_date", &f.end_date}}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null() || *it == "") continue;
    if (!it->is_string() || !ParseIsoDate(it->get<std::string>())) {
      fail(key, "invalid", &*it);
    } else {
      *out = it->get<std::string>();
    }
  }
  if (auto it = body.find("deadline"); it != body.end() && !it->is_null() && *it != "") {
    auto deadline = AsDeadline(*it);
    if (!deadline) {
      fail("deadline", "invalid", &*it);
    } else {
      f.deadline = *deadline;
      f.deadline_stated = true;
    }
  } else if (it != body.end() || f.deadline == 0) {
    f.deadline_stated = false;  // named empty, or never given: none
  }
  // Without a deadline responses close when the klus ends (its end date,
  // which may have changed in this input), or never.
  if (!f.deadline_stated) {
    auto end = ParseIsoDate(f.end_date);
    f.deadline = end ? (*end + 1) * kSecondsPerDay - 1 : kNoDeadline;
  }
  for (auto [key, out] : {std::pair{"remote", &f.remote},
                          std::pair{"accept_unknown_hours", &f.accept_unknown_hours}}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    auto value = AsBool(*it);
    if (!value) {
      fail(key, "invalid", &*it);
    } else {
      *out = *value;
    }
  }
  if (auto it = body.find("people_needed"); it != body.end() && !it->is_null() && *it != "") {
    auto people = AsInteger(*it);
    if (!people || *people < 1 || *people > kPeopleMax) {
      fail("people_needed", people ? "out_of_range" : "invalid", &*it);
    } else {
      f.people_needed = static_cast<int>(*people);
    }
  }
  if (auto it = body.find("audience"); it != body.end() && !it->is_null()) {
    auto audience = it->is_string() ? ParseAudience(it->get<std::string>()) : std::nullopt;
    if (!audience) {
      fail("audience", "invalid", &*it);
    } else {
      f.audience = *audience;
    }
  }
  return input;
}

std::vector<FieldError> ValidateKlusFields(const KlusFields& f, int64_t now,
                                           bool deadline_in_future) {
  std::vector<FieldError> errors;
  auto add = [&](const char* field, const char* code) { errors.push_back({field, code}); };
  size_t title = CodePoints(f.title);
  if (title == 0) {
    add("title", "required");
  } else if (title < kTitleMin) {
    add("title", "too_short");
  } else if (title > kTitleMax) {
    add("title", "too_long");
  }
  if (f.description.empty()) {
    add("description", "required");
  } else if (CodePoints(f.description) > kDescriptionMax) {
    add("description", "too_long");
  }
  if (f.required_skills.size() > kSkillsMax) add("required_skills", "too_many");
  if (f.desired_skills.size() > kSkillsMax) add("desired_skills", "too_many");
  if (f.hours_tenths == 0) {
    add("hours", "required");
  } else if (f.hours_tenths < kMinTenths ||
             f.hours_tenths >
                 (f.time_mode == TimeMode::kPerWeek ? kPerWeekMaxTenths : kTotalMaxTenths)) {
    add("hours", "out_of_range");
  }
  const int64_t kNoDate = INT64_MIN;
  int64_t start = f.start_date.empty() ? kNoDate : ParseIsoDate(f.start_date).value_or(kNoDate);
  int64_t end = f.end_date.empty() ? kNoDate : ParseIsoDate(f.end_date).value_or(kNoDate);
  if (start != kNoDate && end != kNoDate && end < start) add("end_date", "before_start");
  if (!f.deadline_stated) {
    // Closes with the end date: an end date in the past is caught by the deadline job.
  } else if (deadline_in_future && f.deadline <= now) {
    add("deadline", "in_past");
  } else if (end != kNoDate && f.deadline > (end + 1) * kSecondsPerDay) {
    add("deadline", "after_end");
  }
  if (!f.remote && f.region.empty()) add("region", "required");
  if (CodePoints(f.region) > kRegionMax) add("region", "too_long");
  if (CodePoints(f.organisation) > kOrganisationMax) add("organisation", "too_long");
  if (f.people_needed < 1 || f.people_needed > kPeopleMax) add("people_needed", "out_of_range");
  return errors;
}

}  // namespace klussen::klus
