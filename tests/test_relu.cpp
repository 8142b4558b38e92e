// The rectifier family: relu, relu6, leaky_relu, prelu (one weight and per channel, with
// the weight gradient), rrelu (eval and training), threshold.
#include <actmath/activations/relu.hpp>

#include <random>
#include <string>

#include "reference/relu.hpp"
#include "support/kernel_walk.hpp"

using namespace actmath_test;

namespace {

// check_function with one spec per type: the parameters are the functors' own (0.01f for
// float, 0.01 for double), so both are measured against their exact function.
template <class Ff, class Fd> void check_typed(spec const& sf, spec const& sd, Ff const& ff, Fd const& fd) {
    SECTION(sf.name + " float accuracy") { check_accuracy(sf, ff); }
    SECTION(sd.name + " double accuracy") { check_accuracy(sd, fd); }
    SECTION(sd.name + " central difference") { check_central_difference(sd, fd); }
    SECTION(sd.name + " special values") {
        check_specials(sf, ff);
        check_specials(sd, fd);
    }
}

const float qnanf = std::numeric_limits<float>::quiet_NaN();
const double qnand = std::numeric_limits<double>::quiet_NaN();

} // namespace

TEST_CASE("relu", "[relu]") { check_function(relu_spec(), actmath::relu<float>{}, actmath::relu<double>{}); }

TEST_CASE("relu6", "[relu]") { check_function(relu6_spec(), actmath::relu6<float>{}, actmath::relu6<double>{}); }

TEST_CASE("leaky_relu", "[relu]") {
    check_typed(leaky_relu_spec(ld(0.01f)), leaky_relu_spec(ld(0.01)), actmath::leaky_relu<float>{},
                actmath::leaky_relu<double>{});
}

// (One check per test case: the checker's sections are named by function and line.)
TEST_CASE("leaky_relu with slope 0.2", "[relu]") {
    check_typed(leaky_relu_spec(ld(0.2f)), leaky_relu_spec(ld(0.2)), actmath::leaky_relu<float>{0.2f},
                actmath::leaky_relu<double>{0.2});
}

TEST_CASE("leaky_relu with slope 0", "[relu]") {
    check_typed(leaky_relu_spec(0), leaky_relu_spec(0), actmath::leaky_relu<float>{0.0f}, actmath::leaky_relu<double>{0.0});
}

// The forward against the definition x > 0 ? x : slope x (slope (-inf) its limit), bit for bit,
// zeros' signs and NaN included, for slopes where max(slope x, x) would agree (0.01, 1,
// denorm_min) and where it would not (0 at -inf; above 1; negative at +-0): a guard for any
// rewrite as a max.
template <class T> void check_leaky_definition() {
    const T inf = std::numeric_limits<T>::infinity(), tiny = std::numeric_limits<T>::denorm_min();
    std::vector<T> xs = {T(0), -T(0), T(1), T(-1), tiny, -tiny, std::numeric_limits<T>::min(), -std::numeric_limits<T>::min(),
                         std::numeric_limits<T>::max(), std::numeric_limits<T>::lowest(), inf, -inf,
                         std::numeric_limits<T>::quiet_NaN(), T(-3.75), T(1e-30), T(-1e-30), T(-2.5e-39)};
    for (T slope : {T(0.01), T(1), std::nextafter(T(1), T(2)), tiny, T(3), T(0), T(-0.5), -T(0)}) {
        actmath::leaky_relu<T> f{slope};
        std::vector<T> y(xs.size());
        actmath::forward(f, xs, y);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            T x = xs[i];
            T want = x > T(0) ? x : x == -inf ? (slope > T(0) ? -inf : slope < T(0) ? inf : -T(0)) : slope * x;
            INFO("leaky_relu(" << x << ") with slope " << slope << ": got " << y[i] << ", want " << want);
            CHECK(same_bits(y[i], want));
            CHECK(same_bits(f.forward(x), want));
        }
    }
}

