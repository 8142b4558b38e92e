// The value vocabulary's scaling and clamping (include/actmath/core/value.hpp): scale2 and
// scale2k against std::ldexp (x 2^n rounded once, C11 7.12.6.13: the library's exp, expm1,
// softmax and every scaled-last tail rest on it), for the scalar and for a batch lane by lane
// (a batch of the build's widest architecture: VSCALEF on AVX-512, the two-factor product
// elsewhere); clamp against its definition, NaN passing through.
#include <actmath/core/value.hpp>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "support/ulp.hpp"

using actmath_test::same_bits;

namespace {

template <class T> std::vector<T> mantissas() {
    std::vector<T> v = {T(1), T(0.7), T(1.42), std::nextafter(T(1), T(2)), std::nextafter(T(1), T(0)),
                        T(1.5), T(3.99), T(0.26), T(0), -T(0), std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
                        std::numeric_limits<T>::quiet_NaN()};
    std::mt19937_64 g(7);
    std::uniform_real_distribution<double> u(0.7, 1.42);
    for (int i = 0; i < 200; ++i) {
        T x = T(u(g));
        v.push_back(x);
        v.push_back(-x);
    }
    return v;
}

// scale2's documented range: n such that 2^(n>>1) and 2^(n - (n>>1)) are normal; x near 1
// (the callers' case: x 2^(n>>1) normal, so the two-factor product rounds once).
template <class T> constexpr int n_lo = std::is_same<T, float>::value ? -252 : -2044;
template <class T> constexpr int n_hi = std::is_same<T, float>::value ? 254 : 2046;

template <class T> void check_scale2() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using I = core::int_t<B>;
    using S = core::scalar_t<I>;
    constexpr std::size_t W = B::size;
    std::vector<T> xs = mantissas<T>();
    alignas(64) T x[W], out[W], outk[W];
    alignas(64) T kf[W];
    alignas(64) S kn[W];
    int bad = 0;
    for (int n0 = n_lo<T>; n0 <= n_hi<T>; n0 += int(W)) {
        for (std::size_t j = 0; j < xs.size(); ++j) {
            for (std::size_t l = 0; l < W; ++l) {
                int n = std::min(n0 + int(l), n_hi<T>);
                x[l] = xs[(j + l) % xs.size()];
                kn[l] = S(n);
                kf[l] = T(n);
            }
            core::scale2(B::load_aligned(x), I::load_aligned(kn)).store_aligned(out);
            core::scale2k(B::load_aligned(x), B::load_aligned(kf)).store_aligned(outk);
            for (std::size_t l = 0; l < W; ++l) {
                T want = std::ldexp(x[l], int(kn[l]));
                T scalar = core::scale2(x[l], kn[l]);
                T scalar_k = core::scale2k(x[l], kf[l]);
                bool ok = same_bits(out[l], want) && same_bits(outk[l], want) && same_bits(scalar, want) &&
                          same_bits(scalar_k, want);
                if (!ok && bad++ < 5) {
                    INFO("x = " << x[l] << ", n = " << kn[l] << ": ldexp " << want << ", batch " << out[l]
                                << ", batch k " << outk[l] << ", scalar " << scalar << ", scalar k " << scalar_k);
                    CHECK(ok);
                }
            }
        }
    }
    CHECK(bad == 0);
}

template <class T> void check_clamp() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const T lo = T(-104), hi = T(89);
    const T inf = std::numeric_limits<T>::infinity();
    std::vector<T> xs = {T(0), -T(0), T(1), T(-1), lo, hi, std::nextafter(lo, -inf), std::nextafter(hi, inf),
                         std::nextafter(lo, inf), std::nextafter(hi, -inf), T(-1e30), T(1e30), inf, -inf,
                         std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::denorm_min(),
                         std::numeric_limits<T>::max(), std::numeric_limits<T>::lowest()};
    alignas(64) T x[W], out[W];
    for (std::size_t j = 0; j < xs.size(); ++j) {
        for (std::size_t l = 0; l < W; ++l) x[l] = xs[(j + l) % xs.size()];
        core::clamp(B::load_aligned(x), lo, hi).store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) {
            T want = std::isnan(x[l]) ? x[l] : x[l] < lo ? lo : x[l] > hi ? hi : x[l];
            INFO("clamp(" << x[l] << ", " << lo << ", " << hi << ")");
            CHECK(same_bits(out[l], want));
            CHECK(same_bits(core::clamp(x[l], lo, hi), want));
        }
    }
}

} // namespace

TEST_CASE("scale2 and scale2k: x 2^n rounded once, as std::ldexp, scalar and batch", "[core]") {
    check_scale2<float>();
    check_scale2<double>();
}

TEST_CASE("clamp: min(max(x, lo), hi) with NaN passing through, scalar and batch", "[core]") {
    check_clamp<float>();
    check_clamp<double>();
}
