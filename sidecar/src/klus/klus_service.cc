#include "klus/klus_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/log.h"
#include "klus/klus_input.h"
#include "klus/lifecycle.h"
#include "store/klus_store.h"

namespace klussen::klus {
namespace {

constexpr size_t kReasonTextMax = 1000;
constexpr int kMaxHoursSpentTenths = 100000;

// The same answer for "does not exist" and "may not see it", so existence
// does not leak.
Status KlusNotFound(KlusId) { return NotFound("klus not found"); }

bool IsOneOf(std::string_view value, const auto& list) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

std::string Detail(const nlohmann::json& detail) { return detail.dump(); }

Event MakeEvent(KlusId klus, Guid actor, Guid subject, std::string kind, int64_t now,
                const nlohmann::json& detail = nlohmann::json::object()) {
  return Event{0, klus, actor, subject, std::move(kind), Detail(detail), now};
}

// Maps ApplyBlockedReason to the status the caller gets.
Status ApplyRefusal(std::string_view reason) {
  if (reason == "not_member")
    return PermissionDenied("only members of the group can respond to this klus");
  if (reason == "poster") return Conflict("you posted this klus yourself");
  if (reason == "already_involved") return Conflict("you already responded to this klus");
  if (reason == "not_open") return Conflict("this klus is not open for responses");
  if (reason == "deadline_passed") return Conflict("the deadline for responses has passed");
  if (reason == "full") return Conflict("this klus has all the people it needs");
  return Conflict(std::string(reason));
}

Status FieldFailure(std::vector<FieldError>* errors, std::vector<FieldError> found) {
  if (errors != nullptr) *errors = found;
  std::string fields;
  for (const auto& e : found) fields += (fields.empty() ? "" : ", ") + e.field + ": " + e.code;
  return InvalidArgument("invalid fields (" + fields + ")");
}

}  // namespace

KlusService::KlusService(host::HostReader* host, store::Pool* pool, Guid site_guid, Clock clock)
    : host_(host), pool_(pool), site_guid_(site_guid), clock_(std::move(clock)) {}

Result<host::AccessContext> KlusService::AccessOf(store::Connection& c, const Actor& actor) {
  if (actor.guid <= 0) return host::AccessContext::LoggedOut();
  return host_->LoadAccessContext(c, actor.guid);
}

Result<GroupRelation> KlusService::Relate(store::Connection& c, const Actor& actor, Guid group,
                                          std::string* group_name) {
  KL_ASSIGN_OR_RETURN(host::AccessContext access, AccessOf(c, actor));
  return RelateWith(c, actor, access, group, group_name);
}

Result<GroupRelation> KlusService::RelateWith(store::Connection& c, const Actor& actor,
                                              const host::AccessContext& access, Guid group,
                                              std::string* group_name) {
  const Guid viewer = actor.guid > 0 && access.viewer == actor.guid ? actor.guid : 0;
  KL_ASSIGN_OR_RETURN(std::optional<host::HostGroup> found, host_->GetGroup(c, group));
  bool member = false, admin = false;
  if (found && viewer > 0) {
    KL_ASSIGN_OR_RETURN(member, host_->IsMember(c, viewer, group));
    KL_ASSIGN_OR_RETURN(admin, host_->IsGroupAdmin(c, viewer, group));
  }
  return RelationOf(actor, access, found ? &*found : nullptr, member, admin, group_name);
}

GroupRelation KlusService::RelationOf(const Actor& actor, const host::AccessContext& access,
                                      const host::HostGroup* found, bool member, bool admin,
                                      std::string* group_name) const {
  GroupRelation r;
  r.viewer = actor.guid > 0 ? actor.guid : 0;
  r.same_site = actor.site_guid == site_guid_;
  if (r.viewer > 0 && access.viewer != r.viewer) r.viewer = 0;  // no longer an active user
  r.site_admin = access.site_admin;
  if (found == nullptr) return r;
  r.can_see_group = host::CanRead(access, found->owner_guid, found->entity_access_id);
  r.open_membership = found->open_membership;
  r.tool_enabled = found->klussen_enabled;
  if (r.viewer > 0) {
    r.member = member;
    r.group_admin = admin;
  }
  if (group_name != nullptr && (r.can_see_group || r.member)) *group_name = found->name;
  return r;
}

Result<GroupRelation> KlusService::RelationToGroup(const Actor& actor, Guid group) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  std::string name;
  KL_ASSIGN_OR_RETURN(GroupRelation r, Relate(*lease, actor, group, &name));
  if (name.empty() && !r.site_admin)
    return NotFound("group " + std::to_string(group) + " not found");
  return r;
}

