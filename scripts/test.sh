#!/usr/bin/env bash
# Every test: install what is missing, build, start a private MariaDB for the
# tests, run the unit and integration tests (C++, the fixture writer's Python
# tests, the plugin-glue's PHP tests and its two packages), the browser tests
# in the real Elgg 5.1.12 host and in the demo host, a short run of every fuzz
# target (authentication, every route's JSON input, the zip and Open Badges
# imports; KLUSSEN_FUZZ_SECONDS each, default 15), then the C++ suite again
# under AddressSanitizer and UndefinedBehaviorSanitizer. Safe to run again.
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

say "signing vectors match their independent generator"
python3 "$KLUSSEN_ROOT/tests/fixtures/make_signing_vectors.py" --check

say "plugin-glue (PHP): every file parses, PHPUnit (incl. the shared signing vectors)"
find "$KLUSSEN_ROOT/plugin-glue" -name '*.php' -print0 | xargs -0 -n1 php -l >/dev/null
phpunit -c "$KLUSSEN_ROOT/plugin-glue/phpunit.xml.dist"

say "plugin-glue packages: Elgg 4.x-6.x without start.php, Elgg 1.8-2.x with manifest.xml"
"$KLUSSEN_ROOT/scripts/package-plugin.sh" "$build_dir/plugin" >/dev/null
"$KLUSSEN_ROOT/tests/packaging/check-plugin-packages.sh" "$build_dir/plugin"

say "sidecar tests (C++, real MariaDB)"
ctest --test-dir "$build_dir" --output-on-failure -j2

say "matching end to end through the API, short form (300 members: no hard constraint broken on any page)"
KLUSSEN_BUILD_DIR="$build_dir" KLUSSEN_EVAL_DB_DIR="$build_dir/eval-smoke-mariadb" \
  "$KLUSSEN_ROOT/tests/eval/run-api.sh" --members 300 --klussen 30 --variants plain

(cd "$KLUSSEN_ROOT/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
say "browser tests: the plugin in the real Elgg 5.1.12 (tests/e2e/elgg; screenshots in build/e2e-elgg-artifacts)"
KLUSSEN_SIDECAR_BIN="$build_dir/sidecar/klussen-sidecar" KLUSSEN_E2E_ARTIFACTS="$build_dir/e2e-elgg-artifacts" \
  "$KLUSSEN_ROOT/tests/e2e/elgg/run.sh"
say "browser tests: the demo host of scripts/run.sh (tests/e2e; screenshots in build/e2e-artifacts)"
KLUSSEN_SIDECAR_BIN="$build_dir/sidecar/klussen-sidecar" KLUSSEN_E2E_ARTIFACTS="$build_dir/e2e-artifacts" \
  "$KLUSSEN_ROOT/tests/e2e/run-e2e.sh"

say "fuzzing: auth, route JSON, zip and Open Badges imports (libFuzzer + ASan/UBSan, ${KLUSSEN_FUZZ_SECONDS:-15} s each)"
"$KLUSSEN_ROOT/scripts/fuzz.sh" "${KLUSSEN_FUZZ_SECONDS:-15}"

if [ -z "${KLUSSEN_SKIP_SANITIZE:-}" ]; then
  say "sidecar tests again under AddressSanitizer + UndefinedBehaviorSanitizer"
  build_sidecar "$build_dir-asan" -DKLUSSEN_SANITIZE=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build_dir-asan" --output-on-failure -j2
fi
