// Stable building blocks over a value type V (float, double or an xsimd batch of them),
// written once and shared by every activation.  Nothing here calls std:: or xsimd:: math,
// so a scalar call and a SIMD lane compute the same bits.
//
//   poly(x, c0, c1, ...)   c0 + c1 x + c2 x^2 + ...  (Horner, fma)
//   exp_parts(hi, lo)      e^(hi+lo) as p * 2^n, p in [0.7, 1.42]: callers that multiply the
//                          exponential by something fold the scaling in last, so a product
//                          that lands in the subnormal range is rounded once (silu(-89));
//                          exp_parts(hi) without the low part; scale_exp(x, e) = x 2^n
//   exp_reduce, expm1_reduced   the pieces every exp below shares: r = hi - k ln 2, e^r - 1
//   exp_s(hi[, lo])        e^(hi+lo) as (1 + s) 2^k with 1 + s unrounded (no clamp);
//                          exp_s<true>: s from expm1_reduced_abs, for callers of 1 + s only
//   exp_minimax_tail(r, s), expm1_reduced_abs(r)
//                          the near-minimax e^r of exp_reduced_times as its tail
//                          (e^r - 1 - r) / r^2 and as e^r - 1 (error relative to e^r);
//                          expm1_reduced_as<Abs>(r) picks it or expm1_reduced
//   exp_s_lo(e, p)         (1 + s) 2^k - p 2^k for p = 1 + s rounded: e's own rounding
//   exp_reduced_times(r, s)  e^r s for a reduced r, one rounding (a minimax polynomial)
//   exp(x)                 e^x, gradual underflow, inf past the overflow threshold
//   mul_exp(a, x)          a * e^x without an intermediate underflow or overflow
//   expm1(x)               e^x - 1, relative accuracy near 0
//   expm1_raw(x)           the same but +0 at -0 (callers that keep -0 select x there)
//   expm1_nonpositive(x)   e^x - 1 for x <= 0 (0 for x > 0): expm1_raw's bits, fewer steps
//   log1p(x)               log(1 + x), relative accuracy near 0
//   log1p_unit(e)          log(1 + e) for e in [0, 1] (e NaN gives NaN): log1p's bits
//                          without its range split and special cases
//   log1p_exp(x)           log(1 + e^x) (softplus), never overflows
//   expm1_scaled_parts(u)  e^u - 1 and e^u + 1 scaled by 2^-k: expm1's quotients, fewer steps
//   tanh(x)                (e^2a - 1) / (e^2a + 1) scaled by 2^-k, odd, keeps the sign of zero
//
// Method.  exp: n = round(x / ln 2), r = x - n ln 2 with ln 2 split Cody-Waite style
// (fdlibm's ln2_hi / ln2_lo), e^r - 1 by its Taylor series (degree 7 for float, 13 for double:
// the truncation error is below 0.1 ulp on |r| <= ln2/2) in exp_parts and expm1, where e^r - 1
// itself is needed; exp(x) alone takes e^r from a minimax polynomial of degree 6 / 11
// (exp_reduced_times), and so does e^r - 1 where only 1 + s is used after it
// (expm1_reduced_abs: the logistic forwards, core/logistic.hpp), one fma fewer in float and
// two in double.  log1p: u = 1 + x rounded, the rounding error recovered by Fast2Sum,
// log(u) = e ln2 + log(1+f) with f = m - 1, m in [sqrt(1/2), sqrt(2)), and
// log(1+f) = f - (f^2/2 - s (f^2/2 + R(s^2))), s = f/(2+f),
// R the series 2z/3 + 2z^2/5 + ... (the fdlibm decomposition, Taylor coefficients).
#pragma once

#include "actmath/core/value.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace core {

template <class V> ACTMATH_INLINE V poly(V const&, scalar_t<V> c0) noexcept { return V(c0); }
template <class V, class... C>
ACTMATH_INLINE V poly(V const& x, scalar_t<V> c0, scalar_t<V> c1, C... rest) noexcept {
    return core::fma(core::poly(x, c1, static_cast<scalar_t<V>>(rest)...), x, V(c0));
}

