#!/usr/bin/env bash
# Fuzzes what the sidecar reads from untrusted input, one libFuzzer target each
# (tests/fuzz/<target>_fuzz.cc, seeds in tests/fuzz/corpus/<target>/, and a
# dictionary in tests/fuzz/<target>.dict for some):
#   auth         bearer tokens (JWT), JWKS documents, signed glue requests
#   route_json   every API route's JSON body, path ids and query integers, with
#                the parse and validation functions the handlers call
#   zip_import   the LinkedIn import: uploaded ZIP archives, the export's
#                CSV files, the CSV reader
#   open_badges  the Open Badges import (assertions, bundles; images refused)
# Builds them with clang (AddressSanitizer + UndefinedBehaviorSanitizer) from
# the sources they need into build/fuzz/, recompiling only the files changed
# since (headers included; everything when the flags changed), then runs each,
# one after another, for SECONDS (default 30 each) on a scratch copy of its
# seeds. Exits non-zero if any target crashed, leaked, timed out or tripped a
# sanitizer; the input that did it is left in build/fuzz/ as <target>-crash-*,
# -leak-* or -timeout-* (replay: build/fuzz/<target>_fuzz FILE). Each run's
# output is in build/fuzz/<target>.log. Leak stacks through libzip need
# ASAN_OPTIONS=fast_unwind_on_malloc=0 when replaying (libzip keeps no frame
# pointers).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]    all targets when none is named
#
# Needs clang, libclang-rt-14-dev (the fuzzer and sanitizer runtimes), and the
# sidecar's build dependencies (cpp-httplib, libzip, nlohmann-json).
# SC2034: the sources_* lists are read through ${!list} in build(); SC2054:
# the commas in -fsanitize=... are not array separators.
# shellcheck disable=SC2034,SC2054
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build/fuzz"
all_targets=(auth route_json zip_import open_badges)

seconds=30
targets=()
for arg in "$@"; do
  if [[ "$arg" =~ ^[0-9]+$ ]]; then
    seconds="$arg"
  elif [[ " ${all_targets[*]} " == *" $arg "* ]]; then
    targets+=("$arg")
  else
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]; targets: ${all_targets[*]}" >&2
    exit 2
  fi
done
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")

cxx="$(command -v clang++-14 || command -v clang++ || true)"
if [ -z "$cxx" ]; then
  echo "fuzz.sh: clang++ not found; install clang and libclang-rt-14-dev" >&2
  exit 2
fi

# What each target reaches, besides its tests/fuzz/<target>_fuzz.cc.
sources_auth=(
  sidecar/src/auth/base64url.cc
  sidecar/src/auth/canonical.cc
  sidecar/src/auth/nonce_cache.cc
  sidecar/src/auth/signed_context.cc
  sidecar/src/common/digest.cc
  sidecar/src/auth/jwt.cc
  sidecar/src/auth/jwks.cc
  sidecar/src/auth/oidc_verifier.cc
  sidecar/src/common/config.cc
  sidecar/src/common/config_keys.cc
  sidecar/src/common/log.cc
  sidecar/src/common/status.cc
)
sources_route_json=(
  sidecar/src/server/request_input.cc
  sidecar/src/server/import_input.cc
  sidecar/src/klus/klus_input.cc
  sidecar/src/klus/klus_model.cc
  sidecar/src/portfolio/portfolio_service.cc
  sidecar/src/portfolio/portfolio_model.cc
  sidecar/src/common/dates.cc
  sidecar/src/common/json_depth.cc
  sidecar/src/common/log.cc
  sidecar/src/common/status.cc
)
sources_zip_import=(
  sidecar/src/portfolio/zip_reader.cc
  sidecar/src/portfolio/import_linkedin.cc
  sidecar/src/portfolio/import_csv.cc
  sidecar/src/portfolio/import_text.cc
  sidecar/src/klus/klus_input.cc
  sidecar/src/common/dates.cc
  sidecar/src/common/memory_budget.cc
  sidecar/src/common/log.cc
  sidecar/src/common/status.cc
)
sources_open_badges=(
  sidecar/src/portfolio/import_open_badges.cc
  sidecar/src/portfolio/import_text.cc
  sidecar/src/klus/klus_input.cc
  sidecar/src/common/dates.cc
  sidecar/src/common/json_depth.cc
  sidecar/src/common/memory_budget.cc
  sidecar/src/common/log.cc
  sidecar/src/common/status.cc
)
# Longest input per target: a JSON body or token is short; archives are not.
declare -A max_len=([auth]=9000 [route_json]=8192 [zip_import]=65536 [open_badges]=16384)

