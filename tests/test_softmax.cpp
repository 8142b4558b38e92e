// softmax, log_softmax, softmin: accuracy against long double rows (8 ulp for every output,
// rows up to 65536), the special rows of the contract table, backward against a long double
// vector-Jacobian product and central differences, the Jacobian, independence from offset
// and alignment, and the argument checks.
#include <actmath/softmax.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "reference/softmax.hpp"
#include "support/check.hpp"

using namespace actmath_test;

namespace {

template <class T> void run(row_kind k, T const* x, T* y, std::size_t rows, std::size_t cols, bool zero = false) {
    switch (k) {
    case row_kind::softmax: actmath::forward(actmath::softmax<T>{zero}, x, y, rows, cols); break;
    case row_kind::log_softmax: actmath::forward(actmath::log_softmax<T>{zero}, x, y, rows, cols); break;
    case row_kind::softmin: actmath::forward(actmath::softmin<T>{zero}, x, y, rows, cols); break;
    }
}
template <class T> void run_backward(row_kind k, T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) {
    switch (k) {
    case row_kind::softmax: actmath::backward_from_output(actmath::softmax<T>{}, y, dy, dx, rows, cols); break;
    case row_kind::log_softmax: actmath::backward_from_output(actmath::log_softmax<T>{}, y, dy, dx, rows, cols); break;
    case row_kind::softmin: actmath::backward_from_output(actmath::softmin<T>{}, y, dy, dx, rows, cols); break;
    }
}

const std::vector<row_kind> kinds = {row_kind::softmax, row_kind::log_softmax, row_kind::softmin};
const std::vector<std::size_t> sizes = {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257, 1000, 4099, 65536};

// The row families every size is tried with.
template <class T> std::vector<std::pair<std::string, std::function<std::vector<T>(std::size_t, std::mt19937_64&)>>> families() {
    using G = std::mt19937_64;
    const T ninf = -std::numeric_limits<T>::infinity();
    return {
        {"normal(0,1)", [](std::size_t n, G& g) { std::normal_distribution<double> d(0, 1); std::vector<T> v(n); for (auto& e : v) e = T(d(g)); return v; }},
        {"normal(0,10)", [](std::size_t n, G& g) { std::normal_distribution<double> d(0, 10); std::vector<T> v(n); for (auto& e : v) e = T(d(g)); return v; }},
        // Every entry negative (M < 0): x - M is formed by the row shape for M <= 0.
        {"normal(-60,10)", [](std::size_t n, G& g) { std::normal_distribution<double> d(-60, 10); std::vector<T> v(n); for (auto& e : v) e = T(std::min(d(g), -1e-3)); return v; }},
        {"uniform(-100,100)+1e4", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(-100, 100); std::vector<T> v(n); for (auto& e : v) e = T(1e4 + d(g)); return v; }},
        // Monotone rows: a new maximum at every entry (the worst case of an online rescaling).
        {"increasing slowly", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(double(i) * 8.0 / double(n)); return v; }},
        {"increasing steeply", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(double(i) * 0.37); return v; }},
        {"decreasing", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(-double(i) * 0.01); return v; }},
        // One dominant entry: log_softmax of the maximum is -log1p(T) with T tiny.
        {"dominant", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(-40, -20); std::vector<T> v(n); for (auto& e : v) e = T(d(g)); v[n / 2] = T(3); return v; }},
        // T in the subnormal range: many entries whose terms are each below half the smallest subnormal.
        {"subnormal tail", [](std::size_t n, G&) { std::vector<T> v(n, T(std::is_same<T, float>::value ? -104.5 : -745.5)); v[0] = 0; return v; }},
        {"masked 30%", [ninf](std::size_t n, G& g) { std::normal_distribution<double> d(0, 3); std::uniform_real_distribution<double> u(0, 1); std::vector<T> v(n); for (auto& e : v) e = u(g) < 0.3 ? ninf : T(d(g)); v[n - 1] = T(d(g)); return v; }},
        {"wide (-1e30..1e30)", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(-30, 30); std::vector<T> v(n); for (auto& e : v) { const double m = std::pow(10.0, d(g)); e = T(m * (g() & 1 ? 1 : -1)); } return v; }},
        // Rows with many entries at or near the maximum: steps that repeat it, a sawtooth,
        // all entries equal (y = 1/cols exactly; log_softmax counts k = cols maxima).
        {"steps of 16.5", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(double(i % 40) * 16.5 - 300); return v; }},
        {"sawtooth 0..20", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(0, 1e-3); std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(double(i % 97) * 0.21 + d(g)); return v; }},
        {"all equal", [](std::size_t n, G&) { return std::vector<T>(n, T(0.75)); }},
        {"huge (+-3e38)", [](std::size_t n, G& g) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T((g() & 1 ? 3e38 : -3e38) * (1 - double(i % 7) * 1e-7)); return v; }},
    };
}

