// The GELU family: x times a smooth step.
//
// gelu(x)       = x Phi(x) = x (1 + erf(x/sqrt2)) / 2        torch F.gelu(x) (approximate='none')
//   derivative  = Phi(x) + x phi(x),  phi(x) = e^(-x^2/2) / sqrt(2 pi)
// gelu_tanh(x)  = x (1 + tanh(u)) / 2,  u = sqrt(2/pi) (x + 0.044715 x^3)
//                                                            torch F.gelu(x, approximate='tanh')
//   derivative  = s + x s (1 - s) v',  s = sigmoid(v),  v = 2u,  v' = 2 sqrt(2/pi)(1 + 3 0.044715 x^2)
// quick_gelu(x) = x sigmoid(1.702 x)                         (CLIP's QuickGELU; no torch.nn.functional name)
//   derivative  = s + 1.702 x s (1 - s),  s = sigmoid(1.702 x)
// No derivative_from_output: none of the three derivatives is a function of y alone (y = 0
// at x = 0 and as x -> -inf, where the derivatives are 1/2 and 0).
//
// Evaluation.  gelu: with t = |x| and Q(t) = Phi(-t) e^(t^2/2) from core/gauss.hpp,
//   gelu(x) = x e^(-x^2/2) Q(t)  (x < 0),     x (1 - e^(-x^2/2) Q(t))  (x >= 0)
//   gelu'(x) = e^(-x^2/2) G(t)   (x < 0),     1 - e^(-x^2/2) G(t)      (x >= 0)
// with G(t) = Q(t) - t/sqrt(2 pi) (root t0 = 0.75179152469356445746: gelu' crosses 0 at -t0).
// x^2/2 enters as an exact hi + lo; Q, x Q and 1 - e^(-x^2/2) Q are pairs rounded once at
// the end, and the product is scaled last, so gelu(-12) = -2.1e-32 and
// the subnormal results down to x = -14.4 (float) / -38.6 (double) are right; PyTorch's
// 0.5 x (1 + erf(x/sqrt2)) is 0 or hundreds of ulps off there (1 + erf cancels).
// gelu_tanh and quick_gelu are x sigmoid(v) with v = x (A + B x^2) computed as hi + lo
// (A = 2 sqrt(2/pi), B = 2 0.044715 sqrt(2/pi); A = 1.702, B = 0): 1 + tanh(u) = 2 sigmoid(2u)
// does not cancel, and the low part of v feeds the exponential, which is what the left tail
// needs (e^(v) at v = -100 is off by 100 ulp per ulp of v).  With e = e^(-|v|), d = 1 + e:
//   f(x) = x / d (x >= 0),  x e / d (x < 0)          (the e of x < 0 scaled last)
//   f'(x) = (d + x v' e) / d^2 (x >= 0),  e (1 + e^v + x v') / d^2 (x < 0)
// d = 1 + e is kept as an exact pair, so its rounding is corrected, not inherited; the
// derivative's numerator and its division by d^2 run in pairs (core/pair.hpp), rounded once.
// The sum 1 + e^v + x v' cancels at the derivative's root x1; left of x1/2 it is evaluated as
//   e^v1 expm1(v - v1) + (v - v1) + 2 B (x^3 - x1^3)
// (an identity: 1 + e^v1 + x1 v1' = 0 and x v' - x1 v1' = (v - v1) + 2 B (x^3 - x1^3)), with
// both differences taken from hi + lo pairs: terms of one sign, each accurate at the root.
// x1 = -0.75246142207101629484 (gelu_tanh), -0.75115425544128899826 (quick_gelu); every
// constant comes from tools/fit_gelu.cpp (MPFR).
//
// Special values: f(+-0) = +-0, f(+inf) = +inf, f(-inf) = -0, f(NaN) = NaN;
// f'(+-0) = 1/2, f'(+inf) = 1, f'(-inf) = -0 (the derivative is negative left of its root, and
// -0 is what it underflows to on the way); f'(NaN) = NaN.  No kinks.  Cut-offs: results are
// -0 below x = -14.4 (gelu float), -38.6 (gelu double), -10.7 / -21.6 (gelu_tanh),
// -63.5 / -441 (quick_gelu); x and 1 on the right once e^(-x^2/2) or e^(-v) is below half an ulp.
// Bounds (worst ulp over all 2^32 floats and 2^24 + 2^22 doubles, docs/accuracy.md, AVX-512;
// forward float / double, derivative float / double): gelu 1.917 / 1.777, 2.183 / 1.923;
// gelu_tanh 2.072 / 1.801, 2.224 / 1.685; quick_gelu 2.056 / 1.776, 2.023 / 1.866.
// Details: docs/functions/gelu.md.
#pragma once