TEST_CASE("leaky_relu forward: the definition's bits for every kind of slope", "[relu]") {
    check_leaky_definition<float>();
    check_leaky_definition<double>();
}

TEST_CASE("prelu", "[relu]") { check_function(prelu_spec(0.25L), actmath::prelu<float>{}, actmath::prelu<double>{}); }

TEST_CASE("rrelu (eval)", "[relu]") {
    actmath::rrelu<float> rf;
    actmath::rrelu<double> rd;
    check_typed(rrelu_spec(ld(rf.slope())), rrelu_spec(ld(rd.slope())), rf, rd);
}

TEST_CASE("threshold", "[relu]") {
    check_function(threshold_spec(0.5L, -2), actmath::threshold<float>{0.5f, -2.0f}, actmath::threshold<double>{0.5, -2.0});
}

TEST_CASE("threshold with the defaults", "[relu]") {
    check_function(threshold_spec(0, 0), actmath::threshold<float>{}, actmath::threshold<double>{});
}

TEST_CASE("relu family reference values", "[relu]") {
    // Hand-computed: every product below is exact.
    CHECK(actmath::relu<double>{}.forward(-3.5) == 0.0);
    CHECK(actmath::relu<float>{}.forward(2.5f) == 2.5f);
    CHECK(actmath::relu6<double>{}.forward(7.5) == 6.0);
    CHECK(actmath::relu6<float>{}.forward(5.75f) == 5.75f);
    CHECK(actmath::leaky_relu<float>{0.25f}.forward(-3.0f) == -0.75f);
    CHECK(actmath::leaky_relu<double>{}.derivative(-3.0) == 0.01);
    CHECK(actmath::prelu<double>{}.forward(-8.0) == -2.0);
    CHECK(actmath::prelu<double>{}.derivative_weight(-8.0) == -8.0);
    CHECK(actmath::prelu<double>{}.derivative_weight(8.0) == 0.0);
    CHECK(actmath::threshold<double>{1.0, -7.0}.forward(1.0) == -7.0);
    CHECK(actmath::threshold<double>{1.0, -7.0}.forward(1.5) == 1.5);
    // rrelu's eval slope: (1/8 + 1/3) / 2 = 11/48.
    CHECK(actmath::rrelu<double>{}.slope() == 11.0 / 48.0);
    CHECK(actmath::rrelu<float>{}.slope() == 11.0f / 48.0f);
    CHECK(actmath::rrelu<double>{}.forward(-48.0) == Approx(-11.0).epsilon(1e-15));
}

TEST_CASE("relu family kinks, zeros and NaN", "[relu]") {
    // relu'(0) = 0, relu6'(0) = relu6'(6) = 0, leaky_relu'(0) = negative_slope.
    CHECK(actmath::relu<float>{}.derivative(0.0f) == 0.0f);
    CHECK(actmath::relu6<float>{}.derivative(6.0f) == 0.0f);
    CHECK(actmath::relu6<float>{}.derivative(0.0f) == 0.0f);
    CHECK(actmath::leaky_relu<float>{0.2f}.derivative(0.0f) == 0.2f);
    CHECK(actmath::leaky_relu<float>{0.2f}.derivative(-0.0f) == 0.2f);
    // relu(-0) = -0 (the input is kept), as PyTorch's CPU kernel.
    CHECK(std::signbit(actmath::relu<float>{}.forward(-0.0f)));
    CHECK(!std::signbit(actmath::relu<float>{}.forward(-1.0f)));
    // NaN in, NaN out: forward, derivative, derivative_from_output.
    CHECK(std::isnan(actmath::relu<float>{}.derivative(qnanf)));
    CHECK(std::isnan(actmath::relu<float>{}.derivative_from_output(qnanf)));
    CHECK(std::isnan(actmath::relu6<double>{}.forward(qnand)));
    CHECK(std::isnan(actmath::threshold<double>{}.forward(qnand)));
    CHECK(std::isnan(actmath::threshold<double>{}.derivative(qnand)));
    CHECK(std::isnan(actmath::prelu<double>{}.derivative_weight(qnand)));
    // A zero slope at -inf: the limit -0, not -inf * 0 = NaN.
    CHECK(actmath::leaky_relu<double>{0.0}.forward(-std::numeric_limits<double>::infinity()) == 0.0);
    // A negative slope: forward and derivative fine, derivative_from_output ambiguous -> NaN.
    actmath::leaky_relu<double> neg{-0.5};
    CHECK(neg.forward(-4.0) == 2.0);
    CHECK(neg.derivative(-4.0) == -0.5);
    CHECK(neg.forward(-std::numeric_limits<double>::infinity()) == std::numeric_limits<double>::infinity());
    CHECK(std::isnan(neg.derivative_from_output(2.0)));
    CHECK(neg.derivative_from_output(0.0) == -0.5);
    // threshold has no derivative_from_output (y == value is ambiguous when value > threshold).
    CHECK(!actmath::has_derivative_from_output_v<actmath::threshold<float>>);
    CHECK(actmath::has_derivative_from_output_v<actmath::relu6<float>>);
    CHECK(actmath::has_derivative_from_output_v<actmath::prelu<double>>);
}

