// The rectifier family: max(x, 0) and its slopes, clipped and thresholded.
//
// relu(x)            = x >= 0 ? x : 0                            torch.nn.functional.relu
// relu6(x)           = min(max(x, 0), 6)                         torch.nn.functional.relu6
// leaky_relu(x)      = x > 0 ? x : negative_slope x              torch.nn.functional.leaky_relu
// prelu(x)           = x > 0 ? x : weight x                      torch.nn.functional.prelu
// rrelu(x)           = x > 0 ? x : (lower + upper)/2 x (eval)    torch.nn.functional.rrelu
// threshold(x)       = x > threshold ? x : value                 torch.nn.functional.threshold
//   derivative: 1 on the identity piece, the slope (or 0) elsewhere;
//   derivative_from_output(y): the same test made on y, which has the sign of x (relu,
//   relu6, leaky_relu / prelu / rrelu with a slope >= 0).  With a negative slope y > 0 no
//   longer tells x > 0 from x < 0, so derivative_from_output returns NaN there.  threshold
//   has none: when value > threshold, y == value comes from x == value (f' = 1) and from
//   every x <= threshold (f' = 0).
// Kinks (the PyTorch kernels' choices): relu'(0) = 0, relu6'(0) = relu6'(6) = 0,
//   leaky_relu'(0) = negative_slope (the x <= 0 branch), same for prelu and rrelu;
//   threshold'(threshold) = 0 (y = value there).
// Sign of zero: relu(-0) = relu6(-0) = -0 (the input is returned unchanged wherever it is
//   not below the band, as PyTorch's CPU clamp_min does), leaky_relu(-0) = -0 (slope * -0).
// Special: NaN gives NaN, forward and derivative (no comparison sends NaN to a constant);
//   relu(+inf) = +inf, relu(-inf) = +0, leaky_relu(-inf) = -inf, relu6(+inf) = 6.
// Accuracy: relu, relu6, threshold are exact; the slopes are one correctly rounded product
//   (<= 0.5 ulp).  Measured bounds: docs/functions/relu.md, docs/accuracy.md.
//
// prelu also gives the gradient with respect to its weight, derivative_weight(x) =
// x > 0 ? 0 : x, with prelu_weight_gradient (one weight) and prelu_forward / prelu_backward
// (one weight per channel over an [N, C, inner] row-major array).  rrelu's training mode is
// rrelu_train (one slope per element drawn from the caller's generator, as PyTorch's noise
// tensor) with rrelu_backward.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "actmath/core/functor.hpp"

namespace actmath {
namespace detail {

template <class T> inline void relu_require_not_nan(const char* fn, const char* name, T v) {
    detail::require(!std::isnan(v), fn, (std::string(name) + " must not be NaN").c_str(), v);
}

// x > 0 ? x : slope x, with NaN kept (NaN > 0 is false, NaN * slope is NaN).  At -inf the
// limit of slope x: -inf, +inf, or -0 for a zero slope (where -inf * 0 would be NaN).
template <class V> ACTMATH_INLINE V leaky_forward(V const& x, core::scalar_t<V> slope) noexcept {
    using T = core::scalar_t<V>;
    constexpr T inf = std::numeric_limits<T>::infinity();
    const T at_minus_inf = slope > T(0) ? -inf : slope < T(0) ? inf : slope == T(0) ? -T(0) : slope;
    V y = core::select(x > V(T(0)), x, x * V(slope));
    return core::select(x == V(-inf), V(at_minus_inf), y);
}
template <class V> ACTMATH_INLINE V leaky_derivative(V const& x, core::scalar_t<V> slope) noexcept {
    using T = core::scalar_t<V>;
    V d = core::select(x > V(T(0)), V(T(1)), V(slope));
    return core::select(core::isnan(x), x, d);
}
// From y: y > 0 means x > 0 only when slope >= 0; with a negative slope y > 0 is ambiguous.
template <class V> ACTMATH_INLINE V leaky_derivative_from_output(V const& y, core::scalar_t<V> slope) noexcept {
    using T = core::scalar_t<V>;
    const T one = slope >= T(0) ? T(1) : std::numeric_limits<T>::quiet_NaN();
    V d = core::select(y > V(T(0)), V(one), V(slope));
    return core::select(core::isnan(y), y, d);
}

// The array drivers' stand-in for one call (core/kernels.hpp, with_form), the slope read
// once.  For a slope in (0, 1], slope x <= x exactly when x >= 0, so the larger of the two
// is the definition's piece (Piece = 1); above 1 the smaller is (Piece = -1).  Two
// instructions where the definition takes five, with the same bits: slope x and x are equal
// zeros at +-0, slope x is NaN for a NaN x (core::bound returns its first operand then), -inf
// stays -inf.  A zero or negative slope keeps the definition (Piece = 0), and so do the
// derivatives, which have one form only (their loops are compiled once, not three times).
template <class T, int Piece> struct leaky_form {
    T slope;
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept {
        if constexpr (Piece > 0) return core::bound<true>(x * V(slope), x);
        else if constexpr (Piece < 0) return core::bound<false>(x * V(slope), x);
        else return detail::leaky_forward(x, slope);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return detail::leaky_derivative(x, slope); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        return detail::leaky_derivative_from_output(y, slope);
    }
};
template <class Op, class T, class Run> ACTMATH_INLINE void leaky_with_form(T slope, Run&& run) {
    if constexpr (!std::is_same<Op, form::forward>::value) {
        run(leaky_form<T, 0>{slope});
    } else {
        if (slope > T(0) && slope <= T(1)) run(leaky_form<T, 1>{slope});
        else if (slope > T(1)) run(leaky_form<T, -1>{slope});
        else run(leaky_form<T, 0>{slope});
    }
}
} // namespace detail

template <class T = float> struct relu {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::relu: T is float or double");
    using value_type = T;
    static constexpr const char* name = "relu";
    static constexpr std::size_t unroll = 8; // batches in flight on AVX-512 (core/kernels.hpp)

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return core::at_least(x, T(0)); } // keeps -0, NaN
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        V d = core::select(x > V(T(0)), V(T(1)), V(T(0)));
        return core::select(core::isnan(x), x, d);
    }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept { return derivative(y); }
};

