// silu(x) = x sigmoid(x)                                         torch.nn.functional.silu
// swish(x; beta=1) = x sigmoid(beta x)       (Ramachandran et al. 2017; silu is beta = 1)
//   derivative(x)      = s (1 + z (1 - s)),  z = beta x, s = sigmoid(z)  (= silu'(z))
//   derivative_beta(x) = x^2 s (1 - s)       d/dbeta, for a trainable beta
//   No derivative_from_output: silu is not one-to-one (silu(-0.5) = silu(-2.509)), so f' is
//   not a function of y alone.
// Evaluation of silu (and of swish with beta = 1, which is silu bit for bit) on
//   core/logistic.hpp: e = e^-|x| = (1 + s) 2^k, 1 + e = d + dl exactly, t + tl = 1/(d + dl)
//   from core::recip and the exact residual (core::recip2).
//   forward    x >= 0: x (t + tl)     x < 0: x (1 + s) (t + tl), then 2^k: the e^x scaled
//              last, so silu(-89) = -1.98e-37 keeps every bit and silu(-108) = -2^-149 is a
//              subnormal
//   derivative x >= 0: (t + tl) + x e (t + tl)^2     x < 0: (t + tl) h (1 + s) 2^k with
//              h = 1 + x (t + tl) an exact pair (TwoProd, Fast2Sum)
//              |x - r| <= 1/8 around the root r = -1.2784645427610737951, where h cancels:
//              g = d Q(d), d = x - r, Q fitted by tools/fit_roots (core/root.hpp)
//   |x| is clamped at 110 (float) / 760 (double), where every result is decided.
// Evaluation of swish with any other beta, with e = e^-|z| and t = 1 / (1 + e) (1 + e
//   corrected by Fast2Sum and e's own rounding error, carried as t + tl), in pairs:
//   forward    z >= 0: x t        z < 0: (x t) e, the e^z scaled last (core/exp_wide.hpp)
//   derivative z >= 0: t (1 + (z e) t)   z < 0: (t (1 + z t)) e, products and sums as exact
//              pairs (TwoProd, TwoSum), the same root polynomial around z = r
//   derivative_beta: (x t)^2 e with x t split as m 2^k, so x^2 never overflows before e
//   beta x is rounded; its exact error (core::two_prod) goes into e^-|z|'s low part, 1 + z t
//   and d.
// Parameters: beta any finite value (beta = 0 is x / 2; beta < 0 is allowed, as a trained beta
//   can cross 0); NaN or +-inf beta throws std::invalid_argument.
// Special: f(+-0) = +-0, f(+inf) = +inf, f(-inf) = -0, swish(-1e30) = -0; f'(+inf) = 1,
//   f'(-inf) = -0 (the limit is approached from below); NaN -> NaN.
// Bounds (worst over all 2^32 floats and 2^24 + 2^22 doubles, docs/accuracy.md): silu forward
//   1.784 / 1.566 ulp, derivative 1.950 / 1.859 ulp (float / double); swish(1.6875) forward
//   1.263 / 1.271, derivative 1.731 / 1.808.
#pragma once

#include <cstddef>
#include <type_traits>

#include "actmath/core/exact.hpp"
#include "actmath/core/exp_wide.hpp"
#include "actmath/core/functor.hpp"
#include "actmath/core/logistic.hpp"
#include "actmath/core/pair.hpp"
#include "actmath/core/root.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace detail {

// silu'(x) = 0 at x = r; the local polynomial around it (tools/fit_roots, MPFR at 1024 bits:
// Chebyshev interpolation of silu'(r + d) / d, converted to monomials in d).
template <class T> struct silu_root;
template <> struct silu_root<float> {
    // silu' root -1.278464542761073795109358739022980155439;
    // degree 5 on |x - r_hi| <= 0.125: worst 0.758 ulp (tools/fit_roots silu float 0.125 5)
    static constexpr core::root_fit<float, 5> fit = {
        -0x1.474974p+0f, 0x1.bdf6fap-27f, 0x1.03945ap-53f, 0x1p-3f,
        0x1.be141p-3f, 0x1.2525d8p-29f,
        {0x1.2c5634p-3f, 0x1.353e4p-6f, -0x1.f2d11ap-7f, -0x1.afbe76p-8f,
         0x1.12a8bep-13f}};
};
template <> struct silu_root<double> {
    // silu' root -1.278464542761073795109358739022980155439;
    // degree 11 on |x - r_hi| <= 0.125: worst 0.784 ulp (tools/fit_roots silu double 0.125 11)
    static constexpr core::root_fit<double, 11> fit = {
        -0x1.474973c84120bp+0, -0x1.f8d74bc9ac154p-54, -0x1.44a50180ba78p-108, 0x1p-3,
        0x1.be1410460527fp-3, -0x1.25b3dd6d21946p-58,
        {0x1.2c563458cc0adp-3, 0x1.353eb573ca45fp-6, -0x1.f2d0e32bc2994p-7, -0x1.b0f82c4995b67p-8,
         0x1.098e92b8f75f1p-13, 0x1.a2a7cb2331bc8p-11, 0x1.8574d12f79413p-13, -0x1.572511b791a38p-15,
         -0x1.f2d87b183cfd8p-16, -0x1.858f59f4122d1p-19, 0x1.3aaeef51eec29p-19}};
};

