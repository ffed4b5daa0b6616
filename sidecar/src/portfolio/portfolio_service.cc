#include "portfolio/portfolio_service.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/dates.h"
#include "klus/klus_input.h"
#include "store/klus_store.h"
#include "store/portfolio_store.h"

namespace klussen::portfolio {
namespace {

constexpr size_t kAboutMax = 2000, kRegionMax = 100, kLabelMax = 255, kConceptIdMax = 255;
constexpr size_t kTitleMax = 200, kProviderMax = 200, kUrlMax = 500, kDetailMax = 5000;
constexpr size_t kNoteMax = 1000;
constexpr int kMaxHoursPerWeekTenths = 800;
constexpr size_t kMaxItems = 300, kMaxEntries = 300;

using nlohmann::json;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Puts `item`, the member's newest (highest id), where the store's reads put
// it: ORDER BY kind, id, the kind column an ENUM in ItemKind's order.
void InsertInStoreOrder(std::vector<Item>* items, Item item) {
  auto key = [](const Item& i) { return std::pair(static_cast<int>(i.kind), i.id); };
  auto at = std::upper_bound(items->begin(), items->end(), item,
                             [&](const Item& a, const Item& b) { return key(a) < key(b); });
  items->insert(at, std::move(item));
}

// "2020", "2020-05" or "2020-05-31".
bool IsPartialDate(const std::string& text) {
  if (text.empty()) return true;
  if (text.size() == 10) return ParseIsoDate(text).has_value();
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
  };
  if (text.size() == 4) return digits(0, 4);
  if (text.size() == 7 && text[4] == '-' && digits(0, 4) && digits(5, 2)) {
    int month = std::stoi(text.substr(5, 2));
    return month >= 1 && month <= 12;
  }
  return false;
}

bool IsHttpUrl(const std::string& url) {
  if (url.empty()) return true;
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>';
  });
}

Result<std::string> Text(const json& body, const char* key, size_t max, bool newlines) {
  return klus::ReadText(body, key, max, newlines);
}

Result<Visibility> VisibilityField(const json& body, const char* key, Visibility fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  auto v = it->is_string() ? ParseVisibility(it->get<std::string>()) : std::nullopt;
  if (!v) return InvalidArgument(std::string("'") + key + "' must be platform, site or private");
  return *v;
}

int64_t DayOf(const std::string& date, int64_t fallback) {
  auto day = ParseIsoDate(date);
  return day ? *day : fallback;
}

}  // namespace

PortfolioService::PortfolioService(host::HostReader* host, store::Pool* pool, Guid site_guid,
                                   Clock clock)
    : host_(host), pool_(pool), site_guid_(site_guid), clock_(std::move(clock)) {}

Result<Portfolio> PortfolioService::LoadWithAvailability(store::Connection& c, Guid user) {
  KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, user));
  KL_ASSIGN_OR_RETURN(auto commitments, store::LoadCommitments(c, user));
  DeriveAvailability(&p.availability, commitments, clock_() / kSecondsPerDay);
  return p;
}

Result<Portfolio> PortfolioService::Own(const Member& member) {
  if (member.guid <= 0) return Unauthenticated("log in to see your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  return LoadWithAvailability(*lease, member.guid);
}

Result<Portfolio> PortfolioService::View(const Member& viewer, Guid owner) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(std::optional<host::HostUser> user, host_->GetUser(*lease, owner));
  if (!user) return NotFound("member not found");
  KL_ASSIGN_OR_RETURN(Portfolio p, LoadWithAvailability(*lease, owner));
  PortfolioViewer who{viewer.guid, viewer.site_guid == site_guid_};
  return VisiblePart(who, p);
}

