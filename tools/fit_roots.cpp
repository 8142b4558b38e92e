// fit_roots: the local polynomials that silu', mish', gelu_tanh' and quick_gelu' use around
// their interior roots.
//
//   fit_roots <silu|mish|gelu_tanh|quick_gelu> <float|double> <half_width> <degree>
//
// Near a root r the general formula for f' cancels, so actmath evaluates
//   f'(r + d) = d * Q(d),   d = (x - r_hi) - r_lo - r_lo2,   |d| <= half_width,
// with Q a polynomial of the given degree, d carried as an exact pair d_hi + d_lo and the
// final product formed as d_hi c0_hi + (d_hi (c0_lo + t) + d_lo c0_hi), t = d (c1 + ...)
// (include/actmath/core/root.hpp): the rounding of d and of Q do not reach the result, whose
// error is one rounding plus the small terms'.  This program (MPFR, 1024 bits):
//   1. finds r by bisection and splits it into r_hi + r_lo + r_lo2 in the target type;
//   2. interpolates Q(d) = f'(r + d) / d at the Chebyshev nodes of [-w, w] (Q(0) = f''(r)
//      by a central difference at a step of 2^-400 where a node is 0);
//   3. converts the Chebyshev series into monomials in d and rounds them to the target type;
//   4. measures the whole evaluation in the target type (d formed as the library forms it,
//      Horner with fma) against f' in MPFR on 200000 points of the interval, in ULP;
// and prints the constants as hex-float literals ready for the header.
//
//   fit_roots sweep
//
// checks the result in the library: every float in [-2, -0.5] for silu' and mish', in
// [-2, -0.25] for gelu_tanh' and quick_gelu' (the roots, the polynomials' ends and the general
// formulas around them), against MPFR.
// Formulas: silu'(x) = s (1 + x (1 - s)), s = 1 / (1 + e^-x);
//           mish'(x) = t + x s (1 - t^2), t = tanh(log(1 + e^x)).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <actmath/activations/gelu.hpp>
#include <actmath/activations/mish.hpp>
#include <actmath/activations/swish.hpp>

#ifdef ACTMATH_HAVE_MPFR
#include <mpfr.h>

#include "support/mp.hpp"

