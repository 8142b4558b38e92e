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
// x^2/2 enters as an exact hi + lo; Q, A = t Q e^(-x^2/2) (t Q = R(w) on the tail piece, no
// division) and e^(-x^2/2) G are pairs; x < 0 rounds A once and scales last, x >= 0 is
// t - A (A <= t/2) by Fast2Sum plus one correction, so gelu(-12) = -2.1e-32 and
// the subnormal results down to x = -14.4 (float) / -38.6 (double) are right; PyTorch's
// 0.5 x (1 + erf(x/sqrt2)) is 0 or hundreds of ulps off there (1 + erf cancels).
// gelu_tanh and quick_gelu are x sigmoid(v) with v = x (A + B x^2) computed as hi + lo
// (A = 2 sqrt(2/pi), B = 2 0.044715 sqrt(2/pi); A = 1.702, B = 0): 1 + tanh(u) = 2 sigmoid(2u)
// does not cancel, and the low part of v feeds the exponential, which is what the left tail
// needs (e^(v) at v = -100 is off by 100 ulp per ulp of v).  On core/logistic.hpp, with
// e = e^(-|v|) = (1 + s) 2^k and t + tl = 1 / (1 + e) (core::recip2):
//   f(x)  = x (t + tl) (x >= 0),  x (1 + s) (t + tl) 2^k (x < 0)    (the 2^k scaled last)
//   f'(x) = (t + tl) + (x v') e (t + tl)^2 (x >= 0),  (t + tl) h (1 + s) 2^k (x < 0)
// with x v' = v + 2 B x^3 and h = 1 + (x v')(t + tl) as exact pairs.  h cancels at the
// derivative's root x1 = -0.75246142207101629484 (gelu_tanh), -0.75115425544128899826
// (quick_gelu); within |x - x1| <= 1/4 the derivative is d Q(d), d = x - x1, Q fitted by
// tools/fit_roots (MPFR; core/root.hpp).
//
// Special values: f(+-0) = +-0, f(+inf) = +inf, f(-inf) = -0, f(NaN) = NaN;
// f'(+-0) = 1/2, f'(+inf) = 1, f'(-inf) = -0 (the derivative is negative left of its root, and
// -0 is what it underflows to on the way); f'(NaN) = NaN.  No kinks.  Cut-offs: results are
// -0 below x = -14.4 (gelu float), -38.6 (gelu double), -10.7 / -21.6 (gelu_tanh),
// -63.5 / -441 (quick_gelu); x and 1 on the right once e^(-x^2/2) or e^(-v) is below half an ulp.
// Bounds (worst ulp over all 2^32 floats and 2^24 + 2^22 doubles, docs/accuracy.md, AVX-512;
// forward float / double, derivative float / double): gelu 1.917 / 1.777, 2.183 / 1.923;
// gelu_tanh 2.238 / 1.828, 2.229 / 1.774; quick_gelu 2.036 / 1.873, 2.023 / 1.829.
// Details: docs/functions/gelu.md.
#pragma once

#include "actmath/core/functor.hpp"
#include "actmath/core/gauss.hpp"
#include "actmath/core/logistic.hpp"
#include "actmath/core/root.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {

template <class T = float> struct gelu {
    using value_type = T;
    static constexpr const char* name = "gelu";
    static constexpr std::size_t unroll = 6; // batches in flight on AVX-512 (core/kernels.hpp)

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        using P = core::pair<V>;
        core::gauss_arg<V> g = core::gauss_locate(x);
        P q = core::normal_q_pair(g); // Q(t), or R(w) = t Q(t) on the tail piece
        P h = core::half_square(g.t);
        core::exp_split<V> e = core::exp_parts_deep(-h.hi, -h.lo);
        // A = t Q(t) e^(-x^2/2) = a 2^n with a a pair (t Q is R itself on the tail piece)
        P tq = core::mul(q, g.t);
        P a = core::mul(P{core::select(g.tail, q.hi, tq.hi), core::select(g.tail, q.lo, tq.lo)}, e.p);
        // x < 0: -A, rounded once before the scaling (p = 0 far out gives -0)
        V left = core::neg(core::scale_exp(core::value(a), e));
        // x >= 0: t - A with A <= t/2 (core::sub_scaled: Fast2Sum, its error and A's low
        // part, rounded once more); the sign of x (-0 included); past t_max it is x (inf
        // included).
        V right = core::mulsign(core::value(core::sub_scaled(g.t, a, e)), x);
        right = core::select(x > V(core::gauss_consts<T>::t_max), x, right);
        return core::select(x < V(T(0)), left, right);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        using P = core::pair<V>;
        core::gauss_arg<V> g = core::gauss_locate(x);
        P gg = core::normal_g_pair(g);
        P h = core::half_square(g.t);
        core::exp_split<V> e = core::exp_parts_deep(-h.hi, -h.lo);
        // e^(-x^2/2) G, |e G| <= 1/2: x < 0 rounds it once before the scaling (G's sign
        // also where it underflows); x >= 0 is 1 - e G (the product is computed once)
        V left = core::mul_exp_pair(gg, e);
        V right = core::value(core::one_minus_mul_exp(gg, e));
        return core::select(x < V(T(0)), left, right);
    }
};