// z + zl = beta x exactly (zl = 0 where z is not finite; beta = 0 gives z = 0 even at x = inf).
template <class V> struct scaled_arg {
    V z, zl;
};
template <class V> ACTMATH_INLINE scaled_arg<V> scale_arg(core::scalar_t<V> beta, V const& x) noexcept {
    using T = core::scalar_t<V>;
    core::two_result<V> p = core::two_prod(V(beta), x);
    V z = core::select(core::lanes_and(core::isnan(p.hi), !core::isnan(x)), V(T(0)), p.hi);
    V zl = core::select(core::abs(z) <= V(T(4096)), p.lo, V(T(0))); // e^-|z| needs it only there
    zl = core::select(core::isnan(zl), V(T(0)), zl);
    return {z, zl};
}

// e^-|z + zl| and t = 1 / (1 + e), with the rounding errors of e and of 1 + e folded into tl.
template <class V> struct sig_parts {
    core::wide_parts<V> e; // e^-|z|, wide
    V t;                   // 1 / (1 + e) rounded
    V tl;                  // 1 / (1 + e) - t, to first order
};
template <class V> ACTMATH_INLINE sig_parts<V> sigmoid_parts(V const& z, V const& zl) noexcept {
    using T = core::scalar_t<V>;
    core::wide_parts<V> e = core::exp_parts_wide(-core::abs(z), -core::mulsign(zl, z));
    V ev = core::ldexp_wide(e.p, e.n);
    V ev_lo = core::ldexp_wide(e.p_lo, e.n);
    V d = V(T(1)) + ev;
    V dl = (ev - (d - V(T(1)))) + ev_lo; // 1 + e = d + dl (Fast2Sum, plus e's own error)
    V t = V(T(1)) / d;
    core::two_result<V> td = core::two_prod(t, d);
    V r = (V(T(1)) - td.hi) - td.lo;      // 1 - t d, exact (Sterbenz: t d is within an ulp of 1)
    V tl = (r - t * dl) * t;              // 1/(d + dl) - t to first order
    return {e, t, tl};
}

// a (t + tl) as a pair {hi, lo}, a finite.  Past 2^100 (float) / 2^900 (double) the low part
// is dropped: Dekker's product (targets without an fma) would overflow in its split.
template <class V> ACTMATH_INLINE core::two_result<V> times_t(V const& a, sig_parts<V> const& s) noexcept {
    using T = core::scalar_t<V>;
    const V big = V(std::is_same<T, float>::value ? T(0x1p100) : T(0x1p900));
    core::two_result<V> p = core::two_prod(a, s.t);
    return {p.hi, core::select(core::abs(a) <= big, core::fma(a, s.tl, p.lo), V(T(0)))};
}

template <class V> ACTMATH_INLINE V swish_forward(V const& x, V const& z, V const& zl) noexcept {
    using T = core::scalar_t<V>;
    sig_parts<V> s = detail::sigmoid_parts(z, zl);
    core::two_result<V> xt = detail::times_t(x, s);
    // x (t + tl) rounded once; a zero or infinite x is x t (keeps -0; inf)
    V ax = core::abs(x);
    V pos = core::select(core::lanes_and(ax <= V(std::numeric_limits<T>::max()), ax > V(T(0))),
                         xt.hi + xt.lo, x * s.t);
    return core::select(z >= V(T(0)), pos, core::mul_exp_wide(xt.hi, xt.lo, s.e));
}

