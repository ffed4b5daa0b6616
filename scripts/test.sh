#!/usr/bin/env bash
# Every test: install what is missing, build, start a private MariaDB for the
# tests, run the unit and integration tests (C++ and the fixture writer's
# Python tests), then the same C++ suite under AddressSanitizer and
# UndefinedBehaviorSanitizer. Safe to run again.
#
#   KLUSSEN_SKIP_SANITIZE=1 scripts/test.sh   skip the sanitizer pass
set -euo pipefail
source "$(dirname "$0")/lib.sh"

build_dir="$KLUSSEN_ROOT/build"
test_db_dir="$build_dir/test-mariadb"

ensure_packages
build_sidecar "$build_dir"
start_mariadb "$test_db_dir"
export KLUSSEN_TEST_MYSQL_SOCKET="$MARIADB_SOCKET"
trap 'stop_mariadb "$test_db_dir"' EXIT

say "fixture writer tests (Python)"
python3 -m unittest discover -s "$KLUSSEN_ROOT/tests/fixtures" -p '*_test.py'

say "sidecar tests (C++, real MariaDB)"
ctest --test-dir "$build_dir" --output-on-failure -j2

if [ -z "${KLUSSEN_SKIP_SANITIZE:-}" ]; then
  say "sidecar tests again under AddressSanitizer + UndefinedBehaviorSanitizer"
  build_sidecar "$build_dir-asan" -DKLUSSEN_SANITIZE=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build_dir-asan" --output-on-failure -j2
fi
