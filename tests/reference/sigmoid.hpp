// Reference formulas for sigmoid, in long double, written from the definitions.
#pragma once

#include <actmath/activations/sigmoid.hpp>

#include "../support/check.hpp"

namespace actmath_test {

inline ld ref_sigmoid(ld x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }
inline ld ref_dsigmoid(ld x) {
    ld e = std::exp(-std::fabs(x));
    return e / ((1 + e) * (1 + e));
}

inline spec sigmoid_spec() {
    spec s;
    s.name = "sigmoid";
    s.f = ref_sigmoid;
    s.df = ref_dsigmoid;
    s.specials = {{0, 0.5, 0.25}, {-0.0L, 0.5, 0.25}, {inf, 1, 0}, {-inf, 0, 0}, {nan, nan, nan}};
    return s;
}

inline std::vector<entry> sigmoid_entries() {
    return {make_entry("sigmoid", sigmoid_spec(), actmath::sigmoid<float>{}, actmath::sigmoid<double>{})};
}

} // namespace actmath_test