Settings PortfolioService::ParseSettings(const json& body, const Settings& current,
                                         std::vector<klus::FieldError>* errors) {
  Settings s = current;
  static const std::set<std::string> kKnown = {
      "discoverable",    "about",          "about_visibility",
      "region",          "hours_per_week", "available_from",
      "available_until", "weekdays",       "availability_visibility",
      "manager_guid",    "version"};
  for (const auto& [key, value] : body.items()) {
    if (!kKnown.count(key)) errors->push_back({key.substr(0, 64), "unknown"});
  }
  auto fail = [&](const char* field, const char* code) { errors->push_back({field, code}); };
  if (auto it = body.find("discoverable"); it != body.end()) {
    if (it->is_boolean()) {
      s.discoverable = it->get<bool>();
    } else if (*it == "1" || *it == "0" || *it == "on" || *it == "") {
      s.discoverable = *it == "1" || *it == "on";
    } else {
      fail("discoverable", "invalid");
    }
  }
  for (auto [key, out, max, newlines] : {std::tuple{"about", &s.about, kAboutMax, true},
                                         std::tuple{"region", &s.region, kRegionMax, false}}) {
    if (!body.contains(key)) continue;
    auto text = Text(body, key, max, newlines);
    if (!text.ok()) {
      fail(key, body[key].is_string() && klus::CleanText(body[key].get<std::string>(), newlines)
                    ? "too_long"
                    : "invalid");
    } else {
      *out = *text;
    }
  }
  for (auto [key, out] : {std::pair{"about_visibility", &s.about_visibility},
                          std::pair{"availability_visibility", &s.availability.visibility}}) {
    auto v = VisibilityField(body, key, *out);
    if (!v.ok()) {
      fail(key, "invalid");
    } else {
      *out = *v;
    }
  }
  if (auto it = body.find("hours_per_week"); it != body.end() && !it->is_null() && *it != "") {
    auto tenths = klus::ParseHoursTenths(*it);
    if (!tenths) {
      fail("hours_per_week", "invalid");
    } else if (*tenths > kMaxHoursPerWeekTenths) {
      fail("hours_per_week", "out_of_range");
    } else {
      s.availability.hours_per_week_tenths = *tenths;
    }
  } else if (it != body.end()) {
    s.availability.hours_per_week_tenths.reset();  // emptied: not stated (0 says "none")
  }
  for (auto [key, out] : {std::pair{"available_from", &s.availability.from},
                          std::pair{"available_until", &s.availability.until}}) {
    auto it = body.find(key);
    if (it == body.end()) continue;
    if (it->is_null() || *it == "") {
      out->clear();
    } else if (!it->is_string() || !ParseIsoDate(it->get<std::string>())) {
      fail(key, "invalid");
    } else {
      *out = it->get<std::string>();
    }
  }
  if (!s.availability.from.empty() && !s.availability.until.empty() &&
      s.availability.until < s.availability.from)
    fail("available_until", "before_start");
  if (auto it = body.find("weekdays"); it != body.end()) {
    uint8_t bits = 0;
    bool ok = true;
    auto add = [&](int64_t day) {
      if (day < 1 || day > 7) return ok = false, void();
      bits |= static_cast<uint8_t>(1u << (day - 1));
    };
    if (it->is_array()) {
      for (const auto& day : *it) {
        if (day.is_number_integer()) {
          add(day.get<int64_t>());
        } else if (day.is_string() && day.get<std::string>().size() == 1 &&
                   std::isdigit(static_cast<unsigned char>(day.get<std::string>()[0]))) {
          add(day.get<std::string>()[0] - '0');
        } else {
          ok = false;
        }
      }
    } else if (!it->is_null()) {
      ok = false;
    }
    if (ok) {
      s.availability.weekdays = bits;
    } else {
      fail("weekdays", "invalid");
    }
  }
  if (auto it = body.find("manager_guid"); it != body.end()) {
    if (it->is_null() || *it == "" || *it == 0) {
      s.manager_guid = 0;
    } else if (it->is_number_integer() && it->get<int64_t>() > 0) {
      s.manager_guid = it->get<int64_t>();
    } else if (it->is_string() && klus::ParseHoursTenths(*it).has_value() &&
               it->get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
               it->get<std::string>().size() < 19) {
      s.manager_guid = std::stoll(it->get<std::string>());
    } else {
      fail("manager_guid", "invalid");
    }
  }
  return s;
}

Result<Portfolio> PortfolioService::UpdateSettings(const Member& member, const Settings& s,
                                                   int expected_version,
                                                   std::vector<klus::FieldError>* errors) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  if (s.manager_guid != 0) {
    KL_ASSIGN_OR_RETURN(auto manager, host_->GetUser(c, s.manager_guid));
    if (!manager || s.manager_guid == member.guid) {
      errors->push_back({"manager_guid", "invalid"});
      return InvalidArgument("invalid fields (manager_guid: not a colleague on this platform)");
    }
  }
  const int64_t now = clock_();
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, member.guid, true));
    if (expected_version != p.version) {
      return Conflict("the portfolio was changed meanwhile (version " + std::to_string(p.version) +
                      "); reload it");
    }
    p.discoverable = s.discoverable;
    p.about = s.about;
    p.about_visibility = s.about_visibility;
    p.region = s.region;
    p.availability = s.availability;
    p.manager_guid = s.manager_guid;
    return store::SavePortfolioRow(c, p, now);
  }));
  return ChangedAndReloaded(c, member.guid);
}

