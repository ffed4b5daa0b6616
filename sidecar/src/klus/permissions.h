// Who may do what with a klus, decided from facts the sidecar read from the
// host's tables (never from the caller's claims). Pure rules, no I/O.
//
// Manage (edit, transitions, invite, accept/decline, complete): site admins,
// the group's owner and group_admins, and the poster.
// Post: site admins and group admins, in a group with the klussen tool on.
// See: managers always; a draft nobody else; otherwise per audience —
//   group:    members of the group, or anyone who may see an OPEN group
//             (a closed group's klus is invisible to non-members),
//   site:     logged-in users of the klus's site,
//   platform: every logged-in user of the platform.
// Logged-out viewers see nothing.
// Threading: pure functions.
#pragma once

#include <string_view>

#include "klus/klus_model.h"

namespace klussen::klus {

// The viewer's relation to one group (and its site), read from the host.
struct GroupRelation {
  Guid viewer = 0;  // 0 = logged out
  bool site_admin = false;
  bool member = false;
  bool group_admin = false;    // owner or group_admin relationship
  bool can_see_group = false;  // Elgg access to the group entity
  bool open_membership = false;
  bool tool_enabled = false;
  bool same_site = false;  // viewer's site is the group's site
};

bool CanPost(const GroupRelation& relation);
bool CanManage(const GroupRelation& relation, const Klus& klus);
bool CanSee(const GroupRelation& relation, const Klus& klus);

// Why the viewer may not apply ("" when they may): "not_open",
// "deadline_passed", "full", "poster", "not_member", "already_involved".
// Assumes CanSee. `own` is the viewer's participation, if any.
std::string_view ApplyBlockedReason(const GroupRelation& relation, const Klus& klus,
                                    const Participant* own, int64_t now);

}  // namespace klussen::klus
