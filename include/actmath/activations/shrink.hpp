// The shrink family: odd functions that pull small inputs to zero.
//
// softshrink(x) = x > l ? x - l : x < -l ? x + l : 0         torch.nn.functional.softshrink
// hardshrink(x) = |x| > l ? x : 0                             torch.nn.functional.hardshrink
//   (l = lambd, default 0.5, finite and >= 0)
//   derivative   = |x| > l ? 1 : 0; 0 at x = +-l (PyTorch's shrink backward: 0 on [-l, l])
//   derivative_from_output(y) = y == 0 ? 0 : 1  (y is 0 exactly on [-l, l]: x - l rounds to 0
//   only when x == l)
//   The zero piece is x * 0, so it keeps the sign of x (softshrink(-0.2) = -0, an odd
//   function bit for bit) and NaN stays NaN (PyTorch's softshrink(NaN) = 0 is a bug).
//   hardshrink is x times (|x| > l ? 1 : 0), the same bits as the select with one use of x
//   fewer: g++ 12 folds every use of x into an instruction that re-reads it from memory, and
//   at 4096 floats the third read cost 30% (0.120 -> 0.090 us in bench/actmath_bench).
//   Exact (hardshrink) or one correctly rounded subtraction (softshrink).
//
// tanhshrink(x) = x - tanh(x)                                 torch.nn.functional.tanhshrink
//   derivative   = tanh(x)^2
//   no derivative_from_output: tanh(x) = x - y needs x.
// Evaluation (odd: computed on a = |x|, the sign put back last).  u = 2a, q = e^u - 1
//   (core::expm1; 1 / D is computed scaled by 2^k, as core::tanh does, with the same bits),
//   D = q + 2 = e^u + 1, tanh a = q / D, so
//     a - tanh a = N(u) / D,   N(u) = u q / 2 + u - q = sum_{k>=3} (k - 2) u^k / (2 k!)
//   (a series of positive terms with infinite radius, where the Taylor series of tanh
//   alternates and stops converging at pi/2).  Written as
//     a - tanh a = (a^3 / 3) (1 + w),  w = u^2 M(u) / D,
//     M(u) = sum_{j>=2} (j + 1) (12 - (j + 2)(j + 3)) / (j + 3)! u^(j-2)   (all terms < 0),
//   with a^3 kept as an exact pair (two_prod), the division by 3 corrected by its remainder,
//   and w (in (-0.29, 0] for a < 1) added as a product: the rounded leading coefficient and
//   the cube's roundings, which cost 4 ulp in u^3 P(u) / D, are gone.  M to degree 12
//   (float) / 23 (double), truncation below 2^-27 / 2^-57 for a < 1 (u < 2).  For a >= 1,
//   tanh a = 1 - g with g = 2 / D <= 0.24, and a - tanh a = (a - 1) + g with the rounding
//   error of a - 1 recovered (Fast2Sum).  So tanhshrink(3e-8) = 9e-24 to the last bit,
//   and tanhshrink(3e38) = 3e38.
//   derivative: tanh a = a - (a - tanh a) as an exact pair (Fast2Sum; a - tanh a < a/3 for
//   a < 1) squared with its error term, or (1 - g)^2 = 1 + g (g - 2) for a >= 1.
// Special: tanhshrink(+-0) = +-0, (+-inf) = +-inf, NaN gives NaN; tanhshrink'(+-inf) = 1.
// Accuracy: docs/functions/shrink.md.
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace detail {

template <class T> inline void shrink_check_lambd(const char* fn, T lambd) {
    detail::require(!std::isnan(lambd), fn, "lambd must not be NaN", lambd);
    detail::require(lambd >= T(0), fn, "lambd must be >= 0", lambd);
    detail::require(!std::isinf(lambd), fn, "lambd must be finite", lambd);
}

template <class V> ACTMATH_INLINE V shrink_derivative(V const& x, core::scalar_t<V> lambd) noexcept {
    using T = core::scalar_t<V>;
    V d = core::select(core::abs(x) > V(lambd), V(T(1)), V(T(0)));
    return core::select(core::isnan(x), x, d);
}
template <class V> ACTMATH_INLINE V shrink_derivative_from_output(V const& y) noexcept {
    using T = core::scalar_t<V>;
    V d = core::select(y == V(T(0)), V(T(0)), V(T(1)));
    return core::select(core::isnan(y), y, d);
}

// m_j = (j + 1) (12 - (j + 2)(j + 3)) / (j + 3)!, j >= 2: the Taylor coefficients of
// M(u) = (24 N(u) / u^3 - 2 - q) / u^2 (all negative: no cancellation inside the series).
constexpr double tanhshrink_coef(int j) {
    double f = 1;
    for (int i = 2; i <= j + 3; ++i) f *= i;
    return double(j + 1) * double(12 - (j + 2) * (j + 3)) / f;
}

// The parts tanhshrink's forward and derivative share, for a = |x| (NaN passes through).
template <class V> struct tanhshrink_parts {
    V series; // a - tanh a, accurate for a < 1
    V g;      // 1 - tanh a = 2 / (e^2a + 1)
};
template <class V> ACTMATH_INLINE tanhshrink_parts<V> tanhshrink_eval(V const& a) noexcept {
    using T = core::scalar_t<V>;
    V u = a + a;
    // 1 / D = 1 / (q + 2) as t (1 / d) (core::expm1_scaled_parts: expm1's quotient bit for bit,
    // without its scaling).  u is capped at 40 / 80, where t / d is still normal; from there on
    // g = 2 / D is far below half an ulp of everything it meets (a - 1 >= 19, and 1 in the
    // derivative), so the results are the same.
    const T cap = std::is_same<T, float>::value ? T(40) : T(80);
    core::expm1_scaled<V> e = core::expm1_scaled_parts(core::at_most(u, cap));
    V r = e.t * (V(T(1)) / e.d); // 1 / D
    V M;
#define ACTMATH_C(j) T(tanhshrink_coef(j))
    if constexpr (std::is_same<T, float>::value) {
        M = core::poly(u, ACTMATH_C(2), ACTMATH_C(3), ACTMATH_C(4), ACTMATH_C(5), ACTMATH_C(6), ACTMATH_C(7),
                       ACTMATH_C(8), ACTMATH_C(9), ACTMATH_C(10), ACTMATH_C(11), ACTMATH_C(12), ACTMATH_C(13),
                       ACTMATH_C(14));
    } else {
        M = core::poly(u, ACTMATH_C(2), ACTMATH_C(3), ACTMATH_C(4), ACTMATH_C(5), ACTMATH_C(6), ACTMATH_C(7),
                       ACTMATH_C(8), ACTMATH_C(9), ACTMATH_C(10), ACTMATH_C(11), ACTMATH_C(12), ACTMATH_C(13),
                       ACTMATH_C(14), ACTMATH_C(15), ACTMATH_C(16), ACTMATH_C(17), ACTMATH_C(18), ACTMATH_C(19),
                       ACTMATH_C(20), ACTMATH_C(21), ACTMATH_C(22), ACTMATH_C(23), ACTMATH_C(24), ACTMATH_C(25));
    }
#undef ACTMATH_C
    V w = ((u * u) * M) * r; // a - tanh a = (a^3 / 3) (1 + w), w = -2a^2/5 + ... in (-0.29, 0]
    // a^3 = h3 + lo3 nearly exactly; a^3 / 3 = q3 + r3 (the division's remainder).
    core::two_result<V> a2 = core::two_prod(a, a);
    core::two_result<V> a3 = core::two_prod(a2.hi, a);
    V lo3 = core::fma(a2.lo, a, a3.lo);
    core::two_result<V> q3 = core::quotient(a3.hi, V(T(3)));
    V corr = core::fma(q3.hi, w, core::fma(lo3, V(T(1) / T(3)), q3.lo));
    return {q3.hi + corr, r + r};
}

} // namespace detail