#include "actmath/core/functor.hpp"
#include "actmath/core/gauss.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {

template <class T = float> struct gelu {
    using value_type = T;
    static constexpr const char* name = "gelu";

    template <class V> V forward(V const& x) const noexcept {
        using P = core::pair<V>;
        core::gauss_arg<V> g = core::gauss_locate(x);
        P q = core::normal_q_pair(g); // Q(t), or t Q(t) on the tail piece
        core::pair<V> h = core::half_square(g.t);
        core::exp_split<V> e = core::exp_parts_deep(-h.hi, -h.lo);
        // x < 0: x Q(t), which is -t Q(t) = -R(w) on the tail piece; one rounding at the end.
        P xq = core::mul(q, x);
        P a = {core::select(g.tail, -q.hi, xq.hi), core::select(g.tail, -q.lo, xq.lo)};
        V left = core::mul_exp_pair(a, e);
        // x >= 0: x (1 - e^(-x^2/2) Q(t)), Q = R/t on the tail piece, in pairs; 1 - ... > 0,
        // so the result has x's sign (-0 included); past t_max it is x (inf included).
        P qt = core::div(q, P{g.t, V(T(0))});
        P qr = {core::select(g.tail, qt.hi, q.hi), core::select(g.tail, qt.lo, q.lo)};
        P om = core::one_minus_mul_exp(qr, e);
        V right = core::copysign(core::value(core::mul(om, g.t)), x);
        right = core::select(x > V(core::gauss_consts<T>::t_max), x, right);
        return core::select(x < V(T(0)), left, right);
    }
    template <class V> V derivative(V const& x) const noexcept {
        core::gauss_arg<V> g = core::gauss_locate(x);
        core::pair<V> gg = core::normal_g_pair(g);
        core::pair<V> h = core::half_square(g.t);
        core::exp_split<V> e = core::exp_parts_deep(-h.hi, -h.lo);
        V left = core::mul_exp_pair(gg, e);
        V right = core::value(core::one_minus_mul_exp(gg, e));
        return core::select(x < V(T(0)), left, right);
    }
};

