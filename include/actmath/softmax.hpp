// softmax, log_softmax, softmin along the last axis of a row-major [rows x cols] array.
//                                                  torch.nn.functional.{softmax,log_softmax,softmin}(x, dim=-1)
//   softmax(x)_i     = e^(x_i - M) / S,      M = max_j x_j,  S = sum_j e^(x_j - M) = 1 + T
//   log_softmax(x)_i = (x_i - M) - log1p(T), T = S - 1: the sum without one maximal entry
//   softmin(x)       = softmax(-x)
// Backward (vector-Jacobian product) from the output y, one row at a time:
//   softmax      dx = y (dy - <dy, y>)            jacobian_from_output: J = diag(y) - y y^T
//   softmin      dx = -y (dy - <dy, y>)                                 J = y y^T - diag(y)
//   log_softmax  dx = dy - e^y sum(dy)                                  J_ij = [i = j] - e^(y_j)
//
// Evaluation.  Three sweeps over a row, one exponential per entry.  (1) M, the maximum, and
// the minimum m.  (2) u_i = e^(x_i - M) 2^64, with x_i - M formed exactly and handed to exp
// as hi + lo, so an entry 80 below the maximum is not 40 ulps off; the u_i are summed per
// SIMD lane in compensated sums (s, c) and the lanes merged in a compensated tree.  softmax
// writes u_i to y and sums every term: S = 1 + T only needs accuracy relative to itself, and
// each lane's s starts at 2^64, the largest term, so the exact error of each addition comes
// from Fast2Sum (3 operations).  log_softmax needs T itself to full relative accuracy
// (log1p(T) when one entry dominates and T is 1e-30): it sums only the entries below M, with
// TwoSum (6 operations: tiny terms must not be added to a large s), and counts the k entries
// equal to M, T = (k - 1) + sum.  Scaling by 2^64 keeps a T in the subnormal range rounded
// once.  (3) softmax: y_i = u_i / S as u_i t + u_i tl in one fma, t + tl = 1/S from t's exact
// residual (no division per entry); log_softmax: y_i = (x_i - M)_hi - log1p(T) + (x_i - M)_lo.
// What sweep 1 found picks the code of sweeps 2 and 3 for the row (`shape`): a row whose
// spread m - M stays above the exponential's clamp (no -inf mask, no far entry) skips the
// clamp, and x_i - M takes Fast2Sum instead of TwoSum when the signs and exponents of M and m
// allow it; every choice gives the same bits.  Tails go through the same batch code via a
// padded buffer, so a row's result depends only on its contents, never on its offset,
// alignment or neighbours.  A one-read alternative (the online normalizer of Milakov &
// Gimelshein 2018, arXiv:1805.02867) needs a second exponential per entry to rescale; for rows
// that fit in cache the extra read costs less than that exponential.
//
// Special rows (each row on its own):
//   | row contains                 | softmax / softmin           | log_softmax                |
//   | -inf entries (masks)         | exactly 0 there             | -inf there                 |
//   | any NaN                      | NaN everywhere              | NaN everywhere             |
//   | +inf entries (k of them)     | 1/k there, 0 elsewhere      | -log k there, -inf else    |
//   | only -inf (fully masked)     | NaN (PyTorch); 0 with       | NaN; -inf with             |
//   |                              | masked_rows_to_zero = true  | masked_rows_to_zero = true |
//   | finite, however large (3e38) | no overflow, no NaN         | x - M may round to -inf    |
// softmin reads every entry negated: its masks are +inf.  +inf entries give the limit of
// the row as those entries grow together (PyTorch gives NaN).
// Bounds: docs/functions/softmax.md (measured by tests/test_softmax.cpp).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"
#include "actmath/core/logistic.hpp"
#include "actmath/core/pair.hpp"

