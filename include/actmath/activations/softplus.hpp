// softplus and log_sigmoid.
//
// softplus(x; beta=1, threshold=20) = log(1 + e^(beta x)) / beta     torch.nn.functional.softplus
//   and x where beta x > threshold (PyTorch's switch, tested on beta x rounded to T).
//   derivative(x)             = sigmoid(beta x) = 1 / (1 + e^-(beta x)); 1 where beta x > threshold
//   derivative_from_output(y) = 1 - e^(-beta y) = -expm1(-beta y); 1 where beta y > threshold
//     (the switch makes softplus jump by log1p(e^-threshold) / beta: an output just above
//     threshold / beta comes from an x on either side, whose derivatives differ by
//     ~e^-threshold; the from-output value is the one of the x above the switch)
// log_sigmoid(x) = log(1 / (1 + e^-x)) = -softplus(-x)           torch.nn.functional.logsigmoid
//   derivative(x)             = sigmoid(-x) = 1 - sigmoid(x)
//   derivative_from_output(y) = 1 - e^y = -expm1(y)
// Evaluation: z = beta x is rounded; its exact error zl (core::two_prod) goes into
//   core::exp_parts' low part, so e = e^-|z| is accurate even where |z| is large (the result
//   is judged against log1p(e^(beta x)) / beta with beta x exact).  Then
//   softplus = max(x, 0) + log1p(e) / beta, never cancelling (x > 0 adds a positive term; x
//   itself is exact where the log of the rounded z would lose it), and where e < eps/4 the
//   tail log1p(e) / beta = e / beta is (p / beta) 2^n, scaled last: softplus(-100) = 3.7e-44
//   is a correctly rounded subnormal, for any beta.  The derivatives are sigmoid(z) and
//   sigmoid(-x) on core/logistic.hpp (core::sigmoid_value; e^-|z| with z's
//   rounding error as its low part).
//   log_sigmoid = min(x, 0) - log1p(e^-|x|): both terms <= 0, no cancellation.
// Special: softplus(-inf) = +0, softplus(+inf) = +inf, softplus(1e30) = 1e30, softplus(0) =
//   log(2)/beta; softplus'(-inf) = +0, softplus'(+inf) = 1.  log_sigmoid(-inf) = -inf,
//   log_sigmoid(+inf) = +0, log_sigmoid(-3e38) = -3e38, log_sigmoid(0) = -log 2;
//   log_sigmoid'(-inf) = 1, log_sigmoid'(+inf) = +0.  NaN -> NaN.
// Bounds: docs/functions/softplus.md (measured by tests/test_softplus).
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"
#include "actmath/core/logistic.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace detail {

// e^-|z| for z = zh + zl (|zl| <= ulp(zh)) as m 2^n and as a value.  core::exp_parts clamps
// its argument at -104 (float) / -746 (double), which is fine for e itself but not for
// e / beta with beta < 1: below -64 (float) / -400 (double), e^-|z| = 2^-S e^(-|z| + S ln 2)
// with S = 64 / 512; -|z| + S ln2_hi is exact (both are multiples of ulp(z), the sum is smaller),
// S ln2_lo joins the low part, and m = p 2^-S stays normal.  e / beta is then right down to
// |z| = 148 (float) / 1101 (double): 0 for any beta > 2^-63 (float) / 2^-513 (double).
template <class V> struct exp_neg_abs {
    V m;        // e^-|z| = m 2^n, m normal
    core::int_t<V> n;
    V k;        // n as a V
    V e;        // e^-|z|
};
template <class T> struct exp_shift;
template <> struct exp_shift<float> {
    static constexpr float from = -64.0f, hi = 64 * core::exp_consts<float>::ln2_hi,
                           lo = 64 * core::exp_consts<float>::ln2_lo, scale = 0x1p-64f;
};
template <> struct exp_shift<double> {
    static constexpr double from = -400.0, hi = 512 * core::exp_consts<double>::ln2_hi,
                            lo = 512 * core::exp_consts<double>::ln2_lo, scale = 0x1p-512;
};
template <class V> ACTMATH_INLINE exp_neg_abs<V> exp_neg_abs_of(V const& zh, V const& zl) noexcept {
    using S = exp_shift<core::scalar_t<V>>;
    V h = -core::abs(zh);
    V l = -core::mulsign(zl, zh);
    auto shift = h < V(S::from);
    h = core::select(shift, h + V(S::hi), h);
    l = core::select(shift, l + V(S::lo), l);
    core::exp_split<V> s = core::exp_parts(h, l);
    V m = s.p * core::select(shift, V(S::scale), V(core::scalar_t<V>(1)));
    return {m, s.n, s.k, core::scale_exp(m, s)};
}

template <class T, bool Unit, bool Saturates = false> struct softplus_form;

} // namespace detail

