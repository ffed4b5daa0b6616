// Plain values read from the host (Elgg) database, the same for every schema
// generation. No behaviour here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace klussen::host {

using Guid = int64_t;

// Elgg access ids with a fixed meaning (reference elgg-host.md §4).
inline constexpr int kAccessFriends = -2;  // elgg1 only: users the owner friended
inline constexpr int kAccessPrivate = 0;
inline constexpr int kAccessLoggedIn = 1;
inline constexpr int kAccessPublic = 2;

enum class Generation { kUnknown, kElgg1, kElgg3 };
const char* GenerationName(Generation generation);  // "elgg1", "elgg3", "unknown"

// What the start-up probe found (reference elgg-host.md §1.5).
struct HostSchema {
  Generation generation = Generation::kUnknown;
  std::string prefix;                // validated table prefix, e.g. "elgg_"
  bool pleio_guid = false;           // elgg1: users_entity.pleio_guid (mod_pleio)
  bool metadata_site_guid = false;   // elgg1: metadata.site_guid (Pleio subsite_manager)
  bool entities_deleted = false;     // elgg3: entities.deleted (Elgg 6.x trash)
  bool annotations_enabled = false;  // elgg3: annotations.enabled (3.x-5.x)
  bool private_settings = false;     // private_settings table (1.x-4.x)
  std::string version_hint;          // datalists 'version' or newest migration, if readable
  std::string Describe() const;      // one line for logs and `check`
};

struct HostUser {
  Guid guid = 0;
  std::string name;
  std::string username;
  std::string language;  // Elgg language code, e.g. "nl"
  bool site_admin = false;
  int entity_access_id = kAccessPublic;  // the user entity's own access_id
  int64_t pleio_guid = 0;                // 0 when unknown / not Pleio
};

struct HostGroup {
  Guid guid = 0;
  std::string name;
  std::string description;
  Guid owner_guid = 0;
  bool open_membership = false;          // metadata membership = 2
  int entity_access_id = kAccessPublic;  // the group entity's own access (hidden groups: its ACL)
  int64_t acl_id = 0;                    // the group's own access collection (0 = none found)
  bool klussen_enabled = false;          // klussen_enable metadata, or the configured default
};

// One stored value of a profile field, with the access of its row.
struct ProfileValue {
  std::string field;  // configured short name, e.g. "skills"
  std::string value;
  Guid owner_guid = 0;
  int access_id = kAccessPrivate;
};

struct HostCounts {
  int64_t users = 0;        // active: enabled, not deleted, not banned
  int64_t groups = 0;       // enabled (and not deleted)
  int64_t memberships = 0;  // `member` rows between active users and those groups
};

}  // namespace klussen::host
