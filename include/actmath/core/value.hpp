// The value vocabulary: everything actmath's math needs from a value type V, where V is a
// scalar (float, double) or an xsimd batch of them.  This is the only file that knows which
// xsimd version is installed (8.1 on Debian 12; 9 to 14 elsewhere): if a call differs between
// versions, the difference lives here and nowhere else.
//
//   scalar_t<V>, int_t<V>, mask_t<V>   the element type, the same-width integer, the mask
//   select(m, a, b)                     m ? a : b, lane-wise; never branches
//   lanes_or, lanes_and                 m1 | m2 and m1 & m2 for bool and batch_bool alike
//   fma(a, b, c)                        a*b + c; one rounding where the unit has FMA, and
//                                       the same answer for a scalar and every batch in it
//   fms(a, b, c), fnma(a, b, c)         a*b - c and c - a*b, rounded as fma is: the same bits
//                                       as fma(a, b, neg(c)) and fma(neg(a), b, c), one
//                                       instruction instead of two
//   neg(x)                              -x by the sign bit (xsimd 8.1: AVX-512 -(+0) is +0)
//   sqrt(x)                             correctly rounded, scalar or batch
//   as_int / as_float                   bit casts between V and int_t<V>
//   pow2i(n)                            2^n for an int_t<V> n
//   round_with_pow2_neg(x)              round_k(x) and 2^-round_k(x) together
//   round_int(x)                        nearest integer of x as both V and int_t<V>
//   round_int_mul(x, c)                 round_int(x c) with one rounding (one fma)
//   round_k(x)                          nearest integer of x as V (VRNDSCALE on AVX-512)
//   scale2(x, n), scale2k(x, k)         x 2^n rounded once, n an int_t<V> or k an integer-
//   scale2nk(x, n, k)                   (with both at hand: k on AVX-512, n elsewhere)
//                                       valued V (VSCALEF on AVX-512)
//   clamp(x, lo, hi), at_least(x, lo),  min(max(x, lo), hi), max(x, lo), min(x, hi); a NaN x
//   at_most(x, hi), bound<Max>(x, c)    passes through (bound: c a value, max or min)
//   neg_abs(x)                          -|x| (sets the sign bit)
//   in_register(v)                      v, held in a register (no load folded into each use)
//   recip(d)                            1/d within an ulp (2^-23), d normal in [2^-100, 2^100]:
//                                       a division, or VRCP14 and a Newton step for float on
//                                       AVX-512 (ACTMATH_RECIP_DIVIDE, config.hpp)
//   load_widened<D>(p)                  D::size floats from p as the double batch D (exact)
//   stream(p, v), stream_fence()        a non-temporal store of a batch to p aligned to its size
//                                       (VMOVNTPS/PD; an aligned store where there is none),
//                                       and the SFENCE that orders such stores before later ones
#pragma once

#include <cstdint>
#include <cstring>
#include <cmath>
#include <limits>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "actmath/config.hpp"

#if defined(XSIMD_VERSION_MAJOR) && XSIMD_VERSION_MAJOR < 9
#define ACTMATH_XSIMD_8 1
#else
#define ACTMATH_XSIMD_8 0
#endif

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