// silu'(z + zl) by the general formula (cancels near the root).
template <class V> ACTMATH_INLINE V swish_derivative_general(V const& z, V const& zl) noexcept {
    using T = core::scalar_t<V>;
    const V one = V(T(1));
    sig_parts<V> s = detail::sigmoid_parts(z, zl);
    core::mask_t<V> finite = core::abs(z) <= V(std::numeric_limits<T>::max());
    // z >= 0: t + (tl + t (z e) t); z e = z e^-z rounded once, 0 at z = inf.
    V ze = core::mul_exp_wide(z, s.e);
    V pos = s.t + core::fma(s.t, ze * s.t, s.tl);
    // z < 0: (t h) e^z with h = 1 + (z + zl)(t + tl) as a pair (TwoProd, Fast2Sum).
    core::two_result<V> zt = core::two_prod(z, s.t);
    V h = one + zt.hi;
    V hl = core::select(core::abs(zt.hi) <= one, (one - h) + zt.hi, (zt.hi - h) + one);
    hl = hl + (zt.lo + core::fma(z, s.tl, zl * s.t));
    h = core::select(finite, h, z);
    hl = core::select(finite, hl, V(T(0)));
    core::two_result<V> th = core::two_prod(s.t, h);
    V thl = th.lo + core::fma(s.t, hl, s.tl * h);
    V neg = core::mul_exp_wide(th.hi, thl, s.e);
    return core::select(z >= V(T(0)), pos, neg);
}

// silu'(z + zl) as its pieces (core/root.hpp).
template <class V> ACTMATH_INLINE core::root_split<V> swish_derivative_split(V const& z, V const& zl) noexcept {
    using T = core::scalar_t<V>;
    V g = detail::swish_derivative_general(z, zl);
    auto const& fit = silu_root<T>::fit;
    return core::split_near_root(z - V(fit.r_hi), zl, g, fit);
}

// x^2 s (1 - s) = (x t)^2 e^-|z|: x t = m 2^k as a pair, so the square never overflows before
// e scales it, and (m + m_lo)^2 (p + p_lo) is rounded once.
template <class V> ACTMATH_INLINE V swish_derivative_beta(V const& x, V const& z, V const& zl) noexcept {
    using T = core::scalar_t<V>;
    sig_parts<V> s = detail::sigmoid_parts(z, zl);
    core::mask_t<V> finite = core::abs(x) <= V(std::numeric_limits<T>::max());
    core::two_result<V> xt = detail::times_t(x, s);
    V hi = core::select(finite, xt.hi, x);
    core::split_parts<V> m = core::split_exp(hi);
    // 2^-k (|k| up to 1100 for double: scale2's two normal factors)
    V m_lo = core::scale2(xt.lo, core::round_int(-m.k).n);
    m_lo = core::select(finite, m_lo, V(T(0)));
    core::pair<V> sq = core::mul(core::pair<V>{m.m, m_lo}, core::pair<V>{m.m, m_lo});
    core::pair<V> sp = core::mul(sq, s.e.p);
    V mant = sp.hi + (sp.lo + sq.hi * s.e.p_lo);
    V r = core::ldexp_wide(mant, (m.k + m.k) + s.e.n);
    r = core::select(finite, r, x * x);  // x = +-inf with beta = 0: x^2 / 4 = inf
    r = core::select(core::lanes_or(s.e.zero, x == V(T(0))), V(T(0)), r);
    return core::select(core::lanes_or(core::isnan(x), core::isnan(z)), x + z, r);
}

// silu alone (beta = 1, z = x exact) on core/logistic.hpp: no pairs but the one
// that 1 + x t needs where it cancels.  |x| is clamped at core::logistic_far, past which every
// result is decided (|x e^-|x|| is below half the smallest subnormal; f' = 1 or -0).
template <class V> ACTMATH_INLINE V silu_forward(V const& x) noexcept {
    const auto far = core::logistic_far<core::scalar_t<V>>::v;
    V a = core::at_least(core::neg_abs(x), -far); // -|x|, which is x itself (clamped) for x < 0
    return core::x_logistic(x, a, core::logistic(a));
}

// silu'(x) as its pieces, for xc = x clamped to +-far and l = core::logistic<true>(-|xc|).
template <class V>
ACTMATH_INLINE core::root_split<V> silu_split_at(V const& x, V const& xc, core::logistic_parts<V> const& l) noexcept {
    using T = core::scalar_t<V>;
    V g = core::logistic_slope(xc, l, x < V(T(0)));
    auto const& fit = silu_root<T>::fit;
    return core::split_near_root(x - V(fit.r_hi), V(T(0)), g, fit);
}
template <class V> ACTMATH_INLINE core::root_split<V> silu_derivative_split(V const& x) noexcept {
    const auto far = core::logistic_far<core::scalar_t<V>>::v;
    V xc = core::clamp(x, -far, far);
    return detail::silu_split_at(x, xc, core::logistic<true>(core::neg_abs(xc)));
}
// Both at once (gated<silu>'s backward, glu.hpp), from one set of parts: the derivative's,
// core::logistic<true> (the Taylor e^a and e's own rounding in dl), so that e^a, 1 + e and its
// reciprocal are computed once for the two.  The value is x sigmoid(x) within silu's forward
// bound but not always with silu_forward's bits: the forward alone takes the shorter
// near-minimax e^a (core::logistic<false>), one instruction fewer, which the derivative's
// cancellation near its root cannot take.  (-|xc| is silu_forward's max(-|x|, -far) for every
// x, NaN payload included.)
template <class V> ACTMATH_INLINE core::value_and_split<V> silu_forward_and_split(V const& x) noexcept {
    const auto far = core::logistic_far<core::scalar_t<V>>::v;
    V xc = core::clamp(x, -far, far);
    V a = core::neg_abs(xc);
    core::logistic_parts<V> l = core::logistic<true>(a);
    return {core::x_logistic(x, a, l), detail::silu_split_at(x, xc, l)};
}

} // namespace detail

