#!/usr/bin/env bash
# Builds and runs the tests: installs missing Debian packages, configures build/test, builds
# with every core, runs ctest.  Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Release -DACTMATH_BUILD_BENCH=OFF "$@"
cmake --build build/test -j"$jobs"
ctest --test-dir build/test -j"$jobs" --output-on-failure
