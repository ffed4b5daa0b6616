#include "host/access.h"

namespace klussen::host {
namespace {

// Access ids from this value up name access collections (ACLs); Elgg starts
// their auto-increment at 3 so they never collide with the fixed levels.
constexpr int kFirstAclId = 3;

}  // namespace

bool CanRead(const AccessContext& viewer, Guid owner, int access_id) {
  const bool logged_in = viewer.viewer > 0;
  // A context that claims admin rights without a user is malformed; it gets
  // nothing beyond what a logged-out visitor gets.
  if (logged_in && viewer.site_admin) return true;
  if (logged_in && owner == viewer.viewer) return true;
  if (access_id == kAccessPublic) return true;
  if (!logged_in) return false;
  if (access_id == kAccessLoggedIn) return true;
  if (access_id >= kFirstAclId) return viewer.HasAcl(access_id);
  if (access_id == kAccessFriends) return viewer.IsFriendedBy(owner);
  // kAccessPrivate, and every other id (-1 is never stored, -5 and other
  // plugin levels are not understood here): closed by default.
  return false;
}

bool CanReadProfileValue(const AccessContext& viewer, const HostUser& user,
                         const ProfileValue& value) {
  // Elgg checks the parent entity as well as the row (reference §4). A user
  // entity has no owner; the user itself counts as one so that people always
  // see their own profile.
  return CanRead(viewer, user.guid, user.entity_access_id) &&
         CanRead(viewer, value.owner_guid, value.access_id);
}

std::vector<ProfileValue> FilterVisible(const AccessContext& viewer, const HostUser& user,
                                        std::vector<ProfileValue> values) {
  std::erase_if(
      values, [&](const ProfileValue& value) { return !CanReadProfileValue(viewer, user, value); });
  return values;
}

}  // namespace klussen::host
