// mish(x) = x tanh(softplus(x)) = x tanh(log(1 + e^x))  (Misra 2019)  torch.nn.functional.mish
//   derivative(x) = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2),  sp = softplus(x)
//   No derivative_from_output: mish is not one-to-one (mish(-0.5) = mish(-2.285)).
// Evaluation: no log and no 1 - tanh^2.  With u = e^x, tanh(log(1 + u)) = w / (w + 2),
//   w = u (u + 2); with v = e^-x the same is 1 - 2 v^2 / D, D = 1 + 2v + 2v^2.
//   forward    (core/logistic.hpp style, no division instruction) e = e^-|x| = (1 + s) 2^k;
//              x < 0: x (1 + s) R 2^k, R = A / D with A = u + 2 and D = u A + 2 exact pairs
//              and 1 / D from a reciprocal estimate plus the exact residual; the e^x scaled
//              last, so mish(-89) keeps every bit and mish(-108) is a correctly rounded
//              subnormal.  x >= 0: x - x c, c = 2 v^2 / D
//   derivative x <= 0: (B / (w + 2)^2) u,  B = 4 (1 + x) + u (6 + 4x + u (4 + u))
//              x >  0: (1 - 2 v^2 / D) + 4 x v^2 (1 + v) / D^2   (both terms positive)
//              |x - r| <= 1/8 around the root r = -1.1924312145154952121, where B cancels:
//              g = d Q(d), d = x - r, Q fitted by tools/fit_roots (core/root.hpp)
//              The chains run in pair arithmetic (core/pair.hpp): each result is rounded
//              about once.  (A division-free derivative measured 3.3 ulp with an fma and
//              4.1 without one: over the bound, so the pairs stay.)
// Special: f(+-0) = +-0, f(+inf) = +inf, f(-inf) = -0; f'(+inf) = 1, f'(-inf) = -0 (the limit
//   is approached from below); NaN -> NaN.
// Bounds (worst over all 2^32 floats and 2^24 + 2^22 doubles, docs/accuracy.md): forward
//   2.469 / 2.449 ulp, derivative 1.406 / 1.540 ulp (float / double).
#pragma once

#include "actmath/core/exp_wide.hpp"
#include "actmath/core/functor.hpp"
#include "actmath/core/logistic.hpp"
#include "actmath/core/pair.hpp"
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

// What forward and derivative share: e = e^-|x| as the pair u (x <= 0) or v (x > 0), x
// clamped to [-W, W] for the algebra (the exponential alone decides the far tails, so -inf
// never meets 0), and the denominators of tanh(softplus(x)) in both forms:
//   x <= 0: A = u + 2, D = u A + 2          (tanh(sp) = u A / D)
//   x >  0: B = 1 + v, Dv = 1 + 2 v B       (tanh(sp) = 1 - 2 v^2 / Dv)
template <class V> struct mish_parts {
    core::wide_parts<V> e;
    core::pair<V> u; // e^-|x|
    V xc;
    core::pair<V> A, D, B, Dv;
};
template <class V> ACTMATH_INLINE mish_parts<V> mish_split(V const& x) noexcept {
    using T = core::scalar_t<V>;
    const T w = core::exp_wide_consts<T>::w;
    const V one = V(T(1)), two = V(T(2));
    mish_parts<V> m;
    m.e = core::exp_parts_wide(-core::abs(x), V(T(0)));
    m.u = {core::ldexp_wide(m.e.p, m.e.n), core::ldexp_wide(m.e.p_lo, m.e.n)};
    m.xc = core::clamp(x, -w, w);
    m.A = core::add(m.u, two);
    m.D = core::add(core::mul(m.u, m.A), two);
    m.B = core::add(m.u, one);
    core::pair<V> u2 = {m.u.hi + m.u.hi, m.u.lo + m.u.lo};
    m.Dv = core::add(core::mul(u2, m.B), one);
    return m;
}

// tanh(softplus(x)) for x > 0 as a pair: 1 - 2 v^2 / Dv.
template <class V> ACTMATH_INLINE core::pair<V> mish_tanh_pos(mish_parts<V> const& m) noexcept {
    using T = core::scalar_t<V>;
    core::pair<V> vv = core::mul(m.u, m.u);
    core::pair<V> k = core::div(core::pair<V>{vv.hi + vv.hi, vv.lo + vv.lo}, m.Dv);
    return core::add(core::two_sum(V(T(1)), -k.hi), -k.lo);
}