namespace actmath {

namespace detail {
namespace rows {

// Argument range of exp_scaled: below lo_clamp, e^x 2^64 is 0 in T even before the final
// scaling.  The sweeps only pass x - M <= 0.
template <class T> struct consts;
template <> struct consts<float> {
    static constexpr float lo_clamp = -160.0f; // e^-160 2^64 < 2^-150
};
template <> struct consts<double> {
    static constexpr double lo_clamp = -800.0; // e^-800 2^64 < 2^-1075
};
constexpr int scale_bits = 64; // terms are summed as e^(x - M) 2^64
template <class T> constexpr T scale_up = T(18446744073709551616.0); // 2^scale_bits

template <class V> using two = core::pair<V>;

// a - b as hi + lo exactly (core::two_sum of a and -b: the negation is exact) for a finite
// difference; where it is infinite or NaN, lo is unspecified: exp_scaled_clamped drops it
// below the clamp, log_row past -1e4, and a NaN hi is NaN whatever lo is.
template <class V> ACTMATH_INLINE two<V> diff(V const& a, V const& b) noexcept { return core::two_sum(a, -b); }

// What sweep 1 tells about a row (its maximum M and minimum m), and so how sweeps 2 and 3
// form x - M exactly.  Fast2Sum (Dekker 1971) gives the same pair as TwoSum in 3 operations
// instead of 6 when the operand it takes as the larger has an exponent at least the other's.
//   wide   some x - M < lo_clamp (-inf entries included): TwoSum, and the clamp
//   neg    M <= 0: |x| >= |M| for every x, Fast2Sum(x, -M)
//   pos    M > 0 and |m| < 2^(e_M + 1): M's exponent is at least every x's, Fast2Sum(-M, x)
//   mixed  the other narrow rows: TwoSum
enum class shape { wide, neg, pos, mixed };
template <shape S, class V> ACTMATH_INLINE two<V> diff_as(V const& x, V const& M) noexcept {
    if constexpr (S == shape::neg) {
        V s = x - M;
        return {s, (x - s) - M};
    } else if constexpr (S == shape::pos) {
        V s = x - M;
        return {s, x - (s + M)};
    } else {
        return diff(x, M);
    }
}
template <class T> shape row_shape(T M, T m) noexcept {
    if (!(m - M >= consts<T>::lo_clamp)) return shape::wide;
    if (M <= T(0)) return shape::neg;
    // 2^e_M: M's exponent bits alone (0 for a subnormal M, which then takes TwoSum).
    const T p = core::as_float(core::as_int(M) & core::as_int(std::numeric_limits<T>::infinity()));
    return -m < T(2) * p ? shape::pos : shape::mixed;
}

// s + c += t with the rounding error of s + t kept in c (core::two_sum).
template <class V> ACTMATH_INLINE void accumulate(V& s, V& c, V const& t) noexcept {
    two<V> u = core::two_sum(s, t);
    s = u.hi;
    c = c + u.lo;
}

// The same for s whose exponent is at least t's (Fast2Sum, Dekker 1971: the error of s + t
// is t - ((s + t) - s) exactly); softmax starts every lane's s at 2^64, the largest term.
template <class V> ACTMATH_INLINE void accumulate_below(V& s, V& c, V const& t) noexcept {
    V u = s + t;
    c = c + (t - (u - s));
    s = u;
}

// e^(hi + lo) 2^64 = p 2^n for lo_clamp <= hi <= 0, |lo| <= ulp(hi): core::exp's reduction
// and polynomial with the 2^64 in its coefficients (core::exp_reduced_times).
template <class V> ACTMATH_INLINE core::exp_split<V> exp_scaled(V const& hi, V const& lo) noexcept {
    using T = core::scalar_t<V>;
    using C = core::exp_consts<T>;
    core::rounded<V> k = core::round_int_mul(hi, C::log2e);
    V p = core::exp_reduced_times(core::exp_reduce(hi, k.k) + lo, scale_up<T>);
    return {p, k.n, k.k};
}

// e^(hi + lo) 2^64 for any hi <= 0: 0 where hi is below lo_clamp (-inf included), where
// e^(hi+lo) 2^64 is 0 in T anyway.  Those lanes take hi = 0 and select 0 at the end instead
// of scaling (the scaling would underflow, which costs a microcode assist per instruction on
// x86); their lo is left as it is (NaN for hi = -inf: selected away, and a NaN costs no assist).
template <class V> ACTMATH_INLINE V exp_scaled_clamped(V const& hi, V const& lo) noexcept {
    using T = core::scalar_t<V>;
    auto zero = hi < V(consts<T>::lo_clamp);
    core::exp_split<V> e = exp_scaled(core::select(zero, V(T(0)), hi), lo);
    return core::select(zero, V(T(0)), core::scale_exp(e.p, e));
}

// The rest (< B::size) entries at p as the first lanes of a batch, every other lane pad: a
// row's tail, read without touching memory past the row.
template <class B> ACTMATH_INLINE B load_padded(core::scalar_t<B> const* p, std::size_t rest,
                                                core::scalar_t<B> pad = 0) noexcept {
    alignas(64) core::scalar_t<B> buf[B::size];
    for (std::size_t k = 0; k < B::size; ++k) buf[k] = pad;
    std::memcpy(buf, p, rest * sizeof(buf[0]));
    return B::load_aligned(buf);
}

// A row's values as the sweeps see them: negated for softmin; the tail padded with entries
// that are -inf after the negation (probability 0, no effect on any sum or maximum).
template <bool Negate, class T> struct row_reader {
    using B = xsimd::batch<T>;
    static constexpr std::size_t W = B::size;
    static ACTMATH_INLINE B load(T const* p) noexcept {
        B v = B::load_unaligned(p);
        if constexpr (Negate) return -v;
        else return v;
    }
    // `pad` is the padding as read (after the negation): -inf unless a caller asks otherwise.
    static ACTMATH_INLINE B load_tail(T const* p, std::size_t rest,
                                      T pad = -std::numeric_limits<T>::infinity()) noexcept {
        B v = load_padded<B>(p, rest, Negate ? -pad : pad);
        if constexpr (Negate) return -v;
        else return v;
    }
};

// y[0, rest) = the first rest lanes of v (a row's tail).
template <class B, class T> ACTMATH_INLINE void store_tail(B const& v, T* y, std::size_t rest) noexcept {
    alignas(64) T res[B::size];
    v.store_aligned(res);
    std::memcpy(y, res, rest * sizeof(T));
}

// The lanes of a compensated pair (s, c) summed into hi + lo: TwoSum at every node of a
// binary tree over the lanes (exact), the low parts added alongside; a fixed order, depth
// log2(lanes) instead of a chain as long as the lanes.  A sum that is not finite (an infinite
// term, or a NaN) is the plain sum with no low part: the low parts' inf - inf would turn an
// infinite sum into NaN (an infinite upstream gradient in the backward passes).
template <class B> ACTMATH_INLINE two<core::scalar_t<B>> merge(B const& s, B const& c) noexcept {
    using T = core::scalar_t<B>;
    constexpr std::size_t W = B::size;
    alignas(64) T a[W], e[W];
    s.store_aligned(a);
    c.store_aligned(e);
    for (std::size_t w = W / 2; w >= 1; w /= 2) {
        for (std::size_t k = 0; k < w; ++k) {
            T lo = e[k] + e[k + w];
            accumulate(a[k], lo, a[k + w]);
            e[k] = lo;
        }
    }
    if (!std::isfinite(a[0])) return {a[0], T(0)};
    T h = a[0] + e[0];
    T l = e[0] - (h - a[0]);
    return {h, l};
}

// Sweep 1: the row's maximum M and minimum as read, NaNs ignored (M = -inf for a row of NaNs
// and -infs).  The tail is read twice, padded with -inf for the maximum and +inf for the minimum.
// Two running maxima and minima so that the instructions do not wait on each other.
template <class T> struct row_bounds {
    T max, min;
};
template <bool Negate, class T> row_bounds<T> row_range(T const* x, std::size_t cols) noexcept {
    using R = row_reader<Negate, T>;
    using B = typename R::B;
    constexpr std::size_t W = R::W;
    const T inf = std::numeric_limits<T>::infinity();
    // bound<true>(m, v) = max(v, m) is m where v is NaN: select(m < v, v, m).
    auto hi = [](B const& m, B const& v) { return core::bound<true>(m, v); };
    auto lo = [](B const& m, B const& v) { return core::bound<false>(m, v); };
    B a0(-inf), a1(-inf), b0(inf), b1(inf);
    std::size_t i = 0;
    for (; i + 2 * W <= cols; i += 2 * W) {
        B v0 = R::load(x + i), v1 = R::load(x + i + W);
        a0 = hi(a0, v0);
        a1 = hi(a1, v1);
        b0 = lo(b0, v0);
        b1 = lo(b1, v1);
    }
    for (; i + W <= cols; i += W) {
        B v = R::load(x + i);
        a0 = hi(a0, v);
        b0 = lo(b0, v);
    }
    if (i < cols) {
        a0 = hi(a0, R::load_tail(x + i, cols - i));
        b0 = lo(b0, R::load_tail(x + i, cols - i, inf));
    }
    alignas(64) T m[W], n[W];
    hi(a0, a1).store_aligned(m);
    lo(b0, b1).store_aligned(n);
    row_bounds<T> r{-inf, inf};
    for (std::size_t k = 0; k < W; ++k) {
        r.max = m[k] > r.max ? m[k] : r.max;
        r.min = n[k] < r.min ? n[k] : r.min;
    }
    return r;
}

enum class output { prob, log_prob };

// Sweep 2 for a finite M: the terms u_i = e^(x_i - M) 2^64, written to y for softmax, and
// their compensated sum (hi + lo; NaN if the row has a NaN).  softmax sums every term:
// S = (hi + lo) 2^-64 >= 1 only needs to be accurate relative to itself.  log_softmax needs
// T = S - 1 accurate relative to itself, which may be 1e-30: it sums only the entries below
// M and counts the k entries equal to M (each would add e^0 = 1), T = (k - 1) + (hi + lo) 2^-64.
template <class T> struct row_terms {
    T hi, lo;
    T k; // log_softmax: entries equal to M (>= 1)
};
template <bool Negate, output Out, shape S, class T>
row_terms<T> sum_terms(T const* x, T* y, std::size_t cols, T M) noexcept {
    using R = row_reader<Negate, T>;
    using B = typename R::B;
    constexpr std::size_t W = R::W;
    const T bias = scale_up<T>;
    const B BM(M), zero(T(0)), one(T(1));
    B s = Out == output::prob ? B(bias) : zero, c = zero, k = zero;
    // Wide rows (and every tail, padded with -inf) take the clamp.
    auto term = [&](B const& v, auto clamped) {
        two<B> d = diff_as<S>(v, BM);
        B u;
        if constexpr (decltype(clamped)::value) {
            u = exp_scaled_clamped(d.hi, d.lo);
        } else {
            core::exp_split<B> e = exp_scaled(d.hi, d.lo);
            u = core::scale_exp(e.p, e);
        }
        if constexpr (Out == output::prob) {
            accumulate_below(s, c, u);
        } else {
            auto top = v == BM;
            accumulate(s, c, core::select(top, zero, u));
            k = k + core::select(top, one, zero);
        }
        return u;
    };
    std::size_t i = 0;
    for (; i + W <= cols; i += W) {
        B u = term(R::load(x + i), std::integral_constant<bool, S == shape::wide>{});
        if constexpr (Out == output::prob) u.store_unaligned(y + i);
    }
    if (i < cols) {
        B u = term(R::load_tail(x + i, cols - i), std::true_type{});
        if constexpr (Out == output::prob) store_tail(u, y + i, cols - i);
    }
    two<T> t = merge(s, c);
    if constexpr (Out == output::prob) {
        // Take the lanes' biases W 2^64 back out (TwoSum), and renormalise (Fast2Sum).
        two<T> d = diff(t.hi, T(W) * bias);
        T lo = d.lo + t.lo;
        T hi = d.hi + lo;
        t = {hi, lo - (hi - d.hi)};
    }
    T kt = 0;
    if constexpr (Out == output::log_prob) {
        alignas(64) T ks[W];
        k.store_aligned(ks);
        for (std::size_t j = 0; j < W; ++j) kt += ks[j];
    }
    return {t.hi, t.lo, kt};
}

// The rows the three sweeps do not cover: M = +inf, M = -inf (fully masked), or a NaN
// with either.  Every result is exact, so a plain loop gives the same bits as any other.
template <bool Negate, output Out, class T>
void special_row(T const* x, T* y, std::size_t cols, bool masked_rows_to_zero) noexcept {
    const T inf = std::numeric_limits<T>::infinity();
    const T nan = std::numeric_limits<T>::quiet_NaN();
    bool has_nan = false;
    std::size_t k = 0;
    for (std::size_t i = 0; i < cols; ++i) {
        T v = Negate ? -x[i] : x[i];
        has_nan |= !(v == v);
        k += v == inf;
    }
    if (has_nan || (k == 0 && !masked_rows_to_zero)) {
        for (std::size_t i = 0; i < cols; ++i) y[i] = nan;
        return;
    }
    // k entries at +inf share the mass; with k = 0 (fully masked, zero mode) all get 0.
    const T share = k ? T(1) / T(k) : T(0);
    const T log_share = k ? -core::log1p(T(k - 1)) : -inf;
    for (std::size_t i = 0; i < cols; ++i) {
        bool top = (Negate ? -x[i] : x[i]) == inf;
        if constexpr (Out == output::prob) y[i] = top ? share : T(0);
        else y[i] = top ? log_share : -inf;
    }
}

// Sweep 3 of softmax: y_i = u_i 2^-64 / S in place, S = (hi + lo) 2^-64 = sh + sl and
// 1/S = t + tl (t = 1/sh correctly rounded, tl from its exact residual, as
// core::recip2), both scaled by 2^-64 beforehand: y_i = u_i t' + u_i tl', rounded once (one
// fma), so a subnormal probability is rounded once too.  A NaN sum gives NaN everywhere.
template <class T> void scale_row(T* y, std::size_t cols, row_terms<T> const& r) noexcept {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const T down = core::scale2(T(1), core::int_t<T>(-scale_bits));
    const T sh = r.hi * down, sl = r.lo * down;
    const T t = T(1) / sh;
    const T tl = core::fnma(t, sl, core::residual(t, sh)) * t;
    const B th(t * down), tlo(tl * down);
    auto value = [&](B const& u) { return core::fma(u, th, u * tlo); };
    std::size_t i = 0;
    for (; i + W <= cols; i += W) value(B::load_unaligned(y + i)).store_unaligned(y + i);
    if (i < cols) store_tail(value(load_padded<B>(y + i, cols - i)), y + i, cols - i);
}

// Sweep 3 of log_softmax: y_i = (x_i - M) - L, L = log1p(T), T = (k - 1) + (hi + lo) 2^-64,
// with x_i - M an exact pair: ((x_i - M)_hi - L) + (x_i - M)_lo.  In a wide row the low part
// is added only where x_i - M > -1e4 (elsewhere it may be NaN: -inf entries, or x_i - M past
// -max()); in the others x_i - M >= lo_clamp everywhere but in the tail's padding.
template <bool Negate, shape S, class T>
void log_row(T const* x, T* y, std::size_t cols, T M, row_terms<T> const& r) noexcept {
    using R = row_reader<Negate, T>;
    using B = typename R::B;
    constexpr std::size_t W = R::W;
    const B BM(M);
    const T tail = (r.k - T(1)) + core::scale2(r.hi + r.lo, core::int_t<T>(-scale_bits));
    const B L(core::log1p(tail));
    const B near(T(-1e4));
    auto value = [&](B const& v) {
        two<B> d = diff_as<S>(v, BM);
        B t = d.hi - L;
        if constexpr (S == shape::wide) return core::select(d.hi > near, t + d.lo, t);
        else return t + d.lo;
    };
    std::size_t i = 0;
    for (; i + W <= cols; i += W) value(R::load(x + i)).store_unaligned(y + i);
    if (i < cols) store_tail(value(R::load_tail(x + i, cols - i)), y + i, cols - i);
}

template <bool Negate, output Out, class T>
ACTMATH_KERNEL void forward_rows(T const* x, T* y, std::size_t rows, std::size_t cols, bool masked_rows_to_zero) noexcept {
    const T inf = std::numeric_limits<T>::infinity();
    for (std::size_t r = 0; r < rows; ++r, x += cols, y += cols) {
        if (cols == 0) break;
        const row_bounds<T> b = row_range<Negate>(x, cols);
        const T M = b.max;
        if (!(M > -inf && M < inf)) {
            special_row<Negate, Out>(x, y, cols, masked_rows_to_zero);
            continue;
        }
        auto run = [&](auto shape_c) {
            constexpr shape S = decltype(shape_c)::value;
            if constexpr (Out == output::prob) scale_row(y, cols, sum_terms<Negate, Out, S>(x, y, cols, M));
            else log_row<Negate, S>(x, y, cols, M, sum_terms<Negate, Out, S>(x, y, cols, M));
        };
        switch (row_shape(M, b.min)) {
        case shape::wide: run(std::integral_constant<shape, shape::wide>{}); break;
        case shape::neg: run(std::integral_constant<shape, shape::neg>{}); break;
        case shape::pos: run(std::integral_constant<shape, shape::pos>{}); break;
        case shape::mixed: run(std::integral_constant<shape, shape::mixed>{}); break;
        }
    }
}

// <y, dy> of a row of floats, in double: each product of two floats is exact in double (24 +
// 24 bits), so fma(y, dy, s) rounds only the sum, by 2^-53 of the running |s|: the error is
// at most n 2^-53 sum |y_i dy_i| (1024 entries: 2^-43 of it), where the Dot2 of the double
// version below, in float, would leave (n 2^-24)^2 (2^-28).  Four double batches of
// accumulators, each fed every fourth, folded in a fixed order at the end.
template <class B> ACTMATH_INLINE two<float> dot_row(float const* y, float const* dy, std::size_t cols) noexcept {
    using D = xsimd::batch<double, typename B::arch_type>;
    constexpr std::size_t H = D::size; // half a float batch
    D s[4] = {D(0.0), D(0.0), D(0.0), D(0.0)};
    auto dot = [&](int k, float const* a, float const* b) {
        s[k] = core::fma(core::load_widened<D>(a), core::load_widened<D>(b), s[k]);
    };
    std::size_t i = 0;
    for (; i + 4 * H <= cols; i += 4 * H) {
        for (int k = 0; k < 4; ++k) dot(k, y + i + k * H, dy + i + k * H);
    }
    for (int k = 0; i + H <= cols; i += H, ++k) dot(k, y + i, dy + i);
    if (i < cols) {
        float a[H] = {}, b[H] = {};
        std::memcpy(a, y + i, (cols - i) * sizeof(float));
        std::memcpy(b, dy + i, (cols - i) * sizeof(float));
        dot(3, a, b);
    }
    alignas(64) double lane[H];
    ((s[0] + s[1]) + (s[2] + s[3])).store_aligned(lane);
    for (std::size_t w = H / 2; w >= 1; w /= 2)
        for (std::size_t k = 0; k < w; ++k) lane[k] += lane[k + w];
    // A sum past float's range: hi = +-inf, and no low part (inf - inf would make it NaN).
    const float hi = float(lane[0]);
    return {hi, std::isinf(hi) ? 0.0f : float(lane[0] - double(hi))};
}

// The same in double: products split exactly by core::two_prod, sums compensated (Ogita,
// Rump & Oishi 2005, "Accurate sum and dot product", Dot2).  Four independent pairs (s, c),
// each fed every fourth batch: one pair's chain waits on an addition per batch (the s of
// TwoSum; both low parts join c in one addition), four pairs keep four batches in flight.
// They are folded together at the end in a fixed order, so the result still does not depend
// on anything but the row.
template <class B> ACTMATH_INLINE two<double> dot_row(double const* y, double const* dy, std::size_t cols) noexcept {
    using T = double;
    constexpr std::size_t W = B::size;
    B s[4] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))}, c[4] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))};
    auto dot = [&](int k, B const& yv, B const& gv) {
        core::two_result<B> p = core::two_prod(yv, gv);
        two<B> u = core::two_sum(s[k], p.hi);
        s[k] = u.hi;
        c[k] = c[k] + (u.lo + p.lo);
    };
    std::size_t i = 0;
    for (; i + 4 * W <= cols; i += 4 * W) {
        for (int k = 0; k < 4; ++k) dot(k, B::load_unaligned(y + i + k * W), B::load_unaligned(dy + i + k * W));
    }
    for (int k = 0; i + W <= cols; i += W, ++k) dot(k, B::load_unaligned(y + i), B::load_unaligned(dy + i));
    if (i < cols) dot(3, load_padded<B>(y + i, cols - i), load_padded<B>(dy + i, cols - i));
    for (int k = 1; k < 4; ++k) {
        accumulate(s[0], c[0], s[k]);
        c[0] = c[0] + c[k];
    }
    return merge(s[0], c[0]);
}