namespace {


mp dsilu(mp const& x) {
    mp s = mp(1) / (mp(1) + mexp(mp(0) - x));
    return s * (mp(1) + x * (mp(1) - s));
}
mp dmish(mp const& x) {
    mp s = mp(1) / (mp(1) + mexp(mp(0) - x));
    mp t = mtanh(mlog1p(mexp(x)));
    return t + x * s * (mp(1) - t * t);
}

// gelu_tanh and quick_gelu: x sigmoid(v), v = x (A + B x^2); f' = s + x v' s (1 - s).
// gelu_tanh: A = 2 sqrt(2/pi), B = 2 0.044715 sqrt(2/pi) (torch's constants); quick_gelu:
// A = 1.702, B = 0.
mp dx_sigmoid(mp const& x, mp const& A, mp const& B) {
    mp v = x * (A + B * x * x);
    mp dv = A + mp(3) * B * x * x;
    mp s = mp(1) / (mp(1) + mexp(mp(0) - v));
    return s + x * dv * s * (mp(1) - s);
}
mp gelu_tanh_a() {
    mp pi; mpfr_const_pi(pi.v, MPFR_RNDN);
    mp r = mp(2) / pi; mpfr_sqrt(r.v, r.v, MPFR_RNDN);
    return mp(2) * r;
}
mp dgelu_tanh(mp const& x) {
    mp a = gelu_tanh_a();
    mp k; mpfr_set_str(k.v, "0.044715", 10, MPFR_RNDN);
    return dx_sigmoid(x, a, a * k);
}
mp dquick_gelu(mp const& x) {
    mp a; mpfr_set_str(a.v, "1.702", 10, MPFR_RNDN);
    return dx_sigmoid(x, a, mp(0));
}

template <class T> T to(mp const& a) {
    if constexpr (sizeof(T) == 4) return mpfr_get_flt(a.v, MPFR_RNDN);
    else return mpfr_get_d(a.v, MPFR_RNDN);
}
template <class T> mp from(T a) { mp r; mpfr_set_d(r.v, double(a), MPFR_RNDN); return r; }

template <class T> double ulp_err(T got, mp const& want) {
    // |got - want| / spacing(want), spacing of a normal value of T.
    long e = 0;
    mpfr_get_d_2exp(&e, want.v, MPFR_RNDN); // want = m 2^e, |m| in [0.5, 1)
    int p = sizeof(T) == 4 ? 24 : 53;
    mp diff = from(got) - want;
    mpfr_abs(diff.v, diff.v, MPFR_RNDN);
    mpfr_mul_2si(diff.v, diff.v, p - e, MPFR_RNDN);
    return mpfr_get_d(diff.v, MPFR_RNDN);
}

template <class T> T fma_t(T a, T b, T c) { return std::fma(a, b, c); }

template <class T> int run(mp (*df)(mp const&), double a, double b, double w, int degree, const char* fname) {
    // 1. the root, by bisection on [a, b]
    mp lo(a), hi(b);
    bool neg_lo = mpfr_sgn(df(lo).v) < 0;
    for (int i = 0; i < 1100; ++i) {
        mp mid = (lo + hi) / mp(2);
        bool neg = mpfr_sgn(df(mid).v) < 0;
        if (neg == neg_lo) lo = mid; else hi = mid;
    }
    mp r = lo;
    T r_hi = to<T>(r);
    T r_lo = to<T>(r - from(r_hi));
    T r_lo2 = to<T>(r - from(r_hi) - from(r_lo));

    // 2. Chebyshev interpolation of Q(d) = f'(r + d) / d on [-w, w]
    const int N = degree + 1;
    mp pi; mpfr_const_pi(pi.v, MPFR_RNDN);
    mp W(w);
    std::vector<mp> node(N), q(N);
    mp h; mpfr_set_ui_2exp(h.v, 1, -400, MPFR_RNDN);
    for (int j = 0; j < N; ++j) {
        mp ang = pi * mp(2 * j + 1) / mp(2 * N);
        mp t; mpfr_cos(t.v, ang.v, MPFR_RNDN);
        node[j] = t;
        mp d = W * t;
        if (mpfr_cmpabs(d.v, h.v) < 0) q[j] = (df(r + h) - df(r - h)) / (mp(2) * h);
        else q[j] = df(r + d) / d;
    }
    std::vector<mp> c(N);
    for (int k = 0; k < N; ++k) {
        mp s(0);
        for (int j = 0; j < N; ++j) {
            mp ang = pi * mp(k) * mp(2 * j + 1) / mp(2 * N);
            mp ck; mpfr_cos(ck.v, ang.v, MPFR_RNDN);
            s = s + q[j] * ck;
        }
        c[k] = s * mp(2) / mp(N);
    }
    c[0] = c[0] / mp(2);

    // 3. monomials in t = d / w: T_0 = 1, T_1 = t, T_{k+1} = 2 t T_k - T_{k-1}
    std::vector<std::vector<mp>> Tk(N, std::vector<mp>(N, mp(0)));
    Tk[0][0] = mp(1);
    if (N > 1) Tk[1][1] = mp(1);
    for (int k = 1; k + 1 < N; ++k)
        for (int i = 0; i < N; ++i) {
            mp v = mp(0) - Tk[k - 1][i];
            if (i > 0) v = v + mp(2) * Tk[k][i - 1];
            Tk[k + 1][i] = v;
        }
    std::vector<mp> mono(N, mp(0));
    for (int k = 0; k < N; ++k)
        for (int i = 0; i < N; ++i) mono[i] = mono[i] + c[k] * Tk[k][i];
    std::vector<T> coef(N);
    mp wpow(1);
    for (int i = 0; i < N; ++i) {
        coef[i] = to<T>(mono[i] / wpow);
        wpow = wpow * W;
    }
    T c0_lo = to<T>(mono[0] - from(coef[0]));

    // 4. the evaluation in T, as the library does it, against MPFR
    double worst = 0, worst_x = 0;
    const int M = 200000;
    for (int i = 0; i <= M; ++i) {
        double xd = double(r_hi) + w * (2.0 * i / M - 1);
        T x = T(xd);
        if (i % 2) x = std::nextafter(x, T(0)); // odd points: off the grid
        T dh = x - r_hi; // exact (Sterbenz); the input's low part xl is 0 here
        T d_hi = dh - r_lo;
        T db = d_hi - dh;
        T d_lo = ((dh - (d_hi - db)) + (-r_lo - db)) - r_lo2;
        T d = d_hi + d_lo;
        T acc = coef[N - 1];
        for (int k = N - 2; k >= 1; --k) acc = fma_t(acc, d, coef[k]);
        T t = acc * d;                                 // Q(d) = c0_hi + c0_lo + t
        T e1 = fma_t(d_hi, t + c0_lo, d_lo * coef[0]);
        T ph = d_hi * coef[0];
        T pl = fma_t(d_hi, coef[0], -ph);
        T g = ph + (pl + e1);
        double e = ulp_err<T>(g, df(from(x)));
        if (e > worst) { worst = e; worst_x = double(x); }
    }

    const char* suf = sizeof(T) == 4 ? "f" : "";
    const char* tn = sizeof(T) == 4 ? "float" : "double";
    char buf[128];
    mpfr_snprintf(buf, sizeof buf, "%.40Rg", r.v);
    std::printf("// %s' root %s; degree %d on |x - r_hi| <= %g: worst %.3f ulp at x = %.17g\n", fname, buf,
                degree, w, worst, worst_x);
    std::printf("// (tools/fit_roots %s %s %g %d)\n", fname, tn, w, degree);
    std::printf("static constexpr core::root_fit<%s, %d> fit = {\n    %a%s, %a%s, %a%s, %a%s,\n    %a%s, %a%s,\n    {", tn, N - 1,
                double(r_hi), suf, double(r_lo), suf, double(r_lo2), suf, w, suf, double(coef[0]), suf, double(c0_lo), suf);
    for (int i = 1; i < N; ++i) std::printf("%s%a%s", i == 1 ? "" : (i % 4 == 1 ? ",\n     " : ", "), double(coef[i]), suf);
    std::printf("}};\n");
    return 0;
}
// Every float in [lo, hi]: the library's silu' and mish' (batch kernel; the scalar call must
// give the same bits) against MPFR at 128 bits.
template <class F>
void sweep(const char* name, F const& f, mp (*df)(mp const&), float lo, float hi) {
    std::vector<float> xs;
    for (float x = lo; x <= hi; x = std::nextafter(x, hi + 1)) xs.push_back(x);
    std::vector<float> d(xs.size());
    actmath::derivative(f, xs, d);
    double worst = 0;
    float at = 0;
    std::size_t mismatch = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        float s = f.derivative(xs[i]);
        if (std::memcmp(&s, &d[i], sizeof s) != 0) ++mismatch;
        double e = ulp_err<float>(d[i], df(from(xs[i])));
        if (e > worst) { worst = e; at = xs[i]; }
    }
    std::printf("%s' every float in [%g, %g] (%zu): worst %.3f ulp at %.9g; scalar != kernel: %zu\n", name,
                double(lo), double(hi), xs.size(), worst, double(at), mismatch);
}

} // namespace

