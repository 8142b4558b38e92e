// Polynomial fitting for the tools/fit_*.cpp programs, over MPFR (support/mp.hpp): Chebyshev
// interpolation, refitting after each coefficient's rounding to float or double, and the
// exact evaluation of the rounded result's relative error.
#pragma once

#include <mpfr.h>

#include "mp.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

namespace fitting {

inline double todouble(mp const& a) { return mpfr_get_d(a.v, MPFR_RNDN); }
inline float tofloat(mp const& a) { return mpfr_get_flt(a.v, MPFR_RNDN); }
inline double log2abs(mp const& a) {
    if (mpfr_zero_p(a.v)) return -999;
    long e;
    double m = mpfr_get_d_2exp(&e, a.v, MPFR_RNDN);
    return std::log2(std::fabs(m)) + double(e);
}

// The solution of the n x n system held in m as rows [a_0 .. a_(n-1) | b] (Gauss-Jordan
// elimination with partial pivoting; m is overwritten).
inline std::vector<mp> solve(std::vector<std::vector<mp>>& m) {
    const int n = int(m.size());
    for (int col = 0; col < n; ++col) {
        int piv = col;
        for (int r = col + 1; r < n; ++r)
            if (mabs(m[piv][col]) < mabs(m[r][col])) piv = r;
        std::swap(m[piv], m[col]);
        for (int r = 0; r < n; ++r) {
            if (r == col) continue;
            mp q = m[r][col] / m[col][col];
            for (int k = col; k <= n; ++k) m[r][k] = m[r][k] - q * m[col][k];
        }
    }
    std::vector<mp> x(n);
    for (int k = 0; k < n; ++k) x[k] = m[k][n] / m[k][k];
    return x;
}

// Monomial coefficients in s = v - center of the polynomial of degree `deg` interpolating f at
// the Chebyshev nodes of [a, b].
inline std::vector<mp> fit(std::function<mp(mp const&)> const& f, mp const& a, mp const& b, mp const& center, int deg) {
    const int n = deg + 1;
    std::vector<std::vector<mp>> m(n, std::vector<mp>(n + 1));
    for (int j = 0; j < n; ++j) {
        mp node = mcos(mpi() * (mp(j) + mp(0.5)) / mp(n));
        mp v = (a + b) / mp(2) + (b - a) / mp(2) * node;
        mp s = v - center, p = mp(1);
        for (int k = 0; k < n; ++k) { m[j][k] = p; p = p * s; }
        m[j][n] = f(v);
    }
    return solve(m);
}

template <class T> mp round_to(mp const& x) {
    if constexpr (sizeof(T) == 4) return mp(double(tofloat(x)));
    else return mp(todouble(x));
}

// The fit with coefficients representable in T: the Chebyshev interpolant's c0 is rounded,
// then c1..cn are refitted (least squares in relative error over 8(n+1) Chebyshev points) to
// what the rounded c0 left, then c1 is rounded, and so on: each rounding is compensated by
// the coefficients still free, which matters for float.
// c0 itself is split: the result holds c0_hi at [0] and c0_lo at [deg + 1] (c0_hi + c0_lo is
// c0 to 2^-2p), because no other coefficient can make up for c0's rounding at s = 0.  With
// split_c0 = false, c0 is rounded like the others and c0_lo is 0 (for a c0 that rounds to a
// value the caller wants exactly, such as e^0 = 1).
template <class T>
std::vector<mp> fit_rounded(std::function<mp(mp const&)> const& f, mp const& a, mp const& b, mp const& center, int deg,
                            bool split_c0 = true) {
    std::vector<mp> c = fit(f, a, b, center, deg);
    mp c0_lo = split_c0 ? round_to<T>(c[0] - round_to<T>(c[0])) : mp(0);
    const int M = 8 * (deg + 1);
    std::vector<mp> s(M), fv(M);
    for (int i = 0; i < M; ++i) {
        mp node = mcos(mpi() * (mp(i) + mp(0.5)) / mp(M));
        mp v = (a + b) / mp(2) + (b - a) / mp(2) * node;
        s[i] = v - center;
        fv[i] = f(v);
    }
    for (int k = 0; k <= deg; ++k) {
        c[k] = round_to<T>(c[k]);
        if (k == 0) c[0] = c[0] + c0_lo; // the pair, exactly; split again below
        const int m = deg - k; // free coefficients c[k+1..deg]
        if (m == 0) break;
        std::vector<std::vector<mp>> A(M, std::vector<mp>(m));
        std::vector<mp> r(M);
        for (int i = 0; i < M; ++i) {
            mp p = mp(1), fixed = mp(0);
            for (int j = 0; j <= deg; ++j) {
                if (j <= k) fixed = fixed + c[j] * p;
                else A[i][j - k - 1] = p / fv[i];
                p = p * s[i];
            }
            r[i] = (fv[i] - fixed) / fv[i];
        }
        std::vector<std::vector<mp>> n(m, std::vector<mp>(m + 1)); // normal equations
        for (int u = 0; u < m; ++u) {
            for (int w = 0; w < m; ++w) {
                mp acc(0);
                for (int i = 0; i < M; ++i) acc = acc + A[i][u] * A[i][w];
                n[u][w] = acc;
            }
            mp acc(0);
            for (int i = 0; i < M; ++i) acc = acc + A[i][u] * r[i];
            n[u][m] = acc;
        }
        std::vector<mp> free = solve(n);
        for (int u = 0; u < m; ++u) c[k + 1 + u] = free[u];
    }
    c[0] = round_to<T>(c[0]);
    c.push_back(c0_lo);
    return c;
}

// Largest relative error (log2) of the polynomial with coefficients rounded to T, evaluated
// exactly, against f on a dense grid of [a, b].
template <class T> double check(std::function<mp(mp const&)> const& f, std::vector<mp> const& c, mp const& a,
                                mp const& b, mp const& center) {
    double worst = -999;
    const int N = 400;
    for (int i = 1; i < N; ++i) {
        mp v = a + (b - a) * mp(i) / mp(N);
        mp s = v - center, p = mp(0);
        const int deg = int(c.size()) - 2; // c[deg + 1] is c0's low part
        for (int k = deg; k >= 1; --k) p = p * s + round_to<T>(c[k]);
        p = p * s + round_to<T>(c[0]) + round_to<T>(c[deg + 1]);
        mp fv = f(v);
        double e = log2abs((p - fv) / fv);
        if (e > worst) worst = e;
    }
    return worst;
}

template <class T> void print_value(mp const& x) {
    if constexpr (sizeof(T) == 4) std::printf("%af", double(tofloat(x)));
    else std::printf("%a", todouble(x));
}
} // namespace fitting