// softmax / softmin backward: g = <dy, y> as gh + gl to about twice the working precision
// (dot_row), then dx = y (dy - g), negated for softmin.
template <bool Negate, class T>
ACTMATH_KERNEL void softmax_backward_rows(T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) noexcept {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    for (std::size_t r = 0; r < rows; ++r, y += cols, dy += cols, dx += cols) {
        two<T> g = dot_row<B>(y, dy, cols);
        const B gh(g.hi), gl(g.lo);
        auto value = [&](B const& yv, B const& gv) {
            if constexpr (Negate) return yv * ((gh - gv) + gl);
            else return yv * ((gv - gh) - gl);
        };
        std::size_t i = 0;
        for (; i + W <= cols; i += W) value(B::load_unaligned(y + i), B::load_unaligned(dy + i)).store_unaligned(dx + i);
        if (i < cols) store_tail(value(load_padded<B>(y + i, cols - i), load_padded<B>(dy + i, cols - i)), dx + i, cols - i);
    }
}

// log_softmax backward: G = sum(dy) compensated, dx = dy - e^y G with one rounding (fma).
template <class T>
ACTMATH_KERNEL void log_softmax_backward_rows(T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) noexcept {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const T ninf = -std::numeric_limits<T>::infinity();
    for (std::size_t r = 0; r < rows; ++r, y += cols, dy += cols, dx += cols) {
        B s(T(0)), c(T(0));
        std::size_t i = 0;
        for (; i + W <= cols; i += W) accumulate(s, c, B::load_unaligned(dy + i));
        if (i < cols) accumulate(s, c, load_padded<B>(dy + i, cols - i));
        two<T> g = merge(s, c);
        const B G(g.hi);
        auto value = [&](B const& yv, B const& gv) { return core::fnma(core::exp(yv), G, gv); };
        for (i = 0; i + W <= cols; i += W) value(B::load_unaligned(y + i), B::load_unaligned(dy + i)).store_unaligned(dx + i);
        if (i < cols) store_tail(value(load_padded<B>(y + i, cols - i, ninf), load_padded<B>(dy + i, cols - i)), dx + i, cols - i);
    }
}