Result<KlusView> KlusService::LoadVisible(store::Connection& c, const Actor& actor, KlusId id,
                                          bool for_update) {
  KL_ASSIGN_OR_RETURN(std::optional<Klus> klus, store::GetKlus(c, id, for_update));
  if (!klus) return KlusNotFound(id);
  KlusView view;
  view.klus = std::move(*klus);
  KL_ASSIGN_OR_RETURN(view.relation, Relate(c, actor, view.klus.group_guid, &view.group_name));
  // A klus of another site of the platform is only visible with audience platform.
  view.relation.same_site = view.relation.same_site && view.klus.site_guid == site_guid_;
  if (!CanSee(view.relation, view.klus)) return KlusNotFound(id);
  view.can_manage = CanManage(view.relation, view.klus);
  KL_ASSIGN_OR_RETURN(view.own, store::GetParticipant(c, id, view.relation.viewer, for_update));
  const Participant* own = view.own ? &*view.own : nullptr;
  view.apply_blocked_reason =
      std::string(ApplyBlockedReason(view.relation, view.klus, own, clock_()));
  return view;
}

Result<KlusView> KlusService::LoadManaged(store::Connection& c, const Actor& actor, KlusId id,
                                          bool for_update) {
  KL_ASSIGN_OR_RETURN(KlusView view, LoadVisible(c, actor, id, for_update));
  if (!view.can_manage) {
    return PermissionDenied("only the poster, group admins and site admins may do this");
  }
  return view;
}

Result<std::string> KlusService::PosterOrganisation(store::Connection& c, Guid poster) {
  KL_ASSIGN_OR_RETURN(std::vector<host::ProfileValue> values, host_->ProfileValues(c, poster));
  for (const auto& value : values) {
    // Only a value every logged-in member may read can be shown on a klus.
    if (value.field != "organisation") continue;
    if (value.access_id != host::kAccessPublic && value.access_id != host::kAccessLoggedIn)
      continue;
    auto clean = CleanText(value.value, false);
    if (!clean || clean->empty() || CodePoints(*clean) > 200) continue;
    return *clean;
  }
  return std::string();
}

Result<Klus> KlusService::Create(const Actor& actor, Guid group, KlusFields fields, bool publish,
                                 const std::string& idempotency_key,
                                 std::vector<FieldError>* errors, bool* created) {
  *created = false;
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  std::string group_name;
  KL_ASSIGN_OR_RETURN(GroupRelation relation, Relate(c, actor, group, &group_name));
  if (relation.viewer <= 0) return Unauthenticated("log in to post a klus");
  if (group_name.empty() && !relation.site_admin)
    return NotFound("group " + std::to_string(group) + " not found");
  if (!relation.tool_enabled) return FailedPrecondition("klussen is not enabled in this group");
  if (!CanPost(relation)) return PermissionDenied("only group admins can post klussen here");
  if (!idempotency_key.empty()) {
    KL_ASSIGN_OR_RETURN(auto existing,
                        store::FindKlusByIdempotencyKey(c, relation.viewer, idempotency_key));
    if (existing) {
      KL_ASSIGN_OR_RETURN(auto klus, store::GetKlus(c, *existing));
      if (!klus || klus->group_guid != group)
        return Conflict("this idempotency key was used for another klus");
      return *klus;
    }
  }
  const int64_t now = clock_();
  std::vector<FieldError> found = ValidateKlusFields(fields, now, true);
  if (!found.empty()) return FieldFailure(errors, std::move(found));
  if (fields.organisation.empty()) {
    KL_ASSIGN_OR_RETURN(fields.organisation, PosterOrganisation(c, relation.viewer));
  }
  Klus klus;
  klus.site_guid = site_guid_;
  klus.group_guid = group;
  klus.poster_guid = relation.viewer;
  klus.state = publish ? KlusState::kOpen : KlusState::kDraft;
  klus.fields = std::move(fields);
  klus.created_at = klus.updated_at = now;
  KlusId id = 0;
  Status written = store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(id, store::InsertKlus(c, klus, idempotency_key));
    KL_RETURN_IF_ERROR(store::AddEvent(c, MakeEvent(id, klus.poster_guid, 0, "created", now,
                                                    {{"group_guid", group}}))
                           .status());
    if (publish) {
      KL_RETURN_IF_ERROR(
          store::AddEvent(c, MakeEvent(id, klus.poster_guid, 0, "published", now)).status());
    }
    return Status::Ok();
  });
  if (written.code() == StatusCode::kConflict && !idempotency_key.empty()) {
    // A concurrent double submit with the same key won the race: answer its klus.
    KL_ASSIGN_OR_RETURN(auto existing,
                        store::FindKlusByIdempotencyKey(c, relation.viewer, idempotency_key));
    if (existing) {
      KL_ASSIGN_OR_RETURN(auto klus_row, store::GetKlus(c, *existing));
      if (klus_row) return *klus_row;
    }
  }
  KL_RETURN_IF_ERROR(written);
  KL_ASSIGN_OR_RETURN(auto stored, store::GetKlus(c, id));
  if (!stored) return Internal("klus " + std::to_string(id) + " vanished after insert");
  *created = true;
  return *stored;
}

