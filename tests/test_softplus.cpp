#include <actmath/activations/softplus.hpp>

#include "reference/softplus.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

// The generic checks for softplus, except that derivative_from_output(forward(x)) is not
// compared with derivative(x) where the two cannot agree: PyTorch's switch makes softplus jump
// by log1p(e^-threshold) / beta at beta x = threshold, so an output just above threshold / beta
// also comes from an x just below it, whose derivative is sigmoid(threshold) = 1 - e^-threshold
// rather than 1.  That band is checked separately below.
template <class F> void check_softplus(spec const& s, F const& f) {
    using T = typename F::value_type;
    auto xs = inputs_for<T>(s);
    report(s, "forward", measure<T>([&](auto v) { return f.forward(v); }, s.f, xs),
           std::is_same<T, float>::value ? s.bound_f : s.bound_f_double);
    report(s, "derivative", measure<T>([&](auto v) { return f.derivative(v); }, s.df, xs),
           std::is_same<T, float>::value ? s.bound_df : s.bound_df_double);
    using B = xsimd::batch<T>;
    std::uint64_t bad = 0, mismatch = 0, band = 0;
    T bad_x = 0;
    for (T x : xs) {
        T y = f.forward(x), d = f.derivative(x), o = f.derivative_from_output(y);
        if (!same_bits(f.derivative_from_output(B(y)).get(0), o)) ++mismatch;
        if (!std::isfinite(x) || !std::isfinite(d)) continue;
        if (!(f.beta * x > f.threshold) && f.beta * y > f.threshold) {
            ++band;
            continue;
        }
        if (!(std::fabs(double(o) - double(d)) <= s.dfo_tol * std::numeric_limits<T>::epsilon() * (1 + std::fabs(double(d))))) {
            if (bad++ == 0) bad_x = x;
        }
    }
    INFO(s.name << " " << type_name<T>() << " derivative_from_output(forward(x)) differs from derivative(x) at x = "
                << bad_x << ": " << f.derivative_from_output(f.forward(bad_x)) << " vs " << f.derivative(bad_x));
    CHECK(bad == 0);
    CHECK(mismatch == 0);
    CHECK(band < 200); // only the switch's neighbourhood
}

// Non-default parameters: a quarter of the default sample (the default run's time budget).
inline spec lighter(spec s) {
    s.float_count = std::uint64_t(1) << 20;
    s.double_count = std::uint64_t(1) << 18;
    return s;
}

template <class Ff, class Fd> void check_softplus_both(spec const& sf, spec const& sd, Ff const& ff, Fd const& fd) {
    SECTION(sf.name + " float accuracy") { check_softplus(sf, ff); }
    SECTION(sd.name + " double accuracy") { check_softplus(sd, fd); }
    SECTION(sd.name + " central difference") { check_central_difference(sd, fd); }
    SECTION(sd.name + " special values") {
        check_specials(sf, ff);
        check_specials(sd, fd);
    }
}

TEST_CASE("softplus", "[softplus]") {
    check_softplus_both(softplus_spec<float>(), softplus_spec<double>(), actmath::softplus<float>{},
                        actmath::softplus<double>{});
}
TEST_CASE("softplus beta 2 threshold 10", "[softplus]") {
    check_softplus_both(lighter(softplus_spec<float>(2, 10)), lighter(softplus_spec<double>(2, 10)), actmath::softplus<float>{2, 10},
                        actmath::softplus<double>{2, 10});
}
TEST_CASE("softplus beta 0.7f", "[softplus]") {
    // beta x is inexact here: the reference takes it exactly (two long doubles).
    const ld b = ld(0.7f);
    check_softplus_both(lighter(softplus_spec<float>(b, 20)), lighter(softplus_spec<double>(b, 20)), actmath::softplus<float>{0.7f},
                        actmath::softplus<double>{double(0.7f)});
}
TEST_CASE("softplus beta 0.01 threshold 5", "[softplus]") {
    // Small beta: e^(beta x) / beta below e^-104 / beta (exp's clamp) must still be right.
    const ld b = ld(0.01f);
    check_softplus_both(lighter(softplus_spec<float>(b, 5)), lighter(softplus_spec<double>(b, 5)), actmath::softplus<float>{0.01f, 5},
                        actmath::softplus<double>{double(0.01f), 5});
}
TEST_CASE("log_sigmoid", "[softplus]") {
    check_function(log_sigmoid_spec(), actmath::log_sigmoid<float>{}, actmath::log_sigmoid<double>{});
}

TEST_CASE("softplus family: every length, offset, in place", "[softplus][kernels]") {
    walk_kernels<float>(actmath::softplus<float>{});
    walk_kernels<double>(actmath::softplus<double>{});
    walk_kernels<float>(actmath::softplus<float>{2, 10});
    walk_kernels<double>(actmath::softplus<double>{0.7, 5});
    walk_kernels<float>(actmath::log_sigmoid<float>{});
    walk_kernels<double>(actmath::log_sigmoid<double>{});
}

