#include <actmath/activations/elu.hpp>

#include "reference/elu.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

TEST_CASE("elu", "[elu]") { check_function(elu_spec(), actmath::elu<float>{}, actmath::elu<double>{}); }
TEST_CASE("selu", "[elu]") { check_function(selu_spec(), actmath::selu<float>{}, actmath::selu<double>{}); }
TEST_CASE("celu", "[elu]") { check_function(celu_spec(), actmath::celu<float>{}, actmath::celu<double>{}); }

// Non-default parameters: exactly representable in float and double, so one reference serves
// both; a quarter of the default sample (the default run's time budget).
inline spec lighter(spec s) {
    s.float_count = std::uint64_t(1) << 20;
    s.double_count = std::uint64_t(1) << 18;
    return s;
}
TEST_CASE("elu alpha 0.5", "[elu]") {
    check_function(lighter(elu_spec(0.5L)), actmath::elu<float>{0.5f}, actmath::elu<double>{0.5});
}
TEST_CASE("celu alpha 0.3f", "[elu]") {
    // 0.3f = 0.300000011920928955078125 is a double too; x / alpha is inexact in both types.
    const ld a = ld(0.3f);
    check_function(lighter(celu_spec(a)), actmath::celu<float>{0.3f}, actmath::celu<double>{double(0.3f)});
}
// celu with alpha < 0 grows like |alpha| e^(x/alpha) to the left and overflows there, where
// derivative_from_output(-inf) = inf cannot recover the finite derivative: the generic
// checker's from-output comparison is run over the finite outputs only.
template <class F> void check_celu_negative(spec const& s, F const& f) {
    using T = typename F::value_type;
    auto xs = inputs_for<T>(s);
    report(s, "forward", measure<T>([&](auto v) { return f.forward(v); }, s.f, xs), 4);
    report(s, "derivative", measure<T>([&](auto v) { return f.derivative(v); }, s.df, xs), 4);
    std::uint64_t bad = 0, finite = 0;
    for (T x : xs) {
        T y = f.forward(x), d = f.derivative(x);
        if (!std::isfinite(y) || !std::isfinite(d)) continue;
        ++finite;
        T o = f.derivative_from_output(y);
        if (!(std::fabs(double(o) - double(d)) <= 8 * std::numeric_limits<T>::epsilon() * (1 + std::fabs(double(d)))))
            ++bad;
        using B = xsimd::batch<T>;
        if (!same_bits(f.derivative_from_output(B(y)).get(0), o)) ++bad;
    }
    CHECK(finite > xs.size() / 4);
    CHECK(bad == 0);
}
TEST_CASE("celu alpha -2", "[elu]") {
    spec s = lighter(celu_spec(-2));
    SECTION("float") { check_celu_negative(s, actmath::celu<float>{-2.0f}); }
    SECTION("double") { check_celu_negative(s, actmath::celu<double>{-2.0}); }
    SECTION("central difference") { check_central_difference(s, actmath::celu<double>{-2.0}); }
    SECTION("special values") {
        check_specials(s, actmath::celu<float>{-2.0f});
        check_specials(s, actmath::celu<double>{-2.0});
    }
    actmath::celu<float> c{-2.0f};
    CHECK(c.forward(-std::numeric_limits<float>::infinity()) == -std::numeric_limits<float>::infinity());
    CHECK(c.derivative(-std::numeric_limits<float>::infinity()) == std::numeric_limits<float>::infinity());
}

TEST_CASE("elu family: every length, offset, in place", "[elu][kernels]") {
    walk_kernels<float>(actmath::elu<float>{});
    walk_kernels<double>(actmath::elu<double>{0.5});
    walk_kernels<float>(actmath::elu<float>{-0.5f});
    walk_kernels<float>(actmath::elu<float>{1e-7f}); // both derivative forms (with_form)
    walk_kernels<double>(actmath::elu<double>{3e7});
    walk_kernels<float>(actmath::selu<float>{});
    walk_kernels<double>(actmath::selu<double>{});
    walk_kernels<float>(actmath::celu<float>{0.3f});
    walk_kernels<double>(actmath::celu<double>{-2.0});
    walk_kernels<float>(actmath::celu<float>{}); // alpha = 1: the loops run elu (with_form)
    walk_kernels<double>(actmath::celu<double>{});
}