namespace actmath {
namespace core {

// ---- types ---------------------------------------------------------------------------------
template <class V> struct value_traits {
    static_assert(std::is_arithmetic<V>::value, "actmath: V must be float, double or an xsimd batch");
    using scalar = V;
    using integer = std::conditional_t<sizeof(V) <= 4, std::int32_t, std::int64_t>;
    using mask = bool;
    static constexpr bool is_batch = false;
    static constexpr std::size_t size = 1;
};
template <class T, class A> struct value_traits<xsimd::batch<T, A>> {
    using scalar = T;
    using integer = xsimd::batch<std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>, A>;
    using mask = xsimd::batch_bool<T, A>;
    static constexpr bool is_batch = true;
    static constexpr std::size_t size = xsimd::batch<T, A>::size;
};

template <class V> using scalar_t = typename value_traits<V>::scalar;
template <class V> using int_t = typename value_traits<V>::integer;
template <class V> using mask_t = typename value_traits<V>::mask;
template <class V> constexpr bool is_batch_v = value_traits<V>::is_batch;

// ---- select ----------------------------------------------------------------------------------
ACTMATH_INLINE float select(bool m, float a, float b) noexcept { return m ? a : b; }
ACTMATH_INLINE double select(bool m, double a, double b) noexcept { return m ? a : b; }
ACTMATH_INLINE std::int32_t select(bool m, std::int32_t a, std::int32_t b) noexcept { return m ? a : b; }
ACTMATH_INLINE std::int64_t select(bool m, std::int64_t a, std::int64_t b) noexcept { return m ? a : b; }
// For batches the overload is deliberately less specialised than xsimd::select, which
// argument-dependent lookup also finds: both give the same lanes.
template <class T, class A, class V>
ACTMATH_INLINE V select(xsimd::batch_bool<T, A> const& m, V const& a, V const& b) noexcept {
    return xsimd::select(m, a, b);
}

// Mask helpers that read the same for bool and batch_bool.
ACTMATH_INLINE bool any(bool m) noexcept { return m; }
template <class T, class A> ACTMATH_INLINE bool any(xsimd::batch_bool<T, A> const& m) noexcept { return xsimd::any(m); }
ACTMATH_INLINE bool all(bool m) noexcept { return m; }
template <class T, class A> ACTMATH_INLINE bool all(xsimd::batch_bool<T, A> const& m) noexcept { return xsimd::all(m); }

// m1 | m2 and m1 & m2 for bool and batch_bool alike (clang warns on | and & between bools;
// || and && do not apply to batch masks).  Both operands are always evaluated.
ACTMATH_INLINE bool lanes_or(bool a, bool b) noexcept { return a || b; }
ACTMATH_INLINE bool lanes_and(bool a, bool b) noexcept { return a && b; }
template <class T, class A>
ACTMATH_INLINE xsimd::batch_bool<T, A> lanes_or(xsimd::batch_bool<T, A> const& a, xsimd::batch_bool<T, A> const& b) noexcept {
    return a | b;
}
template <class T, class A>
ACTMATH_INLINE xsimd::batch_bool<T, A> lanes_and(xsimd::batch_bool<T, A> const& a, xsimd::batch_bool<T, A> const& b) noexcept {
    return a & b;
}

// ---- fused multiply-add ------------------------------------------------------------------------
// One rule for every value type in a translation unit: fused (one rounding) exactly when the
// unit is compiled with FMA instructions (__FMA__), x*y+z with two roundings otherwise.  So the
// scalar call and every batch width agree, and core/exact.hpp can rely on the trait
// has_fused_fma.  xsimd's own fma does not follow that rule: 8.1 has no AVX-512 fma kernel
// (x*y+z), and an SSE or AVX batch in an FMA unit would not be fused either; the intrinsics
// below make it so.
#if defined(__FMA__) || defined(__FMA4__)
constexpr bool has_fused_fma = true;
#else
constexpr bool has_fused_fma = false;
#endif

ACTMATH_INLINE float fma(float a, float b, float c) noexcept {
#if defined(__FMA__) || defined(__FMA4__)
    return std::fma(a, b, c);
#else
    float p = a * b;
    return p + c;
#endif
}
ACTMATH_INLINE double fma(double a, double b, double c) noexcept {
#if defined(__FMA__) || defined(__FMA4__)
    return std::fma(a, b, c);
#else
    double p = a * b;
    return p + c;
#endif
}
template <class T, class A>
ACTMATH_INLINE xsimd::batch<T, A> fma(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b,
                                      xsimd::batch<T, A> const& c) noexcept {
    constexpr bool f32 = std::is_same<T, float>::value;
    constexpr std::size_t bytes = sizeof(typename xsimd::batch<T, A>::register_type);
#if defined(__AVX512F__)
    if constexpr (bytes == 64) {
        if constexpr (f32) return _mm512_fmadd_ps(a, b, c);
        else return _mm512_fmadd_pd(a, b, c);
    }
#endif
#if defined(__FMA__) && (defined(__x86_64__) || defined(__i386__))
    if constexpr (bytes == 32) {
        if constexpr (f32) return _mm256_fmadd_ps(a, b, c);
        else return _mm256_fmadd_pd(a, b, c);
    } else if constexpr (bytes == 16) {
        if constexpr (f32) return _mm_fmadd_ps(a, b, c);
        else return _mm_fmadd_pd(a, b, c);
    }
#endif
    (void)f32;
    (void)bytes;
    return xsimd::fma(a, b, c);
}

// a*b - c and c - a*b.  Negation is exact, so these are fma(a, b, -c) and fma(-a, b, c) bit
// for bit, zeros included; on x86 each is one instruction (VFMSUB, VFNMADD) where the
// spelled-out form costs a sign flip first, which the compiler does not fold (core::neg is a
// bitwise xor, and xsimd 8.1 negates AVX-512 batches as 0 - x).
template <class V> ACTMATH_INLINE V fms(V const& a, V const& b, V const& c) noexcept;
template <class V> ACTMATH_INLINE V fnma(V const& a, V const& b, V const& c) noexcept;

// ---- bit casts ---------------------------------------------------------------------------------
ACTMATH_INLINE std::int32_t as_int(float x) noexcept { std::int32_t i; std::memcpy(&i, &x, 4); return i; }
ACTMATH_INLINE std::int64_t as_int(double x) noexcept { std::int64_t i; std::memcpy(&i, &x, 8); return i; }
ACTMATH_INLINE float as_float(std::int32_t i) noexcept { float x; std::memcpy(&x, &i, 4); return x; }
ACTMATH_INLINE double as_float(std::int64_t i) noexcept { double x; std::memcpy(&x, &i, 8); return x; }
template <class T, class A>
ACTMATH_INLINE int_t<xsimd::batch<T, A>> as_int(xsimd::batch<T, A> const& x) noexcept {
#if ACTMATH_XSIMD_8
    return xsimd::bitwise_cast<int_t<xsimd::batch<T, A>>>(x);
#else
    return xsimd::bitwise_cast<scalar_t<int_t<xsimd::batch<T, A>>>>(x);
#endif
}
template <class I, class A, class = std::enable_if_t<std::is_integral<I>::value>>
ACTMATH_INLINE auto as_float(xsimd::batch<I, A> const& i) noexcept {
    using T = std::conditional_t<sizeof(I) == 4, float, double>;
#if ACTMATH_XSIMD_8
    return xsimd::bitwise_cast<xsimd::batch<T, A>>(i);
#else
    return xsimd::bitwise_cast<T>(i);
#endif
}

// ---- elementary lane-wise helpers ------------------------------------------------------------
// Never `a != b` on floating values: xsimd 8.1 compares batches with the ordered predicate
// (NaN != NaN is false there, true for scalars).  Use !(a == b), which agrees everywhere.
template <class V> ACTMATH_INLINE mask_t<V> isnan(V const& x) noexcept { return !(x == x); }
template <class V> ACTMATH_INLINE V abs(V const& x) noexcept {
    using I = int_t<V>;
    using S = scalar_t<int_t<V>>;
    return core::as_float(core::as_int(x) & I(std::numeric_limits<S>::max()));
}
// |x| with the sign bit of s.
template <class V> ACTMATH_INLINE V copysign(V const& x, V const& s) noexcept {
    using I = int_t<V>;
    using S = scalar_t<int_t<V>>;
    const I sign = I(std::numeric_limits<S>::min());
    return core::as_float((core::as_int(x) & ~sign) | (core::as_int(s) & sign));
}
// Correctly rounded square root (IEEE), so the scalar and every batch agree.
ACTMATH_INLINE float sqrt(float x) noexcept { return std::sqrt(x); }
ACTMATH_INLINE double sqrt(double x) noexcept { return std::sqrt(x); }
template <class T, class A> ACTMATH_INLINE xsimd::batch<T, A> sqrt(xsimd::batch<T, A> const& x) noexcept {
    return xsimd::sqrt(x);
}

// v itself, loaded into a register once: an empty asm statement that takes the register and
// gives it back, so the compiler cannot fold the load into each instruction that reads v.
// g++ 12 does that when a loaded batch has two uses (sigmoid's y (1 - y)): the vector is then
// read from memory twice, three loads per batch of a backward where two do, and in L1 the
// loads are the limit.  The arithmetic is untouched.  Not in the drivers' loads: there it
// cost as much as it saved elsewhere (reglu forward on 4096 floats 33% slower).
template <class V> ACTMATH_INLINE V in_register(V const& v) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
    if constexpr (is_batch_v<V>) {
        typename V::register_type r = v;
#if defined(__AVX512F__)
        __asm__("" : "+v"(r));
#else
        __asm__("" : "+x"(r));
#endif
        return V(r);
    }
#endif
    return v;
}

// -x by flipping the sign bit.  Write core::neg(x), never -x, where the sign of a zero matters:
// xsimd 8.1 negates an AVX-512 batch as 0 - x, so -(+0) is +0 there but -0 for a scalar.
template <class V> ACTMATH_INLINE V neg(V const& x) noexcept {
    using I = int_t<V>;
    using S = scalar_t<int_t<V>>;
    return core::as_float(core::as_int(x) ^ I(std::numeric_limits<S>::min()));
}
// c - a*b (VFNMADD) when NegProduct, a*b - c (VFMSUB) otherwise.
template <bool NegProduct, class V> ACTMATH_INLINE V fused_sub(V const& a, V const& b, V const& c) noexcept {
#if defined(__FMA__) && (defined(__x86_64__) || defined(__i386__))
    if constexpr (is_batch_v<V>) {
        constexpr bool f32 = std::is_same<scalar_t<V>, float>::value;
        constexpr std::size_t bytes = sizeof(typename V::register_type);
#if defined(__AVX512F__)
        if constexpr (bytes == 64) {
            if constexpr (f32) return NegProduct ? _mm512_fnmadd_ps(a, b, c) : _mm512_fmsub_ps(a, b, c);
            else return NegProduct ? _mm512_fnmadd_pd(a, b, c) : _mm512_fmsub_pd(a, b, c);
        }
#endif
        if constexpr (bytes == 32) {
            if constexpr (f32) return NegProduct ? _mm256_fnmadd_ps(a, b, c) : _mm256_fmsub_ps(a, b, c);
            else return NegProduct ? _mm256_fnmadd_pd(a, b, c) : _mm256_fmsub_pd(a, b, c);
        } else if constexpr (bytes == 16) {
            if constexpr (f32) return NegProduct ? _mm_fnmadd_ps(a, b, c) : _mm_fmsub_ps(a, b, c);
            else return NegProduct ? _mm_fnmadd_pd(a, b, c) : _mm_fmsub_pd(a, b, c);
        }
    }
#endif
    if constexpr (NegProduct) return core::fma(core::neg(a), b, c);
    else return core::fma(a, b, core::neg(c));
}
template <class V> ACTMATH_INLINE V fms(V const& a, V const& b, V const& c) noexcept {
    return core::fused_sub<false>(a, b, c);
}
template <class V> ACTMATH_INLINE V fnma(V const& a, V const& b, V const& c) noexcept {
    return core::fused_sub<true>(a, b, c);
}
// The sign bit of s applied to x (x ^ sign(s)): multiplies x by +-1 without rounding.
template <class V> ACTMATH_INLINE V mulsign(V const& x, V const& s) noexcept {
    using I = int_t<V>;
    using S = scalar_t<int_t<V>>;
    return core::as_float(core::as_int(x) ^ (core::as_int(s) & I(std::numeric_limits<S>::min())));
}
template <class V> ACTMATH_INLINE mask_t<V> signbit(V const& x) noexcept {
    // The arithmetic shift spreads the sign bit over the word; masked with the bits of 1.0 it
    // gives 1.0 for a set sign bit and +0 otherwise.
    using I = int_t<V>;
    I spread = core::as_int(x) >> int(8 * sizeof(scalar_t<V>) - 1);
    return core::as_float(spread & core::as_int(V(scalar_t<V>(1)))) > V(0);
}

// max(c, x) (Max) or min(c, x), lane-wise: x where either is NaN or both are zeros (of either
// sign), as select(x < c, c, x) gives.  One instruction on x86, which returns its second
// operand in both cases (Intel SDM, MAXPS/MINPS); elsewhere a compare and a select.
template <bool Max, class V> ACTMATH_INLINE V bound(V const& x, V const& c) noexcept {
#if defined(__x86_64__) || defined(__i386__)
    if constexpr (is_batch_v<V>) {
        constexpr bool f32 = std::is_same<scalar_t<V>, float>::value;
#if defined(__AVX512F__)
        if constexpr (sizeof(V) == 64) {
            if constexpr (f32) return Max ? _mm512_max_ps(c, x) : _mm512_min_ps(c, x);
            else return Max ? _mm512_max_pd(c, x) : _mm512_min_pd(c, x);
        }
#endif
#if defined(__AVX__)
        if constexpr (sizeof(V) == 32) {
            if constexpr (f32) return Max ? _mm256_max_ps(c, x) : _mm256_min_ps(c, x);
            else return Max ? _mm256_max_pd(c, x) : _mm256_min_pd(c, x);
        }
#endif
#if defined(__SSE2__)
        if constexpr (sizeof(V) == 16) {
            if constexpr (f32) return Max ? _mm_max_ps(c, x) : _mm_min_ps(c, x);
            else return Max ? _mm_max_pd(c, x) : _mm_min_pd(c, x);
        }
#endif
    }
#endif
    return core::select(Max ? x < c : x > c, c, x);
}

// max(x, lo) and min(x, hi) for a constant bound, a NaN x unchanged: clamp's halves.
template <class V> ACTMATH_INLINE V at_least(V const& x, scalar_t<V> lo) noexcept { return core::bound<true>(x, V(lo)); }
template <class V> ACTMATH_INLINE V at_most(V const& x, scalar_t<V> hi) noexcept { return core::bound<false>(x, V(hi)); }

// clamp(x, lo, hi) = min(max(x, lo), hi); a NaN x comes back unchanged.  On x86 the min/max
// instructions return their second operand when either operand is NaN (Intel SDM, MAXPS), so
// max(lo, x) then min(hi, .) keeps a NaN x: two instructions where two compares and two
// blends were, with the same lanes as the scalar selects.
template <class V> ACTMATH_INLINE V clamp(V const& x, scalar_t<V> lo, scalar_t<V> hi) noexcept {
    return core::at_most(core::at_least(x, lo), hi);
}

// -|x| by setting the sign bit (one instruction).
template <class V> ACTMATH_INLINE V neg_abs(V const& x) noexcept {
    using I = int_t<V>;
    using S = scalar_t<int_t<V>>;
    return core::as_float(core::as_int(x) | I(std::numeric_limits<S>::min()));
}

// ---- exponent construction ---------------------------------------------------------------------
template <class V> struct fp_layout;
template <> struct fp_layout<float> {
    static constexpr int mant = 23, bias = 127;
};
template <> struct fp_layout<double> {
    static constexpr int mant = 52, bias = 1023;
};

// 2^n for an integer n in the normal exponent range, as V.  The scalar shift goes through the
// unsigned type: a garbage n (the exponent of a NaN lane) must not be undefined behaviour.
template <class V> ACTMATH_INLINE V pow2i(int_t<V> const& n) noexcept {
    using L = fp_layout<scalar_t<V>>;
    if constexpr (is_batch_v<V>) {
        return core::as_float((n + int_t<V>(L::bias)) << L::mant);
    } else {
        using U = std::make_unsigned_t<int_t<V>>;
        return core::as_float(static_cast<int_t<V>>(static_cast<U>(U(n) + U(L::bias)) << L::mant));
    }
}

// round_int(x): the integer nearest x (ties to even), as V (k) and int_t<V> (n), for
// |x| < 2^(mant-1).  The shifter trick needs no float-to-int conversion instruction, so it
// works on every target and every xsimd version alike.
template <class V> struct rounded {
    V k;
    int_t<V> n;
};
// 1.5 2^mant: t = y + round_shifter rounds y to an integer held in t's low bits, which
// from_shifted reads back as V and as int_t<V>.
template <class T> constexpr T round_shifter = T(1.5) * T(std::uint64_t(1) << fp_layout<T>::mant);
template <class V> ACTMATH_INLINE rounded<V> from_shifted(V const& t) noexcept {
    const V shifter(round_shifter<scalar_t<V>>);
    return {t - shifter, core::as_int(t) - core::as_int(shifter)};
}
template <class V> ACTMATH_INLINE rounded<V> round_int(V const& x) noexcept {
    return core::from_shifted(x + V(round_shifter<scalar_t<V>>));
}

// round_int(x c) with the product and the shift in one fma: an integer within 1/2 of the exact
// x c (one rounding; ties either way), which is all a range reduction needs.  Without a fused
// fma the product is rounded first, as round_int(x * c).
template <class V> ACTMATH_INLINE rounded<V> round_int_mul(V const& x, scalar_t<V> c) noexcept {
    return core::from_shifted(core::fma(x, V(c), V(round_shifter<scalar_t<V>>)));
}

// The integer nearest x (ties to even) as V, for |x| < 2^(mant-1): round_int's k in one
// instruction on AVX-512 (VRNDSCALE, round to nearest even: the same value as the shifter,
// though a small negative x gives -0 there and +0 through the shifter; callers use k only as
// a value).
template <class V> ACTMATH_INLINE V round_k(V const& x) noexcept {
#if defined(__AVX512F__)
    if constexpr (is_batch_v<V> && sizeof(V) == 64) {
        if constexpr (std::is_same<scalar_t<V>, float>::value)
            return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        else return _mm512_roundscale_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    }
#endif
    return core::round_int(x).k;
}

// x * 2^n for an integer n in [2*emin - mant, 2*emax] with one rounding: the product of two
// normal powers of two, so a result in the subnormal range is rounded once (gradual
// underflow) and a result past the largest finite value becomes inf.  One rounding needs
// x 2^(n>>1) to be normal, as it is for every caller here (|x| within a few powers of 2 of
// 1); VSCALEF rounds once for any x, so only there could the two paths differ.
template <class V> ACTMATH_INLINE V scale2(V const& x, int_t<V> const& n) noexcept {
#if defined(__AVX512F__)
    // VSCALEFPS/PD: x 2^n rounded once, subnormal results and overflow to inf included (Intel
    // SDM), i.e. the very product the two exact-then-rounded steps below compute: the same
    // bits in 2 instructions instead of 8 (tests/test_core against std::ldexp; tools/digest).
    if constexpr (is_batch_v<V> && sizeof(V) == 64) {
        if constexpr (std::is_same<scalar_t<V>, float>::value) {
            return _mm512_scalef_ps(x, _mm512_cvtepi32_ps(n));
        }
#if defined(__AVX512DQ__)
        else {
            return _mm512_scalef_pd(x, _mm512_cvtepi64_pd(n));
        }
#endif
    }
#endif
    int_t<V> n1 = n >> 1;
    int_t<V> n2 = n - n1;
    return (x * core::pow2i<V>(n1)) * core::pow2i<V>(n2);
}

// x 2^k for an integer-valued V k with |k| within scale2's range: VSCALEF takes k as it is on
// AVX-512; elsewhere k goes through round_int to scale2.  A NaN k gives NaN on AVX-512 and an
// unspecified value elsewhere: callers pass a NaN k only with a NaN x.
template <class V> ACTMATH_INLINE V scale2k(V const& x, V const& k) noexcept {
#if defined(__AVX512F__)
    if constexpr (is_batch_v<V> && sizeof(V) == 64) {
        if constexpr (std::is_same<scalar_t<V>, float>::value) return _mm512_scalef_ps(x, k);
        else return _mm512_scalef_pd(x, k);
    }
#endif
    return core::scale2(x, core::round_int(k).n);
}

// k = round_k(x) and t = 2^-k, for k in the normal exponent range (callers bound x): VRNDSCALE
// and VSCALEF on AVX-512; elsewhere one shifter gives k both as V and as int_t<V>, and pow2i
// the power, so that nothing is rounded twice.
template <class V> struct rounded_pow2 {
    V k;
    V t; // 2^-k
};
template <class V> ACTMATH_INLINE rounded_pow2<V> round_with_pow2_neg(V const& x) noexcept {
#if defined(__AVX512F__)
    if constexpr (is_batch_v<V> && sizeof(V) == 64) {
        V k = core::round_k(x);
        return {k, core::scale2k(V(scalar_t<V>(1)), core::neg(k))};
    }
#endif
    rounded<V> r = core::round_int(x);
    return {r.k, core::pow2i<V>(int_t<V>(0) - r.n)};
}

// x 2^n where the caller has n both as an integer and as the integer-valued V k (round_int
// gives both): VSCALEF takes k without converting n back on AVX-512, scale2 takes n elsewhere.
// The same bits as scale2(x, n); whichever form a target does not use is dead code.
template <class V> ACTMATH_INLINE V scale2nk(V const& x, int_t<V> const& n, V const& k) noexcept {
#if defined(__AVX512F__)
    if constexpr (is_batch_v<V> && sizeof(V) == 64) return core::scale2k(x, k);
#endif
    (void)k;
    return core::scale2(x, n);
}

// 1/d for a normal d with |d| in [2^-100, 2^100] (callers pass 1 + e, in [1, 2]).  A
// division, correctly rounded, unless ACTMATH_RECIP_DIVIDE is 0 (config.hpp: the default
// off AMD's Zen cores): then float on AVX-512 (with VL, so every batch width and the scalar
// use the same instruction) takes VRCP14PS, relative error below 2^-14 (Intel SDM), and one
// Newton step r + r (1 - d r), which squares it to 2^-28: within an ulp of 1/d (2^-23
// relative, the final rounding included; tests/test_core), 3 instructions that pipeline
// where a 512-bit division holds the FMA port of those cores for many cycles.  (Double
// always divides: it would need three Newton steps.)  The scalar takes the scalar form of the
// same instruction, so a scalar call and a batch lane agree bit for bit.  Callers that need
// a quotient to about half an ulp add the exact residual 1 - d r, which one fma gives.
template <class V> ACTMATH_INLINE V recip(V const& d) noexcept {
    using T = scalar_t<V>;
#if defined(__AVX512F__) && defined(__AVX512VL__) && !ACTMATH_RECIP_DIVIDE
    if constexpr (std::is_same<T, float>::value) {
        V r;
        if constexpr (!is_batch_v<V>) r = _mm_cvtss_f32(_mm_rcp14_ss(_mm_setzero_ps(), _mm_set_ss(d)));
        else if constexpr (sizeof(V) == 64) r = _mm512_rcp14_ps(d);
        else if constexpr (sizeof(V) == 32) r = _mm256_rcp14_ps(d);
        else r = _mm_rcp14_ps(d);
        return core::fma(core::fnma(d, r, V(T(1))), r, r);
    }
#endif
    return V(T(1)) / d;
}

// A non-temporal store of batch v to p, aligned to the batch's size (the driver aligns it):
// the line goes to memory without being read into the cache first.  x86 intrinsics by
// register width; any other target, or a width without one, stores normally.
// stream_fence() after the last one (SFENCE), as non-temporal stores are weakly ordered.
template <class T, class A> ACTMATH_INLINE void stream(T* p, xsimd::batch<T, A> const& v) noexcept {
    using B = xsimd::batch<T, A>;
    constexpr bool f32 = std::is_same<T, float>::value;
#if defined(__AVX512F__)
    if constexpr (sizeof(B) == 64) {
        if constexpr (f32) return _mm512_stream_ps(p, v);
        else return _mm512_stream_pd(p, v);
    }
#endif
#if defined(__AVX__)
    if constexpr (sizeof(B) == 32) {
        if constexpr (f32) return _mm256_stream_ps(p, v);
        else return _mm256_stream_pd(p, v);
    }
#endif
#if defined(__SSE2__)
    if constexpr (sizeof(B) == 16) {
        if constexpr (f32) return _mm_stream_ps(p, v);
        else return _mm_stream_pd(p, v);
    }
#endif
    (void)f32;
    v.store_aligned(p);
}
ACTMATH_INLINE void stream_fence() noexcept {
#if defined(__SSE2__)
    _mm_sfence();
#endif
}

// The D::size floats at p (any alignment) as the double batch D: every float is a double, so
// nothing is rounded.  One converting load per register width on x86 (VCVTPS2PD); elsewhere
// through a buffer.
template <class D> ACTMATH_INLINE D load_widened(float const* p) noexcept {
    static_assert(std::is_same<scalar_t<D>, double>::value && is_batch_v<D>, "actmath: load_widened makes a double batch");
#if defined(__AVX512F__)
    if constexpr (sizeof(D) == 64) return _mm512_cvtps_pd(_mm256_loadu_ps(p));
#endif
#if defined(__AVX__)
    if constexpr (sizeof(D) == 32) return _mm256_cvtps_pd(_mm_loadu_ps(p));
#endif
#if defined(__SSE2__)
    if constexpr (sizeof(D) == 16) return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<__m128i const*>(p))));
#endif
    alignas(64) double buf[D::size];
    for (std::size_t k = 0; k < D::size; ++k) buf[k] = double(p[k]);
    return D::load_aligned(buf);
}

} // namespace core
} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
