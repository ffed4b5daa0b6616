#include "suggest/documents.h"

#include <algorithm>
#include <cctype>

#include "common/dates.h"
#include "portfolio/availability.h"

namespace klussen::suggest {
namespace {

std::string RegionKey(std::string_view name) {
  size_t begin = 0;
  size_t end = name.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(name[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(name[end - 1]))) --end;
  std::string key;
  key.reserve(end - begin);
  bool space = false;
  for (size_t i = begin; i < end; ++i) {
    unsigned char ch = static_cast<unsigned char>(name[i]);
    if (std::isspace(ch)) {
      space = true;
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += static_cast<char>(std::tolower(ch));
  }
  return key;
}

match::Day DayOr(const std::string& date, match::Day fallback) {
  auto day = ParseIsoDate(date);
  return day ? static_cast<match::Day>(*day) : fallback;
}

bool EveryMemberMayRead(int access_id) {
  return access_id == host::kAccessPublic || access_id == host::kAccessLoggedIn;
}

// Elgg tags are one value per row, but older sites keep "a, b, c".
std::vector<std::string> SplitTags(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = std::min(value.find(',', start), value.size());
    std::string part = value.substr(start, comma - start);
    size_t b = part.find_first_not_of(" \t\r\n");
    size_t e = part.find_last_not_of(" \t\r\n");
    if (b != std::string::npos) out.push_back(part.substr(b, e - b + 1));
    start = comma + 1;
  }
  return out;
}

}  // namespace

match::RegionCode RegionCodes::CodeOf(std::string_view name) {
  std::string key = RegionKey(name);
  if (key.empty()) return match::kNoRegion;
  std::lock_guard lock(mu_);
  auto found = codes_.find(key);
  if (found != codes_.end()) return found->second;
  constexpr size_t kLast = 0xFFFF;
  if (names_.size() > kLast) return static_cast<match::RegionCode>(kLast);
  auto code = static_cast<match::RegionCode>(names_.size());
  names_.emplace_back(name);
  codes_.emplace(std::move(key), code);
  return code;
}

std::string RegionCodes::NameOf(match::RegionCode code) const {
  std::lock_guard lock(mu_);
  return code < names_.size() ? names_[code] : std::string();
}

match::Person PersonDocument(const portfolio::Portfolio& portfolio,
                             const std::vector<host::ProfileValue>& host_values,
                             RegionCodes& regions) {
  using portfolio::ItemKind;
  using portfolio::Visibility;
  match::Person person;
  person.guid = static_cast<match::Guid>(portfolio.user_guid);
  person.discoverable = portfolio.discoverable;
  const bool about_shown = portfolio.about_visibility != Visibility::kPrivate;
  const auto shared = [](Visibility v) {
    return v == Visibility::kPrivate ? match::Visibility::kRestricted
                                     : match::Visibility::kEveryone;
  };
  for (const auto& item : portfolio.items) {
    match::SkillInput skill{item.concept_id, item.label};
    if (item.kind == ItemKind::kSkill) {
      person.skills.push_back(
          {std::move(skill), static_cast<uint8_t>(item.level), shared(item.visibility)});
    } else if (item.kind == ItemKind::kInterest) {
      person.interests.push_back(std::move(skill));
    }
  }
  for (const auto& confirmed : portfolio.confirmed_skills) {
    person.skills.push_back(
        {{confirmed.concept_id, confirmed.label},
         0,
         about_shown ? match::Visibility::kEveryone : match::Visibility::kRestricted});
  }
  if (about_shown) person.about = portfolio.about;
  std::string region = about_shown ? portfolio.region : std::string();

  for (const auto& value : host_values) {
    if (!EveryMemberMayRead(value.access_id)) continue;
    if (value.field == "skills") {
      for (auto& tag : SplitTags(value.value)) {
        person.skills.push_back({{"", std::move(tag)}, 0, match::Visibility::kEveryone});
      }
    } else if (value.field == "interests") {
      for (auto& tag : SplitTags(value.value)) person.interests.push_back({"", std::move(tag)});
    } else if (value.field == "description") {
      if (!person.about.empty()) person.about += "\n\n";
      person.about += value.value;
    } else if (value.field == "briefdescription" || value.field == "job_title") {
      // A headline or job title ("Beleidsmedewerker bij gemeente X"): read
      // when host_profile_fields names it; only used to infer likely skills.
      if (person.job_title.empty()) person.job_title = value.value.substr(0, 200);
    } else if (value.field == "location" && region.empty()) {
      region = value.value;
    }
  }
  // The same skill typed twice (portfolio and host profile) counts once.
  // Each label's key once (not once per pair: a start-up load meets
  // millions of labels).
  std::vector<match::PersonSkill> unique;
  std::vector<std::string> unique_keys;  // RegionKey of each kept label
  unique.reserve(person.skills.size());
  unique_keys.reserve(person.skills.size());
  for (auto& skill : person.skills) {
    std::string key = RegionKey(skill.skill.label);
    bool seen = false;
    for (size_t k = 0; k < unique.size(); ++k) {
      auto& kept = unique[k];
      if (kept.skill.concept_id == skill.skill.concept_id && unique_keys[k] == key) {
        if (skill.visibility == match::Visibility::kEveryone) kept.visibility = skill.visibility;
        kept.level = std::max(kept.level, skill.level);
        seen = true;
        break;
      }
    }
    if (!seen) {
      unique.push_back(std::move(skill));
      unique_keys.push_back(std::move(key));
    }
  }
  person.skills = std::move(unique);
  person.region = regions.CodeOf(region);

  const auto& availability = portfolio.availability;
  const bool period_shared = availability.visibility != Visibility::kPrivate;
  if (availability.hours_per_week_tenths == 0) {
    person.hours_available = 0;  // "no time now", whoever may see it
  } else if (!period_shared || !availability.hours_per_week_tenths) {
    // Not stated, or not to be shown: unknown, never a finer filter (a
    // filter would reveal the value through who appears).
    person.hours_available = kUnstatedHours;
  } else {
    person.hours_available = static_cast<float>(availability.free_tenths) / 10.0f;
  }
  if (period_shared) {  // a stated period counts whether or not hours were stated
    person.available_from = DayOr(availability.from, match::kOpenStart);
    person.available_to = DayOr(availability.until, match::kOpenEnd);
  }
  return person;
}

float KlusHoursPerWeek(const klus::Klus& klus) {
  const auto& f = klus.fields;
  auto start = ParseIsoDate(f.start_date);
  auto end = ParseIsoDate(f.end_date);
  auto commitment = portfolio::KlusCommitment(
      f.time_mode == klus::TimeMode::kPerWeek, f.hours_tenths, start.value_or(0), start.has_value(),
      end.value_or(0), end.has_value(), klus::WorkStartsAt(klus) / kSecondsPerDay);
  return static_cast<float>(commitment.tenths_per_week) / 10.0f;
}

match::KlusDoc KlusDocument(const klus::Klus& klus, const std::vector<host::Guid>& involved,
                            RegionCodes& regions, int64_t now) {
  match::KlusDoc doc;
  doc.id = static_cast<match::KlusKey>(klus.id);
  const auto& f = klus.fields;
  for (const auto& skill : f.required_skills)
    doc.required.push_back({skill.concept_id, skill.label});
  for (const auto& skill : f.desired_skills) doc.desired.push_back({skill.concept_id, skill.label});
  doc.text = f.title + "\n\n" + f.description;
  doc.hours_needed = KlusHoursPerWeek(klus);
  doc.accept_unknown_hours = f.accept_unknown_hours;
  doc.from = DayOr(f.start_date, match::kOpenStart);
  doc.to = DayOr(f.end_date, match::kOpenEnd);
  doc.region = regions.CodeOf(f.region);
  doc.remote = f.remote;
  doc.open = klus.state == klus::KlusState::kOpen && (f.deadline == 0 || f.deadline > now);
  doc.poster = static_cast<match::Guid>(klus.poster_guid);
  for (host::Guid guid : involved) doc.involved.push_back(static_cast<match::Guid>(guid));
  std::sort(doc.involved.begin(), doc.involved.end());
  doc.involved.erase(std::unique(doc.involved.begin(), doc.involved.end()), doc.involved.end());
  return doc;
}

}  // namespace klussen::suggest