// celu's array loops take elu's evaluation where alpha = 1 (celu::with_form), so the scalar
// celu, which keeps its own, must give elu's bits there: every 61st float bit pattern, the
// negative floats down to -104 in a fine stride, and doubles across the bit space and over
// [-750, 0].  The kernel walk above then holds the arrays to the same bits.
template <class T> std::size_t celu_elu_mismatch(T x) {
    const actmath::celu<T> c{};
    const actmath::elu<T> e{};
    return std::size_t(!same_bits(c.forward(x), e.forward(x))) + !same_bits(c.derivative(x), e.derivative(x)) +
           !same_bits(c.derivative_from_output(x), e.derivative_from_output(x));
}
TEST_CASE("celu with alpha = 1 gives elu's bits, the form its array loops run", "[elu][kernels]") {
    std::size_t bad_f = 0, bad_d = 0;
    for (float x : special_values<float>()) bad_f += celu_elu_mismatch(x);
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += 61) bad_f += celu_elu_mismatch(from_bits<float>(b));
    for (float x = -0x1p-30f; x > -104.0f; x *= 1.00001f) bad_f += celu_elu_mismatch(x);
    CHECK(bad_f == 0);
    for (double x : special_values<double>()) bad_d += celu_elu_mismatch(x);
    std::uint64_t s = 11;
    for (int i = 0; i < (1 << 21); ++i) bad_d += celu_elu_mismatch(from_bits<double>(splitmix64(s)));
    for (int i = 0; i < (1 << 21); ++i) bad_d += celu_elu_mismatch(-750.0 * double(splitmix64(s) >> 11) * 0x1p-53);
    CHECK(bad_d == 0);
}

TEST_CASE("elu reference values", "[elu]") {
    // From mpmath at 200 bits: e^-1 - 1, 1.0507009873554804934193349852946 *
    // 1.6732632423543772848170429916717 * (e^-1 - 1), e^(-1/0.5)... (see the comments).
    actmath::elu<double> e;
    CHECK(e.forward(-1.0) == Approx(-0.63212055882855767840).epsilon(4e-16));
    CHECK(e.derivative(-1.0) == Approx(0.36787944117144232160).epsilon(4e-16));
    CHECK(e.forward(2.5) == 2.5);
    CHECK(e.derivative(0.0) == 1.0); // the x <= 0 branch: alpha
    actmath::elu<float> half{0.5f};
    CHECK(half.derivative(0.0f) == 0.5f);
    CHECK(half.derivative(-0.0f) == 0.5f);
    CHECK(half.derivative(1e-45f) == 1.0f);
    // elu(-6e-30) = -6e-30 (e^x - 1 would give 0).
    actmath::elu<float> ef;
    CHECK(ef.forward(-6e-30f) == -6e-30f);
    CHECK(ef.forward(-1e-45f) == -1e-45f);
    actmath::selu<double> s;
    CHECK(s.forward(-1.0) == Approx(-1.1113307378125627618).epsilon(4e-16));
    CHECK(s.forward(1.0) == Approx(1.0507009873554804934).epsilon(4e-16));
    CHECK(s.derivative(-1.0) == Approx(0.64676860303481409814).epsilon(4e-16));
    CHECK(s.derivative(0.0) == Approx(1.7580993408473768599).epsilon(2e-16));
    actmath::selu<float> sf;
    // lambda alpha e^-104 = 2^-149 * 0.85 rounds to the smallest subnormal; -105 is below half of it.
    CHECK(sf.derivative(-104.0f) == std::numeric_limits<float>::denorm_min());
    CHECK(sf.derivative(-105.0f) == 0.0f);
    actmath::celu<double> c{2.0};
    // 2 (e^(-3/2) - 1) and e^(-3/2).
    CHECK(c.forward(-3.0) == Approx(-1.5537396797031403421).epsilon(4e-16));
    CHECK(c.derivative(-3.0) == Approx(0.22313016014842982893).epsilon(4e-16));
    CHECK(c.derivative(0.0) == 1.0);
    actmath::celu<float> c3{0.3f};
    // e^(-26.1 / 0.3f) = 1.8131e-38: the quotient's rounding error would cost ~20 ulp.
    CHECK(c3.derivative(-26.1f) == Approx(double(ref_dcelu(ld(-26.1f), ld(0.3f)))).epsilon(3e-7));
}

