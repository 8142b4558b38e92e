// The array drivers: every length from 0 to three batch widths, several offsets, in place and
// out of place, with sentinels on both sides; results equal the scalar call bit for bit.
#include <actmath/actmath.hpp>

#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "support/ulp.hpp"

using actmath_test::same_bits;

namespace {

template <class T> std::vector<T> inputs(std::size_t n) {
    std::vector<T> v(n);
    std::uint64_t s = 42;
    for (auto& x : v) x = T(double(actmath_test::splitmix64(s) % 20001) / 1000.0 - 10.0);
    if (n > 3) {
        v[1] = std::numeric_limits<T>::quiet_NaN();
        v[2] = -std::numeric_limits<T>::infinity();
    }
    return v;
}

template <class T, class F> void walk(F const& f) {
    constexpr std::size_t W = xsimd::batch<T>::size;
    const T sentinel = T(12345.5);
    const std::size_t pad = 2 * W;
    for (std::size_t n = 0; n <= 3 * W; ++n) {
        for (std::size_t off : {std::size_t(0), std::size_t(1), W / 2, W - 1}) {
            auto src = inputs<T>(n);
            auto grad = inputs<T>(n + 3);
            for (int in_place = 0; in_place < 2; ++in_place) {
                for (int op = 0; op < 4; ++op) {
                    if (op == 3 && !actmath::has_derivative_from_output_v<F>) continue;
                    std::vector<T> xbuf(n + 2 * pad + W, sentinel), obuf(n + 2 * pad + W, sentinel);
                    T* x = xbuf.data() + pad + off;
                    T* out = in_place ? x : obuf.data() + pad + off;
                    std::memcpy(x, src.data(), n * sizeof(T));
                    const T* dy = grad.data() + 3;
                    switch (op) {
                    case 0: actmath::forward(f, x, out, n); break;
                    case 1: actmath::derivative(f, x, out, n); break;
                    case 2: actmath::backward(f, x, dy, out, n); break;
                    case 3:
                        if constexpr (actmath::has_derivative_from_output_v<F>) actmath::backward_from_output(f, x, dy, out, n);
                        break;
                    }
                    for (std::size_t i = 0; i < n; ++i) {
                        T want;
                        switch (op) {
                        case 0: want = f.forward(src[i]); break;
                        case 1: want = f.derivative(src[i]); break;
                        case 2: want = dy[i] * f.derivative(src[i]); break;
                        default:
                            if constexpr (actmath::has_derivative_from_output_v<F>) want = dy[i] * f.derivative_from_output(src[i]);
                            else want = 0;
                        }
                        INFO("n = " << n << ", offset " << off << ", in place " << in_place << ", op " << op << ", i = " << i);
                        REQUIRE(same_bits(out[i], want));
                    }
                    for (auto* buf : {&xbuf, &obuf}) {
                        T* base = buf->data();
                        T* lo = (buf == &xbuf ? x : out);
                        if (buf == &obuf && in_place) lo = obuf.data() + pad + off; // untouched
                        for (T* p = base; p < lo; ++p) REQUIRE(same_bits(*p, sentinel));
                        for (T* p = lo + n; p < base + buf->size(); ++p) REQUIRE(same_bits(*p, sentinel));
                        if (buf == &obuf && in_place)
                            for (T* p = lo; p < lo + n; ++p) REQUIRE(same_bits(*p, sentinel));
                    }
                }
            }
        }
    }
}

} // namespace

TEST_CASE("kernels: every length, offset, in place and out of place", "[kernels]") {
    walk<float>(actmath::sigmoid<float>{});
    walk<double>(actmath::sigmoid<double>{});
}

TEST_CASE("kernels: ranges, size mismatch and partial overlap", "[kernels]") {
    actmath::sigmoid<float> s;
    std::vector<float> x(100, 0.5f), y(100), small(99);
    actmath::forward(s, x, y);
    CHECK(y[99] == s.forward(0.5f));
    std::array<float, 4> a{1, 2, 3, 4}, b{};
    actmath::derivative(s, a, b);
    CHECK(b[3] == s.derivative(4.0f));
    std::vector<float> empty, empty2;
    actmath::forward(s, empty, empty2); // length 0 is fine
    actmath::forward(s, x, x);          // in place is fine
    CHECK(x[0] == s.forward(0.5f));

    CHECK_THROWS_AS(actmath::forward(s, x, small), std::invalid_argument);
    CHECK_THROWS_WITH(actmath::forward(s, x, small), Catch::Contains("100") && Catch::Contains("99"));
    CHECK_THROWS_AS(actmath::backward(s, x, small, y), std::invalid_argument);
    CHECK_THROWS_AS(actmath::backward_from_output(s, x, y, small), std::invalid_argument);
    // partial overlap: out starts one element into x
    CHECK_THROWS_AS(actmath::forward(s, x.data(), x.data() + 1, 50), std::invalid_argument);
    CHECK_THROWS_AS(actmath::backward(s, x.data(), y.data(), y.data() + 3, 50), std::invalid_argument);
    CHECK_NOTHROW(actmath::backward(s, x.data(), y.data(), y.data(), 50)); // dx aliases dy exactly
}
