#!/usr/bin/env bash
# Matching quality: the engine vs MariaDB FULLTEXT on synthetic people and
# klussen built from the ESCO files in ../shared/data/esco. Builds the
# project, compiles the evaluation against it, starts a private MariaDB for
# the peer, prints nDCG@10 and recall@50 for both.
#
#   tests/eval/run.sh [--people 20000] [--klussen 200]
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_packages
build_sidecar "$KLUSSEN_ROOT/build"
eval_binary="$KLUSSEN_ROOT/build/klussen_eval_match"
say "compiling tests/eval/match_eval.cc"
g++ -std=c++20 -O2 -I"$KLUSSEN_ROOT/sidecar/src" "$KLUSSEN_ROOT/tests/eval/match_eval.cc" \
  -o "$eval_binary" "$KLUSSEN_ROOT/build/sidecar/libklussen_core.a" \
  -lstemmer -lmysqlcppconn -lssl -lcrypto -lpthread
eval_db_dir="$KLUSSEN_ROOT/build/eval-mariadb"
start_mariadb "$eval_db_dir"
trap 'stop_mariadb "$eval_db_dir"' EXIT
say "evaluating (engine and FULLTEXT on the same data)"
"$eval_binary" --esco "$KLUSSEN_ROOT/../shared/data/esco" --socket "$MARIADB_SOCKET" "$@"
