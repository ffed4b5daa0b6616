#!/usr/bin/env bash
# Matching evaluated end to end through the real API (tests/eval/api_eval.cc):
# builds the sidecar and the evaluation, starts a private MariaDB, writes the
# host site, portfolios and klussen, reads candidates and "Klussen voor jou"
# for the sidecar as shipped and with the ESCO import, next to MariaDB
# FULLTEXT with the same filters.
#
#   tests/eval/run-api.sh [--members 3000] [--klussen 150] [--variants both|plain|esco|none]
#                         [--writers 16] [--generation elgg3|elgg1] [--voor-jou-members 5000]
#                         [--cap 200] [--unstated-hours-percent 10] [--keep-db 1]
# KLUSSEN_BUILD_DIR (default build/) picks the build directory,
# KLUSSEN_EVAL_DB_DIR (default <build>/eval-mariadb) the MariaDB directory.
# Exit status 3 when any result breaks a hard constraint, 4 when a portfolio
# write failed (--variants none: the writes alone, a write benchmark).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_packages
build_dir="${KLUSSEN_BUILD_DIR:-$KLUSSEN_ROOT/build}"
say "building klussen-sidecar and klussen_eval_api in ${build_dir#"$KLUSSEN_ROOT"/}"
cmake -S "$KLUSSEN_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target klussen-sidecar klussen_eval_api
eval_db_dir="${KLUSSEN_EVAL_DB_DIR:-$build_dir/eval-mariadb}"
start_mariadb "$eval_db_dir"
trap 'stop_mariadb "$eval_db_dir"' EXIT
say "evaluating through the API (engine and FULLTEXT on the same data)"
"$build_dir/sidecar/klussen_eval_api" --socket "$MARIADB_SOCKET" \
  --esco "$KLUSSEN_ROOT/../shared/data/esco" "$@"