template <class T> struct exp_consts;
template <> struct exp_consts<float> {
    static constexpr float log2e = 1.44269504088896340736f;
    static constexpr float ln2_hi = 6.93359375e-1f;          // 0x3f318000: 9 significant bits
    static constexpr float ln2_lo = -2.12194440054690582e-4f; // ln 2 - ln2_hi
    static constexpr float lo_clamp = -104.0f;                // e^-104 rounds to 0
    static constexpr float hi_clamp = 89.0f;                  // e^89 is inf
};
template <> struct exp_consts<double> {
    static constexpr double log2e = 1.44269504088896340736;
    static constexpr double ln2_hi = 6.93147180369123816490e-01; // fdlibm: 0x3fe62e42fee00000
    static constexpr double ln2_lo = 1.90821492927058770002e-10; // fdlibm: ln 2 - ln2_hi
    static constexpr double lo_clamp = -746.0;
    static constexpr double hi_clamp = 710.0;
};

// e^r - 1 - r for |r| <= ln2/2 + tiny, as r^2 * P(r) (Taylor series of e^r).
template <class V> ACTMATH_INLINE V expm1_poly_tail(V const& r) noexcept {
    using T = scalar_t<V>;
    if constexpr (std::is_same<T, float>::value) {
        return core::poly(r, T(1) / 2, T(1) / 6, T(1) / 24, T(1) / 120, T(1) / 720, T(1) / 5040);
    } else {
        return core::poly(r, T(1) / 2, T(1) / 6, T(1) / 24, T(1) / 120, T(1) / 720, T(1) / 5040,
                    T(1) / 40320, T(1) / 362880, T(1) / 3628800, T(1) / 39916800,
                    T(1) / 479001600, 1.0 / 6227020800.0);
    }
}

// r = hi - k ln 2 (Cody-Waite: k ln2_hi exact for |k| < 2^15 in float, 2^21 in double).
template <class V> ACTMATH_INLINE V exp_reduce(V const& hi, V const& k) noexcept {
    using C = exp_consts<scalar_t<V>>;
    V r = core::fma(k, V(-C::ln2_hi), hi);
    return core::fma(k, V(-C::ln2_lo), r);
}
// e^r - 1 for a reduced r: r + r^2 P(r).
template <class V> ACTMATH_INLINE V expm1_reduced(V const& r) noexcept {
    return core::fma(r, r * core::expm1_poly_tail(r), r);
}

// (e^r - 1 - r) / r^2 s for a reduced r (|r| <= 0.347), s a power of two: the coefficients c2...
// of the near-minimax e^r that exp_reduced_times evaluates (c0 = c1 = 1), times s (exact).
template <class V> ACTMATH_INLINE V exp_minimax_tail(V const& r, scalar_t<V> s) noexcept {
    using T = scalar_t<V>;
    if constexpr (std::is_same<T, float>::value) {
        return core::poly(r, s * 0x1.fffff8p-2f, s * 0x1.55548ep-3f, s * 0x1.555b9ap-5f, s * 0x1.123bf8p-7f,
                          s * 0x1.685028p-10f);
    } else {
        return core::poly(r, s * 0x1.000000000000cp-1, s * 0x1.5555555555515p-3, s * 0x1.555555554fe35p-5,
                          s * 0x1.11111111211a7p-7, s * 0x1.6c16c185fb3e8p-10, s * 0x1.a01a014dba786p-13,
                          s * 0x1.a01995d717e69p-16, s * 0x1.71ded71995d62p-19, s * 0x1.28b0e29c32f38p-22,
                          s * 0x1.adfa6c5016e11p-26);
    }
}
// e^r - 1 = r + r^2 P(r) with exp_minimax_tail's P: one fma (float) / two (double) fewer than
// expm1_reduced, and its error is below 2^-28 / 2^-57 of e^r, not of e^r - 1 (near r = 0 it
// is larger than the Taylor form's relative to s): for callers that use 1 + s, e^r itself,
// with no cancellation after it.
template <class V> ACTMATH_INLINE V expm1_reduced_abs(V const& r) noexcept {
    return core::fma(r, r * core::exp_minimax_tail(r, scalar_t<V>(1)), r);
}

