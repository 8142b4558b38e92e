#!/usr/bin/env bash
# Builds the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (every UB check
# fatal: -fno-sanitize-recover=all) with clang++ and with g++, each in its own build directory,
# and runs ctest there.
#   scripts/sanitize.sh [compiler...]        default: clang++ g++
# Environment: ACTMATH_SANITIZE_BUILD (build dir prefix, default build/sanitize),
#   ACTMATH_SANITIZE_JOBS (default: nproc), ACTMATH_SANITIZE_OPT (default -O2: the tests
#   sweep millions of inputs, -O1 doubles the run time and finds nothing more here),
#   ACTMATH_SANITIZE_TESTS (a ctest -R regex, default: every test),
#   ACTMATH_SANITIZE_TARGETS (space-separated build targets, default: all).
# Exit status: non-zero if a build fails or any test fails or reports UB/ASan errors.
#
# g++ builds with --param=asan-use-after-return=0: no fake stack frames, so no
# stack-use-after-return detection with g++ (clang++ keeps it).  g++ 12 lays out a frame's
# 64-byte aligned slots (AVX-512 spills, vectorised copies) for a frame base that sits 32
# bytes off a 64-byte boundary on the real stack; the fake frame the runtime hands out is
# aligned to its size, so those slots land 32 bytes off and a vmovdqa64 on them faults
# (tests/test_hard.cpp died in an initializer list's copy).  The runtime side of the same
# alignment problem: llvm/llvm-project pull request 152819.
set -euo pipefail
cd "$(dirname "$0")/.."
compilers=("$@")
[ ${#compilers[@]} -eq 0 ] && compilers=(clang++ g++)
prefix="${ACTMATH_SANITIZE_BUILD:-build/sanitize}"
jobs="${ACTMATH_SANITIZE_JOBS:-$(nproc 2>/dev/null || echo 2)}"
opt="${ACTMATH_SANITIZE_OPT:--O2}"
regex="${ACTMATH_SANITIZE_TESTS:-}"
flags="$opt -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for cxx in "${compilers[@]}"; do
  dir="$prefix-$(basename "$cxx")"
  cxxflags="$flags"
  case "$("$cxx" --version | head -n1)" in
    *clang*) ;;
    *) cxxflags="$flags --param=asan-use-after-return=0" ;;
  esac
  echo "== sanitize.sh: $cxx in $dir ($cxxflags)"
  start=$(date +%s)
  cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DACTMATH_BUILD_TESTS=ON -DACTMATH_BUILD_BENCH=OFF -DACTMATH_BUILD_EXAMPLES=OFF \
    -DACTMATH_BUILD_TOOLS=OFF -DACTMATH_WERROR=OFF >/dev/null
  targets=()
  for t in ${ACTMATH_SANITIZE_TARGETS:-}; do targets+=(--target "$t"); done
  if ! cmake --build "$dir" -j"$jobs" "${targets[@]}"; then
    echo "== sanitize.sh: $cxx: build failed"
    status=1
    continue
  fi
  args=(--test-dir "$dir" -j"$jobs" --output-on-failure)
  [ -n "$regex" ] && args+=(-R "$regex")
  if ! ctest "${args[@]}"; then
    status=1
  fi
  echo "== sanitize.sh: $cxx done in $(( $(date +%s) - start )) s"
done
exit $status
