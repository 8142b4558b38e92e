// The logistic pieces behind every x sigmoid(v): sigmoid, silu, gelu_tanh, quick_gelu, mish.
//
//   logistic(a[, al])  for a = -|v| <= 0 (bounded by the caller, a >= -2^13) with low part al:
//                      e = e^(a + al) = (1 + s) 2^k with 1 + s unrounded, ev = e rounded,
//                      d + dl = 1 + ev exactly, and t + tl = 1 / (d + dl) to about 2^-46.
//                      Cancels says what the caller does with them, and both choices follow:
//                      logistic<false> (the forwards, sigmoid's derivative: nothing cancels
//                      after): s from the near-minimax e^r (core::exp_s<true>: error below
//                      2^-28 / 2^-57 of e, one fma / two fewer)
//                      logistic<true> (silu', quick_gelu', gelu_tanh', whose 1 + x t cancels
//                      near a root and magnifies e's error): the Taylor series, whose error is
//                      far smaller at the roots' |r| (0.11 to 0.15), and ev's own rounding in
//                      dl, so that d + dl is 1 + (1 + s) 2^k
//   over(m, l)         m / (d + dl) = m (t + tl), rounded once (about half an ulp)
//   sigmoid_value(v[, vl])
//                      sigmoid(v + vl) itself, for any v (|vl| <= ulp(v))
//   x_logistic(x, xc, l)
//                      x sigmoid(v) for x of v's sign (xc: x clamped to a finite range)
//   logistic_slope(z[, zl], l, left)
//                      sigmoid(v) + z sigmoid'(v), z + zl = x v' of v's sign: the derivative
//                      of x sigmoid(v), with 1 + z (t + tl) an exact pair where it cancels
//   logistic_far<T>    110 (float) / 760 (double): -|v| clamps there when the multiplier is
//                      at most |v| itself (sigmoid, silu, mish)
//   sigmoid_one<T>     18 (float) / 40 (double): past it sigmoid_value is 1 exactly
//
//   recip2(q, ql)      t + tl = 1 / (q + ql), the same way, for any q in [1, 8]
//
// Method.  d + dl by Fast2Sum (ev <= 1).  t = core::recip(d), within an ulp of 1/d (a
// division, or VRCP14 and a Newton step on AVX-512 float: ACTMATH_RECIP_DIVIDE, config.hpp);
// then the residual 1 - t d is exact in one fma (t is within an ulp of 1/d, so the residual
// fits in the format; without an fma, Dekker's product) and tl = (1 - t d - t dl) t is the
// first-order correction: t + tl is 1/(d + dl) to about 2^-46 relative, so a quotient
// m / (d + dl) costs a product and an fma, m t + m tl, with one rounding that matters, and
// every m shares the one reciprocal.
#pragma once

#include <limits>
#include <type_traits>

#include "actmath/core/exact.hpp"
#include "actmath/core/math.hpp"
#include "actmath/core/pair.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace core {

