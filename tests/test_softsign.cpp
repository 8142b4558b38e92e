// softsign.
#include <actmath/activations/softsign.hpp>

#include "reference/softsign.hpp"

using namespace actmath_test;

namespace {

// The array drivers for this family: every length 0..3 batch widths, four offsets, in place
// and out of place, with sentinels on both sides.  Each element equals the scalar call bit
// for bit (NaN, -0 and -inf included), and nothing outside the range is written.
template <class T, class F> void walk_kernels(F const& f) {
    constexpr std::size_t W = xsimd::batch<T>::size;
    const T sentinel = T(-7777.25);
    const std::size_t pad = W + 3;
    std::size_t bad = 0, runs = 0;
    for (std::size_t n = 0; n <= 3 * W; ++n)
        for (std::size_t off : {std::size_t(0), std::size_t(1), W / 2, W - 1})
            for (int in_place = 0; in_place < 2; ++in_place)
                for (int op = 0; op < 4; ++op) {
                    if (op == 3 && !actmath::has_derivative_from_output_v<F>) continue;
                    std::vector<T> src(n), dy(n);
                    std::uint64_t s = n * 131 + off;
                    for (std::size_t i = 0; i < n; ++i) {
                        src[i] = T(double(splitmix64(s) % 16001) / 1000.0 - 8.0);
                        dy[i] = T(double(splitmix64(s) % 2001) / 1000.0 - 1.0);
                    }
                    if (n > 2) {
                        src[0] = std::numeric_limits<T>::quiet_NaN();
                        src[1] = -T(0);
                        src[n - 1] = -std::numeric_limits<T>::infinity();
                    }
                    std::vector<T> xb(n + 2 * pad, sentinel), ob(n + 2 * pad, sentinel);
                    T* x = xb.data() + pad + off - 1;
                    T* out = in_place ? x : ob.data() + pad + off - 1;
                    std::copy(src.begin(), src.end(), x);
                    if (op == 0) actmath::forward(f, x, out, n);
                    if (op == 1) actmath::derivative(f, x, out, n);
                    if (op == 2) actmath::backward(f, x, dy.data(), out, n);
                    if constexpr (actmath::has_derivative_from_output_v<F>)
                        if (op == 3) actmath::backward_from_output(f, x, dy.data(), out, n);
                    for (std::size_t i = 0; i < n; ++i) {
                        T want = op == 0 ? f.forward(src[i]) : op == 1 ? f.derivative(src[i]) : dy[i] * f.derivative(src[i]);
                        if constexpr (actmath::has_derivative_from_output_v<F>)
                            if (op == 3) want = dy[i] * f.derivative_from_output(src[i]);
                        bad += !same_bits(out[i], want);
                    }
                    for (std::vector<T>* b : {&xb, &ob})
                        for (std::size_t i = 0; i < b->size(); ++i) {
                            T* p = b->data() + i;
                            bool inside = (p >= x && p < x + n) || (p >= out && p < out + n);
                            if (!inside) bad += !same_bits((*b)[i], sentinel);
                        }
                    ++runs;
                }
    INFO(F::name << ": " << bad << " wrong elements or sentinels over " << runs << " kernel runs");
    CHECK(bad == 0);
    CHECK(runs > 0);
}

} // namespace

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