TEST_CASE("softplus reference values", "[softplus]") {
    // From mpmath at 200 bits: log(1 + e), log(1 + e^-3) / ... (see each line).
    actmath::softplus<double> s;
    CHECK(s.forward(1.0) == Approx(1.3132616875182228340).epsilon(4e-16));         // log(1 + e)
    CHECK(s.derivative(1.0) == Approx(0.73105857863000487925).epsilon(4e-16));      // 1 / (1 + e^-1)
    CHECK(s.forward(-30.0) == Approx(9.3576229688397367794e-14).epsilon(4e-16));    // log1p(e^-30)
    CHECK(s.forward(20.0) == Approx(20.000000002061153622).epsilon(4e-16));         // below the switch
    CHECK(s.forward(std::nextafter(20.0, 21.0)) == std::nextafter(20.0, 21.0));     // above it: x
    CHECK(s.derivative(std::nextafter(20.0, 21.0)) == 1.0);
    actmath::softplus<float> sf;
    // softplus(-100) = log1p(e^-100) = 3.720076e-44: a subnormal, rounded once.
    CHECK(sf.forward(-100.0f) == Approx(3.7200759760208359630e-44).margin(0.7e-45));
    CHECK(sf.forward(-100.0f) > 0);
    CHECK(sf.forward(1e30f) == 1e30f);
    CHECK(sf.forward(-std::numeric_limits<float>::infinity()) == 0.0f);
    actmath::softplus<double> s2{2.0, 10.0};
    CHECK(s2.forward(-1.5) == Approx(0.024293675786871029379).epsilon(4e-16));      // log1p(e^-3) / 2
    CHECK(s2.derivative(-1.5) == Approx(0.047425873177566780879).epsilon(4e-16));   // 1 / (1 + e^3)
    CHECK(s2.forward(5.0) == Approx(5.0000226994496084323).epsilon(4e-16));            // 5 + log1p(e^-10) / 2
    CHECK(s2.forward(std::nextafter(5.0, 6.0)) == std::nextafter(5.0, 6.0));
    actmath::softplus<float> small{0.01f, 20};
    // e^(0.01f * -10700) / 0.01f = e^-106.99999761 / 0.01f = 3.392e-45 = 2.42 * 2^-149: rounds
    // to 2 * 2^-149 (exp's clamp at -104 would give 48 * 2^-149).
    CHECK(small.forward(-10700.0f) == 2 * std::numeric_limits<float>::denorm_min());
    CHECK(small.forward(-std::numeric_limits<float>::infinity()) == 0.0f);
    actmath::log_sigmoid<double> ls;
    CHECK(ls.forward(1.0) == Approx(-0.31326168751822283405).epsilon(4e-16));      // -log(1 + e^-1)
    CHECK(ls.derivative(1.0) == Approx(0.26894142136999512075).epsilon(4e-16));    // 1 / (1 + e)
    CHECK(ls.derivative_from_output(ls.forward(1.0)) == Approx(0.26894142136999512075).epsilon(1e-15));
    actmath::log_sigmoid<float> lf;
    CHECK(lf.forward(-3e38f) == -3e38f);
    CHECK(lf.derivative(-3e38f) == 1.0f);
    // log_sigmoid'(100) = e^-100 / (1 + e^-100) = 3.72e-44 and log_sigmoid(100) = -3.72e-44.
    CHECK(lf.derivative(100.0f) == Approx(3.7200759760208359630e-44).margin(0.7e-45));
    CHECK(lf.forward(100.0f) == Approx(-3.7200759760208359630e-44).margin(0.7e-45));
}

TEST_CASE("softplus derivative_from_output at the switch", "[softplus]") {
    // Both sides of threshold / beta: from-output gives 1 above it, and for an x just below it
    // whose output lands above, 1 as well: off from sigmoid(threshold) by e^-threshold at most.
    for (double thr : {20.0, 10.0}) {
        actmath::softplus<double> s{2.0, thr};
        const double k = thr / 2;
        for (double x : {std::nextafter(k, 0.0), k, std::nextafter(k, 99.0), k - 1e-9, k + 1e-9}) {
            double o = s.derivative_from_output(s.forward(x)), d = s.derivative(x);
            INFO("threshold " << thr << " x " << x);
            CHECK(std::fabs(o - d) <= std::exp(-thr));
        }
        CHECK(s.derivative_from_output(k + 1) == 1.0);
        CHECK(s.derivative_from_output(k - 1) == Approx(-std::expm1(-(thr - 2))).epsilon(1e-15)); // 1 - e^(-2y)
    }
    actmath::softplus<float> f;
    CHECK(f.derivative_from_output(f.forward(-20.0f)) == Approx(f.derivative(-20.0f)).epsilon(1e-6));
    CHECK(f.derivative_from_output(std::numeric_limits<float>::infinity()) == 1.0f);
    CHECK(f.derivative_from_output(0.0f) == 0.0f);
}

