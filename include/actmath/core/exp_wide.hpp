// a * e^x for every finite a and every x: swish's tails (any beta) and elu' with |alpha| > 2^20.
//
//   exp_parts_wide(hi, lo)   e^(hi+lo) = (p + p_lo) 2^n with p in [0.7, 1.42], p_lo the
//                            rounding error of p's last addition, n an integer-valued V;
//                            for hi down to -W (float W = 300, double W = 2200; below, n is
//                            pushed far down, .zero is set and a product is a signed zero)
//   split_exp(a)             a = m * 2^k, |m| in [1, 2), subnormal a included (0, inf, NaN:
//                            m = a, k = 0)
//   ldexp_wide(m, k)         m * 2^k for |m| < 16 and any integer-valued k, rounded once
//   mul_exp_wide(a[, a_lo], e)
//                            (a + a_lo) (p + p_lo) 2^n rounded once: never an intermediate
//                            underflow or overflow, whatever the size of a (swish with a
//                            small beta: x = -2^105, beta x = -32 has a normal result)
//
// Why not core::exp_parts: it clamps hi at -104 (float) / -746 (double), where e^hi alone
// underflows; x e^x is still a subnormal down to x = -108.7 (float) / -752.5 (double), and
// a huge a (x^2 in swish's beta gradient) needs e^hi as far down as 2^-406 / 2^-3123.
// Method: k = round(hi / ln 2) and r = hi - k ln2_hi exactly (ln2_hi has 9 / 32 significant
// bits, k at most 12 bits: Cody-Waite), r -= k ln2_lo, then core's Taylor polynomial
// (core::expm1_poly_tail); p = 1 + s with s's part lost to the rounding kept by Fast2Sum.
#pragma once

#include "actmath/core/math.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace core {

template <class T> struct exp_wide_consts;
template <> struct exp_wide_consts<float> {
    static constexpr float w = 300.0f;     // e^-300 * 2^256 < 2^-150: zero for |a| < 2^256
    static constexpr float k_lo = -200.0f; // m 2^-200 is 0 for |m| < 16 ...
    static constexpr float k_hi = 200.0f;  // ... and m 2^200 is inf for |m| >= 1/2
    static constexpr float far = -4096.0f;
};
template <> struct exp_wide_consts<double> {
    static constexpr double w = 2200.0;     // e^-2200 * 2^2048 < 2^-1075
    static constexpr double k_lo = -1200.0;
    static constexpr double k_hi = 1200.0;
    static constexpr double far = -16384.0;
};

template <class V> struct wide_parts {
    V p;            // e^r, r in [-ln2/2, ln2/2] (plus lo); NaN for a NaN argument
    V p_lo;         // the rounding error of p's last addition: e^r ~ p + p_lo
    V n;            // integer-valued: e^(hi+lo) = p 2^n
    mask_t<V> zero; // hi < -W: the product with any finite a is a signed zero
};

template <class V> ACTMATH_INLINE wide_parts<V> exp_parts_wide(V const& hi, V const& lo) noexcept {
    using T = scalar_t<V>;
    using C = exp_consts<T>;
    using W = exp_wide_consts<T>;
    mask_t<V> zero = hi < V(-W::w);
    V h = core::clamp(hi, -W::w, C::hi_clamp);
    V l = core::select(zero, V(T(0)), lo);
    rounded<V> k = core::round_int(h * V(C::log2e));
    V s = core::expm1_reduced(core::exp_reduce(h, k.k) + l);
    V p = V(T(1)) + s;
    V p_lo = (V(T(1)) - p) + s; // Fast2Sum: |s| < 1
    return {p, p_lo, core::select(zero, V(W::far), k.k), zero};
}

template <class V> struct split_parts {
    V m; // sign of a, |m| in [1, 2)
    V k; // integer-valued
};
template <class V> ACTMATH_INLINE split_parts<V> split_exp(V const& a) noexcept {
    using T = scalar_t<V>;
    using L = fp_layout<T>;
    using I = int_t<V>;
    using S = scalar_t<I>;
    const V two_p = V(T(std::uint64_t(1) << L::mant)); // 2^mant: lifts a subnormal into the normals
    mask_t<V> sub = core::abs(a) < V(std::numeric_limits<T>::min());
    V b = core::select(sub, a * two_p, a);
    const I exp_mask = I(S((S(1) << (8 * sizeof(T) - 1 - L::mant)) - 1) << L::mant);
    I ib = core::as_int(b);
    I ie = ((ib & exp_mask) >> L::mant) - I(S(L::bias));
    V m = core::as_float((ib & ~exp_mask) | I(S(L::bias) << L::mant));
    const V shifter(core::round_shifter<T>);
    V k = core::as_float(core::as_int(shifter) + ie) - shifter;
    k = core::select(sub, k - V(T(L::mant)), k);
    mask_t<V> plain = core::lanes_or(a == V(T(0)), !(core::abs(a) <= V(std::numeric_limits<T>::max())));
    return {core::select(plain, a, m), core::select(plain, V(T(0)), k)};
}

template <class V> ACTMATH_INLINE V ldexp_wide(V const& m, V const& k) noexcept {
    using T = scalar_t<V>;
    using W = exp_wide_consts<T>;
    return core::scale2k(m, core::clamp(k, W::k_lo, W::k_hi));
}

// a * e^(hi+lo) from e = exp_parts_wide(hi, lo): one rounding, the sign of a kept on a zero
// result; an infinite a gives inf (or a signed zero when e.zero), NaN in a or e gives NaN.
// With a low part: (a + a_lo) (p + p_lo) 2^n, rounded once (a_lo, p_lo small corrections).
template <class V> ACTMATH_INLINE V mul_exp_wide(V const& a, V const& a_lo, wide_parts<V> const& e) noexcept {
    using T = scalar_t<V>;
    split_parts<V> s = core::split_exp(a);
    V al = core::select(core::abs(a) <= V(std::numeric_limits<T>::max()), a_lo, V(T(0)));
    // a_lo scaled like a: 2^-k (k up to 1100 for double: scale2's two normal factors).
    V m_lo = core::scale2(al, core::round_int(-s.k).n);
    V c = core::fma(s.m, e.p_lo, m_lo * e.p);
    V r = core::ldexp_wide(core::fma(s.m, e.p, c), s.k + e.n);
    r = core::select(core::lanes_or(e.zero, a == V(T(0))), core::mulsign(V(T(0)), a), r);
    return core::select(core::lanes_or(core::isnan(a), core::isnan(e.p)), a + e.p, r);
}
template <class V> ACTMATH_INLINE V mul_exp_wide(V const& a, wide_parts<V> const& e) noexcept {
    using T = scalar_t<V>;
    split_parts<V> s = core::split_exp(a);
    V r = core::ldexp_wide(core::fma(s.m, e.p, s.m * e.p_lo), s.k + e.n);
    r = core::select(core::lanes_or(e.zero, a == V(T(0))), core::mulsign(V(T(0)), a), r);
    return core::select(core::lanes_or(core::isnan(a), core::isnan(e.p)), a + e.p, r);
}

} // namespace core
} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
