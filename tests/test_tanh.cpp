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

namespace {

// Where 4 e^-2|x| is a subnormal (float |x| in (44, 52.68], double (354, 373.26]) the
// derivative is rounded once: within half the smallest subnormal (and a hair) of the long
// double value, the scalar call and the array call alike, to the last input before 0.
template <class T> void check_subnormal_tail(T from, T to) {
    const T tiny = std::numeric_limits<T>::denorm_min();
    actmath::tanh<T> t;
    std::vector<T> xs;
    for (T x = from; x <= to; x += T(1) / 128) {
        xs.push_back(x);
        xs.push_back(-x);
    }
    std::vector<T> d(xs.size());
    actmath::derivative(t, xs, d);
    double worst = 0;
    T at = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        long double e = std::exp(-2.0L * std::fabs((long double)xs[i]));
        long double want = 4 * e / ((1 + e) * (1 + e));
        for (T got : {d[i], t.derivative(xs[i])}) {
            double err = double(std::fabs((long double)got - want) / tiny);
            if (err > worst) worst = err, at = xs[i];
        }
    }
    INFO((sizeof(T) == 4 ? "float" : "double") << ": worst " << worst << " of the smallest subnormal at x = " << at);
    CHECK(worst <= 0.51);
}

} // namespace

TEST_CASE("tanh': the subnormal tail is rounded once", "[tanh]") {
    check_subnormal_tail<float>(50.0f, 52.68f);
    check_subnormal_tail<double>(371.0, 373.26);
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