// Past the switch softplus' is 1.  Where the threshold is at least core::sigmoid_one (18 for
// float, 40 for double), the array kernels drop the switch and rely on sigmoid(beta x) itself
// rounding to 1 there; below it they keep the switch.  Every float in [8, 40) (both sides of
// each threshold), a stride on to 1e4 and +inf, and 2^20 doubles from 39 to 1000: the array
// derivative and backward equal the scalar's bits (which keep the switch) and are exactly 1
// (dy) wherever beta x > threshold.
template <class T> void check_past_switch(actmath::softplus<T> const& f, std::vector<T> const& xs) {
    const std::size_t n = xs.size();
    std::vector<T> d(n), dy(n), g(n);
    for (std::size_t i = 0; i < n; ++i) dy[i] = T(0.5) + T(i % 7) / T(4);
    actmath::derivative(f, xs.data(), d.data(), n);
    actmath::backward(f, xs.data(), dy.data(), g.data(), n);
    std::size_t bad = 0, past = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T x = xs[i];
        const bool above = T(f.beta * x) > f.threshold;
        past += above;
        const T s = f.derivative(x);
        bool ok = same_bits(d[i], s) && same_bits(g[i], T(dy[i] * s)) && (!above || (d[i] == T(1) && g[i] == dy[i]));
        if (!ok && bad++ < 5) {
            INFO(type_name<T>() << " beta " << f.beta << " threshold " << f.threshold << " x " << x << ": array "
                                 << d[i] << ", scalar " << s << ", backward " << g[i] << " for dy " << dy[i]);
            CHECK(ok);
        }
    }
    CHECK(bad == 0);
    CHECK(past > n / 8); // the range reaches well past the switch
}

TEST_CASE("softplus derivative past the switch: 1 exactly, array and scalar alike", "[softplus][kernels]") {
    std::vector<float> xf;
    for (float x = 8.0f; x < 40.0f; x = std::nextafter(x, 100.0f)) xf.push_back(x);
    for (float x = 40.0f; x < 1e4f; x *= 1.0001f) xf.push_back(x);
    xf.push_back(std::numeric_limits<float>::infinity());
    check_past_switch(actmath::softplus<float>{}, xf);             // 20: no switch in the kernels
    check_past_switch(actmath::softplus<float>{1.0f, 18.0f}, xf);  // at sigmoid_one
    check_past_switch(actmath::softplus<float>{0.7f, 20.0f}, xf);  // beta x rounded, its low part
    check_past_switch(actmath::softplus<float>{1.0f, 17.5f}, xf);  // below it: the switch stays
    check_past_switch(actmath::softplus<float>{1.0f, 10.0f}, xf);  // where sigmoid is not yet 1
    std::vector<double> xd;
    for (int i = 0; i < (1 << 20); ++i) xd.push_back(39.0 + 961.0 * double(i) / double(1 << 20));
    for (double x = 40.0, k = 0; k < 4096; ++k) xd.push_back(x = std::nextafter(x, 100.0));
    xd.push_back(std::numeric_limits<double>::infinity());
    check_past_switch(actmath::softplus<double>{1.0, 40.0}, xd);
    check_past_switch(actmath::softplus<double>{0.7, 45.0}, xd);
    check_past_switch(actmath::softplus<double>{}, xd); // 20: the switch stays
}

TEST_CASE("softplus parameter validation", "[softplus]") {
    const float nanf = std::numeric_limits<float>::quiet_NaN();
    const double infd = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(actmath::softplus<float>(0.0f), std::invalid_argument);
    CHECK_THROWS_AS(actmath::softplus<float>(-1.0f), std::invalid_argument);
    CHECK_THROWS_AS(actmath::softplus<double>(nanf), std::invalid_argument);
    CHECK_THROWS_AS(actmath::softplus<double>(infd), std::invalid_argument);
    CHECK_THROWS_AS(actmath::softplus<float>(1.0f, nanf), std::invalid_argument);
    CHECK_THROWS_WITH(actmath::softplus<float>(-2.0f), Catch::Contains("beta must be > 0"));
    CHECK_THROWS_WITH(actmath::softplus<float>(1.0f, nanf), Catch::Contains("threshold"));
    // An infinite threshold is a valid choice: never switch to x.
    actmath::softplus<double> never{1.0, infd};
    CHECK(never.forward(50.0) == 50.0);
    CHECK(never.forward(infd) == infd);
    actmath::softplus<float> p{2.0f, 10.0f};
    CHECK(p.beta == 2.0f);
    CHECK(p.threshold == 10.0f);
    CHECK(actmath::softplus<double>{}.threshold == 20.0);
}
