// Reference formulas for the rectifier family (relu, relu6, leaky_relu, prelu, rrelu,
// threshold), in long double, written from PyTorch's definitions and its kink choices.
//
// A parameter is a value of the functor's type (leaky_relu<float>'s slope is 0.01f, not
// 0.01), so the exact reference takes the parameter as the functor stores it: the *_spec
// builders take it as long double, and the tests build one spec per type.  The catalogue
// entries (one spec for both types) use the double parameter: there the float figure also
// contains the rounding of the parameter to float (0.01f is 0.01 (1 - 2.2e-8)).
#pragma once

#include <actmath/activations/relu.hpp>

#include "../support/check.hpp"

namespace actmath_test {

inline ld ref_relu(ld x) { return std::isnan(x) ? x : x < 0 ? 0 : x; }
inline ld ref_drelu(ld x) { return std::isnan(x) ? x : x > 0 ? 1 : 0; }
inline ld ref_relu6(ld x) { return std::isnan(x) ? x : x < 0 ? 0 : x > 6 ? 6 : x; }
inline ld ref_drelu6(ld x) { return std::isnan(x) ? x : (x > 0 && x < 6) ? 1 : 0; }

inline spec relu_spec() {
    spec s;
    s.name = "relu";
    s.f = ref_relu;
    s.df = ref_drelu;
    s.bound_f = s.bound_df = s.bound_f_double = s.bound_df_double = 0;
    s.kinks = {0};
    s.specials = {{0, 0, 0},       {-0.0L, -0.0L, 0}, {inf, inf, 1}, {-inf, 0, 0}, {nan, nan, nan},
                  {-1e30L, 0, 0},  {1e30L, 1e30L, 1}, {-2, 0, 0},    {3, 3, 1}};
    s.dfo_tol = 0;
    return s;
}

inline spec relu6_spec() {
    spec s;
    s.name = "relu6";
    s.f = ref_relu6;
    s.df = ref_drelu6;
    s.bound_f = s.bound_df = s.bound_f_double = s.bound_df_double = 0;
    s.kinks = {0, 6};
    s.specials = {{0, 0, 0},    {-0.0L, -0.0L, 0}, {6, 6, 0},     {inf, 6, 0}, {-inf, 0, 0},
                  {nan, nan, nan}, {5.5L, 5.5L, 1},  {7, 6, 0},     {-1, 0, 0}};
    s.dfo_tol = 0;
    return s;
}

// x > 0 ? x : slope x; the slope at the kink, as PyTorch's leaky_relu_backward.
inline spec slope_spec(std::string name, ld slope) {
    spec s;
    s.name = std::move(name);
    s.f = [slope](ld x) {
        if (std::isinf(x) && x < 0) return slope > 0 ? -inf : slope < 0 ? inf : -0.0L; // the limit of slope x
        return std::isnan(x) ? x : x > 0 ? x : slope * x;
    };
    s.df = [slope](ld x) { return std::isnan(x) ? x : x > 0 ? ld(1) : slope; };
    // One correctly rounded product: 0.5 ulp, plus long double's own rounding of a
    // double x double product (2^-11 ulp).
    s.bound_f = 0.5;
    s.bound_f_double = 0.501;
    s.bound_df = s.bound_df_double = 0.5;
    s.kinks = {0};
    s.specials = {{0, 0, slope},     {-0.0L, -0.0L, slope}, {inf, inf, 1}, {-inf, slope > 0 ? -inf : slope < 0 ? inf : -0.0L, slope},
                  {nan, nan, nan},   {2, 2, 1},             {-2, -2 * slope, slope}};
    s.dfo_tol = 0;
    return s;
}

inline spec leaky_relu_spec(ld negative_slope = 0.01L) { return slope_spec("leaky_relu", negative_slope); }
inline spec prelu_spec(ld weight = 0.25L) { return slope_spec("prelu", weight); }
inline spec rrelu_spec(ld slope) { return slope_spec("rrelu", slope); }

inline spec threshold_spec(ld th, ld value) {
    spec s;
    s.name = "threshold";
    s.f = [th, value](ld x) { return std::isnan(x) ? x : x > th ? x : value; };
    s.df = [th](ld x) { return std::isnan(x) ? x : x > th ? ld(1) : ld(0); };
    s.bound_f = s.bound_df = s.bound_f_double = s.bound_df_double = 0;
    s.kinks = {th};
    s.specials = {{th, value, 0}, {inf, inf, 1}, {-inf, value, 0}, {nan, nan, nan}, {th + 1, th + 1, 1}, {th - 1, value, 0}};
    return s;
}

inline std::vector<entry> relu_entries() {
    const actmath::rrelu<double> rd;
    // The double parameters; the float bound allows for the parameter's rounding to float.
    spec leaky = leaky_relu_spec(ld(0.01)), rr = rrelu_spec(ld(rd.slope()));
    leaky.bound_f = rr.bound_f = 1;
    return {make_entry("relu", relu_spec(), actmath::relu<float>{}, actmath::relu<double>{}),
            make_entry("relu", relu6_spec(), actmath::relu6<float>{}, actmath::relu6<double>{}),
            make_entry("relu", leaky, actmath::leaky_relu<float>{}, actmath::leaky_relu<double>{}),
            make_entry("relu", prelu_spec(0.25L), actmath::prelu<float>{}, actmath::prelu<double>{}),
            make_entry("relu", rr, actmath::rrelu<float>{}, rd),
            make_entry("relu", threshold_spec(0, 0), actmath::threshold<float>{}, actmath::threshold<double>{})};
}

} // namespace actmath_test
