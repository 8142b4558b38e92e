#!/usr/bin/env bash
# Builds and runs the microbenchmarks, then writes and prints docs/performance.md.
#
#   bash scripts/bench.sh            the whole suite (every function, float and double, sizes
#                                    4096, 65536, 16M and the plot's sweep; 3 repetitions,
#                                    best kept); writes docs/performance.md and docs/img/*.svg
#   bash scripts/bench.sh --quick    the main functions, float, 65536 elements (2-3 minutes);
#                                    report in build/bench/performance.md
#   bash scripts/bench.sh --smoke    every benchmark once with a tiny minimum time (CI); report
#                                    in build/bench/performance.md
#   --filter REGEX                   only the benchmarks whose name matches (Google Benchmark
#                                    regex over <function>/<op>/<type>/<contender>/<n>)
#   --min-time S, --repetitions N    override the measurement settings
#   --build-dir DIR                  build there instead of build/bench
#   --march ARCH                     compile for -march=ARCH (x86-64 = SSE2, x86-64-v3 = AVX2)
#                                    instead of the native machine: build/bench-ARCH, report
#                                    docs/performance-ARCH.md (oneDNN and XNNPACK still pick
#                                    their kernels at run time)
#   --cxxflags FLAGS                 extra compiler flags, e.g. -DACTMATH_RECIP_DIVIDE=0 (a
#                                    configuration macro of include/actmath/config.hpp); use
#                                    with --quick or --filter and a --build-dir of its own
#   -- ARGS                          everything after -- goes to actmath_bench unchanged
#
# Installs the Debian packages it needs (scripts/deps.sh bench), configures a Release build in
# build/bench with the benchmarks on and the tests off, builds actmath_bench, runs it on one
# thread (oneDNN's OpenMP pinned to one thread) and turns the JSON into the report.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
filter=""
min_time=0.05
reps=3
build=build/bench
march=""
cxxflags=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) mode=smoke; min_time=0.001; reps=1 ;;
    --quick) mode=quick ;;
    --filter) filter="$2"; shift ;;
    --filter=*) filter="${1#*=}" ;;
    --min-time) min_time="$2"; shift ;;
    --build-dir) build="$2"; shift ;;
    --march) march="$2"; shift ;;
    --cxxflags) cxxflags="$2"; shift ;;
    --repetitions) reps="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$mode" = quick ] && [ -z "$filter" ]; then
  filter='^(sigmoid|tanh|relu|elu|silu|gelu|gelu_tanh|mish|softplus|log_sigmoid|softmax|ceiling)/(forward|backward|backward_from_output)/f32/[a-z]+/65536$'
fi

bash scripts/deps.sh bench
jobs=$(nproc 2>/dev/null || echo 2)
suffix=""
flags="$cxxflags"
arch_args=()
if [ -n "$march" ]; then
  [ "$build" = build/bench ] && build="build/bench-$march"
  arch_args=(-DACTMATH_NATIVE=OFF)
  flags="-march=$march${cxxflags:+ $cxxflags}"
  suffix="-$march"
fi
# Always passed, so that flags from an earlier run do not linger in the build's cache.
arch_args+=("-DCMAKE_CXX_FLAGS=$flags")
mkdir -p "$build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTMATH_BUILD_BENCH=ON -DACTMATH_BUILD_TESTS=OFF \
  -DACTMATH_BUILD_EXAMPLES=OFF -DACTMATH_BUILD_TOOLS=OFF "${arch_args[@]}" >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; exit 1; }
grep "actmath bench:" "$build/configure.log" || true
cmake --build "$build" --target actmath_bench -j"$jobs"

if [ "$mode" = full ]; then
  out="docs/performance$suffix.md"; img=docs/img
else
  out="$build/performance.md"; img="$build/img"
fi
json="$build/results-$mode.json"
args=(--benchmark_min_time="$min_time" --benchmark_out="$json" --benchmark_out_format=json)
if [ "$reps" -gt 1 ]; then
  args+=(--benchmark_repetitions="$reps" --benchmark_display_aggregates_only=true)
fi
[ -n "$filter" ] && args+=(--benchmark_filter="$filter")

cmd="bash scripts/bench.sh"
[ "$mode" != full ] && cmd="$cmd --$mode"
[ -n "$march" ] && cmd="$cmd --march $march"
[ -n "$cxxflags" ] && cmd="$cmd --cxxflags '$cxxflags'"
[ -n "$filter" ] && [ "$mode" != quick ] && cmd="$cmd --filter '$filter'"
echo "actmath: running $build/bench/actmath_bench ${args[*]} ${extra[*]}"
load_before=$(uptime | sed 's/.*load average/load average/')
OMP_NUM_THREADS=1 "$build/bench/actmath_bench" "${args[@]}" "${extra[@]}"
load_after=$(uptime | sed 's/.*load average/load average/')
python3 scripts/perf_report.py "$json" --out "$out" --img-dir "$img" --img-prefix "performance$suffix" --command "$cmd" \
  --load "before: $load_before; after: $load_after ($(nproc 2>/dev/null || echo '?') cores)"