Result<KlusView> KlusService::Get(const Actor& actor, KlusId id) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  KL_ASSIGN_OR_RETURN(KlusView view, LoadVisible(c, actor, id, false));
  const int64_t now = clock_();
  if (view.klus.state == KlusState::kOpen && view.klus.fields.deadline <= now) {
    // The deadline job has not run yet: nothing stays open by accident.
    bool changed = false;
    KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() { return ExpireOne(c, id, now, &changed); }));
    KL_ASSIGN_OR_RETURN(view, LoadVisible(c, actor, id, false));
  }
  KL_ASSIGN_OR_RETURN(std::optional<host::HostUser> poster,
                      host_->GetUser(c, view.klus.poster_guid));
  if (poster) view.poster_name = poster->name;
  return view;
}

Result<std::vector<KlusView>> KlusService::GetMany(const Actor& actor,
                                                   const std::vector<KlusId>& ids,
                                                   const ActorReads* known) {
  std::vector<KlusView> views;
  if (ids.empty()) return views;
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  KL_ASSIGN_OR_RETURN(std::vector<Klus> rows, store::GetKlussen(c, ids));
  std::map<KlusId, Klus> found;
  for (auto& k : rows) {
    const KlusId id = k.id;
    if (k.state == KlusState::kOpen && k.fields.deadline <= now) {
      // As in Get: the deadline job has not run yet; expire it, read it again.
      bool changed = false;
      KL_RETURN_IF_ERROR(
          store::InTransaction(c, [&]() { return ExpireOne(c, id, now, &changed); }));
      KL_ASSIGN_OR_RETURN(std::optional<Klus> again, store::GetKlus(c, id));
      if (!again) continue;
      k = std::move(*again);
    }
    found.emplace(id, std::move(k));
  }
  host::AccessContext access;
  if (known != nullptr) {
    access = known->access;
  } else {
    KL_ASSIGN_OR_RETURN(access, AccessOf(c, actor));
  }
  // One relation per group from three batch reads (groups, the viewer's
  // memberships, the groups they administer): what Relate reads per group.
  std::vector<Guid> group_guids;
  for (const auto& [id, k] : found) group_guids.push_back(k.group_guid);
  std::sort(group_guids.begin(), group_guids.end());
  group_guids.erase(std::unique(group_guids.begin(), group_guids.end()), group_guids.end());
  KL_ASSIGN_OR_RETURN(std::vector<host::HostGroup> host_groups, host_->GetGroups(c, group_guids));
  const Guid active_viewer = actor.guid > 0 && access.viewer == actor.guid ? actor.guid : 0;
  std::vector<Guid> member_of, admin_of;
  if (active_viewer > 0) {
    if (known != nullptr) {
      member_of = known->member_of;
    } else {
      KL_ASSIGN_OR_RETURN(member_of, host_->MemberGroups(c, active_viewer));
    }
    KL_ASSIGN_OR_RETURN(admin_of, host_->AdminOfAmong(c, active_viewer, group_guids));
    std::sort(member_of.begin(), member_of.end());
    std::sort(admin_of.begin(), admin_of.end());
  }
  struct Related {
    GroupRelation relation;
    std::string group_name;
  };
  std::map<Guid, Related> groups;
  for (Guid guid : group_guids) {
    const host::HostGroup* host_group = nullptr;
    for (const auto& g : host_groups) {
      if (g.guid == guid) host_group = &g;
    }
    Related related;
    related.relation = RelationOf(
        actor, access, host_group, std::binary_search(member_of.begin(), member_of.end(), guid),
        std::binary_search(admin_of.begin(), admin_of.end(), guid), &related.group_name);
    groups.emplace(guid, std::move(related));
  }
  std::vector<KlusId> visible_ids;
  for (KlusId id : ids) {
    auto k = found.find(id);
    if (k == found.end()) continue;
    auto group = groups.find(k->second.group_guid);
    KlusView view;
    view.klus = k->second;
    view.relation = group->second.relation;
    view.group_name = group->second.group_name;
    view.relation.same_site = view.relation.same_site && view.klus.site_guid == site_guid_;
    if (!CanSee(view.relation, view.klus)) continue;
    view.can_manage = CanManage(view.relation, view.klus);
    visible_ids.push_back(id);
    views.push_back(std::move(view));
  }
  const Guid viewer = views.empty() ? 0 : views.front().relation.viewer;
  if (viewer > 0) {
    KL_ASSIGN_OR_RETURN(std::vector<Participant> own,
                        store::ParticipantRowsOf(c, viewer, visible_ids));
    std::map<KlusId, Participant> own_of;
    for (auto& p : own) own_of.emplace(p.klus_id, std::move(p));
    for (auto& view : views) {
      auto p = own_of.find(view.klus.id);
      if (p != own_of.end()) view.own = p->second;
    }
  }
  for (auto& view : views) {
    const Participant* own = view.own ? &*view.own : nullptr;
    view.apply_blocked_reason = std::string(ApplyBlockedReason(view.relation, view.klus, own, now));
  }
  return views;
}

