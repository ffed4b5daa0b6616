#!/usr/bin/env bash
# The main job: install what is missing, build, start a private MariaDB with a
# demo Elgg host database, apply our migrations, and run the sidecar in the
# foreground. Safe to run again: it reuses what is already there.
#
#   scripts/run.sh                 demo host of generation elgg1 (Pleio's era)
#   KLUSSEN_DEMO_GENERATION=elgg3 scripts/run.sh
#   KLUSSEN_DEMO_RESET=1 scripts/run.sh   reload the demo data
set -euo pipefail
source "$(dirname "$0")/lib.sh"

generation="${KLUSSEN_DEMO_GENERATION:-elgg1}"
run_dir="$KLUSSEN_ROOT/run"
build_dir="$KLUSSEN_ROOT/build"
database="klussen_demo_$generation"
password="demo-password-not-for-production"

ensure_packages
build_sidecar "$build_dir"
start_mariadb "$run_dir/mariadb"
socket="$MARIADB_SOCKET"

if [ -n "${KLUSSEN_DEMO_RESET:-}" ] ||
   ! mariadb_root "$socket" -e "USE \`$database\`" 2>/dev/null; then
  say "creating the demo host database $database (500 civil servants, 30 groups)"
  mkdir -p "$run_dir"
  python3 "$KLUSSEN_ROOT/tests/fixtures/elgg_fixture.py" demo --seed 42 >"$run_dir/demo-model.json"
  load_host_fixture "$socket" "$database" "$generation" "$run_dir/demo-model.json"
fi
# The demo server has no networking (--skip-networking): the sidecar comes in
# over the socket, so its users are for localhost, as in earlier demo runs.
apply_grants setup "$socket" "$database" "$generation" elgg_ "$password" localhost

# The demo's signing secret is made once and kept in run/ (the glue reads the same file).
[ -s "$run_dir/auth-secret" ] || (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$run_dir/auth-secret")
export KLUSSEN_DB_SOCKET="$socket" KLUSSEN_DB_NAME="$database" KLUSSEN_DB_PASSWORD="$password"
export KLUSSEN_AUTH_SECRET="$(cat "$run_dir/auth-secret")"
say "applying migrations"
KLUSSEN_DB_USER=klussen_migrate "$build_dir/sidecar/klussen-sidecar" --config "$KLUSSEN_ROOT/config/sidecar.minimal.conf" migrate
apply_grants runtime "$socket" "$database" "$generation" elgg_ "$password" localhost
# Demo portfolios and open klussen, once (so "Klussen voor jou" has something to show).
if [ "$(mariadb_root "$socket" -N -e "SELECT (SELECT COUNT(*) FROM klussen_portfolio) + (SELECT COUNT(*) FROM klussen_klus)" "$database")" = "0" ]; then
  say "adding demo portfolios and klussen"
  [ -s "$run_dir/demo-model.json" ] ||
    python3 "$KLUSSEN_ROOT/tests/fixtures/elgg_fixture.py" demo --seed 42 >"$run_dir/demo-model.json"
  python3 "$KLUSSEN_ROOT/tests/fixtures/demo_klussen.py" "$run_dir/demo-model.json" |
    mariadb_root "$socket" "$database"
fi
say "checking the host database"
KLUSSEN_DB_USER=klussen "$build_dir/sidecar/klussen-sidecar" --config "$KLUSSEN_ROOT/config/sidecar.minimal.conf" check
# --- issue #5: the stand-in host site (tests/e2e/host; TEST ONLY: log in as any demo user) ---
host_port="${KLUSSEN_HOST_PORT:-8378}"
[ -s "$run_dir/demo-model.json" ] ||
  python3 "$KLUSSEN_ROOT/tests/fixtures/elgg_fixture.py" demo --seed 42 >"$run_dir/demo-model.json"
mkdir -p "$run_dir/host-sessions"
KLUSSEN_HOST_MODEL="$run_dir/demo-model.json" KLUSSEN_HOST_SECRET_FILE="$run_dir/auth-secret" \
  KLUSSEN_HOST_SIDECAR_URL="http://127.0.0.1:${KLUSSEN_LISTEN_PORT:-8377}" \
  KLUSSEN_HOST_SESSION_DIR="$run_dir/host-sessions" PHP_CLI_SERVER_WORKERS=4 \
  setsid php -S "127.0.0.1:$host_port" "$KLUSSEN_ROOT/tests/e2e/host/index.php" >"$run_dir/host.log" 2>&1 &
host_pid=$!   # its own process group, so its workers stop with it
trap 'kill -- "-$host_pid" 2>/dev/null || true' EXIT
say "stand-in host with the klussen plugin: http://127.0.0.1:$host_port/ (pick a user, open a group, tab Klussen)"
# --- end issue #5 (the sidecar below is no longer exec'd, so the host is stopped with it) ---

say "starting the sidecar (Ctrl-C stops it); try: curl http://127.0.0.1:${KLUSSEN_LISTEN_PORT:-8377}/readyz"
KLUSSEN_DB_USER=klussen "$build_dir/sidecar/klussen-sidecar" --config "$KLUSSEN_ROOT/config/sidecar.minimal.conf" serve
