// What every benchmark file shares: the inputs (the same for every contender), the sizes, the
// naming scheme the report parses, and the registration helper that sets the counters.
//
// A benchmark is named  <function>/<op>/<type>/<contender>/<n>
//   function    PyTorch's name (sigmoid, gelu, ...), or "ceiling" for the bandwidth rows
//   op          forward | derivative | backward | backward_from_output
//   type        f32 | f64
//   contender   actmath | onednn | xnnpack | eigen | xsimd (naive loop) | std (plain loop),
//               and for the ceiling rows memcpy | scale (y = 2x) | mul (z = x y)
//   n           elements per call (for softmax: rows x 1024 elements in all)
// Counters: items_per_second (elements), bytes_per_second (every stream read or written once).
// The label names the SIMD instruction set the contender used.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace bench {

// 16M elements: out of every cache level of the machines we care about (L3 here is shared).
constexpr std::size_t max_n = std::size_t(1) << 24;

// The three sizes of every row: L1-resident, L2-resident, DRAM.
inline const std::vector<std::size_t>& main_sizes() {
    static const std::vector<std::size_t> s{4096, 65536, max_n};
    return s;
}
// Extra sizes for the throughput-versus-size plot (plotted rows only).
inline const std::vector<std::size_t>& sweep_sizes() {
    static const std::vector<std::size_t> s{256, 1024, 16384, 262144, std::size_t(1) << 20, std::size_t(1) << 22};
    return s;
}

// The functions whose forward float rows get the whole sweep; the report plots them.
bool plotted(const std::string& function, const std::string& op, const std::string& type);

template <class T> constexpr const char* type_name() { return std::is_same<T, float>::value ? "f32" : "f64"; }

// A zero-filled, 64-byte aligned array.  The fill touches every page before any timing.
template <class T> class buffer {
public:
    explicit buffer(std::size_t n) : n_(n) {
        std::size_t bytes = ((n * sizeof(T) + 63) / 64) * 64;
        if (bytes == 0) bytes = 64;
        p_ = static_cast<T*>(std::aligned_alloc(64, bytes));
        if (!p_) throw std::bad_alloc();
        std::memset(p_, 0, bytes);
    }
    buffer(const buffer&) = delete;
    buffer& operator=(const buffer&) = delete;
    ~buffer() { std::free(p_); }
    T* data() noexcept { return p_; }
    const T* data() const noexcept { return p_; }
    std::size_t size() const noexcept { return n_; }

private:
    T* p_ = nullptr;
    std::size_t n_ = 0;
};

// The inputs every contender reads: x uniform in [-10, 10] and an upstream gradient dy uniform
// in [-1, 1], max_n elements each, drawn once from fixed seeds.
template <class T> const T* input_x() {
    static const buffer<T>* b = [] {
        auto* p = new buffer<T>(max_n);
        std::mt19937_64 g(20240611);
        std::uniform_real_distribution<T> u(T(-10), T(10));
        for (std::size_t i = 0; i < max_n; ++i) p->data()[i] = u(g);
        return p;
    }();
    return b->data();
}
template <class T> const T* input_dy() {
    static const buffer<T>* b = [] {
        auto* p = new buffer<T>(max_n);
        std::mt19937_64 g(7);
        std::uniform_real_distribution<T> u(T(-1), T(1));
        for (std::size_t i = 0; i < max_n; ++i) p->data()[i] = u(g);
        return p;
    }();
    return b->data();
}

// Runs `k` once per iteration; the clobber keeps every call's stores.
template <class K> inline void loop(benchmark::State& s, K&& k) {
    for (auto _ : s) {
        k();
        benchmark::ClobberMemory();
    }
}

// body(state, n) sets up outside the timed loop, then calls loop().  `streams` is how many
// arrays of n elements one call reads or writes (2 for y = f(x), 3 for dx = dy f'(x)).
using body_t = std::function<void(benchmark::State&, std::size_t)>;

void add(const std::string& function, const std::string& op, const std::string& type,
         const std::string& contender, int streams, std::size_t element_bytes, const std::string& label,
         body_t body);

// Softmax-like rows: n is the total element count, rows of `row` elements.
void add_rows(const std::string& function, const std::string& op, const std::string& type,
              const std::string& contender, int streams, std::size_t element_bytes, const std::string& label,
              body_t body);
constexpr std::size_t row = 1024;

// Each file registers its contenders (called from main).
void register_ceiling();
void register_core();
void register_proposals();
void register_actmath(); // every family (main.cpp, from the generated list)
void register_naive();
#ifdef ACTMATH_BENCH_HAVE_EIGEN
void register_eigen();
#endif
#ifdef ACTMATH_BENCH_HAVE_DNNL
void register_onednn();
#endif
#ifdef ACTMATH_BENCH_HAVE_XNNPACK
void register_xnnpack();
#endif

} // namespace bench