// mish'(x) by the general formula (cancels near the root).
template <class V> ACTMATH_INLINE V mish_derivative_general(V const& x) noexcept {
    using T = core::scalar_t<V>;
    mish_parts<V> m = detail::mish_split(x);
    const V one = V(T(1)), four = V(T(4));
    // x <= 0: (B / D^2) u,  B = 4 (1 + x) + u c,  c = (6 + 4x) + u (4 + u)
    core::pair<V> c = core::add(core::mul(m.u, core::add(m.u, four)), core::two_sum(V(T(6)), four * m.xc));
    core::pair<V> x1 = core::two_sum(one, m.xc);
    core::pair<V> Bn = core::add(core::mul(m.u, c), core::pair<V>{four * x1.hi, four * x1.lo});
    core::pair<V> a = core::div(Bn, core::mul(m.D, m.D));
    V neg = core::mul_exp_wide(a.hi, a.lo, m.e);
    // x > 0: (1 - 2 v^2 / Dv) + 4 x v^2 (1 + v) / Dv^2   (both terms positive)
    core::pair<V> t = detail::mish_tanh_pos(m);
    V v = m.u.hi;
    V s2 = ((four * m.xc) * v) * (v * m.B.hi) / (m.Dv.hi * m.Dv.hi);
    V pos = t.hi + (t.lo + s2);
    return core::select(x > V(T(0)), pos, neg);
}

// e = e^-|x| = (1 + s) 2^k, x clamped to [-far, far], and the one quotient both sides need:
//   x <  0 (u = e):  tanh(sp) = u A / D,   A = u + 2, D = u A + 2
//   x >= 0 (v = e):  tanh(sp) = 1 - c,     c = 2 v^2 / Dv, A = 1 + v, Dv = 1 + 2 v A
// A = A + Al and (left) D = D + Dl exactly (Fast2Sum: 2 has the larger exponent, u A < 4;
// TwoProd), Q = D or Dv and t + tl = 1 / (Q + Ql) (core::recip, the exact residual): no
// division.  On the right c's errors are damped by c / (1 - c) <= 2/3 and Dv stays rounded.
template <class V> struct mish_fast_parts {
    core::exp_sk<V> e;
    V ev, xc, A, Al, t, tl;
    core::mask_t<V> left;
};
template <class V> ACTMATH_INLINE mish_fast_parts<V> mish_fast_split(V const& x) noexcept {
    using T = core::scalar_t<V>;
    // past core::logistic_far every result is decided: |x| e^-|x| is below half the smallest
    // subnormal, and 1 - tanh(softplus(x)) ~ 2 e^-2x far below half an ulp
    const T far = core::logistic_far<T>::v;
    const V one = V(T(1)), two = V(T(2));
    mish_fast_parts<V> m;
    m.xc = core::clamp(x, -far, far);
    m.e = core::exp_s(core::neg_abs(m.xc));
    m.ev = core::scale2k(one + m.e.s, m.e.k);
    m.left = x < V(T(0));
    V c = core::select(m.left, two, one);
    m.A = m.ev + c;
    m.Al = m.ev - (m.A - c);
    core::two_result<V> ua = core::two_prod(m.ev, m.A);
    V D = two + ua.hi;
    V Dl = ((two - D) + ua.hi) + core::fma(m.ev, m.Al, ua.lo);
    V Dv = core::fma(m.ev + m.ev, m.A, one);
    V Q = core::select(m.left, D, Dv);
    V Ql = core::select(m.left, Dl, V(T(0)));
    core::recip_pair<V> r = core::recip2(Q, Ql);
    m.t = r.t;
    m.tl = r.tl;
    return m;
}

} // namespace detail

template <class T = float> struct mish {
    using value_type = T;
    static constexpr const char* name = "mish";

    mish() { detail::require_float_type<T>(); }

    template <class V> V forward(V const& x) const noexcept {
        detail::mish_fast_parts<V> m = detail::mish_fast_split(x);
        // x < 0: R = A / D rounded once, then x R (1 + s) 2^k
        V R = core::fma(m.A, m.t, core::fma(m.A, m.tl, m.Al * m.t));
        V xr = m.xc * R;
        V left = core::scale2k(core::fma(xr, m.e.s, xr), m.e.k);
        // x >= 0: x - x c, c = 2 v^2 / Dv; x = +inf: c = 0 exactly, and inf is kept
        V vv = (m.ev + m.ev) * m.ev;
        V c = core::fma(vv, m.t, vv * m.tl);
        V right = core::fnma(x, c, x);
        right = core::select(core::lanes_or(x == V(T(0)), x > V(std::numeric_limits<T>::max())), x, right);
        return core::select(m.left, left, right); // (+-0 and +inf come back as they are)
    }

    template <class V> V derivative(V const& x) const noexcept {
        V g = detail::mish_derivative_general(x);
        auto const& fit = detail::mish_root<T>::fit;
        return core::select_near_root(x - V(fit.r_hi), V(T(0)), g, fit);
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