TEST_CASE("relu family parameter validation", "[relu]") {
    CHECK_THROWS_AS((actmath::leaky_relu<float>{qnanf}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::prelu<double>{qnand}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::rrelu<float>{0.5f, 0.25f}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::rrelu<double>{qnand, 0.25}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::rrelu<double>{0.1, qnand}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::threshold<float>{qnanf, 0.0f}), std::invalid_argument);
    CHECK_THROWS_AS((actmath::threshold<double>{0.0, qnand}), std::invalid_argument);
    CHECK_THROWS_WITH((actmath::rrelu<double>{0.5, 0.25}), Catch::Contains("lower must not exceed upper") && Catch::Contains("0.25"));
    CHECK_THROWS_WITH((actmath::leaky_relu<double>{qnand}), Catch::Contains("negative_slope must not be NaN"));
    CHECK_NOTHROW((actmath::rrelu<double>{0.3, 0.3}));
    CHECK_NOTHROW((actmath::leaky_relu<double>{-0.5}));
    // Brace init with PyTorch's parameter names and order.
    actmath::rrelu<float> r{0.1f, 0.2f};
    CHECK(r.lower == 0.1f);
    CHECK(r.upper == 0.2f);
    actmath::threshold<double> t{0.5, -1.0};
    CHECK(t.threshold == 0.5);
    CHECK(t.value == -1.0);
}

TEST_CASE("prelu weight gradient", "[relu]") {
    actmath::prelu<float> p;
    std::vector<float> x = {-1.5f, 2.0f, -0.0f, 0.0f, -3.0f, 7.0f, -0.25f};
    std::vector<float> dy = {2.0f, 100.0f, 5.0f, 5.0f, -1.0f, 3.0f, 4.0f};
    // (-1.5)(2) + (-3)(-1) + (-0.25)(4) = -3 + 3 - 1 = -1; x > 0 and x = +-0 add nothing.
    CHECK(actmath::prelu_weight_gradient(p, x, dy) == -1.0f);
    CHECK(actmath::prelu_weight_gradient(p, x.data(), dy.data(), 0) == 0.0f);
    // Compensated accumulation: -1e16 - 1 - 1 - 1 + 1e16 keeps the ones (ulp(1e16) = 2).
    std::vector<double> xs = {-1e16, -1, -1, -1, -1e16};
    std::vector<double> gs = {1, 1, 1, 1, -1};
    CHECK(actmath::prelu_weight_gradient(actmath::prelu<double>{}, xs, gs) == -3.0);
    std::vector<double> xn = {-1.0, qnand}, gn = {1.0, 1.0};
    CHECK(std::isnan(actmath::prelu_weight_gradient(actmath::prelu<double>{}, xn, gn)));
    std::vector<float> shorter(3);
    CHECK_THROWS_AS(actmath::prelu_weight_gradient(p, x, shorter), std::invalid_argument);
}

