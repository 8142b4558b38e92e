// The value vocabulary's scaling and clamping (include/actmath/core/value.hpp): scale2,
// scale2k and scale2nk against std::ldexp (x 2^n rounded once, C11 7.12.6.13: the library's exp, expm1,
// softmax and every scaled-last tail rest on it), for the scalar and for a batch lane by lane
// (a batch of the build's widest architecture: VSCALEF on AVX-512, the two-factor product
// elsewhere); clamp against its definition, NaN passing through.  The pieces of the
// logistic core (include/actmath/core/logistic.hpp): at_least, at_most, neg_abs and
// round_k against their definitions, recip within an ulp (2^-23) and recip2's t + tl within 2^-44
// (float) / 2^-60 (double) of 1/(q + ql) in long double, exp_s's (1 + s) 2^k against expl;
// the scalar call equal to every batch lane.  log1p within an ulp of log1pl for x > -1, its
// special values (-inf at -1, NaN below, x below eps/4) exactly.  log1p_unit within an ulp of log1pl on [0, 1]
// (both sides of the sqrt 2 split included), scalar equal to batch.  fms and fnma bit for bit equal to a*b - c and
// c - a*b with std::fma's one rounding (two roundings in a unit without FMA), zeros' signs
// included.  expm1_raw exactly x for 0 < |x| < eps/4 (subnormals too), +0 at -0, and within
// 1.5 ulp of expm1l elsewhere on [-40, 80].  residual (include/actmath/core/exact.hpp): x - q a
// for the quotients of hard.hpp (a product by 1/6: exact) and softsign.hpp (rounded once).
// load_widened: the floats at every offset as double lanes, each equal to double(float).
#include <actmath/core/logistic.hpp>
#include <actmath/core/math.hpp>
#include <actmath/core/value.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "support/ulp.hpp"

using actmath_test::same_bits;

namespace {

// xs through batch_fn a batch at a time (the last batch wraps around to the start of xs),
// then lane(x, y) for every lane: x the input, y batch_fn's result there.  The callers compare
// y with the definition and with the scalar call.
template <class T, class BatchFn, class Lane> void for_each_lane(std::vector<T> const& xs, BatchFn batch_fn, Lane lane) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    alignas(64) T x[W], out[W];
    for (std::size_t j = 0; j < xs.size(); j += W) {
        for (std::size_t l = 0; l < W; ++l) x[l] = xs[(j + l) % xs.size()];
        B y = batch_fn(B::load_aligned(x));
        y.store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) lane(x[l], out[l]);
    }
}

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
    alignas(64) T x[W], out[W], outk[W], outnk[W];
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
            core::scale2nk(B::load_aligned(x), I::load_aligned(kn), B::load_aligned(kf)).store_aligned(outnk);
            for (std::size_t l = 0; l < W; ++l) {
                T want = std::ldexp(x[l], int(kn[l]));
                T scalar = core::scale2(x[l], kn[l]);
                T scalar_k = core::scale2k(x[l], kf[l]);
                bool ok = same_bits(out[l], want) && same_bits(outk[l], want) && same_bits(scalar, want) &&
                          same_bits(scalar_k, want) && same_bits(outnk[l], want) &&
                          same_bits(core::scale2nk(x[l], kn[l], kf[l]), want);
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
        core::at_least(B::load_aligned(x), lo).store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) {
            T want = std::isnan(x[l]) ? x[l] : x[l] < lo ? lo : x[l];
            INFO("at_least(" << x[l] << ", " << lo << ")");
            CHECK(same_bits(out[l], want));
            CHECK(same_bits(core::at_least(x[l], lo), want));
        }
        core::at_most(B::load_aligned(x), hi).store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) {
            T want = std::isnan(x[l]) ? x[l] : x[l] > hi ? hi : x[l];
            INFO("at_most(" << x[l] << ", " << hi << ")");
            CHECK(same_bits(out[l], want));
            CHECK(same_bits(core::at_most(x[l], hi), want));
        }
        core::neg_abs(B::load_aligned(x)).store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) {
            T want = -std::fabs(x[l]); // the sign bit set, NaN included
            INFO("neg_abs(" << x[l] << ")");
            CHECK((same_bits(out[l], want) || (std::isnan(x[l]) && std::isnan(out[l]) && std::signbit(out[l]))));
            CHECK(same_bits(core::neg_abs(x[l]), out[l]));
        }
    }
}

