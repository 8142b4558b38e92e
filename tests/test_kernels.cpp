// The array drivers: every length from 0 to three batch widths, several offsets, in place and
// out of place, with sentinels on both sides (support/kernel_walk.hpp); the range calls; the
// size and overlap checks.
#include <actmath/actmath.hpp>

#include <array>
#include <cmath>
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

// Root windows (core/kernels.hpp, root_merge_op): the array drivers gather the lanes inside a
// derivative's root window from the batches of a step into one polynomial call.  Each element
// must still equal the scalar call bit for bit: sparse arrays (a lane inside now and then, so
// most steps merge without a clash), dense ones (every lane inside: two batches of a step
// share a lane, the per-batch fallback), the window's edges and the root's neighbours, and a
// streamed output (ACTMATH_STREAM_BYTES) of each.  A merge that gave a lane another batch's
// value, or dropped one, differs here.
template <class T, class F> std::size_t root_window_mismatches(F const& f, T root, T half_width, std::size_t n, std::uint64_t seed) {
    std::vector<T> x(n), dy(n), d(n), dx(n);
    std::uint64_t s = seed;
    const T edge_lo = root - half_width, edge_hi = root + half_width;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t r = actmath_test::splitmix64(s);
        double u = double(r % 100001) / 100000.0; // [0, 1]
        switch (r >> 60) {
        case 0: x[i] = edge_lo; break;
        case 1: x[i] = edge_hi; break;
        case 2: x[i] = std::nextafter(root, T(1) + root); break;
        case 3: x[i] = std::nextafter(edge_lo, root); break;
        default: x[i] = T(root + (2 * u - 1) * 1.2 * double(half_width)); break; // most inside
        }
        if (seed % 2 == 0 && r % 40 != 0) x[i] = T(20 * u - 10); // sparse: 1 in 40 stays near the root
        dy[i] = T(double(actmath_test::splitmix64(s) % 2001) / 1000.0 - 1.0);
    }
    actmath::derivative(f, x.data(), d.data(), n);
    actmath::backward(f, x.data(), dy.data(), dx.data(), n);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
        T want = f.derivative(x[i]);
        bool ok = same_bits(d[i], want) && same_bits(dx[i], T(dy[i] * want));
        if (!ok && bad++ < 3)
            UNSCOPED_INFO(F::name << " n " << n << " i " << i << ": x " << x[i] << " got " << d[i] << ", " << dx[i]
                                  << " want " << want << ", " << dy[i] * want);
    }
    return bad;
}

template <class T, class F> void check_root_windows(F const& f, T root, T half_width) {
    const std::size_t big = ACTMATH_STREAM_BYTES / sizeof(T) + 37;
    std::size_t bad = 0;
    for (std::uint64_t seed : {1, 2, 3, 4}) bad += root_window_mismatches<T>(f, root, half_width, 4099, seed);
    bad += root_window_mismatches<T>(f, root, half_width, big, 5);
    bad += root_window_mismatches<T>(f, root, half_width, big, 6);
    INFO(F::name << ": elements differing from the scalar call: " << bad);
    CHECK(bad == 0);
}

template <class T> void check_root_windows_all() {
    using namespace actmath::detail;
    check_root_windows<T>(actmath::silu<T>{}, silu_root<T>::fit.r_hi, silu_root<T>::fit.half_width);
    check_root_windows<T>(actmath::swish<T>{T(1)}, silu_root<T>::fit.r_hi, silu_root<T>::fit.half_width);
    // swish with beta 1.75: z = 1.75 x has its root at r / 1.75
    check_root_windows<T>(actmath::swish<T>{T(1.75)}, T(silu_root<T>::fit.r_hi / 1.75), T(silu_root<T>::fit.half_width / 1.75));
    check_root_windows<T>(actmath::mish<T>{}, mish_root<T>::fit.r_hi, mish_root<T>::fit.half_width);
    check_root_windows<T>(actmath::gelu_tanh<T>{}, gelu_tanh_consts<T>::fit.r_hi, gelu_tanh_consts<T>::fit.half_width);
    check_root_windows<T>(actmath::quick_gelu<T>{}, quick_gelu_consts<T>::fit.r_hi, quick_gelu_consts<T>::fit.half_width);
}

TEST_CASE("kernels: root windows merged across batches, same bits", "[kernels]") {
    check_root_windows_all<float>();
    check_root_windows_all<double>();
}
