#include "server/klus_json.h"

#include "common/dates.h"
#include "klus/lifecycle.h"

namespace klussen::server {

namespace {
// A string, or null when empty.
nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}
}  // namespace

nlohmann::json TenthsToJson(int tenths) {
  if (tenths % 10 == 0) return tenths / 10;
  return tenths / 10.0;
}

nlohmann::json SkillsToJson(const std::vector<klus::SkillRef>& skills) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : skills) {
    out.push_back({{"label", s.label}, {"concept_id", OrNull(s.concept_id)}});
  }
  return out;
}

nlohmann::json KlusToJson(const klus::Klus& k, bool with_counts) {
  const auto& f = k.fields;
  nlohmann::json j = {
      {"id", k.id},
      {"group_guid", k.group_guid},
      {"poster_guid", k.poster_guid},
      {"state", klus::Name(k.state)},
      {"title", f.title},
      {"description", f.description},
      {"required_skills", SkillsToJson(f.required_skills)},
      {"desired_skills", SkillsToJson(f.desired_skills)},
      {"time_mode", klus::Name(f.time_mode)},
      {"hours", TenthsToJson(f.hours_tenths)},
      {"start_date", OrNull(f.start_date)},
      {"end_date", OrNull(f.end_date)},
      // null when posted without one; responses_until says when responses close
      // then (the end of the end date), null when never by themselves.
      {"deadline",
       f.deadline_stated ? nlohmann::json(FormatIsoInstant(f.deadline)) : nlohmann::json()},
      {"responses_until", f.deadline == klus::kNoDeadline
                              ? nlohmann::json()
                              : nlohmann::json(FormatIsoInstant(f.deadline))},
      {"accept_unknown_hours", f.accept_unknown_hours},
      {"region", f.region},
      {"remote", f.remote},
      {"people_needed", f.people_needed},
      {"accepted", k.accepted_count},
      {"audience", klus::Name(f.audience)},
      {"organisation", f.organisation},
      {"version", k.version},
      {"copied_from", k.copied_from > 0 ? nlohmann::json(k.copied_from) : nlohmann::json()},
      {"created_at", FormatIsoInstant(k.created_at)},
      {"updated_at", FormatIsoInstant(k.updated_at)},
  };
  if (with_counts) {
    j["responses"] = {
        {"applied", k.applied_count}, {"invited", k.invited_count}, {"accepted", k.accepted_count}};
  }
  return j;
}

nlohmann::json KlusViewToJson(const klus::KlusView& view) {
  nlohmann::json j = KlusToJson(view.klus, view.can_manage);
  j["group_name"] = OrNull(view.group_name);
  j["poster_name"] = OrNull(view.poster_name);
  nlohmann::json transitions = nlohmann::json::array();
  if (view.can_manage) {
    for (auto to : klus::AllowedTransitions(view.klus.state)) transitions.push_back(klus::Name(to));
  }
  j["viewer"] = {
      {"can_manage", view.can_manage},
      {"can_apply", view.apply_blocked_reason.empty()},
      {"apply_blocked_reason", OrNull(view.apply_blocked_reason)},
      {"participation", view.own ? ParticipantToJson(*view.own, "") : nlohmann::json()},
      {"transitions", transitions},
  };
  return j;
}

nlohmann::json ParticipantToJson(const klus::Participant& p, const std::string& name) {
  nlohmann::json j = {
      {"user_guid", p.user_guid},
      {"state", klus::Name(p.state)},
      {"motivation", p.motivation},
      {"reason", OrNull(p.reason_code)},
      {"reason_text", p.reason_text},
      {"invited_by", p.invited_by > 0 ? nlohmann::json(p.invited_by) : nlohmann::json()},
      {"created_at", FormatIsoInstant(p.created_at)},
      {"updated_at", FormatIsoInstant(p.updated_at)},
  };
  if (!name.empty()) j["name"] = name;
  if (p.state == klus::ParticipantState::kCompleted) {
    j["hours_spent"] = TenthsToJson(p.hours_spent_tenths);
    j["confirmed_skills"] = SkillsToJson(p.confirmed_skills);
  }
  return j;
}

nlohmann::json EventToJson(const klus::Event& e) {
  nlohmann::json detail = nlohmann::json::parse(e.detail, nullptr, false);
  if (detail.is_discarded()) detail = nlohmann::json::object();
  return {{"id", e.id},
          {"klus_id", e.klus_id},
          {"actor_guid", e.actor_guid > 0 ? nlohmann::json(e.actor_guid) : nlohmann::json()},
          {"subject_guid", e.subject_guid > 0 ? nlohmann::json(e.subject_guid) : nlohmann::json()},
          {"kind", e.kind},
          {"detail", detail},
          {"created_at", FormatIsoInstant(e.created_at)}};
}

}  // namespace klussen::server