Result<Klus> KlusService::Update(const Actor& actor, KlusId id, int expected_version,
                                 KlusFields fields, std::vector<FieldError>* errors) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(c, actor, id, true));
    const Klus& old = view.klus;
    if (!IsEditable(old.state)) {
      return Conflict("a klus in state '" + std::string(Name(old.state)) +
                      "' can no longer be edited");
    }
    if (expected_version != old.version) {
      return Conflict("the klus was changed meanwhile (version " + std::to_string(old.version) +
                      ", edited " + std::to_string(expected_version) + "); reload it");
    }
    bool future = old.state == KlusState::kOpen || fields.deadline != old.fields.deadline;
    std::vector<FieldError> found = ValidateKlusFields(fields, now, future);
    if (fields.people_needed < old.accepted_count)
      found.push_back({"people_needed", "below_accepted"});
    if (!found.empty()) return FieldFailure(errors, std::move(found));
    KL_RETURN_IF_ERROR(store::UpdateKlusFields(c, id, fields, now));
    return store::AddEvent(c, MakeEvent(id, view.relation.viewer, 0, "updated", now)).status();
  }));
  KL_ASSIGN_OR_RETURN(auto stored, store::GetKlus(c, id));
  if (!stored) return KlusNotFound(id);
  return *stored;
}

Result<Klus> KlusService::Transition(const Actor& actor, KlusId id, KlusState to,
                                     std::optional<int> expected_version, int64_t new_deadline,
                                     std::vector<FieldError>* errors) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(c, actor, id, true));
    const Klus& klus = view.klus;
    if (expected_version && *expected_version != klus.version) {
      return Conflict("the klus was changed meanwhile (version " + std::to_string(klus.version) +
                      "); reload it");
    }
    if (!IsAllowedTransition(klus.state, to)) {
      return Conflict("a klus cannot go from '" + std::string(Name(klus.state)) + "' to '" +
                      std::string(Name(to)) + "'");
    }
    if (NeedsFutureDeadline(to)) {
      int64_t deadline = new_deadline > 0 ? new_deadline : klus.fields.deadline;
      if (deadline <= now) return FieldFailure(errors, {{"deadline", "in_past"}});
      if (new_deadline > 0) KL_RETURN_IF_ERROR(store::SetKlusDeadline(c, id, new_deadline, now));
    }
    KL_RETURN_IF_ERROR(store::SetKlusState(c, id, to, now));
    const Guid me = view.relation.viewer;
    std::string kind(TransitionEventKind(klus.state, to));
    KL_RETURN_IF_ERROR(store::AddEvent(c, MakeEvent(id, me, 0, kind, now,
                                                    {{"from", Name(klus.state)}, {"to", Name(to)}}))
                           .status());
    KL_ASSIGN_OR_RETURN(std::vector<Participant> people, store::ListParticipants(c, id));
    std::vector<Participant> told;
    for (auto& p : people) {
      bool pending = p.state == ParticipantState::kApplied || p.state == ParticipantState::kInvited;
      if (to == KlusState::kCancelled && pending) {
        p.state = ParticipantState::kDeclined;
        p.reason_code = std::string(kSystemReasonCancelled);
        p.reason_text.clear();
        p.decided_by = me;
        p.updated_at = now;
        KL_RETURN_IF_ERROR(store::SaveParticipant(c, p));
        told.push_back(p);
      } else if ((p.state == ParticipantState::kAccepted ||
                  p.state == ParticipantState::kCompleted) &&
                 (to == KlusState::kCancelled || to == KlusState::kInProgress ||
                  to == KlusState::kCompleted)) {
        told.push_back(p);
      }
    }
    return TellPeople(c, klus, me, "klus_" + kind, told, now);
  }));
  KL_ASSIGN_OR_RETURN(auto stored, store::GetKlus(c, id));
  if (!stored) return KlusNotFound(id);
  return *stored;
}

