// Runtime dispatch (include/actmath/dispatch.hpp): every architecture path this machine can
// run meets the documented bounds against the long double / MPFR reference for a set of
// functions that covers the core building blocks (exp, expm1, log1p, log1p_exp, tanh, the
// exact products and quotients, the root fits, the Gaussian tail fits), keeps an element's result independent of the array's
// length and offset, and the dispatcher picks the best path.
//
// Two builds of this file:
//   test_dispatch        (tests/, one unit, the tests' flags).  It holds the paths whose
//                        fused multiply-add matches this unit's flags: AVX2 and AVX-512 when
//                        the unit is compiled with FMA (-march=native), SSE2 when not.  (The
//                        core's exact products choose their method from the unit's flags, so
//                        an SSE2 batch inside an FMA unit is not what an SSE2 unit computes.)
//   test_dispatch_units  (cmake/actmath-dispatch-test.cmake, ACTMATH_TEST_DISPATCH_UNITS):
//                        the kernels come from the per-architecture units that
//                        actmath_dispatch() writes, as in a user's program, and every path the
//                        machine supports is tested.
#include <cstdlib>
#include <functional>

#if defined(ACTMATH_TEST_DISPATCH_UNITS)
#include "dispatch_test_functors.hpp" // ACTMATH_DISPATCH lines: the kernels are in other units
#else
// The architectures this unit can hold; the others leave the dispatch list.
#if !(defined(__AVX512F__) && defined(__AVX512CD__) && defined(__AVX512DQ__) && defined(__AVX512BW__))
#define ACTMATH_DISPATCH_WITH_AVX512 0
#endif
#if !(defined(__AVX2__) && defined(__FMA__))
#define ACTMATH_DISPATCH_WITH_AVX2 0
#endif
#include <actmath/dispatch.hpp>
#endif

#include "support/kernel_walk.hpp" // step_lengths
#include "reference/elu.hpp"
#include "reference/gelu.hpp"
#include "reference/hard.hpp"
#include "reference/mish.hpp"
#include "reference/sigmoid.hpp"
#include "reference/softplus.hpp"
#include "reference/softsign.hpp"
#include "reference/swish.hpp"
#include "reference/tanh.hpp"

using namespace actmath_test;
namespace dispatch = actmath::dispatch;

namespace {

// Whether this build can run path A faithfully (see the head of the file).
template <class A> constexpr bool testable() {
#if defined(ACTMATH_TEST_DISPATCH_UNITS)
    return true;
#else
    if constexpr (!A::supported()) return false;
#if defined(__FMA__)
    return !std::is_same<A, dispatch::sse2>::value;
#else
    return std::is_same<A, dispatch::sse2>::value;
#endif
#endif
}

template <class T> std::vector<T> inputs(spec const& s) {
    std::vector<T> xs;
    if constexpr (std::is_same<T, float>::value) {
        xs = float_sample(std::uint64_t(1) << 18);
    } else {
        xs = double_sample(std::uint64_t(1) << 16);
        auto r = double_range_sample(1e-6, 1e3, std::uint64_t(1) << 14);
        xs.insert(xs.end(), r.begin(), r.end());
    }
    for (T v : special_values<T>()) xs.push_back(v);
    for (ld k : s.kinks) add_neighbourhood<T>(xs, T(k));
    return xs;
}

// The reference, computed once per function and type, shared by every path.
template <class T> struct reference {
    std::vector<T> x;
    std::vector<ld> f, df;
};
template <class T> reference<T> make_reference(spec const& s) {
    reference<T> r;
    r.x = inputs<T>(s);
    for (T v : r.x) {
        r.f.push_back(s.f(ld(v)));
        r.df.push_back(s.df(ld(v)));
    }
    return r;
}

template <class T> double worst_ulp(std::vector<T> const& xs, std::vector<T> const& ys, std::vector<ld> const& want, T& at) {
    double worst = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        double u = ulp_error<T>(ys[i], want[i]);
        if (!(u <= worst)) {
            worst = u;
            at = xs[i];
        }
    }
    return worst;
}

