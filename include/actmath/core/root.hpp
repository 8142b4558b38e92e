// A function near a simple root, to full relative precision: silu' and mish' cross zero at
// x = -1.2785 and -1.1924, where their general formulas cancel.
//
//   near_root(dh, xl, c)   g(r + d) = d Q(d) with d = dh + xl - r, where dh = x - r_hi is exact
//                          (Sterbenz: x within a factor 2 of r_hi), xl is what the input lost
//                          (beta x = z + xl in swish; 0 for an exact input) and r = r_hi + r_lo
//                          + r_lo2 the root as a triple; Q(d) = (c0_hi + c0_lo) + d (c1 + ...).
//   split_near_root(dh, xl, g, c)
//                          g and what near_root needs, with the lanes |dh| <= half_width
//                          (root_split), which the array drivers merge across batches
//                          (core/kernels.hpp)
//   derivative_of_split(g, p)
//                          the functor g's derivative_near for p's lanes inside, p.g outside
//   root_window<D, R, HasLo>
//                          the base of a functor D whose derivative has a root window:
//                          derivative(x) from D's derivative_split(x), and derivative_near
//                          as near_root on R::fit
//   value_and_split        f and the pieces of f' together, where a functor shares their parts
//
// d is formed as a pair d_hi + d_lo by two exact sums: z + xl can lie 2^-100 from the root
// (double swish near z = r), so the root is needed beyond double-double precision.  The
// product is d_hi c0_hi (exact pair) + (d_hi (c0_lo + t) + d_lo c0_hi), t = d (c1 + ...), so
// neither the rounding of d nor that of Q reaches the result: the error is one rounding
// plus the small terms' (tools/fit_roots measures the whole evaluation).
#pragma once

#include <cstddef>

#include "actmath/core/exact.hpp"
#include "actmath/core/value.hpp"

namespace actmath {
namespace core {

template <class T, std::size_t N> struct root_fit {
    T r_hi, r_lo, r_lo2; // the root as a triple
    T half_width;  // the polynomial serves |x - r_hi| <= half_width
    T c0_hi, c0_lo;
    T c[N];        // c1, c2, ..., cN
};

// HasLo = false: an exact input, xl = 0 (ignored).  The first TwoSum is then dh itself, its
// low part +0, and the bits are those of HasLo = true with xl = 0 (dh = x - r_hi is never -0),
// four operations fewer.
template <bool HasLo = true, class V, std::size_t N>
ACTMATH_INLINE V near_root(V const& dh, V const& xl, root_fit<scalar_t<V>, N> const& f) noexcept {
    // d = dh + xl - r_lo - r_lo2 as d_hi + d_lo (Knuth's TwoSum twice)
    V s = dh;
    V tail = V(scalar_t<V>(0) - f.r_lo2); // sl - r_lo2 with sl = +0
    if constexpr (HasLo) {
        s = dh + xl;
        V sb = s - dh;
        V sl = (dh - (s - sb)) + (xl - sb);
        tail = sl - V(f.r_lo2);
    }
    V d_hi = s - V(f.r_lo);
    V db = d_hi - s;
    V d_lo = ((s - (d_hi - db)) + (V(-f.r_lo) - db)) + tail;
    V d = d_hi + d_lo;
    V q = V(f.c[N - 1]);
    for (std::size_t i = N - 1; i-- > 0;) q = core::fma(q, d, V(f.c[i]));
    V t = q * d;
    V e1 = core::fma(d_hi, t + V(f.c0_lo), d_lo * V(f.c0_hi));
    two_result<V> p = core::two_prod(d_hi, V(f.c0_hi)); // exact on targets without an fma too
    return p.hi + (p.lo + e1);
}

// A derivative with a root window as its pieces: g (the general formula), and what near_root
// needs (dh, xl) for the lanes inside the window.  The array drivers merge the lanes inside
// from several batches into one near_root call (core/kernels.hpp, root_merge_op); a single
// batch or scalar takes derivative_of_split.  Either way a lane is near_root(dh, xl) inside the
// window and g outside, so the bits are the same.
template <class V> struct root_split {
    V g, dh, xl;
    mask_t<V> in; // |dh| <= half_width
};
// A function's value and its derivative's pieces at one x, for a functor that computes the
// two from shared parts (forward_and_split: silu).
template <class V> struct value_and_split {
    V value;
    root_split<V> split;
};
template <class V, std::size_t N>
ACTMATH_INLINE root_split<V> split_near_root(V const& dh, V const& xl, V const& g, root_fit<scalar_t<V>, N> const& f) noexcept {
    return {g, dh, xl, core::abs(dh) <= V(f.half_width)};
}

// p.g where |dh| > half_width, g.derivative_near(dh, xl) inside.  The polynomial is evaluated
// only when some lane needs it: the lanes are the same either way (a scalar is one lane), and
// an array of inputs spread over the real line rarely has one in the window.
template <class G, class V> ACTMATH_INLINE V derivative_of_split(G const& g, root_split<V> const& p) noexcept {
    if (!core::any(p.in)) return p.g;
    return core::select(p.in, g.derivative_near(p.dh, p.xl), p.g);
}

// What every functor with a root window says the same way: derivative(x) is its own
// derivative_split(x) resolved one batch (or scalar) at a time, and derivative_near is
// near_root on R::fit (HasLo: the input carries a low part, swish's beta x).  D writes only
// derivative_split, the part that is its math.
template <class D, class R, bool HasLo = false> struct root_window {
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        D const& self = static_cast<D const&>(*this);
        return core::derivative_of_split(self, self.derivative_split(x));
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_near(V const& dh, V const& xl) const noexcept {
        return core::near_root<HasLo>(dh, xl, R::fit);
    }
};

} // namespace core
} // namespace actmath
