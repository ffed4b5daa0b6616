#include "klus/permissions.h"

#include "klus/lifecycle.h"

namespace klussen::klus {

bool CanPost(const GroupRelation& relation) {
  return relation.viewer > 0 && relation.tool_enabled &&
         (relation.site_admin || relation.group_admin);
}

bool CanManage(const GroupRelation& relation, const Klus& klus) {
  if (relation.viewer <= 0) return false;
  return relation.site_admin || relation.group_admin || klus.poster_guid == relation.viewer;
}

bool CanSee(const GroupRelation& relation, const Klus& klus) {
  if (relation.viewer <= 0) return false;
  if (CanManage(relation, klus)) return true;
  if (klus.state == KlusState::kDraft) return false;
  switch (klus.fields.audience) {
    case Audience::kGroup:
      return relation.member || (relation.open_membership && relation.can_see_group);
    case Audience::kSite:
      return relation.same_site;
    case Audience::kPlatform:
      return true;
  }
  return false;
}

std::string_view ApplyBlockedReason(const GroupRelation& relation, const Klus& klus,
                                    const Participant* own, int64_t now) {
  if (klus.poster_guid == relation.viewer) return "poster";
  if (own != nullptr && own->state != ParticipantState::kInvited) return "already_involved";
  if (klus.state != KlusState::kOpen) return "not_open";
  if (klus.fields.deadline <= now) return "deadline_passed";
  if (klus.accepted_count >= klus.fields.people_needed) return "full";
  // An invitation from a manager stands in for membership.
  bool invited = own != nullptr && own->state == ParticipantState::kInvited;
  if (klus.fields.audience == Audience::kGroup && !relation.member && !invited) return "not_member";
  return "";
}

}  // namespace klussen::klus