template <class T = float> struct silu : core::root_window<silu<T>, detail::silu_root<T>> {
    using value_type = T;
    static constexpr const char* name = "silu";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp)
    static constexpr std::size_t unroll = 6;
    static constexpr std::size_t unroll_256 = 8;

    silu() { detail::require_float_type<T>(); }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return detail::silu_forward(x); }
    // the derivative's pieces, from which core::root_window gives derivative(x) (core/root.hpp)
    // and the array drivers merge root windows across batches (core/kernels.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::root_split<V> derivative_split(V const& x) const noexcept {
        return detail::silu_derivative_split(x);
    }
    // forward(x) and derivative_split(x) from one exponential (gated<silu>, glu.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::value_and_split<V> forward_and_split(V const& x) const noexcept {
        return detail::silu_forward_and_split(x);
    }
};

template <class T = float> struct swish : core::root_window<swish<T>, detail::silu_root<T>, true> {
    using value_type = T;
    static constexpr const char* name = "swish";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp)
    static constexpr std::size_t unroll = 6;
    static constexpr std::size_t unroll_256 = 8;
    T beta = T(1);

    swish(T beta_ = T(1)) : beta(beta_) {
        detail::require_float_type<T>();
        detail::require_finite("swish", "beta", beta);
    }

    // beta = 1 is silu, bit for bit (a branch on the parameter, not on the data)
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        if (beta == T(1)) return detail::silu_forward(x);
        detail::scaled_arg<V> a = detail::scale_arg(beta, x);
        return detail::swish_forward(x, a.z, a.zl);
    }
    // the derivative's pieces, from which core::root_window gives derivative(x) (core/root.hpp)
    // and the array drivers merge root windows across batches (core/kernels.hpp)
    template <class V> ACTMATH_KERNEL_INLINE core::root_split<V> derivative_split(V const& x) const noexcept {
        if (beta == T(1)) return detail::silu_derivative_split(x);
        detail::scaled_arg<V> a = detail::scale_arg(beta, x);
        return detail::swish_derivative_split(a.z, a.zl);
    }
    // The array drivers' stand-in for one call (core/kernels.hpp, with_form): silu for beta = 1,
    // decided once per call.  Through the branch in derivative_split, the merged root windows
    // (core/kernels.hpp) left swish(1)' 9% slower than silu' at 65536 floats.
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op, Run&& run) const {
        if (beta == T(1)) run(silu<T>{});
        else run(*this);
    }
    // d swish / d beta at x.
    template <class V> ACTMATH_KERNEL_INLINE V derivative_beta(V const& x) const noexcept {
        detail::scaled_arg<V> a = detail::scale_arg(beta, x);
        return detail::swish_derivative_beta(x, a.z, a.zl);
    }
};

// The gradient of a loss with respect to swish's beta: sum_i dy[i] * d swish(x[i]) / d beta,
// the terms computed by the batch kernel and summed in double with Neumaier's compensation
// (so the sum of a million float terms is correctly rounded to within a few ulp of double).
template <class T>
T swish_beta_gradient(swish<T> const& f, T const* x, T const* dy, std::size_t n) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    double sum = 0, comp = 0;
    auto add = [&](double v) {
        double s = sum + v;
        comp += std::fabs(sum) >= std::fabs(v) ? (sum - s) + v : (v - s) + sum;
        sum = s;
    };
    alignas(64) T buf[W];
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        f.derivative_beta(B::load_unaligned(x + i)).store_aligned(buf);
        for (std::size_t j = 0; j < W; ++j) add(double(dy[i + j]) * double(buf[j]));
    }
    for (; i < n; ++i) add(double(dy[i]) * double(f.derivative_beta(x[i])));
    return T(sum + comp);
}
template <class T, class X, class G, class = decltype(std::declval<X const&>().data())>
T swish_beta_gradient(swish<T> const& f, X const& x, G const& dy) {
    detail::check_sizes("swish_beta_gradient", detail::range_size(x), detail::range_size(dy), "x", "dy");
    return swish_beta_gradient(f, detail::range_data(x), detail::range_data(dy), detail::range_size(x));
}

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
