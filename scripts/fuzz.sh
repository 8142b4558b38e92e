#!/usr/bin/env bash
# Builds the libFuzzer target fuzz/fuzz_kernels.cpp with clang++ (-fsanitize=fuzzer,address,
# undefined; every UB check fatal) and runs it for a bounded time.
#   scripts/fuzz.sh [seconds=60] [extra libFuzzer flags...]
# Environment: ACTMATH_FUZZ_BUILD (build dir, default build/fuzz), CXX (default clang++),
#   ACTMATH_FUZZ_JOBS (parallel fuzzing processes, default 1),
#   ACTMATH_FUZZ_FLAGS (extra compile flags, after the sanitizer flags; default -march=native).
# The seed corpus fuzz/corpus/ is read, never written: new inputs go to $build/corpus.
# -entropic=0: libFuzzer's entropic scheduling cost 3x the executions per second here (its
# feature-frequency bookkeeping dominated the profile) for a target this small.
# Exit status: 0 when the time ran out with no finding; libFuzzer's status otherwise (a crash
# reproducer crash-* is written to the build dir).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build="${ACTMATH_FUZZ_BUILD:-build/fuzz}"
cxx="${CXX:-clang++}"
flags="${ACTMATH_FUZZ_FLAGS:--march=native}"
mkdir -p "$build/corpus"
if [ ! -x "$build/fuzz_kernels" ] || [ -n "$(find include fuzz/fuzz_kernels.cpp -newer "$build/fuzz_kernels" -name '*.*pp' -print -quit)" ]; then
  echo "fuzz.sh: building $build/fuzz_kernels" >&2
  # shellcheck disable=SC2086
  "$cxx" -std=c++17 -O2 -g -ffp-contract=off -Iinclude \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    $flags fuzz/fuzz_kernels.cpp -o "$build/fuzz_kernels"
fi
jobs="${ACTMATH_FUZZ_JOBS:-1}"
cd "$build"
extra=()
[ "$jobs" -gt 1 ] && extra=(-fork="$jobs")
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec ./fuzz_kernels -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 -timeout=10 -entropic=0 \
  "${extra[@]}" "$@" corpus "$OLDPWD/fuzz/corpus"
