#include <actmath/actmath.hpp>

#include "reference/sigmoid.hpp"

using namespace actmath_test;

TEST_CASE("sigmoid", "[sigmoid]") {
    check_function(sigmoid_spec(), actmath::sigmoid<float>{}, actmath::sigmoid<double>{});
}

TEST_CASE("sigmoid reference values", "[sigmoid]") {
    actmath::sigmoid<double> s;
    // 1 / (1 + e^-1) and its derivative e / (1 + e)^2 at 1, to 17 digits.
    CHECK(s.forward(1.0) == Approx(0.7310585786300049).epsilon(1e-15));
    CHECK(s.derivative(1.0) == Approx(0.19661193324148185).epsilon(1e-15));
    // The tails that 1 - sigmoid loses: sigmoid'(30) = e^-30 / (1 + e^-30)^2.
    actmath::sigmoid<float> sf;
    CHECK(sf.derivative(30.0f) == Approx(9.357622968839299e-14).epsilon(4e-7));
    CHECK(sf.forward(-100.0f) == Approx(3.720075976020836e-44).margin(2e-45));
    CHECK(sf.forward(-100.0f) > 0);
}
