#include <actmath/activations/mish.hpp>

#include <vector>

#include "reference/mish.hpp"

using namespace actmath_test;

TEST_CASE("mish", "[mish]") {
    check_function(mish_spec(), actmath::mish<float>{}, actmath::mish<double>{});
}

// Values computed independently with mpmath at 40 digits from the definitions
// x tanh(log1p(e^x)) and t + x sigmoid(x) (1 - t^2).
TEST_CASE("mish reference values", "[mish]") {
    struct row {
        double x, f, df;
    };
    const row rows[] = {
        {1, 0.86509838826731034612, 1.0490362200997921591},
        {-1, -0.30340146137410891807, 0.059216755877394948006},
        {2.5, 2.4713923045578811069, 1.0411295301313531884},
        {-5, -0.033576237730161705396, -0.026747498019901933504},
        // the tails PyTorch loses: x e^x and (1 + x) e^x with e^x subnormal in float
        {-89, -1.9823535699982119279e-37, -1.9600799343802544905e-37},
        {-100, -3.720075976020835963e-42, -3.6828752162606276033e-42},
        {-105, -2.6318958496949508318e-44, -2.6068301749359513e-44},
    };
    actmath::mish<float> mf;
    actmath::mish<double> md;
    for (row const& r : rows) {
        INFO("x = " << r.x);
        CHECK(ulp_error<float>(mf.forward(float(r.x)), r.f) <= 1.5);
        CHECK(ulp_error<float>(mf.derivative(float(r.x)), r.df) <= 1.5);
        CHECK(ulp_error<double>(md.forward(r.x), r.f) <= 1.5);
        CHECK(ulp_error<double>(md.derivative(r.x), r.df) <= 1.5);
    }
    // mish(0) = 0 and mish'(0) = tanh(log 2) = 3/5
    CHECK(md.derivative(0.0) == 0.6);
    CHECK(mf.derivative(-0.0f) == 0.6f);
    CHECK(same_bits(mf.forward(-0.0f), -0.0f));
    // float: -108 still has a subnormal result, -110 rounds to -0
    CHECK(mf.forward(-108.0f) < 0);
    CHECK(same_bits(mf.forward(-110.0f), -0.0f));
    CHECK(same_bits(mf.derivative(-110.0f), -0.0f));
    CHECK(md.forward(-750.0) == -3 * std::numeric_limits<double>::denorm_min());
    // the right tail: mish(x) = x exactly once 2 v^2 / D < eps/2, f'(x) = 1
    CHECK(mf.forward(20.0f) == 20.0f);
    CHECK(mf.derivative(20.0f) == 1.0f);
    CHECK(mf.forward(3e38f) == 3e38f);
}

TEST_CASE("mish derivative near its root", "[mish]") {
    // every float within 2^12 ulps of the root, and a sweep through the polynomial's ends
    actmath::mish<float> f;
    std::vector<float> xs;
    float r = float(mish_root);
    float a = r, b = r;
    for (int i = 0; i < 4096; ++i) {
        xs.push_back(a);
        xs.push_back(b);
        a = std::nextafter(a, 0.0f);
        b = std::nextafter(b, -1.0f);
    }
    for (float x = -1.45f; x <= -0.95f; x += 1e-4f) xs.push_back(x);
    double worst = 0;
    for (float x : xs) worst = std::max(worst, ulp_error<float>(f.derivative(x), ref_dmish(x)));
    INFO("worst " << worst << " ulp");
    CHECK(worst <= 2);
    // the sign changes exactly once, at the root
    CHECK(f.derivative(std::nextafter(r, -2.0f)) * f.derivative(std::nextafter(r, 0.0f)) < 0);
}

TEST_CASE("mish through the array kernels", "[mish]") {
    static_assert(!actmath::has_derivative_from_output_v<actmath::mish<float>>,
                  "mish' is not a function of mish(x)");
    std::vector<double> x = double_sample(1 << 12), y(x.size()), d(x.size()), dy(x.size(), -2.0), dx(x.size());
    actmath::mish<double> m;
    actmath::forward(m, x, y);
    actmath::derivative(m, x, d);
    actmath::backward(m, x, dy, dx);
    for (std::size_t i = 0; i < x.size(); ++i) {
        REQUIRE(same_bits(y[i], m.forward(x[i])));
        REQUIRE(same_bits(d[i], m.derivative(x[i])));
        REQUIRE(same_bits(dx[i], -2.0 * m.derivative(x[i])));
    }
}
