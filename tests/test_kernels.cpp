// The array drivers: every length from 0 to three batch widths, several offsets, in place and
// out of place, with sentinels on both sides (support/kernel_walk.hpp); the range calls; the
// size and overlap checks.
#include <actmath/actmath.hpp>

#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "support/kernel_walk.hpp"
#include "support/ulp.hpp"

using actmath_test::same_bits;


TEST_CASE("kernels: every length, offset, in place and out of place", "[kernels]") {
    actmath_test::walk_kernels<float>(actmath::sigmoid<float>{});
    actmath_test::walk_kernels<double>(actmath::sigmoid<double>{});
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

// Outputs of ACTMATH_STREAM_BYTES or more take the non-temporal path: a partial head up to the
// output's first batch-aligned address, streamed batches, then the tail.  Each element still
// equals the scalar call bit for bit, whatever the output's alignment, in place too, and the
// elements just outside the range keep their sentinels.  Two lengths, the threshold itself and
// one with a partial tail past it (forward of one input, backward of two).
template <class T> void check_streaming() {
    constexpr std::size_t W = xsimd::batch<T>::size;
    const std::size_t base = ACTMATH_STREAM_BYTES / sizeof(T);
    const T sentinel = T(-7777.25);
    actmath::sigmoid<T> f;
    std::size_t bad = 0;
    for (std::size_t n : {base, base + 2 * W + 3}) {
        for (std::size_t off : {std::size_t(0), std::size_t(1), W - 1}) {
            for (int in_place = 0; in_place < 2; ++in_place) {
                std::vector<T> x(n), dy(n), buf(n + off + 2, sentinel);
                std::uint64_t s = n + off;
                for (std::size_t i = 0; i < n; ++i) {
                    x[i] = T(double(actmath_test::splitmix64(s) % 40001) / 1000.0 - 20.0);
                    dy[i] = T(double(actmath_test::splitmix64(s) % 2001) / 1000.0 - 1.0);
                }
                x[0] = std::numeric_limits<T>::quiet_NaN();
                x[n - 1] = -T(0);
                T* out = buf.data() + off + 1;
                for (int op = 0; op < 2; ++op) {
                    std::fill(buf.begin(), buf.end(), sentinel);
                    T const* in = x.data();
                    if (in_place) {
                        std::copy(x.begin(), x.end(), out);
                        in = out;
                    }
                    if (op == 0) actmath::forward(f, in, out, n);
                    else actmath::backward(f, in, dy.data(), out, n);
                    for (std::size_t i = 0; i < n; ++i) {
                        T want = op == 0 ? f.forward(x[i]) : dy[i] * f.derivative(x[i]);
                        if (!same_bits(out[i], want) && bad++ < 3)
                            UNSCOPED_INFO("n " << n << " off " << off << " in_place " << in_place << " op " << op << " i " << i
                                               << ": x " << x[i] << " got " << out[i] << " want " << want);
                    }
                    if (!same_bits(buf[off], sentinel) || !same_bits(buf[off + 1 + n], sentinel)) ++bad;
                }
            }
        }
    }
    INFO("streamed outputs differing from the scalar call (or touching a sentinel): " << bad);
    CHECK(bad == 0);
}

TEST_CASE("kernels: outputs of ACTMATH_STREAM_BYTES and more take non-temporal stores, same bits", "[kernels]") {
    check_streaming<float>();
    check_streaming<double>();
}