TEST_CASE("prelu per channel", "[relu]") {
    const std::size_t N = 3, C = 4, inner = 37; // inner: several batch widths plus a tail
    const std::size_t n = N * C * inner;
    std::vector<float> x(n), dy(n), w = {0.25f, -0.5f, 0.0f, 1.5f};
    std::uint64_t seed = 7;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = float(int(splitmix64(seed) % 2001) - 1000) / 64.0f; // exact in float; includes 0
        dy[i] = float(int(splitmix64(seed) % 201) - 100) / 8.0f;
    }
    std::vector<float> y(n), dx(n), dw(C);
    actmath::prelu_forward(x, w, y, N, C, inner);
    actmath::prelu_backward(x, w, dy, dx, dw, N, C, inner);
    std::vector<long double> want_dw(C, 0);
    for (std::size_t b = 0; b < N; ++b)
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t k = 0; k < inner; ++k) {
                std::size_t i = (b * C + c) * inner + k;
                float wy = x[i] > 0 ? x[i] : w[c] * x[i];
                float wd = x[i] > 0 ? dy[i] : dy[i] * w[c];
                INFO("b " << b << " c " << c << " k " << k << " x " << x[i]);
                CHECK(same_bits(y[i], wy));
                CHECK(same_bits(dx[i], wd));
                if (!(x[i] > 0)) want_dw[c] += (long double)x[i] * dy[i];
            }
    for (std::size_t c = 0; c < C; ++c) CHECK(dw[c] == float(want_dw[c]));

    // One shared weight, and in place.
    std::vector<float> w1 = {0.25f}, dw1(1), inplace = x;
    actmath::prelu_forward(inplace, w1, inplace, N, C, inner);
    long double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        CHECK(same_bits(inplace[i], x[i] > 0 ? x[i] : 0.25f * x[i]));
        if (!(x[i] > 0)) total += (long double)x[i] * dy[i];
    }
    std::vector<float> g = dy;
    actmath::prelu_backward(x, w1, g, g, dw1, N, C, inner);
    CHECK(dw1[0] == float(total));
    for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(g[i], x[i] > 0 ? dy[i] : dy[i] * 0.25f));

    // Sizes are checked, and the message names them.
    std::vector<float> w3(3), small(n - 1);
    CHECK_THROWS_AS(actmath::prelu_forward(x, w3, y, N, C, inner), std::invalid_argument);
    CHECK_THROWS_AS(actmath::prelu_forward(small, w, y, N, C, inner), std::invalid_argument);
    CHECK_THROWS_WITH(actmath::prelu_forward(x, w, small, N, C, inner), Catch::Contains("443") && Catch::Contains("[3, 4, 37]"));
    CHECK_THROWS_AS(actmath::prelu_backward(x, w, dy, dx, w3, N, C, inner), std::invalid_argument);
    // Empty shapes are fine.
    std::vector<float> none;
    CHECK_NOTHROW(actmath::prelu_forward(none, w, none, 0, C, inner));
}

