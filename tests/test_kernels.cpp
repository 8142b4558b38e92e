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