template <class T = float> struct relu6 {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::relu6: T is float or double");
    using value_type = T;
    static constexpr const char* name = "relu6";

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return core::clamp(x, T(0), T(6)); } // keeps -0, NaN
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        V d = core::select((x > V(T(0))) & (x < V(T(6))), V(T(1)), V(T(0)));
        return core::select(core::isnan(x), x, d);
    }
    // y is in (0, 6) exactly when x is.
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept { return derivative(y); }
};

template <class T = float> struct leaky_relu {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::leaky_relu: T is float or double");
    using value_type = T;
    static constexpr const char* name = "leaky_relu";
    T negative_slope = T(0.01);

    leaky_relu(T negative_slope_ = T(0.01)) : negative_slope(negative_slope_) {
        detail::relu_require_not_nan("leaky_relu", "negative_slope", negative_slope);
    }
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return detail::leaky_forward(x, negative_slope); }
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op, Run&& run) const { detail::leaky_with_form<Op>(negative_slope, run); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return detail::leaky_derivative(x, negative_slope); }
    // NaN when negative_slope < 0 (y > 0 then comes from both signs of x).
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        return detail::leaky_derivative_from_output(y, negative_slope);
    }
};

template <class T = float> struct prelu {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::prelu: T is float or double");
    using value_type = T;
    static constexpr const char* name = "prelu";
    T weight = T(0.25);

    prelu(T weight_ = T(0.25)) : weight(weight_) { detail::relu_require_not_nan("prelu", "weight", weight); }
    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return detail::leaky_forward(x, weight); }
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op, Run&& run) const { detail::leaky_with_form<Op>(weight, run); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return detail::leaky_derivative(x, weight); }
    // NaN when weight < 0 (y > 0 then comes from both signs of x).
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        return detail::leaky_derivative_from_output(y, weight);
    }
    // d prelu / d weight = x > 0 ? 0 : x (NaN stays NaN).
    template <class V> ACTMATH_KERNEL_INLINE V derivative_weight(V const& x) const noexcept {
        return core::select(x > V(T(0)), V(T(0)), x);
    }
};

