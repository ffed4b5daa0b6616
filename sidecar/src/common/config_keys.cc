// The one table of configuration keys. Adding a key here documents it
// (docs/config.md, config/sidecar.example.conf) and validates it.
#include "common/config.h"

namespace klussen {

const std::vector<ConfigKey>& ConfigKeys() {
  using T = ConfigType;
  static const std::vector<ConfigKey> keys = {
      // ---- HTTP listener
      {"listen_address", T::kString, "127.0.0.1",
       "Address to listen on. Keep it on loopback: only the Elgg host's PHP may reach the sidecar.",
       false, false, 0, 0, {}, "HTTP listener"},
      {"listen_port", T::kInt, "8377", "TCP port to listen on (0 = any free port, printed at start-up).",
       false, false, 0, 65535, {}, "HTTP listener"},
      {"listen_socket", T::kString, "",
       "Path of a UNIX socket to listen on instead of TCP (empty = use TCP).", false, false, 0, 0, {},
       "HTTP listener"},
      {"http_worker_threads", T::kInt, "8",
       "Worker threads answering requests; each holds at most one database connection.", false,
       false, 1, 256, {}, "HTTP listener"},
      {"http_queue_capacity", T::kInt, "64",
       "Accepted connections waiting for a worker. When full, the sidecar stops accepting and the "
       "kernel backlog absorbs the burst.",
       false, false, 1, 4096, {}, "HTTP listener"},
      {"http_max_body_bytes", T::kInt, "65536",
       "Largest request body accepted (Content-Length); larger requests get 413 before the body is "
       "read.",
       false, false, 1024, 16777216, {}, "HTTP listener"},
      {"http_max_header_bytes", T::kInt, "16384",
       "Largest request line plus headers accepted; larger requests get 431.", false, false, 1024,
       1048576, {}, "HTTP listener"},
      {"http_read_timeout_ms", T::kInt, "5000", "Time allowed for each read from a client.", false,
       false, 10, 600000, {}, "HTTP listener"},
      {"http_write_timeout_ms", T::kInt, "5000", "Time allowed for each write to a client.", false,
       false, 10, 600000, {}, "HTTP listener"},
      {"http_keepalive_max_requests", T::kInt, "100",
       "Requests served on one connection before it is closed.", false, false, 1, 100000, {},
       "HTTP listener"},
      {"http_keepalive_timeout_ms", T::kInt, "5000",
       "Idle time after which a kept-alive connection is closed.", false, false, 10, 600000, {},
       "HTTP listener"},

      // ---- Database
      {"db_host", T::kString, "127.0.0.1",
       "MariaDB/MySQL host of the Elgg database (ignored when db_socket is set).", false, false, 0,
       0, {}, "Database"},
      {"db_port", T::kInt, "3306", "MariaDB/MySQL TCP port.", false, false, 1, 65535, {},
       "Database"},
      {"db_socket", T::kString, "", "Path of the MariaDB UNIX socket (preferred on the same host).",
       false, false, 0, 0, {}, "Database"},
      {"db_name", T::kString, "", "Name of the Elgg database; the sidecar's own klussen_* tables live there too.",
       false, true, 0, 0, {}, "Database"},
      {"db_user", T::kString, "",
       "Database user; give it the least privilege of sql/grants.sql.", false, true, 0, 0, {},
       "Database"},
      {"db_password", T::kSecret, "", "Password of db_user. Prefer KLUSSEN_DB_PASSWORD.", false,
       false, 0, 0, {}, "Database"},
      {"db_connect_timeout_ms", T::kInt, "3000", "Time allowed to open a database connection.",
       false, false, 100, 60000, {}, "Database"},
      {"db_read_timeout_ms", T::kInt, "10000", "Time allowed for a query result.", false, false, 1000,
       600000, {}, "Database"},
      {"db_write_timeout_ms", T::kInt, "10000", "Time allowed to send a query.", false, false, 1000,
       600000, {}, "Database"},
      {"db_validate_idle_ms", T::kInt, "30000",
       "A pooled connection idle longer than this is pinged before it is reused.", false, false, 0,
       3600000, {}, "Database"},
      {"db_max_lifetime_ms", T::kInt, "3600000",
       "Connections older than this are closed and replaced.", false, false, 1000, 86400000, {},
       "Database"},
      {"db_retry_after_ms", T::kInt, "2000",
       "After a failed connect, requests fail at once with 503 for this long instead of queueing.",
       false, false, 0, 60000, {}, "Database"},

      // ---- Host (Elgg)
      {"host_table_prefix", T::kString, "elgg_",
       "Elgg table prefix ($CONFIG->dbprefix). Must match ^[A-Za-z_][A-Za-z0-9_]*$.", false, false,
       0, 0, {}, "Host (Elgg)"},
      {"host_generation", T::kEnum, "auto",
       "Elgg schema generation: auto (detect at start-up), elgg1 (1.8-2.x, Pleio) or elgg3 (3.x-6.x).",
       false, false, 0, 0, "auto|elgg1|elgg3", "Host (Elgg)"},
      {"host_site_guid", T::kInt, "1",
       "Guid of the Elgg site (subsite) the sidecar serves; used for Pleio subsite metadata and ACLs.",
       false, false, 1, 9223372036854775807 / 10, {}, "Host (Elgg)"},
      {"host_profile_fields", T::kList, "skills,interests,description,location,organisation",
       "Profile field names to read, comma separated (Elgg short names, e.g. admin_defined_profile_3).",
       false, false, 0, 0, {}, "Host (Elgg)"},
      {"host_klussen_tool_default", T::kBool, "true",
       "Whether the group tool 'klussen' counts as enabled when a group has no klussen_enable value.",
       true, false, 0, 0, {}, "Host (Elgg)"},

      // ---- Operations
      {"log_level", T::kEnum, "info", "Least severe log level written to stderr.", true, false, 0,
       0, "debug|info|warn|error", "Operations"},
  };
  return keys;
}

}  // namespace klussen
