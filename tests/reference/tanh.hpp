// Reference formulas for tanh, in long double, written from the definitions.
#pragma once

#include <actmath/activations/tanh.hpp>

#include "../support/check.hpp"

namespace actmath_test {

inline ld ref_tanh(ld x) { return std::tanh(x); }
// sech^2 x = 4 e / (1 + e)^2 with e = e^-2|x|: long double's range reaches e^-11355, so the
// subnormal tail of float and double is exact here.
inline ld ref_dtanh(ld x) {
    ld e = std::exp(-2 * std::fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
}

inline spec tanh_spec() {
    spec s;
    s.name = "tanh";
    s.f = ref_tanh;
    s.df = ref_dtanh;
    // Saturation of the forward (float, double) and the points past which the derivative is 0.
    s.kinks = {9.1L, -9.1L, 19.1L, -19.1L, 52.68L, -52.68L, 373.26L, -373.26L};
    s.specials = {{0, 0, 1},     {-0.0L, -0.0L, 1}, {inf, 1, 0},
                  {-inf, -1, 0}, {nan, nan, nan},   {1e30L, 1, 0}, {-1e30L, -1, 0}};
    return s;
}

inline std::vector<entry> tanh_entries() {
    return {make_entry("tanh", tanh_spec(), actmath::tanh<float>{}, actmath::tanh<double>{})};
}

} // namespace actmath_test
