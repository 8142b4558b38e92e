// The exponential linear units: elu, selu, celu.
//
// elu(x; alpha=1) = x (x > 0),  alpha (e^x - 1) (x <= 0)              torch.nn.functional.elu
//   derivative(x)             = 1 (x > 0),  alpha e^x (x <= 0: elu'(0) = alpha, as PyTorch)
//   derivative_from_output(y) = 1 (y > 0),  y + alpha (y <= 0); for alpha < 0 NaN where
//                               0 < y <= -alpha (such y comes from an x > 0 and an x < 0)
// selu(x) = lambda elu(x; alpha), lambda = 1.0507009873554804934193349852946,
//   alpha = 1.6732632423543772848170429916717 (Klambauer et al. 2017)  torch.nn.functional.selu
//   derivative(x)             = lambda (x > 0),  lambda alpha e^x (x <= 0)
//   derivative_from_output(y) = lambda (y > 0),  y + lambda alpha (y <= 0)
// celu(x; alpha=1) = x (x > 0),  alpha (e^(x/alpha) - 1) (x <= 0)     torch.nn.functional.celu
//   (Barron 2017)   derivative(x) = 1 (x > 0),  e^(x/alpha) (x <= 0)
//   derivative_from_output(y) = 1 (y > 0),  (y + alpha) / alpha (y <= 0); any alpha != 0
// Evaluation: e^x - 1 is core::expm1's (elu(-6e-30) = -6e-30, never exp(x) - 1; elu and selu
//   take core::expm1_nonpositive, the same bits for x <= 0 in fewer steps); alpha e^x is
//   alpha (1 + s) 2^k from core::exp_s, one fma and the 2^k last (the subnormal tail is
//   rounded once; the sign of alpha kept on a zero) for |alpha| within 2^+-20, and
//   core::mul_exp_wide for any other alpha.  selu's constants are
//   carried as hi + lo pairs, so lambda x and lambda alpha (e^x - 1) are rounded once.
//   celu's x / alpha is rounded; its error (core::quotient) is fed to exp_parts' low part
//   and to expm1 by e^(t + d) - 1 = q + (q + 1) d, so e^(x/alpha) keeps full precision at
//   x/alpha = -87.  Where |x/alpha| < eps/2, celu(x) = x (alpha e^(x/alpha) - alpha rounds to x).
//   With alpha = 1 both ways give elu's bits, and the array loops run elu's (celu::with_form).
// Special: f(-0) = -0 for alpha > 0, f(+inf) = +inf, f(-inf) = -alpha (selu: -lambda alpha);
//   f'(-inf) = 0 (alpha > 0), f'(+inf) = 1 (selu: lambda); NaN -> NaN.
// Limits: celu with alpha < 0 overflows once x / alpha > 88.7 (float) / 709.8 (double).
// Bounds: docs/functions/elu.md (measured by tests/test_elu).
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/exp_wide.hpp"
#include "actmath/core/functor.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace detail {
// e^x - 1 for x <= 0 that keeps the sign of zero (0 for x > 0, which elu and selu select
// away): core::expm1_nonpositive(-0) gives +0 (its r + r^2 P(r) adds (-0)(-0 P) = +0 to -0),
// and elu(-0) = alpha (e^-0 - 1) = -0 for alpha > 0.  (core::expm1 would select x for every
// |x| < eps/4; this is x there already but for -0.)
template <class V> ACTMATH_INLINE V expm1_signed(V const& x) noexcept {
    return core::select(x == V(0), x, core::expm1_nonpositive(x));
}
// e^x 2^20.5 < 2^-150 (float) / 2^-1075 (double) below: alpha e^x rounds to a signed zero for
// |alpha| <= 2^20, and 2^k stays within core::scale2k's reach.
template <class T> struct elu_far;
template <> struct elu_far<float> { static constexpr float v = -120.0f; };
template <> struct elu_far<double> { static constexpr double v = -760.0; };
template <class T, bool Moderate> struct elu_form;
} // namespace detail

template <class T = float> struct elu {
    using value_type = T;
    static constexpr const char* name = "elu";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp)
    static constexpr std::size_t unroll = 8;
    static constexpr std::size_t unroll_128 = std::is_same<T, float>::value ? 8 : 6;
    T alpha = T(1);

    elu(T alpha_ = T(1)) : alpha(alpha_) {
        detail::require_float_type<T>();
        detail::require_finite("elu", "alpha", alpha);
    }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        return core::select(x > V(T(0)), x, V(alpha) * detail::expm1_signed(x));
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        return moderate() ? derivative_as<true>(x) : derivative_as<false>(x);
    }
    // alpha e^x rounded once: alpha (1 + s) in one fma, then 2^k.  For |alpha| within 2^+-20
    // (Moderate), x clamps at detail::elu_far, past which alpha e^x is below half the smallest
    // subnormal.  Any other alpha takes core::mul_exp_wide, which splits alpha's exponent off
    // first.
    template <bool Moderate, class V> ACTMATH_KERNEL_INLINE V derivative_as(V const& x) const noexcept {
        V n;
        if constexpr (Moderate) {
            core::exp_sk<V> e = core::exp_s(core::clamp(x, detail::elu_far<T>::v, T(0)));
            n = core::scale2k(core::fma(V(alpha), e.s, V(alpha)), e.k);
        } else {
            n = core::mul_exp_wide(V(alpha), core::exp_parts_wide(x, V(T(0))));
        }
        return core::select(x > V(T(0)), V(T(1)), n);
    }
    bool moderate() const noexcept { return std::fabs(alpha) >= T(0x1p-20) && std::fabs(alpha) <= T(0x1p20); }
    // The array drivers' stand-in for one call (core/kernels.hpp, with_form): for the
    // derivative, alpha's range is decided once per call, not once per batch.
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op, Run&& run) const {
        if constexpr (std::is_same<Op, form::derivative>::value) {
            if (moderate()) run(detail::elu_form<T, true>{*this});
            else run(detail::elu_form<T, false>{*this});
        } else {
            run(*this);
        }
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        // alpha < 0: y in (0, -alpha] is elu of both an x > 0 and an x < 0: not a function of y.
        V pos = core::select(y <= V(-alpha), V(std::numeric_limits<T>::quiet_NaN()), V(T(1)));
        return core::select(y > V(T(0)), pos, y + V(alpha));
    }
};

