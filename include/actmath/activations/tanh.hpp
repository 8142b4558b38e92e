// tanh(x) = (e^x - e^-x) / (e^x + e^-x)                       torch.nn.functional.tanh
//   derivative(x)             = 4 e / (1 + e)^2,  e = e^-2|x|   accurate in both tails
//   derivative_from_output(y) = 1 - y^2 = (1 - y)(1 + y)       cancels as |y| -> 1: prefer x
// Evaluation: forward is core::tanh, sign(x) n / (n + 2t) with e^(2|x|) = (1 + s) 2^k,
//   t = 2^-k and n = s + (1 - t): q / (q + 2) with q = expm1(2|x|), both scaled by 2^-k, which
//   gives q / (q + 2)'s very bits without expm1's scaling (tools/digest; the argument is in
//   core/math.hpp).  No cancellation near 0, 1 beyond 9.1 (float) / 19.1 (double) where
//   1 - tanh is below half an ulp of 1.
//   derivative: e^-2|x| = p 2^k from core::exp_s (2|x| is exact), (1 + e)^2 carried in
//   two parts (Fast2Sum, two_prod), then 4p / (1 + e)^2 is scaled by 2^k last, so
//   tanh'(-25) = 7.7e-22 and tanh'(52) = 2.8e-45 (a subnormal, rounded once)
//   keep full precision where 1 - tanh^2 would be 0.  Beyond |x| = 52.68 (float) / 373.26
//   (double) the true derivative is below half the smallest subnormal: 0.
// Special: tanh(+-0) = +-0, tanh(+-inf) = +-1, tanh'(+-inf) = +0, NaN -> NaN.
// Bounds: docs/functions/tanh.md (measured by tests/test_tanh).
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {

template <class T = float> struct tanh {
    using value_type = T;
    static constexpr const char* name = "tanh";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp)
    static constexpr std::size_t unroll = 8;
    static constexpr std::size_t unroll_256 = std::is_same<T, float>::value ? 8 : 6;
    static constexpr std::size_t unroll_128 = std::is_same<T, float>::value ? 8 : 6;

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return core::tanh(x); }

    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        constexpr bool f32 = std::is_same<T, float>::value;
        // 4 e^-2|x| < 2^-150 (float) / 2^-1075 (double) from here on: 152 ln2 / 2, 1077 ln2 / 2.
        const V zero_from = V(f32 ? T(52.68) : T(373.26));
        V a = core::abs(x);
        // e^-2|x| = (1 + s) 2^k with the argument bounded just below -2 zero_from, not at
        // exp's own clamp (-104 / -746, where e^x alone rounds to 0): 4 e^-2|x| is still a
        // subnormal up to |x| = zero_from, and 2^k (k >= -153 / -1083) is within scale2k.
        core::exp_sk<V> e = core::exp_s(core::at_least(V(T(-2)) * a, f32 ? T(-106) : T(-750)));
        V p = V(T(1)) + e.s;
        V ex = core::scale2k(p, e.k);
        // (1 + e)^2 to half an ulp: 1 + e = d + dl exactly (Fast2Sum), d^2 exactly (two_prod).
        V d = V(T(1)) + ex;
        V dl = ex - (d - V(T(1)));
        core::two_result<V> d2 = core::two_prod(d, d);
        V den = d2.hi + core::fma(d + d, dl, d2.lo);
        V r = core::scale2k((V(T(4)) * p) / den, e.k);
        return core::select(a > zero_from, V(T(0)), r);
    }

    // 1 - y^2 rounded once where the unit has an fma (one instruction); without one,
    // (1 - y)(1 + y), whose 1 - y is exact where 1 - y^2 would cancel.
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        if constexpr (core::has_fused_fma) return core::fnma(y, y, V(T(1)));
        else return (V(T(1)) - y) * (V(T(1)) + y);
    }
};

} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
