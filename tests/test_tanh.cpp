#include <actmath/activations/tanh.hpp>

#include "reference/tanh.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

TEST_CASE("tanh", "[tanh]") {
    check_function(tanh_spec(), actmath::tanh<float>{}, actmath::tanh<double>{});
}

TEST_CASE("tanh reference values", "[tanh]") {
    // Values from mpmath at 200 bits: tanh(1/2), sech^2(1/2), sech^2(-25), sech^2(52).
    actmath::tanh<double> t;
    CHECK(t.forward(0.5) == Approx(0.4621171572600097585).epsilon(4e-16));
    CHECK(t.derivative(0.5) == Approx(0.78644773296592741015).epsilon(4e-16));
    CHECK(t.derivative_from_output(t.forward(0.5)) == Approx(0.78644773296592741015).epsilon(1e-15));
    actmath::tanh<float> tf;
    // The tail 1 - tanh^2 loses entirely: 1 - tanh(-25)^2 is 0 in float.
    CHECK(tf.derivative(-25.0f) == Approx(7.7149993918556711321e-22).epsilon(4 * 6e-8));
    CHECK(tf.derivative(25.0f) == tf.derivative(-25.0f));
    // sech^2(52) = 2.725e-45 rounds to 2 * 2^-149 (gradual underflow, no flush to zero).
    CHECK(tf.derivative(52.0f) == 2 * std::numeric_limits<float>::denorm_min());
    CHECK(tf.derivative(53.0f) == 0.0f);
    CHECK(tf.forward(1e-30f) == 1e-30f);
    CHECK(std::signbit(tf.forward(-0.0f)));
    CHECK(tf.forward(-std::numeric_limits<float>::denorm_min()) == -std::numeric_limits<float>::denorm_min());
}

TEST_CASE("tanh: every length, offset, in place", "[tanh][kernels]") {
    walk_kernels<float>(actmath::tanh<float>{});
    walk_kernels<double>(actmath::tanh<double>{});
}

TEST_CASE("tanh kernels", "[tanh]") {
    std::vector<double> x = {-30, -1, -0.0, 0.25, 3, 40}, y(x.size()), d(x.size()), dfo(x.size());
    actmath::tanh<double> t;
    actmath::forward(t, x, y);
    actmath::derivative(t, x, d);
    actmath::derivative_from_output(t, y, dfo);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(same_bits(y[i], t.forward(x[i])));
        CHECK(same_bits(d[i], t.derivative(x[i])));
        CHECK(same_bits(dfo[i], t.derivative_from_output(y[i])));
    }
}
