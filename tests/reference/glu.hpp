// Reference activations for the gated units, in long double, written from the definitions
// (PyTorch's formulas): y = value * act(gate), d_value = dy act(gate),
// d_gate = dy value act'(gate).
#pragma once

#include <cmath>

#include "../support/ulp.hpp"

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

} // namespace gated_ref
} // namespace actmath_test
