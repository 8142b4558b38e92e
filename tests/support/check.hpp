// The generic checker every family test uses: one spec per function (reference formulas in
// long double, bounds, kinks, special values), run for float and double, scalar and batch.
//
// What it asserts, per function and type:
//   - forward and derivative within their ULP bounds (ulp.hpp) over every k-th float bit
//     pattern (2^22 in the default run), 2^20 doubles over the whole bit space plus 2^18 in
//     the working range, the special values and the neighbourhood of each kink;
//   - the scalar call and the batch lane give the same bits (NaN equals NaN);
//   - derivative matches a central difference of forward (so the derivative is the
//     derivative of this forward, whatever the reference says);
//   - derivative_from_output(forward(x)) matches derivative(x) within a few eps;
//   - the special values give exactly the listed result, the sign of zero included.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <actmath/core/functor.hpp>

#include "ulp.hpp"

namespace actmath_test {

template <class T> struct measured {
    double worst = 0;
    T at = 0;
    T got = 0;
    ld want = 0;
    std::uint64_t count = 0;
    std::uint64_t mismatches = 0;
    T mismatch_at = 0;
};

// Evaluates op on every x: once through a batch (the kernel's path) and once as a scalar;
// counts lanes whose bits differ and measures the batch result against ref.
template <class T, class Op, class Ref>
measured<T> measure(Op const& op, Ref const& ref, std::vector<T> const& xs) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    measured<T> m;
    alignas(64) T in[W], out[W];
    for (std::size_t i = 0; i < xs.size(); i += W) {
        std::size_t n = std::min(W, xs.size() - i);
        for (std::size_t j = 0; j < W; ++j) in[j] = xs[i + (j < n ? j : 0)];
        op(B::load_aligned(in)).store_aligned(out);
        for (std::size_t j = 0; j < n; ++j) {
            T s = op(in[j]);
            if (!same_bits(s, out[j])) {
                if (m.mismatches++ == 0) m.mismatch_at = in[j];
            }
            ld e = ref(ld(in[j]));
            double u = ulp_error<T>(out[j], e);
            ++m.count;
            if (u > m.worst || (std::isnan(u) && !std::isnan(m.worst))) {
                m.worst = u;
                m.at = in[j];
                m.got = out[j];
                m.want = e;
            }
        }
    }
    return m;
}

struct special {
    ld x, f, df; // exact results; NaN where NaN is expected
};

struct spec {
    std::string name;
    std::function<ld(ld)> f, df;   // reference formulas, evaluated in long double
    double bound_f = 4, bound_df = 4;            // float bounds (ULP)
    double bound_f_double = 4, bound_df_double = 4; // double bounds (ULP)
    std::vector<ld> kinks;         // points where f or f' is not smooth, or cut-offs
    std::vector<special> specials; // exact special values
    double lo = -10, hi = 10;      // range for the central-difference check
    double dfo_tol = 8;            // derivative_from_output vs derivative, in eps * (1 + |f'|)
    // Inputs whose output another input shares with a different derivative (softplus at its
    // switch): derivative_from_output cannot tell them apart, by contract (the family's page
    // documents the band and its error).  Left out of the tolerance check; empty: none.
    std::function<bool(ld)> dfo_ambiguous;
    std::uint64_t float_count = std::uint64_t(1) << 22;
    std::uint64_t double_count = std::uint64_t(1) << 20;
};

template <class T> std::vector<T> inputs_for(spec const& s) {
    std::vector<T> xs;
    if constexpr (std::is_same<T, float>::value) {
        xs = float_sample(s.float_count);
    } else {
        xs = double_sample(s.double_count);
        auto r = double_range_sample(1e-6, 1e3, s.double_count / 4);
        xs.insert(xs.end(), r.begin(), r.end());
    }
    for (T v : special_values<T>()) xs.push_back(v);
    for (ld k : s.kinks) add_neighbourhood<T>(xs, T(k));
    return xs;
}

template <class T> const char* type_name() { return std::is_same<T, float>::value ? "float" : "double"; }

template <class T> void report(spec const& s, const char* what, measured<T> const& m, double bound) {
    std::printf("%-14s %-6s %-10s worst %8.3f ulp at %-16.9g (got %.17g, exact %.17Lg) over %llu inputs\n",
                s.name.c_str(), type_name<T>(), what, m.worst, double(m.at), double(m.got), m.want,
                (unsigned long long)m.count);
    INFO(s.name << " " << type_name<T>() << " " << what << ": worst " << m.worst << " ulp at x = " << m.at
                << " (got " << m.got << ", exact " << double(m.want) << "), bound " << bound);
    CHECK(m.worst <= bound);
    INFO(s.name << " " << type_name<T>() << " " << what << ": scalar and batch differ at x = " << m.mismatch_at);
    CHECK(m.mismatches == 0);
}