namespace detail {

template <class T> struct gelu_tanh_consts;
template <class T> struct quick_gelu_consts;

// gelu_tanh: A = 2 sqrt(2/pi), B = 2 * 0.044715 * sqrt(2/pi) (torch's kBeta = sqrt(2/pi) and
// kKappa = 0.044715, doubled because 1 + tanh(u) = 2 sigmoid(2u)), as hi + lo pairs.
template <> struct gelu_tanh_consts<float> {
    using T = float;
    static constexpr T a_hi = 0x1.988454p+0f;
    static constexpr T a_lo = -0x1.857936p-25f;
    static constexpr T b_hi = 0x1.2444f2p-4f;
    static constexpr T b_lo = 0x1.49b16ap-29f;
    static constexpr T x1_hi = -0x1.8142ap-1f;
    static constexpr T x1_lo = 0x1.85a06cp-27f;
    static constexpr T x1_ll = 0x1.a9ea48p-52f;
    static constexpr T x1_cube_hi = -0x1.b4446ep-2f;
    static constexpr T x1_cube_lo = -0x1.119892p-27f;
    static constexpr T v1_hi = -0x1.3b2cf8p+0f;
    static constexpr T v1_lo = 0x1.8e0cp-25f;
    static constexpr T e1 = 0x1.2af64ep-2f;
};
template <> struct gelu_tanh_consts<double> {
    using T = double;
    static constexpr T a_hi = 0x1.9884533d43651p+0;
    static constexpr T a_lo = -0x1.cbc0d30ebfd15p-54;
    static constexpr T b_hi = 0x1.2444f2a4d8b4bp-4;
    static constexpr T b_lo = -0x1.6c843a29d1c7p-61;
    static constexpr T x1_hi = -0x1.81429f9e97e4dp-1;
    static constexpr T x1_lo = 0x1.4f523ed77dbdcp-55;
    static constexpr T x1_ll = -0x1.a649fca8ac0e5p-109;
    static constexpr T x1_cube_hi = -0x1.b4446e88cc48cp-2;
    static constexpr T x1_cube_lo = -0x1.69c8c5a0cec8ap-56;
    static constexpr T v1_hi = -0x1.3b2cf738f9ffep+0;
    static constexpr T v1_lo = 0x1.0b556131950eap-56;
    static constexpr T e1 = 0x1.2af64e9c485eep-2;
};
// quick_gelu: A = 1.702 (as hi + lo), B = 0.
template <> struct quick_gelu_consts<float> {
    using T = float;
    static constexpr T a_hi = 0x1.b3b646p+0f;
    static constexpr T a_lo = -0x1.78d4fep-26f;
    static constexpr T b_hi = 0x0p+0f;
    static constexpr T b_lo = 0x0p+0f;
    static constexpr T x1_hi = -0x1.80974ap-1f;
    static constexpr T x1_lo = -0x1.8af8f8p-27f;
    static constexpr T x1_ll = 0x1.6c4b22p-53f;
    static constexpr T x1_cube_hi = -0x1.b1ff64p-2f;
    static constexpr T x1_cube_lo = -0x1.4e3cccp-28f;
    static constexpr T v1_hi = -0x1.474974p+0f;
    static constexpr T v1_lo = 0x1.bdf6fap-27f;
    static constexpr T e1 = 0x1.1d25dp-2f;
};
template <> struct quick_gelu_consts<double> {
    using T = double;
    static constexpr T a_hi = 0x1.b3b645a1cac08p+0;
    static constexpr T a_lo = 0x1.89374bc6a7efap-55;
    static constexpr T b_hi = 0x0p+0;
    static constexpr T b_lo = 0x0p+0;
    static constexpr T x1_hi = -0x1.80974a62be3dfp-1;
    static constexpr T x1_lo = 0x1.b12c858d26bfp-55;
    static constexpr T x1_ll = -0x1.b187332104db7p-112;
    static constexpr T x1_cube_hi = -0x1.b1ff64538f334p-2;
    static constexpr T x1_cube_lo = 0x1.a3807e7bf28fp-56;
    static constexpr T v1_hi = -0x1.474973c84120bp+0;
    static constexpr T v1_lo = -0x1.f8d74bc9ac154p-54;
    static constexpr T e1 = 0x1.1d25cf210482ep-2;
};

// x sigmoid(v(x)), v(x) = x (A + B x^2), and its derivative, for the constants K.
template <class K> struct x_sigmoid {
    // |x| beyond this has f = x or -0 and f' = 1 or -0; clamping keeps v and x v' finite.
    static constexpr double x_max = 1000;

    template <class V> static V clamp(V const& x) noexcept {
        using T = core::scalar_t<V>;
        V c = core::select(x > V(T(x_max)), V(T(x_max)), x);
        return core::select(c < V(T(-x_max)), V(T(-x_max)), c);
    }
    // v = x (A + B x^2) as hi + lo, relative error ~2^-2p.
    template <class V> static core::pair<V> v_of(V const& x) noexcept {
        core::two_result<V> sq = core::two_prod(x, x);
        core::two_result<V> bx = core::two_prod(V(K::b_hi), sq.hi);
        V bl = core::fma(V(K::b_hi), sq.lo, V(K::b_lo) * sq.hi) + bx.lo;
        core::pair<V> w = core::two_sum(V(K::a_hi), bx.hi);
        V wl = w.lo + (V(K::a_lo) + bl);
        core::two_result<V> v = core::two_prod(x, w.hi);
        return {v.hi, core::fma(x, wl, v.lo)};
    }
    // e^(-|v|) as exp_split.
    template <class V> static core::exp_split<V> e_of(core::pair<V> const& v) noexcept {
        return core::exp_parts_deep(-core::abs(v.hi), -core::mulsign(v.lo, v.hi));
    }

    // 1 + e = dh + dl exactly (Fast2Sum: e <= 1): the rounding of 1 + e is corrected, not
    // inherited.
    template <class V> struct one_plus {
        V dh, dl;
    };
    template <class V> static one_plus<V> one_plus_e(V const& e) noexcept {
        using T = core::scalar_t<V>;
        V dh = V(T(1)) + e;
        return {dh, (V(T(1)) - dh) + e};
    }

    template <class V> static V forward(V const& x) noexcept {
        using T = core::scalar_t<V>;
        V xc = clamp(x);
        core::exp_split<V> e = e_of(v_of(xc));
        one_plus<V> d = one_plus_e(core::scale2(e.p, e.n));
        // x e / d: x / d in pairs, times e's mantissa, rounded once, then scaled.
        V left = core::mul_exp_pair(core::div(core::pair<V>{xc, V(T(0))}, core::pair<V>{d.dh, d.dl}), e);
        // x / (1 + e), corrected with the clamped x so that x = inf stays inf.
        V right = core::fma(-(xc / d.dh), d.dl / d.dh, x / d.dh);
        right = core::select(x == V(T(0)), x, right); // keeps -0
        return core::select(x < V(T(0)), left, right);
    }
    // a - (c_hi + c_lo) as a pair (exact high part, first-order low part).
    template <class V>
    static core::pair<V> diff_pair(core::pair<V> const& a, core::scalar_t<V> c_hi, core::scalar_t<V> c_lo) noexcept {
        core::pair<V> s = core::two_sum(a.hi, V(-c_hi));
        return {s.hi, s.lo + (a.lo - V(c_lo))};
    }
    template <class V> static core::pair<V> select_pair(core::mask_t<V> const& m, core::pair<V> const& a,
                                                         core::pair<V> const& b) noexcept {
        return {core::select(m, a.hi, b.hi), core::select(m, a.lo, b.lo)};
    }

    // In pairs (core/pair.hpp) up to the one rounding of n / (1 + e)^2, so the derivative
    // carries that rounding, the product with e's mantissa and e's own error, little else.
    template <class V> static V derivative(V const& x) noexcept {
        using T = core::scalar_t<V>;
        V xc = clamp(x);
        core::pair<V> v = v_of(xc);
        core::exp_split<V> e = e_of(v);
        // e^-|v| below e^-60 (e^-600) cannot move 1 + e, nor any result, by a rounding: 0
        // instead, so that neither the products below nor their exact low parts meet a
        // subnormal (each costs a microcode assist on x86).  Same bits (tools/digest).
        V ee = core::select(core::abs(v.hi) > V(std::is_same<T, float>::value ? T(60) : T(600)), V(T(0)),
                            core::scale2(e.p, e.n));
        one_plus<V> d1 = one_plus_e(ee);
        core::pair<V> d{d1.dh, d1.dl};
        core::pair<V> d2 = core::mul(d, d);
        // x^3 and x v' = v + 2 B x^3 as pairs.
        core::two_result<V> sq = core::two_prod(xc, xc);
        core::two_result<V> x3r = core::two_prod(xc, sq.hi);
        core::pair<V> x3{x3r.hi, core::fma(xc, sq.lo, x3r.lo)};
        const V b2 = V(T(2) * K::b_hi);
        core::pair<V> xdv = core::add(v, core::mul(x3, b2));
        // x >= 0: (1 + e + x v' e) / (1 + e)^2, every term positive.
        V right = core::value(core::div(core::add(d, core::mul(xdv, ee)), d2));
        // x < 0: e (1 + e^v + x v') / (1 + e)^2.  The sum cancels at the root x1; left of x1/2
        // it is e^v1 expm1(v - v1) + (v - v1) + 2 B (x^3 - x1^3) (1 + e^v1 + x1 v1' = 0 and
        // x v' - x1 v1' = (v - v1) + 2 B (x^3 - x1^3)): terms of one sign, the differences
        // exact in their high parts near the root.  Right of x1/2, 1 + e + x v' directly.
        core::pair<V> arg = diff_pair(v, K::v1_hi, K::v1_lo);
        core::pair<V> cubic = core::mul(diff_pair(x3, K::x1_cube_hi, K::x1_cube_lo), b2);
        // (x >= 0 never uses the tail; there expm1(v - v1) would overflow, so it gets 0.)
        core::two_result<V> tail = core::two_prod(V(K::e1), core::expm1(core::select(x < V(T(0)), core::value(arg), V(T(0)))));
        core::pair<V> f = core::add(core::add(arg, cubic), core::pair<V>{tail.hi, tail.lo});
        f = select_pair<V>(xc > V(T(0.5) * K::x1_hi), core::add(d, xdv), f);
        // Only x < 0 keeps `left`; elsewhere its scaled product can be subnormal (an assist).
        core::pair<V> q = select_pair<V>(x < V(T(0)), core::div(f, d2), core::pair<V>{V(T(0)), V(T(0))});
        V left = core::mul_exp_pair(q, e);
        return core::select(x < V(T(0)), left, right);
    }
};

} // namespace detail

template <class T = float> struct gelu_tanh {
    using value_type = T;
    static constexpr const char* name = "gelu_tanh";
    template <class V> V forward(V const& x) const noexcept {
        return detail::x_sigmoid<detail::gelu_tanh_consts<T>>::forward(x);
    }
    template <class V> V derivative(V const& x) const noexcept {
        return detail::x_sigmoid<detail::gelu_tanh_consts<T>>::derivative(x);
    }
};

template <class T = float> struct quick_gelu {
    using value_type = T;
    static constexpr const char* name = "quick_gelu";
    template <class V> V forward(V const& x) const noexcept {
        return detail::x_sigmoid<detail::quick_gelu_consts<T>>::forward(x);
    }
    template <class V> V derivative(V const& x) const noexcept {
        return detail::x_sigmoid<detail::quick_gelu_consts<T>>::derivative(x);
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
