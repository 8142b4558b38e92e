// The hard family: piecewise-linear (and one piecewise-quadratic) stand-ins for tanh,
// sigmoid and swish.
//
// hardtanh(x)    = min(max(x, min_val), max_val)                 torch.nn.functional.hardtanh
//   derivative   = min_val < x < max_val ? 1 : 0
//   derivative_from_output(y) = min_val < y < max_val ? 1 : 0   (y is inside iff x is)
// hardsigmoid(x) = relu6(x + 3) / 6                              torch.nn.functional.hardsigmoid
//   derivative   = -3 < x < 3 ? 1/6 : 0
//   derivative_from_output(y) = 0 < y < 1 ? 1/6 : 0            (y is inside iff x is)
// hardswish(x)   = x relu6(x + 3) / 6                            torch.nn.functional.hardswish
//   derivative   = x <= -3 ? 0 : x < 3 ? (2x + 3) / 6 : 1
//   no derivative_from_output: on [-3, 0] two inputs give each y (the minimum is
//   hardswish(-1.5) = -3/8), with derivatives of opposite signs.
// Kinks (PyTorch's kernels): hardtanh' = 0 at both bounds; hardsigmoid'(+-3) = 0;
//   hardswish'(-3) = 0 and hardswish'(3) = 1, i.e. the outer pieces own the kinks (PyTorch
//   since pytorch/pytorch#148049, 2025; before it gave -0.5 and 1.5, the middle piece's
//   values).
// Evaluation: the quotient by 6 is never a bare product by a rounded 1/6 (which alone costs
//   up to 1 ulp where the result is small, near x = -3), nor a division (a 512-bit division
//   costs more than the whole rest).  The sum x + 3 (and 2x + 3, and the product x (x + 3))
//   is split into its rounded value and its exact error, q = s (1/6) is corrected by its
//   remainder s - 6 q, and both corrections are added by the last fma: the result is within
//   about half an ulp of the exact formula.
// Special: NaN gives NaN (forward, derivative); hardswish(-inf) = +0 (the clamp is an
//   exact 0 for x <= -3, never -inf * 0), hardswish(+inf) = +inf, hardswish(3e38) = 3e38,
//   hardswish(-0) = -0, hardsigmoid(+-inf) = 1, 0, hardtanh(-0) = -0.
// Accuracy (judged against the formulas above, evaluated exactly): docs/functions/hard.md.
#pragma once

#include <sstream>
#include <string>

#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"

namespace actmath {
namespace detail {

// (s + e) / 6 for an exact sum s + e (s the rounded sum, |e| <= ulp(s)/2), within about
// half an ulp, without a division: q = s h with h = 1/6 rounded (within 1.25 ulp of s/6),
// the remainder r = s - 6 q (core::residual: exact, as 6's significand is 3), and the
// result q + (r + e) h rounded once.  The correction is a few ulps of q and is itself good to
// a relative 2^-(digits-1), so everything but the final rounding stays far below an ulp
// (Markstein's correction step: Markstein 1990, "Computation of elementary functions on the
// IBM RISC System/6000 processor", IBM J. Res. Dev. 34).
template <class V> ACTMATH_INLINE V hard_div6(V const& s, V const& e) noexcept {
    using T = core::scalar_t<V>;
    const V h = V(T(1) / T(6));
    V q = s * h;
    return core::fma(core::residual(s, q, V(T(6))) + e, h, q);
}

} // namespace detail

template <class T = float> struct hardtanh {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::hardtanh: T is float or double");
    using value_type = T;
    static constexpr const char* name = "hardtanh";
    T min_val = T(-1);
    T max_val = T(1);

    hardtanh(T min_val_ = T(-1), T max_val_ = T(1)) : min_val(min_val_), max_val(max_val_) {
        detail::require(!std::isnan(min_val), "hardtanh", "min_val must not be NaN", min_val);
        detail::require(!std::isnan(max_val), "hardtanh", "max_val must not be NaN", max_val);
        if (min_val > max_val) {
            std::ostringstream s;
            s.precision(17);
            s << "min_val = " << min_val << ", max_val = " << max_val;
            detail::require(false, "hardtanh", "min_val must not exceed max_val", s.str());
        }
    }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        return core::clamp(x, min_val, max_val); // keeps NaN, and x at a zero bound
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        V d = core::select((x > V(min_val)) & (x < V(max_val)), V(T(1)), V(T(0)));
        return core::select(core::isnan(x), x, d);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept { return derivative(y); }
};

template <class T = float> struct hardsigmoid {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::hardsigmoid: T is float or double");
    using value_type = T;
    static constexpr const char* name = "hardsigmoid";

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        // x clamped to [-3, 3], where the formula itself gives the pieces' values exactly
        // (+0 at -3, and 1 at 3: 6 (1/6 rounded) rounds to 1); s + e = x + 3 exactly
        // (Fast2Sum: |3| >= |x|).
        V c = core::clamp(x, T(-3), T(3));
        V s = c + V(T(3));
        V e = c - (s - V(T(3)));
        return detail::hard_div6(s, e);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        V d = core::select((x > V(T(-3))) & (x < V(T(3))), V(T(1) / T(6)), V(T(0)));
        return core::select(core::isnan(x), x, d);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        V d = core::select((y > V(T(0))) & (y < V(T(1))), V(T(1) / T(6)), V(T(0)));
        return core::select(core::isnan(y), y, d);
    }
};

template <class T = float> struct hardswish {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::hardswish: T is float or double");
    using value_type = T;
    static constexpr const char* name = "hardswish";
    static constexpr std::size_t unroll = 8; // batches in flight on AVX-512 (core/kernels.hpp)

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        // x (x + 3) = x (s + e) = p.hi + (p.lo + x e), exactly up to the rounding of x e.  x is
        // raised to -3 first, where the formula gives +0 (the left piece) exactly.
        V c = core::at_least(x, T(-3));
        V s = c + V(T(3));
        V e = c - (s - V(T(3)));
        core::two_result<V> p = core::two_prod(c, s);
        V lo = core::fma(c, e, p.lo);
        V y = detail::hard_div6(p.hi, lo);
        y = core::select(x == V(T(0)), x, y); // keeps -0 (the corrections would add +0)
        return core::select(x >= V(T(3)), x, y);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        // 2x + 3 by TwoSum (|2x| may exceed 3), then over 6.
        V a = x + x;
        V s = a + V(T(3));
        V bb = s - a;
        V e = (a - (s - bb)) + (V(T(3)) - bb);
        V d = detail::hard_div6(s, e);
        d = core::select(x <= V(T(-3)), V(T(0)), d);
        return core::select(x >= V(T(3)), V(T(1)), d);
    }
};

} // namespace actmath
