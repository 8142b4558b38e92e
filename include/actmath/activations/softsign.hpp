// softsign(x) = x / (1 + |x|)                                  torch.nn.functional.softsign
//   derivative(x)             = 1 / (1 + |x|)^2
//   derivative_from_output(y) = (1 - |y|)^2                     loses relative accuracy as
//                                                                |y| -> 1: prefer x
// Evaluation (on a = |x|, x's sign put back last).  d = 1 + a is rounded; its error e
//   (d + e = 1 + a exactly) is recovered by Fast2Sum.  With r = 1/d within an ulp
//   (core::recip) and q = a r, within 2 ulps of a/d, the
//   remainder a - q d is rounded once at most (core::residual), so |forward| =
//   q + (a - q d - q e) r, rounded once by an fma, is within about half an ulp: the correction
//   is a few ulps of q, and r's error and the remainder's rounding move it by a relative 2^-22.
//   derivative: d^2 = h + l exactly (two_prod), 1 / (h + l + 2 d e) from q = recip(h) and
//   one Newton correction; from |x| = 2^32 (float) / 2^256 (double) on, d and e are first
//   scaled by 2^-64 / 2^-512 (exactly) and the result scaled back twice by the same factor,
//   so the subnormal results are rounded once.
// Saturation: |x| >= 2^25 (float) / 2^54 (double) gives +-1, which is x / (1 + |x|)
//   correctly rounded (1 / (1 + |x|) is below half an ulp of 1 there).  The forward caps |x|
//   at 2^26 / 2^55, where the formula itself gives 1; so softsign(+-inf) = +-1, not inf / inf.
// Special: softsign(+-0) = +-0 (odd, keeps the sign of zero), NaN gives NaN;
//   softsign'(+-inf) = +0, softsign'(+-0) = 1.
// Accuracy: docs/functions/softsign.md.
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"

namespace actmath {

template <class T = float> struct softsign {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::softsign: T is float or double");
    using value_type = T;
    static constexpr const char* name = "softsign";

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        // |y| from a = |x| capped at 2^26 (where |y| rounds to 1, as it does from 2^25 on:
        // inf never reaches the arithmetic), and x's sign last, which keeps -0.
        V a = core::at_most(core::abs(x), std::is_same<T, float>::value ? T(0x1p26) : T(0x1p55));
        V d = V(T(1)) + a;
        V e = softsign_sum_error(a, d);
        V r = core::recip(d);
        V q = a * r;
        return core::mulsign(core::fma(core::fnma(q, e, core::residual(a, q, d)), r, q), x);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        constexpr bool f32 = std::is_same<T, float>::value;
        // |x| capped where 1 / (1 + |x|)^2 rounds to 0 (2^80: below 2^-160; 2^600), and lanes from
        // 2^32 (2^256) on scaled by S = 2^-64 (2^-512), exactly, so that (d + e)^2 neither
        // overflows nor leaves recip's range; the result is scaled back by S twice, rounding once.
        V a = core::at_most(core::abs(x), f32 ? T(0x1p80) : T(0x1p600));
        V d = V(T(1)) + a;
        V e = softsign_sum_error(a, d);
        V s = core::select(a >= V(f32 ? T(0x1p32) : T(0x1p256)), V(f32 ? T(0x1p-64) : T(0x1p-512)), V(T(1)));
        d = d * s;
        e = e * s;
        // (d + e)^2 = h + t, t = l + 2 d e (e^2 is below the last bit); 1 / (h + t) from
        // q = recip(h) by one Newton step that also takes t in.
        core::two_result<V> sq = core::two_prod(d, d);
        V t = core::fma(d + d, e, sq.lo);
        V q = core::recip(sq.hi);
        V rem = core::fnma(q, sq.hi, V(T(1))); // 1 - q h, rounded once at most
        V y = core::fma(q, core::fnma(t, q, rem), q);
        return (y * s) * s;
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        V m = V(T(1)) - core::abs(y);
        return m * m;
    }

private:
    // e with d + e = 1 + a exactly: Fast2Sum with the terms ordered by max and min.  NaN for
    // a = inf: both callers cap a first.
    template <class V> static ACTMATH_KERNEL_INLINE V softsign_sum_error(V const& a, V const& d) noexcept {
        return core::at_most(a, T(1)) - (d - core::at_least(a, T(1)));
    }
};

} // namespace actmath
