// The kernel walk every family test runs on its functors (and test_kernels on sigmoid).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include <actmath/core/kernels.hpp>

#include "ulp.hpp"

namespace actmath_test {

// The lengths around one and two steps of a loop of U batches of W elements (core/kernels.hpp):
// where the unrolled loop starts, hands over to the one-batch loop and to the tail.
inline std::vector<std::size_t> step_lengths(std::size_t U, std::size_t W) {
    return {U * W - 1, U * W, U * W + 1, (U + 1) * W + 3, 2 * U * W + W - 1};
}

// The array drivers on one functor: every length 0..3 batch widths, and the lengths around
// one and two steps of the unrolled loop (U batches, core/kernels.hpp), four offsets, in
// place and out of place, with sentinels on both sides.  Each element equals the scalar call
// bit for bit (NaN, -0 and -inf included), and nothing outside the range is written.
template <class T, class F> void walk_kernels(F const& f) {
    constexpr std::size_t W = xsimd::batch<T>::size;
    constexpr std::size_t U = actmath::detail::unroll_v<xsimd::default_arch, F, T>;
    const T sentinel = T(-7777.25);
    const std::size_t pad = W + 3;
    std::size_t bad = 0, runs = 0;
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 3 * W; ++n) lengths.push_back(n);
    for (std::size_t n : step_lengths(U, W)) lengths.push_back(n);
    if constexpr (actmath::detail::has_derivative_split<F>::value) // derivative's own step
        for (std::size_t n : step_lengths(actmath::detail::step_v<actmath::detail::root_merge_op<F>, U>, W)) lengths.push_back(n);
    for (std::size_t n : lengths)
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

} // namespace actmath_test
