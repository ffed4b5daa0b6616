#!/usr/bin/env bash
# Matching quality: the engine vs MariaDB FULLTEXT on synthetic people and
# klussen built from the ESCO files in ../shared/data/esco. Builds the
# project, compiles the evaluation against it, starts a private MariaDB for
# the peer, prints nDCG@10 and recall@50 for both.
#
#   tests/eval/run.sh [--people 20000] [--klussen 200] [--esco-import 0|1]
#                     [--people-style realistic|tidy] [--label-styles both|ids|typed]
#                     [scoring options: see match_eval.cc's usage]
# KLUSSEN_BUILD_DIR (default build/) picks the build directory; only the
# core library is built. KLUSSEN_EVAL_DB_DIR picks the MariaDB directory.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_packages
build_dir="${KLUSSEN_BUILD_DIR:-$KLUSSEN_ROOT/build}"
say "building klussen_core in ${build_dir#"$KLUSSEN_ROOT"/}"
cmake -S "$KLUSSEN_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target klussen_core
eval_binary="$build_dir/klussen_eval_match"
say "compiling tests/eval/match_eval.cc"
g++ -std=c++20 -O2 -I"$KLUSSEN_ROOT/sidecar/src" "$KLUSSEN_ROOT/tests/eval/match_eval.cc" \
  -o "$eval_binary" "$build_dir/sidecar/libklussen_core.a" \
  -lstemmer -lmysqlcppconn -lssl -lcrypto -lpthread
eval_db_dir="${KLUSSEN_EVAL_DB_DIR:-$build_dir/eval-mariadb}"
start_mariadb "$eval_db_dir"
trap 'stop_mariadb "$eval_db_dir"' EXIT
say "evaluating (engine and FULLTEXT on the same data)"
"$eval_binary" --esco "$KLUSSEN_ROOT/../shared/data/esco" --socket "$MARIADB_SOCKET" "$@"
