// A function near a simple root, to full relative precision: silu' and mish' cross zero at
// x = -1.2785 and -1.1924, where their general formulas cancel.
//
//   near_root(dh, dl, c)   g(r + d) = d Q(d) with d = dh + dl, where dh = x - r_hi is exact
//                          (Sterbenz: x within a factor 2 of r_hi) and dl = (what x lost, 0
//                          for an exact input) - r_lo, r = r_hi + r_lo the root as a pair;
//                          Q(d) = (c0_hi + c0_lo) + d (c1 + c2 d + ... ).
//
// The product is formed as dh c0_hi + (dh (c0_lo + t) + dl c0_hi), t = d (c1 + ...), so
// neither the rounding of d nor that of Q reaches the result: the error is one rounding
// plus the small terms' (tools/fit_roots measures the whole evaluation).
#pragma once

#include <cstddef>

#include "actmath/core/value.hpp"

namespace actmath {
namespace core {

template <class T, std::size_t N> struct root_fit {
    T r_hi, r_lo;  // the root as a pair
    T half_width;  // the polynomial serves |x - r_hi| <= half_width
    T c0_hi, c0_lo;
    T c[N];        // c1, c2, ..., cN
};

template <class V, std::size_t N>
ACTMATH_INLINE V near_root(V const& dh, V const& dl, root_fit<scalar_t<V>, N> const& f) noexcept {
    V d = dh + dl;
    V q = V(f.c[N - 1]);
    for (std::size_t i = N - 1; i-- > 0;) q = core::fma(q, d, V(f.c[i]));
    V t = q * d;
    V e1 = core::fma(dh, t + V(f.c0_lo), dl * V(f.c0_hi));
    return core::fma(dh, V(f.c0_hi), e1);
}

} // namespace core
} // namespace actmath
