# Shared steps of scripts/run.sh and scripts/test.sh. Source it; do not run it.
# Every step is idempotent: it checks before it acts.

KLUSSEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the build, the tests and the demo need.
KLUSSEN_PACKAGES=(
  build-essential cmake pkg-config git
  libcpp-httplib-dev libmysqlcppconn-dev nlohmann-json3-dev libssl-dev libboost-dev
  libboost-system-dev libgtest-dev libgmock-dev libstemmer-dev libzip-dev
  mariadb-server mariadb-client python3 curl
  php8.2-cli php8.2-mysql php8.2-gd php8.2-xml php8.2-mbstring php8.2-intl phpunit
  chromium
  clang libclang-rt-14-dev
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_packages() {
  local missing=()
  for package in "${KLUSSEN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# build_sidecar BUILD_DIR [extra cmake args...]
build_sidecar() {
  local build_dir="$1"
  shift
  say "building in ${build_dir#"$KLUSSEN_ROOT"/}"
  cmake -S "$KLUSSEN_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$build_dir" -j"$(nproc)"
}

# start_mariadb DIR: a private MariaDB server with its own data directory and
# socket under DIR, never the system service. Reuses a server already running
# there. Prints nothing; sets MARIADB_SOCKET.
start_mariadb() {
  local dir="$1"
  MARIADB_SOCKET="$dir/mysqld.sock"
  mkdir -p "$dir"
  if [ -S "$MARIADB_SOCKET" ] && mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" -u root ping >/dev/null 2>&1; then
    return 0
  fi
  local run_as=(--user="$(id -un)")
  if [ ! -d "$dir/data/mysql" ]; then
    say "creating a private MariaDB data directory in ${dir#"$KLUSSEN_ROOT"/}"
    rm -rf "$dir/data"
    mariadb-install-db --no-defaults --datadir="$dir/data" "${run_as[@]}" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 ||
      { cat "$dir/install.log" >&2; return 1; }
  fi
  say "starting a private MariaDB on ${MARIADB_SOCKET#"$KLUSSEN_ROOT"/}"
  rm -f "$MARIADB_SOCKET"
  mariadbd --no-defaults --datadir="$dir/data" --socket="$MARIADB_SOCKET" --skip-networking \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/mysqld.err" "${run_as[@]}" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --max-connections=500 \
    >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" -u root ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "MariaDB did not start; its log says:" >&2
  tail -20 "$dir/mysqld.err" >&2
  return 1
}

stop_mariadb() {
  local dir="$1"
  [ -S "$dir/mysqld.sock" ] || return 0
  mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -u root shutdown >/dev/null 2>&1 || true
}

# mariadb_root SOCKET [args...]: the client as root over the socket.
mariadb_root() {
  local socket="$1"
  shift
  mariadb --no-defaults --protocol=socket --socket="$socket" -u root "$@"
}

# load_host_fixture SOCKET DATABASE GENERATION MODEL_JSON: a fresh Elgg-shaped
# database filled from a fixture model.
load_host_fixture() {
  local socket="$1" database="$2" generation="$3" model="$4"
  mariadb_root "$socket" -e "DROP DATABASE IF EXISTS \`$database\`; CREATE DATABASE \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  python3 "$KLUSSEN_ROOT/tests/fixtures/elgg_fixture.py" emit --generation "$generation" "$model" |
    mariadb_root "$socket" "$database"
}

# apply_grants PHASE SOCKET DATABASE GENERATION PREFIX PASSWORD [CLIENT_HOST]:
# one phase (setup, or runtime after migrate) of the least-privilege users
# (klussen, klussen_migrate) of sql/grants.sql, for CLIENT_HOST (default %,
# see scripts/render-grants.sh).
apply_grants() {
  local phase="$1" socket="$2" database="$3" generation="$4" prefix="$5" password="$6"
  local client_host="${7:-}"
  "$KLUSSEN_ROOT/scripts/render-grants.sh" "$phase" "$database" "$generation" "$prefix" "$password" \
    "" "$client_host" | mariadb_root "$socket"
}
