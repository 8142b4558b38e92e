// fit_gelu: derives, with MPFR at 256 bits, every polynomial coefficient and constant that
// include/actmath/core/gauss.hpp and include/actmath/activations/gelu.hpp use, and prints
// them as hex-float literals ready to paste.
//
//   cmake --build /tmp/build --target fit_gelu && /tmp/build/tools/fit_gelu > fit.txt
//
// The normal distribution (core/gauss.hpp).  With c = 1/sqrt(2 pi) and t >= 0:
//   Q(t) = Phi(-t) e^(t^2/2) = erfc(t/sqrt2)/2 e^(t^2/2)    smooth, Q(0) = 1/2, Q ~ c/t
//   G(t) = Q(t) - c t                                         gelu'(-t) = e^(-t^2/2) G(t)
// The range [0, T0) is cut into pieces [k h, (k+1) h) with h = 1/2; on each piece Q and G are
// fitted as polynomials in s = t - (k + 1/2) h (Chebyshev interpolation, near minimax).  On the
// piece holding G's root t0 = 0.7517915..., G = (t - t0) H(t) and H is fitted instead, with t0
// as a sum of three T.  Beyond T0 (the tail piece, index T0/h), with w = 1/t^2:
//   R(w) = t Q(t)        -> c (1 - w + 3 w^2 - ...)   so Q = R/t and -t Q = gelu(-t) e^(t^2/2)
//   S(w) = -G(t) / t     -> c (1 - w R/c ...)         so G = -t S
// fitted as polynomials in w on [0, 1/T0^2].  float: T0 = 4, degree 8 (9 pieces); double:
// T0 = 7.5, degree 13 (16 pieces).  The tables are stored coefficient-major
// (table[k * pieces + piece]): a row of at most 16 coefficients, which an AVX-512 lane picks
// from registers with one permute.  Row k holds c_k for k = 0..degree, and row degree + 1 the
// low part of c0 (c0 = c0_hi + c0_lo: nothing else can make up for c0's rounding at s = 0);
// each rounding of c0..c(n-1) to T is compensated by refitting the coefficients above it.
//
// gelu_tanh and quick_gelu (activations/gelu.hpp) are x sigmoid(v(x)) with
// v(x) = x (A + B x^2): A = 2 sqrt(2/pi), B = 2 * 0.044715 sqrt(2/pi) for gelu_tanh (the
// formula's constants exactly), A = 1.702, B = 0 for quick_gelu.  Their derivatives cross zero
// at the root x1 < 0 of 1 + e^v(x) + x v'(x); the program prints A, B as pairs, x1 as a sum of
// three T, x1^3 and v1 = v(x1) as pairs and E1 = e^v1.
#include <mpfr.h>

#include "support/fit.hpp"
#include "support/mp.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

