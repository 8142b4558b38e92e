// Reference formulas for the GELU family, written from the definitions.
//
// With MPFR (ACTMATH_HAVE_MPFR) every reference is computed at 160 bits and rounded to long
// double: gelu's left tail needs erfc of an unrounded argument (the relative sensitivity of
// erfc(z) to z is 2 z^2), and gelu_tanh's tail e^v at v = -700 needs v to 2^-75 to judge a
// double.  Without MPFR the same formulas run in long double (good for float, not for the
// double tails).
#pragma once

#include <actmath/activations/gelu.hpp>

#include <cmath>

#include "../support/check.hpp"

#ifdef ACTMATH_HAVE_MPFR
#include <mpfr.h>
#endif

namespace actmath_test {

#ifdef ACTMATH_HAVE_MPFR
// A small RAII wrapper: the references below read like the formulas.
struct gelu_mp {
    static constexpr mpfr_prec_t prec = 160;
    mpfr_t v;
    gelu_mp() { mpfr_init2(v, prec); }
    explicit gelu_mp(ld x) { mpfr_init2(v, prec); mpfr_set_ld(v, x, MPFR_RNDN); }
    explicit gelu_mp(const char* s) { mpfr_init2(v, prec); mpfr_set_str(v, s, 10, MPFR_RNDN); }
    gelu_mp(gelu_mp const&) = delete;
    gelu_mp& operator=(gelu_mp const&) = delete;
    ~gelu_mp() { mpfr_clear(v); }
    ld get() const { return mpfr_get_ld(v, MPFR_RNDN); }
};
#endif

// Phi(x) = erfc(-x/sqrt2)/2 and gelu = x Phi(x), gelu' = Phi(x) + x e^(-x^2/2)/sqrt(2 pi).
// Shortcuts keep the test fast and are exact to far below an ulp: |x| < 2^-40 uses the first
// two terms of the series; beyond `big` the results are x and 1, or below the smallest double.
// MPFR is needed only in the tails and at the derivatives' roots: for |x| <= 8 and 1/100 away
// from the root long double is within 0.05 double ulp (the condition numbers there are below
// 64), so the test spends its MPFR calls where they matter.
constexpr ld gelu_inv_sqrt_2pi = 0.398942280401432677939946059934381868L;
inline bool gelu_long_double_enough(ld x, ld root) { return std::fabs(x) <= 8 && std::fabs(x - root) > 0.01L; }
constexpr ld gelu_root = -0.75179152469356445746L;
inline ld ref_gelu(ld x) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    if (std::fabs(x) < 0x1p-40L) return x * (0.5L + x * gelu_inv_sqrt_2pi);
    if (std::fabs(x) > 40) return x > 0 ? x : -0.0L;
#ifdef ACTMATH_HAVE_MPFR
    if (gelu_long_double_enough(x, gelu_root)) return x * std::erfc(-x / std::sqrt(2.0L)) / 2;
#endif
#ifdef ACTMATH_HAVE_MPFR
    gelu_mp a(x), r;
    mpfr_neg(a.v, a.v, MPFR_RNDN);
    mpfr_sqrt_ui(r.v, 2, MPFR_RNDN);
    mpfr_div(a.v, a.v, r.v, MPFR_RNDN);
    mpfr_erfc(r.v, a.v, MPFR_RNDN);
    gelu_mp X(x);
    mpfr_mul(r.v, r.v, X.v, MPFR_RNDN);
    mpfr_div_ui(r.v, r.v, 2, MPFR_RNDN);
    return r.get();
#else
    return x * std::erfc(-x / std::sqrt(2.0L)) / 2;
#endif
}
inline ld ref_dgelu(ld x) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return x > 0 ? 1.0L : -0.0L;
    if (std::fabs(x) < 0x1p-40L) return 0.5L + 2 * gelu_inv_sqrt_2pi * x;
    if (std::fabs(x) > 40) return x > 0 ? 1.0L : -0.0L;
#ifdef ACTMATH_HAVE_MPFR
    if (gelu_long_double_enough(x, gelu_root))
        return std::erfc(-x / std::sqrt(2.0L)) / 2 + x * std::exp(-x * x / 2) * gelu_inv_sqrt_2pi;