template <class V> struct exp_split {
    V p;        // e^r, in [0.7, 1.42]
    int_t<V> n; // exponent: e^(hi+lo) = p * 2^n
    V k;        // n as an integer-valued V (core::scale_exp scales by whichever is cheaper)
};

// x 2^n for an exp_split's n (core::scale2nk: VSCALEF on the V form on AVX-512).
template <class V> ACTMATH_INLINE V scale_exp(V const& x, exp_split<V> const& e) noexcept {
    return core::scale2nk(x, e.n, e.k);
}

// e^(hi + lo) with |lo| <= ulp(hi): the low part carries what a rounded argument lost
// (beta*x, x^2/2, 1.702*x).  NaN propagates through p; +-inf and huge |hi| are clamped so
// that p * 2^n is inf or 0 after scale2().
template <bool HasLo, class V> ACTMATH_INLINE exp_split<V> exp_parts_of(V hi, V const& lo) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    hi = core::clamp(hi, C::lo_clamp, C::hi_clamp);
    rounded<V> k = core::round_int(hi * V(C::log2e));
    V r = core::exp_reduce(hi, k.k);
    if constexpr (HasLo) r = r + lo;
    return {V(T(1)) + core::expm1_reduced(r), k.n, k.k};
}
template <class V> ACTMATH_INLINE exp_split<V> exp_parts(V const& hi, V const& lo) noexcept {
    return core::exp_parts_of<true>(hi, lo);
}
// The same without a low part: no + 0 in the chain (r = -0 would become +0 there, and p is 1
// either way, so the bits are the same; the compiler may not drop the addition itself).
template <class V> ACTMATH_INLINE exp_split<V> exp_parts(V const& hi) noexcept {
    return core::exp_parts_of<false>(hi, hi);
}

// e^(hi + lo) = (1 + s) 2^k, s = e^r - 1 (|s| <= 0.42) and k integer-valued, without a clamp:
// the caller bounds hi (|hi| < 2^14 keeps k ln2_hi exact and 2^k within scale2k's reach).
// Keeping 1 + s unrounded lets a caller fold e's mantissa into its own product with one fma,
// a (1 + s) = fma(a, s, a), instead of rounding p = 1 + s first.
template <class V> struct exp_sk {
    V s; // e^r - 1
    V k; // integer-valued
};
// e^r - 1 for a reduced r: expm1_reduced_abs where Abs (error relative to e^r), else the
// Taylor expm1_reduced (relative to e^r - 1).
template <bool Abs, class V> ACTMATH_INLINE V expm1_reduced_as(V const& r) noexcept {
    if constexpr (Abs) return core::expm1_reduced_abs(r);
    else return core::expm1_reduced(r);
}
template <bool Abs = false, class V> ACTMATH_INLINE exp_sk<V> exp_s(V const& hi, V const& lo) noexcept {
    V k = core::round_k(hi * V(exp_consts<scalar_t<V>>::log2e));
    return {core::expm1_reduced_as<Abs>(core::exp_reduce(hi, k) + lo), k};
}
// The same without a low part (no + 0 in the chain: the compiler may not drop it, -0 + 0 = +0).
template <bool Abs = false, class V> ACTMATH_INLINE exp_sk<V> exp_s(V const& hi) noexcept {
    V k = core::round_k(hi * V(exp_consts<scalar_t<V>>::log2e));
    return {core::expm1_reduced_as<Abs>(core::exp_reduce(hi, k)), k};
}

// What rounding p = 1 + s lost, scaled: (1 + s) 2^k = p 2^k + exp_s_lo(e, p), exactly down to
// 2^k = 2^-60 (float) / 2^-900 (double), where the scale stops: callers add the part to
// quantities of order 1, next to which it is lost long before, and a subnormal would cost a
// microcode assist.
template <class V> ACTMATH_INLINE V exp_s_lo(exp_sk<V> const& e, V const& p) noexcept {
    using T = scalar_t<V>;
    const T kmin = std::is_same<T, float>::value ? T(-60) : T(-900);
    return core::scale2k((V(T(1)) - p) + e.s, core::at_least(e.k, kmin));
}