Result<Portfolio> PortfolioService::SetDiscoverable(const Member& member, bool discoverable) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, member.guid, true));
    p.discoverable = discoverable;
    return store::SavePortfolioRow(c, p, now);
  }));
  return ChangedAndReloaded(c, member.guid);
}

Result<Portfolio> PortfolioService::ChangedAndReloaded(store::Connection& c, Guid user) {
  Result<Portfolio> fresh = LoadWithAvailability(c, user);
  Changed(c, user, fresh.ok() ? &*fresh : nullptr);
  return fresh;
}

Result<Item> PortfolioService::ParseItem(const json& body) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  Item item;
  KL_ASSIGN_OR_RETURN(std::string kind, Text(body, "kind", 16, false));
  auto parsed_kind = ParseItemKind(kind.empty() ? "skill" : kind);
  if (!parsed_kind) return InvalidArgument("'kind' must be skill, interest or language");
  item.kind = *parsed_kind;
  KL_ASSIGN_OR_RETURN(item.label, Text(body, "label", kLabelMax, false));
  if (item.label.empty()) return InvalidArgument("'label' is required");
  KL_ASSIGN_OR_RETURN(item.concept_id, Text(body, "concept_id", kConceptIdMax, false));
  if (auto it = body.find("level"); it != body.end() && !it->is_null() && *it != "") {
    int64_t level = -1;
    if (it->is_number_integer()) level = it->get<int64_t>();
    if (it->is_string() && it->get<std::string>().size() == 1)
      level = it->get<std::string>()[0] - '0';
    if (level < 0 || level > kMaxLevel) return InvalidArgument("'level' must be 0 to 3");
    item.level = static_cast<int>(level);
  }
  KL_ASSIGN_OR_RETURN(item.visibility, VisibilityField(body, "visibility", Visibility::kSite));
  return item;
}

Result<Entry> PortfolioService::ParseEntry(const json& body) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  Entry e;
  KL_ASSIGN_OR_RETURN(std::string kind, Text(body, "kind", 16, false));
  auto parsed_kind = ParseEntryKind(kind);
  if (!parsed_kind)
    return InvalidArgument("'kind' must be course, certificate, education, badge or position");
  e.kind = *parsed_kind;
  KL_ASSIGN_OR_RETURN(e.title, Text(body, "title", kTitleMax, false));
  if (e.title.empty()) return InvalidArgument("'title' is required");
  KL_ASSIGN_OR_RETURN(e.provider, Text(body, "provider", kProviderMax, false));
  KL_ASSIGN_OR_RETURN(e.start_date, Text(body, "start_date", 10, false));
  KL_ASSIGN_OR_RETURN(e.end_date, Text(body, "end_date", 10, false));
  if (!IsPartialDate(e.start_date) || !IsPartialDate(e.end_date))
    return InvalidArgument("dates must be YYYY, YYYY-MM or YYYY-MM-DD");
  KL_ASSIGN_OR_RETURN(e.url, Text(body, "url", kUrlMax, false));
  if (!IsHttpUrl(e.url)) return InvalidArgument("'url' must be an http(s) address");
  KL_ASSIGN_OR_RETURN(e.detail, Text(body, "detail", kDetailMax, true));
  KL_ASSIGN_OR_RETURN(e.visibility, VisibilityField(body, "visibility", Visibility::kSite));
  return e;
}