Result<Klus> KlusService::Copy(const Actor& actor, KlusId id) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(c, actor, id, false));
  if (!CanPost(view.relation)) {
    return PermissionDenied("only group admins can post klussen in this group");
  }
  const int64_t now = clock_();
  Klus copy = view.klus;
  copy.id = 0;
  copy.state = KlusState::kDraft;
  copy.poster_guid = view.relation.viewer;
  copy.copied_from = id;
  copy.created_at = copy.updated_at = now;
  KlusId new_id = 0;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(new_id, store::InsertKlus(c, copy, ""));
    return store::AddEvent(c, MakeEvent(new_id, copy.poster_guid, 0, "copied", now, {{"from", id}}))
        .status();
  }));
  KL_ASSIGN_OR_RETURN(auto stored, store::GetKlus(c, new_id));
  if (!stored) return Internal("copied klus vanished");
  return *stored;
}

Result<Participant> KlusService::Apply(const Actor& actor, KlusId id,
                                       const std::string& motivation) {
  if (motivation.empty()) return InvalidArgument("a short motivation is required");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  Participant saved;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(KlusView view, LoadVisible(c, actor, id, true));
    if (!view.apply_blocked_reason.empty()) return ApplyRefusal(view.apply_blocked_reason);
    Participant p = view.own.value_or(Participant{});
    p.klus_id = id;
    p.user_guid = view.relation.viewer;
    p.state = ParticipantState::kApplied;
    p.motivation = motivation;
    if (p.created_at == 0) p.created_at = now;
    p.updated_at = now;
    KL_RETURN_IF_ERROR(store::SaveParticipant(c, p));
    saved = p;
    return store::AddEvent(c, MakeEvent(id, p.user_guid, view.klus.poster_guid, "applied", now))
        .status();
  }));
  return saved;
}

Result<std::string> KlusService::AfterApply(Guid applicant, KlusId id) {
  if (!applied_hook_) return std::string("no_manager");
  std::optional<Klus> klus;
  {
    KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
    KL_ASSIGN_OR_RETURN(klus, store::GetKlus(*lease, id));
  }
  if (!klus) return KlusNotFound(id);
  return applied_hook_(applicant, *klus);
}

Result<Participant> KlusService::Withdraw(const Actor& actor, KlusId id, const std::string& reason,
                                          const std::string& text) {
  if (!IsOneOf(reason, kWithdrawReasons))
    return InvalidArgument(
        "reason must be one of no_time, no_manager_approval, not_interested, other");
  if (reason == "other" && text.empty())
    return InvalidArgument("please explain the reason 'other' in a few words");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  Participant saved;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(std::optional<Klus> klus, store::GetKlus(c, id, true));
    if (!klus || actor.guid <= 0) return KlusNotFound(id);
    KL_ASSIGN_OR_RETURN(auto own, store::GetParticipant(c, id, actor.guid, true));
    // People on a klus may always step back, even if they can no longer see it.
    if (!own) {
      auto visible = LoadVisible(c, actor, id, false);
      if (!visible.ok()) return visible.status();
      return Conflict("you have not responded to this klus");
    }
    bool active = own->state == ParticipantState::kApplied ||
                  own->state == ParticipantState::kInvited ||
                  own->state == ParticipantState::kAccepted;
    if (!active || !AcceptsResponses(klus->state)) {
      return Conflict("there is nothing to withdraw from (your response is '" +
                      std::string(Name(own->state)) + "', the klus is '" +
                      std::string(Name(klus->state)) + "')");
    }
    bool was_accepted = own->state == ParticipantState::kAccepted;
    own->state = ParticipantState::kWithdrawn;
    own->reason_code = reason;
    own->reason_text = text;
    own->updated_at = now;
    KL_RETURN_IF_ERROR(store::SaveParticipant(c, *own));
    saved = *own;
    KL_RETURN_IF_ERROR(store::AddEvent(c, MakeEvent(id, actor.guid, klus->poster_guid, "withdrawn",
                                                    now, {{"reason", reason}}))
                           .status());
    if (was_accepted && klus->state == KlusState::kFilled && klus->fields.deadline > now) {
      // A place came free before the deadline: open for responses again.
      KL_RETURN_IF_ERROR(store::SetKlusState(c, id, KlusState::kOpen, now));
      KL_RETURN_IF_ERROR(
          store::AddEvent(c, MakeEvent(id, 0, klus->poster_guid, "reopened", now)).status());
    }
    return Status::Ok();
  }));
  return saved;
}

