#include "server/import_input.h"

#include "klus/klus_input.h"
#include "portfolio/portfolio_service.h"

namespace klussen::server {
namespace {

using nlohmann::json;
using portfolio::PortfolioService;

// A kept preview row as an item or entry, checked like a typed one.
Result<std::vector<portfolio::Item>> KeptSkills(const json& body, const std::string& source) {
  std::vector<portfolio::Item> items;
  auto skills = body.find("skills");
  if (skills == body.end()) return items;
  if (!skills->is_array() || skills->size() > 500)
    return InvalidArgument("'skills' must be a list of at most 500 labels");
  for (const auto& skill : *skills) {
    json item = skill.is_string() ? json{{"label", skill}} : skill;
    if (!item.is_object()) return InvalidArgument("'skills' must hold labels or objects");
    json typed = {{"kind", "skill"}, {"label", item.contains("label") ? item["label"] : json()}};
    KL_ASSIGN_OR_RETURN(portfolio::Item parsed, PortfolioService::ParseItem(typed));
    parsed.source = "imported";
    parsed.source_detail = source;
    items.push_back(std::move(parsed));
  }
  return items;
}

Result<std::vector<portfolio::Entry>> KeptEntries(const json& body, const std::string& source) {
  std::vector<portfolio::Entry> entries;
  auto add = [&](const json& typed) -> Status {
    KL_ASSIGN_OR_RETURN(portfolio::Entry parsed, PortfolioService::ParseEntry(typed));
    parsed.source = "imported";
    parsed.source_detail = source;
    entries.push_back(std::move(parsed));
    return Status::Ok();
  };
  auto field = [](const json& row, const char* key) {
    auto it = row.find(key);
    return it != row.end() && it->is_string() ? *it : json("");
  };
  if (auto courses = body.find("courses"); courses != body.end()) {
    if (!courses->is_array() || courses->size() > 500)
      return InvalidArgument("'courses' must be a list of at most 500 objects");
    for (const auto& c : *courses) {
      if (!c.is_object()) return InvalidArgument("'courses' must hold objects");
      std::string kind = field(c, "kind");
      if (kind.empty()) kind = "course";
      std::string criteria = field(c, "criteria");
      std::string issuer = field(c, "issuer");
      KL_RETURN_IF_ERROR(add({{"kind", kind},
                              {"title", field(c, "title")},
                              {"provider", field(c, "provider")},
                              {"start_date", field(c, "date")},
                              {"url", field(c, "url")},
                              {"detail", issuer.empty() ? criteria : criteria + "\n\n" + issuer}}));
    }
  }
  if (auto positions = body.find("positions"); positions != body.end()) {
    if (!positions->is_array() || positions->size() > 500)
      return InvalidArgument("'positions' must be a list of at most 500 objects");
    for (const auto& p : *positions) {
      if (!p.is_object()) return InvalidArgument("'positions' must hold objects");
      KL_RETURN_IF_ERROR(add({{"kind", "position"},
                              {"title", field(p, "title")},
                              {"provider", field(p, "organisation")},
                              {"start_date", field(p, "start")},
                              {"end_date", field(p, "end")},
                              {"detail", field(p, "description")}}));
    }
  }
  return entries;
}

}  // namespace

Result<KeptImport> ParseKeptImport(const json& body) {
  KeptImport kept;
  KL_ASSIGN_OR_RETURN(kept.source, klus::ReadText(body, "source", 32, false));
  if (kept.source != "linkedin" && kept.source != "open_badges")
    return InvalidArgument("'source' must be linkedin or open_badges");
  KL_ASSIGN_OR_RETURN(kept.items, KeptSkills(body, kept.source));
  KL_ASSIGN_OR_RETURN(kept.entries, KeptEntries(body, kept.source));
  return kept;
}

}  // namespace klussen::server
