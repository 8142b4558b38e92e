// Reference formulas for softsign, in long double (1 + |x| to 2^-64 relative, then one
// division): x / (1 + |x|) and 1 / (1 + |x|)^2, with the limits at +-inf.
#pragma once

#include <actmath/activations/softsign.hpp>

#include "../support/check.hpp"

namespace actmath_test {

inline ld ref_softsign(ld x) {
    if (std::isinf(x)) return x > 0 ? 1 : -1;
    return x / (1 + std::fabs(x));
}
inline ld ref_dsoftsign(ld x) {
    if (std::isinf(x)) return 0;
    ld d = 1 + std::fabs(x);
    return 1 / (d * d);
}

inline spec softsign_spec() {
    spec s;
    s.name = "softsign";
    s.f = ref_softsign;
    s.df = ref_dsoftsign;
    // 0 (the cusp of f'), the saturation points 2^25 / 2^54 and the forward's caps 2^26 / 2^55,
    // the derivative's scaled lanes from 2^32 / 2^256 and its caps 2^80 / 2^600.
    s.kinks = {0, 0x1p25L, -0x1p25L, 0x1p54L, -0x1p54L, 0x1p26L, -0x1p26L, 0x1p55L, -0x1p55L,
               0x1p32L, -0x1p32L, 0x1p256L, -0x1p256L, 0x1p80L, -0x1p80L, 0x1p600L, -0x1p600L};
    // Measured: forward 0.500, derivative 0.75 (AVX-512) and 1.0 (SSE2, no FMA) in both types.
    s.bound_f = s.bound_f_double = 1;
    s.bound_df = s.bound_df_double = 1.5;
    s.specials = {{0, 0, 1},   {-0.0L, -0.0L, 1}, {inf, 1, 0},       {-inf, -1, 0},       {nan, nan, nan},
                  {1, 0.5L, 0.25L}, {-1, -0.5L, 0.25L}, {3, 0.75L, 0.0625L}, {-7, -0.875L, 1.0L / 64}, {1e30L, 1, ref_dsoftsign(1e30L)}};
    s.lo = -20;
    s.hi = 20;
    return s;
}

inline std::vector<entry> softsign_entries() {
    return {make_entry("softsign", softsign_spec(), actmath::softsign<float>{}, actmath::softsign<double>{})};
}

} // namespace actmath_test
