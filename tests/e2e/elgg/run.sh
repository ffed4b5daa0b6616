#!/usr/bin/env bash
# Browser tests of the klussen plugin in the real host: an unmodified Elgg 5.1.12 from
# ../shared/hosts, installed against the test MariaDB with Elgg's own CLI installer, the plugin
# package built by scripts/package-plugin.sh and installed exactly as plugin-glue/README.md tells an
# operator (copy to mod/klussen, elgg-cli plugins:list --refresh, plugins:activate klussen,
# cache:clear), the sidecar with the least-privilege users of sql/grants.sql, and Debian's Chromium
# driven by playwright-core with axe-core on every klussen page (tests/e2e/elgg.e2e.mjs).
#
#   tests/e2e/elgg/run.sh
#   KLUSSEN_TEST_MYSQL_SOCKET=/path/mysqld.sock tests/e2e/elgg/run.sh   reuse a running MariaDB
#   KLUSSEN_ELGG_TARBALL=/path/elgg-5.1.12.tar.xz                       another copy of the host
#   KLUSSEN_E2E_KEEP=1                                                  keep the work directory
#
# Screenshots, Elgg's log and the sidecar's log go to build/e2e-elgg-artifacts/. Exit 0 only when
# every flow passed, axe found no WCAG 2.1 A/AA violation and Elgg's log names no plugin file.
# Without the Elgg tarball (a public clone has no ../shared) it says so on one line and exits 0.
set -euo pipefail
source "$(dirname "$0")/../../../scripts/lib.sh"
source "$KLUSSEN_ROOT/tests/e2e/e2e-lib.sh"

tarball="${KLUSSEN_ELGG_TARBALL:-$KLUSSEN_ROOT/../shared/hosts/elgg-5.1.12.tar.xz}"
if [ ! -f "$tarball" ]; then
  echo "real-host browser tests skipped: no Elgg 5.1.12 at ${tarball} (../shared/hosts is not beside this clone)"
  exit 0
fi

e2e_dir="$KLUSSEN_ROOT/tests/e2e"
sidecar_bin="${KLUSSEN_SIDECAR_BIN:-$KLUSSEN_ROOT/build/sidecar/klussen-sidecar}"
chromium_bin="${KLUSSEN_CHROMIUM:-/usr/bin/chromium}"
artifacts="${KLUSSEN_E2E_ARTIFACTS:-$KLUSSEN_ROOT/build/e2e-elgg-artifacts}"
work="$(mktemp -d "${TMPDIR:-/tmp}/klussen-elgg.XXXXXX")"
database="klussen_elgg_$$"
elgg_db_user="elgg_e2e_$$"
db_password="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin_password="beheer-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"

for tool in node php "$chromium_bin" "$sidecar_bin"; do
  command -v "$tool" >/dev/null || { echo "elgg/run.sh: $tool is missing" >&2; exit 2; }
done
php_modules="$(php -m)"
for module in pdo_mysql gd xml mbstring; do
  grep -qx "$module" <<<"$php_modules" || { echo "elgg/run.sh: PHP extension $module is missing" >&2; exit 2; }
done
[ -d "$e2e_dir/node_modules/playwright-core" ] && [ -d "$e2e_dir/node_modules/axe-core" ] ||
  (cd "$e2e_dir" && npm ci --no-audit --no-fund --loglevel=error)

own_db=""
if [ -n "${KLUSSEN_TEST_MYSQL_SOCKET:-}" ]; then
  socket="$KLUSSEN_TEST_MYSQL_SOCKET"
else
  own_db="$work/mariadb"
  start_mariadb "$own_db"
  socket="$MARIADB_SOCKET"
fi
# Elgg connects to "localhost", which PDO takes as the unix socket named here.
php_db=(-d "pdo_mysql.default_socket=$socket")