TEST_CASE("rrelu training", "[relu]") {
    const std::size_t n = 4000;
    std::vector<double> x(n);
    std::uint64_t seed = 11;
    for (std::size_t i = 0; i < n; ++i) x[i] = double(int(splitmix64(seed) % 2001) - 1000) / 16.0;
    x[5] = 0.0;
    x[6] = -0.0;
    x[7] = qnand;
    actmath::rrelu<double> f{0.1, 0.3};
    std::vector<double> y(n), s(n), y2(n), s2(n), s3(n), y3(n);
    std::mt19937_64 g1(1234), g2(1234), g3(99);
    actmath::rrelu_train(f, x, y, s, g1);
    actmath::rrelu_train(f, x, y2, s2, g2);
    actmath::rrelu_train(f, x, y3, s3, g3);
    std::size_t negatives = 0, differ = 0;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        INFO("i " << i << " x " << x[i] << " slope " << s[i]);
        CHECK(same_bits(s[i], s2[i])); // deterministic for a seed
        CHECK(same_bits(y[i], y2[i]));
        if (std::isnan(x[i])) {
            CHECK(std::isnan(s[i]));
            CHECK(std::isnan(y[i]));
        } else if (x[i] > 0) {
            CHECK(s[i] == 1.0);
            CHECK(y[i] == x[i]);
        } else {
            CHECK(s[i] >= 0.1);
            CHECK(s[i] <= 0.3);
            CHECK(same_bits(y[i], x[i] * s[i]));
            ++negatives;
            sum += s[i];
            differ += !(s[i] == s3[i]);
        }
    }
    CHECK(negatives > n / 3);
    CHECK(differ > negatives / 2);                         // another seed, other slopes
    CHECK(sum / double(negatives) == Approx(0.2).margin(0.01)); // uniform on [0.1, 0.3]

    // backward uses the very slopes, in place too.
    std::vector<double> dy(n), dx(n);
    for (std::size_t i = 0; i < n; ++i) dy[i] = double(i % 17) - 8.0;
    actmath::rrelu_backward(s, dy, dx);
    for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(dx[i], dy[i] * s[i]));
    actmath::rrelu_backward(s, dy, dy);
    for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(dy[i], dx[i]));

    // float, a generator with a range that is not a power of two, in place.
    actmath::rrelu<float> ff;
    std::vector<float> xf = {-1.0f, 2.0f, -3.0f, 0.0f, -0.5f}, sf(5), sf2(5);
    std::vector<float> xf2 = xf;
    std::minstd_rand m1(5), m2(5);
    actmath::rrelu_train(ff, xf, xf, sf, m1);
    actmath::rrelu_train(ff, xf2, xf2, sf2, m2);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(same_bits(sf[i], sf2[i]));
        CHECK(same_bits(xf[i], xf2[i]));
        if (sf[i] != 1.0f) {
            CHECK(sf[i] >= ff.lower);
            CHECK(sf[i] <= ff.upper);
        }
    }
    CHECK(sf[1] == 1.0f);
    CHECK(sf[3] != 1.0f); // x = 0 draws a slope, as PyTorch's kernel (input <= 0)
    std::vector<float> bad(4);
    CHECK_THROWS_AS(actmath::rrelu_train(ff, xf, bad, sf, m1), std::invalid_argument);
    CHECK_THROWS_AS(actmath::rrelu_backward(sf, bad, sf2), std::invalid_argument);
    CHECK_THROWS_AS(actmath::rrelu_train(ff, xf, sf, sf, m1), std::invalid_argument); // slopes would overwrite y
}

TEST_CASE("relu family kernels", "[relu]") {
    std::vector<float> x = {-30, -1, -0.0f, 0.0f, 0.25f, 3, 6, 40, qnanf}, y(x.size()), d(x.size()), dfo(x.size());
    actmath::relu6<float> r;
    actmath::forward(r, x, y);
    actmath::derivative(r, x, d);
    actmath::derivative_from_output(r, y, dfo);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(same_bits(y[i], r.forward(x[i])));
        CHECK(same_bits(d[i], r.derivative(x[i])));
        CHECK(same_bits(dfo[i], d[i]));
    }
}

TEST_CASE("relu family: every length, offset, in place", "[relu][kernels]") {
    walk_kernels<float>(actmath::relu<float>{});
    walk_kernels<double>(actmath::relu<double>{});
    walk_kernels<float>(actmath::relu6<float>{});
    walk_kernels<double>(actmath::leaky_relu<double>{0.2});
    walk_kernels<float>(actmath::leaky_relu<float>{-0.5f});
    walk_kernels<float>(actmath::leaky_relu<float>{3.0f}); // each of the three forms (with_form)
    walk_kernels<double>(actmath::leaky_relu<double>{0.0});
    walk_kernels<float>(actmath::prelu<float>{});
    walk_kernels<double>(actmath::rrelu<double>{});
    walk_kernels<float>(actmath::threshold<float>{0.5f, -2.0f});
}
