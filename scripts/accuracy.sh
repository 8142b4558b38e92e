#!/usr/bin/env bash
# Builds tools/accuracy (Release, -march=native, MPFR when libmpfr-dev is installed) and runs it.
#   scripts/accuracy.sh [accuracy options...]
# Without options: the full sweep behind docs/accuracy.md (all 2^32 floats, 2^24 + 2^22
# doubles; 55 min on 2 cores), written there.  Examples:
#   scripts/accuracy.sh --stride 4096 --double-count 65536 --check docs/accuracy.md   # CI, ~1 min
#   scripts/accuracy.sh --stride 64 --write /tmp/accuracy.md     # a 1-in-64 sample, ~2 min
#   scripts/accuracy.sh --stride 64 --full sigmoid,silu --write /tmp/accuracy.md
# Environment: ACTMATH_TOOLS_BUILD (build dir, default build/tools).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${ACTMATH_TOOLS_BUILD:-build/tools}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTMATH_BUILD_TOOLS=ON -DACTMATH_BUILD_TESTS=OFF \
  -DACTMATH_BUILD_BENCH=OFF -DACTMATH_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target accuracy -j"$(nproc 2>/dev/null || echo 2)"
if [ $# -eq 0 ]; then
  set -- --stride 1 --scalar-every 16 --write docs/accuracy.md
fi
exec "$build/tools/accuracy" "$@"