Result<Item> PortfolioService::AddItem(const Member& member, Item item) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  item.created_at = now;
  if (item.source.empty()) item.source = "self";
  Portfolio committed;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(committed, store::LockPortfolioWithItems(c, member.guid));
    const Portfolio& p = committed;
    if (p.items.size() >= kMaxItems) return InvalidArgument("a portfolio holds at most 300 items");
    for (const auto& existing : p.items) {
      if (existing.kind == item.kind && Lower(existing.label) == Lower(item.label))
        return Conflict("'" + item.label + "' is already in your portfolio");
    }
    KL_ASSIGN_OR_RETURN(item.id, store::InsertItem(c, member.guid, item));
    return store::SavePortfolioRow(c, p, now);  // marks it changed for the index's polling
  }));
  // The row was locked from the read to the commit, so the row and items as
  // committed are what the transaction read plus this item and the saved
  // stamp: the index refresh need not read them again.
  committed.exists = true;
  committed.version += 1;
  committed.updated_at = now;
  InsertInStoreOrder(&committed.items, item);
  Result<Portfolio> fresh = CompleteForMatching(c, std::move(committed));
  Changed(c, member.guid, fresh.ok() ? &*fresh : nullptr);
  return item;
}

Result<Portfolio> PortfolioService::CompleteForMatching(store::Connection& c, Portfolio p) {
  KL_ASSIGN_OR_RETURN(p.confirmed_skills, store::LoadConfirmedSkills(c, p.user_guid));
  KL_ASSIGN_OR_RETURN(auto commitments, store::LoadCommitments(c, p.user_guid));
  DeriveAvailability(&p.availability, commitments, clock_() / kSecondsPerDay);
  return p;
}

Result<Item> PortfolioService::ChangeItem(const Member& member, int64_t id, int level,
                                          Visibility visibility) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  if (level < 0 || level > kMaxLevel) return InvalidArgument("'level' must be 0 to 3");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  Item changed;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LockPortfolioWithItems(c, member.guid));
    auto it =
        std::find_if(p.items.begin(), p.items.end(), [&](const Item& i) { return i.id == id; });
    if (it == p.items.end()) return NotFound("item not found");
    it->level = level;
    it->visibility = visibility;
    changed = *it;
    KL_RETURN_IF_ERROR(store::UpdateItem(c, member.guid, *it));
    return store::SavePortfolioRow(c, p, clock_());
  }));
  Changed(c, member.guid);
  return changed;
}

Status PortfolioService::RemoveItem(const Member& member, int64_t id) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, member.guid, true));
    KL_ASSIGN_OR_RETURN(bool removed, store::DeleteItem(c, member.guid, id));
    if (!removed) return NotFound("item not found");
    return store::SavePortfolioRow(c, p, clock_());
  }));
  Changed(c, member.guid);
  return Status::Ok();
}

Result<Entry> PortfolioService::AddEntry(const Member& member, Entry entry) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  entry.created_at = now;
  if (entry.source.empty()) entry.source = "self";
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, member.guid, true));
    if (p.entries.size() >= kMaxEntries)
      return InvalidArgument("a portfolio holds at most 300 entries");
    KL_ASSIGN_OR_RETURN(entry.id, store::InsertEntry(c, member.guid, entry));
    return store::SavePortfolioRow(c, p, now);
  }));
  Changed(c, member.guid);
  return entry;
}

Status PortfolioService::RemoveEntry(const Member& member, int64_t id) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, member.guid, true));
    KL_ASSIGN_OR_RETURN(bool removed, store::DeleteEntry(c, member.guid, id));
    if (!removed) return NotFound("entry not found");
    return store::SavePortfolioRow(c, p, clock_());
  }));
  Changed(c, member.guid);
  return Status::Ok();
}

