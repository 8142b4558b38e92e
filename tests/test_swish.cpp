#include <actmath/activations/swish.hpp>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "reference/swish.hpp"

using namespace actmath_test;

TEST_CASE("silu", "[swish]") {
    check_function(silu_spec(), actmath::silu<float>{}, actmath::silu<double>{});
}

TEST_CASE("swish", "[swish]") {
    check_function(swish_spec(), actmath::swish<float>{float(swish_test_beta)},
                   actmath::swish<double>{double(swish_test_beta)});
}

// Values computed independently with mpmath at 40 digits (x sigmoid(x) and
// sigmoid(x) (1 + x (1 - sigmoid(x))) from their definitions).
TEST_CASE("silu reference values", "[swish]") {
    struct row {
        double x, f, df;
    };
    const row rows[] = {
        {1, 0.73105857863000487925, 0.92767051187148673179},
        {-1, -0.26894142136999512075, 0.072329488128513268211},
        {2.5, 2.310354549946891122, 1.0994011113415268411},
        {-5, -0.033464254621424277797, -0.026547432429665919011},
        // the tails PyTorch loses: x e^x with e^x subnormal in float
        {-89, -1.9823535699982119279e-37, -1.9600799343802544905e-37},
        {-100, -3.720075976020835963e-42, -3.6828752162606276033e-42},
        {-105, -2.6318958496949508318e-44, -2.6068301749359513e-44},
    };
    actmath::silu<float> sf;
    actmath::silu<double> sd;
    for (row const& r : rows) {
        INFO("x = " << r.x);
        CHECK(ulp_error<float>(sf.forward(float(r.x)), r.f) <= 1.5);
        CHECK(ulp_error<float>(sf.derivative(float(r.x)), r.df) <= 1.5);
        CHECK(ulp_error<double>(sd.forward(r.x), r.f) <= 1.5);
        CHECK(ulp_error<double>(sd.derivative(r.x), r.df) <= 1.5);
    }
    // double's own subnormal tail: silu(-750) = -1.42626372260625483e-323 (3 units of 2^-1074)
    CHECK(sd.forward(-750.0) == -3 * std::numeric_limits<double>::denorm_min());
    // float: -108 still has a subnormal result, -110 rounds to -0
    CHECK(sf.forward(-108.0f) < 0);
    CHECK(same_bits(sf.forward(-110.0f), -0.0f));
    CHECK(same_bits(sf.derivative(-110.0f), -0.0f));
}

TEST_CASE("swish limits and extreme arguments", "[swish]") {
    const float finf = std::numeric_limits<float>::infinity();
    actmath::swish<float> s{1.0f};
    CHECK(same_bits(s.forward(-1e30f), -0.0f));
    CHECK(same_bits(s.forward(-finf), -0.0f));
    CHECK(same_bits(s.forward(finf), finf));
    CHECK(s.forward(1e30f) == 1e30f);
    CHECK(s.derivative(1e30f) == 1.0f);
    CHECK(same_bits(s.derivative(-1e30f), -0.0f));
    CHECK(same_bits(s.derivative_beta(finf), 0.0f));
    CHECK(same_bits(s.derivative_beta(-finf), 0.0f));
    CHECK(std::isnan(s.derivative_beta(std::numeric_limits<float>::quiet_NaN())));
    // A small beta and a huge x: beta x = -32 while x = -2^105; the product is -5.137e17, with
    // no intermediate overflow or loss (mpmath: -513719585910358173.71).
    actmath::swish<double> small{std::ldexp(1.0, -100)};
    CHECK(ulp_error<double>(small.forward(-std::ldexp(1.0, 105)), -513719585910358173.71L) <= 1.5);
    actmath::swish<float> smallf{std::ldexp(1.0f, -100)};
    CHECK(ulp_error<float>(smallf.forward(-std::ldexp(1.0f, 105)), -513719585910358173.71L) <= 1.5);
    // derivative_beta = x^2 s (1 - s) with x^2 far beyond double's range before e^-|z| scales it:
    // x = 2^600, beta = 2^-595 (z = 32): 2^1200 e^-32 / (1 + e^-32)^2 = 2.2e347 overflows, and
    // x = 2^520, beta = 2^-511 (z = 512): 2^1040 e^-512 = 5.2e90 is finite.
    actmath::swish<double> tiny{std::ldexp(1.0, -511)};
    ld want = ref_dswish_dbeta(std::ldexp(1.0L, -511), std::ldexp(1.0L, 520));
    CHECK(ulp_error<double>(tiny.derivative_beta(std::ldexp(1.0, 520)), want) <= 2);
    actmath::swish<double> tiny2{std::ldexp(1.0, -595)};
    CHECK(tiny2.derivative_beta(std::ldexp(1.0, 600)) == std::numeric_limits<double>::infinity());
}

