// Reference formulas for elu, selu and celu, in long double, written from the definitions.
#pragma once

#include <actmath/activations/elu.hpp>

#include "../support/check.hpp"

namespace actmath_test {

// Klambauer et al. 2017, 32 digits.
constexpr ld selu_lambda = 1.0507009873554804934193349852946L;
constexpr ld selu_alpha = 1.6732632423543772848170429916717L;

// "elu(0.5)": a parameter as %g, for the names of non-default specs.
inline std::string elu_param_name(const char* fn, ld a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s(%g)", fn, double(a));
    return buf;
}

inline ld ref_elu(ld x, ld alpha) { return x > 0 ? x : alpha * std::expm1(x); }
inline ld ref_delu(ld x, ld alpha) { return x > 0 ? 1 : alpha * std::exp(x); }

// celu with t = x / alpha carried as t_hi + t_lo (fmal gives the exact remainder), so the
// reference stays exact for double x at x / alpha = -745 where e^t magnifies t's error.
struct celu_arg {
    ld hi, lo;
};
inline celu_arg celu_t(ld x, ld alpha) {
    ld hi = x / alpha;
    if (!std::isfinite(hi)) return {hi, 0};
    return {hi, std::fma(-hi, alpha, x) / alpha};
}
inline ld ref_celu(ld x, ld alpha) {
    if (x > 0) return x;
    celu_arg t = celu_t(x, alpha);
    ld em1 = std::expm1(t.hi);
    if (std::isfinite(em1)) em1 += (em1 + 1) * t.lo;
    return alpha * em1;
}
inline ld ref_dcelu(ld x, ld alpha) {
    if (x > 0) return 1;
    celu_arg t = celu_t(x, alpha);
    return std::exp(t.hi) * (1 + t.lo);
}

inline spec elu_spec(ld alpha = 1) {
    spec s;
    s.name = alpha == 1 ? std::string("elu") : elu_param_name("elu", alpha);
    s.f = [alpha](ld x) { return ref_elu(x, alpha); };
    s.df = [alpha](ld x) { return ref_delu(x, alpha); };
    // The kink, and where alpha e^x drops below half the smallest subnormal (float, double).
    s.kinks = {0, -103.97L, -745.13L};
    s.specials = {{0, 0, alpha},           {-0.0L, -0.0L, alpha}, {inf, inf, 1},      {-inf, -alpha, 0},
                  {nan, nan, nan},         {1e30L, 1e30L, 1},     {-1e30L, -alpha, 0}, {-6e-30L, -6e-30L * alpha, alpha}};
    return s;
}

inline spec selu_spec() {
    spec s;
    s.name = "selu";
    const ld la = selu_lambda * selu_alpha;
    s.f = [la](ld x) { return x > 0 ? selu_lambda * x : la * std::expm1(x); };
    s.df = [la](ld x) { return x > 0 ? selu_lambda : la * std::exp(x); };
    s.kinks = {0, -104.5363L, -745.6975L};
    s.specials = {{0, 0, la},       {-0.0L, -0.0L, la}, {inf, inf, selu_lambda}, {-inf, -la, 0},
                  {nan, nan, nan},  {-1e30L, -la, 0}};
    return s;
}

inline spec celu_spec(ld alpha = 1) {
    spec s;
    s.name = alpha == 1 ? std::string("celu") : elu_param_name("celu", alpha);
    s.f = [alpha](ld x) { return ref_celu(x, alpha); };
    s.df = [alpha](ld x) { return ref_dcelu(x, alpha); };
    s.kinks = {0, -103.97L * alpha, -745.13L * alpha};
    s.specials = {{0, 0, 1}, {-0.0L, -0.0L, 1}, {inf, inf, 1}, {nan, nan, nan}, {1e30L, 1e30L, 1}};
    if (alpha > 0) s.specials.push_back({-inf, -alpha, 0});
    return s;
}

inline std::vector<entry> elu_entries() {
    return {make_entry("elu", elu_spec(), actmath::elu<float>{}, actmath::elu<double>{}),
            make_entry("elu", selu_spec(), actmath::selu<float>{}, actmath::selu<double>{}),
            make_entry("elu", celu_spec(), actmath::celu<float>{}, actmath::celu<double>{})};
}

} // namespace actmath_test