// residual(x, q, a) = x - q a for the quotients the library forms without a division:
// exactly for q = x h with h = 1/6 rounded (hard.hpp), and rounded once for q = x recip(a)
// (softsign's a = 1 + |x|, and any a), over x spanning the exponent range, subnormals
// included.  The exact value is long double's fma on the same q, which rounds x - q a once to
// 64 bits: where the exact value fits in a T, it fits there too.
template <class T> void check_residual() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    constexpr std::size_t W = B::size;
    std::mt19937_64 g(23);
    std::uniform_real_distribution<double> m(1, 2);
    std::uniform_int_distribution<int> ex(std::numeric_limits<T>::min_exponent - 20, std::numeric_limits<T>::max_exponent - 30);
    std::uniform_real_distribution<double> ad(1, 1e6);
    alignas(64) T x[W], q[W], a[W], out[W];
    long bad = 0;
    for (int i = 0; i < 20000; ++i) {
        for (std::size_t l = 0; l < W; ++l) {
            x[l] = T(std::ldexp(m(g), ex(g)));
            if (l % 3 == 0) {
                a[l] = T(6);
                q[l] = x[l] * (T(1) / T(6));
            } else {
                if (l % 3 == 1) x[l] = std::fabs(x[l]);
                a[l] = l % 3 == 1 ? T(1) + x[l] : T(ad(g)); // softsign's d, or any a
                q[l] = x[l] * core::recip(a[l]);
            }
        }
        core::residual(B::load_aligned(x), B::load_aligned(q), B::load_aligned(a)).store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) {
            if (x[l] > std::ldexp(T(1), std::numeric_limits<T>::max_exponent - 32) && l % 3 == 1) continue; // d beyond recip's range
            if (l % 3 == 2 && !std::isnormal(q[l])) continue; // Dekker's product (no FMA) needs a normal q
            ld want = std::fma(-ld(q[l]), ld(a[l]), ld(x[l])); // x - q a rounded once to 64 bits: exact wherever a T holds it
            T scalar = core::residual(x[l], q[l], a[l]);
            // a = 6: exact (x - 6 q is a multiple of q's last place times 2, below 2^3 of them).
            // Otherwise rounded once: exact when q is within an ulp of x / a, off by at most half
            // an ulp (or half the subnormal spacing) when recip's error puts it further.
            ld tol = l % 3 == 0 ? 0.0L
                                : std::max(std::fabs(want) * ld(std::numeric_limits<T>::epsilon()) / 2,
                                           ld(std::numeric_limits<T>::denorm_min()) / 2);
            if (!(std::fabs(ld(out[l]) - want) <= tol) || !same_bits(scalar, out[l])) {
                if (bad++ < 5) {
                    INFO("residual(" << x[l] << ", " << q[l] << ", " << a[l] << ") = " << out[l] << " (scalar " << scalar
                                     << "), exact " << double(want));
                    CHECK(false);
                }
            }
        }
    }
    CHECK(bad == 0);
}

// round_k: the nearest integer, ties to even, as std::nearbyint in the default rounding mode.
template <class T> void check_round_k() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    std::vector<T> xs = {T(0), -T(0), T(0.5), T(-0.5), T(1.5), T(-1.5), T(2.5), T(-2.5), T(0.49999997),
                         T(-158.7), T(1023.5), T(-1024.5), T(3e5) + T(0.5), T(-4e5) - T(0.5)};
    std::mt19937_64 g(11);
    std::uniform_real_distribution<double> u(-2000, 2000);
    for (int i = 0; i < 4000; ++i) xs.push_back(T(u(g)));
    for_each_lane(xs, [](B const& v) { return core::round_k(v); }, [](T v, T y) {
        T want = std::nearbyint(v);
        INFO("round_k(" << v << ")");
        CHECK(y == want);
        CHECK(core::round_k(v) == want);
    });
}