// 1 - t d exactly, for t within an ulp of 1/d: the residual fits in the format (Sterbenz), so
// one fma gives it where the unit has one; elsewhere Dekker's product and 1 - p exact.
template <class V> ACTMATH_INLINE V residual(V const& t, V const& d) noexcept {
    using T = scalar_t<V>;
    if constexpr (has_fused_fma) {
        return core::fnma(t, d, V(T(1)));
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
    return {t, core::fnma(t, ql, core::residual(t, q)) * t};
}

template <class V> struct logistic_parts {
    V s, k;   // e^(a + al) = (1 + s) 2^k
    V ev;     // e, rounded (a subnormal or 0 far out)
    V d, dl;  // 1 + ev = d + dl exactly
    V t, tl;  // 1 / (d + dl) = t + tl to about 2^-46
};

template <bool Cancels, class V> ACTMATH_INLINE logistic_parts<V> logistic_of(exp_sk<V> const& e) noexcept {
    using T = scalar_t<V>;
    const V one = V(T(1));
    V p = one + e.s;
    V ev = core::scale2k(p, e.k);
    V d = one + ev;
    V dl = ev - (d - one);
    if constexpr (Cancels) dl = dl + core::exp_s_lo(e, p); // and e's own rounding, p_lo 2^k
    recip_pair<V> t = core::recip2(d, dl);
    return {e.s, e.k, ev, d, dl, t.t, t.tl};
}

template <bool Cancels = false, class V> ACTMATH_INLINE logistic_parts<V> logistic(V const& a, V const& al) noexcept {
    return core::logistic_of<Cancels>(core::exp_s<!Cancels>(a, al));
}
template <bool Cancels = false, class V> ACTMATH_INLINE logistic_parts<V> logistic(V const& a) noexcept {
    return core::logistic_of<Cancels>(core::exp_s<!Cancels>(a));
}

template <class V> ACTMATH_INLINE V over(V const& m, logistic_parts<V> const& l) noexcept {
    return core::fma(m, l.t, m * l.tl);
}

// Past |v| = far, e^-|v| times any multiplier up to |v| is below half the smallest subnormal.
template <class T> struct logistic_far;
template <> struct logistic_far<float> { static constexpr float v = 110.0f; };
template <> struct logistic_far<double> { static constexpr double v = 760.0; };

// Past v = this, 1 - sigmoid(v) < e^-v (2^-25.97 / 2^-57.7) is under half the ulp below 1
// (2^-25 / 2^-54): d = 1, t = 1 and tl = -e, so sigmoid_value rounds to 1 exactly
// (tests/test_softplus: every float in [8, 40), a stride on to 1e4).  softplus' drops its
// switch to 1 where its threshold is at least this.
template <class T> struct sigmoid_one;
template <> struct sigmoid_one<float> { static constexpr float v = 18.0f; };
template <> struct sigmoid_one<double> { static constexpr double v = 40.0; };

// sigmoid(v + vl) = 1 / (1 + e) for v >= 0 and e / (1 + e) below, e = e^-|v + vl| with -|v|
// clamped at -far and vl as its low part (dropped when HasLo is false): t + tl, or
// (t + (t s + tl)) 2^k with the 2^k last (sigmoid(-100) is a correctly rounded subnormal).
template <bool HasLo, class V> ACTMATH_INLINE V sigmoid_value_of(V const& v, V const& vl) noexcept {
    using T = scalar_t<V>;
    V a = core::at_least(core::neg_abs(v), -logistic_far<T>::v);
    logistic_parts<V> l;
    if constexpr (HasLo) l = core::logistic(a, core::mulsign(core::neg(vl), v));
    else l = core::logistic(a);
    V left = core::scale2k(l.t + core::fma(l.t, l.s, l.tl), l.k);
    return core::select(v >= V(T(0)), l.t + l.tl, left);
}
template <class V> ACTMATH_INLINE V sigmoid_value(V const& v) noexcept { return core::sigmoid_value_of<false>(v, v); }
template <class V> ACTMATH_INLINE V sigmoid_value(V const& v, V const& vl) noexcept {
    return core::sigmoid_value_of<true>(v, vl);
}

// x sigmoid(v) for x with v's sign, from the parts of -|v|: x (t + tl) for x >= 0, and
// xc (1 + s) (t + tl) 2^k for x < 0, the 2^k last so that a subnormal result is rounded once.
// xc is x clamped to a finite range by the caller.  +inf stays inf (inf tl would be NaN); at
// +-0, t = 1/2 and tl = +0 exactly, so -0 stays -0.
template <class V> ACTMATH_INLINE V x_logistic(V const& x, V const& xc, logistic_parts<V> const& l) noexcept {
    using T = scalar_t<V>;
    mask_t<V> left = x < V(T(0));
    V m = core::select(left, core::fma(xc, l.s, xc), x);
    V y = core::scale2k(core::over(m, l), core::select(left, l.k, V(T(0))));
    return core::select(x > V(std::numeric_limits<T>::max()), x, y);
}

// sigmoid(v) + z sigmoid'(v) with z + zl = x v' (zl dropped when HasLo is false), z of v's
// sign, finite:
//   right (v >= 0): (t + tl) + z e (t + tl)^2, every term positive
//   left  (v <  0): (t + tl) h (1 + s) 2^k, h = 1 + (z + zl)(t + tl) an exact pair (TwoProd,
//                   then TwoSum, which needs no order of magnitudes): h cancels where
//                   the derivative crosses zero, so its rounding must not reach the result.
// The parts should come from logistic<true>, which h's cancellation also needs.
template <bool HasLo, class V>
ACTMATH_INLINE V logistic_slope_of(V const& z, V const& zl, logistic_parts<V> const& l, mask_t<V> const& left) noexcept {
    using T = scalar_t<V>;
    const V one = V(T(1));
    V pos = l.t + core::fma(l.t, (z * l.ev) * l.t, l.tl);
    two_result<V> zt = core::two_prod(z, l.t);
    pair<V> hp = core::two_sum(one, zt.hi);
    V h = hp.hi, hl = hp.lo;
    V lo = zt.lo;
    if constexpr (HasLo) lo = core::fma(zl, l.t, lo);
    hl = hl + core::fma(z, l.tl, lo);
    V th = core::fma(l.t, h, core::fma(l.t, hl, l.tl * h));
    V neg = core::scale2k(core::fma(th, l.s, th), l.k);
    return core::select(left, neg, pos);
}
template <class V>
ACTMATH_INLINE V logistic_slope(V const& z, logistic_parts<V> const& l, mask_t<V> const& left) noexcept {
    return core::logistic_slope_of<false>(z, z, l, left);
}
template <class V>
ACTMATH_INLINE V logistic_slope(V const& z, V const& zl, logistic_parts<V> const& l, mask_t<V> const& left) noexcept {
    return core::logistic_slope_of<true>(z, zl, l, left);
}

} // namespace core
} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