template <class T = float> struct rrelu {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::rrelu: T is float or double");
    using value_type = T;
    static constexpr const char* name = "rrelu";
    T lower = T(1) / T(8);
    T upper = T(1) / T(3);

    rrelu(T lower_ = T(1) / T(8), T upper_ = T(1) / T(3)) : lower(lower_), upper(upper_) {
        detail::relu_require_not_nan("rrelu", "lower", lower);
        detail::relu_require_not_nan("rrelu", "upper", upper);
        if (lower > upper) {
            std::ostringstream s;
            s.precision(17);
            s << "lower = " << lower << ", upper = " << upper;
            detail::require(false, "rrelu", "lower must not exceed upper", s.str());
        }
    }
    // The eval-mode slope, (lower + upper) / 2 rounded once (the sum of two floats is exact
    // in double; for double it is rounded twice, like PyTorch's Python-side arithmetic).
    T slope() const noexcept { return T((double(lower) + double(upper)) / 2); }

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return detail::leaky_forward(x, slope()); }
    template <class Op, class Run> ACTMATH_INLINE void with_form(Op, Run&& run) const { detail::leaky_with_form<Op>(slope(), run); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept { return detail::leaky_derivative(x, slope()); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative_from_output(V const& y) const noexcept {
        return detail::leaky_derivative_from_output(y, slope());
    }
};

// threshold(threshold, value): y = x > threshold ? x : value.  PyTorch's parameters have no
// defaults; here both default to 0 (then threshold is relu with relu(-0) = +0).  The struct
// is an aggregate so that its member can carry PyTorch's name `threshold`; `validated_` is
// initialized last and checks the parameters (NaN throws) at construction.
namespace detail {
template <class T> inline bool threshold_check(T threshold, T value) {
    relu_require_not_nan("threshold", "threshold", threshold);
    relu_require_not_nan("threshold", "value", value);
    return true;
}
} // namespace detail

template <class T = float> struct threshold {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "actmath::threshold: T is float or double");
    using value_type = T;
    static constexpr const char* name = "threshold";
    T threshold = T(0);
    T value = T(0);
    bool validated_ = detail::threshold_check(threshold, value);

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& x) const noexcept { return core::select(x <= V(threshold), V(value), x); }
    template <class V> ACTMATH_KERNEL_INLINE V derivative(V const& x) const noexcept {
        V d = core::select(x > V(threshold), V(T(1)), V(T(0)));
        return core::select(core::isnan(x), x, d);
    }
};

// ---- prelu: gradient with respect to the weight, and per-channel weights ----------------------
namespace detail {

template <class R> using range_value_t = std::remove_cv_t<std::remove_pointer_t<decltype(std::declval<R&>().data())>>;

// Neumaier's compensated sum of double terms.
struct compensated_sum {
    double s = 0, c = 0;
    void add(double v) noexcept {
        double t = s + v;
        if (std::fabs(s) >= std::fabs(v)) c += (s - t) + v;
        else c += (v - t) + s;
        s = t;
    }
    double value() const noexcept { return s + c; }
};

// sum of dy[i] * x[i] over x[i] <= 0 (NaN x included: NaN in, NaN out).
template <class T> inline void prelu_accumulate(compensated_sum& acc, T const* x, T const* dy, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        if (!(x[i] > T(0))) acc.add(double(x[i]) * double(dy[i]));
    }
}

inline std::string prelu_shape(std::size_t N, std::size_t C, std::size_t inner) {
    return "[" + std::to_string(N) + ", " + std::to_string(C) + ", " + std::to_string(inner) + "]";
}
inline std::size_t prelu_count(const char* fn, std::size_t N, std::size_t C, std::size_t inner) {
    if (C != 0 && inner != 0 && N > std::numeric_limits<std::size_t>::max() / C / inner)
        throw std::invalid_argument(std::string("actmath::") + fn + ": shape " + prelu_shape(N, C, inner) + " overflows");
    return N * C * inner;
}
inline void prelu_check(const char* fn, const char* what, std::size_t got, std::size_t want, std::size_t N, std::size_t C,
                        std::size_t inner) {
    if (got != want)
        throw std::invalid_argument(std::string("actmath::") + fn + ": " + what + " has " + std::to_string(got) +
                                    " elements but shape " + prelu_shape(N, C, inner) + " needs " + std::to_string(want));
}
inline void prelu_check_weights(const char* fn, std::size_t got, std::size_t C) {
    if (got != C && got != 1)
        throw std::invalid_argument(std::string("actmath::") + fn + ": weights has " + std::to_string(got) +
                                    " elements but there are " + std::to_string(C) + " channels (give C weights or 1)");
}

} // namespace detail

// d loss / d weight = sum over i of dy[i] * (x[i] > 0 ? 0 : x[i]), accumulated in double with
// Neumaier's compensation (so the order of the terms barely matters), rounded once to T.
template <class T> T prelu_weight_gradient(prelu<T> const&, T const* x, T const* dy, std::size_t n) {
    detail::compensated_sum acc;
    detail::prelu_accumulate(acc, x, dy, n);
    return T(acc.value());
}
template <class T, class X, class G, class = decltype(std::declval<X&>().data())>
T prelu_weight_gradient(prelu<T> const& f, X const& x, G const& dy) {
    detail::check_sizes("prelu_weight_gradient", detail::range_size(x), detail::range_size(dy), "x", "dy");
    return prelu_weight_gradient(f, detail::range_data(x), detail::range_data(dy), detail::range_size(x));
}