pids=()
cleanup() {
  local status=$?
  [ -x "$work/sidecar-ctl.sh" ] && [ -f "$work/sidecar.pid" ] && "$work/sidecar-ctl.sh" stop
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KLUSSEN_E2E_KEEP:-}" ] || mariadb_root "$socket" -e "DROP DATABASE IF EXISTS \`$database\`; DROP USER IF EXISTS '$elgg_db_user'@'localhost';
    DROP USER IF EXISTS 'k$$'@'%', 'k$$_migrate'@'%', 'k$$'@'localhost', 'k$$_migrate'@'localhost'" 2>/dev/null || true
  [ -z "$own_db" ] || stop_mariadb "$own_db"
  mkdir -p "$artifacts"
  for log in elgg sidecar host install elgg-phpunit-StaticConfig elgg-phpunit-Composer elgg-phpunit-ActionsRegistration; do cp "$work/$log.log" "$artifacts/$log.log" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in sidecar elgg; do
      [ -f "$work/$log.log" ] && { echo "--- last lines of the $log log:" >&2; tail -30 "$work/$log.log" >&2; }
    done
  fi
  [ -n "${KLUSSEN_E2E_KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM


say "real host: Elgg 5.1.12 from ${tarball#"$KLUSSEN_ROOT"/}"
(cd "$(dirname "$tarball")" && sha256sum -c --quiet "$(basename "$tarball").sha256") ||
  { echo "elgg/run.sh: the Elgg tarball does not match its .sha256" >&2; exit 1; }
tar -C "$work" -xJf "$tarball"
elgg="$work/elgg-5.1.12"
mkdir -p "$work/elgg-data"
host_port="$(free_port)"
sidecar_port="$(free_port "$host_port")"
# Not Elgg's default prefix: the sidecar must follow host_table_prefix; and it is the prefix
# Elgg's own plugin tests use (Elgg\BaseTestCase::getTestingConfig()).
prefix="c_i_elgg_"

mariadb_root "$socket" -e "CREATE DATABASE \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER '$elgg_db_user'@'localhost' IDENTIFIED BY '$db_password';
  GRANT ALL ON \`$database\`.* TO '$elgg_db_user'@'localhost'"

# Elgg's own installer (ElggInstaller::batchInstall), as an operator runs it.
cat >"$work/install-config.php" <<PHP
<?php
return [
    'dbuser' => '$elgg_db_user', 'dbpassword' => '$db_password', 'dbname' => '$database',
    'dbhost' => 'localhost', 'dbprefix' => '$prefix',
    'sitename' => 'Rijksportaal (test)', 'siteemail' => 'noreply@example.org',
    'wwwroot' => 'http://127.0.0.1:$host_port/', 'dataroot' => '$work/elgg-data/',
    'displayname' => 'Beheerder', 'email' => 'beheer@example.org', 'username' => 'beheerder',
    'password' => '$admin_password', 'language' => 'nl', 'timezone' => 'UTC',
];
PHP
elgg_cli() { (cd "$elgg" && php "${php_db[@]}" -d "error_log=$work/elgg.log" elgg-cli "$@"); }
elgg_cli install --no-interaction -c "$work/install-config.php" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; exit 1; }
elgg_version="$(sed -n 's/.*Elgg \([0-9][0-9.]*\) install successful.*/\1/p' "$work/install.log" | head -1)"
[ -n "$elgg_version" ] || { echo "elgg/run.sh: the installer did not report success" >&2; cat "$work/install.log" >&2; exit 1; }
# Elgg's log at NOTICE, so that notices and deprecations of a plugin are written.
echo "\$CONFIG->debug = 'NOTICE';" >>"$elgg/elgg-config/settings.php"

say "real host: the plugin as the operator README says (package, copy, activate)"
"$KLUSSEN_ROOT/scripts/package-plugin.sh" "$work/package" >/dev/null
cp -r "$work/package/elgg4/klussen" "$elgg/mod/klussen"
elgg_cli plugins:activate dashboard >>"$work/install.log" 2>&1
elgg_cli plugins:list --refresh >>"$work/install.log" 2>&1
elgg_cli plugins:activate klussen >>"$work/install.log" 2>&1
elgg_cli cache:clear >>"$work/install.log" 2>&1
elgg_cli plugins:list --status=active >"$work/active.txt" 2>&1
grep -Eq '\|\s*klussen\s*\|.*\|\s*Active\s*\|' "$work/active.txt" ||
  { echo "elgg/run.sh: klussen is not active after plugins:activate:" >&2; cat "$work/active.txt" "$work/install.log" >&2; exit 1; }
# Active in the database is not yet served: a fresh Elgg boot must find the plugin's views and
# its Dutch strings (a stale view or language cache hides them; see the README's cache:clear).
(cd "$elgg" && php "${php_db[@]}" -d "error_log=$work/elgg.log" "$e2e_dir/elgg/plugin-served.php") ||
  { echo "elgg/run.sh: Elgg does not serve the active klussen plugin" >&2; exit 1; }

say "real host: Elgg's own plugin integration tests (static config, composer.json, actions) over every active plugin"
for suite in StaticConfig Composer ActionsRegistration; do
  (cd "$elgg" && HOME="$work/elgg-tests-home" ELGG_DB_HOST=localhost ELGG_DB_USER="$elgg_db_user" ELGG_DB_PASS="$db_password" \
    ELGG_DB_NAME="$database" ELGG_DB_PREFIX="$prefix" ELGG_WWWROOT="http://127.0.0.1:$host_port/" \
    php "${php_db[@]}" -d "error_log=$work/elgg-phpunit.log" "$(command -v phpunit)" --prepend "$e2e_dir/elgg/phpunit-prepend.php" \
      "engine/tests/phpunit/plugins_integration/Elgg/Plugins/${suite}IntegrationTest.php") >"$work/elgg-phpunit-$suite.log" 2>&1 ||
    { echo "elgg/run.sh: Elgg's ${suite}IntegrationTest failed:" >&2; tail -40 "$work/elgg-phpunit-$suite.log" >&2; exit 1; }
  grep -E '^(OK|Tests:)' "$work/elgg-phpunit-$suite.log" | tr '\n' ' ' | sed "s/^/  ${suite}IntegrationTest: /"; echo
done

say "real host: members and groups through Elgg's API"
(cd "$elgg" && php "${php_db[@]}" -d "error_log=$work/elgg.log" "$e2e_dir/elgg/seed.php" "$elgg" "$work/seed.json") >>"$work/install.log" 2>&1

say "real host: the sidecar with the least-privilege users of sql/grants.sql"
grants() { "$KLUSSEN_ROOT/scripts/render-grants.sh" "$1" "$database" elgg3 "$prefix" "$db_password" "k$$" | mariadb_root "$socket"; }
grants setup
secret="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export KLUSSEN_DB_SOCKET="$socket" KLUSSEN_DB_NAME="$database" KLUSSEN_DB_PASSWORD="$db_password"
export KLUSSEN_AUTH_SECRET="$secret" KLUSSEN_LISTEN_PORT="$sidecar_port" KLUSSEN_MATCH_POLL_INTERVAL_MS=500
export KLUSSEN_HOST_TABLE_PREFIX="$prefix"
KLUSSEN_DB_USER="k$$_migrate" "$sidecar_bin" --config "$KLUSSEN_ROOT/config/sidecar.minimal.conf" migrate \
  >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
grants runtime
export KLUSSEN_DB_USER="k$$"

write_sidecar_ctl "$work" "$sidecar_bin" "$sidecar_port"
"$work/sidecar-ctl.sh" start

say "real host: serving Elgg on 127.0.0.1:$host_port (PHP's built-in server)"
PHP_CLI_SERVER_WORKERS=4 setsid php "${php_db[@]}" -d "error_log=$work/elgg.log" -d log_errors=1 -d display_errors=0 \
  -S "127.0.0.1:$host_port" -t "$elgg" "$e2e_dir/elgg/router.php" >"$work/host.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$host_port/"

say "real host: browser flows (Chromium headless, playwright-core, axe-core)"
rm -rf "$artifacts" && mkdir -p "$artifacts"
set +e
KLUSSEN_E2E_BASE_URL="http://127.0.0.1:$host_port" KLUSSEN_E2E_ARTIFACTS="$artifacts" \
  KLUSSEN_E2E_SIDECAR_CTL="$work/sidecar-ctl.sh" KLUSSEN_CHROMIUM="$chromium_bin" \
  KLUSSEN_E2E_SEED="$work/seed.json" KLUSSEN_E2E_ADMIN_PASSWORD="$admin_password" \
  KLUSSEN_E2E_SIDECAR_URL="http://127.0.0.1:$sidecar_port" KLUSSEN_E2E_SECRET="$secret" \
  KLUSSEN_E2E_ELGG_LOG="$work/elgg.log" KLUSSEN_E2E_ELGG_VERSION="$elgg_version" \
  node "$e2e_dir/elgg.e2e.mjs"
status=$?
set -e
exit "$status"