namespace detail {

template <class T> struct gelu_tanh_consts;
template <class T> struct quick_gelu_consts;

// gelu_tanh: A = 2 sqrt(2/pi), B = 2 * 0.044715 * sqrt(2/pi) (torch's kBeta = sqrt(2/pi) and
// kKappa = 0.044715, doubled because 1 + tanh(u) = 2 sigmoid(2u)), as hi + lo pairs; the
// local polynomial of f' around its root (tools/fit_roots, MPFR at 1024 bits: Chebyshev
// interpolation of f'(r + d) / d, converted to monomials in d).
template <> struct gelu_tanh_consts<float> {
    using T = float;
    static constexpr T a_hi = 0x1.988454p+0f;
    static constexpr T a_lo = -0x1.857936p-25f;
    static constexpr T b_hi = 0x1.2444f2p-4f;
    static constexpr T b_lo = 0x1.49b16ap-29f;
    // gelu_tanh' root -0.7524614220710162584879544432889160906054;
    // degree 8 on |x - r_hi| <= 0.25: worst 1.107 ulp (tools/fit_roots gelu_tanh float 0.25 8)
    static constexpr core::root_fit<float, 8> fit = {
        -0x1.8142ap-1f, 0x1.85a06cp-27f, 0x1.a9ea48p-52f, 0x1p-2f,
        0x1.b8bacep-2f, -0x1.a6d28ep-27f,
        {0x1.8cd1a2p-2f, -0x1.029616p-6f, -0x1.d2b76cp-4f, -0x1.104a74p-6f,
         0x1.427268p-6f, 0x1.58bc66p-8f, -0x1.38bf48p-9f, -0x1.dd31dep-11f}};
};
template <> struct gelu_tanh_consts<double> {
    using T = double;
    static constexpr T a_hi = 0x1.9884533d43651p+0;
    static constexpr T a_lo = -0x1.cbc0d30ebfd15p-54;
    static constexpr T b_hi = 0x1.2444f2a4d8b4bp-4;
    static constexpr T b_lo = -0x1.6c843a29d1c7p-61;
    // gelu_tanh' root -0.7524614220710162584879544432889160906054;
    // degree 16 on |x - r_hi| <= 0.25: worst 1.027 ulp (tools/fit_roots gelu_tanh double 0.25 16)
    static constexpr core::root_fit<double, 16> fit = {
        -0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55, -0x1.a649fca8ac0e5p-109, 0x1p-2,
        0x1.b8bacd2c96b91p-2, 0x1.7625a206be83dp-56,
        {0x1.8cd1a2b2fff33p-2, -0x1.029615edb077ap-6, -0x1.d2b77346470aap-4, -0x1.104a83edc0ddbp-6,
         0x1.427996dc24833p-6, 0x1.58c9ed713450cp-8, -0x1.3d8d6416baf27p-9, -0x1.e63f2942879bcp-11,
         0x1.14bf88d3a79c8p-12, 0x1.04936e8129c74p-13, -0x1.253b4efe8b26fp-15, -0x1.0b9c0e359cd17p-16,
         0x1.8cec0bd36cf0bp-18, 0x1.46578d85ea13cp-19, -0x1.ff9d18f43011fp-21, -0x1.b9e214bd2a248p-22}};
};
// quick_gelu: A = 1.702 (as hi + lo), B = 0.
template <> struct quick_gelu_consts<float> {
    using T = float;
    static constexpr T a_hi = 0x1.b3b646p+0f;
    static constexpr T a_lo = -0x1.78d4fep-26f;
    static constexpr T b_hi = 0x0p+0f;
    static constexpr T b_lo = 0x0p+0f;
    // quick_gelu' root -0.7511542554412889512980956163472268833369;
    // degree 8 on |x - r_hi| <= 0.25: worst 1.253 ulp (tools/fit_roots quick_gelu float 0.25 8)
    static constexpr core::root_fit<float, 8> fit = {
        -0x1.80974ap-1f, -0x1.8af8f8p-27f, 0x1.6c4b22p-53f, 0x1p-2f,
        0x1.7b9cdap-2f, -0x1.803e52p-28f,
        {0x1.b30222p-2f, 0x1.7d2c1ap-4f, -0x1.059d2ap-3f, -0x1.827cdp-4f,
         0x1.988c5p-9f, 0x1.0eb0ccp-5f, 0x1.912728p-7f, -0x1.49f9bp-8f}};
};
template <> struct quick_gelu_consts<double> {
    using T = double;
    static constexpr T a_hi = 0x1.b3b645a1cac08p+0;
    static constexpr T a_lo = 0x1.89374bc6a7efap-55;
    static constexpr T b_hi = 0x0p+0;
    static constexpr T b_lo = 0x0p+0;
    // quick_gelu' root -0.7511542554412889512980956163472268833369;
    // degree 16 on |x - r_hi| <= 0.25: worst 1.407 ulp (tools/fit_roots quick_gelu double 0.25 16)
    static constexpr core::root_fit<double, 16> fit = {
        -0x1.80974a62be3dfp-1, 0x1.b12c858d26bfp-55, -0x1.b187332104db7p-112, 0x1p-2,
        0x1.7b9cd99ff06b7p-2, 0x1.c0cf108af1ca5p-57,
        {0x1.b30221e11c035p-2, 0x1.7d2c1a07340cp-4, -0x1.059cd091d8f05p-3, -0x1.827cb3ec2a6c8p-4,
         0x1.937473c1cb5f6p-9, 0x1.0ea41b45463bap-5, 0x1.ac811c8394c0dp-7, -0x1.414a011934341p-8,
         -0x1.8d7c86166a166p-8, -0x1.0bd00988d2744p-10, 0x1.6b6b93b116d16p-10, 0x1.c573a630c4c3bp-11,
         -0x1.bfdf1ab381721p-15, -0x1.1b3a6dcfbe9b3p-12, -0x1.5b891c70531d5p-14, 0x1.522105c6a5daap-15}};
};

// x sigmoid(v(x)), v(x) = x (A + B x^2), and its derivative, for the constants K, on
// core/logistic.hpp: e = e^-|v| = (1 + s) 2^k, t + tl = 1 / (1 + e).
template <class K> struct x_sigmoid {
    // |x| beyond this has f = x or -0 and f' = 1 or -0; clamping keeps v and x v' finite.
    static constexpr double x_max = 1000;
    // e^-|v| past |v| = far, times |x v'| <= 2.2e8 (x_max), is below half the smallest
    // subnormal: the exponential is clamped there.
    static constexpr double far_float = 140, far_double = 800;

    template <class V> static ACTMATH_KERNEL_INLINE V clamp(V const& x) noexcept {
        return core::clamp(x, core::scalar_t<V>(-x_max), core::scalar_t<V>(x_max));
    }
    // v = x (A + B x^2) as hi + lo, relative error ~2^-2p.
    template <class V> static ACTMATH_KERNEL_INLINE core::pair<V> v_of(V const& x) noexcept {
        if constexpr (K::b_hi == 0 && K::b_lo == 0) { // quick_gelu: v = A x
            core::two_result<V> v = core::two_prod(x, V(K::a_hi));
            return {v.hi, core::fma(x, V(K::a_lo), v.lo)};
        }
        core::two_result<V> sq = core::two_prod(x, x);
        core::two_result<V> bx = core::two_prod(V(K::b_hi), sq.hi);
        V bl = core::fma(V(K::b_hi), sq.lo, V(K::b_lo) * sq.hi) + bx.lo;
        core::pair<V> w = core::two_sum(V(K::a_hi), bx.hi);
        V wl = w.lo + (V(K::a_lo) + bl);
        core::two_result<V> v = core::two_prod(x, w.hi);
        return {v.hi, core::fma(x, wl, v.lo)};
    }
    // The logistic parts of -|v| (the low part dropped where the clamp moved the argument).
    template <bool Cancels, class V>
    static ACTMATH_KERNEL_INLINE core::logistic_parts<V> parts(core::pair<V> const& v) noexcept {
        using T = core::scalar_t<V>;
        const T far = T(std::is_same<T, float>::value ? far_float : far_double);
        V a = core::neg_abs(v.hi);
        V al = core::select(a < V(-far), V(T(0)), core::neg(core::mulsign(v.lo, v.hi)));
        return core::logistic<Cancels>(core::at_least(a, -far), al);
    }

    // x / (1 + e) (x >= 0), x e / (1 + e) (x < 0): m (t + tl) with m = x or x (1 + s), the
    // 2^k of e scaled last (core::x_logistic).
    template <class V> static ACTMATH_KERNEL_INLINE V forward(V const& x) noexcept {
        V xc = clamp(x);
        return core::x_logistic(x, xc, parts<false>(v_of(xc)));
    }

    // f' = s + x v' s (1 - s):
    //   x >= 0: (t + tl) + (x v') e (t + tl)^2, every term positive
    //   x <  0: (t + tl) h e,  h = 1 + (x v')(t + tl) as an exact pair (it cancels at the root)
    // with x v' = v + 2 B x^3 as a pair; |x - r| <= 1/4 around the root r: d Q(d).
    template <class V> static ACTMATH_KERNEL_INLINE core::root_split<V> derivative_split(V const& x) noexcept {
        V xc = clamp(x);
        core::pair<V> v = v_of(xc);
        return split_at(x, xc, v, parts<true>(v));
    }
    // The same from xc = clamp(x), v = v_of(xc) and l = parts<true>(v).
    template <class V>
    static ACTMATH_KERNEL_INLINE core::root_split<V> split_at(V const& x, V const& xc, core::pair<V> const& v,
                                                              core::logistic_parts<V> const& l) noexcept {
        using T = core::scalar_t<V>;
        core::pair<V> xdv = v;
        if constexpr (!(K::b_hi == 0 && K::b_lo == 0)) {
            core::two_result<V> sq = core::two_prod(xc, xc);
            core::two_result<V> x3r = core::two_prod(xc, sq.hi);
            core::pair<V> x3{x3r.hi, core::fma(xc, sq.lo, x3r.lo)};
            xdv = core::add(v, core::mul(x3, V(T(2) * K::b_hi)));
        }
        V g = core::logistic_slope(xdv.hi, xdv.lo, l, x < V(T(0)));
        return core::split_near_root(x - V(K::fit.r_hi), V(T(0)), g, K::fit);
    }
    // Both from one set of parts, the derivative's (gated<gelu_tanh>'s backward, glu.hpp): e^-|v|,
    // 1 + e and its reciprocal computed once.  The value is f within the forward's bound, but
    // not always with forward's bits: the forward alone takes the shorter near-minimax e^-|v|
    // (parts<false>), which the derivative's cancellation near its root cannot take.
    template <class V> static ACTMATH_KERNEL_INLINE core::value_and_split<V> forward_and_split(V const& x) noexcept {
        V xc = clamp(x);
        core::pair<V> v = v_of(xc);
        core::logistic_parts<V> l = parts<true>(v);
        return {core::x_logistic(x, xc, l), split_at(x, xc, v, l)};
    }
};

} // namespace detail