Result<Participant> KlusService::Invite(const Actor& actor, KlusId id, Guid user,
                                        const std::string& message) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  Participant saved;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(c, actor, id, true));
    if (view.klus.state != KlusState::kOpen || view.klus.fields.deadline <= now)
      return Conflict("people can only be invited while the klus is open");
    KL_ASSIGN_OR_RETURN(std::optional<host::HostUser> invitee, host_->GetUser(c, user));
    if (!invitee) return NotFound("user " + std::to_string(user) + " not found");
    if (user == view.klus.poster_guid) return Conflict("the poster cannot be invited");
    KL_ASSIGN_OR_RETURN(GroupRelation theirs,
                        Relate(c, Actor{user, site_guid_}, view.klus.group_guid, nullptr));
    theirs.same_site = view.klus.site_guid == site_guid_;
    if (!CanSee(theirs, view.klus))
      return FailedPrecondition("this person cannot see this klus (audience or closed group)");
    KL_ASSIGN_OR_RETURN(auto existing, store::GetParticipant(c, id, user, true));
    if (existing) return Conflict("this person already responded or was invited");
    Participant p;
    p.klus_id = id;
    p.user_guid = user;
    p.state = ParticipantState::kInvited;
    p.motivation = message;
    p.invited_by = view.relation.viewer;
    p.created_at = p.updated_at = now;
    KL_RETURN_IF_ERROR(store::SaveParticipant(c, p));
    saved = p;
    return store::AddEvent(c, MakeEvent(id, view.relation.viewer, user, "invited", now)).status();
  }));
  return saved;
}

Result<Participant> KlusService::Decide(const Actor& actor, KlusId id, Guid user, bool accept,
                                        const std::string& reason, const std::string& text) {
  if (!accept && !IsOneOf(reason, kDeclineReasons))
    return InvalidArgument(
        "reason must be one of skills_mismatch, availability, enough_people, other");
  if (!accept && reason == "other" && text.empty())
    return InvalidArgument("please explain the reason 'other' in a few words");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  Participant saved;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(c, actor, id, true));
    const Klus& klus = view.klus;
    if (!AcceptsResponses(klus.state))
      return Conflict("responses cannot be decided in state '" + std::string(Name(klus.state)) +
                      "'");
    KL_ASSIGN_OR_RETURN(auto person, store::GetParticipant(c, id, user, true));
    if (!person) return NotFound("no response from user " + std::to_string(user));
    const Guid me = view.relation.viewer;
    if (accept) {
      if (person->state != ParticipantState::kApplied)
        return Conflict("only a response in state 'applied' can be accepted");
      if (klus.accepted_count >= klus.fields.people_needed)
        return Conflict("this klus already has all the people it needs");
      person->state = ParticipantState::kAccepted;
      person->reason_code.clear();
      person->reason_text.clear();
    } else {
      if (person->state != ParticipantState::kApplied &&
          person->state != ParticipantState::kInvited)
        return Conflict("only an open response or invitation can be declined");
      person->state = ParticipantState::kDeclined;
      person->reason_code = reason;
      person->reason_text = text;
    }
    person->decided_by = me;
    person->updated_at = now;
    KL_RETURN_IF_ERROR(store::SaveParticipant(c, *person));
    saved = *person;
    nlohmann::json detail = nlohmann::json::object();
    if (!accept) detail["reason"] = reason;
    KL_RETURN_IF_ERROR(
        store::AddEvent(c, MakeEvent(id, me, user, accept ? "accepted" : "declined", now, detail))
            .status());
    if (accept && klus.state == KlusState::kOpen &&
        klus.accepted_count + 1 >= klus.fields.people_needed) {
      KL_RETURN_IF_ERROR(store::SetKlusState(c, id, KlusState::kFilled, now));
      KL_RETURN_IF_ERROR(store::AddEvent(c, MakeEvent(id, me, 0, "filled", now)).status());
    }
    return Status::Ok();
  }));
  return saved;
}