// ---- argument checks (before any loop) -------------------------------------------------------
inline std::size_t checked_count(const char* fn, std::size_t rows, std::size_t cols) {
    if (cols != 0 && rows > std::numeric_limits<std::size_t>::max() / cols)
        throw std::invalid_argument(std::string("actmath::") + fn + ": rows (" + std::to_string(rows) +
                                    ") x cols (" + std::to_string(cols) + ") overflows size_t");
    return rows * cols;
}

template <class T> inline void check_disjoint(const char* fn, T const* a, std::size_t na, T const* b, std::size_t nb,
                                              const char* name_a, const char* name_b) {
    if (na == 0 || nb == 0) return;
    auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
    if (pa < pb + nb * sizeof(T) && pb < pa + na * sizeof(T))
        throw std::invalid_argument(std::string("actmath::") + fn + ": " + name_b + " (" + std::to_string(nb) +
                                    " elements) overlaps " + name_a + " (" + std::to_string(na) +
                                    " elements); the Jacobian needs its own memory");
}

// A range of `size` elements seen as rows of `cols`: the number of rows.
inline std::size_t rows_of(const char* fn, const char* name, std::size_t size, std::size_t cols) {
    if (cols == 0 ? size != 0 : size % cols != 0)
        throw std::invalid_argument(std::string("actmath::") + fn + ": " + name + " has " + std::to_string(size) +
                                    " elements, not a whole number of rows of " + std::to_string(cols) + " columns");
    return cols == 0 ? 0 : size / cols;
}

