#!/usr/bin/env bash
# Prints one phase of sql/grants.sql for one database:
#   render-grants.sh setup|runtime DATABASE GENERATION PREFIX PASSWORD [USER]
# setup: the users, the migrate user's rights and the SELECTs on host tables;
# runtime (after `klussen-sidecar migrate`): the runtime user's rights on our
# tables. GENERATION is elgg1 or elgg3; USER defaults to klussen.
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: $0 setup|runtime DATABASE elgg1|elgg3 PREFIX PASSWORD [USER]" >&2
  exit 2
fi
phase="$1" database="$2" generation="$3" prefix="$4" password="$5" user="${6:-klussen}"
case "$phase" in setup|runtime) ;; *) echo "phase must be setup or runtime" >&2; exit 2 ;; esac
case "$generation" in elgg1|elgg3) ;; *) echo "generation must be elgg1 or elgg3" >&2; exit 2 ;; esac
# Names are spliced into SQL: allow only what Elgg and MariaDB names allow.
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || { echo "bad database name" >&2; exit 2; }
[[ "$prefix" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "bad table prefix" >&2; exit 2; }
[[ "$user" =~ ^[A-Za-z0-9_]{1,24}$ ]] || { echo "bad user name" >&2; exit 2; }
[[ "$password" =~ ^[A-Za-z0-9_.-]{8,}$ ]] || { echo "password: at least 8 of A-Z a-z 0-9 _ . -" >&2; exit 2; }
here="$(cd "$(dirname "$0")/.." && pwd)"
awk -v phase="$phase" -v generation="$generation" '
  /^-- @/ { section = substr($2, 2); next }
  /^--/ || /^$/ { next }
  section == phase || (phase == "setup" && section == generation) { print }
' "$here/sql/grants.sql" |
  sed -e "s/{db}/$database/g" -e "s/{prefix}/$prefix/g" -e "s/{user}/$user/g" \
      -e "s/{password}/$password/g"