template <class T> void check_accuracy() {
    const char* tn = std::is_same<T, float>::value ? "float" : "double";
    std::mt19937_64 g(42);
    for (row_kind k : kinds) {
        double worst = 0, worst_sum = 0;
        std::string where;
        for (auto const& fam : families<T>()) {
            for (std::size_t n : sizes) {
                std::vector<T> x = fam.second(n, g), y(n);
                // softmin reads the row negated: give it the negated family (masks at +inf).
                if (k == row_kind::softmin)
                    for (T& v : x) v = -v;
                run(k, x.data(), y.data(), 1, n);
                std::vector<ld> want = ref_row(k, x.data(), n);
                ld sum = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    double u = ulp_error<T>(y[i], want[i]);
                    if (!(u <= worst)) {
                        worst = u;
                        char buf[200];
                        std::snprintf(buf, sizeof buf, "%s cols %zu entry %zu: x %.9g got %.17g exact %.17Lg", fam.first.c_str(), n, i,
                                      double(x[i]), double(y[i]), want[i]);
                        where = buf;
                    }
                    sum += y[i];
                }
                if (k != row_kind::log_softmax) worst_sum = std::max(worst_sum, double(std::fabs(sum - 1)));
            }
        }
        std::printf("%-12s %-6s worst %6.3f ulp (%s)\n", kind_name(k), tn, worst, where.c_str());
        if (k != row_kind::log_softmax) std::printf("%-12s %-6s worst |sum - 1| %.3g\n", kind_name(k), tn, worst_sum);
        INFO(kind_name(k) << " " << tn << ": worst " << worst << " ulp at " << where);
        CHECK(worst <= 8);
        if (k != row_kind::log_softmax && std::is_same<T, float>::value) CHECK(worst_sum <= 1e-6);
    }
}

} // namespace

TEST_CASE("softmax family: every output within 8 ulp of the long double row", "[softmax]") {
    check_accuracy<float>();
    check_accuracy<double>();
}

