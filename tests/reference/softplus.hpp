// Reference formulas for softplus and log_sigmoid, in long double, written from the definitions.
#pragma once

#include <actmath/activations/softplus.hpp>

#include "../support/check.hpp"

namespace actmath_test {

// beta x = zh + zl exactly (fmal: the product of a T and a T fits in two long doubles).
struct softplus_arg {
    ld zh, zl;
};
inline softplus_arg softplus_z(ld x, ld beta) {
    ld zh = beta * x;
    if (!std::isfinite(zh)) return {zh, 0};
    return {zh, std::fma(beta, x, -zh)};
}
// e^-|z| with z = zh + zl.
inline ld exp_neg_abs_z(softplus_arg z) {
    ld a = std::fabs(z.zh), al = z.zh < 0 ? -z.zl : z.zl;
    return std::exp(-a) * (1 - al);
}

// log(1 + e^(beta x)) / beta, and x where T(beta x) > threshold (PyTorch's switch, decided in
// the functor's type T).
template <class T> ld ref_softplus(ld x, ld beta, ld threshold) {
    if (std::isnan(x)) return x;
    if (ld(T(T(beta) * T(x))) > threshold) return x;
    softplus_arg z = softplus_z(x, beta);
    ld l = std::log1p(exp_neg_abs_z(z)) / beta;
    return x > 0 ? x + l : l;
}
template <class T> ld ref_dsoftplus(ld x, ld beta, ld threshold) {
    if (std::isnan(x)) return x;
    if (ld(T(T(beta) * T(x))) > threshold) return 1;
    softplus_arg z = softplus_z(x, beta);
    ld e = exp_neg_abs_z(z);
    return z.zh >= 0 ? 1 / (1 + e) : e / (1 + e);
}

template <class T> spec softplus_spec(ld beta = 1, ld threshold = 20) {
    spec s;
    char buf[64];
    std::snprintf(buf, sizeof buf, "softplus(%g,%g)", double(beta), double(threshold));
    s.name = beta == 1 && threshold == 20 ? std::string("softplus") : std::string(buf);
    s.f = [beta, threshold](ld x) { return ref_softplus<T>(x, beta, threshold); };
    s.df = [beta, threshold](ld x) { return ref_dsoftplus<T>(x, beta, threshold); };
    // The switch, and where e^(beta x) / beta leaves the normal and the subnormal range.
    s.kinks = {threshold / beta, -87.34L / beta, -103.97L / beta, -708.4L / beta, -745.13L / beta};
    // Outputs just above threshold/beta come from x on both sides of the switch, whose
    // derivatives differ by e^-threshold (docs/functions/softplus.md).
    s.dfo_ambiguous = [beta, threshold](ld x) {
        ld t = threshold / beta;
        return std::fabs(x - t) <= 1e-6L * std::fabs(t) + 4 * std::exp(-threshold) / beta;
    };
    const ld ln2 = std::log(ld(2));
    s.specials = {{0, ln2 / beta, 0.5}, {-0.0L, ln2 / beta, 0.5}, {inf, inf, 1},   {-inf, 0, 0},
                  {nan, nan, nan},      {1e30L, 1e30L, 1},        {-1e30L, 0, 0},  {-3e38L, 0, 0}};
    return s;
}

inline ld ref_log_sigmoid(ld x) { return x < 0 ? x - std::log1p(std::exp(x)) : -std::log1p(std::exp(-x)); }
inline ld ref_dlog_sigmoid(ld x) {
    ld e = std::exp(-std::fabs(x));
    return x > 0 ? e / (1 + e) : 1 / (1 + e);
}

inline spec log_sigmoid_spec() {
    spec s;
    s.name = "log_sigmoid";
    s.f = ref_log_sigmoid;
    s.df = ref_dlog_sigmoid;
    s.kinks = {87.34L, 103.97L, 708.4L, 745.13L};
    const ld ln2 = std::log(ld(2));
    s.specials = {{0, -ln2, 0.5},   {-0.0L, -ln2, 0.5},  {inf, 0, 0},         {-inf, -inf, 1},
                  {nan, nan, nan},  {-1e30L, -1e30L, 1}, {-3e38L, -3e38L, 1}, {1e30L, 0, 0}};
    return s;
}

inline std::vector<entry> softplus_entries() {
    // beta = 1: beta x is exact in either type, and the switch decided on the double value of
    // x is the switch of both (a float x is a double exactly), so one spec serves both types.
    return {make_entry("softplus", softplus_spec<double>(), actmath::softplus<float>{}, actmath::softplus<double>{}),
            make_entry("softplus", log_sigmoid_spec(), actmath::log_sigmoid<float>{},
                       actmath::log_sigmoid<double>{})};
}

} // namespace actmath_test