#endif
#ifdef ACTMATH_HAVE_MPFR
    gelu_mp a(x), r, e, c;
    mpfr_neg(a.v, a.v, MPFR_RNDN);
    mpfr_sqrt_ui(r.v, 2, MPFR_RNDN);
    mpfr_div(a.v, a.v, r.v, MPFR_RNDN);
    mpfr_erfc(r.v, a.v, MPFR_RNDN);
    mpfr_div_ui(r.v, r.v, 2, MPFR_RNDN); // Phi(x)
    mpfr_set_ld(e.v, x, MPFR_RNDN);
    mpfr_sqr(e.v, e.v, MPFR_RNDN);
    mpfr_div_si(e.v, e.v, -2, MPFR_RNDN);
    mpfr_exp(e.v, e.v, MPFR_RNDN);
    mpfr_set_ld(c.v, x, MPFR_RNDN);
    mpfr_mul(e.v, e.v, c.v, MPFR_RNDN);
    mpfr_const_pi(c.v, MPFR_RNDN);
    mpfr_mul_ui(c.v, c.v, 2, MPFR_RNDN);
    mpfr_sqrt(c.v, c.v, MPFR_RNDN);
    mpfr_div(e.v, e.v, c.v, MPFR_RNDN); // x phi(x)
    mpfr_add(r.v, r.v, e.v, MPFR_RNDN);
    return r.get();
#else
    const ld pi = 3.141592653589793238462643383279502884L;
    return std::erfc(-x / std::sqrt(2.0L)) / 2 + x * std::exp(-x * x / 2) / std::sqrt(2 * pi);
#endif
}

// x sigmoid(v), v = x (A + B x^2), and its derivative s + x v' e / (1 + e)^2 with
// e = e^-|v| (s (1 - s) in that form keeps the tails); A, B given as decimal strings
// ("2 sqrt(2/pi)" is built from pi).
struct sigmoid_product {
    bool tanh_form; // A = 2 sqrt(2/pi), B = 2 * 0.044715 * sqrt(2/pi); else A = 1.702, B = 0
    ld eval(ld x, bool derivative) const {
        if (std::isnan(x)) return x;
        if (std::isinf(x)) return derivative ? (x > 0 ? 1.0L : -0.0L) : (x > 0 ? x : -0.0L);
        // v ~ A x for tiny x: f = x (1/2 + A x / 4), f' = 1/2 + A x / 2.
        const ld a0 = tanh_form ? 1.595769121605730711759298680505249L : 1.702L;
        if (std::fabs(x) < 0x1p-40L) return derivative ? 0.5L + a0 * x / 2 : x * (0.5L + a0 * x / 4);
        const ld big = tanh_form ? 30 : 500; // e^-|v| is below 2^-1100 there
        if (std::fabs(x) > big) return derivative ? (x > 0 ? 1.0L : -0.0L) : (x > 0 ? x : -0.0L);
        auto in_long_double = [&] {
            const ld pi = 3.141592653589793238462643383279502884L;
            const ld A = tanh_form ? 2 * std::sqrt(2 / pi) : 1.702L;
            const ld B = tanh_form ? A * 0.044715L : 0;
            ld v = x * (A + B * x * x);
            ld e = std::exp(-std::fabs(v));
            ld s = v >= 0 ? 1 / (1 + e) : e / (1 + e);
            if (!derivative) return x * s;
            return s + x * (A + 3 * B * x * x) * e / ((1 + e) * (1 + e));
        };
#ifdef ACTMATH_HAVE_MPFR
        const ld root = tanh_form ? -0.75246142207101629484L : -0.75115425544128899826L;
        if (gelu_long_double_enough(x, root)) return in_long_double();
        gelu_mp A, B, X(x), x2, v, vp, e, d, s, r;
        if (tanh_form) {
            mpfr_const_pi(A.v, MPFR_RNDN);
            mpfr_ui_div(A.v, 2, A.v, MPFR_RNDN);
            mpfr_sqrt(A.v, A.v, MPFR_RNDN);
            mpfr_mul_ui(A.v, A.v, 2, MPFR_RNDN);
            mpfr_set_str(B.v, "0.044715", 10, MPFR_RNDN);
            mpfr_mul(B.v, B.v, A.v, MPFR_RNDN);
        } else {
            mpfr_set_str(A.v, "1.702", 10, MPFR_RNDN);
            mpfr_set_zero(B.v, 1);
        }
        mpfr_sqr(x2.v, X.v, MPFR_RNDN);
        mpfr_mul(v.v, B.v, x2.v, MPFR_RNDN);
        mpfr_add(v.v, v.v, A.v, MPFR_RNDN);
        mpfr_mul(v.v, v.v, X.v, MPFR_RNDN); // v = x (A + B x^2)
        mpfr_abs(e.v, v.v, MPFR_RNDN);
        mpfr_neg(e.v, e.v, MPFR_RNDN);
        mpfr_exp(e.v, e.v, MPFR_RNDN); // e = e^-|v|
        mpfr_add_ui(d.v, e.v, 1, MPFR_RNDN);
        if (mpfr_sgn(v.v) >= 0)
            mpfr_ui_div(s.v, 1, d.v, MPFR_RNDN);
        else
            mpfr_div(s.v, e.v, d.v, MPFR_RNDN);
        if (!derivative) {
            mpfr_mul(r.v, s.v, X.v, MPFR_RNDN);
            return r.get();
        }
        mpfr_mul_ui(vp.v, B.v, 3, MPFR_RNDN);
        mpfr_mul(vp.v, vp.v, x2.v, MPFR_RNDN);
        mpfr_add(vp.v, vp.v, A.v, MPFR_RNDN); // v' = A + 3 B x^2
        mpfr_mul(r.v, X.v, vp.v, MPFR_RNDN);
        mpfr_mul(r.v, r.v, e.v, MPFR_RNDN);
        mpfr_div(r.v, r.v, d.v, MPFR_RNDN);
        mpfr_div(r.v, r.v, d.v, MPFR_RNDN);
        mpfr_add(r.v, r.v, s.v, MPFR_RNDN);
        return r.get();
#else
        return in_long_double();
#endif
    }
};