Result<Participant> KlusService::CompleteParticipant(const Actor& actor, KlusId id, Guid user,
                                                     int hours_spent_tenths,
                                                     std::vector<SkillRef> confirmed_skills) {
  if (hours_spent_tenths <= 0 || hours_spent_tenths > kMaxHoursSpentTenths)
    return InvalidArgument("hours_spent must be between 0.1 and 10000");
  if (confirmed_skills.size() > 40) return InvalidArgument("at most 40 confirmed skills");
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  Participant saved;
  KL_RETURN_IF_ERROR(store::InTransaction(c, [&]() -> Status {
    KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(c, actor, id, true));
    KlusState state = view.klus.state;
    if (state != KlusState::kFilled && state != KlusState::kInProgress &&
        state != KlusState::kCompleted && state != KlusState::kOpen)
      return Conflict("participants cannot be completed in state '" + std::string(Name(state)) +
                      "'");
    KL_ASSIGN_OR_RETURN(auto person, store::GetParticipant(c, id, user, true));
    if (!person) return NotFound("no response from user " + std::to_string(user));
    if (person->state != ParticipantState::kAccepted)
      return Conflict("only an accepted participant can be completed");
    person->state = ParticipantState::kCompleted;
    person->hours_spent_tenths = hours_spent_tenths;
    person->confirmed_skills = confirmed_skills;  // copied: the body may run again
    person->decided_by = view.relation.viewer;
    person->updated_at = now;
    KL_RETURN_IF_ERROR(store::SaveParticipant(c, *person));
    saved = *person;
    nlohmann::json skills = nlohmann::json::array();
    for (const auto& s : saved.confirmed_skills) skills.push_back(s.label);
    return store::AddEvent(
               c, MakeEvent(id, view.relation.viewer, user, "participant_completed", now,
                            {{"hours_spent_tenths", hours_spent_tenths}, {"skills", skills}}))
        .status();
  }));
  return saved;
}

Result<std::vector<Participant>> KlusService::Participants(const Actor& actor, KlusId id) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(*lease, actor, id, false));
  return store::ListParticipants(*lease, id);
}

Result<std::vector<Event>> KlusService::Events(const Actor& actor, KlusId id, int64_t after_id,
                                               int limit) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(KlusView view, LoadManaged(*lease, actor, id, false));
  return store::ListEvents(*lease, id, after_id, limit);
}

Result<GroupKlussen> KlusService::ListGroup(const Actor& actor, Guid group,
                                            std::vector<KlusState> states, int offset, int limit) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  GroupKlussen out;
  KL_ASSIGN_OR_RETURN(out.relation, Relate(c, actor, group, &out.group_name));
  const GroupRelation& r = out.relation;
  if (out.group_name.empty() && !r.site_admin)
    return NotFound("group " + std::to_string(group) + " not found");
  out.can_post = CanPost(r);
  out.manager = r.viewer > 0 && (r.site_admin || r.group_admin);
  if (r.viewer <= 0) return out;  // logged out: nothing to see
  if (states.empty()) {
    states = out.manager ? std::vector<KlusState>{KlusState::kDraft, KlusState::kOpen,
                                                  KlusState::kFilled, KlusState::kInProgress}
                         : std::vector<KlusState>{KlusState::kOpen};
  }
  store::GroupListQuery q;
  q.group = group;
  q.states = std::move(states);
  q.viewer = r.viewer;
  q.include_drafts_of_others = out.manager;
  q.with_counts = out.manager;
  q.all_audiences = out.manager || r.member || (r.open_membership && r.can_see_group);
  if (r.same_site) q.audiences.push_back(Audience::kSite);
  q.audiences.push_back(Audience::kPlatform);
  q.open_after = clock_();
  q.offset = std::max(0, offset);
  q.limit = std::clamp(limit, 1, 100);
  KL_ASSIGN_OR_RETURN(store::KlusPage page, store::ListGroupKlussen(c, q));
  out.items = std::move(page.items);
  out.total = page.total;
  return out;
}