template <class F> void check_accuracy(spec const& s, F const& f) {
    using T = typename F::value_type;
    const bool is_float = std::is_same<T, float>::value;
    auto xs = inputs_for<T>(s);
    auto mf = measure<T>([&](auto v) { return f.forward(v); }, s.f, xs);
    report(s, "forward", mf, is_float ? s.bound_f : s.bound_f_double);
    auto md = measure<T>([&](auto v) { return f.derivative(v); }, s.df, xs);
    report(s, "derivative", md, is_float ? s.bound_df : s.bound_df_double);
    if constexpr (actmath::has_derivative_from_output_v<F>) {
        // from-output: batch == scalar, and agreement with derivative(x).
        auto mo = measure<T>([&](auto v) { return f.derivative_from_output(f.forward(v)); },
                             [](ld) { return ld(0); }, xs);
        INFO(s.name << " " << type_name<T>() << " derivative_from_output: scalar and batch differ at " << mo.mismatch_at);
        CHECK(mo.mismatches == 0);
        const T eps = std::numeric_limits<T>::epsilon();
        std::uint64_t bad = 0;
        T bad_x = 0;
        for (T x : xs) {
            if (!std::isfinite(x)) continue;
            if (s.dfo_ambiguous && s.dfo_ambiguous(ld(x))) continue;
            T d = f.derivative(x), o = f.derivative_from_output(f.forward(x));
            if (!std::isfinite(d)) continue;
            if (!(std::fabs(double(o) - double(d)) <= s.dfo_tol * eps * (1 + std::fabs(double(d))))) {
                if (bad++ == 0) bad_x = x;
            }
        }
        INFO(s.name << " " << type_name<T>() << " derivative_from_output(forward(x)) differs from derivative(x) at x = "
                    << bad_x << ": " << f.derivative_from_output(f.forward(bad_x)) << " vs " << f.derivative(bad_x));
        CHECK(bad == 0);
    }
}

// derivative(x) against (f(x+h) - f(x-h)) / 2h in double, away from the kinks.
template <class F> void check_central_difference(spec const& s, F const& f) {
    int checked = 0;
    for (double x = s.lo; x <= s.hi; x += (s.hi - s.lo) / 997) {
        bool near_kink = false;
        for (ld k : s.kinks) near_kink |= std::fabs(x - double(k)) < 1e-3;
        if (near_kink) continue;
        double h = 1e-5 * (1 + std::fabs(x));
        double cd = (double(f.forward(x + h)) - double(f.forward(x - h))) / (2 * h);
        double d = f.derivative(x);
        INFO(s.name << ": derivative(" << x << ") = " << d << ", central difference " << cd);
        CHECK(std::fabs(cd - d) <= 1e-6 * (1 + std::fabs(d)));
        ++checked;
    }
    CHECK(checked > 900);
}

template <class F> void check_specials(spec const& s, F const& f) {
    using T = typename F::value_type;
    for (special const& sp : s.specials) {
        T x = T(sp.x);
        T y = f.forward(x), d = f.derivative(x);
        T wy = T(sp.f), wd = T(sp.df);
        INFO(s.name << " " << type_name<T>() << " at x = " << x << ": forward " << y << " (want " << wy
                    << "), derivative " << d << " (want " << wd << ")");
        CHECK(same_bits(y, wy));
        CHECK(same_bits(d, wd));
        using B = xsimd::batch<T>;
        CHECK(same_bits(f.forward(B(x)).get(0), wy));
        CHECK(same_bits(f.derivative(B(x)).get(0), wd));
    }
}

// Everything above for one function, float and double.
template <class Ff, class Fd> void check_function(spec const& s, Ff const& ff, Fd const& fd) {
    SECTION(s.name + " float accuracy") { check_accuracy(s, ff); }
    SECTION(s.name + " double accuracy") { check_accuracy(s, fd); }
    SECTION(s.name + " central difference") { check_central_difference(s, fd); }
    SECTION(s.name + " special values") {
        check_specials(s, ff);
        check_specials(s, fd);
    }
}

// A type-erased function of the catalogue, for tools that walk all of them (tools/accuracy,
// the edge-case table, the fuzzer): the spec plus the scalar call and the array kernel for
// forward, derivative and (where it exists) derivative_from_output, float and double.
template <class T> struct evaluators {
    std::function<T(T)> forward, derivative, derivative_from_output; // scalar calls
    std::function<void(T const*, T*, std::size_t)> forward_n, derivative_n, derivative_from_output_n; // kernels
    std::function<void(T const*, T const*, T*, std::size_t)> backward_n; // dx = dy f'(x), the array kernel
};
struct entry {
    spec s;
    std::string family;
    evaluators<float> f32;
    evaluators<double> f64;
    bool has_from_output = false;
};

template <class F> evaluators<typename F::value_type> make_evaluators(F const& f) {
    using T = typename F::value_type;
    evaluators<T> e;
    e.forward = [f](T x) { return f.forward(x); };
    e.derivative = [f](T x) { return f.derivative(x); };
    e.forward_n = [f](T const* x, T* y, std::size_t n) { actmath::forward(f, x, y, n); };
    e.derivative_n = [f](T const* x, T* y, std::size_t n) { actmath::derivative(f, x, y, n); };
    e.backward_n = [f](T const* x, T const* dy, T* dx, std::size_t n) { actmath::backward(f, x, dy, dx, n); };
    if constexpr (actmath::has_derivative_from_output_v<F>) {
        e.derivative_from_output = [f](T y) { return f.derivative_from_output(y); };
        e.derivative_from_output_n = [f](T const* y, T* d, std::size_t n) {
            actmath::derivative_from_output(f, y, d, n);
        };
    }
    return e;
}

template <class Ff, class Fd> entry make_entry(std::string family, spec s, Ff const& ff, Fd const& fd) {
    entry e;
    e.s = std::move(s);
    e.family = std::move(family);
    e.f32 = make_evaluators(ff);
    e.f64 = make_evaluators(fd);
    e.has_from_output = actmath::has_derivative_from_output_v<Ff>;
    return e;
}

// fn() must throw std::invalid_argument whose message contains `what`.
template <class Fn> void throws_with(Fn const& fn, std::string const& what) {
    try {
        fn();
    } catch (std::invalid_argument const& e) {
        INFO("message: " << e.what());
        CHECK(std::string(e.what()).find(what) != std::string::npos);
        return;
    }
    FAIL("no std::invalid_argument for " << what);
}

constexpr ld inf = std::numeric_limits<ld>::infinity();
constexpr ld nan = std::numeric_limits<ld>::quiet_NaN();

} // namespace actmath_test
