// The shrink family: softshrink, hardshrink, tanhshrink.
#include <actmath/activations/shrink.hpp>

#include "reference/shrink.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

TEST_CASE("softshrink", "[shrink]") {
    check_function(softshrink_spec(), actmath::softshrink<float>{}, actmath::softshrink<double>{});
}

// (One check per test case: the checker's sections are named by function and line.)
TEST_CASE("softshrink with lambd 1.25", "[shrink]") {
    check_function(softshrink_spec(1.25L), actmath::softshrink<float>{1.25f}, actmath::softshrink<double>{1.25});
}

TEST_CASE("hardshrink", "[shrink]") {
    check_function(hardshrink_spec(), actmath::hardshrink<float>{}, actmath::hardshrink<double>{});
}

TEST_CASE("hardshrink with lambd 0", "[shrink]") {
    check_function(hardshrink_spec(0), actmath::hardshrink<float>{0.0f}, actmath::hardshrink<double>{0.0});
}

TEST_CASE("tanhshrink", "[shrink]") {
    check_function(tanhshrink_spec(), actmath::tanhshrink<float>{}, actmath::tanhshrink<double>{});
}

TEST_CASE("shrink family reference values", "[shrink]") {
    actmath::tanhshrink<float> tf;
    actmath::tanhshrink<double> td;
    // x^3/3 - 2x^5/15 at 3e-8: 9e-24 (the next term is 1e-38 relative); in float
    // 3e-8 is 2.99999997e-8, whose cube over 3 is 8.99999973e-24.
    const double x3 = double(3e-8f);
    CHECK(tf.forward(3e-8f) == Approx(x3 * x3 * x3 / 3).epsilon(2.5e-7));
    CHECK(td.forward(3e-8) == Approx(9e-24).epsilon(1e-15));
    // 1 - tanh(1) = 0.238405844044235112 (tanh(1) = 0.761594155955764888, to 18 digits).
    CHECK(td.forward(1.0) == Approx(0.23840584404423511).epsilon(1e-15));
    CHECK(td.derivative(1.0) == Approx(0.58002565838597393).epsilon(1e-15)); // tanh(1)^2
    CHECK(td.forward(-0.5) == Approx(-0.03788284273999024).epsilon(1e-15)); // tanh(0.5) = 0.46211715726000976
    CHECK(tf.forward(3e38f) == 3e38f);
    CHECK(td.forward(40.0) == 39.0);
    CHECK(std::signbit(tf.forward(-0.0f)));
    CHECK(std::signbit(tf.forward(-1e-30f)));
    // softshrink(NaN) is NaN (not 0), and the zero piece keeps the sign of x.
    actmath::softshrink<float> s;
    CHECK(std::isnan(s.forward(std::numeric_limits<float>::quiet_NaN())));
    CHECK(std::isnan(s.derivative(std::numeric_limits<float>::quiet_NaN())));
    CHECK(std::signbit(s.forward(-0.25f)));
    CHECK(s.forward(2.0f) == 1.5f);
    CHECK(s.forward(-2.0f) == -1.5f);
    CHECK(s.derivative(0.5f) == 0.0f); // 0 on the closed [-lambd, lambd], as PyTorch
    CHECK(actmath::hardshrink<double>{}.forward(0.5) == 0.0);
    CHECK(actmath::hardshrink<double>{}.forward(0.75) == 0.75);
    CHECK(!actmath::has_derivative_from_output_v<actmath::tanhshrink<float>>);
    CHECK(actmath::has_derivative_from_output_v<actmath::softshrink<float>>);
}

TEST_CASE("shrink parameter validation", "[shrink]") {
    CHECK_THROWS_AS(actmath::softshrink<float>{-0.5f}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::hardshrink<double>{-1e-300}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::softshrink<double>{std::numeric_limits<double>::quiet_NaN()}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::hardshrink<float>{std::numeric_limits<float>::infinity()}, std::invalid_argument);
    CHECK_THROWS_WITH(actmath::softshrink<double>{-2.0}, Catch::Contains("lambd must be >= 0") && Catch::Contains("-2"));
    CHECK_NOTHROW(actmath::softshrink<double>{0.0});
    CHECK(actmath::softshrink<float>{0.25f}.lambd == 0.25f);
}

TEST_CASE("shrink family kernels", "[shrink]") {
    std::vector<float> x = {-30, -1, -0.5f, -0.0f, 1e-20f, 0.25f, 0.99f, 1, 3, 40}, y(x.size()), d(x.size());
    actmath::tanhshrink<float> t;
    actmath::forward(t, x, y);
    actmath::derivative(t, x, d);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(same_bits(y[i], t.forward(x[i])));
        CHECK(same_bits(d[i], t.derivative(x[i])));
    }
}

TEST_CASE("shrink family: every length, offset, in place", "[shrink][kernels]") {
    walk_kernels<float>(actmath::softshrink<float>{});
    walk_kernels<double>(actmath::softshrink<double>{2.0});
    walk_kernels<float>(actmath::hardshrink<float>{});
    walk_kernels<double>(actmath::hardshrink<double>{});
    walk_kernels<float>(actmath::tanhshrink<float>{});
    walk_kernels<double>(actmath::tanhshrink<double>{});
}
