// Unevaluated pairs hi + lo ("double-word" arithmetic, but for float as well as double):
// enough extra precision to keep a chain of a dozen operations within one final rounding.
// Used where a formula has no cancellation but many roundings (gelu, swish, core/gauss.hpp).
//
//   two_sum(a, b)       {s, e}: s = a + b rounded, e = a + b - s exactly (Knuth, TAOCP 4.2.2)
//   pair ops            add, mul, div of pairs; the lo parts are first-order corrections
//                       (relative error about 2^-2p), not exact
// All inputs must be finite: an inf leaves NaN in lo.  Callers clamp first.
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/value.hpp"

namespace actmath {
namespace core {

template <class V> struct pair {
    V hi, lo;
};

template <class V> ACTMATH_INLINE pair<V> two_sum(V const& a, V const& b) noexcept {
    V s = a + b;
    V bb = s - a;
    V e = (a - (s - bb)) + (b - bb);
    return {s, e};
}

template <class V> ACTMATH_INLINE pair<V> add(pair<V> const& a, pair<V> const& b) noexcept {
    pair<V> s = core::two_sum(a.hi, b.hi);
    return {s.hi, s.lo + (a.lo + b.lo)};
}
template <class V> ACTMATH_INLINE pair<V> add(pair<V> const& a, V const& b) noexcept {
    pair<V> s = core::two_sum(a.hi, b);
    return {s.hi, s.lo + a.lo};
}
template <class V> ACTMATH_INLINE pair<V> mul(pair<V> const& a, pair<V> const& b) noexcept {
    two_result<V> p = core::two_prod(a.hi, b.hi);
    return {p.hi, p.lo + core::fma(a.hi, b.lo, a.lo * b.hi)};
}
template <class V> ACTMATH_INLINE pair<V> mul(pair<V> const& a, V const& b) noexcept {
    two_result<V> p = core::two_prod(a.hi, b);
    return {p.hi, core::fma(a.lo, b, p.lo)};
}
template <class V> ACTMATH_INLINE pair<V> div(pair<V> const& a, pair<V> const& b) noexcept {
    V q = a.hi / b.hi;
    two_result<V> qb = core::two_prod(q, b.hi);
    V r = ((a.hi - qb.hi) - qb.lo) + core::fnma(q, b.lo, a.lo); // a - q b, to first order
    return {q, r / b.hi};
}
// hi + lo rounded once.
template <class V> ACTMATH_INLINE V value(pair<V> const& a) noexcept { return a.hi + a.lo; }

} // namespace core
} // namespace actmath
