// Reference formulas for mish, in long double, written from the definition
// x tanh(log(1 + e^x)); near the root of mish' (where tanh(sp) + x s (1 - tanh(sp)^2)
// cancels) MPFR at 256 bits when available, which the double measurement needs.
#pragma once

#include <actmath/activations/mish.hpp>

#include "../support/check.hpp"

#ifdef ACTMATH_HAVE_MPFR
#include <mpfr.h>
#endif

namespace actmath_test {

// mish'(x) = 0 at x = -1.192431214515495212137588340420739405601 (tools/fit_roots).
constexpr ld mish_root = -1.192431214515495212137588340420739405601L;

inline ld ref_mish(ld x) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return x > 0 ? x : -ld(0);
    return x * std::tanh(std::log1p(std::exp(x)));
}

#ifdef ACTMATH_HAVE_MPFR
inline ld mpfr_dmish(ld x) {
    mpfr_t v, s, t, u;
    mpfr_inits2(256, v, s, t, u, (mpfr_ptr)0);
    mpfr_set_ld(v, x, MPFR_RNDN);
    mpfr_exp(t, v, MPFR_RNDN);
    mpfr_log1p(t, t, MPFR_RNDN);
    mpfr_tanh(t, t, MPFR_RNDN);              // t = tanh(softplus(x))
    mpfr_neg(s, v, MPFR_RNDN);
    mpfr_exp(s, s, MPFR_RNDN);
    mpfr_add_ui(s, s, 1, MPFR_RNDN);
    mpfr_ui_div(s, 1, s, MPFR_RNDN);         // s = sigmoid(x)
    mpfr_sqr(u, t, MPFR_RNDN);
    mpfr_ui_sub(u, 1, u, MPFR_RNDN);
    mpfr_mul(u, u, s, MPFR_RNDN);
    mpfr_mul(u, u, v, MPFR_RNDN);
    mpfr_add(u, u, t, MPFR_RNDN);
    ld r = mpfr_get_ld(u, MPFR_RNDN);
    mpfr_clears(v, s, t, u, (mpfr_ptr)0);
    return r;
}
#endif

inline ld ref_dmish(ld x) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return x > 0 ? ld(1) : -ld(0);
#ifdef ACTMATH_HAVE_MPFR
    if (std::fabs(x - mish_root) < 0.75L) return mpfr_dmish(x);
#endif
    ld t = std::tanh(std::log1p(std::exp(x)));
    ld s = 1 / (1 + std::exp(-x));
    // 1 - t^2 = 4 (w + 1) / (w + 2)^2 with w = e^x (e^x + 2): no cancellation as t -> 1
    ld u = std::exp(x), w = u * (u + 2);
    ld one_minus_t2 = x > 0 ? 4 * (w + 1) / ((w + 2) * (w + 2)) : 1 - t * t;
    if (x > 20) {
        ld v = std::exp(-x);
        one_minus_t2 = 4 * v * v * (1 + v) * (1 + v) / ((1 + 2 * v + 2 * v * v) * (1 + 2 * v + 2 * v * v));
    }
    return t + x * s * one_minus_t2;
}

inline spec mish_spec() {
    spec s;
    s.name = "mish";
    s.f = ref_mish;
    s.df = ref_dmish;
    // the root of the derivative and the ends of its polynomial; where e^x leaves core::exp's
    // range, and where x e^x underflows to a subnormal and to zero (float, then double).
    s.kinks = {mish_root, mish_root - 0.125L, mish_root + 0.125L, -87.3365L, -103.279L, -104,
               -108.72L, -708.3964L, -745.1332L, -746, -752.5L};
    s.specials = {{0, 0, 0.6L},    {-0.0L, -0.0L, 0.6L}, {inf, inf, 1},        {-inf, -0.0L, -0.0L},
                  {nan, nan, nan}, {1e30L, 1e30L, 1},    {-1e30L, -0.0L, -0.0L}};
    return s;
}

inline std::vector<entry> mish_entries() {
    return {make_entry("mish", mish_spec(), actmath::mish<float>{}, actmath::mish<double>{})};
}

} // namespace actmath_test
