// Reference formulas for softshrink, hardshrink and tanhshrink, in long double, written from
// PyTorch's definitions and the Taylor series of tanh.
//
// x - tanh(x) cancels for small x even in long double: below |x| = 1/2 it is summed from the
// Taylor series of tanh, whose coefficients come from the recurrence that tanh' = 1 - tanh^2
// gives, (n + 1) a(n+1) = [n = 0] - sum_{i+j=n} a(i) a(j) (a different route from the
// library's e^u series, so the two check each other).  At 1/2 the terms fall by 10 per
// order, 60 orders are far below long double's precision.
#pragma once

#include <actmath/activations/shrink.hpp>

#include <array>

#include "../support/check.hpp"

namespace actmath_test {

inline std::array<ld, 64> const& tanh_taylor() {
    static const std::array<ld, 64> a = [] {
        std::array<ld, 64> c{};
        c[1] = 1;
        for (int n = 1; n + 1 < 64; ++n) {
            ld s = 0;
            for (int i = 0; i <= n; ++i) s += c[i] * c[n - i];
            c[n + 1] = ((n == 0 ? 1 : 0) - s) / (n + 1);
        }
        return c;
    }();
    return a;
}

inline ld ref_tanhshrink(ld x) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return x;
    if (std::fabs(x) >= 0.5L) return x - std::tanh(x);
    auto const& a = tanh_taylor();
    ld x2 = x * x, s = 0;
    for (int n = 63; n >= 3; n -= 2) s = s * x2 - a[n]; // -(a3 x^3 + a5 x^5 + ...), odd n
    return s * x2 * x;
}
inline ld ref_dtanhshrink(ld x) {
    if (std::isnan(x)) return x;
    ld t = std::tanh(x);
    return t * t;
}

inline spec shrink_spec(std::string name, ld l, bool soft) {
    spec s;
    s.name = std::move(name);
    if (soft)
        s.f = [l](ld x) { return std::isnan(x) ? x : x > l ? x - l : x < -l ? x + l : ld(0); };
    else
        s.f = [l](ld x) { return std::isnan(x) ? x : std::fabs(x) > l ? x : ld(0); };
    s.df = [l](ld x) { return std::isnan(x) ? x : std::fabs(x) > l ? ld(1) : ld(0); };
    s.bound_f = s.bound_f_double = soft ? 0.5 : 0;
    s.bound_df = s.bound_df_double = 0;
    s.kinks = {l, -l};
    s.specials = {{0, 0, 0},      {-0.0L, -0.0L, 0}, {l, 0, 0},                {-l, -0.0L, 0},
                  {inf, inf, 1},  {-inf, -inf, 1},   {nan, nan, nan},          {l / 2, 0, 0},
                  {-l / 2, -0.0L, 0}, {l + 2, soft ? 2 : l + 2, 1}, {-l - 2, soft ? -2 : -l - 2, 1}};
    s.dfo_tol = 0;
    return s;
}
inline spec softshrink_spec(ld lambd = 0.5L) { return shrink_spec("softshrink", lambd, true); }
inline spec hardshrink_spec(ld lambd = 0.5L) { return shrink_spec("hardshrink", lambd, false); }

inline spec tanhshrink_spec() {
    spec s;
    s.name = "tanhshrink";
    s.f = ref_tanhshrink;
    s.df = ref_dtanhshrink;
    // The series / direct cut-off (1), and where tanh saturates in float and double.
    s.kinks = {1, -1, 9.1L, -9.1L, 19.1L, -19.1L};
    s.specials = {{0, 0, 0},       {-0.0L, -0.0L, 0}, {inf, inf, 1}, {-inf, -inf, 1}, {nan, nan, nan},
                  {3e38L, 3e38L, 1}, {-3e38L, -3e38L, 1}};
    return s;
}

inline std::vector<entry> shrink_entries() {
    return {make_entry("shrink", softshrink_spec(), actmath::softshrink<float>{}, actmath::softshrink<double>{}),
            make_entry("shrink", hardshrink_spec(), actmath::hardshrink<float>{}, actmath::hardshrink<double>{}),
            make_entry("shrink", tanhshrink_spec(), actmath::tanhshrink<float>{}, actmath::tanhshrink<double>{})};
}

} // namespace actmath_test