TEST_CASE("elu with a large alpha: the derivative's subnormal tail", "[elu]") {
    // alpha e^x below exp's usual clamp (-104): mpmath gives 1000 e^-108 = 8.906 x 2^-149,
    // 1000 e^-112 = 0.163 x 2^-149, 8 e^-110 = 0.0096 x 2^-149.
    const float dm = std::numeric_limits<float>::denorm_min();
    CHECK(actmath::elu<float>{1000.0f}.derivative(-108.0f) == 9 * dm);
    CHECK(actmath::elu<float>{-1000.0f}.derivative(-108.0f) == -9 * dm);
    CHECK(actmath::elu<float>{1000.0f}.derivative(-112.0f) == 0.0f);
    CHECK(actmath::elu<float>{8.0f}.derivative(-110.0f) == 0.0f);
    CHECK_FALSE(std::signbit(actmath::elu<float>{8.0f}.derivative(-std::numeric_limits<float>::infinity())));
    CHECK(std::signbit(actmath::elu<float>{-8.0f}.derivative(-std::numeric_limits<float>::infinity())));
    // |alpha| <= 2^20 takes alpha (1 + s) 2^k with x clamped at -120; larger ones the wide path
    for (float a : {1000.0f, -3.5f, 0x1p20f, -0x1.000002p20f, 3e7f}) {
        actmath::elu<float> e{a};
        auto xs = float_sample(std::uint64_t(1) << 18);
        add_neighbourhood<float>(xs, -104.0f);
        add_neighbourhood<float>(xs, -110.0f);
        add_neighbourhood<float>(xs, -120.0f);
        add_neighbourhood<float>(xs, -125.0f);
        auto md = measure<float>([&](auto v) { return e.derivative(v); }, [a](ld x) { return ref_delu(x, a); }, xs);
        INFO("alpha " << a << ": derivative worst " << md.worst << " ulp at " << md.at);
        CHECK(md.worst <= 4);
        CHECK(md.mismatches == 0);
    }
    actmath::elu<double> ed{1e300};
    auto xs = double_sample(std::uint64_t(1) << 16);
    auto md = measure<double>([&](auto v) { return ed.derivative(v); }, [](ld x) { return ref_delu(x, 1e300L); }, xs);
    INFO("alpha 1e300: derivative worst " << md.worst << " ulp at " << md.at);
    CHECK(md.worst <= 4);
}

TEST_CASE("elu derivative_from_output", "[elu]") {
    actmath::elu<double> e;
    CHECK(e.derivative_from_output(0.0) == 1.0); // y = 0 comes from x = 0: elu'(0) = alpha
    CHECK(e.derivative_from_output(0.5) == 1.0);
    CHECK(e.derivative_from_output(-0.25) == 0.75);
    CHECK(e.derivative_from_output(-1.0) == 0.0);
    // alpha < 0: y in (0, -alpha] comes from an x > 0 and from an x < 0: NaN, never a guess.
    actmath::elu<float> neg{-0.5f};
    CHECK(neg.forward(-1.0f) > 0.0f);
    CHECK(std::isnan(neg.derivative_from_output(neg.forward(-1.0f))));
    CHECK(std::isnan(neg.derivative_from_output(0.25f)));
    CHECK(std::isnan(neg.derivative_from_output(0.5f)));
    CHECK(neg.derivative_from_output(0.75f) == 1.0f);
    CHECK(neg.derivative_from_output(0.0f) == -0.5f);
    CHECK(std::isnan(neg.derivative_from_output(std::numeric_limits<float>::quiet_NaN())));
    using B = xsimd::batch<float>;
    CHECK(std::isnan(neg.derivative_from_output(B(0.25f)).get(0)));
    CHECK(neg.derivative_from_output(B(0.75f)).get(0) == 1.0f);
    // forward and derivative stay accurate for alpha < 0.
    auto xs = float_sample(std::uint64_t(1) << 18);
    auto mf = measure<float>([&](auto v) { return neg.forward(v); }, [](ld x) { return ref_elu(x, -0.5L); }, xs);
    auto md = measure<float>([&](auto v) { return neg.derivative(v); }, [](ld x) { return ref_delu(x, -0.5L); }, xs);
    CHECK(mf.worst <= 4);
    CHECK(md.worst <= 4);
    CHECK(mf.mismatches + md.mismatches == 0);
    // selu and celu: the negative branch ends at -lambda alpha and -alpha.
    actmath::selu<float> s;
    CHECK(s.derivative_from_output(s.forward(-2.0f)) == Approx(s.derivative(-2.0f)).epsilon(1e-6));
    CHECK(s.derivative_from_output(1.0f) == s.derivative(1.0f));
    actmath::celu<double> c{-2.0};
    CHECK(c.derivative_from_output(c.forward(-3.0)) == Approx(c.derivative(-3.0)).epsilon(1e-15));
}

TEST_CASE("elu parameter validation", "[elu]") {
    const float nanf = std::numeric_limits<float>::quiet_NaN();
    const double infd = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(actmath::elu<float>{nanf}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::elu<double>{infd}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::celu<float>{0.0f}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::celu<double>{-0.0}, std::invalid_argument);
    CHECK_THROWS_AS(actmath::celu<float>{nanf}, std::invalid_argument);
    CHECK_THROWS_WITH(actmath::celu<float>{0.0f}, Catch::Contains("alpha must not be 0"));
    CHECK_THROWS_WITH(actmath::elu<float>{nanf}, Catch::Contains("alpha must be finite"));
    CHECK_NOTHROW(actmath::elu<float>{-0.5f});
    CHECK_NOTHROW(actmath::celu<float>{-2.0f});
    actmath::elu<float> e{0.25f};
    CHECK(e.alpha == 0.25f);
    CHECK(actmath::celu<double>{}.alpha == 1.0);
}