template <class T = float> struct softplus {
    using value_type = T;
    static constexpr const char* name = "softplus";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp)
    static constexpr std::size_t unroll = 8;
    static constexpr std::size_t unroll_256 = 8;
    static constexpr std::size_t unroll_128 = 8;
    T beta = T(1);
    T threshold = T(20);

    softplus(T beta_ = T(1), T threshold_ = T(20)) : beta(beta_), threshold(threshold_) {
        detail::require_float_type<T>();
        detail::require_finite("softplus", "beta", beta);
        detail::require(beta > T(0), "softplus", "beta must be > 0", beta);
        detail::require(!std::isnan(threshold), "softplus", "threshold must not be NaN", threshold);
    }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        return beta == T(1) ? forward_as<true>(x) : forward_as<false>(x);
    }
    // The forward with beta = 1 (Unit: z = x exactly, and x / 1 = x) or not, decided by the
    // caller.
    template <bool Unit, class V> ACTMATH_KERNEL_INLINE V forward_as(V const& x) const noexcept {
        using L = std::numeric_limits<T>;
        core::two_result<V> z = Unit ? core::two_result<V>{x, V(T(0))} : scaled(x);
        detail::exp_neg_abs<V> e = detail::exp_neg_abs_of(z.hi, z.lo);
        V l = core::log1p_unit(e.e);
        V m = e.m;
        if constexpr (!Unit) {
            l = l / V(beta);
            m = m / V(beta);
        }
        V tail = core::scale2nk(m, e.n, e.k); // e / beta, rounded once
        V neg = core::select(e.e < V(L::epsilon() / 4), tail, l);
        V r = core::select(x > V(T(0)), x + l, neg);
        return core::select(z.hi > V(threshold), x, r);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        return beta == T(1) ? derivative_as<true>(x) : derivative_as<false>(x);
    }
    // The derivative with beta = 1 (Unit) or not decided by the caller.  sigmoid(z) on
    // core/logistic.hpp, z's rounding error in the low part of -|z|; for beta = 1, z = x
    // exactly and there is no low part to add.
    // Saturates (the caller's promise: threshold >= core::sigmoid_one<T>) drops the switch,
    // as sigmoid(z) is 1 exactly past the threshold: the same bits, two instructions fewer.
    template <bool Unit, bool Saturates = false, class V>
    ACTMATH_KERNEL_INLINE V derivative_as(V const& x) const noexcept {
        if constexpr (Unit) {
            if constexpr (Saturates) return core::sigmoid_value(x);
            else return core::select(x > V(threshold), V(T(1)), core::sigmoid_value(x));
        } else {
            core::two_result<V> z = scaled(x);
            if constexpr (Saturates) return core::sigmoid_value(z.hi, z.lo);
            else return core::select(z.hi > V(threshold), V(T(1)), core::sigmoid_value(z.hi, z.lo));
        }
    }
    // The array drivers' stand-in for one call (core/kernels.hpp, with_form): whether beta
    // is 1 is decided once per call, not once per batch (the branch inside derivative(v)
    // cost it ~15% at 65536 floats and ~10% at 65536 doubles).  The double forward keeps its
    // own branch: its beta = 1 form measured ~12% slower at 65536 doubles (the same code,
    // scheduled differently); float's is as fast or faster.  The derivative also drops its
    // switch where the threshold is past core::sigmoid_one (float's default, 20): 3-4% faster
    // at 65536 floats.
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op, Run&& run) const {
        constexpr bool fwd = std::is_same<Op, form::forward>::value;
        if constexpr (std::is_same<Op, form::from_output>::value || (fwd && !std::is_same<T, float>::value)) {
            run(*this);
        } else if constexpr (fwd) {
            run_beta<false>(run); // the forward has no switch to drop
        } else if (threshold >= core::sigmoid_one<T>::v) {
            run_beta<true>(run);
        } else {
            run_beta<false>(run);
        }
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        // 0 - q, not -q: xsimd 8.1's AVX-512 negation is 0 - x, so -(+0) would differ between
        // a scalar and a batch lane; 0 - q is +0 for both (softplus'(-inf) = +0).
        V by = V(beta) * y;
        V q = core::expm1(V(-beta) * y);
        return core::select(by > V(threshold), V(T(1)), V(T(0)) - q);
    }

private:
    // run on the form for this beta (beta = 1: no product to form), derivative switch or not
    template <bool Saturates, class Run> ACTMATH_INLINE void run_beta(Run& run) const {
        if (beta == T(1)) run(detail::softplus_form<T, true, Saturates>{*this});
        else run(detail::softplus_form<T, false, Saturates>{*this});
    }
    // beta x and its rounding error; the error is dropped where e^-|beta x| is 0 anyway
    // (it would be inf - inf where beta x overflows).
    template <class V> core::two_result<V> scaled(V const& x) const noexcept {
        if (beta == T(1)) return {x, V(T(0))}; // what the lines below give for beta = 1
        core::two_result<V> z = core::two_prod(V(beta), x);
        z.lo = core::select(core::abs(z.hi) < V(T(2048)), z.lo, V(T(0)));
        return z;
    }
};

namespace detail {
template <class T, bool Unit, bool Saturates> struct softplus_form {
    softplus<T> f; // the functor, copied (a few scalars)
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return f.template forward_as<Unit>(x); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        return f.template derivative_as<Unit, Saturates>(x);
    }
};
} // namespace detail

template <class T = float> struct log_sigmoid {
    using value_type = T;
    static constexpr const char* name = "log_sigmoid";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp); double measured
    // slower with more than 4 on AVX-512
    static constexpr std::size_t unroll = std::is_same<T, float>::value ? 6 : 4;
    static constexpr std::size_t unroll_256 = std::is_same<T, float>::value ? 8 : 4;
    static constexpr std::size_t unroll_128 = std::is_same<T, float>::value ? 8 : 6;

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        // e^-|x| through exp_parts (the Taylor form) rather than core::exp: with core::exp's
        // polynomial the float maximum went from 1.636 to 1.694 ulp (tools/accuracy --only
        // log_sigmoid), and speed does not buy back an ulp.
        core::exp_split<V> e = core::exp_parts(-core::abs(x));
        V l = core::log1p_unit(core::scale_exp(e.p, e));
        V m = core::select(x < V(T(0)), x, V(T(0)));
        return m - l;
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        return core::sigmoid_value(core::neg(x)); // sigmoid(-x); the negation is exact
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        return V(T(0)) - core::expm1(y); // +0 at y = 0, for a scalar and a batch alike
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