TEST_CASE("swish with beta = 1 is silu bit for bit", "[swish]") {
    actmath::swish<float> s{1.0f};
    actmath::silu<float> u;
    for (float x : float_sample(1 << 16)) {
        REQUIRE(same_bits(s.forward(x), u.forward(x)));
        REQUIRE(same_bits(s.derivative(x), u.derivative(x)));
    }
}

// Other betas, including 0 (x / 2) and a negative one (allowed: a trained beta can cross 0).
TEST_CASE("swish over several betas", "[swish]") {
    for (double b : {-0.75, 0.0, 0.0625, 0.3125, 3.0, 7.25}) {
        // b is exact in float and double, so one reference serves both.
        auto rf = [b](ld x) { return ref_swish_b(b, x); };
        auto rd = [b](ld x) { return ref_dswish_b(b, x); };
        auto rb = [b](ld x) { return ref_dswish_dbeta(b, x); };
        std::vector<float> xf = float_sample(1 << 18);
        for (float v : special_values<float>()) xf.push_back(v);
        for (ld k : swish_kinks(b == 0 ? 1 : b)) add_neighbourhood<float>(xf, float(k));
        std::vector<double> xd = double_sample(1 << 16);
        auto r = double_range_sample(1e-3, 1e3, 1 << 16);
        xd.insert(xd.end(), r.begin(), r.end());
        for (double v : special_values<double>()) xd.push_back(v);
        for (ld k : swish_kinks(b == 0 ? 1 : b)) add_neighbourhood<double>(xd, double(k));
        actmath::swish<float> ff{float(b)};
        actmath::swish<double> fd{b};
        auto mf = measure<float>([&](auto v) { return ff.forward(v); }, rf, xf);
        auto md = measure<float>([&](auto v) { return ff.derivative(v); }, rd, xf);
        auto mb = measure<float>([&](auto v) { return ff.derivative_beta(v); }, rb, xf);
        auto nf = measure<double>([&](auto v) { return fd.forward(v); }, rf, xd);
        auto nd = measure<double>([&](auto v) { return fd.derivative(v); }, rd, xd);
        auto nb = measure<double>([&](auto v) { return fd.derivative_beta(v); }, rb, xd);
        std::printf("swish(beta=%-7g) float  fwd %.3f (x=%g) der %.3f (x=%g) dbeta %.3f (x=%g); double fwd %.3f "
                    "der %.3f dbeta %.3f ulp\n",
                    b, mf.worst, mf.at, md.worst, md.at, mb.worst, mb.at, nf.worst, nd.worst, nb.worst);
        INFO("beta = " << b << ": float forward worst " << mf.worst << " at " << mf.at << ", derivative "
                       << md.worst << " at " << md.at << ", derivative_beta " << mb.worst << " at " << mb.at
                       << "; double " << nf.worst << " at " << nf.at << ", " << nd.worst << " at " << nd.at << ", "
                       << nb.worst << " at " << nb.at);
        CHECK(mf.worst <= 4);
        CHECK(md.worst <= 4);
        CHECK(mb.worst <= 4);
        CHECK(nf.worst <= 4);
        CHECK(nd.worst <= 4);
        CHECK(nb.worst <= 4);
        CHECK(mf.mismatches + md.mismatches + mb.mismatches + nf.mismatches + nd.mismatches + nb.mismatches == 0);
    }
}

TEST_CASE("swish derivative_beta is the beta derivative of forward", "[swish]") {
    // central difference in beta, in long double on the reference, against derivative_beta in double
    for (double b : {0.5, 1.0, 1.6875, -0.75}) {
        actmath::swish<double> f{b};
        for (double x = -12; x <= 12; x += 0.173) {
            const ld h = 1e-6L;
            ld cd = (ref_swish_b(b + h, x) - ref_swish_b(b - h, x)) / (2 * h);
            double d = f.derivative_beta(x);
            INFO("beta = " << b << ", x = " << x << ": derivative_beta " << d << ", central difference "
                           << double(cd));
            CHECK(std::fabs(double(cd) - d) <= 1e-9 * (1 + std::fabs(d)));
        }
    }
}