// The shared body of the three functors.
template <class T, bool Negate, output Out> struct rowwise_base {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "actmath: softmax, log_softmax and softmin are defined for float and double");

    static void forward_impl(const char* fn, T const* x, T* y, std::size_t rows, std::size_t cols, bool zero_masked) {
        std::size_t n = checked_count(fn, rows, cols);
        detail::check_overlap(fn, x, y, n, "x", "y");
        forward_rows<Negate, Out>(x, y, rows, cols, zero_masked);
    }
    static void backward_impl(const char* fn, T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) {
        std::size_t n = checked_count(fn, rows, cols);
        detail::check_overlap(fn, y, dx, n, "y", "dx");
        detail::check_overlap(fn, dy, dx, n, "dy", "dx");
        if constexpr (Out == output::prob) softmax_backward_rows<Negate>(y, dy, dx, rows, cols);
        else log_softmax_backward_rows(y, dy, dx, rows, cols);
    }
    // J (cols x cols, row-major): J[i][j] = d y_i / d x_j from the row y.
    static void jacobian_impl(const char* fn, T const* y, T* J, std::size_t cols) {
        std::size_t n = checked_count(fn, cols, cols);
        check_disjoint(fn, y, cols, static_cast<T const*>(J), n, "y", "J");
        for (std::size_t i = 0; i < cols; ++i) {
            for (std::size_t j = 0; j < cols; ++j) {
                T v;
                if constexpr (Out == output::prob) {
                    T d = (i == j ? T(1) : T(0)) - y[j];
                    v = y[i] * d;
                    if constexpr (Negate) v = -v;
                } else {
                    v = (i == j ? T(1) : T(0)) - core::exp(y[j]);
                }
                J[i * cols + j] = v;
            }
        }
    }
};

} // namespace rows
} // namespace detail

