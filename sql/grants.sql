-- Least-privilege database users for the klussen sidecar.
--
-- This is a template: scripts/render-grants.sh fills in {db}, {prefix},
-- {user} and {password} and keeps the sections of one phase and the host's
-- schema generation. MariaDB refuses a table grant on a table that does not
-- exist (unless it includes CREATE), so elgg1 and elgg3 differ, and the
-- runtime user's rights on our tables are granted after `migrate` made them:
--   scripts/render-grants.sh setup elgg elgg1 elgg_ "$PASSWORD" | mariadb -u root
--   KLUSSEN_DB_USER=klussen_migrate klussen-sidecar migrate
--   scripts/render-grants.sh runtime elgg elgg1 elgg_ "$PASSWORD" | mariadb -u root
--
-- {user}          runs `serve` and `check`: SELECT on exactly the host tables
--                 listed in sql/host-queries.md, DML on the klussen_* tables.
-- {user}_migrate  runs `migrate`: DDL and DML on the klussen_* tables only.
-- Neither can write a host (Elgg) table. Keep this file in step with
-- sql/migrations (a test checks every klussen_* table is covered).

-- @setup
CREATE USER IF NOT EXISTS '{user}'@'localhost' IDENTIFIED BY '{password}';
CREATE USER IF NOT EXISTS '{user}_migrate'@'localhost' IDENTIFIED BY '{password}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_schema_migrations` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_klus` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_klus_skill` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_participant` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_participant_skill` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_event` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_portfolio` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_portfolio_item` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_portfolio_entry` TO '{user}_migrate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `{db}`.`klussen_manager_budget` TO '{user}_migrate'@'localhost';

-- @runtime
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_schema_migrations` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_klus` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_klus_skill` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_participant` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_participant_skill` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_event` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_portfolio` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_portfolio_item` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_portfolio_entry` TO '{user}'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{db}`.`klussen_manager_budget` TO '{user}'@'localhost';

-- @elgg1
GRANT SELECT ON `{db}`.`{prefix}entities` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}users_entity` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}groups_entity` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}metadata` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}metastrings` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}entity_relationships` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}access_collections` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}access_collection_membership` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}datalists` TO '{user}'@'localhost';

-- @elgg3
GRANT SELECT ON `{db}`.`{prefix}entities` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}metadata` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}annotations` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}entity_relationships` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}access_collections` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}access_collection_membership` TO '{user}'@'localhost';
GRANT SELECT ON `{db}`.`{prefix}migrations` TO '{user}'@'localhost';