template <class A, class F> void check_path(spec const& s, F const& f, reference<typename F::value_type> const& ref) {
    using T = typename F::value_type;
    if constexpr (testable<A>()) {
        if (!dispatch::available<A>()) {
            WARN("this machine cannot run " << A::name() << ": path not tested");
            return;
        }
        using K = dispatch::kernels<A, F>;
        const bool is_float = std::is_same<T, float>::value;
        auto const& xs = ref.x;
        const std::size_t n = xs.size();
        std::vector<T> y(n), d(n), dy(n, T(1)), dx(n);
        K::forward(f, xs.data(), y.data(), n);
        K::derivative(f, xs.data(), d.data(), n);
        K::backward(f, xs.data(), dy.data(), dx.data(), n);
        T at_f = 0, at_d = 0;
        double uf = worst_ulp<T>(xs, y, ref.f, at_f);
        double ud = worst_ulp<T>(xs, d, ref.df, at_d);
        std::printf("dispatch %-10s %-6s %-12s forward %7.3f ulp, derivative %7.3f ulp over %zu inputs\n", A::name(),
                    is_float ? "float" : "double", s.name.c_str(), uf, ud, n);
        INFO(A::name() << " " << s.name << " forward worst " << uf << " ulp at " << at_f);
        CHECK(uf <= (is_float ? s.bound_f : s.bound_f_double));
        INFO(A::name() << " " << s.name << " derivative worst " << ud << " ulp at " << at_d);
        CHECK(ud <= (is_float ? s.bound_df : s.bound_df_double));
        // backward with dy = 1 is the derivative, bit for bit.
        std::size_t differ = 0;
        for (std::size_t i = 0; i < n; ++i) differ += !same_bits(dx[i], d[i]);
        CHECK(differ == 0);
        if constexpr (actmath::has_derivative_from_output_v<F>) {
            std::vector<T> dfo(n);
            K::derivative_from_output(f, y.data(), dfo.data(), n);
            K::backward_from_output(f, y.data(), dy.data(), dx.data(), n);
            differ = 0;
            for (std::size_t i = 0; i < n; ++i) differ += !same_bits(dfo[i], dx[i]);
            CHECK(differ == 0);
        }
        // An element's result does not depend on the length or the offset: every length up to
        // three batches and the lengths around one and two steps of the unrolled loop (U
        // batches, this path's own: core/kernels.hpp), at every offset within a batch, with
        // sentinels either side.
        constexpr std::size_t W = A::alignment() / sizeof(T); // the batch width, without naming
                                                              // a batch this unit may not hold
        constexpr std::size_t U = actmath::detail::unroll_bytes_v<F, A::alignment()>;
        std::vector<std::size_t> lengths;
        for (std::size_t len = 0; len <= 3 * W + 1; ++len) lengths.push_back(len);
        for (std::size_t len : step_lengths(U, W)) lengths.push_back(len);
        const T sentinel = T(-12345.5);
        std::size_t bad = 0, outside = 0;
        for (std::size_t off = 0; off < W; ++off)
            for (std::size_t len : lengths) {
                std::vector<T> out(len + off + 2, sentinel);
                K::forward(f, xs.data() + 1000 + off, out.data() + off + 1, len);
                outside += !(out[off] == sentinel) + !(out[off + len + 1] == sentinel);
                for (std::size_t i = 0; i < len; ++i) bad += !same_bits(out[off + 1 + i], y[1000 + off + i]);
            }
        CHECK(bad == 0);
        CHECK(outside == 0);
    }
}

template <class F> void check_all_paths(spec const& s, F const& f) {
    auto ref = make_reference<typename F::value_type>(s);
    check_path<dispatch::avx512>(s, f, ref);
    check_path<dispatch::avx2>(s, f, ref);
    check_path<dispatch::sse2>(s, f, ref);
}

// The best architecture of the dispatch list that this machine runs, found independently of
// xsimd::dispatch: CPUID through the compiler's builtin.
std::string expected_best() {
    __builtin_cpu_init();
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
    SECTION("sigmoid") {
        check_all_paths(sigmoid_spec(), actmath::sigmoid<float>{});
        check_all_paths(sigmoid_spec(), actmath::sigmoid<double>{});
    }
    SECTION("tanh") {
        check_all_paths(tanh_spec(), actmath::tanh<float>{});
        check_all_paths(tanh_spec(), actmath::tanh<double>{});
    }
    SECTION("silu") {
        check_all_paths(silu_spec(), actmath::silu<float>{});
        check_all_paths(silu_spec(), actmath::silu<double>{});
    }
    SECTION("elu") {
        check_all_paths(elu_spec(), actmath::elu<float>{});
        check_all_paths(elu_spec(), actmath::elu<double>{});
    }
    SECTION("softsign") {
        check_all_paths(softsign_spec(), actmath::softsign<float>{});
        check_all_paths(softsign_spec(), actmath::softsign<double>{});
    }
    SECTION("hardswish") {
        check_all_paths(hardswish_spec(), actmath::hardswish<float>{});
        check_all_paths(hardswish_spec(), actmath::hardswish<double>{});
    }
    SECTION("mish") {
        check_all_paths(mish_spec(), actmath::mish<float>{});
        check_all_paths(mish_spec(), actmath::mish<double>{});
    }
    SECTION("softplus") {
        check_all_paths(softplus_spec<float>(), actmath::softplus<float>{});
        check_all_paths(softplus_spec<double>(), actmath::softplus<double>{});
    }
    SECTION("gelu") {
        check_all_paths(gelu_spec(), actmath::gelu<float>{});
        check_all_paths(gelu_spec(), actmath::gelu<double>{});
    }
}

TEST_CASE("dispatch: the dispatcher picks the best available path", "[dispatch]") {
    std::printf("dispatch: machine runs %s (expected %s)\n", dispatch::arch_name(), expected_best().c_str());
    CHECK(std::string(dispatch::arch_name()) == expected_best());

    // The dispatched call gives the bits of the chosen path's kernel.
    auto xs = float_sample(std::uint64_t(1) << 16);
    std::vector<float> y(xs.size()), want(xs.size());
    actmath::tanh<float> f;
    dispatch::forward(f, xs, y);
    auto run_best = [&](auto arch) {
        using A = decltype(arch);
#if !defined(ACTMATH_TEST_DISPATCH_UNITS)
        if constexpr (A::supported())
#endif
            if (std::string(A::name()) == expected_best())
                dispatch::kernels<A, actmath::tanh<float>>::forward(f, xs.data(), want.data(), xs.size());
    };
#if ACTMATH_DISPATCH_WITH_AVX512
    run_best(dispatch::avx512{});
#endif
#if ACTMATH_DISPATCH_WITH_AVX2
    run_best(dispatch::avx2{});
#endif
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