// recip within an ulp of 1/d (2^-23; 2^-52 for double, a division); recip2's t + tl within 2^-44 (float) / 2^-60 (double) of
// 1/(q + ql) for q in [1, 8], |ql| <= ulp(q)/2; exp_s as (1 + s) 2^k against expl(hi + lo).
template <class T> void check_logistic_pieces() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    constexpr std::size_t W = B::size;
    constexpr bool f32 = std::is_same<T, float>::value;
    const ld tol2 = f32 ? std::ldexp(1.0L, -44) : std::ldexp(1.0L, -60);
    std::mt19937_64 g(13);
    std::uniform_real_distribution<double> uq(1, 8), uf(-0.5, 0.5), uh(f32 ? -110 : -760, 0);
    alignas(64) T q[W], ql[W], t[W], tl[W], r[W], hi[W], lo[W], es[W], ek[W], ms[W], mk[W];
    int bad = 0;
    for (int i = 0; i < 20000; i += int(W)) {
        for (std::size_t l = 0; l < W; ++l) {
            q[l] = l == 0 ? T(1) : l == 1 ? T(2) : T(uq(g));
            T ulp = std::nextafter(q[l], T(16)) - q[l];
            ql[l] = T(uf(g)) * ulp;
            hi[l] = l == 0 ? T(0) : T(uh(g));
            lo[l] = T(uf(g)) * (std::nextafter(std::fabs(hi[l]), T(1e30)) - std::fabs(hi[l]));
        }
        core::recip(B::load_aligned(q)).store_aligned(r);
        core::recip_pair<B> rp = core::recip2(B::load_aligned(q), B::load_aligned(ql));
        rp.t.store_aligned(t);
        rp.tl.store_aligned(tl);
        core::exp_sk<B> e = core::exp_s(B::load_aligned(hi), B::load_aligned(lo));
        e.s.store_aligned(es);
        e.k.store_aligned(ek);
        core::exp_sk<B> m = core::exp_s<true>(B::load_aligned(hi), B::load_aligned(lo)); // the forwards' form
        m.s.store_aligned(ms);
        m.k.store_aligned(mk);
        for (std::size_t l = 0; l < W; ++l) {
            ld exact = 1.0L / ld(q[l]);
            ld exact2 = 1.0L / (ld(q[l]) + ld(ql[l]));
            ld e1 = std::fabs((ld(r[l]) - exact) / exact);
            ld e2 = std::fabs((ld(t[l]) + ld(tl[l]) - exact2) / exact2);
            ld ex = std::exp(ld(hi[l]) + ld(lo[l]));
            ld e3 = std::fabs((std::ldexp(1.0L + ld(es[l]), int(ek[l])) - ex) / ex);
            core::recip_pair<T> sp = core::recip2(q[l], ql[l]);
            ld e4 = std::fabs((std::ldexp(1.0L + ld(ms[l]), int(mk[l])) - ex) / ex);
            core::exp_sk<T> se = core::exp_s(hi[l], lo[l]);
            core::exp_sk<T> sm = core::exp_s<true>(hi[l], lo[l]);
            bool ok = e1 <= std::ldexp(1.0L, f32 ? -23 : -52) && e2 <= tol2 && e3 <= std::ldexp(1.0L, f32 ? -23 : -51) &&
                      e4 <= std::ldexp(1.0L, f32 ? -23 : -51) && same_bits(core::recip(q[l]), r[l]) &&
                      same_bits(sp.t, t[l]) && same_bits(sp.tl, tl[l]) && same_bits(se.s, es[l]) &&
                      se.k == ek[l] && // k: VRNDSCALE gives -0 where the shifter gives +0
                      same_bits(sm.s, ms[l]) && sm.k == mk[l] && mk[l] == ek[l];
            if (!ok && bad++ < 5) {
                INFO("q = " << q[l] << ", ql = " << ql[l] << ": recip error " << double(e1) << ", recip2 error "
                            << double(e2) << "; hi = " << hi[l] << ", lo = " << lo[l] << ": exp_s error "
                            << double(e3) << ", exp_s<true> error " << double(e4));
                CHECK(ok);
            }
        }
    }
    CHECK(bad == 0);
}

