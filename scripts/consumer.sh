#!/usr/bin/env bash
# Builds and runs the consumer projects of tests/consumer/ against this source tree, the three
# ways a user integrates actmath:
#   1. cmake --install into a temporary prefix, then find_package(actmath CONFIG REQUIRED)
#   2. add_subdirectory(<actmath>) from a parent project
#   3. pkg-config --cflags actmath against the same installed prefix
# Each consumer program checks its results and exits non-zero when wrong.  Usage:
#   scripts/consumer.sh [work directory to keep, default: a temporary one, removed at exit]
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -ge 1 ]; then
  work="$1"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/actmath-consumer.XXXXXX")"
  trap 'rm -rf "$work"' EXIT   # a directory of its own making goes away at the end
fi
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
cxx="${CXX:-c++}"
step() { printf '\n== %s\n' "$*"; }

step "install actmath into $work/prefix"
cmake -S "$src" -B "$work/actmath" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DACTMATH_BUILD_TESTS=OFF \
      -DACTMATH_BUILD_BENCH=OFF -DACTMATH_BUILD_EXAMPLES=OFF -DACTMATH_BUILD_TOOLS=OFF \
      -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
cmake --install "$work/actmath" >/dev/null
find "$work/prefix" -path '*/include/*' -prune -o -type f -print | sed "s|$work/prefix/|  |" | sort

step "find_package(actmath CONFIG REQUIRED)"
cmake -S "$src/tests/consumer/find_package" -B "$work/find_package" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/find_package" -j2 >/dev/null
"$work/find_package/consumer"
"$work/find_package/consumer_dispatch"

step "add_subdirectory(actmath)"
cmake -S "$src/tests/consumer/add_subdirectory" -B "$work/add_subdirectory" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DACTMATH_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/add_subdirectory" -j2 >/dev/null
"$work/add_subdirectory/consumer"
"$work/add_subdirectory/consumer_dispatch"

step "pkg-config --cflags actmath"
export PKG_CONFIG_PATH="$work/prefix/share/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
flags=$(pkg-config --cflags actmath)
echo "  actmath $(pkg-config --modversion actmath): $flags"
# shellcheck disable=SC2086
"$cxx" -std=c++17 -O2 $flags "$src/tests/consumer/main.cpp" -o "$work/pkg_config_consumer"
"$work/pkg_config_consumer"

step "consumers ok (${SECONDS} s)"
