#!/usr/bin/env bash
# Every benchmark, with its figures and the ratio against a peer measured in
# the same run. Builds first; installs what is missing; starts a private
# MariaDB for the benchmarks that need one (stopped again at the end).
#
#   KLUSSEN_BENCH_SECONDS=5 KLUSSEN_BENCH_CLIENTS=8 KLUSSEN_BENCH_GENERATION=elgg3 scripts/bench.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages
build_sidecar "$KLUSSEN_ROOT/build"
say "HTTP layer: hardened server vs stock cpp-httplib"
"$KLUSSEN_ROOT/build/sidecar/klussen_bench_http_overhead" "${KLUSSEN_BENCH_SECONDS:-5}" "${KLUSSEN_BENCH_CLIENTS:-8}"

bench_db_dir="$KLUSSEN_ROOT/build/bench-mariadb"
start_mariadb "$bench_db_dir"
export KLUSSEN_BENCH_MYSQL_SOCKET="$MARIADB_SOCKET"
trap 'stop_mariadb "$bench_db_dir"' EXIT

say "The real sidecar under pressure: ${KLUSSEN_BENCH_IDLE:-1000} idle + ${KLUSSEN_BENCH_SLOWLORIS:-64} slowloris connections, an authentication flood, peak memory per request"
KLUSSEN_TEST_MYSQL_SOCKET="$MARIADB_SOCKET" "$KLUSSEN_ROOT/build/sidecar/klussen_bench_connection_pressure" \
  "${KLUSSEN_BENCH_IDLE:-1000}" "${KLUSSEN_BENCH_SLOWLORIS:-64}"

say "Soak: ${KLUSSEN_SOAK_SECONDS:-600} s of writes from ${KLUSSEN_SOAK_CLIENTS:-64} clients while MariaDB restarts twice; every acknowledged write checked"
"$KLUSSEN_ROOT/build/sidecar/klussen_bench_outage_soak" "${KLUSSEN_SOAK_SECONDS:-600}" "${KLUSSEN_SOAK_CLIENTS:-64}"

say "Group tab (10,000 klussen in 500 groups) vs hello on the same server"
"$KLUSSEN_ROOT/build/sidecar/klussen_bench_group_tab" "${KLUSSEN_BENCH_SECONDS:-5}" "${KLUSSEN_BENCH_CLIENTS:-8}" "${KLUSSEN_BENCH_GENERATION:-elgg3}"

say "Matching: engine vs MariaDB FULLTEXT, top 20 for a klus (KLUSSEN_MATCH_SIZES=${KLUSSEN_MATCH_SIZES:-10000,100000,1000000})"
"$KLUSSEN_ROOT/build/sidecar/klussen_bench_match" --esco "$KLUSSEN_ROOT/../shared/data/esco" \
  --sizes "${KLUSSEN_MATCH_SIZES:-10000,100000,1000000}"

say "Start-up index load from the database (${KLUSSEN_LOAD_MEMBERS:-100000} members, ${KLUSSEN_BENCH_GENERATION:-elgg3}) vs the engine's own build; group members per candidates request"
KLUSSEN_TEST_MYSQL_SOCKET="$MARIADB_SOCKET" "$KLUSSEN_ROOT/build/sidecar/klussen_bench_index_load" \
  "${KLUSSEN_LOAD_MEMBERS:-100000}" "${KLUSSEN_BENCH_GENERATION:-elgg3}"