// The near-minimax e^r of exp_reduced_times as e^r - 1 (expm1_reduced_abs, the logistic
// forwards' e) on a grid over the whole reduced range |r| <= 0.347: 1 + s within 1.5 2^-25
// (float) / 1.5 2^-54 (double) of e^r, against expl.  The polynomial's own error is below
// 2^-28 / 2^-57 (tools/fit_exp); the rest is the rounding of s and of r P (half an ulp of
// s = -0.29 is 2^-26 of 1, 2^-25.5 of e^r = 0.71; measured worst 0.90 2^-25 / 0.89 2^-54).
// A wrong or misplaced coefficient costs 2^-12 or more.  Every lane matches the scalar call,
// the Taylor form (expm1_reduced) meets the same bound (measured 1.08 2^-25 / 0.91 2^-54), and
// expm1_reduced_as<Abs> is the one or the other.
template <class T> void check_minimax_expm1() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    constexpr std::size_t W = B::size;
    const ld tol = std::ldexp(1.5L, std::is_same<T, float>::value ? -25 : -54);
    const int n = 1 << 16;
    alignas(64) T r[W], s[W];
    int bad = 0;
    ld worst = 0, worst_taylor = 0;
    for (int i = 0; i <= n; i += int(W)) {
        for (std::size_t l = 0; l < W; ++l) r[l] = T(-0.347 + 0.694 * double(std::min(i + int(l), n)) / n);
        core::expm1_reduced_abs(B::load_aligned(r)).store_aligned(s);
        for (std::size_t l = 0; l < W; ++l) {
            ld ex = std::exp(ld(r[l]));
            ld e = std::fabs((1.0L + ld(s[l]) - ex) / ex);
            ld et = std::fabs((1.0L + ld(core::expm1_reduced(r[l])) - ex) / ex);
            worst = std::max(worst, e);
            worst_taylor = std::max(worst_taylor, et);
            bool ok = e <= tol && et <= tol && same_bits(core::expm1_reduced_abs(r[l]), s[l]) &&
                      same_bits(core::expm1_reduced_as<true>(r[l]), s[l]) &&
                      same_bits(core::expm1_reduced_as<false>(r[l]), core::expm1_reduced(r[l]));
            if (!ok && bad++ < 5) {
                INFO("r = " << r[l] << ": 1 + s off by " << double(e) << " of e^r (Taylor form " << double(et) << ")");
                CHECK(ok);
            }
        }
    }
    INFO("worst relative error " << double(worst) << " (Taylor form " << double(worst_taylor) << ")");
    CHECK(bad == 0);
}

// log1p_unit(e) = log(1 + e) for e in [0, 1], within an ulp of long double's log1pl (the
// softplus and log_sigmoid sweeps bound it end to end), and the scalar equal to every lane.
template <class T> void check_log1p_unit() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    const T s2 = T(0x1.6a09e667f3bcdp+0) - T(1);
    std::vector<T> es = {T(0), std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min(),
                         std::numeric_limits<T>::epsilon() / 8, std::numeric_limits<T>::epsilon(), T(1),
                         std::nextafter(T(1), T(0)), s2, std::nextafter(s2, T(0)), std::nextafter(s2, T(1)), T(0.5)};
    std::mt19937_64 g(19);
    std::uniform_real_distribution<double> u(0, 1), lg(-140, 0);
    for (int i = 0; i < 20000; ++i) es.push_back(T(i % 2 ? u(g) : std::exp2(lg(g))));
    double worst = 0;
    int bad = 0;
    for_each_lane(es, [](B const& v) { return core::log1p_unit(v); }, [&](T e, T y) {
        double err = actmath_test::ulp_error(y, std::log1p(ld(e)));
        worst = std::max(worst, err);
        if ((err > 1.0 || !same_bits(core::log1p_unit(e), y)) && bad++ < 5) {
            INFO("log1p_unit(" << e << ") = " << y << ": " << err << " ulp");
            CHECK(false);
        }
    });
    INFO("worst " << worst << " ulp");
    CHECK(bad == 0);
}

