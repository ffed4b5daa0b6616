#!/usr/bin/env bash
# Every benchmark, with its figures and the ratio against a peer measured in
# the same run. Builds first; installs what is missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages
build_sidecar "$KLUSSEN_ROOT/build"
say "HTTP layer: hardened server vs stock cpp-httplib"
"$KLUSSEN_ROOT/build/sidecar/klussen_bench_http_overhead" "${KLUSSEN_BENCH_SECONDS:-5}" "${KLUSSEN_BENCH_CLIENTS:-8}"
