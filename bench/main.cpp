// actmath_bench: every activation of the catalogue against the peers found at configure time,
// in one binary, on the same inputs.  See docs/performance.md; run it through scripts/bench.sh.
#include "common.hpp"
#include "bench_families.hpp" // generated: ACTMATH_BENCH_FAMILIES(X), one X per family header

#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <fstream>
#include <set>

namespace bench {

bool plotted(const std::string& function, const std::string& op, const std::string& type) {
    static const std::set<std::string> fns{"sigmoid", "tanh", "relu", "silu", "gelu", "mish", "softplus", "ceiling"};
    return type == "f32" && (op == "forward" || (function == "ceiling" && op == "backward")) && fns.count(function) != 0;
}

namespace {

void register_sized(const std::string& name, int streams, std::size_t element_bytes, const std::string& label,
                    body_t body, std::vector<std::size_t> sizes) {
    auto* b = benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
        const auto n = static_cast<std::size_t>(s.range(0));
        s.SetLabel(label);
        body(s, n);
        s.SetItemsProcessed(static_cast<std::int64_t>(s.iterations()) * static_cast<std::int64_t>(n));
        s.SetBytesProcessed(static_cast<std::int64_t>(s.iterations()) * static_cast<std::int64_t>(n) * streams *
                            static_cast<std::int64_t>(element_bytes));
    });
    for (auto n : sizes) b->Arg(static_cast<std::int64_t>(n));
    b->Unit(benchmark::kMicrosecond);
}

std::vector<std::size_t> sizes_for(const std::string& function, const std::string& op, const std::string& type) {
    std::vector<std::size_t> s = main_sizes();
    if (plotted(function, op, type)) {
        s.insert(s.end(), sweep_sizes().begin(), sweep_sizes().end());
        std::sort(s.begin(), s.end());
    }
    return s;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            auto p = line.find(':');
            return p == std::string::npos ? line : line.substr(p + 2);
        }
    return "unknown";
}

} // namespace

void add(const std::string& function, const std::string& op, const std::string& type, const std::string& contender,
         int streams, std::size_t element_bytes, const std::string& label, body_t body) {
    register_sized(function + "/" + op + "/" + type + "/" + contender, streams, element_bytes, label, std::move(body),
                   sizes_for(function, op, type));
}

void add_rows(const std::string& function, const std::string& op, const std::string& type,
              const std::string& contender, int streams, std::size_t element_bytes, const std::string& label,
              body_t body) {
    // Rows x 1024: 4 rows (in L1), 64 rows (L2), 16384 rows (DRAM).
    register_sized(function + "/" + op + "/" + type + "/" + contender, streams, element_bytes, label, std::move(body),
                   main_sizes());
}

#define ACTMATH_BENCH_DECLARE(family) void register_actmath_##family();
ACTMATH_BENCH_FAMILIES(ACTMATH_BENCH_DECLARE)
#undef ACTMATH_BENCH_DECLARE

void register_actmath() {
#define ACTMATH_BENCH_CALL(family) register_actmath_##family();
    ACTMATH_BENCH_FAMILIES(ACTMATH_BENCH_CALL)
#undef ACTMATH_BENCH_CALL
}

} // namespace bench

#ifndef ACTMATH_BENCH_COMPILER
#define ACTMATH_BENCH_COMPILER "unknown"
#endif
#ifndef ACTMATH_BENCH_FLAGS
#define ACTMATH_BENCH_FLAGS "unknown"
#endif

int main(int argc, char** argv) {
    benchmark::AddCustomContext("actmath_compiler", ACTMATH_BENCH_COMPILER);
    benchmark::AddCustomContext("actmath_flags", ACTMATH_BENCH_FLAGS);
    benchmark::AddCustomContext("actmath_cpu", bench::cpu_model());
    benchmark::AddCustomContext("actmath_simd", xsimd::default_arch::name());
    std::string peers = "std, xsimd " + std::to_string(XSIMD_VERSION_MAJOR) + "." + std::to_string(XSIMD_VERSION_MINOR);
#ifdef ACTMATH_BENCH_HAVE_EIGEN
    peers += ", Eigen " ACTMATH_BENCH_EIGEN_VERSION;
#endif
#ifdef ACTMATH_BENCH_HAVE_DNNL
    peers += ", oneDNN " ACTMATH_BENCH_DNNL_VERSION;
#endif
#ifdef ACTMATH_BENCH_HAVE_XNNPACK
    peers += ", XNNPACK";
#endif
    benchmark::AddCustomContext("actmath_peers", peers);

    bench::register_ceiling();
    bench::register_core();
    bench::register_proposals();
    bench::register_actmath();
    bench::register_naive();
#ifdef ACTMATH_BENCH_HAVE_EIGEN
    bench::register_eigen();
#endif
#ifdef ACTMATH_BENCH_HAVE_DNNL
    bench::register_onednn();
#endif
#ifdef ACTMATH_BENCH_HAVE_XNNPACK
    bench::register_xnnpack();
#endif

    // Draw the shared inputs now, so no benchmark times their generation.
    bench::input_x<float>();
    bench::input_dy<float>();
    bench::input_x<double>();
    bench::input_dy<double>();

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