// log1p(x) = log(1 + x): within an ulp of long double's log1pl on x > -1 (the sample's worst
// is printed when the check fails), both orders of Fast2Sum's terms (|x| below and above 1) and both sides of the sqrt 2 split among the
// inputs; the special values against their definitions: -inf at -1, NaN below -1 and for NaN,
// +inf at +inf, x itself (sign of zero, subnormals) below eps/4; the scalar equal to every lane.
template <class T> void check_log1p() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    using lim = std::numeric_limits<T>;
    const T s2 = T(0x1.6a09e667f3bcdp+0) - T(1);
    std::vector<T> xs = {T(0), -T(0), lim::denorm_min(), -lim::denorm_min(), lim::min(), lim::epsilon() / 8,
                         -lim::epsilon() / 8, lim::epsilon(), T(1), -T(0.5), std::nextafter(T(-1), T(0)),
                         std::nextafter(T(1), T(0)), std::nextafter(T(1), T(2)), s2, std::nextafter(s2, T(0)),
                         std::nextafter(s2, T(1)), lim::max(), T(1e30), T(-1), std::nextafter(T(-1), T(-2)),
                         T(-2), -lim::infinity(), lim::infinity(), lim::quiet_NaN()};
    std::mt19937_64 g(23);
    std::uniform_real_distribution<double> u(-1, 1), lg(-140, 127);
    for (int i = 0; i < 30000; ++i) {
        double v = i % 2 ? u(g) : std::exp2(lg(g));
        xs.push_back(T(i % 3 == 2 ? -std::min(v, 0.999) : v));
    }
    double worst = 0;
    int bad = 0;
    for_each_lane(xs, [](B const& v) { return core::log1p(v); }, [&](T v, T y) {
        bool ok;
        double err = 0;
        if (std::isnan(v) || v < T(-1)) ok = std::isnan(y);
        else if (v == T(-1)) ok = y == -lim::infinity();
        else if (std::isinf(v)) ok = y == lim::infinity();
        else if (std::fabs(v) < lim::epsilon() / 4) ok = same_bits(y, v);
        else {
            err = actmath_test::ulp_error(y, std::log1p(ld(v)));
            ok = err <= 1.0;
        }
        worst = std::max(worst, err);
        if ((!ok || !same_bits(core::log1p(v), y)) && bad++ < 5) {
            INFO("log1p(" << v << ") = " << y << " (scalar " << core::log1p(v) << "): " << err << " ulp");
            CHECK(false);
        }
    });
    INFO("worst " << worst << " ulp");
    CHECK(bad == 0);
}

// expm1_raw(x): x itself for 0 < |x| < eps/4, +0 at +-0, within 1.5 ulp of expm1l elsewhere
// (core::expm1 measures 1.21 ulp on this sample: the Taylor tail and the 2^(n-1) form).
template <class T> void check_expm1_raw() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    using L = std::numeric_limits<T>;
    std::vector<T> xs = {T(0), -T(0), L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), L::epsilon() / 8,
                         -L::epsilon() / 8, std::nextafter(L::epsilon() / 4, T(0)), -std::nextafter(L::epsilon() / 4, T(0)),
                         T(1e-3), T(-1e-3), T(0.34), T(-0.35), T(-40), T(80)};
    std::mt19937_64 g(23);
    std::uniform_real_distribution<double> u(-40, 80), lg(-160, -1);
    for (int i = 0; i < 20000; ++i) xs.push_back(i % 2 ? T(u(g)) : T((i % 4 ? -1 : 1) * std::exp2(lg(g))));
    int bad = 0;
    for_each_lane(xs, [](B const& v) { return core::expm1_raw(v); }, [&](T v, T y) {
        bool ok;
        if (v == T(0)) ok = same_bits(y, T(0));
        else if (std::fabs(v) < L::epsilon() / 4) ok = same_bits(y, v);
        else ok = actmath_test::ulp_error(y, std::expm1(ld(v))) <= 1.5;
        ok = ok && same_bits(core::expm1_raw(v), y);
        if (!ok && bad++ < 5) {
            INFO("expm1_raw(" << v << ") = " << y << ", " << actmath_test::ulp_error(y, std::expm1(ld(v))) << " ulp");
            CHECK(false);
        }
    });
    CHECK(bad == 0);
}