namespace {

template <class T> std::vector<T> forward_row(row_kind k, std::vector<T> x, bool zero = false) {
    std::vector<T> y(x.size());
    run(k, x.data(), y.data(), 1, x.size(), zero);
    return y;
}

template <class T> void check_specials() {
    using L = std::numeric_limits<T>;
    const T inf = L::infinity(), nan = L::quiet_NaN();
    INFO((std::is_same<T, float>::value ? "float" : "double"));
    // Masks get exactly 0 / -inf, the others are the softmax of the unmasked entries.
    auto y = forward_row<T>(row_kind::softmax, {T(1), -inf, T(1), -inf});
    CHECK(y == std::vector<T>{T(0.5), T(0), T(0.5), T(0)});
    y = forward_row<T>(row_kind::log_softmax, {T(1), -inf, T(1), -inf});
    CHECK(y[1] == -inf);
    CHECK(y[3] == -inf);
    CHECK(y[0] == Approx(-std::log(2.0)).epsilon(4 * L::epsilon()));
    y = forward_row<T>(row_kind::softmin, {T(1), inf, T(1), inf});
    CHECK(y == std::vector<T>{T(0.5), T(0), T(0.5), T(0)});
    // A row of one: probability 1, log-probability 0, whatever the value.
    for (T v : {T(0), T(-7), T(3e38), -T(3e38), L::denorm_min()}) {
        CHECK(forward_row<T>(row_kind::softmax, {v})[0] == 1);
        CHECK(forward_row<T>(row_kind::softmin, {v})[0] == 1);
        CHECK(forward_row<T>(row_kind::log_softmax, {v})[0] == 0);
    }
    // Huge finite entries: no overflow, no NaN.
    y = forward_row<T>(row_kind::softmax, {T(3e38), -T(3e38), T(3e38), T(0)});
    CHECK(y == std::vector<T>{T(0.5), T(0), T(0.5), T(0)});
    y = forward_row<T>(row_kind::softmax, {L::max(), L::max(), L::max()});
    for (T v : y) CHECK(v == Approx(1.0 / 3).epsilon(2 * L::epsilon()));
    y = forward_row<T>(row_kind::log_softmax, {T(3e38), T(0)});
    CHECK(y[0] == 0);
    CHECK(y[1] == -T(3e38));
    y = forward_row<T>(row_kind::softmin, {-T(3e38), T(3e38)});
    CHECK(y == std::vector<T>{T(1), T(0)});
    // The log-softmax tail is exact: 200 below the maximum gives -200 - log1p(e^-200).
    y = forward_row<T>(row_kind::log_softmax, {T(0), T(-200)});
    CHECK(y[1] == T(-200));
    CHECK(y[0] == -T(std::exp(-200.0L)));
    // A NaN anywhere makes the whole row NaN (and only that row).
    for (row_kind k : kinds) {
        std::vector<T> x = {T(1), T(2), nan, T(3), T(1), T(2), T(0), -inf, T(5), inf, T(1)};
        std::vector<T> out(22);
        x.insert(x.end(), {T(1), T(2), T(0), T(1), T(2), T(0), T(1), T(2), T(0), T(3), T(4)});
        run(k, x.data(), out.data(), 2, 11);
        for (std::size_t i = 0; i < 11; ++i) CHECK(std::isnan(out[i]));
        for (std::size_t i = 11; i < 22; ++i) CHECK(std::isfinite(out[i]));
        // NaN with +inf, NaN with a fully masked row: still NaN, in both modes.
        for (bool zero : {false, true}) {
            auto z = forward_row<T>(k, {nan, T(k == row_kind::softmin ? inf : -inf)}, zero);
            CHECK(std::isnan(z[0]));
            CHECK(std::isnan(z[1]));
            z = forward_row<T>(k, {inf, nan, -inf}, zero);
            for (T v : z) CHECK(std::isnan(v));
        }
    }
    // +inf entries take all the mass and share it (PyTorch: NaN).
    y = forward_row<T>(row_kind::softmax, {T(1), inf, T(-3), inf, -inf});
    CHECK(y == std::vector<T>{T(0), T(0.5), T(0), T(0.5), T(0)});
    y = forward_row<T>(row_kind::softmax, {T(1), inf, T(-3)});
    CHECK(y == std::vector<T>{T(0), T(1), T(0)});
    y = forward_row<T>(row_kind::log_softmax, {T(1), inf, inf, inf});
    CHECK(y[0] == -inf);
    CHECK(y[1] == Approx(-std::log(3.0)).epsilon(2 * L::epsilon()));
    y = forward_row<T>(row_kind::softmin, {T(1), -inf, T(-3)});
    CHECK(y == std::vector<T>{T(0), T(1), T(0)});
    // Fully masked rows: NaN as PyTorch by default, zero probability on request.
    for (std::size_t n : {std::size_t(1), std::size_t(5), std::size_t(40)}) {
        std::vector<T> m(n, -inf), p(n, inf);
        for (T v : forward_row<T>(row_kind::softmax, m)) CHECK(std::isnan(v));
        for (T v : forward_row<T>(row_kind::log_softmax, m)) CHECK(std::isnan(v));
        for (T v : forward_row<T>(row_kind::softmin, p)) CHECK(std::isnan(v));
        for (T v : forward_row<T>(row_kind::softmax, m, true)) CHECK(same_bits(v, T(0)));
        for (T v : forward_row<T>(row_kind::log_softmax, m, true)) CHECK(v == -inf);
        for (T v : forward_row<T>(row_kind::softmin, p, true)) CHECK(same_bits(v, T(0)));
    }
    // Zero rows or zero columns: nothing is read or written.
    run<T>(row_kind::softmax, nullptr, nullptr, 0, 5);
    run<T>(row_kind::softmax, nullptr, nullptr, 5, 0);
}

// A row's result depends only on the row: any offset, in place or not, any neighbours,
// and nothing outside the row is written.
template <class T> void check_offsets() {
    constexpr std::size_t W = xsimd::batch<T>::size;
    std::mt19937_64 g(7);
    std::normal_distribution<double> d(0, 4);
    const T sentinel = T(-12345.5);
    for (row_kind k : kinds) {
        for (std::size_t n = 0; n <= 3 * W + 1; ++n) {
            std::vector<T> x(n);
            for (T& v : x) v = T(d(g));
            std::vector<T> want = forward_row<T>(k, x);
            for (std::size_t off = 0; off <= W; ++off) {
                std::vector<T> in(n + off + 2, T(99)), out(n + off + 2, sentinel);
                std::copy(x.begin(), x.end(), in.begin() + off);
                run(k, in.data() + off, out.data() + off, 1, n);
                bool same = true;
                for (std::size_t i = 0; i < n; ++i) same &= same_bits(out[off + i], want[i]);
                for (std::size_t i = 0; i < off; ++i) same &= out[i] == sentinel;
                same &= out[off + n] == sentinel && out[off + n + 1] == sentinel;
                run(k, in.data() + off, in.data() + off, 1, n); // in place
                for (std::size_t i = 0; i < n; ++i) same &= same_bits(in[off + i], want[i]);
                INFO(kind_name(k) << " cols " << n << " offset " << off);
                CHECK(same);
            }
        }
    }
}

} // namespace

