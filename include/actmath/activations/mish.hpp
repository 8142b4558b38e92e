// mish(x) = x tanh(softplus(x)) = x tanh(log(1 + e^x))  (Misra 2019)  torch.nn.functional.mish
//   derivative(x) = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2),  sp = softplus(x)
//   No derivative_from_output: mish is not one-to-one (mish(-0.5) = mish(-2.285)).
// Evaluation: no log, no 1 - tanh^2, one reciprocal.  One exponential w = e^-|x| = (1 + s) 2^k
//   (1 + s unrounded) serves both sides, u = e^x = w for x < 0 and v = e^-x = w for x >= 0:
//     x <  0: tanh(sp) = u A / D,      A = u + 2, D = 2 + u A
//     x >= 0: tanh(sp) = 1 - 2 v^2 / D,  A = v + 1, D = 1 + 2v A
//   that is A = w + c and D = c + W A with c = 2 | 1, W = w | 2w.  A + Al is exact (Fast2Sum),
//   W A by TwoProd, and D + Dl exact by Fast2Sum (c is a multiple of the last place of W A and
//   of c + W A; tests/test_core checks every float W A in [1, 4]); t + tl = 1 / (D + Dl) from a
//   core::recip and the exact residual (core::recip2).  x is clamped to
//   core::logistic_far (110 / 760), past which every result is decided.
//   forward    x <  0: x (A / D) (1 + s) 2^k, A / D rounded once and 2^k last, so mish(-89)
//              keeps every bit and mish(-105) is a correctly rounded subnormal
//              x >= 0: x - x c, c = 2 v^2 / D (its errors are damped by c / (1 - c) <= 2/3)
//   derivative mish' = P t (H + Z t) on both sides (P t H = tanh(sp) and P t^2 Z = x sigmoid(x)
//              sech^2(sp)):
//                x <  0: P = u, H = u + 2 = A,        Z = 4x (1 + u)   = 4x ((A - 1) + Al)
//                x >= 0: P = 1, H = 1 + 2v = 2A - 1,  Z = 4x v^2 (1 + v) = 4x v (W A) / 2
//              h = H + Z t cancels where mish' crosses zero, so it is a pair: Z = 4x G by
//              TwoProd, Z (t + tl) by TwoProd and first-order terms, H + Z t by TwoSum.
//              w's own rounding (1 + s rounded, scaled) goes into Al and W A's error, so the
//              pair sees e^-|x| to about 2^-46.  The
//              result is (t + tl)(h + hl) as a pair times (1 + s) 2^k, rounded once, 2^k last.
//              |x - r| <= 1/8 around the root r = -1.1924312145154952121: g = d Q(d),
//              d = x - r, Q fitted by tools/fit_roots (core/root.hpp)
// Special: f(+-0) = +-0, f(+inf) = +inf, f(-inf) = -0; f'(+inf) = 1, f'(-inf) = -0 (the limit
//   is approached from below); NaN -> NaN.
// Bounds (worst over all 2^32 floats and 2^24 + 2^22 doubles, docs/accuracy.md): forward
//   2.469 / 2.449 ulp, derivative 1.515 / 1.727 ulp (float / double).
#pragma once

#include "actmath/core/functor.hpp"
#include "actmath/core/logistic.hpp"
#include "actmath/core/root.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace detail {

// mish'(x) = 0 at x = r; the local polynomial around it (tools/fit_roots, MPFR at 1024 bits:
// Chebyshev interpolation of mish'(r + d) / d, converted to monomials in d).
template <class T> struct mish_root;
template <> struct mish_root<float> {
    // mish' root -1.192431214515495212137588340420739405601;
    // degree 6 on |x - r_hi| <= 0.125: worst 0.853 ulp (tools/fit_roots mish float 0.125 6)
    static constexpr core::root_fit<float, 6> fit = {
        -0x1.31432cp+0f, -0x1.a25b08p-29f, -0x1.bf3192p-55f, 0x1p-3f,
        0x1.115accp-2f, -0x1.7b5fe8p-27f,
        {0x1.a34a26p-3f, 0x1.574f12p-5f, -0x1.4c2312p-6f, -0x1.0336d8p-6f,
         -0x1.b4f278p-9f, 0x1.202e6cp-10f}};
};
template <> struct mish_root<double> {
    // mish' root -1.192431214515495212137588340420739405601;
    // degree 11 on |x - r_hi| <= 0.125: worst 0.818 ulp (tools/fit_roots mish double 0.125 11)
    static constexpr core::root_fit<double, 11> fit = {
        -0x1.31432c0d12d84p+0, -0x1.bf319154da21p-55, -0x1.3b82ea8c1efc4p-109, 0x1p-3,
        0x1.115acb42500bbp-2, 0x1.1ab5de01c7fb6p-56,
        {0x1.a34a251d8ad7bp-3, 0x1.574f121a868ep-5, -0x1.4c222fe64d4ep-6, -0x1.03369d4acac44p-6,
         -0x1.b87ddfb54380cp-9, 0x1.1e5e18671875p-10, 0x1.037991d821844p-10, 0x1.0a791d2ebc807p-12,
         -0x1.6004c67f6ab5bp-15, -0x1.d3f1a2477821bp-15, -0x1.1ff2079478a0bp-16}};
};