# pkg-config prints several words on purpose (word splitting below).
cflags="$(pkg-config --cflags cpp-httplib libzip)"
libs="$(pkg-config --libs cpp-httplib libzip) -lssl -lcrypto -lpthread"
# Function sections + --gc-sections: a target links only what it calls, so
# route_json can use the static parse functions of portfolio_service.cc
# without the database layer the rest of that file needs. -z start-stop-gc:
# else the sanitizer and coverage tables keep every function alive.
# shellcheck disable=SC2206
compile_flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
  -fno-sanitize-recover=undefined -ffunction-sections -fdata-sections
  -I "$root/sidecar/src" $cflags)
link_flags=(-fsanitize=fuzzer,address,undefined -Wl,--gc-sections,-z,start-stop-gc)

# Whether $1 (an object) is missing or older than anything its dependency
# file $2 (from -MMD) names.
stale() {
  [ -f "$1" ] && [ -f "$2" ] || return 0
  local dep
  # shellcheck disable=SC2013  # a .d file is words (paths), not lines
  for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$2"); do
    if [ ! -e "$dep" ] || [ "$dep" -nt "$1" ]; then return 0; fi
  done
  return 1
}

# Builds build/fuzz/<target>_fuzz; objects are shared between targets. Stale
# objects compile side by side, one per core (a fresh clone compiles ~30).
build() {
  local name="$1" list="sources_$1[@]" src obj objects=() relink=0 running=() jobs
  jobs="$(nproc)"
  local binary="$out/${name}_fuzz"
  for src in "tests/fuzz/${name}_fuzz.cc" "${!list}"; do
    obj="$out/obj/${src//\//_}.o"
    if stale "$obj" "${obj%.o}.d"; then
      echo "==> compiling $src" >&2
      "$cxx" "${compile_flags[@]}" -MMD -MF "${obj%.o}.d" -c "$root/$src" -o "$obj" &
      running+=("$!")
      if ((${#running[@]} >= jobs)); then
        wait "${running[0]}" || return 1
        running=("${running[@]:1}")
      fi
    fi
    objects+=("$obj")
  done
  for pid in "${running[@]}"; do wait "$pid" || return 1; done
  for obj in "${objects[@]}"; do
    if [ "$obj" -nt "$binary" ]; then relink=1; fi
  done
  if [ ! -x "$binary" ] || [ "$relink" = 1 ]; then
    echo "==> linking $binary" >&2
    # shellcheck disable=SC2086
    "$cxx" "${link_flags[@]}" "${objects[@]}" -o "$binary" $libs
  fi
}

# Runs one target for $seconds; answers whether it found nothing.
run() {
  local name="$1"
  local corpus="$out/corpus-$name" log="$out/$name.log" dict=()
  # Keys and values a mutation rarely spells out by chance.
  [ -f "$root/tests/fuzz/$name.dict" ] && dict=(-dict="$root/tests/fuzz/$name.dict")
  # A scratch copy: libFuzzer adds the inputs it finds to the corpus directory.
  rm -rf "$corpus"
  cp -r "$root/tests/fuzz/corpus/$name" "$corpus"
  echo "==> fuzzing $name for ${seconds}s (log: build/fuzz/$name.log)" >&2
  if (cd "$out" && "$out/${name}_fuzz" -max_total_time="$seconds" -max_len="${max_len[$name]}" \
    -timeout=30 -print_final_stats=1 -artifact_prefix="$out/$name-" "${dict[@]}" "$corpus" \
    >"$log" 2>&1); then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" >&2 || true
    return 0
  fi
  # The report without libFuzzer's progress lines.
  grep -v -E '^#[0-9]+' "$log" | tail -n 120 >&2
  echo "==> $name FAILED; the input is in build/fuzz/$name-*" >&2
  return 1
}

mkdir -p "$out/obj"
# Other flags than last time (a new clang, another pkg-config answer, an edit
# above): everything is built again.
flags_now="$cxx ${compile_flags[*]} ${link_flags[*]} $libs"
if [ "$(cat "$out/obj/flags" 2>/dev/null)" != "$flags_now" ]; then
  rm -f "$out"/obj/*.o "$out"/*_fuzz
  printf '%s\n' "$flags_now" >"$out/obj/flags"
fi
for name in "${targets[@]}"; do build "$name"; done

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
failed=()
for name in "${targets[@]}"; do run "$name" || failed+=("$name"); done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: found problems in: ${failed[*]}" >&2
  exit 1
fi
