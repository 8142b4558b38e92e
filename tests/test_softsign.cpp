// softsign.
#include <actmath/activations/softsign.hpp>

#include "reference/softsign.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

TEST_CASE("softsign", "[softsign]") {
    check_function(softsign_spec(), actmath::softsign<float>{}, actmath::softsign<double>{});
}

TEST_CASE("softsign reference values", "[softsign]") {
    actmath::softsign<double> s;
    actmath::softsign<float> sf;
    // By hand: 3 / 4, -1 / 2, 1 / 16, 1 / 64; 0.1 / 1.1 = 1 / 11 and (10 / 11)^2 = 100 / 121.
    CHECK(s.forward(3.0) == 0.75);
    CHECK(s.forward(-1.0) == -0.5);
    CHECK(s.derivative(3.0) == 0.0625);
    CHECK(s.derivative(-7.0) == 1.0 / 64);
    CHECK(s.forward(0.1) == Approx(1.0 / 11).epsilon(1e-15));
    CHECK(s.derivative(0.1) == Approx(100.0 / 121).epsilon(1e-15));
    CHECK(s.derivative_from_output(s.forward(3.0)) == 0.0625);
    // The limits and the huge finite inputs: never inf / inf.
    const float inf = std::numeric_limits<float>::infinity();
    CHECK(sf.forward(inf) == 1.0f);
    CHECK(sf.forward(-inf) == -1.0f);
    CHECK(sf.forward(3e38f) == 1.0f);
    CHECK(sf.derivative(inf) == 0.0f);
    // 1 / (1 + 1e20)^2 = 1e-40 is a subnormal float, not a flushed 0 (d^2 would overflow).
    CHECK(sf.derivative(1e20f) == Approx(1e-40).margin(1.5e-45));
    CHECK(sf.derivative(1e20f) > 0);
    CHECK(std::signbit(sf.forward(-0.0f)));
    CHECK(std::isnan(sf.forward(std::numeric_limits<float>::quiet_NaN())));
    CHECK(std::isnan(sf.derivative(std::numeric_limits<float>::quiet_NaN())));
    CHECK(std::isnan(sf.derivative_from_output(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("softsign kernels", "[softsign]") {
    std::vector<float> x = {-3e38f, -30, -1, -0.0f, 1e-30f, 0.25f, 3, 4e7f, 1e20f}, y(x.size()), d(x.size()), o(x.size());
    actmath::softsign<float> s;
    actmath::forward(s, x, y);
    actmath::derivative(s, x, d);
    actmath::derivative_from_output(s, y, o);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(same_bits(y[i], s.forward(x[i])));
        CHECK(same_bits(d[i], s.derivative(x[i])));
        CHECK(same_bits(o[i], s.derivative_from_output(y[i])));
    }
}

TEST_CASE("softsign: every length, offset, in place", "[softsign][kernels]") {
    walk_kernels<float>(actmath::softsign<float>{});
    walk_kernels<double>(actmath::softsign<double>{});
}