// What forward and derivative share (the names of the header comment): w = e^-|x| = (1 + s) 2^k,
// rounded to w; A + Al = w + c; W A rounded and E, its error to first order; t + tl = 1 / D.
// Exact (the derivative) also carries w's rounding, wl = (1 + s - w 2^-k) 2^k, in Al and E.
template <class V> struct mish_parts {
    core::exp_sk<V> e;
    V w, xc, A, Al, WA, E, t, tl;
    core::mask_t<V> left;
};
template <bool Exact, class V> ACTMATH_INLINE mish_parts<V> mish_split(V const& x) noexcept {
    using T = core::scalar_t<V>;
    // past core::logistic_far every result is decided: |x| e^-|x| is below half the smallest
    // subnormal, and 1 - tanh(softplus(x)) ~ 2 e^-2x far below half an ulp
    const T far = core::logistic_far<T>::v;
    const V one = V(T(1));
    mish_parts<V> m;
    m.xc = core::clamp(x, -far, far);
    m.e = core::exp_s(core::neg_abs(m.xc));
    V p = one + m.e.s;
    m.w = core::scale2k(p, m.e.k);
    m.left = x < V(T(0));
    V c = core::select(m.left, V(T(2)), one);
    m.A = m.w + c;
    m.Al = m.w - (m.A - c);
    V W = core::select(m.left, m.w, m.w + m.w);
    core::two_result<V> wa = core::two_prod(W, m.A);
    if constexpr (Exact) {
        V wl = core::exp_s_lo(m.e, p);
        m.Al = m.Al + wl;
        wa.lo = core::fma(core::select(m.left, wl, wl + wl), m.A, wa.lo);
    }
    m.WA = wa.hi;
    m.E = core::fma(W, m.Al, wa.lo);
    V D = c + wa.hi;
    core::recip_pair<V> r = core::recip2(D, ((c - D) + wa.hi) + m.E);
    m.t = r.t;
    m.tl = r.tl;
    return m;
}

} // namespace detail

template <class T = float> struct mish : core::root_window<mish<T>, detail::mish_root<T>> {
    using value_type = T;
    static constexpr const char* name = "mish";
    static constexpr std::size_t unroll = 6; // batches in flight on AVX-512 (core/kernels.hpp)

    mish() { detail::require_float_type<T>(); }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        detail::mish_parts<V> m = detail::mish_split<false>(x);
        // x < 0: R = A / D rounded once, then x R (1 + s) 2^k
        V R = core::fma(m.A, m.t, core::fma(m.A, m.tl, m.Al * m.t));
        V xr = m.xc * R;
        V left = core::scale2k(core::fma(xr, m.e.s, xr), m.e.k);
        // x >= 0: x - x c, c = 2 v^2 / D; x = +inf: c = 0 exactly, and inf is kept
        V vv = (m.w + m.w) * m.w;
        V c = core::fma(vv, m.t, vv * m.tl);
        V right = core::fnma(x, c, x);
        right = core::select(core::lanes_or(x == V(T(0)), x > V(std::numeric_limits<T>::max())), x, right);
        return core::select(m.left, left, right); // (+-0 and +inf come back as they are)
    }

    // the derivative's pieces, from which core::root_window gives derivative(x) (core/root.hpp)
    // and the array drivers merge root windows across batches (core/kernels.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::root_split<V> derivative_split(V const& x) const noexcept {
        detail::mish_parts<V> m = detail::mish_split<true>(x);
        const V zero = V(T(0)), one = V(T(1)), half = V(T(0.5));
        // H + Hl, and Z = x4 (G + Gl) (x4 = 4x v rounded on the right, where nothing cancels)
        V H = core::select(m.left, m.A, (m.A + m.A) - one);
        V Hl = core::select(m.left, m.Al, m.Al + m.Al);
        V G = core::select(m.left, m.A - one, half * m.WA);
        V Gl = core::select(m.left, m.Al, half * m.E);
        V x4 = (V(T(4)) * m.xc) * core::select(m.left, one, m.w);
        core::two_result<V> z = core::two_prod(x4, G);
        V zl = core::fma(x4, Gl, z.lo);
        // h + hl = H + Z (t + tl)
        core::two_result<V> zt = core::two_prod(z.hi, m.t);
        V ztl = core::fma(z.hi, m.tl, core::fma(zl, m.t, zt.lo));
        core::pair<V> hp = core::two_sum(H, zt.hi);
        V h = hp.hi, hl = hp.lo + (Hl + ztl);
        // (t + tl)(h + hl) = th + thl, then times P = (1 + s) 2^k (1 on the right), rounded once
        core::two_result<V> th = core::two_prod(m.t, h);
        V thl = core::fma(m.t, hl, core::fma(m.tl, h, th.lo));
        V s = core::select(m.left, m.e.s, zero);
        V g = th.hi + core::fma(th.hi, s, core::fma(thl, s, thl));
        g = core::scale2k(g, core::select(m.left, m.e.k, zero));
        auto const& fit = detail::mish_root<T>::fit;
        return core::split_near_root(x - V(fit.r_hi), zero, g, fit);
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
