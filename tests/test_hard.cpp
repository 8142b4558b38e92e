// The hard family: hardtanh, hardsigmoid, hardswish.
#include <actmath/activations/hard.hpp>

#include "reference/hard.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

TEST_CASE("hardtanh", "[hard]") {
    check_function(hardtanh_spec(), actmath::hardtanh<float>{}, actmath::hardtanh<double>{});
}

// (One check per test case: the checker's sections are named by function and line.)
TEST_CASE("hardtanh on [-2.5, 0.75]", "[hard]") {
    check_function(hardtanh_spec(-2.5L, 0.75L), actmath::hardtanh<float>{-2.5f, 0.75f}, actmath::hardtanh<double>{-2.5, 0.75});
}

TEST_CASE("hardsigmoid", "[hard]") {
    check_function(hardsigmoid_spec(), actmath::hardsigmoid<float>{}, actmath::hardsigmoid<double>{});
}

TEST_CASE("hardswish", "[hard]") {
    check_function(hardswish_spec(), actmath::hardswish<float>{}, actmath::hardswish<double>{});
}

TEST_CASE("hard family reference values", "[hard]") {
    // By hand: hardsigmoid(1) = 4/6, hardswish(1) = 4/6, hardswish(-1) = -2/6,
    // hardswish'(1) = 5/6, hardswish'(-2.5) = -2/6; the quotients are correctly rounded.
    actmath::hardsigmoid<double> hs;
    actmath::hardswish<double> hw;
    CHECK(hs.forward(1.0) == 2.0 / 3.0);
    CHECK(hw.forward(1.0) == 2.0 / 3.0);
    CHECK(hw.forward(-1.0) == -1.0 / 3.0);
    CHECK(hw.derivative(1.0) == 5.0 / 6.0);
    CHECK(hw.derivative(-2.5) == -1.0 / 3.0);
    CHECK(hw.derivative(-1.5) == 0.0);
    // Where x * (1/6) loses: just above -3, hardsigmoid(x) = (x + 3) / 6 with x + 3 exact.
    actmath::hardsigmoid<float> hsf;
    const float x = std::nextafter(-3.0f, 0.0f); // -3 + 2^-22
    CHECK(hsf.forward(x) == float(std::ldexp(1.0, -22) / 6.0));
    // The limits, and the big finite input.
    actmath::hardswish<float> hwf;
    CHECK(hwf.forward(3e38f) == 3e38f);
    CHECK(hwf.forward(-std::numeric_limits<float>::infinity()) == 0.0f);
    CHECK(!std::signbit(hwf.forward(-std::numeric_limits<float>::infinity())));
    CHECK(std::signbit(hwf.forward(-0.0f)));
    CHECK(actmath::hardtanh<float>{}.forward(-7.0f) == -1.0f);
    CHECK(actmath::hardtanh<double>{0.0, 6.0}.forward(7.5) == 6.0);
}

TEST_CASE("hard family kinks and NaN", "[hard]") {
    actmath::hardswish<float> hw;
    actmath::hardsigmoid<float> hs;
    actmath::hardtanh<float> ht;
    CHECK(hw.derivative(-3.0f) == 0.0f); // current PyTorch: the outer pieces own the kinks
    CHECK(hw.derivative(3.0f) == 1.0f);
    CHECK(hs.derivative(-3.0f) == 0.0f);
    CHECK(hs.derivative(3.0f) == 0.0f);
    CHECK(ht.derivative(-1.0f) == 0.0f);
    CHECK(ht.derivative(1.0f) == 0.0f);
    const float q = std::numeric_limits<float>::quiet_NaN();
    CHECK(std::isnan(hw.forward(q)));
    CHECK(std::isnan(hw.derivative(q)));
    CHECK(std::isnan(hs.forward(q)));
    CHECK(std::isnan(hs.derivative(q)));
    CHECK(std::isnan(hs.derivative_from_output(q)));
    CHECK(std::isnan(ht.forward(q)));
    CHECK(std::isnan(ht.derivative(q)));
    CHECK(!actmath::has_derivative_from_output_v<actmath::hardswish<float>>);
    CHECK(actmath::has_derivative_from_output_v<actmath::hardtanh<double>>);
}

TEST_CASE("hardtanh parameter validation", "[hard]") {
    const double q = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS((actmath::hardtanh<double>{1.0, -1.0}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::hardtanh<double>{q, 1.0}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::hardtanh<float>{-1.0f, std::numeric_limits<float>::quiet_NaN()}), std::invalid_argument);
    CHECK_THROWS_WITH((actmath::hardtanh<double>{2.0, 1.0}), Catch::Contains("min_val must not exceed max_val"));
    CHECK_NOTHROW((actmath::hardtanh<double>{0.5, 0.5}));
    actmath::hardtanh<float> h{0.0f, 6.0f};
    CHECK(h.min_val == 0.0f);
    CHECK(h.max_val == 6.0f);
}

TEST_CASE("hard family kernels", "[hard]") {
    std::vector<double> x = {-30, -3, -1.5, -0.0, 0.25, 2.999, 3, 40}, y(x.size()), d(x.size());
    actmath::hardswish<double> h;
    actmath::forward(h, x, y);
    actmath::derivative(h, x, d);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(same_bits(y[i], h.forward(x[i])));
        CHECK(same_bits(d[i], h.derivative(x[i])));
    }
}

TEST_CASE("hard family: every length, offset, in place", "[hard][kernels]") {
    walk_kernels<float>(actmath::hardtanh<float>{});
    walk_kernels<double>(actmath::hardtanh<double>{-0.5, 2.0});
    walk_kernels<float>(actmath::hardsigmoid<float>{});
    walk_kernels<double>(actmath::hardsigmoid<double>{});
    walk_kernels<float>(actmath::hardswish<float>{});
    walk_kernels<double>(actmath::hardswish<double>{});
}