TEST_CASE("swish_beta_gradient", "[swish]") {
    const std::size_t n = 100003; // not a multiple of any batch width: the scalar tail runs
    std::vector<double> x(n), dy(n);
    std::uint64_t seed = 42;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = double(splitmix64(seed) % 2000001) / 100000.0 - 10.0; // [-10, 10]
        dy[i] = double(splitmix64(seed) % 2001) / 1000.0 - 1.0;      // [-1, 1]
    }
    for (double b : {1.0, 1.6875, -0.75}) {
        // the exact gradient: sum of dy * x^2 s (1 - s), in long double on the reference
        ld exact = 0;
        for (std::size_t i = 0; i < n; ++i) exact += ld(dy[i]) * ref_dswish_dbeta(b, x[i]);
        actmath::swish<double> fd{b};
        double gd = actmath::swish_beta_gradient(fd, x, dy);
        INFO("beta = " << b << ": double " << gd << " vs " << double(exact));
        CHECK(std::fabs(gd - double(exact)) <= 1e-13 * std::fabs(double(exact)));
        // the same as a central difference of the loss sum(dy * swish(x; beta)) in beta
        const ld h = 1e-5L;
        ld lp = 0, lm = 0;
        for (std::size_t i = 0; i < n; ++i) {
            lp += ld(dy[i]) * ref_swish_b(b + h, x[i]);
            lm += ld(dy[i]) * ref_swish_b(b - h, x[i]);
        }
        CHECK(std::fabs(gd - double((lp - lm) / (2 * h))) <= 1e-6 * std::fabs(gd));
        // float: terms in float, accumulated in double
        std::vector<float> xf(x.begin(), x.end()), dyf(dy.begin(), dy.end());
        ld exactf = 0;
        for (std::size_t i = 0; i < n; ++i) exactf += ld(dyf[i]) * ref_dswish_dbeta(b, xf[i]);
        actmath::swish<float> ff{float(b)};
        float gf = actmath::swish_beta_gradient(ff, xf, dyf);
        INFO("float " << gf << " vs " << double(exactf));
        CHECK(std::fabs(double(gf) - double(exactf)) <= 1e-6 * std::fabs(double(exactf)));
        // pointer form, and an empty range
        CHECK(actmath::swish_beta_gradient(ff, xf.data(), dyf.data(), n) == gf);
        CHECK(actmath::swish_beta_gradient(ff, xf.data(), dyf.data(), 0) == 0.0f);
    }
    std::vector<float> a(3), c(4);
    CHECK_THROWS_AS(actmath::swish_beta_gradient(actmath::swish<float>{}, a, c), std::invalid_argument);
}

TEST_CASE("swish parameters", "[swish]") {
    CHECK(actmath::swish<float>{}.beta == 1.0f);
    CHECK(actmath::swish<double>{2.5}.beta == 2.5);
    CHECK_NOTHROW(actmath::swish<float>{0.0f});
    CHECK_NOTHROW(actmath::swish<float>{-1.0f});
    CHECK_THROWS_AS(actmath::swish<float>{std::numeric_limits<float>::quiet_NaN()}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::swish<double>{std::numeric_limits<double>::infinity()}, std::invalid_argument);
    try {
        actmath::swish<double> bad{-std::numeric_limits<double>::infinity()};
        FAIL("no exception");
    } catch (std::invalid_argument const& e) {
        CHECK(std::string(e.what()).find("beta") != std::string::npos);
    }
}

TEST_CASE("silu and swish through the array kernels", "[swish]") {
    static_assert(!actmath::has_derivative_from_output_v<actmath::silu<float>>,
                  "silu' is not a function of silu(x)");
    static_assert(!actmath::has_derivative_from_output_v<actmath::swish<double>>,
                  "swish' is not a function of swish(x)");
    std::vector<float> x = float_sample(1 << 12), y(x.size()), d(x.size()), dy(x.size(), 0.5f), dx(x.size());
    actmath::swish<float> s{1.6875f};
    actmath::forward(s, x, y);
    actmath::derivative(s, x, d);
    actmath::backward(s, x, dy, dx);
    for (std::size_t i = 0; i < x.size(); ++i) {
        REQUIRE(same_bits(y[i], s.forward(x[i])));
        REQUIRE(same_bits(d[i], s.derivative(x[i])));
        REQUIRE(same_bits(dx[i], 0.5f * s.derivative(x[i])));
    }
}