template <class T = float> struct softshrink {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::softshrink: T is float or double");
    using value_type = T;
    static constexpr const char* name = "softshrink";
    // batches in flight on AVX-512 (core/kernels.hpp); double measured slower with more than 4
    static constexpr std::size_t unroll = std::is_same<T, float>::value ? 8 : 4;
    T lambd = T(0.5);

    softshrink(T lambd_ = T(0.5)) : lambd(lambd_) { detail::shrink_check_lambd("softshrink", lambd); }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        V y = core::select(x < V(-lambd), x + V(lambd), x * V(T(0)));
        return core::select(x > V(lambd), x - V(lambd), y);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return detail::shrink_derivative(x, lambd); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept { return detail::shrink_derivative_from_output(y); }
};

template <class T = float> struct hardshrink {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::hardshrink: T is float or double");
    using value_type = T;
    static constexpr const char* name = "hardshrink";
    T lambd = T(0.5);

    hardshrink(T lambd_ = T(0.5)) : lambd(lambd_) { detail::shrink_check_lambd("hardshrink", lambd); }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        return x * core::select(core::abs(x) > V(lambd), V(T(1)), V(T(0)));
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return detail::shrink_derivative(x, lambd); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept { return detail::shrink_derivative_from_output(y); }
};

template <class T = float> struct tanhshrink {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::tanhshrink: T is float or double");
    using value_type = T;
    static constexpr const char* name = "tanhshrink";

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        V a = core::abs(x);
        detail::tanhshrink_parts<V> p = detail::tanhshrink_eval(a);
        V s = a - V(T(1));
        V e = (a - s) - V(T(1)); // a - 1 = s + e exactly (Fast2Sum, a >= 1)
        V direct = s + (e + p.g);
        V y = core::select(a < V(T(1)), p.series, direct);
        y = core::select(a == V(std::numeric_limits<T>::infinity()), a, y);
        return core::copysign(y, x);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        V a = core::abs(x);
        detail::tanhshrink_parts<V> p = detail::tanhshrink_eval(a);
        // tanh a = t + te exactly (Fast2Sum: a >= series); t^2 + 2 t te, the square's error kept.
        V t = a - p.series;
        V te = (a - t) - p.series;
        core::two_result<V> sq = core::two_prod(t, t);
        V small = sq.hi + core::fma(t + t, te, sq.lo);
        V big = core::fma(p.g, p.g - V(T(2)), V(T(1)));
        return core::select(a < V(T(1)), small, big);
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