// Public members: masked_rows_to_zero (default false, as PyTorch).  Every member function
// takes rows and cols (element counts; 0 is fine); y may be x (in place), dx may be y or
// dy; partial overlaps throw std::invalid_argument naming the sizes.
template <class T = float> struct softmax {
    using value_type = T;
    static constexpr const char* name = "softmax";
    // true: a fully masked row (every entry -inf) gives probability 0 everywhere, the
    // masked-attention convention, instead of NaN.
    bool masked_rows_to_zero = false;

    void forward(T const* x, T* y, std::size_t rows, std::size_t cols) const {
        base::forward_impl("softmax::forward", x, y, rows, cols, masked_rows_to_zero);
    }
    void backward_from_output(T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) const {
        base::backward_impl("softmax::backward_from_output", y, dy, dx, rows, cols);
    }
    void jacobian_from_output(T const* y, T* J, std::size_t cols) const {
        base::jacobian_impl("softmax::jacobian_from_output", y, J, cols);
    }

private:
    using base = detail::rows::rowwise_base<T, false, detail::rows::output::prob>;
};

template <class T = float> struct log_softmax {
    using value_type = T;
    static constexpr const char* name = "log_softmax";
    // true: a fully masked row (every entry -inf) gives log 0 = -inf everywhere instead of NaN.
    bool masked_rows_to_zero = false;

    void forward(T const* x, T* y, std::size_t rows, std::size_t cols) const {
        base::forward_impl("log_softmax::forward", x, y, rows, cols, masked_rows_to_zero);
    }
    void backward_from_output(T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) const {
        base::backward_impl("log_softmax::backward_from_output", y, dy, dx, rows, cols);
    }
    void jacobian_from_output(T const* y, T* J, std::size_t cols) const {
        base::jacobian_impl("log_softmax::jacobian_from_output", y, J, cols);
    }

private:
    using base = detail::rows::rowwise_base<T, false, detail::rows::output::log_prob>;
};