TEST_CASE("softmax family: special rows", "[softmax]") {
    check_specials<float>();
    check_specials<double>();
}

TEST_CASE("softmax family: a row's result depends on nothing but the row", "[softmax]") {
    check_offsets<float>();
    check_offsets<double>();
    // The same row among many rows: identical bits.
    std::vector<float> row = {0.5f, -1, 3, 2, -7, 0, 1, 1, 4, 2, 2, 0.25f, -3, 9, 1, 0, 2, 5, 1};
    const std::size_t n = row.size();
    std::vector<float> big;
    for (int r = 0; r < 5; ++r) big.insert(big.end(), row.begin(), row.end());
    std::vector<float> out(big.size()), one(n);
    actmath::forward(actmath::softmax<float>{}, big, out, n);
    actmath::forward(actmath::softmax<float>{}, row, one, n);
    for (int r = 0; r < 5; ++r)
        for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(out[r * n + i], one[i]));
}

namespace {

// Reference vector-Jacobian products in long double from the same y the code gets.
template <class T> std::vector<ld> ref_backward(row_kind k, std::vector<T> const& y, std::vector<T> const& dy) {
    const std::size_t n = y.size();
    std::vector<ld> dx(n);
    ld_sum s;
    if (k == row_kind::log_softmax) {
        for (T v : dy) s.add(v);
        for (std::size_t i = 0; i < n; ++i) dx[i] = ld(dy[i]) - std::exp(ld(y[i])) * s.value();
    } else {
        for (std::size_t i = 0; i < n; ++i) s.add(ld(y[i]) * ld(dy[i]));
        for (std::size_t i = 0; i < n; ++i) {
            dx[i] = ld(y[i]) * (ld(dy[i]) - s.value());
            if (k == row_kind::softmin) dx[i] = -dx[i];
        }
    }
    return dx;
}

template <class T> void check_backward() {
    const T eps = std::numeric_limits<T>::epsilon();
    std::mt19937_64 g(11);
    std::normal_distribution<double> d(0, 3);
    for (row_kind k : kinds) {
        double worst = 0;
        for (std::size_t n : sizes) {
            std::vector<T> x(n), y(n), dy(n), dx(n);
            for (T& v : x) v = T(d(g));
            for (T& v : dy) v = T(d(g));
            run(k, x.data(), y.data(), 1, n);
            run_backward(k, y.data(), dy.data(), dx.data(), 1, n);
            std::vector<ld> want = ref_backward(k, y, dy);
            // Error in units of the condition-aware scale: the terms the formula adds.
            ld g_abs = 0;
            for (std::size_t i = 0; i < n; ++i)
                g_abs += k == row_kind::log_softmax ? std::fabs(ld(dy[i])) : std::fabs(ld(y[i]) * ld(dy[i]));
            for (std::size_t i = 0; i < n; ++i) {
                ld scale = k == row_kind::log_softmax ? std::fabs(ld(dy[i])) + std::exp(ld(y[i])) * g_abs
                                                      : std::fabs(ld(y[i])) * (std::fabs(ld(dy[i])) + g_abs);
                double e = double(std::fabs(ld(dx[i]) - want[i]) / (scale * eps + std::numeric_limits<T>::denorm_min()));
                worst = std::max(worst, e);
            }
            // In place over dy, then over y: the same bits.
            std::vector<T> a = dy, b = y;
            run_backward(k, y.data(), a.data(), a.data(), 1, n);
            run_backward(k, b.data(), dy.data(), b.data(), 1, n);
            bool same = true;
            for (std::size_t i = 0; i < n; ++i) same &= same_bits(a[i], dx[i]) && same_bits(b[i], dx[i]);
            INFO(kind_name(k) << " cols " << n << ": in-place backward differs");
            CHECK(same);
        }
        std::printf("%-12s %-6s backward worst error %.3f eps x (|terms|)\n", kind_name(k),
                    std::is_same<T, float>::value ? "float" : "double", worst);
        INFO(kind_name(k) << " backward: worst " << worst << " eps x scale");
        CHECK(worst <= 2);
    }
}

} // namespace