// y = prelu(x) with weights[c] on channel c of an [N, C, inner] row-major x (weights may
// also hold a single weight for every channel).  The weights are data here, not parameters:
// they are not validated, and a NaN weight gives NaN where it is used.  In place (y the same
// memory as x) is fine.  Each row goes through the same batch code as actmath::forward.
template <class X, class W, class Y, class = decltype(std::declval<X&>().data())>
void prelu_forward(X const& x, W const& weights, Y&& y, std::size_t N, std::size_t C, std::size_t inner) {
    using T = detail::range_value_t<X const>;
    const std::size_t n = detail::prelu_count("prelu_forward", N, C, inner);
    detail::prelu_check("prelu_forward", "x", detail::range_size(x), n, N, C, inner);
    detail::prelu_check("prelu_forward", "y", detail::range_size(y), n, N, C, inner);
    detail::prelu_check_weights("prelu_forward", detail::range_size(weights), C);
    T const* px = detail::range_data(x);
    T const* pw = detail::range_data(weights);
    T* py = detail::range_data(y);
    detail::check_overlap("prelu_forward", px, static_cast<T const*>(py), n, "x", "y");
    const bool one = detail::range_size(weights) == 1;
    for (std::size_t b = 0; b < N; ++b) {
        for (std::size_t c = 0; c < C; ++c) {
            const T w = pw[one ? 0 : c];
            const std::size_t off = (b * C + c) * inner;
            detail::drive<1>([w](auto v) { return detail::leaky_forward(v, w); }, py + off,
                             std::array<T const*, 1>{px + off}, inner);
        }
    }
}

// dx = dy * prelu'(x) and dweights[c] = sum over the channel of dy * (x > 0 ? 0 : x), for an
// [N, C, inner] x; dweights has as many elements as weights (C, or 1 for a shared weight).
// dx may be the same memory as x or dy (the weight gradient is read first).
template <class X, class W, class G, class D, class DW, class = decltype(std::declval<X&>().data())>
void prelu_backward(X const& x, W const& weights, G const& dy, D&& dx, DW&& dweights, std::size_t N, std::size_t C,
                    std::size_t inner) {
    using T = detail::range_value_t<X const>;
    const std::size_t n = detail::prelu_count("prelu_backward", N, C, inner);
    detail::prelu_check("prelu_backward", "x", detail::range_size(x), n, N, C, inner);
    detail::prelu_check("prelu_backward", "dy", detail::range_size(dy), n, N, C, inner);
    detail::prelu_check("prelu_backward", "dx", detail::range_size(dx), n, N, C, inner);
    detail::prelu_check_weights("prelu_backward", detail::range_size(weights), C);
    detail::check_sizes("prelu_backward", detail::range_size(weights), detail::range_size(dweights), "weights", "dweights");
    T const* px = detail::range_data(x);
    T const* pw = detail::range_data(weights);
    T const* pg = detail::range_data(dy);
    T* pdx = detail::range_data(dx);
    T* pdw = detail::range_data(dweights);
    detail::check_overlap("prelu_backward", px, static_cast<T const*>(pdx), n, "x", "dx");
    detail::check_overlap("prelu_backward", pg, static_cast<T const*>(pdx), n, "dy", "dx");
    const bool one = detail::range_size(weights) == 1;
    const std::size_t nw = one ? 1 : C;
    std::vector<detail::compensated_sum> acc(nw);
    for (std::size_t b = 0; b < N; ++b)
        for (std::size_t c = 0; c < C; ++c) {
            const std::size_t off = (b * C + c) * inner;
            detail::prelu_accumulate(acc[one ? 0 : c], px + off, pg + off, inner);
        }
    for (std::size_t b = 0; b < N; ++b) {
        for (std::size_t c = 0; c < C; ++c) {
            const T w = pw[one ? 0 : c];
            const std::size_t off = (b * C + c) * inner;
            detail::drive<2>([w](auto v, auto g) { return g * detail::leaky_derivative(v, w); }, pdx + off,
                             std::array<T const*, 2>{px + off, pg + off}, inner);
        }
    }
    for (std::size_t c = 0; c < nw; ++c) pdw[c] = T(acc[c].value());
}