Result<std::vector<Klus>> KlusService::ListMine(const Actor& actor, bool posted, int limit) {
  if (actor.guid <= 0) return std::vector<Klus>();
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  store::ScanQuery q;
  (posted ? q.poster : q.participant) = actor.guid;
  q.limit = std::clamp(limit, 1, 100);
  KL_ASSIGN_OR_RETURN(std::vector<Klus> rows, store::ScanKlussen(c, q));
  std::map<Guid, GroupRelation> relations;
  std::vector<Klus> visible;
  for (auto& klus : rows) {
    auto it = relations.find(klus.group_guid);
    if (it == relations.end()) {
      KL_ASSIGN_OR_RETURN(GroupRelation r, Relate(c, actor, klus.group_guid, nullptr));
      it = relations.emplace(klus.group_guid, r).first;
    }
    GroupRelation r = it->second;
    r.same_site = r.same_site && klus.site_guid == site_guid_;
    if (CanSee(r, klus)) visible.push_back(std::move(klus));
  }
  return visible;
}

Result<std::vector<Event>> KlusService::Notifications(const Actor& actor, int64_t after_id,
                                                      int limit) {
  if (actor.guid <= 0) return std::vector<Event>();
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  return store::EventsForSubject(*lease, actor.guid, after_id, std::clamp(limit, 1, 200));
}

Result<std::vector<PersonName>> KlusService::Names(const std::vector<Guid>& guids) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  std::vector<PersonName> names;
  for (Guid guid : guids) {
    KL_ASSIGN_OR_RETURN(std::optional<host::HostUser> user, host_->GetUser(*lease, guid));
    names.push_back({guid, user ? user->name : std::string()});
  }
  return names;
}

Status KlusService::TellPeople(store::Connection& c, const Klus& klus, Guid actor,
                               const std::string& kind, const std::vector<Participant>& people,
                               int64_t now) {
  for (const auto& p : people) {
    KL_RETURN_IF_ERROR(
        store::AddEvent(c, MakeEvent(klus.id, actor, p.user_guid, kind, now)).status());
  }
  return Status::Ok();
}

Status KlusService::ExpireOne(store::Connection& c, KlusId id, int64_t now, bool* changed) {
  *changed = false;
  KL_ASSIGN_OR_RETURN(std::optional<Klus> klus, store::GetKlus(c, id, true));
  if (!klus || klus->state != KlusState::kOpen || klus->fields.deadline > now) return Status::Ok();
  KlusState next = StateAtDeadline(klus->accepted_count);
  KL_RETURN_IF_ERROR(store::SetKlusState(c, id, next, now));
  KL_RETURN_IF_ERROR(
      store::AddEvent(c,
                      MakeEvent(id, 0, klus->poster_guid,
                                next == KlusState::kExpired ? "expired" : "deadline_filled", now))
          .status());
  KL_ASSIGN_OR_RETURN(std::vector<Participant> people, store::ListParticipants(c, id));
  std::vector<Participant> told;
  for (auto& p : people) {
    if (p.state != ParticipantState::kApplied && p.state != ParticipantState::kInvited) continue;
    p.state = ParticipantState::kDeclined;
    p.reason_code = std::string(kSystemReasonDeadline);
    p.reason_text.clear();
    p.decided_by = 0;
    p.updated_at = now;
    KL_RETURN_IF_ERROR(store::SaveParticipant(c, p));
    told.push_back(p);
  }
  KL_RETURN_IF_ERROR(TellPeople(c, *klus, 0, "deadline_passed", told, now));
  *changed = true;
  return Status::Ok();
}

Result<int> KlusService::ExpireDue(int limit) {
  KL_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
  store::Connection& c = *lease;
  const int64_t now = clock_();
  KL_ASSIGN_OR_RETURN(std::vector<KlusId> due, store::DueForExpiry(c, now, limit));
  int count = 0;
  for (KlusId id : due) {
    bool changed = false;
    Status status = store::InTransaction(c, [&]() { return ExpireOne(c, id, now, &changed); });
    if (!status.ok()) {
      log::Warn("expiring a klus failed",
                {{"klus", std::to_string(id)}, {"reason", status.message()}});
      if (status.code() == StatusCode::kUnavailable) return status;
      continue;
    }
    if (changed) ++count;
  }
  return count;
}

}  // namespace klussen::klus