// e^r s for a reduced r (|r| <= 0.347: ln2/2 plus what a rounded k and a low part add) and a
// power of two s, rounded once.  With a fused fma: a polynomial near-minimax in relative
// error, degree 6 for float and 11 for double, c0 = c1 = 1 (tools/fit_exp.cpp, MPFR; error
// of the rounded coefficients below 2^-28 and 2^-57.6, a twentieth of an ulp), every
// coefficient times s (exact), by Horner: the last step, s + r (...), is one rounding.
// Without a fused fma that step would round twice; there (1 + q) s with q = expm1_reduced(r),
// whose last step q s + s rounds once (q s is exact).
template <class V> ACTMATH_INLINE V exp_reduced_times(V const& r, scalar_t<V> s) noexcept {
    if constexpr (!has_fused_fma) {
        return core::fma(core::expm1_reduced(r), V(s), V(s));
    } else {
        return core::fma(core::fma(core::exp_minimax_tail(r, s), r, V(s)), r, V(s));
    }
}

// e^x: exp_parts' clamp and reduction with k from one fma, and e^r from exp_reduced_times.
template <class V> ACTMATH_INLINE V exp(V const& x) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    V hi = core::clamp(x, C::lo_clamp, C::hi_clamp);
    rounded<V> k = core::round_int_mul(hi, C::log2e);
    V p = core::exp_reduced_times(core::exp_reduce(hi, k.k), T(1));
    return core::scale2nk(p, k.n, k.k);
}

// a * e^x, rounded once at the end: finite whenever the true product is.
template <class V> ACTMATH_INLINE V mul_exp(V const& a, exp_split<V> const& e) noexcept {
    return core::scale_exp(a * e.p, e);
}
template <class V> ACTMATH_INLINE V mul_exp(V const& a, V const& x) noexcept {
    return core::mul_exp(a, core::exp_parts(x));
}

// e^x - 1.  n = 0: r + r^2 P(r) directly (keeps -0 and subnormals).  Otherwise
// 2 (2^(n-1) q + (2^(n-1) - 1/2)) with q = e^r - 1, which stays finite up to the overflow
// threshold and is exact in the scaling.
// expm1_raw: without expm1's last select, for callers that select x at +-0 themselves (elu,
// celu) or pass x >= 0 (tanh).  For 0 < |x| < eps/4 it is x already: k = 0, r = x, and
// r + r (r P(r)) rounds to r (r^2/2 is below half an ulp of r, or 0 for a subnormal r); only
// -0 differs, r + r^2 P giving +0.
template <class V> ACTMATH_INLINE V expm1_raw(V const& x) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    const T lo = std::is_same<T, float>::value ? T(-40) : T(-80);
    V xc = core::clamp(x, lo, C::hi_clamp);
    rounded<V> k = core::round_int(xc * V(C::log2e));
    V q = core::expm1_reduced(core::exp_reduce(xc, k.k));
    V t = core::pow2i<V>(k.n - int_t<V>(1));
    V big = V(T(2)) * core::fma(t, q, t - V(T(0.5)));
    return core::select(k.k == V(0), q, big);
}

// e^x - 1 for x <= 0, for callers that select another value wherever x > 0 (0 comes back
// there): 2^k q + (2^k - 1) in one fma, k <= 0.  The bits of expm1_raw(x): its
// 2 (2^(k-1) q + (2^(k-1) - 1/2)) is this sum scaled by 1/2 and back (a power of two commutes
// with the roundings; nothing under- or overflows for x in [-40, 0] / [-80, 0]), and for k = 0
// this is q + 0 = q, its other branch, except at -0 (+0 here, as there).
template <class V> ACTMATH_INLINE V expm1_nonpositive(V const& x) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    const T lo = std::is_same<T, float>::value ? T(-40) : T(-80);
    V xc = core::clamp(x, lo, T(0));
    rounded<V> k = core::round_int(xc * V(C::log2e));
    V q = core::expm1_reduced(core::exp_reduce(xc, k.k));
    V t = core::pow2i<V>(k.n);
    return core::fma(t, q, t - V(T(1)));
}