// The rewrites that promise expm1_raw's bits without its scaling: expm1_nonpositive(x) is
// expm1_raw(x) for every x <= 0 (and 0 for x > 0); core::tanh(x) is sign(x) q / (q + 2),
// q = expm1_raw(2|x|), 1 past the saturation point, which is how it was written before.
// Every 4099th bit pattern plus a dense uniform sample, batch and scalar.
template <class T> void check_expm1_rewrites() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using U = std::conditional_t<std::is_same<T, float>::value, std::uint32_t, std::uint64_t>;
    constexpr std::size_t W = B::size;
    const T sat = std::is_same<T, float>::value ? T(9.1) : T(19.1);
    std::vector<T> xs;
    const U step = std::is_same<T, float>::value ? U(4099) : (U(1) << 44) + U(4099);
    for (U u = 0;; u += step) {
        T v;
        std::memcpy(&v, &u, sizeof v);
        xs.push_back(v);
        if (u > std::numeric_limits<U>::max() - step) break;
    }
    std::mt19937_64 g(31);
    std::uniform_real_distribution<double> d(-50, 50);
    for (int i = 0; i < 200000; ++i) xs.push_back(T(d(g)));
    auto old_tanh = [&](T x) {
        T a = std::fabs(x);
        T q = core::expm1_raw(a + a);
        T t = a > sat ? T(1) : q / (q + T(2));
        return std::copysign(t, x);
    };
    alignas(64) T x[W], e[W], t[W];
    int bad = 0;
    for (std::size_t j = 0; j < xs.size(); j += W) {
        for (std::size_t l = 0; l < W; ++l) x[l] = xs[(j + l) % xs.size()];
        core::expm1_nonpositive(B::load_aligned(x)).store_aligned(e);
        core::tanh(B::load_aligned(x)).store_aligned(t);
        for (std::size_t l = 0; l < W; ++l) {
            T v = x[l];
            T want_e = v > T(0) ? T(0) : core::expm1_raw(v);
            bool ok = same_bits(e[l], want_e) && same_bits(core::expm1_nonpositive(v), e[l]);
            ok = ok && same_bits(t[l], old_tanh(v)) && same_bits(core::tanh(v), t[l]);
            if (!ok && bad++ < 5) {
                INFO("x = " << v << ": expm1_nonpositive " << e[l] << " vs " << want_e << ", tanh " << t[l]
                            << " vs " << old_tanh(v));
                CHECK(false);
            }
        }
    }
    CHECK(bad == 0);
}

// exp(x): within one ulp of expl over the whole range, including the subnormal results below
// e^-87.3 (float) / e^-708.4 (double), 0 below the clamp, inf above the overflow threshold, 1
// at +-0, NaN at NaN; scalar and batch alike.
template <class T> void check_exp() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    using L = std::numeric_limits<T>;
    const bool f32 = std::is_same<T, float>::value;
    const T lo = f32 ? T(-104) : T(-746), hi = f32 ? T(88.72) : T(709.78);
    std::vector<T> xs = {T(0), -T(0), L::denorm_min(), -L::denorm_min(), T(1), T(-1), T(0.3465), T(-0.3466),
                         lo, hi, f32 ? T(-87.3) : T(-708.4), f32 ? T(-103.9) : T(-745.1), T(100), T(-200)};
    std::mt19937_64 g(29);
    std::uniform_real_distribution<double> u{double(lo), double(hi)}, sm{-1.0, 1.0};
    for (int i = 0; i < 40000; ++i) xs.push_back(i % 3 ? T(u(g)) : T(sm(g)));
    int bad = 0;
    double worst = 0;
    for_each_lane(xs, [](B const& v) { return core::exp(v); }, [&](T v, T y) {
        const double e = actmath_test::ulp_error(y, std::exp(ld(v)));
        worst = std::max(worst, e);
        bool ok = e <= 1.0 && same_bits(core::exp(v), y);
        if (!ok && bad++ < 5) {
            INFO("exp(" << v << ") = " << y << ", " << e << " ulp");
            CHECK(false);
        }
    });
    for (T v : {L::infinity(), -L::infinity(), L::quiet_NaN(), L::max(), L::lowest()}) {
        const T want = v > T(0) ? L::infinity() : T(0);
        if (v == v) CHECK(same_bits(core::exp(v), want));
        else CHECK(std::isnan(core::exp(v)));
        CHECK(same_bits(core::exp(B(v)).get(0), core::exp(v)));
    }
    INFO("worst " << worst << " ulp");
    CHECK(bad == 0);
}

