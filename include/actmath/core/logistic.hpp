// The logistic pieces behind every x sigmoid(v): sigmoid, silu, gelu_tanh, quick_gelu, mish.
//
//   logistic(a[, al])  for a = -|v| <= 0 (bounded by the caller, a >= -2^13) with low part al:
//                      e = e^(a + al) = (1 + s) 2^k with 1 + s unrounded, ev = e rounded,
//                      d + dl = 1 + ev exactly, and t + tl = 1 / (d + dl) to about 2^-46;
//                      logistic<true> also puts ev's own rounding into dl, so that d + dl is
//                      1 + (1 + s) 2^k (derivatives whose 1 + x t cancels need it)
//   over(m, l)         m / (d + dl) = m (t + tl), rounded once (about half an ulp)
//
//   recip2(q, ql)      t + tl = 1 / (q + ql), the same way, for any q in [1, 8]
//
// Method.  d + dl by Fast2Sum (ev <= 1).  t = core::recip(d) (VRCP14 and a Newton step on
// AVX-512, within 2^-26); then the residual 1 - t d is exact in one fma (t is within an ulp
// of 1/d, so the residual fits in the format; without an fma, Dekker's product) and
// tl = (1 - t d - t dl) t is the first-order correction: t + tl is 1/(d + dl) to about 2^-46 relative, so a quotient m / (d + dl) costs
// a product and an fma, m t + m tl, with one rounding that matters.  No division anywhere:
// on AVX-512 a 512-bit division is the slowest instruction in these kernels.
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/math.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace core {

// 1 - t d exactly, for t within an ulp of 1/d: the residual fits in the format (Sterbenz), so
// one fma gives it where the unit has one; elsewhere Dekker's product and 1 - p exact.
template <class V> ACTMATH_INLINE V residual(V const& t, V const& d) noexcept {
    using T = scalar_t<V>;
    if constexpr (has_fused_fma) {
        return core::fma(core::neg(t), d, V(T(1)));
    } else {
        two_result<V> p = core::two_prod(t, d);
        return (V(T(1)) - p.hi) - p.lo;
    }
}

// t + tl = 1 / (q + ql) to about 2^-46 relative, for q in [1, 8] and |ql| <= ulp(q).
template <class V> struct recip_pair {
    V t, tl;
};
template <class V> ACTMATH_INLINE recip_pair<V> recip2(V const& q, V const& ql) noexcept {
    V t = core::recip(q);
    return {t, core::fma(core::neg(t), ql, core::residual(t, q)) * t};
}

template <class V> struct logistic_parts {
    V s, k;   // e^(a + al) = (1 + s) 2^k
    V ev;     // e, rounded (a subnormal or 0 far out)
    V d, dl;  // 1 + ev = d + dl exactly
    V t, tl;  // 1 / (d + dl) = t + tl to about 2^-46
};

template <bool Exact, class V> ACTMATH_INLINE logistic_parts<V> logistic_of(exp_sk<V> const& e) noexcept {
    using T = scalar_t<V>;
    const V one = V(T(1));
    V p = one + e.s;
    V ev = core::scale2k(p, e.k);
    V d = one + ev;
    V dl = ev - (d - one);
    if constexpr (Exact) {
        // and e's own rounding, p_lo 2^k; below 2^-60 (2^-900) it cannot matter next to 1,
        // and a subnormal there would cost a microcode assist: 2^k stops at that power.
        const T kmin = std::is_same<T, float>::value ? T(-60) : T(-900);
        dl = dl + core::scale2k((one - p) + e.s, core::at_least(e.k, kmin));
    }
    recip_pair<V> t = core::recip2(d, dl);
    return {e.s, e.k, ev, d, dl, t.t, t.tl};
}

template <bool Exact = false, class V> ACTMATH_INLINE logistic_parts<V> logistic(V const& a, V const& al) noexcept {
    return core::logistic_of<Exact>(core::exp_s(a, al));
}
template <bool Exact = false, class V> ACTMATH_INLINE logistic_parts<V> logistic(V const& a) noexcept {
    return core::logistic_of<Exact>(core::exp_s(a));
}

template <class V> ACTMATH_INLINE V over(V const& m, logistic_parts<V> const& l) noexcept {
    return core::fma(m, l.t, m * l.tl);
}

} // namespace core
} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
