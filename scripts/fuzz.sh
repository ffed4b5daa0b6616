#!/usr/bin/env bash
# Fuzzes the authentication parsers: builds the libFuzzer target
# tests/fuzz/auth_fuzz.cc with clang (AddressSanitizer + UndefinedBehavior-
# Sanitizer) straight from the sources it needs into build/fuzz/, then runs it
# for SECONDS (default 30) on a copy of tests/fuzz/corpus/auth/. Exits non-zero
# on any crash, leak or sanitizer report; the input that caused it is left in
# build/fuzz/ as crash-*, leak-* or timeout-*.
#
#   scripts/fuzz.sh [SECONDS]
#
# Needs clang and libclang-rt-14-dev (the fuzzer and sanitizer runtimes).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
out="$root/build/fuzz"
binary="$out/auth_fuzz"

cxx="$(command -v clang++-14 || command -v clang++ || true)"
if [ -z "$cxx" ]; then
  echo "fuzz.sh: clang++ not found; install clang and libclang-rt-14-dev" >&2
  exit 2
fi

# What auth_fuzz.cc reaches: the auth parsers and what they use from common/.
sources=(
  tests/fuzz/auth_fuzz.cc
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

mkdir -p "$out"
# Rebuild only when a source or header it may include changed.
if [ ! -x "$binary" ] || [ -n "$(find "$root/tests/fuzz" "$root/sidecar/src/auth" \
  "$root/sidecar/src/common" "$root/sidecar/src/host" "$root/sidecar/src/store" \
  "$0" -newer "$binary" -print -quit)" ]; then
  echo "==> building $binary with $cxx" >&2
  # jwks.cc fetches keys with cpp-httplib, so the target links it too.
  # shellcheck disable=SC2046  # pkg-config prints several words on purpose
  "$cxx" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I "$root/sidecar/src" $(pkg-config --cflags cpp-httplib) \
    "${sources[@]/#/$root/}" \
    -o "$binary" $(pkg-config --libs cpp-httplib) -lssl -lcrypto -lpthread
fi

# A scratch copy: libFuzzer adds the inputs it finds to the corpus directory.
corpus="$out/corpus-auth"
rm -rf "$corpus"
cp -r "$root/tests/fuzz/corpus/auth" "$corpus"

echo "==> fuzzing for ${seconds}s" >&2
cd "$out"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
"$binary" -max_total_time="$seconds" -max_len=9000 -print_final_stats=1 \
  -artifact_prefix="$out/" "$corpus"
