-- The record of applied migrations. Created by the first migration so the
-- runner needs no special case; see sidecar/src/store/migrations.h.
CREATE TABLE klussen_schema_migrations (
  version INT NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  checksum CHAR(64) NOT NULL,
  applied_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
