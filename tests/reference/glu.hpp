// Reference activations for the gated units, in long double, written from the definitions
// (PyTorch's formulas): y = value * act(gate), d_value = dy act(gate),
// d_gate = dy value act'(gate).
#pragma once

#include <cmath>

#include "../support/ulp.hpp"

#ifdef ACTMATH_HAVE_MPFR
#include <mpfr.h>
#endif

namespace actmath_test {
namespace gated_ref {

inline ld sigmoid(ld x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }
inline ld dsigmoid(ld x) {
    ld e = std::exp(-std::fabs(x));
    return e / ((1 + e) * (1 + e));
}
inline ld relu(ld x) { return std::isnan(x) ? x : x > 0 ? x : 0; }
inline ld drelu(ld x) { return std::isnan(x) ? x : x > 0 ? 1 : 0; } // relu'(0) = 0 (PyTorch)
inline ld silu(ld x) { return std::isinf(x) ? (x > 0 ? x : 0) : x * sigmoid(x); }
inline ld dsilu(ld x) {
    if (std::isinf(x)) return x > 0 ? 1 : 0;
    return sigmoid(x) + x * sigmoid(x) * sigmoid(-x);
}
// gelu(x) = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2.
inline ld gelu(ld x) {
    if (std::isinf(x)) return x > 0 ? x : 0;
    return x * std::erfc(-x / std::sqrt(2.0L)) / 2;
}
inline ld dgelu(ld x) {
    if (std::isinf(x)) return x > 0 ? 1 : 0;
    const ld inv_sqrt_2pi = 0.398942280401432677939946059934381868L;
    return std::erfc(-x / std::sqrt(2.0L)) / 2 + x * std::exp(-x * x / 2) * inv_sqrt_2pi;
}
// gelu_tanh(x) = x (1 + tanh(u)) / 2 = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
inline ld gelu_tanh(ld x) {
    if (std::isinf(x)) return x > 0 ? x : 0;
    const ld a = 0.797884560802865355879892119868763737L; // sqrt(2/pi)
    return x * sigmoid(2 * a * (x + 0.044715L * x * x * x));
}
inline ld dgelu_tanh(ld x) {
    if (std::isinf(x)) return x > 0 ? 1 : 0;
    const ld a = 0.797884560802865355879892119868763737L;
    ld v = 2 * a * (x + 0.044715L * x * x * x);
    ld dv = 2 * a * (1 + 3 * 0.044715L * x * x);
    return sigmoid(v) + x * dsigmoid(v) * dv;
}

#ifdef ACTMATH_HAVE_MPFR
// The derivatives of silu, gelu and gelu_tanh cross zero (x = -1.278, -0.752, -0.752): there
// the two terms cancel and long double loses the 11 bits it has over double.  MPFR at 200
// bits gives the exact value (then rounded to long double).
namespace mp {
struct num {
    mpfr_t v;
    num() { mpfr_init2(v, 200); }
    explicit num(ld x) : num() { mpfr_set_ld(v, x, MPFR_RNDN); }
    num(num const&) = delete;
    ~num() { mpfr_clear(v); }
    ld get() const { return mpfr_get_ld(v, MPFR_RNDN); }
};
// s = 1 / (1 + e^-v) and s (1 - s) = e^-v / (1 + e^-v)^2, into s and ds.
inline void sigmoid_pair(num& s, num& ds, num const& v) {
    num e, d;
    mpfr_neg(e.v, v.v, MPFR_RNDN);
    mpfr_exp(e.v, e.v, MPFR_RNDN);
    mpfr_add_ui(d.v, e.v, 1, MPFR_RNDN);
    mpfr_ui_div(s.v, 1, d.v, MPFR_RNDN);
    mpfr_mul(ds.v, s.v, s.v, MPFR_RNDN);
    mpfr_mul(ds.v, ds.v, e.v, MPFR_RNDN);
}
// s + x s (1 - s) dv
inline ld sigmoid_gate_derivative(ld x, num const& v, num const& dv) {
    num s, ds, t, xx(x);
    sigmoid_pair(s, ds, v);
    mpfr_mul(t.v, ds.v, xx.v, MPFR_RNDN);
    mpfr_mul(t.v, t.v, dv.v, MPFR_RNDN);
    mpfr_add(t.v, t.v, s.v, MPFR_RNDN);
    return t.get();
}
inline ld dsilu(ld x) {
    num v(x), dv(1);
    return sigmoid_gate_derivative(x, v, dv);
}
inline ld dgelu_tanh(ld x) {
    // v = 2 sqrt(2/pi) (x + 0.044715 x^3), dv = 2 sqrt(2/pi) (1 + 3 0.044715 x^2)
    num a, c, xx(x), x2, v, dv;
    mpfr_const_pi(a.v, MPFR_RNDN);
    mpfr_ui_div(a.v, 8, a.v, MPFR_RNDN);
    mpfr_sqrt(a.v, a.v, MPFR_RNDN); // 2 sqrt(2/pi) = sqrt(8/pi)
    mpfr_set_str(c.v, "0.044715", 10, MPFR_RNDN);
    mpfr_mul(x2.v, xx.v, xx.v, MPFR_RNDN);
    mpfr_mul(v.v, x2.v, c.v, MPFR_RNDN);
    mpfr_mul_ui(dv.v, v.v, 3, MPFR_RNDN);
    mpfr_add_ui(v.v, v.v, 1, MPFR_RNDN);
    mpfr_mul(v.v, v.v, xx.v, MPFR_RNDN);
    mpfr_mul(v.v, v.v, a.v, MPFR_RNDN);
    mpfr_add_ui(dv.v, dv.v, 1, MPFR_RNDN);
    mpfr_mul(dv.v, dv.v, a.v, MPFR_RNDN);
    return sigmoid_gate_derivative(x, v, dv);
}
inline ld dgelu(ld x) {
    // Phi(x) + x phi(x) = erfc(-x / sqrt 2) / 2 + x e^(-x^2/2) / sqrt(2 pi)
    num xx(x), t, p, q;
    mpfr_sqrt_ui(t.v, 2, MPFR_RNDN);
    mpfr_div(t.v, xx.v, t.v, MPFR_RNDN);
    mpfr_neg(t.v, t.v, MPFR_RNDN);
    mpfr_erfc(p.v, t.v, MPFR_RNDN);
    mpfr_div_ui(p.v, p.v, 2, MPFR_RNDN);
    mpfr_mul(q.v, xx.v, xx.v, MPFR_RNDN);
    mpfr_div_ui(q.v, q.v, 2, MPFR_RNDN);
    mpfr_neg(q.v, q.v, MPFR_RNDN);
    mpfr_exp(q.v, q.v, MPFR_RNDN);
    mpfr_mul(q.v, q.v, xx.v, MPFR_RNDN);
    mpfr_const_pi(t.v, MPFR_RNDN);
    mpfr_mul_ui(t.v, t.v, 2, MPFR_RNDN);
    mpfr_sqrt(t.v, t.v, MPFR_RNDN);
    mpfr_div(q.v, q.v, t.v, MPFR_RNDN);
    mpfr_add(p.v, p.v, q.v, MPFR_RNDN);
    return p.get();
}
} // namespace mp
#endif

// The derivative references the tests use: MPFR near the interior roots when available.
inline ld dsilu_ref(ld x) {
#ifdef ACTMATH_HAVE_MPFR
    if (std::isfinite(x) && std::fabs(x + 1.2785) < 0.5) return mp::dsilu(x);
#endif
    return dsilu(x);
}
inline ld dgelu_ref(ld x) {
#ifdef ACTMATH_HAVE_MPFR
    if (std::isfinite(x) && std::fabs(x + 0.7518) < 0.5) return mp::dgelu(x);
#endif
    return dgelu(x);
}
inline ld dgelu_tanh_ref(ld x) {
#ifdef ACTMATH_HAVE_MPFR
    if (std::isfinite(x) && std::fabs(x + 0.7525) < 0.5) return mp::dgelu_tanh(x);
#endif
    return dgelu_tanh(x);
}

} // namespace gated_ref
} // namespace actmath_test
