#include <actmath/activations/gelu.hpp>
#include <actmath/core/gauss.hpp>

#include "reference/gelu.hpp"

using namespace actmath_test;

TEST_CASE("gelu", "[gelu]") { check_function(gelu_spec(), actmath::gelu<float>{}, actmath::gelu<double>{}); }

TEST_CASE("gelu_tanh", "[gelu]") {
    check_function(gelu_tanh_spec(), actmath::gelu_tanh<float>{}, actmath::gelu_tanh<double>{});
}

TEST_CASE("quick_gelu", "[gelu]") {
    check_function(quick_gelu_spec(), actmath::quick_gelu<float>{}, actmath::quick_gelu<double>{});
}

// Hand values from mpmath at 40 digits (independent of the code under test):
//   x Phi(x), Phi(x) + x phi(x); x sigmoid(x (A + B x^2)) and its derivative.
TEST_CASE("gelu reference values", "[gelu]") {
    actmath::gelu<double> g;
    CHECK(g.forward(1.0) == Approx(0.84134474606854294859).epsilon(4e-16));
    CHECK(g.derivative(1.0) == Approx(1.0833154705876862984).epsilon(4e-16));
    CHECK(g.forward(-1.0) == Approx(-0.15865525393145705141).epsilon(4e-16));
    CHECK(g.derivative(-1.0) == Approx(-0.083315470587686298383).epsilon(4e-16));
    // The left tail, where 0.5 x (1 + erf(x/sqrt2)) is 0 or far off.
    CHECK(g.forward(-12.0) == Approx(-2.1317785344932147972e-32).epsilon(4e-16));
    CHECK(g.derivative(-6.0) == Approx(-3.5468709453902014781e-8).epsilon(4e-16));
    // Subnormal double results: gradual underflow, judged in units of 2^-1074.
    CHECK(g.forward(-38.0) == Approx(-1.0964627768261380372e-314).margin(4 * 4.9406564584124654e-324));
    CHECK(g.derivative(-38.0) == Approx(-4.1665545692687844561e-313).margin(4 * 4.9406564584124654e-324));

    actmath::gelu<float> gf;
    CHECK(gf.forward(-12.0f) == Approx(-2.1317785344932147972e-32).epsilon(4 * 6e-8));
    CHECK(gf.derivative(-6.0f) == Approx(-3.5468709453902014781e-8).epsilon(4 * 6e-8));
    CHECK(gf.forward(-14.0f) == Approx(-1.0910951546869920356e-43).margin(4 * 1.401298464e-45));
    CHECK(gf.derivative(-14.0f) == Approx(-1.5274556463253670285e-42).margin(4 * 1.401298464e-45));
    CHECK(gf.forward(-15.0f) == 0.0f);
    CHECK(std::signbit(gf.forward(-15.0f)));
    CHECK(gf.forward(20.0f) == 20.0f);
    CHECK(gf.derivative(20.0f) == 1.0f);
}

TEST_CASE("gelu derivative at its root", "[gelu]") {
    // gelu' crosses zero at -t0, t0 = 0.75179152469356445746 (mpmath): the derivative keeps
    // its sign on either side of the root, in float and double, at the neighbouring values.
    actmath::gelu<float> gf;
    float r = -0.75179152469356445746f;
    for (int i = 0; i < 8; ++i) {
        float below = std::nextafter(r, -1.0f), above = std::nextafter(r, 0.0f);
        CHECK(gf.derivative(below) < 0);
        CHECK(gf.derivative(above) > 0);
        r = i % 2 ? below : above;
    }
    actmath::gelu<double> g;
    double rd = -0.75179152469356445746;
    CHECK(g.derivative(std::nextafter(rd, -1.0)) * g.derivative(std::nextafter(rd, 0.0)) < 0);
}

TEST_CASE("gelu_tanh and quick_gelu reference values", "[gelu]") {
    actmath::gelu_tanh<double> t;
    CHECK(t.forward(1.0) == Approx(0.84119199060827670478).epsilon(4e-16));
    CHECK(t.derivative(1.0) == Approx(1.0829640838457825551).epsilon(4e-16));
    CHECK(t.forward(-3.0) == Approx(-0.0036373920817730188378).epsilon(4e-16));
    CHECK(t.derivative(-3.0) == Approx(-0.011584166630969726204).epsilon(4e-16));
    actmath::gelu_tanh<float> tf;
    CHECK(tf.forward(-10.0f) == Approx(-1.2040923482098059937e-37).epsilon(4 * 6e-8));
    CHECK(tf.derivative(-10.0f) == Approx(-2.7576380638540316073e-36).epsilon(4 * 6e-8));

    actmath::quick_gelu<double> q;
    CHECK(q.forward(1.0) == Approx(0.84579576593282129571).epsilon(4e-16));
    CHECK(q.derivative(1.0) == Approx(1.0677796065563340566).epsilon(4e-16));
    CHECK(q.forward(-20.0) == Approx(-3.2934102413993717283e-14).epsilon(4e-16));
    CHECK(q.derivative(-20.0) == Approx(-5.4407137187917528648e-14).epsilon(4e-16));
    actmath::quick_gelu<float> qf;
    CHECK(qf.forward(-60.0f) == Approx(-2.679160665528766899e-43).margin(4 * 1.401298464e-45));
    CHECK(qf.derivative(-60.0f) == Approx(-4.5152787749711484804e-43).margin(4 * 1.401298464e-45));
}

TEST_CASE("normal_cdf", "[gelu]") {
    // Phi(x) from core/gauss.hpp against erfc(-x/sqrt2)/2 in MPFR (via ref_gelu / x).
    for (double x : {-37.5, -20.0, -8.5, -3.25, -0.75, -0.1, 0.3, 1.0, 2.5, 7.0}) {
        ld want = ref_gelu(ld(x)) / ld(x);
        double got = actmath::core::normal_cdf(x);
        INFO("Phi(" << x << ") = " << got << ", want " << double(want));
        CHECK(ulp_error<double>(got, want) <= 4);
    }
    CHECK(actmath::core::normal_cdf(-std::numeric_limits<double>::infinity()) == 0);
    CHECK(actmath::core::normal_cdf(std::numeric_limits<double>::infinity()) == 1);
    CHECK(std::isnan(actmath::core::normal_cdf(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("gelu kernels", "[gelu]") {
    std::vector<float> x = {-40, -14.2f, -6, -0.7518f, -0.0f, 0.25f, 3, 50}, y(x.size()), d(x.size()), dx(x.size());
    std::vector<float> dy(x.size(), 2.0f);
    actmath::gelu<float> g;
    actmath::forward(g, x, y);
    actmath::derivative(g, x, d);
    actmath::backward(g, x, dy, dx);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(same_bits(y[i], g.forward(x[i])));
        CHECK(same_bits(d[i], g.derivative(x[i])));
        CHECK(same_bits(dx[i], 2.0f * g.derivative(x[i])));
    }
    CHECK_FALSE(actmath::has_derivative_from_output_v<actmath::gelu<float>>);
    CHECK_FALSE(actmath::has_derivative_from_output_v<actmath::gelu_tanh<double>>);
    CHECK_FALSE(actmath::has_derivative_from_output_v<actmath::quick_gelu<float>>);
}
