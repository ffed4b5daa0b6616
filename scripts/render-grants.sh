#!/usr/bin/env bash
# Prints one phase of sql/grants.sql for one database:
#   render-grants.sh setup|runtime DATABASE GENERATION PREFIX PASSWORD [USER [CLIENT_HOST]]
# setup: the users, the migrate user's rights and the SELECTs on host tables;
# runtime (after `klussen-sidecar migrate`): the runtime user's rights on our
# tables. GENERATION is elgg1 or elgg3; USER defaults to klussen, CLIENT_HOST to %
# (pass "" for either to keep its default).
# CLIENT_HOST is the host part of both users ('USER'@'CLIENT_HOST'), a MariaDB
# host pattern: % (the default: any host; the password is required anyway),
# localhost (the UNIX socket), an IP address such as 127.0.0.1 or ::1, or a
# pattern such as 10.0.0.%. Over TCP on a server with skip-name-resolve the
# client is matched by its IP address only (127.0.0.1 is not localhost there).
# Give the same value to both phases.
set -euo pipefail
usage="usage: $0 setup|runtime DATABASE elgg1|elgg3 PREFIX PASSWORD [USER [CLIENT_HOST]]"
if [ $# -lt 5 ] || [ $# -gt 7 ]; then
  echo "$usage" >&2
  exit 2
fi
phase="$1" database="$2" generation="$3" prefix="$4" password="$5" user="${6:-klussen}"
client_host="${7:-%}"
case "$phase" in setup|runtime) ;; *) echo "phase must be setup or runtime" >&2; exit 2 ;; esac
case "$generation" in elgg1|elgg3) ;; *) echo "generation must be elgg1 or elgg3" >&2; exit 2 ;; esac
# Names are spliced into SQL: allow only what Elgg and MariaDB names allow.
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || { echo "bad database name" >&2; exit 2; }
[[ "$prefix" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "bad table prefix" >&2; exit 2; }
[[ "$user" =~ ^[A-Za-z0-9_]{1,24}$ ]] || { echo "bad user name" >&2; exit 2; }
[[ "$password" =~ ^[A-Za-z0-9_.-]{8,}$ ]] || { echo "password: at least 8 of A-Z a-z 0-9 _ . -" >&2; exit 2; }
# A host name, IPv4/IPv6 address or pattern with the wildcards % and _; nothing
# that could end the quoted string or mean something to sed.
[[ "$client_host" =~ ^[A-Za-z0-9._%:-]{1,255}$ ]] ||
  { echo "client host: 1 to 255 of A-Z a-z 0-9 . - _ % : (e.g. %, localhost, 10.0.0.%, 127.0.0.1)" >&2; exit 2; }
here="$(cd "$(dirname "$0")/.." && pwd)"
awk -v phase="$phase" -v generation="$generation" '
  /^-- @/ { section = substr($2, 2); next }
  /^--/ || /^$/ { next }
  section == phase || (phase == "setup" && section == generation) { print }
' "$here/sql/grants.sql" |
  sed -e "s/{db}/$database/g" -e "s/{prefix}/$prefix/g" -e "s/{user}/$user/g" \
      -e "s/{password}/$password/g" -e "s/{client_host}/$client_host/g"