template <class V> ACTMATH_INLINE V expm1(V const& x) noexcept {
    using T = scalar_t<V>;
    // |x| < eps/4: e^x - 1 rounds to x; this also keeps -0 and subnormals exact in every lane.
    return core::select(core::abs(x) < V(std::numeric_limits<T>::epsilon() * T(0.25)), x, core::expm1_raw(x));
}

template <class T> struct log_consts;
template <> struct log_consts<float> {
    static constexpr std::int32_t sqrt_half_bits = 0x3f3504f3; // sqrt(1/2)
    static constexpr float sqrt_two = 0x1.6a09e6p+0f;          // 2 sqrt(1/2), the same bits + 2^23
};
template <> struct log_consts<double> {
    static constexpr std::int64_t sqrt_half_bits = 0x3fe6a09e667f3bcdLL;
    static constexpr double sqrt_two = 0x1.6a09e667f3bcdp+0;
};

// log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1], plus a tail term c added at the end.
template <class V> ACTMATH_INLINE V log1p_reduced(V const& f, V const& c) noexcept {
    using T = scalar_t<V>;
    V s = f / (V(T(2)) + f);
    V z = s * s;
    V R;
    if constexpr (std::is_same<T, float>::value) {
        R = z * core::poly(z, T(2) / 3, T(2) / 5, T(2) / 7, T(2) / 9, T(2) / 11);
    } else {
        R = z * core::poly(z, 2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13, 2.0 / 15, 2.0 / 17,
                     2.0 / 19, 2.0 / 21, 2.0 / 23);
    }
    V hfsq = V(T(0.5)) * f * f;
    return f - (hfsq - core::fma(s, hfsq + R, c));
}

// Split u > 0 (normal) into u = m 2^e, m in [sqrt(1/2), sqrt(2)).  Returns f = m - 1 and e.
template <class V> struct log_split {
    V f;
    V e;
};
template <class V> ACTMATH_INLINE log_split<V> split_log(V const& u) noexcept {
    using T = scalar_t<V>;
    using L = fp_layout<T>;
    using I = int_t<V>;
    using S = scalar_t<I>;
    const I one_bits = I(S(L::bias) << L::mant);
    const I sqh = I(log_consts<T>::sqrt_half_bits);
    // For u = inf, NaN or close to max() the sum passes the integer's top: the lanes wrap, and
    // the scalar adds unsigned so that it wraps the same way instead of overflowing (undefined
    // behaviour; UBSan caught log1p(inf)).  The caller replaces those results anyway.
    I iu;
    if constexpr (is_batch_v<V>) {
        iu = core::as_int(u) + (one_bits - sqh);
    } else {
        using U = std::make_unsigned_t<S>;
        iu = I(U(core::as_int(u)) + U(one_bits - sqh));
    }
    I ie = (iu >> L::mant) - I(S(L::bias));
    I im = (iu & I((S(1) << L::mant) - 1)) + sqh;
    V m = core::as_float(im);
    // e as V: exact small integer; built with the shifter trick in reverse.
    const V shifter(core::round_shifter<T>);
    V e = core::as_float(core::as_int(shifter) + ie) - shifter;
    return {m - V(T(1)), e};
}

template <class V> ACTMATH_INLINE V log1p(V const& x) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    V u = V(T(1)) + x;
    // Fast2Sum, the exact rounding error of 1 + x: the larger term is max(x, 1) and the smaller
    // min(x, 1) wherever x >= -1 (for x < -1 the result is replaced below).
    V c = core::at_most(x, T(1)) - (u - core::at_least(x, T(1)));
    log_split<V> s = core::split_log(u);
    V tail = core::fma(s.e, V(C::ln2_lo), c / u);
    V r = core::fma(s.e, V(C::ln2_hi), core::log1p_reduced(s.f, tail));
    const V inf = V(std::numeric_limits<T>::infinity());
    r = core::select(x == inf, inf, r);
    r = core::select(x == V(T(-1)), -inf, r);
    r = core::select(x < V(T(-1)), V(std::numeric_limits<T>::quiet_NaN()), r);
    // tiny x (-0 and subnormals kept)
    r = core::select(core::abs(x) < V(std::numeric_limits<T>::epsilon() * T(0.25)), x, r);
    return r;
}

