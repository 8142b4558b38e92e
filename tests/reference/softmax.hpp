// Reference rows for softmax, log_softmax and softmin, in long double, written from the
// definitions (PyTorch's: softmax(x)_i = e^(x_i) / sum_j e^(x_j) along the last axis).
//   M = max x, T = sum of e^(x_j - M) over every entry but one maximal one (Neumaier sum),
//   softmax_i = e^(x_i - M) / (1 + T),  log_softmax_i = (x_i - M) - log1p(T),
//   softmin(x) = softmax(-x).
// Only finite rows (masks at -inf allowed, at least one finite entry): the special rows are
// tested against their exact results in tests/test_softmax.cpp.
#pragma once

#include <cmath>
#include <vector>

#include "../support/ulp.hpp"

namespace actmath_test {

enum class row_kind { softmax, log_softmax, softmin };

inline const char* kind_name(row_kind k) {
    return k == row_kind::softmax ? "softmax" : k == row_kind::log_softmax ? "log_softmax" : "softmin";
}

// Neumaier's compensated sum in long double.
struct ld_sum {
    ld s = 0, c = 0;
    void add(ld t) {
        ld u = s + t;
        if (std::fabs(s) >= std::fabs(t)) c += (s - u) + t;
        else c += (t - u) + s;
        s = u;
    }
    ld value() const { return s + c; }
};

template <class T> std::vector<ld> ref_row(row_kind kind, T const* x, std::size_t cols) {
    std::vector<ld> v(cols), y(cols);
    for (std::size_t i = 0; i < cols; ++i) v[i] = kind == row_kind::softmin ? -ld(x[i]) : ld(x[i]);
    std::size_t top = 0;
    for (std::size_t i = 1; i < cols; ++i)
        if (v[i] > v[top]) top = i;
    const ld M = v[top];
    ld_sum t;
    for (std::size_t i = 0; i < cols; ++i)
        if (i != top) t.add(std::exp(v[i] - M));
    const ld T_ = t.value();
    for (std::size_t i = 0; i < cols; ++i) {
        if (kind == row_kind::log_softmax) y[i] = (v[i] - M) - std::log1p(T_);
        else y[i] = std::exp(v[i] - M) / (1 + T_);
    }
    return y;
}

} // namespace actmath_test