template <class T = float> struct softmin {
    using value_type = T;
    static constexpr const char* name = "softmin";
    // true: a fully masked row (every entry +inf) gives probability 0 everywhere instead of NaN.
    bool masked_rows_to_zero = false;

    void forward(T const* x, T* y, std::size_t rows, std::size_t cols) const {
        base::forward_impl("softmin::forward", x, y, rows, cols, masked_rows_to_zero);
    }
    void backward_from_output(T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) const {
        base::backward_impl("softmin::backward_from_output", y, dy, dx, rows, cols);
    }
    void jacobian_from_output(T const* y, T* J, std::size_t cols) const {
        base::jacobian_impl("softmin::jacobian_from_output", y, J, cols);
    }

private:
    using base = detail::rows::rowwise_base<T, true, detail::rows::output::prob>;
};

// ---- free functions: the same vocabulary as the elementwise drivers --------------------------
template <class F> struct is_rowwise : std::false_type {};
template <class T> struct is_rowwise<softmax<T>> : std::true_type {};
template <class T> struct is_rowwise<log_softmax<T>> : std::true_type {};
template <class T> struct is_rowwise<softmin<T>> : std::true_type {};
template <class F> constexpr bool is_rowwise_v = is_rowwise<F>::value;

// The elementwise drivers (forward(f, x, y, n), forward(f, x, y)) do not apply: a row-wise
// functor needs the row length.  Deleted so that the call names the mistake.
template <class T> void forward(softmax<T> const&, T const*, T*, std::size_t) = delete;
template <class T> void forward(log_softmax<T> const&, T const*, T*, std::size_t) = delete;
template <class T> void forward(softmin<T> const&, T const*, T*, std::size_t) = delete;
template <class T, class X, class Y> void forward(softmax<T> const&, X const&, Y&&) = delete;
template <class T, class X, class Y> void forward(log_softmax<T> const&, X const&, Y&&) = delete;
template <class T, class X, class Y> void forward(softmin<T> const&, X const&, Y&&) = delete;

