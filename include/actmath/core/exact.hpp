// Error-free transformations over a value type V: the rounding error of a product, recovered
// exactly, so that a scaled argument (beta * x in softplus, x / alpha in celu) can hand what
// it lost to core::exp_parts as the low part.
//
//   two_prod(a, b)     {p, e}: p = a*b rounded, e = a*b - p exactly (no overflow/underflow)
//   residual(x, q, a)  x - q a rounded once: exact when q is within an ulp of x / a, or
//                      a's significand is short (a = 3, 6)
//   quotient(x, a)     {q, e}: q = x/a rounded, e ~ x/a - q (the exact remainder over a)
//
// Method.  Where the target has an FMA (core::fma is then a true fma for scalars and batches
// alike) e = fma(a, b, -p) (core::fms).  Elsewhere Dekker's product with Veltkamp's split (Dekker 1971,
// "A floating-point technique for extending the available precision", Numer. Math. 18),
// exact as long as |a|, |b| < 2^(emax - 13) and a*b does not underflow.  Callers zero e
// where p is huge or not finite.
#pragma once

#include "actmath/core/value.hpp"

namespace actmath {
namespace core {

template <class V> struct two_result {
    V hi; // the rounded result
    V lo; // what the rounding lost
};

template <class V> ACTMATH_INLINE two_result<V> two_prod(V const& a, V const& b) noexcept {
    V p = a * b;
#if defined(__FMA__) || defined(__FMA4__)
    V e = core::fms(a, b, p);
#else
    using T = scalar_t<V>;
    // Veltkamp: split each factor into halves of at most (digits+1)/2 bits.
    const V c = V(std::is_same<T, float>::value ? T(4097) : T(134217729)); // 2^12+1, 2^27+1
    V ca = c * a;
    V ah = ca - (ca - a);
    V al = a - ah;
    V cb = c * b;
    V bh = cb - (cb - b);
    V bl = b - bh;
    V e1 = ah * bh;
    e1 = e1 - p;
    V e2 = ah * bl;
    e1 = e1 + e2;
    V e3 = al * bh;
    e1 = e1 + e3;
    V e4 = al * bl;
    V e = e1 + e4;
#endif
    return {p, e};
}

// x - q a for a quotient q of x / a.  With an FMA one fnma: the exact value rounded once.  It
// is the exact value whenever that fits in V: x and q a both lie on the grid of ulp(q) ulp(a),
// so |x - q a| < k ulp(q) |a| takes fewer than digits bits when k A < 2^digits, A the
// integer significand of a: always for q within an ulp (k = 1, Markstein's theorem), and for
// a = 6 (A = 3) even with q a few ulps off.  Without an FMA, Dekker's product and two
// subtractions, of which x - p.hi is exact (Sterbenz: p.hi is within a factor 2 of x).
template <class V> ACTMATH_INLINE V residual(V const& x, V const& q, V const& a) noexcept {
#if defined(__FMA__) || defined(__FMA4__)
    return core::fnma(q, a, x);
#else
    two_result<V> p = core::two_prod(q, a);
    return (x - p.hi) - p.lo;
#endif
}

// x / a with the quotient's error: e = (x - q a) / a, the remainder computed exactly by
// residual and divided once (so e is the error to within a relative 2^-digits).
template <class V> ACTMATH_INLINE two_result<V> quotient(V const& x, V const& a) noexcept {
    V q = x / a;
    return {q, core::residual(x, q, a) / a};
}

} // namespace core
} // namespace actmath