namespace detail {
template <class T, bool Moderate> struct elu_form {
    elu<T> f; // the functor, copied (a few scalars)
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return f.template derivative_as<Moderate>(x); }
};
} // namespace detail

template <class T> struct selu_consts;
// lambda, alpha: Klambauer et al. 2017, "Self-Normalizing Neural Networks" (32 digits);
// hi + lo splits of lambda and lambda * alpha = 1.7580993408473768599402175208123 computed
// at 200 bits (mpmath).
template <> struct selu_consts<float> {
    static constexpr float lambda_hi = 1.05070102f, lambda_lo = -3.47926523e-08f;
    static constexpr float la_hi = 1.75809932f, la_lo = 2.32967174e-08f;
    static constexpr float zero_below = -104.53631039f; // lambda alpha e^x < 2^-150 below
};
template <> struct selu_consts<double> {
    static constexpr double lambda_hi = 1.0507009873554805, lambda_lo = 3.9874847667154144e-17;
    static constexpr double la_hi = 1.7580993408473768, la_lo = 1.4153519380084499e-17;
    static constexpr double zero_below = -745.697452407484; // lambda alpha e^x < 2^-1075 below
};

template <class T = float> struct selu {
    using value_type = T;
    static constexpr const char* name = "selu";
    using C = selu_consts<T>;
    static constexpr T lambda = C::lambda_hi; // the constants rounded to T, for reference
    static constexpr T alpha = T(1.6732632423543772848170429916717L);

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        V pos = core::fma(V(C::lambda_hi), x, V(C::lambda_lo) * x);
        pos = core::select(x == V(std::numeric_limits<T>::infinity()), x, pos); // not inf - inf
        V q = detail::expm1_signed(x);
        V neg = core::fma(V(C::la_hi), q, V(C::la_lo) * q);
        return core::select(x > V(T(0)), pos, neg);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        core::exp_split<V> e = core::exp_parts(x);
        V n = core::scale_exp(core::fma(V(C::la_hi), e.p, V(C::la_lo) * e.p), e);
        n = core::select(x < V(C::zero_below), V(T(0)), n);
        return core::select(x > V(T(0)), V(C::lambda_hi), n);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        V n = (y + V(C::la_hi)) + V(C::la_lo); // y + la_hi is exact near -la_hi (Sterbenz)
        return core::select(y > V(T(0)), V(C::lambda_hi), n);
    }
};

template <class T = float> struct celu {
    using value_type = T;
    static constexpr const char* name = "celu";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp)
    static constexpr std::size_t unroll = 8;
    static constexpr std::size_t unroll_128 = std::is_same<T, float>::value ? 8 : 6;
    T alpha = T(1);

    celu(T alpha_ = T(1)) : alpha(alpha_) {
        detail::require_float_type<T>();
        detail::require_finite("celu", "alpha", alpha);
        detail::require(!(alpha == T(0)), "celu", "alpha must not be 0 (celu divides by alpha)", alpha);
    }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        using L = std::numeric_limits<T>;
        core::two_result<V> t = scaled(x);
        V q = core::expm1_raw(t.hi); // -0 and |t| < eps/2 are selected below
        V c = (q + V(T(1))) * t.lo; // e^(t + d) - 1 = q + (q + 1) d; no inf * 0 where q is inf
        q = q + core::select(core::abs(q) < V(L::infinity()), c, V(T(0)));
        V neg = V(alpha) * q;
        neg = core::select(core::abs(t.hi) < V(L::epsilon() / 2), x, neg);
        return core::select(x > V(T(0)), x, neg);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        core::two_result<V> t = scaled(x);
        core::exp_split<V> e = core::exp_parts(t.hi, t.lo);
        return core::select(x > V(T(0)), V(T(1)), core::scale_exp(e.p, e));
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        return core::select(y > V(T(0)), V(T(1)), (y + V(alpha)) / V(alpha));
    }
    // The array drivers' stand-in for one call (core/kernels.hpp, with_form): celu with
    // alpha = 1, PyTorch's default, is elu with alpha = 1, and gives its bits (tests/test_elu.cpp
    // compares the two on floats and doubles), without the division x / alpha and its
    // remainder: at 65536 floats forward 0.46 -> 0.27 ns, derivative 0.34 -> 0.21, backward
    // 0.37 -> 0.23 (AVX-512 Zen 4, bench/actmath_bench, two builds run alternately).  The
    // scalar call keeps celu's own evaluation.
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op op, Run&& run) const {
        if (alpha == T(1)) elu<T>{}.with_form(op, run); // elu's own forms, elu_form for f'
        else run(*this);
    }

private:
    // x / alpha and its rounding error.  Beyond |x / alpha| = 2048, e^(x/alpha) is 0 or inf in
    // both types and the error is dropped: it must stay small next to exp_parts' reduced
    // argument (and is inf - inf where the quotient is not finite).
    template <class V> core::two_result<V> scaled(V const& x) const noexcept {
        core::two_result<V> t = core::quotient(x, V(alpha));
        t.lo = core::select(core::abs(t.hi) < V(T(2048)), t.lo, V(T(0)));
        return t;
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