// log(1 + e) for e in [0, 1], the argument of softplus and log_sigmoid (e = e^-|z|): u = 1 + e
// is in [1, 2], so split_log's exponent is 0 or 1 (u against the same sqrt 2 boundary) and
// f = u - 1 or u/2 - 1, both exact; the rounding error c of 1 + e is Fast2Sum's (e <= 1).
// The same f, c and reduction as log1p, so the same bits (digest), minus the integer split
// and the four special-case selects; e < eps/4 gives u = 1, f = 0 and exactly c / 1 = e.
template <class V> ACTMATH_INLINE V log1p_unit(V const& e) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    const V one = V(T(1));
    V u = one + e;
    V c = e - (u - one);
    mask_t<V> up = u >= V(log_consts<T>::sqrt_two);
    V f = core::fms(core::select(up, V(T(0.5)), one), u, one);
    V k = core::select(up, one, V(T(0)));
    V tail = core::fma(k, V(C::ln2_lo), c / u);
    return core::fma(k, V(C::ln2_hi), core::log1p_reduced(f, tail));
}

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|).  Exact limits: 0 at -inf, x at +inf.
template <class V> ACTMATH_INLINE V log1p_exp(V const& x) noexcept {
    using T = scalar_t<V>;
    V e = core::exp(-core::abs(x));
    V l = core::log1p_unit(e);
    return core::select(x > V(T(0)), x + l, l);
}

// e^u - 1 and e^u + 1 both scaled by 2^-k, for 0 <= u <= 80 (e^u = (1 + s) 2^k, k >= 0):
// with t = 2^-k, n = s + (1 - t) and d = n + 2t, so that q / (q + 2) = n / d and
// 1 / (q + 2) = t (1 / d) for q = expm1_raw(u), bit for bit.  A power of two commutes with every
// rounding in expm1_raw's q = 2 (2^(k-1) s + (2^(k-1) - 1/2)) (one rounding, in the fma) and in
// q + 2 while nothing under- or overflows, and k and s are expm1_raw's (round_k gives
// round_int's value).  What goes is expm1's own scaling: its power of two, its product and its
// select on k = 0.  core::tanh and tanhshrink use it.
template <class V> struct expm1_scaled {
    V n; // (e^u - 1) 2^-k
    V d; // (e^u + 1) 2^-k
    V t; // 2^-k
};
template <class V> ACTMATH_INLINE expm1_scaled<V> expm1_scaled_parts(V const& u) noexcept {
    using T = scalar_t<V>;
    rounded_pow2<V> k = core::round_with_pow2_neg(u * V(exp_consts<T>::log2e));
    V s = core::expm1_reduced(core::exp_reduce(u, k.k));
    V n = s + (V(T(1)) - k.t);
    return {n, n + (k.t + k.t), k.t};
}

// tanh(x) = sign(x) q / (q + 2), q = expm1(2|x|), computed as n / d from expm1_scaled_parts
// (the same bits); |x| is capped at the saturation point, beyond which the result is 1 (1 - tanh
// is below half an ulp of 1 there).
template <class V> ACTMATH_INLINE V tanh(V const& x) noexcept {
    using T = scalar_t<V>;
    const T sat = std::is_same<T, float>::value ? T(9.1) : T(19.1);
    V a = core::abs(x);
    V u = core::at_most(a, sat);
    expm1_scaled<V> e = core::expm1_scaled_parts(u + u); // 2|x| is exact
    V y = core::select(a > V(sat), V(T(1)), e.n / e.d);
    return core::copysign(y, x);
}

} // namespace core
} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
