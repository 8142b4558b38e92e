// Runtime dispatch (include/actmath/dispatch.hpp): every architecture path this machine can
// run meets the documented bounds against the long double reference, keeps an element's result
// independent of the array's length and offset, and the dispatcher picks the best path.
//
// This unit is compiled once (with the tests' flags, -march=native by default), so it holds
// every architecture that those flags allow; the per-architecture units of a user's program
// (cmake/actmath-dispatch.cmake) are built and run by scripts/consumer.sh and
// examples/dispatch.
#include <cstdlib>

// The architectures this unit can hold; the others leave the dispatch list.
#if !(defined(__AVX512F__) && defined(__AVX512CD__) && defined(__AVX512DQ__) && defined(__AVX512BW__))
#define ACTMATH_DISPATCH_WITH_AVX512 0
#endif
#if !(defined(__AVX2__) && defined(__FMA__))
#define ACTMATH_DISPATCH_WITH_AVX2 0
#endif
#include <actmath/dispatch.hpp>

// GCC 12.2 reports the deliberately undefined operand of its own AVX-512 shift intrinsics
// (_mm512_undefined_epi32 in avx512fintrin.h, GCC bug 105593) when a functor's batch code is
// compiled out of line, as the several kernels of this unit make it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <actmath/activations/sigmoid.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include "reference/sigmoid.hpp"

using namespace actmath_test;
namespace dispatch = actmath::dispatch;

namespace {

template <class T> std::vector<T> inputs() {
    std::vector<T> xs;
    if constexpr (std::is_same<T, float>::value) xs = float_sample(std::uint64_t(1) << 20);
    else xs = double_sample(std::uint64_t(1) << 18);
    for (T v : special_values<T>()) xs.push_back(v);
    return xs;
}

// Worst ULP error of a kernel's output over xs against the reference.
template <class T> double worst_ulp(std::vector<T> const& xs, std::vector<T> const& ys, std::function<ld(ld)> const& ref, T& at) {
    double worst = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        double u = ulp_error<T>(ys[i], ref(ld(xs[i])));
        if (!(u <= worst)) {
            worst = u;
            at = xs[i];
        }
    }
    return worst;
}

template <class A, class T> void check_path(spec const& s) {
    if constexpr (A::supported()) {
        if (!dispatch::available<A>()) {
            WARN("this machine cannot run " << A::name() << ": path not tested");
            return;
        }
        using F = actmath::sigmoid<T>;
        using K = dispatch::kernels<A, F>;
        const F f{};
        const bool is_float = std::is_same<T, float>::value;
        auto xs = inputs<T>();
        std::vector<T> y(xs.size()), d(xs.size()), dy(xs.size(), T(1)), dx(xs.size());
        K::forward(f, xs.data(), y.data(), xs.size());
        K::derivative(f, xs.data(), d.data(), xs.size());
        K::backward(f, xs.data(), dy.data(), dx.data(), xs.size());
        T at_f = 0, at_d = 0;
        double uf = worst_ulp<T>(xs, y, s.f, at_f);
        double ud = worst_ulp<T>(xs, d, s.df, at_d);
        std::printf("dispatch %-10s %-6s %s: forward worst %.3f ulp, derivative worst %.3f ulp over %zu inputs\n",
                    A::name(), is_float ? "float" : "double", s.name.c_str(), uf, ud, xs.size());
        INFO(A::name() << " " << s.name << " forward worst " << uf << " ulp at " << at_f);
        CHECK(uf <= (is_float ? s.bound_f : s.bound_f_double));
        INFO(A::name() << " " << s.name << " derivative worst " << ud << " ulp at " << at_d);
        CHECK(ud <= (is_float ? s.bound_df : s.bound_df_double));
        // backward with dy = 1 is the derivative, bit for bit.
        std::size_t differ = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) differ += !same_bits(dx[i], d[i]);
        CHECK(differ == 0);
        // derivative_from_output and backward_from_output: y (1 - y), dy y (1 - y).
        std::vector<T> dfo(xs.size());
        K::derivative_from_output(f, y.data(), dfo.data(), xs.size());
        K::backward_from_output(f, y.data(), dy.data(), dx.data(), xs.size());
        differ = 0;
        for (std::size_t i = 0; i < xs.size(); ++i)
            differ += !same_bits(dx[i], f.derivative_from_output(y[i])) + !same_bits(dfo[i], dx[i]);
        CHECK(differ == 0);

        // An element's result does not depend on the length or the offset: every length up to
        // three batches at every offset within a batch, with sentinels either side.
        constexpr std::size_t W = xsimd::batch<T, A>::size;
        const T sentinel = T(-12345.5);
        std::size_t bad = 0, outside = 0;
        for (std::size_t off = 0; off < W; ++off)
            for (std::size_t n = 0; n <= 3 * W + 1; ++n) {
                std::vector<T> out(n + off + 2, sentinel);
                K::forward(f, xs.data() + 1000 + off, out.data() + off + 1, n);
                outside += !(out[off] == sentinel) + !(out[off + n + 1] == sentinel);
                for (std::size_t i = 0; i < n; ++i) bad += !same_bits(out[off + 1 + i], y[1000 + off + i]);
            }
        CHECK(bad == 0);
        CHECK(outside == 0);
    }
}

