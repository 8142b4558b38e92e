#!/usr/bin/env bash
# Writes docs/edge-cases.md: builds tools/edge_cases, runs it, and adds PyTorch's column
# (python3-torch; Debian's 1.13: apt-get install -y python3-torch).
#   scripts/edge_cases.sh [output=docs/edge-cases.md]
# Environment: ACTMATH_TOOLS_BUILD (build dir, default build/tools), PYTHON (default: the
# first python3 that imports torch, /usr/bin/python3 preferred).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/edge-cases.md}"
build="${ACTMATH_TOOLS_BUILD:-build/tools}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTMATH_BUILD_TOOLS=ON -DACTMATH_BUILD_TESTS=OFF \
  -DACTMATH_BUILD_BENCH=OFF -DACTMATH_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target edge_cases -j"$(nproc 2>/dev/null || echo 2)"
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for c in /usr/bin/python3 python3; do
    if "$c" -c "import torch" 2>/dev/null; then py="$c"; break; fi
  done
  [ -z "$py" ] && { echo "edge_cases.sh: no python3 with torch; the PyTorch column will say n/a" >&2; py=python3; }
fi
"$build/tools/edge_cases" --tsv | "$py" scripts/edge_cases.py -o "$out"
