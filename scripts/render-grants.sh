#!/usr/bin/env bash
# Prints sql/grants.sql for one database:
#   render-grants.sh DATABASE GENERATION PREFIX PASSWORD [USER]
# GENERATION is elgg1 or elgg3; USER defaults to klussen.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 DATABASE elgg1|elgg3 PREFIX PASSWORD [USER]" >&2
  exit 2
fi
database="$1" generation="$2" prefix="$3" password="$4" user="${5:-klussen}"
case "$generation" in elgg1|elgg3) ;; *) echo "generation must be elgg1 or elgg3" >&2; exit 2 ;; esac
# Names are spliced into SQL: allow only what Elgg and MariaDB names allow.
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || { echo "bad database name" >&2; exit 2; }
[[ "$prefix" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "bad table prefix" >&2; exit 2; }
[[ "$user" =~ ^[A-Za-z0-9_]{1,24}$ ]] || { echo "bad user name" >&2; exit 2; }
[[ "$password" =~ ^[A-Za-z0-9_.-]{8,}$ ]] || { echo "password: at least 8 of A-Z a-z 0-9 _ . -" >&2; exit 2; }
here="$(cd "$(dirname "$0")/.." && pwd)"
awk -v want="$generation" '
  /^-- @/ { section = substr($2, 2); next }
  /^--/ || /^$/ { next }
  section == "all" || section == want { print }
' "$here/sql/grants.sql" |
  sed -e "s/{db}/$database/g" -e "s/{prefix}/$prefix/g" -e "s/{user}/$user/g" \
      -e "s/{password}/$password/g"
