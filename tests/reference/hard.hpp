// Reference formulas for hardtanh, hardsigmoid and hardswish, in long double, written from
// PyTorch's definitions and its kink choices.  The approximations are judged against their
// own formulas (relu6(x + 3) / 6 and x relu6(x + 3) / 6), evaluated here in long double,
// whose 64-bit significand holds x + 3 and x (x + 3) exactly for every float and to 2^-64
// for a double.
#pragma once

#include <actmath/activations/hard.hpp>

#include "../support/check.hpp"

namespace actmath_test {

inline ld ref_relu6_of(ld v) { return v < 0 ? 0 : v > 6 ? 6 : v; }
inline ld ref_hardsigmoid(ld x) { return std::isnan(x) ? x : ref_relu6_of(x + 3) / 6; }
inline ld ref_dhardsigmoid(ld x) { return std::isnan(x) ? x : (x > -3 && x < 3) ? 1.0L / 6 : 0; }
inline ld ref_hardswish(ld x) {
    if (std::isnan(x)) return x;
    if (x <= -3) return 0; // the clamp is an exact zero (x relu6(x+3) would be -inf * 0 at -inf)
    if (x >= 3) return x;
    return x * (x + 3) / 6;
}
inline ld ref_dhardswish(ld x) { return std::isnan(x) ? x : x <= -3 ? 0 : x >= 3 ? 1 : (2 * x + 3) / 6; }

inline spec hardtanh_spec(ld lo = -1, ld hi = 1) {
    spec s;
    s.name = "hardtanh";
    s.f = [lo, hi](ld x) { return std::isnan(x) ? x : x < lo ? lo : x > hi ? hi : x; };
    s.df = [lo, hi](ld x) { return std::isnan(x) ? x : (x > lo && x < hi) ? ld(1) : ld(0); };
    s.bound_f = s.bound_df = s.bound_f_double = s.bound_df_double = 0;
    s.kinks = {lo, hi};
    s.specials = {{0, 0 < lo ? lo : 0 > hi ? hi : 0, (0 > lo && 0 < hi) ? 1.0L : 0.0L},
                  {lo, lo, 0}, {hi, hi, 0}, {inf, hi, 0}, {-inf, lo, 0}, {nan, nan, nan}};
    if (lo < 0 && hi > 0) s.specials.push_back({-0.0L, -0.0L, 1});
    s.dfo_tol = 0;
    return s;
}

inline spec hardsigmoid_spec() {
    spec s;
    s.name = "hardsigmoid";
    s.f = ref_hardsigmoid;
    s.df = ref_dhardsigmoid;
    s.bound_f = s.bound_f_double = 1;
    s.bound_df = s.bound_df_double = 0.5; // 1/6 rounded once
    s.kinks = {-3, 3};
    s.specials = {{0, 0.5L, 1.0L / 6}, {-0.0L, 0.5L, 1.0L / 6}, {-3, 0, 0}, {3, 1, 0},     {inf, 1, 0},
                  {-inf, 0, 0},        {nan, nan, nan},          {1.5L, 0.75L, 1.0L / 6},     {-1e30L, 0, 0}, {1e30L, 1, 0}};
    s.dfo_tol = 0;
    return s;
}

inline spec hardswish_spec() {
    spec s;
    s.name = "hardswish";
    s.f = ref_hardswish;
    s.df = ref_dhardswish;
    s.bound_f = s.bound_f_double = 1;
    s.bound_df = s.bound_df_double = 1;
    s.kinks = {-3, 3, -1.5L};
    s.specials = {{0, 0, 0.5L},     {-0.0L, -0.0L, 0.5L}, {-3, 0, 0},     {3, 3, 1},          {inf, inf, 1},
                  {-inf, 0, 0},     {nan, nan, nan},      {3e38L, 3e38L, 1}, {-3e38L, 0, 0},  {-1.5L, -0.375L, 0},
                  {1.5L, 1.125L, 1}, {-2, -1.0L / 3, -1.0L / 6}};
    return s;
}

inline std::vector<entry> hard_entries() {
    return {make_entry("hard", hardtanh_spec(), actmath::hardtanh<float>{}, actmath::hardtanh<double>{}),
            make_entry("hard", hardsigmoid_spec(), actmath::hardsigmoid<float>{}, actmath::hardsigmoid<double>{}),
            make_entry("hard", hardswish_spec(), actmath::hardswish<float>{}, actmath::hardswish<double>{})};
}

} // namespace actmath_test