namespace {

// The host profile's skills and interests as portfolio items (source "profile").
std::vector<Item> ProfileItems(const std::vector<host::ProfileValue>& values) {
  std::vector<Item> items;
  for (const auto& value : values) {
    ItemKind kind;
    if (value.field == "skills") {
      kind = ItemKind::kSkill;
    } else if (value.field == "interests") {
      kind = ItemKind::kInterest;
    } else {
      continue;
    }
    // Elgg tags are stored one per row, but older sites keep "a, b, c".
    size_t start = 0;
    while (start <= value.value.size()) {
      size_t comma = std::min(value.value.find(',', start), value.value.size());
      auto label = klus::CleanText(value.value.substr(start, comma - start), false);
      start = comma + 1;
      if (!label || label->empty() || klus::CodePoints(*label) > kLabelMax) continue;
      Item item;
      item.kind = kind;
      item.label = *label;
      item.source = "profile";
      // The member's Elgg choice carries over: public stays platform-wide,
      // logged-in stays on the site, anything narrower stays private.
      item.visibility = value.access_id == host::kAccessPublic     ? Visibility::kPlatform
                        : value.access_id == host::kAccessLoggedIn ? Visibility::kSite
                                                                   : Visibility::kPrivate;
      items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace

Result<int> PortfolioService::ImportFromProfile(const Member& member) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  std::vector<Item> items;
  {
    KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
    KL_ASSIGN_OR_RETURN(std::vector<host::ProfileValue> values,
                        host_->ProfileValues(*lease, member.guid));
    items = ProfileItems(values);
  }
  KL_ASSIGN_OR_RETURN(auto added, SaveImported(member, std::move(items), {}));
  return added.first;
}

Result<std::vector<std::string>> PortfolioService::ProfileSuggestions(const Member& member) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(std::vector<host::ProfileValue> values,
                      host_->ProfileValues(*lease, member.guid));
  KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(*lease, member.guid));
  std::set<std::string> have;
  for (const auto& i : p.items) have.insert(Lower(i.label));
  std::vector<std::string> out;
  for (const auto& item : ProfileItems(values)) {
    if (have.insert(Lower(item.label)).second) out.push_back(item.label);
  }
  return out;
}

Result<std::pair<int, int>> PortfolioService::SaveImported(const Member& member,
                                                           std::vector<Item> items,
                                                           std::vector<Entry> entries) {
  if (member.guid <= 0) return Unauthenticated("log in to edit your portfolio");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  std::pair<int, int> added{0, 0};
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    added = {0, 0};  // counted again if the transaction is run again
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(c, member.guid, true));
    std::set<std::pair<ItemKind, std::string>> have;
    for (const auto& i : p.items) have.insert({i.kind, Lower(i.label)});
    std::set<std::pair<EntryKind, std::string>> have_entries;
    for (const auto& e : p.entries)
      have_entries.insert({e.kind, Lower(e.title + "|" + e.provider)});
    for (auto& item : items) {
      if (!have.insert({item.kind, Lower(item.label)}).second) continue;
      if (p.items.size() + added.first >= kMaxItems)
        return InvalidArgument("a portfolio holds at most 300 items");
      if (item.source.empty()) item.source = "imported";
      item.created_at = now;
      KL_RETURN_IF_ERROR(store::InsertItem(c, member.guid, item).status());
      ++added.first;
    }
    for (auto& entry : entries) {
      if (!have_entries.insert({entry.kind, Lower(entry.title + "|" + entry.provider)}).second)
        continue;
      if (p.entries.size() + added.second >= kMaxEntries)
        return InvalidArgument("a portfolio holds at most 300 entries");
      if (entry.source.empty()) entry.source = "imported";
      entry.created_at = now;
      KL_RETURN_IF_ERROR(store::InsertEntry(c, member.guid, entry).status());
      ++added.second;
    }
    return store::SavePortfolioRow(c, p, now);
  }));
  Changed(c, member.guid);
  return added;
}

Result<int> PortfolioService::FreeTenths(Guid member, int64_t first_day, int64_t last_day) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(*lease, member));
  int64_t from = DayOf(p.availability.from, kOpenStart);
  int64_t until = DayOf(p.availability.until, kOpenEnd);
  if (first_day < from || last_day > until) return 0;  // outside the offered period
  KL_ASSIGN_OR_RETURN(auto commitments, store::LoadCommitments(*lease, member));
  return portfolio::FreeTenths(p.availability.hours_per_week_tenths.value_or(0), commitments,
                               first_day, last_day);
}

Result<Budget> PortfolioService::RequestBudget(const Member& member, int hours_per_week_tenths,
                                               const std::string& from, const std::string& until,
                                               const std::string& note) {
  if (member.guid <= 0) return Unauthenticated("log in to ask for a budget");
  if (hours_per_week_tenths <= 0 || hours_per_week_tenths > kMaxHoursPerWeekTenths)
    return InvalidArgument("'hours_per_week' must be between 0.1 and 80");
  auto first = ParseIsoDate(from), last = ParseIsoDate(until);
  if (!first || !last || *last < *first)
    return InvalidArgument("'from' and 'until' must be dates (YYYY-MM-DD), until not before from");
  if (klus::CodePoints(note) > kNoteMax) return InvalidArgument("'note' is too long");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(*lease, member.guid));
  if (p.manager_guid == 0) return FailedPrecondition("name your manager in your portfolio first");
  Budget b;
  b.user_guid = member.guid;
  b.manager_guid = p.manager_guid;
  b.hours_per_week_tenths = hours_per_week_tenths;
  b.period_from = from;
  b.period_until = until;
  b.state = BudgetState::kRequested;
  b.note = note;
  b.created_at = clock_();
  KL_ASSIGN_OR_RETURN(b.id, store::InsertBudget(*lease, b));
  return b;
}