TEST_CASE("softmax family: backward from the output", "[softmax]") {
    check_backward<float>();
    check_backward<double>();
}

namespace {

// An infinite upstream gradient: dx is the formula's limit, y (dy - <y, dy>) = -inf y_i (or
// dy - e^y sum dy = -inf) wherever dy_i is finite, NaN (inf - inf) where it is the infinity,
// signs flipped for -inf and for softmin; +inf and -inf in one row make every entry NaN.
template <class T> void check_backward_infinite() {
    const T inf = std::numeric_limits<T>::infinity();
    const std::size_t n = 40; // batches and a tail for float and double
    for (row_kind k : kinds)
        for (T big : {inf, -inf}) {
            std::vector<T> x(n), y(n), dy(n), dx(n);
            for (std::size_t i = 0; i < n; ++i) {
                x[i] = T(int(i % 7) - 3) * T(0.75);
                dy[i] = T(int(i % 5) - 2) * T(0.5);
            }
            dy[17] = big;
            run(k, x.data(), y.data(), 1, n);
            run_backward(k, y.data(), dy.data(), dx.data(), 1, n);
            const T want = (k == row_kind::softmin) == (big > 0) ? inf : -inf;
            std::size_t bad = 0;
            for (std::size_t i = 0; i < n; ++i) bad += i == 17 ? !std::isnan(dx[i]) : !same_bits(dx[i], want);
            INFO(kind_name(k) << " " << (sizeof(T) == 4 ? "float" : "double") << " dy[17] = " << big << ": dx[0] = " << dx[0]
                               << ", dx[17] = " << dx[17] << "; " << bad << " entries off");
            CHECK(bad == 0);
            dy[30] = -big;
            run_backward(k, y.data(), dy.data(), dx.data(), 1, n);
            bad = 0;
            for (std::size_t i = 0; i < n; ++i) bad += !std::isnan(dx[i]);
            INFO("with dy[30] = " << -big << " too: " << bad << " entries not NaN");
            CHECK(bad == 0);
        }
}

} // namespace

TEST_CASE("softmax family: backward with an infinite upstream gradient", "[softmax]") {
    check_backward_infinite<float>();
    check_backward_infinite<double>();
}

