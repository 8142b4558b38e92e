#include <actmath/activations/tanh.hpp>

#include "reference/tanh.hpp"

using namespace actmath_test;

// The array drivers on this family: every length 0..3 batch widths, offsets 0, 1, W/2, W-1,
// in place and out of place, sentinels on both sides; each element equals the scalar call.
// (The same walk as tests/test_kernels.cpp, which is sigmoid's; inputs include NaN, +-inf, -0.)
template <class T, class F> void walk_kernels(F const& f) {
    constexpr std::size_t W = xsimd::batch<T>::size;
    const T sentinel = T(12345.5);
    const std::size_t pad = 2 * W;
    std::uint64_t seed = 7;
    std::uint64_t bad = 0, runs = 0;
    for (std::size_t n = 0; n <= 3 * W; ++n) {
        std::vector<T> src(n), dy(n);
        for (std::size_t i = 0; i < n; ++i) {
            src[i] = T(double(splitmix64(seed) % 40001) / 1000.0 - 20.0);
            dy[i] = T(double(splitmix64(seed) % 2001) / 1000.0 - 1.0);
        }
        const T specials[] = {std::numeric_limits<T>::quiet_NaN(), -std::numeric_limits<T>::infinity(),
                              std::numeric_limits<T>::infinity(), -T(0)};
        for (std::size_t i = 0; i < n && i < 4; ++i) src[(i * 5) % n] = specials[i];
        for (std::size_t off : {std::size_t(0), std::size_t(1), W / 2, W - 1}) {
            for (int in_place = 0; in_place < 2; ++in_place) {
                for (int op = 0; op < 4; ++op) {
                    std::vector<T> xbuf(n + 2 * pad + W, sentinel), obuf(xbuf.size(), sentinel);
                    T* x = xbuf.data() + pad + off;
                    T* out = in_place ? x : obuf.data() + pad + off;
                    std::copy(src.begin(), src.end(), x);
                    if (op == 0) actmath::forward(f, x, out, n);
                    if (op == 1) actmath::derivative(f, x, out, n);
                    if (op == 2) actmath::backward(f, x, dy.data(), out, n);
                    if (op == 3) actmath::backward_from_output(f, x, dy.data(), out, n);
                    ++runs;
                    for (std::size_t i = 0; i < n; ++i) {
                        T want = op == 0 ? f.forward(src[i])
                               : op == 1 ? f.derivative(src[i])
                               : op == 2 ? dy[i] * f.derivative(src[i])
                                         : dy[i] * f.derivative_from_output(src[i]);
                        if (!same_bits(out[i], want)) ++bad;
                    }
                    for (auto* buf : {&xbuf, &obuf}) {
                        T* lo = buf->data() + pad + off;
                        bool written = (buf == &xbuf) == bool(in_place);
                        for (T* p = buf->data(); p < buf->data() + buf->size(); ++p)
                            if ((p < lo || p >= lo + n || !written) && !(buf == &xbuf && p >= lo && p < lo + n))
                                if (!same_bits(*p, sentinel)) ++bad;
                    }
                }
            }
        }
    }
    INFO(F::name << ": " << bad << " wrong elements or sentinels over " << runs << " kernel runs");
    CHECK(bad == 0);
    CHECK(runs > 0);
}

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