// fms(a, b, c) = a*b - c and fnma(a, b, c) = c - a*b as std::fma rounds them (or, without
// FMA, the product rounded, then the sum): bit for bit, signed zeros, infinities and NaN too.
template <class T> void check_fused() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const T inf = std::numeric_limits<T>::infinity();
    std::vector<T> special = {T(0), -T(0), T(1), T(-1), T(3), T(1) / T(3), inf, -inf,
                              std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::denorm_min()};
    std::mt19937_64 g(17);
    std::uniform_real_distribution<double> u(-4, 4);
    auto pick = [&](std::size_t i) { return i % 3 == 0 ? special[(i / 3) % special.size()] : T(u(g)); };
    auto want_fms = [](T a, T b, T c) {
        if constexpr (core::has_fused_fma) return std::fma(a, b, -c);
        T p = a * b;
        return p - c;
    };
    auto want_fnma = [](T a, T b, T c) {
        if constexpr (core::has_fused_fma) return std::fma(-a, b, c);
        T p = a * b;
        return c - p;
    };
    alignas(64) T a[W], b[W], c[W], r1[W], r2[W];
    int bad = 0;
    for (std::size_t i = 0; i < 30000; i += W) {
        for (std::size_t l = 0; l < W; ++l) {
            a[l] = pick(i + l);
            b[l] = pick(7 * (i + l) + 1);
            c[l] = (i + l) % 5 == 0 ? a[l] * b[l] : pick(11 * (i + l) + 2); // exact cancellation too
        }
        core::fms(B::load_aligned(a), B::load_aligned(b), B::load_aligned(c)).store_aligned(r1);
        core::fnma(B::load_aligned(a), B::load_aligned(b), B::load_aligned(c)).store_aligned(r2);
        for (std::size_t l = 0; l < W; ++l) {
            T w1 = want_fms(a[l], b[l], c[l]), w2 = want_fnma(a[l], b[l], c[l]);
            bool ok = same_bits(r1[l], w1) && same_bits(r2[l], w2) && same_bits(core::fms(a[l], b[l], c[l]), w1) &&
                      same_bits(core::fnma(a[l], b[l], c[l]), w2);
            if (!ok && bad++ < 5) {
                INFO("a = " << a[l] << ", b = " << b[l] << ", c = " << c[l] << ": fms " << r1[l] << " want " << w1
                            << ", fnma " << r2[l] << " want " << w2);
                CHECK(ok);
            }
        }
    }
    CHECK(bad == 0);
}

// exp_s_lo: p 2^k + exp_s_lo(e, p) is (1 + s) 2^k exactly while 2^k >= 2^-60 (float) /
// 2^-900 (double).  Reference: (1 + s) - p = s - (p - 1) in long double, where p - 1 is exact
// (Sterbenz) and so is the difference (it is the rounding error of p, a T), then scaled.
template <class T> void check_exp_s_lo() {
    namespace core = actmath::core;
    using B = xsimd::batch<T>;
    using ld = long double;
    constexpr std::size_t W = B::size;
    std::mt19937_64 g(17);
    std::uniform_real_distribution<double> uh(std::is_same<T, float>::value ? -41 : -620, 0);
    alignas(64) T hi[W], out[W];
    int bad = 0;
    for (int i = 0; i < 20000; i += int(W)) {
        for (std::size_t l = 0; l < W; ++l) hi[l] = l == 0 ? T(0) : T(uh(g));
        core::exp_sk<B> eb = core::exp_s(B::load_aligned(hi));
        core::exp_s_lo(eb, B(T(1)) + eb.s).store_aligned(out);
        for (std::size_t l = 0; l < W; ++l) {
            core::exp_sk<T> e = core::exp_s(hi[l]);
            T p = T(1) + e.s;
            int k = int(e.k);
            T want = T(std::ldexp(ld(e.s) - (ld(p) - 1), k));
            T scalar = core::exp_s_lo(e, p);
            bool ok = same_bits(scalar, want) && same_bits(out[l], want);
            if (!ok && bad++ < 5) {
                INFO("hi = " << hi[l] << ": scalar " << scalar << ", lane " << out[l] << ", want " << want);
                CHECK(ok);
            }
        }
    }
    CHECK(bad == 0);
}

// load_widened<D>(p): D::size floats from p, any offset (p + o for every o below a float
// batch), each lane double(p[k]) bit for bit: signed zeros, subnormals, infinities, NaN, the
// extremes, and values whose low mantissa bits a float-to-float move would keep but a
// rounding would lose.
void check_load_widened() {
    using F = xsimd::batch<float>;
    using D = xsimd::batch<double, F::arch_type>;
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> src = {0.0f, -0.0f, 1.0f, -1.5f, std::numeric_limits<float>::denorm_min(),
                              -std::numeric_limits<float>::min(), std::numeric_limits<float>::max(),
                              -std::numeric_limits<float>::max(), inf, -inf,
                              std::numeric_limits<float>::quiet_NaN(), std::nextafter(1.0f, 2.0f),
                              0x1.fffffep-3f, -0x1.000002p+100f};
    std::mt19937_64 g(5);
    std::uniform_int_distribution<std::uint32_t> bits;
    while (src.size() < 4 * F::size) {
        std::uint32_t b = bits(g);
        float v;
        std::memcpy(&v, &b, sizeof v);
        src.push_back(v);
    }
    int bad = 0;
    alignas(64) double out[D::size];
    for (std::size_t o = 0; o + D::size <= src.size(); ++o) {
        actmath::core::load_widened<D>(src.data() + o).store_aligned(out);
        for (std::size_t k = 0; k < D::size; ++k) {
            const double want = double(src[o + k]);
            bool ok = std::isnan(want) ? std::isnan(out[k]) : same_bits(out[k], want);
            if (!ok && bad++ < 5) {
                INFO("offset " << o << " lane " << k << ": got " << out[k] << ", want " << want);
                CHECK(ok);
            }
        }
    }
    CHECK(bad == 0);
}

} // namespace

