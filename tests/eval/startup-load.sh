#!/usr/bin/env bash
# The sidecar's start-up index load, real path: a klussen-sidecar binary
# started against an existing database (e.g. one kept by
# `tests/eval/run-api.sh --keep-db 1`) with the API evaluation's environment
# (KLUSSEN_DB_*, poll 500 ms). Prints the "match index loaded" figure of its
# log and the time from spawn until `/readyz` says ready, then stops it.
#
#   tests/eval/startup-load.sh SOCKET DATABASE [BINARY] [--esco DIR] [--runs N]
#
# BINARY defaults to build/sidecar/klussen-sidecar; --esco DIR sets
# KLUSSEN_MATCH_ESCO_DIR as the evaluation's "engine + ESCO import" does.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
socket="$1"
database="$2"
shift 2
binary="$root/build/sidecar/klussen-sidecar"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  binary="$1"
  shift
fi
esco=""
runs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --esco) esco="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d /tmp/startup-load.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
for run in $(seq 1 "$runs"); do
  echo "run $run: $(uptime)"
  env KLUSSEN_DB_SOCKET="$socket" KLUSSEN_DB_NAME="$database" KLUSSEN_DB_USER=root \
    KLUSSEN_LISTEN_PORT=0 KLUSSEN_AUTH_SECRET=test-secret-0123456789abcdef0123456789abcdef \
    KLUSSEN_MATCH_POLL_INTERVAL_MS=500 KLUSSEN_LOG_LEVEL=info \
    ${esco:+KLUSSEN_MATCH_ESCO_DIR="$esco"} \
    "$binary" serve >"$work/out.log" 2>&1 &
  pid=$!
  start=$(date +%s.%N)
  port=""
  for _ in $(seq 1 1200); do
    port="$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out.log" | head -1)"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/out.log" >&2; exit 1; }
  until curl -s "http://127.0.0.1:$port/readyz" | grep -q '"state":"ready"'; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(echo "$(date +%s.%N) - $start" | bc)
  loaded="$(grep -o 'match index loaded.*' "$work/out.log" | head -1)"
  printf 'log: %s\nready after %.2f s (spawn to /readyz)\n' "$loaded" "$ready"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
done
echo "after: $(uptime)"