Result<Budget> PortfolioService::DecideBudget(const Member& manager, int64_t id, bool confirm) {
  if (manager.guid <= 0) return Unauthenticated("log in to decide");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  Budget decided;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(auto budget, store::GetBudget(c, id, true));
    if (!budget || budget->manager_guid != manager.guid) return NotFound("budget not found");
    if (budget->state != BudgetState::kRequested)
      return Conflict("this request was decided already");
    budget->state = confirm ? BudgetState::kConfirmed : BudgetState::kRefused;
    budget->decided_at = clock_();
    decided = *budget;
    return store::SetBudgetState(c, id, budget->state, budget->decided_at);
  }));
  return decided;
}

Result<std::vector<Budget>> PortfolioService::BudgetsToDecide(const Member& manager) {
  if (manager.guid <= 0) return Unauthenticated("log in");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  return store::BudgetsForManager(*lease, manager.guid);
}

Result<bool> PortfolioService::WithinBudget(Guid member, const klus::Klus& klus) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(*lease, member));
  if (p.manager_guid == 0) return true;  // no manager named: no agreement to keep
  const auto& f = klus.fields;
  auto start = ParseIsoDate(f.start_date), end = ParseIsoDate(f.end_date);
  Commitment load = KlusCommitment(f.time_mode == klus::TimeMode::kPerWeek, f.hours_tenths,
                                   start.value_or(0), start.has_value(), end.value_or(0),
                                   end.has_value(), klus::WorkStartsAt(klus) / kSecondsPerDay);
  KL_ASSIGN_OR_RETURN(auto commitments, store::LoadCommitments(*lease, member));
  commitments.push_back(load);
  int64_t last = load.last_day == kOpenEnd ? load.first_day + 365 : load.last_day;
  int peak = PeakWeeklyLoad(commitments, load.first_day, last);
  for (const auto& b : p.budgets) {
    if (b.state != BudgetState::kConfirmed) continue;
    if (DayOf(b.period_from, kOpenEnd) <= load.first_day &&
        DayOf(b.period_until, kOpenStart) >= last && peak <= b.hours_per_week_tenths)
      return true;
  }
  return false;
}

Result<std::string> PortfolioService::CheckManagerAgreement(Guid member, const klus::Klus& klus) {
  Guid manager = 0;
  {
    KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
    KL_ASSIGN_OR_RETURN(Portfolio p, store::LoadPortfolio(*lease, member));
    manager = p.manager_guid;
  }
  if (manager == 0) return std::string("no_manager");
  KL_ASSIGN_OR_RETURN(bool within, WithinBudget(member, klus));
  if (within) return std::string("within_budget");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  klus::Event event{0,
                    klus.id,
                    member,
                    manager,
                    "manager_approval_requested",
                    json{{"hours_tenths", klus.fields.hours_tenths},
                         {"time_mode", klus::Name(klus.fields.time_mode)}}
                        .dump(),
                    clock_()};
  KL_RETURN_IF_ERROR(store::AddEvent(*lease, event).status());
  return std::string("manager_asked");
}

Result<json> PortfolioService::Export(const Member& member) {
  if (member.guid <= 0) return Unauthenticated("log in to download your data");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(json tables, store::ExportMemberData(*lease, member.guid));
  return json{{"user_guid", member.guid},
              {"exported_at", FormatIsoInstant(clock_())},
              {"about",
               "Alle gegevens die klussen over jou bewaart / all data klussen keeps "
               "about you (AVG/GDPR art. 15)"},
              {"tables", tables}};
}

Result<json> PortfolioService::Erase(const Member& member) {
  if (member.guid <= 0) return Unauthenticated("log in to delete your data");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  json changed;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(changed, store::EraseMemberData(c, member.guid, clock_()));
    return Status::Ok();
  }));
  Changed(c, member.guid);
  return changed;
}

}  // namespace klussen::portfolio