TEST_CASE("scale2 and scale2k: x 2^n rounded once, as std::ldexp, scalar and batch", "[core]") {
    check_scale2<float>();
    check_scale2<double>();
}

TEST_CASE("clamp, at_least, at_most and neg_abs: against their definitions, NaN passing through, scalar and batch", "[core]") {
    check_clamp<float>();
    check_clamp<double>();
}

TEST_CASE("residual: x - q a, exact for q = x (1/6), rounded once for q = x recip(a), scalar and batch", "[core]") {
    check_residual<float>();
    check_residual<double>();
}

TEST_CASE("round_k: nearest integer, ties to even, scalar and batch", "[core]") {
    check_round_k<float>();
    check_round_k<double>();
}

TEST_CASE("recip, recip2 and exp_s: the logistic core's reciprocal and exponential", "[core]") {
    check_logistic_pieces<float>();
    check_logistic_pieces<double>();
}

TEST_CASE("expm1_reduced_abs and the Taylor expm1_reduced: 1 + s within 1.5 2^-25 / 1.5 2^-54 of e^r, scalar and batch", "[core]") {
    check_minimax_expm1<float>();
    check_minimax_expm1<double>();
}

TEST_CASE("fms and fnma: a*b - c and c - a*b rounded as fma rounds them, scalar and batch", "[core]") {
    check_fused<float>();
    check_fused<double>();
}

TEST_CASE("log1p_unit: log(1 + e) on [0, 1] within an ulp of log1pl, scalar and batch", "[core]") {
    check_log1p_unit<float>();
    check_log1p_unit<double>();
}

TEST_CASE("log1p: log(1 + x) within an ulp of log1pl, its special values, scalar and batch", "[core]") {
    check_log1p<float>();
    check_log1p<double>();
}

TEST_CASE("expm1_raw: e^x - 1, x itself below eps/4, +0 at -0, scalar and batch", "[core]") {
    check_expm1_raw<float>();
    check_expm1_raw<double>();
}

TEST_CASE("expm1_nonpositive and tanh: the bits of the expm1_raw forms they replace", "[core]") {
    check_expm1_rewrites<float>();
    check_expm1_rewrites<double>();
}

TEST_CASE("exp: e^x within an ulp, gradual underflow, exact limits, scalar and batch", "[core]") {
    check_exp<float>();
    check_exp<double>();
}

TEST_CASE("exp_s_lo: the rounding error of (1 + s) 2^k, exactly, scalar and batch", "[core]") {
    check_exp_s_lo<float>();
    check_exp_s_lo<double>();
}

TEST_CASE("Fast2Sum c + b with c = 1 or 2 is exact for every float b in [1, 4] (mish's D + Dl)", "[core]") {
    // Below 1 the textbook condition (c's exponent at least b's) holds; [1, 4] is the range
    // where mish's split relies on c being a multiple of the last place of b and of c + b.
    long bad = 0;
    for (float c : {1.0f, 2.0f}) {
        for (float b = 1.0f; b <= 4.0f; b = std::nextafter(b, 8.0f)) {
            float s = c + b;
            float e = (c - s) + b;
            double exact = (double(c) - double(s)) + double(b); // exact in double
            if (!(double(e) == exact) && bad++ < 5) {
                INFO("c = " << c << ", b = " << b << ": error " << e << ", exact " << exact);
                CHECK(false);
            }
        }
    }
    CHECK(bad == 0);
}

TEST_CASE("load_widened: floats at any offset as double lanes, bit for bit", "[core]") {
    check_load_widened();
}