TEST_CASE("softmax family: backward matches central differences of forward", "[softmax]") {
    std::mt19937_64 g(5);
    std::normal_distribution<double> d(0, 2);
    for (row_kind k : kinds) {
        for (std::size_t n : {std::size_t(1), std::size_t(3), std::size_t(17), std::size_t(40)}) {
            std::vector<double> x(n), y(n), dy(n), dx(n), yp(n), ym(n);
            for (double& v : x) v = d(g);
            for (double& v : dy) v = d(g);
            run(k, x.data(), y.data(), 1, n);
            run_backward(k, y.data(), dy.data(), dx.data(), 1, n);
            for (std::size_t j = 0; j < n; ++j) {
                // d/dx_j of <dy, f(x)>
                const double h = 1e-6;
                std::vector<double> xp = x, xm = x;
                xp[j] += h;
                xm[j] -= h;
                run(k, xp.data(), yp.data(), 1, n);
                run(k, xm.data(), ym.data(), 1, n);
                double cd = 0;
                for (std::size_t i = 0; i < n; ++i) cd += dy[i] * (yp[i] - ym[i]) / (2 * h);
                INFO(kind_name(k) << " cols " << n << " j " << j << ": backward " << dx[j] << ", central difference " << cd);
                CHECK(std::fabs(cd - dx[j]) <= 1e-7 * (1 + std::fabs(dx[j])));
            }
        }
    }
}

TEST_CASE("softmax family: the Jacobian of one row", "[softmax]") {
    std::mt19937_64 g(3);
    std::normal_distribution<double> d(0, 2);
    for (row_kind k : kinds) {
        const std::size_t n = 13;
        std::vector<double> x(n), y(n), J(n * n), dy(n), dx(n);
        for (double& v : x) v = d(g);
        for (double& v : dy) v = d(g);
        run(k, x.data(), y.data(), 1, n);
        switch (k) {
        case row_kind::softmax: actmath::jacobian_from_output(actmath::softmax<double>{}, y, J); break;
        case row_kind::log_softmax: actmath::jacobian_from_output(actmath::log_softmax<double>{}, y, J); break;
        case row_kind::softmin: actmath::jacobian_from_output(actmath::softmin<double>{}, y, J); break;
        }
        run_backward(k, y.data(), dy.data(), dx.data(), 1, n);
        // The formulas, element by element, and dx = J^T dy.
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                double want = k == row_kind::log_softmax ? (i == j) - std::exp(y[j]) : y[i] * ((i == j) - y[j]);
                if (k == row_kind::softmin) want = -want;
                CHECK(J[i * n + j] == Approx(want).epsilon(1e-15).margin(1e-300));
            }
        }
        for (std::size_t j = 0; j < n; ++j) {
            double v = 0;
            for (std::size_t i = 0; i < n; ++i) v += J[i * n + j] * dy[i];
            CHECK(v == Approx(dx[j]).epsilon(1e-12).margin(1e-14));
        }
    }
}

TEST_CASE("softmax family: argument checks", "[softmax]") {
    std::vector<float> a(12), b(12), c(11), J(15);
    actmath::softmax<float> s;
    throws_with([&] { actmath::forward(s, a, c, 4); }, "x has 12 elements but y has 11");
    throws_with([&] { actmath::forward(s, a, b, 5); }, "12 elements, not a whole number of rows of 5 columns");
    throws_with([&] { actmath::forward(s, a, b, 0); }, "rows of 0 columns");
    throws_with([&] { actmath::backward_from_output(s, a, c, b, 4); }, "y has 12 elements but dy has 11");
    throws_with([&] { actmath::backward_from_output(s, a, b, c, 4); }, "y has 12 elements but dx has 11");
    throws_with([&] { actmath::forward(s, a.data(), a.data() + 1, 2, 5); }, "partially overlaps");
    throws_with([&] { actmath::backward_from_output(s, a.data(), b.data(), a.data() + 3, 2, 4); }, "partially overlaps");
    throws_with([&] { actmath::jacobian_from_output(s, std::vector<float>(4), J); }, "J has 15 elements but y has 4 (J needs 16)");
    throws_with([&] { actmath::jacobian_from_output(s, J.data(), J.data() + 2, 3); }, "overlaps");
    throws_with([&] { s.forward(a.data(), b.data(), std::size_t(1) << 40, std::size_t(1) << 40); }, "overflows");
    // Fine: empty, whole rows, in place.
    std::vector<float> e;
    actmath::forward(s, e, e, 0);
    actmath::forward(s, e, e, 7);
    actmath::forward(s, a, a, 3);
    actmath::backward_from_output(s, a, b, b, 6);
}
