// softmax, log_softmax, softmin: accuracy against long double rows (8 ulp for every output,
// rows up to 65536), the special rows of the contract table, backward against a long double
// vector-Jacobian product and central differences, the Jacobian, independence from offset
// and alignment, and the argument checks.
#include <actmath/softmax.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "reference/softmax.hpp"

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
    const bool is_float = std::is_same<T, float>::value;
    return {
        {"normal(0,1)", [](std::size_t n, G& g) { std::normal_distribution<double> d(0, 1); std::vector<T> v(n); for (auto& e : v) e = T(d(g)); return v; }},
        {"normal(0,10)", [](std::size_t n, G& g) { std::normal_distribution<double> d(0, 10); std::vector<T> v(n); for (auto& e : v) e = T(d(g)); return v; }},
        {"uniform(-100,100)+1e4", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(-100, 100); std::vector<T> v(n); for (auto& e : v) e = T(1e4 + d(g)); return v; }},
        // Monotone rows: a new maximum at every entry (the online rescaling's worst case).
        {"increasing slowly", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(double(i) * 8.0 / double(n)); return v; }},
        {"increasing steeply", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(double(i) * 0.37); return v; }},
        {"decreasing", [](std::size_t n, G&) { std::vector<T> v(n); for (std::size_t i = 0; i < n; ++i) v[i] = T(-double(i) * 0.01); return v; }},
        // One dominant entry: log_softmax of the maximum is -log1p(T) with T tiny.
        {"dominant", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(-40, -20); std::vector<T> v(n); for (auto& e : v) e = T(d(g)); v[n / 2] = T(3); return v; }},
        // T in the subnormal range: many entries whose terms are each below half the smallest subnormal.
        {"subnormal tail", [is_float](std::size_t n, G&) { std::vector<T> v(n, T(is_float ? -104.5 : -745.5)); v[0] = 0; return v; }},
        {"masked 30%", [ninf](std::size_t n, G& g) { std::normal_distribution<double> d(0, 3); std::uniform_real_distribution<double> u(0, 1); std::vector<T> v(n); for (auto& e : v) e = u(g) < 0.3 ? ninf : T(d(g)); v[n - 1] = T(d(g)); return v; }},
        {"wide (-1e30..1e30)", [](std::size_t n, G& g) { std::uniform_real_distribution<double> d(-30, 30); std::vector<T> v(n); for (auto& e : v) e = T(std::pow(10.0, d(g)) * (g() & 1 ? 1 : -1)); return v; }},
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
