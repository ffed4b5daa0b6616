-- Least-privilege database users for the klussen sidecar.
--
-- This is a template: scripts/render-grants.sh fills in {db}, {prefix},
-- {user}, {password} and {client_host} and keeps the sections of one phase
-- and the host's schema generation. MariaDB refuses a table grant on a table
-- that does not exist (unless it includes CREATE), so elgg1 and elgg3 differ,
-- and the runtime user's rights on our tables are granted after `migrate`
-- made them:
--   scripts/render-grants.sh setup elgg elgg1 elgg_ "$PASSWORD" | mariadb -u root
--   KLUSSEN_DB_USER=klussen_migrate klussen-sidecar migrate
--   scripts/render-grants.sh runtime elgg elgg1 elgg_ "$PASSWORD" | mariadb -u root
--
-- {client_host} is the host part of both users: the optional 7th argument of
-- render-grants.sh (after USER), by default % (any host; the password is
-- required anyway). Narrow it to where the sidecar connects from, e.g.
--   scripts/render-grants.sh setup elgg elgg1 elgg_ "$PASSWORD" klussen 10.0.0.%
-- localhost matches the UNIX socket; over TCP with skip-name-resolve the
-- client is matched by its IP address (127.0.0.1, ::1, 10.0.0.%), not a name.
-- Give both phases the same host. See docs/operations.md.
--
-- {user}          runs `serve` and `check`: SELECT on exactly the host tables
--                 listed in sql/host-queries.md, DML on the klussen_* tables.
-- {user}_migrate  runs `migrate`: DDL and DML on the klussen_* tables only.
-- Neither can write a host (Elgg) table. Keep this file in step with
-- sql/migrations (a test checks every klussen_* table is covered).

-- @setup
CREATE USER IF NOT EXISTS '{user}'@'{client_host}' IDENTIFIED BY '{password}';
CREATE USER IF NOT EXISTS '{user}_migrate'@'{client_host}' IDENTIFIED BY '{password}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_schema_migrations` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_klus` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_klus_skill` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_participant` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_participant_skill` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_event` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_portfolio` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_portfolio_item` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_portfolio_entry` TO '{user}_migrate'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_manager_budget` TO '{user}_migrate'@'{client_host}';

-- @runtime
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_schema_migrations` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_klus` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_klus_skill` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_participant` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_participant_skill` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_event` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_portfolio` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_portfolio_item` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_portfolio_entry` TO '{user}'@'{client_host}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_manager_budget` TO '{user}'@'{client_host}';

-- @elgg1
GRANT SELECT ON `{db}`.`{prefix}entities` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}users_entity` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}groups_entity` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}metadata` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}metastrings` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}entity_relationships` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}access_collections` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}access_collection_membership` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}datalists` TO '{user}'@'{client_host}';

-- @elgg3
GRANT SELECT ON `{db}`.`{prefix}entities` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}metadata` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}annotations` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}entity_relationships` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}access_collections` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}access_collection_membership` TO '{user}'@'{client_host}';
GRANT SELECT ON `{db}`.`{prefix}migrations` TO '{user}'@'{client_host}';