int main(int argc, char** argv) {
    mp_prec = 1024; // 128 for the sweep
    if (argc == 2 && std::string(argv[1]) == "sweep") {
        mp_prec = 128;
        sweep("silu", actmath::silu<float>{}, dsilu, -2.0f, -0.5f);
        sweep("mish", actmath::mish<float>{}, dmish, -2.0f, -0.5f);
        sweep("gelu_tanh", actmath::gelu_tanh<float>{}, dgelu_tanh, -2.0f, -0.25f);
        sweep("quick_gelu", actmath::quick_gelu<float>{}, dquick_gelu, -2.0f, -0.25f);
        return 0;
    }
    if (argc != 5) {
        std::fprintf(stderr, "usage: fit_roots <silu|mish|gelu_tanh|quick_gelu> <float|double> <half_width> <degree>\n"
                             "       fit_roots sweep   (every float around the roots: silu', mish', gelu_tanh', quick_gelu' against MPFR)\n");
        return 2;
    }
    std::string f = argv[1], t = argv[2];
    double w = std::atof(argv[3]);
    int deg = std::atoi(argv[4]);
    mp (*df)(mp const&) = f == "silu" ? dsilu : f == "mish" ? dmish : f == "gelu_tanh" ? dgelu_tanh : dquick_gelu;
    double a = f == "silu" ? -1.4 : f == "mish" ? -1.3 : -0.8, b = f == "silu" ? -1.1 : f == "mish" ? -1.1 : -0.7;
    if (t == "float") return run<float>(df, a, b, w, deg, f.c_str());
    return run<double>(df, a, b, w, deg, f.c_str());
}
#else
int main() {
    std::fprintf(stderr, "fit_roots needs MPFR (libmpfr-dev)\n");
    return 1;
}
#endif