// ---- rrelu: training mode ------------------------------------------------------------------
namespace detail {

// A double uniform in [0, 1) with 53 random bits from any UniformRandomBitGenerator, built
// from the generator's raw output only (std::uniform_real_distribution differs between
// standard libraries; this does not, so a seed gives the same slopes everywhere).
template <class G> double rrelu_uniform01(G& gen) {
    using R = typename G::result_type;
    const std::uint64_t lo = std::uint64_t(G::min());
    const std::uint64_t range = std::uint64_t(G::max()) - lo; // outputs are lo + [0, range]
    int bits = 64; // floor(log2(range + 1)): the random bits one call gives
    if (range != ~std::uint64_t(0)) {
        bits = 0;
        for (std::uint64_t r = range + 1; r > 1; r >>= 1) ++bits;
    }
    std::uint64_t acc = 0;
    int have = 0;
    while (have < 53) {
        std::uint64_t v = std::uint64_t(R(gen())) - lo;
        if (bits < 64 && v >= (std::uint64_t(1) << bits)) continue;
        int take = bits < 53 - have ? bits : 53 - have;
        acc = (acc << take) | (v & ((std::uint64_t(1) << take) - 1));
        have += take;
    }
    return double(acc) * 0x1p-53;
}

} // namespace detail

// Training-mode rrelu, as F.rrelu(training=True): for x <= 0 a slope is drawn uniformly from
// [lower, upper] (x <= 0 as in PyTorch's kernel, so x = 0 gets a random slope too), for
// x > 0 the slope is 1; y = slope * x, and slopes receives every slope (PyTorch's noise).
// A NaN x gets slope NaN, so that rrelu_backward gives NaN there.  The generator is any
// UniformRandomBitGenerator the caller seeded (std::mt19937_64, ...); the slopes depend only
// on its output sequence.  y may be the same memory as x.
template <class T, class Gen>
void rrelu_train(rrelu<T> const& f, T const* x, T* y, T* slopes, std::size_t n, Gen& gen) {
    detail::check_overlap("rrelu_train", x, static_cast<T const*>(y), n, "x", "y");
    detail::check_overlap("rrelu_train", x, static_cast<T const*>(slopes), n, "x", "slopes");
    if (n != 0 && static_cast<T const*>(slopes) == static_cast<T const*>(y))
        throw std::invalid_argument("actmath::rrelu_train: slopes and y are the same memory (" + std::to_string(n) + " elements)");
    detail::check_overlap("rrelu_train", static_cast<T const*>(y), static_cast<T const*>(slopes), n, "y", "slopes");
    const double lo = double(f.lower), width = double(f.upper) - double(f.lower);
    for (std::size_t i = 0; i < n; ++i) {
        const T xi = x[i];
        T s = T(1);
        if (std::isnan(xi)) {
            s = std::numeric_limits<T>::quiet_NaN();
        } else if (xi <= T(0)) {
            s = T(lo + width * detail::rrelu_uniform01(gen));
            if (s > f.upper) s = f.upper;
            if (s < f.lower) s = f.lower;
        }
        slopes[i] = s;
        y[i] = xi > T(0) ? xi : xi * s;
    }
}
template <class T, class X, class Y, class S, class Gen, class = decltype(std::declval<X&>().data())>
void rrelu_train(rrelu<T> const& f, X const& x, Y&& y, S&& slopes, Gen& gen) {
    detail::check_sizes("rrelu_train", detail::range_size(x), detail::range_size(y), "x", "y");
    detail::check_sizes("rrelu_train", detail::range_size(x), detail::range_size(slopes), "x", "slopes");
    rrelu_train(f, detail::range_data(x), detail::range_data(y), detail::range_data(slopes), detail::range_size(x), gen);
}

// dx = dy * slopes, with the slopes rrelu_train returned.
template <class T> void rrelu_backward(T const* slopes, T const* dy, T* dx, std::size_t n) {
    detail::check_overlap("rrelu_backward", slopes, static_cast<T const*>(dx), n, "slopes", "dx");
    detail::check_overlap("rrelu_backward", dy, static_cast<T const*>(dx), n, "dy", "dx");
    detail::drive<2>([](auto s, auto g) { return g * s; }, dx, std::array<T const*, 2>{slopes, dy}, n);
}
template <class S, class G, class D, class = decltype(std::declval<S&>().data())>
void rrelu_backward(S const& slopes, G const& dy, D&& dx) {
    detail::check_sizes("rrelu_backward", detail::range_size(slopes), detail::range_size(dy), "slopes", "dy");
    detail::check_sizes("rrelu_backward", detail::range_size(slopes), detail::range_size(dx), "slopes", "dx");
    rrelu_backward(detail::range_data(slopes), detail::range_data(dy), detail::range_data(dx), detail::range_size(slopes));
}

} // namespace actmath
