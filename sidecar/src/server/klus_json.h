// JSON shapes of the klus API (docs/api.md): one function per value.
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "klus/klus_model.h"
#include "klus/klus_service.h"

namespace klussen::server {

nlohmann::json KlusToJson(const klus::Klus& klus, bool with_counts);
nlohmann::json KlusViewToJson(const klus::KlusView& view);
nlohmann::json ParticipantToJson(const klus::Participant& p, const std::string& name);
nlohmann::json EventToJson(const klus::Event& e);
nlohmann::json SkillsToJson(const std::vector<klus::SkillRef>& skills);
// Hours in tenths as a JSON number with one decimal (35 -> 3.5).
nlohmann::json TenthsToJson(int tenths);

}  // namespace klussen::server