namespace {

using namespace fitting;

const mp c_phi = mp(1) / msqrt(mp(2) * mpi()); // 1/sqrt(2 pi)
mp Q(mp const& t) { return merfc(t / msqrt(mp(2))) * mexp(t * t / mp(2)) / mp(2); }
mp G(mp const& t) { return Q(t) - c_phi * t; }

// The root of f in [a, b] (f(a), f(b) of opposite signs) by bisection to full precision.
mp root(std::function<mp(mp const&)> const& f, mp a, mp b) {
    bool fa_neg = mpfr_sgn(f(a).v) < 0;
    for (int i = 0; i < int(mp_prec) + 8; ++i) {
        mp m = (a + b) / mp(2);
        bool neg = mpfr_sgn(f(m).v) < 0;
        if (neg == fa_neg) a = m; else b = m;
    }
    return (a + b) / mp(2);
}

// x as hi + lo (+ ll), each rounded to T.
template <class T> void print_split(const char* name, mp const& x, int parts) {
    mp r = x;
    const char* suffix[] = {"_hi", "_lo", "_ll"};
    for (int i = 0; i < parts; ++i) {
        mp v = round_to<T>(r);
        std::printf("    static constexpr T %s%s = ", name, parts > 1 ? suffix[i] : "");
        print_value<T>(v);
        std::printf(";\n");
        r = r - v;
    }
}

template <class T> void gauss_tables(double h_d, double T0_d, int deg) {
    const char* tn = sizeof(T) == 4 ? "float" : "double";
    mp h(h_d), T0(T0_d);
    const int pieces = int(T0_d / h_d) + 1; // t pieces + the tail
    mp t0 = root(G, mp(0.7), mp(0.8));
    std::printf("// ---- gauss_consts<%s>: h = %g, T0 = %g, degree %d, %d pieces ----\n", tn, h_d, T0_d, deg, pieces);
    print_split<T>("t0", t0, 3);
    std::vector<std::vector<mp>> tq(pieces), tg(pieces);
    double worst_q = -999, worst_g = -999;
    for (int k = 0; k + 1 < pieces; ++k) {
        mp a = mp(k) * h, b = mp(k + 1) * h, cen = (mp(k) + mp(0.5)) * h;
        tq[k] = fit_rounded<T>(Q, a, b, cen, deg);
        worst_q = std::max(worst_q, check<T>(Q, tq[k], a, b, cen));
        bool root_piece = !(t0 < a) && t0 < b;
        auto H = [&](mp const& t) { return G(t) / (t - t0); };
        std::function<mp(mp const&)> g = root_piece ? std::function<mp(mp const&)>(H) : std::function<mp(mp const&)>(G);
        tg[k] = fit_rounded<T>(g, a, b, cen, deg);
        worst_g = std::max(worst_g, check<T>(g, tg[k], a, b, cen));
        if (std::getenv("FIT_GELU_VERBOSE")) std::printf("    // piece %d: Q 2^%.1f, G 2^%.1f\n", k, check<T>(Q, tq[k], a, b, cen), check<T>(g, tg[k], a, b, cen));
        if (root_piece) std::printf("    static constexpr int root_piece = %d;\n", k);
    }
    {
        auto R = [](mp const& w) { mp t = mp(1) / msqrt(w); return t * Q(t); };
        auto S = [](mp const& w) { mp t = mp(1) / msqrt(w); return -G(t) / t; };
        mp a(0), b = mp(1) / (T0 * T0);
        // The nodes are interior, so w = 0 (t = inf) is never evaluated; the check grid starts
        // past it too.
        tq[pieces - 1] = fit_rounded<T>(R, a, b, mp(0), deg);
        tg[pieces - 1] = fit_rounded<T>(S, a, b, mp(0), deg);
        worst_q = std::max(worst_q, check<T>(R, tq[pieces - 1], a, b, mp(0)));
        worst_g = std::max(worst_g, check<T>(S, tg[pieces - 1], a, b, mp(0)));
    }
    std::printf("    // fit error with rounded coefficients, evaluated exactly: Q/R 2^%.1f, G/H/S 2^%.1f\n",
                worst_q, worst_g);
    for (int which = 0; which < 2; ++which) {
        auto& tab = which == 0 ? tq : tg;
        std::printf("    static constexpr T %s[%d] = {\n", which == 0 ? "q_table" : "g_table", pieces * (deg + 2));
        for (int k = 0; k <= deg + 1; ++k) {
            std::printf("        ");
            for (int p = 0; p < pieces; ++p) {
                print_value<T>(tab[p][k]);
                std::printf(",%s", p + 1 < pieces ? " " : "\n");
            }
        }
        std::printf("    };\n");
    }
}

template <class T> void sigmoid_family(const char* name, mp const& A, mp const& B) {
    // f(x) = 1 + e^v + x v',  v = x (A + B x^2),  x v' = A x + 3 B x^3.
    auto f = [&](mp const& x) {
        mp x2 = x * x;
        return mp(1) + mexp(x * (A + B * x2)) + x * (A + mp(3) * B * x2);
    };
    mp x1 = root(f, mp(-4), mp(-1e-3));
    mp v1 = x1 * (A + B * x1 * x1);
    std::printf("// ---- %s<%s>: root of the derivative x1 = %.20g ----\n", name, sizeof(T) == 4 ? "float" : "double",
                todouble(x1));
    print_split<T>("a", A, 2);
    print_split<T>("b", B, 2);
    print_split<T>("x1", x1, 3);
    print_split<T>("x1_cube", x1 * x1 * x1, 2);
    print_split<T>("v1", v1, 2);
    print_split<T>("e1", mexp(v1), 1);
    // The identity the code relies on, checked at a few points: f(x) = E1 expm1(v - v1) + (x v' - x1 v1').
    mp worst(0);
    for (double xd : {-9.0, -3.0, -1.0, -0.5, -0.01}) {
        mp x(xd), x2 = x * x, m = x2 + x * x1 + x1 * x1, d = x - x1;
        mp alt = mexp(v1) * mexpm1(d * (A + B * m)) + d * (A + mp(3) * B * m);
        mp e = mabs((alt - f(x)) / f(x));
        if (worst < e) worst = e;
    }
    std::printf("    // identity check: worst relative difference 2^%.1f\n", log2abs(worst));
}

} // namespace

int main() {
    gauss_tables<float>(0.5, 4, 8);
    gauss_tables<double>(0.5, 7.5, 13);
    mp k0 = msqrt(mp(2) / mpi()); // sqrt(2/pi)
    mp kappa = mstr("0.044715");
    mp A = mp(2) * k0, B = mp(2) * kappa * k0;
    sigmoid_family<float>("gelu_tanh", A, B);
    sigmoid_family<double>("gelu_tanh", A, B);
    sigmoid_family<float>("quick_gelu", mstr("1.702"), mp(0));
    sigmoid_family<double>("quick_gelu", mstr("1.702"), mp(0));
    return 0;
}
