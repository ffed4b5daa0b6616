#include "server/portfolio_json.h"

#include "common/dates.h"
#include "server/klus_json.h"

namespace klussen::server {

using nlohmann::json;

json ItemToJson(const portfolio::Item& i) {
  return {{"id", i.id},
          {"kind", portfolio::Name(i.kind)},
          {"label", i.label},
          {"concept_id", i.concept_id.empty() ? json() : json(i.concept_id)},
          {"level", i.level},
          {"source", i.source},
          {"source_detail", i.source_detail},
          {"visibility", portfolio::Name(i.visibility)}};
}

json EntryToJson(const portfolio::Entry& e) {
  return {{"id", e.id},
          {"kind", portfolio::Name(e.kind)},
          {"title", e.title},
          {"provider", e.provider},
          {"start_date", e.start_date},
          {"end_date", e.end_date},
          {"url", e.url},
          {"detail", e.detail},
          {"source", e.source},
          {"source_detail", e.source_detail},
          {"visibility", portfolio::Name(e.visibility)}};
}

json BudgetToJson(const portfolio::Budget& b) {
  return {{"id", b.id},
          {"user_guid", b.user_guid},
          {"manager_guid", b.manager_guid},
          {"hours_per_week", TenthsToJson(b.hours_per_week_tenths)},
          {"from", b.period_from},
          {"until", b.period_until},
          {"state", portfolio::Name(b.state)},
          {"note", b.note}};
}

json PortfolioToJson(const portfolio::Portfolio& p, bool own) {
  json items = json::array(), entries = json::array(), confirmed = json::array();
  for (const auto& i : p.items) items.push_back(ItemToJson(i));
  for (const auto& e : p.entries) entries.push_back(EntryToJson(e));
  for (const auto& s : p.confirmed_skills) {
    confirmed.push_back({{"label", s.label},
                         {"concept_id", s.concept_id.empty() ? json() : json(s.concept_id)},
                         {"source", "confirmed"},
                         {"klus_id", s.klus_id},
                         {"klus_title", s.klus_title},
                         {"confirmed_by", s.confirmed_by > 0 ? json(s.confirmed_by) : json()},
                         {"confirmed_at", FormatIsoInstant(s.confirmed_at)}});
  }
  json weekdays = json::array();
  for (int day = 1; day <= 7; ++day) {
    if (p.availability.weekdays & (1u << (day - 1))) weekdays.push_back(day);
  }
  const auto& a = p.availability;
  json out = {{"user_guid", p.user_guid},
              {"about", p.about},
              {"region", p.region},
              {"items", items},
              {"entries", entries},
              {"confirmed_skills", confirmed},
              {"availability",
               {{"hours_per_week",
                 a.hours_per_week_tenths ? TenthsToJson(*a.hours_per_week_tenths) : json()},
                {"from", a.from.empty() ? json() : json(a.from)},
                {"until", a.until.empty() ? json() : json(a.until)},
                {"weekdays", weekdays},
                {"committed_hours_per_week", TenthsToJson(a.committed_tenths)},
                {"free_hours_per_week", TenthsToJson(a.free_tenths)}}}};
  if (own) {
    out["discoverable"] = p.discoverable;
    out["about_visibility"] = portfolio::Name(p.about_visibility);
    out["availability"]["visibility"] = portfolio::Name(a.visibility);
    out["manager_guid"] = p.manager_guid > 0 ? json(p.manager_guid) : json();
    out["version"] = p.version;
    json budgets = json::array();
    for (const auto& b : p.budgets) budgets.push_back(BudgetToJson(b));
    out["budgets"] = budgets;
  }
  return out;
}

json ImportPreviewToJson(const portfolio::ImportPreview& preview) {
  json skills = json::array(), courses = json::array(), positions = json::array();
  for (const auto& s : preview.skills)
    skills.push_back({{"label", s.label},
                      {"source", s.source},
                      {"detail", s.detail},
                      {"reference", s.reference}});
  for (const auto& c : preview.courses)
    courses.push_back({{"title", c.title},
                       {"provider", c.provider},
                       {"date", c.date},
                       {"url", c.url},
                       {"kind", c.kind},
                       {"issuer", c.issuer},
                       {"criteria", c.criteria}});
  for (const auto& p : preview.positions)
    positions.push_back({{"title", p.title},
                         {"organisation", p.organisation},
                         {"start", p.start},
                         {"end", p.end},
                         {"description", p.description}});
  return {{"skills", skills},
          {"courses", courses},
          {"positions", positions},
          {"warnings", preview.warnings}};
}

}  // namespace klussen::server
