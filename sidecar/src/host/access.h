// Elgg's read-access rules as one component (reference elgg-host.md §4).
//
// A row R (an entity, a metadata row in elgg1, an annotation in elgg3) with
// owner O and access_id A is visible to viewer V when V is a site admin, or
// O == V, or A is in V's access set {2 public, 1 logged in (V > 0), every ACL
// V is a member of or owns}, or (elgg1 only) A == -2 and O has friended V.
// A profile value is visible only when the user's entity is visible too.
// Disabled/deleted rows never reach this component (the readers filter them).
//
// Threading: AccessContext is an immutable value; safe to share.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "host/host_model.h"

namespace klussen::host {

struct AccessContext {
  Guid viewer = 0;  // 0 = logged out
  bool site_admin = false;
  std::vector<int64_t> acl_ids;   // sorted, unique: ACLs V is a member of or owns
  std::vector<Guid> friended_by;  // sorted, unique: users who friended V (elgg1 -2)

  static AccessContext LoggedOut() { return AccessContext{}; }
  bool HasAcl(int64_t id) const { return std::binary_search(acl_ids.begin(), acl_ids.end(), id); }
  bool IsFriendedBy(Guid owner) const {
    return std::binary_search(friended_by.begin(), friended_by.end(), owner);
  }
};

// May the viewer read a row owned by `owner` with `access_id`?
bool CanRead(const AccessContext& viewer, Guid owner, int access_id);

// May the viewer read profile value `value` of `user`? (entity and row)
bool CanReadProfileValue(const AccessContext& viewer, const HostUser& user,
                         const ProfileValue& value);

// Keeps only the values the viewer may read.
std::vector<ProfileValue> FilterVisible(const AccessContext& viewer, const HostUser& user,
                                        std::vector<ProfileValue> values);

}  // namespace klussen::host
