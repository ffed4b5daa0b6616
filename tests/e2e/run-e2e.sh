#!/usr/bin/env bash
# Browser tests of the klussen plugin-glue (issue #5): a real MariaDB with a small Elgg host
# database, the real sidecar, the stand-in host site (tests/e2e/host, PHP built-in server) that
# uses the plugin's own core classes, and Debian's Chromium driven by playwright-core, with
# axe-core on every page. Screenshots go to build/e2e-artifacts/ (KLUSSEN_E2E_ARTIFACTS).
#
#   tests/e2e/run-e2e.sh
#   KLUSSEN_SIDECAR_BIN=/tmp/build-e2e/sidecar/klussen-sidecar tests/e2e/run-e2e.sh
#   KLUSSEN_TEST_MYSQL_SOCKET=/path/mysqld.sock tests/e2e/run-e2e.sh   reuse a running MariaDB
#
# Exit code 0 only when every step passed and axe found no WCAG 2.1 A/AA violation.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
source "$KLUSSEN_ROOT/tests/e2e/e2e-lib.sh"

e2e_dir="$KLUSSEN_ROOT/tests/e2e"
sidecar_bin="${KLUSSEN_SIDECAR_BIN:-$KLUSSEN_ROOT/build/sidecar/klussen-sidecar}"
chromium_bin="${KLUSSEN_CHROMIUM:-/usr/bin/chromium}"
model="${KLUSSEN_E2E_MODEL:-$KLUSSEN_ROOT/tests/fixtures/models/tiny.json}"
generation="${KLUSSEN_E2E_GENERATION:-elgg3}"
artifacts="${KLUSSEN_E2E_ARTIFACTS:-$KLUSSEN_ROOT/build/e2e-artifacts}"
work="$(mktemp -d "${TMPDIR:-/tmp}/klussen-e2e.XXXXXX")"
database="klussen_e2e_$$"

for tool in node php "$chromium_bin" "$sidecar_bin"; do
  command -v "$tool" >/dev/null || { echo "run-e2e.sh: $tool is missing" >&2; exit 2; }
done
[ -d "$e2e_dir/node_modules/playwright-core" ] && [ -d "$e2e_dir/node_modules/axe-core" ] ||
  (cd "$e2e_dir" && npm ci --no-audit --no-fund)

own_db=""
if [ -n "${KLUSSEN_TEST_MYSQL_SOCKET:-}" ]; then
  socket="$KLUSSEN_TEST_MYSQL_SOCKET"
else
  own_db="$work/mariadb"
  start_mariadb "$own_db"
  socket="$MARIADB_SOCKET"
fi

pids=()
cleanup() {
  local status=$?
  [ -x "$work/sidecar-ctl.sh" ] && [ -f "$work/sidecar.pid" ] && "$work/sidecar-ctl.sh" stop
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  mariadb_root "$socket" -e "DROP DATABASE IF EXISTS \`$database\`" 2>/dev/null || true
  [ -z "$own_db" ] || stop_mariadb "$own_db"
  if [ "$status" -ne 0 ]; then
    for log in sidecar host; do
      [ -f "$work/$log.log" ] && { echo "--- last lines of the $log log:" >&2; tail -30 "$work/$log.log" >&2; }
    done
  fi
  [ -n "${KLUSSEN_E2E_KEEP:-}" ] || rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM


say "e2e: host database $database ($generation, $(basename "$model"))"
load_host_fixture "$socket" "$database" "$generation" "$model"

secret_file="$work/auth-secret"
(umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$secret_file")
sidecar_port="$(free_port)"
host_port="$(free_port "$sidecar_port")"
export KLUSSEN_DB_SOCKET="$socket" KLUSSEN_DB_NAME="$database" KLUSSEN_DB_USER=root KLUSSEN_DB_PASSWORD=""
export KLUSSEN_AUTH_SECRET="$(cat "$secret_file")" KLUSSEN_LISTEN_PORT="$sidecar_port"
"$sidecar_bin" --config "$KLUSSEN_ROOT/config/sidecar.minimal.conf" migrate >"$work/migrate.log" 2>&1 ||
  { cat "$work/migrate.log" >&2; exit 1; }

# The sidecar is started (and stopped, and started again) by the test itself through this script.
write_sidecar_ctl "$work" "$sidecar_bin" "$sidecar_port"
"$work/sidecar-ctl.sh" start

mkdir -p "$work/sessions"
KLUSSEN_HOST_MODEL="$model" KLUSSEN_HOST_SIDECAR_URL="http://127.0.0.1:$sidecar_port" \
  KLUSSEN_HOST_SECRET_FILE="$secret_file" KLUSSEN_HOST_SESSION_DIR="$work/sessions" \
  KLUSSEN_AUTH_SECRET="" PHP_CLI_SERVER_WORKERS=4 \
  setsid php -S "127.0.0.1:$host_port" "$e2e_dir/host/index.php" >"$work/host.log" 2>&1 &
pids+=($!)   # its own process group: the server's workers are stopped with it
wait_http "http://127.0.0.1:$host_port/login"

say "e2e: browser tests (Chromium headless, playwright-core, axe-core)"
rm -rf "$artifacts" && mkdir -p "$artifacts"
set +e
KLUSSEN_E2E_BASE_URL="http://127.0.0.1:$host_port" KLUSSEN_E2E_ARTIFACTS="$artifacts" \
  KLUSSEN_E2E_SIDECAR_CTL="$work/sidecar-ctl.sh" KLUSSEN_CHROMIUM="$chromium_bin" \
  node "$e2e_dir/klussen.e2e.mjs"
status=$?
set -e
cp "$work/sidecar.log" "$artifacts/sidecar.log" 2>/dev/null || true
cp "$work/host.log" "$artifacts/host.log" 2>/dev/null || true
exit "$status"
