// Speed proposals for files the benchmark owner does not own (core/math.hpp, core/value.hpp,
// the family headers), written as the benchmark's own functors so they can be measured
// (bench/proposals.cpp, contender "proposal") and checked bit for bit against the library
// (tools/perf_proposals.cpp) before anyone moves them into the library.
#pragma once

#include <actmath/core/functor.hpp>

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace bench {
namespace proposal {

// ---- exp: the same math as core::exp, fewer instructions on AVX-512 -----------------------------
// core::exp spends 28 vector instructions per batch on AVX-512 (objdump of the exp row), 8 of
// them in scale2 (two shifts, four integer adds, two products) and 4 in the clamp (two
// compares, two masked moves).  Two changes that give the same bits:
//  - scale2(p, n) -> vscalefps(p, k): p * 2^k rounded once, subnormal results and overflow to
//    inf included (Intel SDM, VSCALEFPS), i.e. exactly the correctly rounded product that
//    scale2 computes in two exact-then-rounded steps; k is the rounded float already at hand.
//  - the clamp as vmaxps(lo, x) / vminps(hi, x): with x as the second operand a NaN x comes
//    back unchanged (SDM: "if either value is NaN, the second operand is returned").
// Scalars keep core::select / core::scale2, so scalar and batch still agree bit for bit.
template <class V> constexpr bool is_avx512_v =
    actmath::core::is_batch_v<V> && sizeof(V) == 64;

template <class V> ACTMATH_INLINE V clamp(V const& x, actmath::core::scalar_t<V> lo, actmath::core::scalar_t<V> hi) noexcept {
#if defined(__AVX512F__)
    if constexpr (is_avx512_v<V>) {
        if constexpr (std::is_same<actmath::core::scalar_t<V>, float>::value)
            return V(_mm512_min_ps(_mm512_set1_ps(hi), _mm512_max_ps(_mm512_set1_ps(lo), x)));
        else
            return V(_mm512_min_pd(_mm512_set1_pd(hi), _mm512_max_pd(_mm512_set1_pd(lo), x)));
    }
#endif
    V y = actmath::core::select(x < V(lo), V(lo), x);
    return actmath::core::select(y > V(hi), V(hi), y);
}

template <class V>
ACTMATH_INLINE V scale(V const& p, V const& k, actmath::core::int_t<V> const& n) noexcept {
#if defined(__AVX512F__)
    if constexpr (is_avx512_v<V>) {
        (void)n;
        if constexpr (std::is_same<actmath::core::scalar_t<V>, float>::value) return V(_mm512_scalef_ps(p, k));
        else return V(_mm512_scalef_pd(p, k));
    }
#endif
    (void)k;
    return actmath::core::scale2(p, n);
}

template <class V> ACTMATH_INLINE V exp(V const& x) noexcept {
    namespace core = actmath::core;
    using T = core::scalar_t<V>;
    using C = core::exp_consts<T>;
    V hi = proposal::clamp(x, C::lo_clamp, C::hi_clamp);
    core::rounded<V> k = core::round_int(hi * V(C::log2e));
    V r = core::fma(-k.k, V(C::ln2_hi), hi);
    r = core::fma(-k.k, V(C::ln2_lo), r);
    V q = core::expm1_poly_tail(r);
    V p = V(T(1)) + core::fma(r, r * q, r);
    return proposal::scale(p, k.k, k.n);
}

template <class T = float> struct exp_fn {
    using value_type = T;
    template <class V> V forward(V const& x) const noexcept { return proposal::exp(x); }
    template <class V> V derivative(V const& x) const noexcept { return proposal::exp(x); }
};

// ---- sigmoid: actmath::sigmoid's body (include/actmath/activations/sigmoid.hpp) with the exp
// above; tools/perf_proposals says whether it still gives the library's bits.
// (Tried and dropped: 1/(1+e) by three Newton steps from 24/17 - 8/17 d instead of the
// division: 6-7 fma cost more than one vdivps here, 26.8 us against 22.1 us at 65536 floats.)
template <class T = float> struct sigmoid {
    using value_type = T;
    template <class V> V forward(V const& x) const noexcept {
        namespace core = actmath::core;
        V e = proposal::exp(-core::abs(x));
        V d = V(T(1)) + e;
        V dl = e - (d - V(T(1)));
        V r = V(T(1)) / d;
        r = core::fma(-(dl * r), r, r);
        return core::select(x >= V(T(0)), r, e * r);
    }
    template <class V> V derivative(V const& x) const noexcept {
        namespace core = actmath::core;
        V e = proposal::exp(-core::abs(x));
        V d = V(T(1)) + e;
        V dl = e - (d - V(T(1)));
        V y = e / (d * d);
        V c = (dl + dl) * core::fma(d, V(T(-0.5)), V(T(1.5)));
        return core::fma(-c, y, y);
    }
};

} // namespace proposal
} // namespace bench

ACTMATH_SIMD_DIAGNOSTICS_END
