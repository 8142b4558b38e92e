// A value type over MPFR for the fitting tools: arithmetic that reads like the formulas.
// Precision is the global mp_prec, set before the first value is made.
#pragma once

#include <mpfr.h>

inline mpfr_prec_t mp_prec = 256;

struct mp {
    mpfr_t v;
    mp() { mpfr_init2(v, mp_prec); mpfr_set_zero(v, 1); }
    mp(double d) { mpfr_init2(v, mp_prec); mpfr_set_d(v, d, MPFR_RNDN); }
    mp(mp const& o) { mpfr_init2(v, mp_prec); mpfr_set(v, o.v, MPFR_RNDN); }
    mp& operator=(mp const& o) { mpfr_set(v, o.v, MPFR_RNDN); return *this; }
    ~mp() { mpfr_clear(v); }
};
inline mp operator+(mp const& a, mp const& b) { mp r; mpfr_add(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline mp operator-(mp const& a, mp const& b) { mp r; mpfr_sub(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline mp operator*(mp const& a, mp const& b) { mp r; mpfr_mul(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline mp operator/(mp const& a, mp const& b) { mp r; mpfr_div(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline mp operator-(mp const& a) { mp r; mpfr_neg(r.v, a.v, MPFR_RNDN); return r; }
inline bool operator<(mp const& a, mp const& b) { return mpfr_less_p(a.v, b.v); }
inline mp mexp(mp const& a) { mp r; mpfr_exp(r.v, a.v, MPFR_RNDN); return r; }
inline mp mexpm1(mp const& a) { mp r; mpfr_expm1(r.v, a.v, MPFR_RNDN); return r; }
inline mp mlog1p(mp const& a) { mp r; mpfr_log1p(r.v, a.v, MPFR_RNDN); return r; }
inline mp mtanh(mp const& a) { mp r; mpfr_tanh(r.v, a.v, MPFR_RNDN); return r; }
inline mp msqrt(mp const& a) { mp r; mpfr_sqrt(r.v, a.v, MPFR_RNDN); return r; }
inline mp merfc(mp const& a) { mp r; mpfr_erfc(r.v, a.v, MPFR_RNDN); return r; }
inline mp mabs(mp const& a) { mp r; mpfr_abs(r.v, a.v, MPFR_RNDN); return r; }
inline mp mcos(mp const& a) { mp r; mpfr_cos(r.v, a.v, MPFR_RNDN); return r; }
inline mp mpi() { mp r; mpfr_const_pi(r.v, MPFR_RNDN); return r; }
inline mp mstr(const char* s) { mp r; mpfr_set_str(r.v, s, 10, MPFR_RNDN); return r; }
