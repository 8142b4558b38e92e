#!/usr/bin/env bash
# Builds tools/accuracy (Release, -march=native, MPFR when libmpfr-dev is installed) and runs it.
#   scripts/accuracy.sh [accuracy options...]
# Without options: the default sweep (every 64th float bit pattern, 2^24 doubles) written to
# docs/accuracy.md.  Examples:
#   scripts/accuracy.sh --stride 4096 --double-count 65536 --check docs/accuracy.md   # CI, ~1 min
#   scripts/accuracy.sh --stride 1 --write docs/accuracy.md        # all 2^32 floats (hours)
#   scripts/accuracy.sh --stride 64 --full sigmoid,silu --write docs/accuracy.md
# Environment: ACTMATH_TOOLS_BUILD (build dir, default build/tools).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${ACTMATH_TOOLS_BUILD:-build/tools}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTMATH_BUILD_TOOLS=ON -DACTMATH_BUILD_TESTS=OFF \
  -DACTMATH_BUILD_BENCH=OFF -DACTMATH_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target accuracy -j"$(nproc 2>/dev/null || echo 2)"
if [ $# -eq 0 ]; then
  set -- --stride 64 --write docs/accuracy.md
fi
exec "$build/tools/accuracy" "$@"
