// sigmoid(x) = 1 / (1 + e^-x)                                  torch.nn.functional.sigmoid
//   derivative(x)             = e / (1 + e)^2,  e = e^-|x|     accurate in both tails
//   derivative_from_output(y) = y (1 - y)                      cancels as y -> 1: prefer x
// Evaluation (core/logistic.hpp): e = e^-|x| = (1 + s) 2^k never overflows (e^r from the
//   near-minimax polynomial of core::exp: only 1 + s is used, no cancellation); 1 + e = d + dl
//   exactly and t + tl = 1 / (d + dl) from t = core::recip(d) (a division, or VRCP14 and a
//   Newton step on AVX-512 float: ACTMATH_RECIP_DIVIDE) and the exact residual 1 - t d.
//   forward    x >= 0: t + tl;  x < 0: (t + (t s + tl)) 2^k, the 2^k last, so sigmoid(-100)
//              = 3.7e-44 is a correctly rounded subnormal, not 0
//   derivative (1 + s) t (t + 2 tl) 2^k, even in x: sigmoid'(30) = 9.4e-14 keeps full
//              precision (1 - sigmoid(30) would be 0 in float)
//   |x| is clamped at 110 (float) / 760 (double), where every result is decided.
// Special: f(-inf) = +0, f(+inf) = 1, f(NaN) = NaN; f'(+-inf) = +0.
// Bounds (worst over all 2^32 floats and 2^24 + 2^22 doubles, docs/accuracy.md): forward
//   1.563 / 1.443 ulp, derivative 1.750 / 1.731 ulp (float / double).
#pragma once

#include "actmath/core/functor.hpp"
#include "actmath/core/logistic.hpp"

namespace actmath {

template <class T = float> struct sigmoid {
    using value_type = T;
    static constexpr const char* name = "sigmoid";
    // batches in flight per step on AVX-512, AVX2 and SSE2 (core/kernels.hpp); double measured
    // slower with more than 4 on AVX-512
    static constexpr std::size_t unroll = std::is_same<T, float>::value ? 6 : 4;
    static constexpr std::size_t unroll_256 = std::is_same<T, float>::value ? 8 : 6;
    static constexpr std::size_t unroll_128 = 6;
    // Past |x| = far every result is decided: e^-far is below half the smallest subnormal.
    static constexpr T far = core::logistic_far<T>::v;

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        // x >= 0: t + tl;  x < 0: e (t + tl) = ((t + (t s + tl)) 2^k, the 2^k last
        return core::sigmoid_value(x);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        core::logistic_parts<V> l = core::logistic(core::at_least(core::neg_abs(x), -far));
        // e (t + tl)^2 = (1 + s) t (t + 2 tl) 2^k, even in x
        V m = core::fma(l.t, l.s, l.t);
        return core::scale2k(core::fma(m, l.t, m * (l.tl + l.tl)), l.k);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        // y held in a register: otherwise g++ reads it from memory for each of its two uses,
        // and three loads a batch instead of two are the limit of backward_from_output in L1.
        V v = core::in_register(y);
        return v * (V(T(1)) - v);
    }
};

} // namespace actmath
