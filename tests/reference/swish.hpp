// Reference formulas for silu and swish, in long double, written from the definitions; near
// the root of silu' (where s (1 + x (1 - s)) cancels) MPFR at 256 bits when available, which
// the double measurement needs (long double leaves ~0.01 ulp of double only away from it).
#pragma once

#include <actmath/activations/swish.hpp>

#include "../support/check.hpp"

#ifdef ACTMATH_HAVE_MPFR
#include <mpfr.h>
#endif

namespace actmath_test {

// silu'(x) = 0 at x = -1.278464542761073795109358739022980155439 (tools/fit_roots).
constexpr ld silu_root = -1.278464542761073795109358739022980155439L;

// x sigmoid(z) for z = b x exactly.
inline ld ref_swish_b(ld b, ld x) {
    if (std::isnan(x)) return x;
    ld z = b * x;
    if (std::isinf(x)) return z > 0 ? x : z < 0 ? std::copysign(ld(0), x) : x / 2; // x s(z): x, 0 with x's sign, x/2
    if (z >= 0) return x / (1 + std::exp(-z));
    ld e = std::exp(z);
    return x * e / (1 + e);
}

#ifdef ACTMATH_HAVE_MPFR
// silu'(b x) = s (1 + z (1 - s)), z = b x, at 256 bits.
inline ld mpfr_dsilu(ld b, ld x) {
    mpfr_t z, s, t;
    mpfr_inits2(256, z, s, t, (mpfr_ptr)0);
    mpfr_set_ld(z, b, MPFR_RNDN);
    mpfr_set_ld(t, x, MPFR_RNDN);
    mpfr_mul(z, z, t, MPFR_RNDN);           // exact at 256 bits
    mpfr_neg(s, z, MPFR_RNDN);
    mpfr_exp(s, s, MPFR_RNDN);
    mpfr_add_ui(s, s, 1, MPFR_RNDN);
    mpfr_ui_div(s, 1, s, MPFR_RNDN);        // s = sigmoid(z)
    mpfr_ui_sub(t, 1, s, MPFR_RNDN);        // 1 - s
    mpfr_mul(t, t, z, MPFR_RNDN);
    mpfr_add_ui(t, t, 1, MPFR_RNDN);
    mpfr_mul(t, t, s, MPFR_RNDN);
    ld r = mpfr_get_ld(t, MPFR_RNDN);
    mpfr_clears(z, s, t, (mpfr_ptr)0);
    return r;
}
#endif

// silu'(z) at z = b x: the derivative of x sigmoid(b x) with respect to x.
inline ld ref_dswish_b(ld b, ld x) {
    if (std::isnan(x)) return x;
    ld z = b * x;
    if (std::isinf(x)) return z > 0 ? ld(1) : z < 0 ? -ld(0) : ld(0.5);
#ifdef ACTMATH_HAVE_MPFR
    if (std::fabs(z - silu_root) < 0.75L) return mpfr_dsilu(b, x);
#endif
    if (z >= 0) {
        ld e = std::exp(-z);
        return (1 + e + z * e) / ((1 + e) * (1 + e));
    }
    ld e = std::exp(z);
    return e * (1 + e + z) / ((1 + e) * (1 + e));
}

// d/db [x sigmoid(b x)] = x^2 s (1 - s) = x^2 e / (1 + e)^2, e = e^-|b x|.
inline ld ref_dswish_dbeta(ld b, ld x) {
    if (std::isnan(x)) return x;
    ld z = b * x;
    if (std::isinf(x)) return b == 0 ? x * x / 4 : ld(0);
    ld e = std::exp(-std::fabs(z));
    return x * x * e / ((1 + e) * (1 + e));
}

inline std::vector<ld> swish_kinks(ld b) {
    // the root of the derivative and the ends of its polynomial; where e^z leaves core::exp's
    // range, and where x e^x underflows to a subnormal and to zero (float, then double).
    std::vector<ld> k = {silu_root, silu_root - 0.125L, silu_root + 0.125L, -87.3365L, -103.279L, -104,
                         -108.72L, -708.3964L, -745.1332L, -746, -752.5L};
    for (ld& v : k) v /= b;
    return k;
}

inline spec silu_spec() {
    spec s;
    s.name = "silu";
    s.f = [](ld x) { return ref_swish_b(1, x); };
    s.df = [](ld x) { return ref_dswish_b(1, x); };
    s.kinks = swish_kinks(1);
    s.specials = {{0, 0, 0.5},          {-0.0L, -0.0L, 0.5}, {inf, inf, 1},      {-inf, -0.0L, -0.0L},
                  {nan, nan, nan},      {1e30L, 1e30L, 1},   {-1e30L, -0.0L, -0.0L}};
    return s;
}

// beta = 1.6875 = 27/16 is exact in float and double, so one long double reference serves both
// and beta x is genuinely rounded.
constexpr ld swish_test_beta = 1.6875L;

inline spec swish_spec(ld b = swish_test_beta) {
    spec s;
    s.name = "swish";
    s.f = [b](ld x) { return ref_swish_b(b, x); };
    s.df = [b](ld x) { return ref_dswish_b(b, x); };
    s.kinks = swish_kinks(b);
    s.specials = {{0, 0, 0.5}, {-0.0L, -0.0L, 0.5}, {inf, inf, 1}, {-inf, -0.0L, -0.0L}, {nan, nan, nan},
                  {-1e30L, -0.0L, -0.0L}};
    return s;
}

inline std::vector<entry> swish_entries() {
    return {make_entry("swish", silu_spec(), actmath::silu<float>{}, actmath::silu<double>{}),
            make_entry("swish", swish_spec(), actmath::swish<float>{float(swish_test_beta)},
                       actmath::swish<double>{double(swish_test_beta)})};
}

} // namespace actmath_test