// Pointers: rows x cols elements each.
template <class F, class T, std::enable_if_t<is_rowwise_v<F>, int> = 0>
void forward(F const& f, T const* x, T* y, std::size_t rows, std::size_t cols) {
    f.forward(x, y, rows, cols);
}
template <class F, class T, std::enable_if_t<is_rowwise_v<F>, int> = 0>
void backward_from_output(F const& f, T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols) {
    f.backward_from_output(y, dy, dx, rows, cols);
}
template <class F, class T, std::enable_if_t<is_rowwise_v<F>, int> = 0>
void jacobian_from_output(F const& f, T const* y, T* J, std::size_t cols) {
    f.jacobian_from_output(y, J, cols);
}

// Ranges (data() and size()): rows = size / cols; sizes that differ or are not a whole number
// of rows throw std::invalid_argument.
template <class F, class X, class Y, std::enable_if_t<is_rowwise_v<F>, int> = 0,
          class = decltype(std::declval<X const&>().data())>
void forward(F const& f, X const& x, Y&& y, std::size_t cols) {
    detail::check_sizes("forward", detail::range_size(x), detail::range_size(y), "x", "y");
    std::size_t rows = detail::rows::rows_of("forward", "x", detail::range_size(x), cols);
    f.forward(detail::range_data(x), detail::range_data(y), rows, cols);
}
template <class F, class Y, class G, class D, std::enable_if_t<is_rowwise_v<F>, int> = 0,
          class = decltype(std::declval<Y const&>().data())>
void backward_from_output(F const& f, Y const& y, G const& dy, D&& dx, std::size_t cols) {
    detail::check_sizes("backward_from_output", detail::range_size(y), detail::range_size(dy), "y", "dy");
    detail::check_sizes("backward_from_output", detail::range_size(y), detail::range_size(dx), "y", "dx");
    std::size_t rows = detail::rows::rows_of("backward_from_output", "y", detail::range_size(y), cols);
    f.backward_from_output(detail::range_data(y), detail::range_data(dy), detail::range_data(dx), rows, cols);
}
template <class F, class Y, class J, std::enable_if_t<is_rowwise_v<F>, int> = 0,
          class = decltype(std::declval<Y const&>().data())>
void jacobian_from_output(F const& f, Y const& y, J&& jac) {
    std::size_t cols = detail::range_size(y);
    if (detail::range_size(jac) != cols * cols)
        throw std::invalid_argument("actmath::jacobian_from_output: J has " + std::to_string(detail::range_size(jac)) +
                                    " elements but y has " + std::to_string(cols) + " (J needs " +
                                    std::to_string(cols * cols) + ")");
    f.jacobian_from_output(detail::range_data(y), detail::range_data(jac), cols);
}

} // namespace actmath