template <class T = float> struct gelu_tanh : core::root_window<gelu_tanh<T>, detail::gelu_tanh_consts<T>> {
    using value_type = T;
    static constexpr const char* name = "gelu_tanh";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp); double's forward
    // measured 8% faster at 6 than at 8 with the near-minimax exponential (core/logistic.hpp)
    static constexpr std::size_t unroll = std::is_same<T, float>::value ? 8 : 6;
    static constexpr std::size_t unroll_256 = std::is_same<T, float>::value ? 8 : 4;
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        return detail::x_sigmoid<detail::gelu_tanh_consts<T>>::forward(x);
    }
    // the derivative's pieces, from which core::root_window gives derivative(x) (core/root.hpp)
    // and the array drivers merge root windows across batches (core/kernels.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::root_split<V> derivative_split(V const& x) const noexcept {
        return detail::x_sigmoid<detail::gelu_tanh_consts<T>>::derivative_split(x);
    }
    // forward(x) and derivative_split(x) from one exponential (gated<gelu_tanh>, glu.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::value_and_split<V> forward_and_split(V const& x) const noexcept {
        return detail::x_sigmoid<detail::gelu_tanh_consts<T>>::forward_and_split(x);
    }
};

template <class T = float> struct quick_gelu : core::root_window<quick_gelu<T>, detail::quick_gelu_consts<T>> {
    using value_type = T;
    static constexpr const char* name = "quick_gelu";
    // batches in flight on AVX-512 (core/kernels.hpp): float measured 3% faster at 6 than at 8
    // once the forward's exponential became the shorter near-minimax one (core/logistic.hpp)
    static constexpr std::size_t unroll = std::is_same<T, float>::value ? 6 : 8;
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        return detail::x_sigmoid<detail::quick_gelu_consts<T>>::forward(x);
    }
    // the derivative's pieces, from which core::root_window gives derivative(x) (core/root.hpp)
    // and the array drivers merge root windows across batches (core/kernels.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::root_split<V> derivative_split(V const& x) const noexcept {
        return detail::x_sigmoid<detail::quick_gelu_consts<T>>::derivative_split(x);
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
