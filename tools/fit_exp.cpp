// fit_exp: derives, with MPFR at 256 bits, the polynomial for e^r on the reduced range that
// core::exp_reduced_times (include/actmath/core/math.hpp) evaluates for core::exp and the
// softmax family, and core::expm1_reduced_abs for the logistic forwards (the coefficients
// from c2 on: core::exp_minimax_tail), and prints it as hex-float literals ready to paste.
//
//   cmake --build build/test --target fit_exp && build/test/tools/fit_exp
//
// r = x - k ln 2 with k = round(x log2e) lies in [-h, h], h = ln2/2 plus what the rounded
// product x log2e and the low part of x may add (h = 0.347 covers both).  Its callers need
// e^r relative to itself only (not e^r - 1, as expm1 does), so a polynomial in r, c0 = 1
// exactly, near-minimax in relative error, is enough.  The Chebyshev
// interpolant of degree n is refitted after each coefficient's rounding (support/fit.hpp).
// Degree 6 for float and 11 for double keep the error of the rounded coefficients, evaluated
// exactly, below 2^-28 and 2^-57 (a twentieth of an ulp); the Taylor series of core::exp_parts
// needs degree 7 and 13 for the same.
#include "support/fit.hpp"
#include "support/mp.hpp"

#include <cstdio>

namespace {

using namespace fitting;

template <class T> void exp_poly(int deg) {
    const mp h = mstr("0.347");
    auto f = [](mp const& r) { return mexp(r); };
    std::vector<mp> c = fit_rounded<T>(f, -h, h, mp(0), deg, false);
    std::printf("// e^r on [-0.347, 0.347], %s, degree %d: relative error of the rounded coefficients 2^%.1f\n",
                sizeof(T) == 4 ? "float" : "double", deg, check<T>(f, c, -h, h, mp(0)));
    for (int k = 0; k <= deg; ++k) {
        std::printf("    c%d = ", k);
        print_value<T>(c[k]);
        std::printf("\n");
    }
}

} // namespace

int main() {
    exp_poly<float>(6);
    exp_poly<double>(11);
    return 0;
}