inline ld ref_gelu_tanh(ld x) { return sigmoid_product{true}.eval(x, false); }
inline ld ref_dgelu_tanh(ld x) { return sigmoid_product{true}.eval(x, true); }
inline ld ref_quick_gelu(ld x) { return sigmoid_product{false}.eval(x, false); }
inline ld ref_dquick_gelu(ld x) { return sigmoid_product{false}.eval(x, true); }

// Special values shared by the three: f(+-0) = +-0, f'(0) = 1/2, f(+inf) = inf, f'(+inf) = 1,
// f(-inf) = -0 and f'(-inf) = -0 (the limits from below: both are negative there), NaN.
inline std::vector<special> gelu_family_specials() {
    return {{0, 0, 0.5L},   {-0.0L, -0.0L, 0.5L}, {inf, inf, 1},        {-inf, -0.0L, -0.0L},
            {nan, nan, nan}, {1e30L, 1e30L, 1},    {-1e30L, -0.0L, -0.0L}};
}

inline spec gelu_spec() {
    spec s;
    s.name = "gelu";
    s.f = ref_gelu;
    s.df = ref_dgelu;
    // The root of gelu' (-t0), the pieces of the fit (multiples of 1/2 up to 8), where the
    // shifted exponential starts (t = sqrt(128), sqrt(1024)), the underflow of the results
    // (float 14.4/14.6, double 38.6/38.7) and the clamp (16, 40).
    s.kinks = {-0.75179152469356445746L, 14.4L, -14.4L, 14.55L, -14.55L, 38.6L, -38.6L, 38.65L, -38.65L,
               16, -16, 40, -40, 11.3137084989847604L, -11.3137084989847604L, 32, -32};
    for (int k = 1; k <= 16; ++k) {
        s.kinks.push_back(ld(k) / 2);
        s.kinks.push_back(-ld(k) / 2);
    }
    s.specials = gelu_family_specials();
    return s;
}

inline spec gelu_tanh_spec() {
    spec s;
    s.name = "gelu_tanh";
    s.f = ref_gelu_tanh;
    s.df = ref_dgelu_tanh;
    // The root of the derivative, the start of the shifted exponential (v = -64, -512) and
    // the underflow of the results (float ~ -10.7, double ~ -21.6).
    s.kinks = {-0.75246142207101629484L, -6.7L, -10.7L, -10.75L, -19.5L, -21.6L, -21.65L};
    s.specials = gelu_family_specials();
    return s;
}

inline spec quick_gelu_spec() {
    spec s;
    s.name = "quick_gelu";
    s.f = ref_quick_gelu;
    s.df = ref_dquick_gelu;
    // The root of the derivative, v = -64 / -512, the underflow (float ~ -63.5, double ~ -441).
    s.kinks = {-0.75115425544128899826L, -37.6L, -63.5L, -64, -300.8L, -441.5L, -442};
    s.specials = gelu_family_specials();
    s.lo = -20;
    s.hi = 20;
    return s;
}

inline std::vector<entry> gelu_entries() {
    return {make_entry("gelu", gelu_spec(), actmath::gelu<float>{}, actmath::gelu<double>{}),
            make_entry("gelu", gelu_tanh_spec(), actmath::gelu_tanh<float>{}, actmath::gelu_tanh<double>{}),
            make_entry("gelu", quick_gelu_spec(), actmath::quick_gelu<float>{}, actmath::quick_gelu<double>{})};
}

} // namespace actmath_test