template <class T> void check_all_paths(spec const& s) {
    check_path<dispatch::avx512, T>(s);
    check_path<dispatch::avx2, T>(s);
    check_path<dispatch::sse2, T>(s);
}

// The best architecture of the dispatch list that this machine runs, found independently of
// xsimd::dispatch: CPUID through the compiler's builtin.
std::string expected_best() {
#if ACTMATH_DISPATCH_WITH_AVX512
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw"))
        return dispatch::avx512::name();
#endif
#if ACTMATH_DISPATCH_WITH_AVX2
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return dispatch::avx2::name();
#endif
    return dispatch::sse2::name();
}

} // namespace

TEST_CASE("dispatch: every available path meets the bounds", "[dispatch]") {
    SECTION("float") { check_all_paths<float>(sigmoid_spec()); }
    SECTION("double") { check_all_paths<double>(sigmoid_spec()); }
}

TEST_CASE("dispatch: the dispatcher picks the best available path", "[dispatch]") {
    __builtin_cpu_init();
    std::printf("dispatch: machine runs %s (expected %s)\n", dispatch::arch_name(), expected_best().c_str());
    CHECK(std::string(dispatch::arch_name()) == expected_best());

    // The dispatched call gives the bits of the chosen path's kernel.
    auto xs = inputs<float>();
    std::vector<float> y(xs.size()), want(xs.size());
    actmath::sigmoid<float> f;
    dispatch::forward(f, xs, y);
    auto run_best = [&](auto arch) {
        using A = decltype(arch);
        if constexpr (A::supported())
            if (std::string(A::name()) == expected_best()) dispatch::kernels<A, actmath::sigmoid<float>>::forward(f, xs.data(), want.data(), xs.size());
    };
    run_best(dispatch::avx512{});
    run_best(dispatch::avx2{});
    run_best(dispatch::sse2{});
    std::size_t differ = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) differ += !same_bits(y[i], want[i]);
    CHECK(differ == 0);
}

TEST_CASE("dispatch: the array calls check sizes and overlap like actmath::forward", "[dispatch]") {
    actmath::sigmoid<float> f;
    std::vector<float> a(8, 1.0f), b(7);
    CHECK_THROWS_AS(dispatch::forward(f, a, b), std::invalid_argument);
    CHECK_THROWS_AS(dispatch::forward(f, a.data(), a.data() + 1, 7), std::invalid_argument);
    CHECK_NOTHROW(dispatch::forward(f, a.data(), a.data(), 8)); // in place
    CHECK(a[0] == Approx(0.7310585786300049));
    std::vector<float> e;
    CHECK_NOTHROW(dispatch::backward(f, e, e, e));
    CHECK_THROWS_AS(dispatch::derivative_from_output(f, a, b), std::invalid_argument);
    CHECK_THROWS_AS(dispatch::backward_from_output(f, a, a, b), std::invalid_argument);
}
