// tools/accuracy: the accuracy sweep behind docs/accuracy.md.
//
//   accuracy [--stride K] [--full a,b,...] [--double-count N] [--only a,b,...] [--threads T]
//            [--no-float] [--no-double] [--write FILE] [--check FILE] [--scalar-every M]
//            [--exact] [--list]
//   (--only and --full take function or family names; --full sweeps those with stride 1)
//
// float: forward, derivative and derivative_from_output of every catalogued function on
//   every K-th float bit pattern (K = 1: all 2^32), through the array kernel; every M-th
//   input (default 1: all) is also evaluated by the scalar call and must give the same bits.
//   The error is measured in ULP (tests/support/ulp.hpp) against the exact value.
// double: forward and derivative on N doubles spread over the whole bit space (default 2^24)
//   plus N/4 in |x| in [1e-6, 1e3], the special values and each kink's neighbourhood, against
//   the long double reference; every input whose error reaches 0.5 ulp is re-judged
//   against MPFR where this tool has an MPFR formula for the function (mpfr_reference()).
// derivative_from_output(y) is judged on y = forward(x) against f'(x): its error includes
//   the rounding of y, so it has no ULP contract; the tests' criterion
//   |dfo - f'(x)| <= dfo_tol eps (1 + |f'(x)|) is measured too.
//
// The exact value for float.  The long double reference costs ~250 ns per call here, 2^32
//   inputs x 2 references x ~35 functions would take days on 2 cores.  So a float result c
//   is first judged against this library's own double result d (T = double, a few double
//   ulp from exact: 2^-29 float ulp per double ulp, relative), u~ = |c - d| / spacing.  The
//   long double reference re-judges every input where the cheap estimate could matter or
//   could be shared by a bug common to both types:
//     - u~ > 0.5 - 2^-10 (every result that is not already correctly rounded: all maxima);
//     - u~ within 2^-10 of a histogram edge;
//     - c or d not finite while x is finite (an overflow or NaN the math may not have);
//     - every 64th input (a validation sample: the estimate must agree with the exact
//       value to 2^-10 ulp, and disagreements are counted and reported).
//   --exact uses the long double reference for every input.
#include "reference/all.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifdef ACTMATH_HAVE_MPFR
#include <mpfr.h>
#endif

using namespace actmath_test;

namespace {

// ---- measurement of one (function, type, evaluation) ----------------------------------------
constexpr int bins = 5; // <= 0.5, <= 1, <= 2, <= 4, > 4 ulp
constexpr double edges[bins - 1] = {0.5, 1, 2, 4};

int bin_of(double u) {
    for (int b = 0; b < bins - 1; ++b)
        if (u <= edges[b]) return b;
    return bins - 1;
}

struct stats {
    double worst = 0;
    double at = 0, got = 0;
    long double want = 0;
    std::uint64_t count = 0;
    std::uint64_t hist[bins] = {};
    std::uint64_t mismatches = 0; // scalar call != kernel lane
    double mismatch_at = 0;
    std::uint64_t scalar_checked = 0;
    std::uint64_t exact_evals = 0;        // long double reference calls
    std::uint64_t validated = 0;          // validation-sample inputs
    std::uint64_t estimate_off = 0;       // estimate disagreed with the exact value
    double estimate_off_at = 0;
    double worst_eps = 0; // derivative_from_output: max |dfo - f'| / (eps (1 + |f'|))
    double worst_eps_at = 0;

    void add(double u, double x, double c, long double e) {
        ++count;
        ++hist[bin_of(std::isnan(u) ? 1e300 : u)];
        if (u > worst || (std::isnan(u) && !std::isnan(worst))) {
            worst = u;
            at = x;
            got = c;
            want = e;
        }
    }
    void merge(stats const& o) {
        if (o.worst > worst || (count == 0 && o.count)) {
            worst = o.worst;
            at = o.at;
            got = o.got;
            want = o.want;
        }
        count += o.count;
        for (int b = 0; b < bins; ++b) hist[b] += o.hist[b];
        if (o.mismatches && !mismatches) mismatch_at = o.mismatch_at;
        mismatches += o.mismatches;
        scalar_checked += o.scalar_checked;
        exact_evals += o.exact_evals;
        validated += o.validated;
        if (o.estimate_off && !estimate_off) estimate_off_at = o.estimate_off_at;
        estimate_off += o.estimate_off;
        if (o.worst_eps > worst_eps) {
            worst_eps = o.worst_eps;
            worst_eps_at = o.worst_eps_at;
        }
    }
};

enum what_t { fwd = 0, der = 1, dfo = 2 };
const char* what_name[3] = {"forward", "derivative", "from_output"};

struct result {
    std::string name, family;
    bool has_dfo = false;
    double bound_f32[2] = {4, 4}, bound_f64[2] = {4, 4};
    double dfo_tol = 8;
    stats f32[3], f64[3];
    bool ran_f32 = false, ran_f64 = false;
    bool mpfr_f64 = false;
};

// ---- MPFR references for double, by function name ---------------------------------------------
// Used only to re-judge double results that measure >= 0.5 ulp against long double, and
// only for a name whose MPFR formula agrees with the entry's long double reference at a few
// ordinary points (so a catalogue entry with non-default parameters is never judged against
// the default formula).
#ifdef ACTMATH_HAVE_MPFR
// Working precision: 256 bits, plus two bits per binade below 1 so that x - tanh(x) and
// friends keep 256 significant bits for the tiniest x.
thread_local mpfr_prec_t mp_prec = 256;
struct mp {
    mpfr_t v;
    mp() { mpfr_init2(v, mp_prec); }
    ~mp() { mpfr_clear(v); }
    mp(mp const&) = delete;
};
using mpfn = void (*)(mpfr_t y, mpfr_t const x);

// Written without cancellation: 1 - sigmoid(x) is sigmoid(-x), sigmoid' is e/(1+e)^2.
void mp_sigmoid(mpfr_t y, mpfr_t const x) { // 1 / (1 + e^-x)
    mp t;
    mpfr_neg(t.v, x, MPFR_RNDN);
    mpfr_exp(t.v, t.v, MPFR_RNDN);
    mpfr_add_ui(t.v, t.v, 1, MPFR_RNDN);
    mpfr_ui_div(y, 1, t.v, MPFR_RNDN);
}
void mp_dsigmoid(mpfr_t y, mpfr_t const x) { // e / (1 + e)^2, e = e^-|x|
    mp e, t;
    mpfr_abs(e.v, x, MPFR_RNDN);
    mpfr_neg(e.v, e.v, MPFR_RNDN);
    mpfr_exp(e.v, e.v, MPFR_RNDN);
    mpfr_add_ui(t.v, e.v, 1, MPFR_RNDN);
    mpfr_sqr(t.v, t.v, MPFR_RNDN);
    mpfr_div(y, e.v, t.v, MPFR_RNDN);
}
void mp_silu(mpfr_t y, mpfr_t const x) {
    mp s;
    mp_sigmoid(s.v, x);
    mpfr_mul(y, x, s.v, MPFR_RNDN);
}
void mp_dsilu(mpfr_t y, mpfr_t const x) { // s(x) (1 + x s(-x))
    mp s, t, nx;
    mp_sigmoid(s.v, x);
    mpfr_neg(nx.v, x, MPFR_RNDN);
    mp_sigmoid(t.v, nx.v);
    mpfr_mul(t.v, t.v, x, MPFR_RNDN);
    mpfr_add_ui(t.v, t.v, 1, MPFR_RNDN);
    mpfr_mul(y, s.v, t.v, MPFR_RNDN);
}
void mp_softplus(mpfr_t y, mpfr_t const x) { // log(1 + e^x)
    mp t;
    mpfr_exp(t.v, x, MPFR_RNDN);
    mpfr_log1p(y, t.v, MPFR_RNDN);
}
void mp_dsoftplus(mpfr_t y, mpfr_t const x) { mp_sigmoid(y, x); }
void mp_tanh(mpfr_t y, mpfr_t const x) { mpfr_tanh(y, x, MPFR_RNDN); }
void mp_dtanh(mpfr_t y, mpfr_t const x) { // sech^2
    mp t;
    mpfr_sech(t.v, x, MPFR_RNDN);
    mpfr_sqr(y, t.v, MPFR_RNDN);
}
void mp_mish(mpfr_t y, mpfr_t const x) { // x tanh(softplus(x))
    mp t;
    mp_softplus(t.v, x);
    mpfr_tanh(t.v, t.v, MPFR_RNDN);
    mpfr_mul(y, x, t.v, MPFR_RNDN);
}
void mp_dmish(mpfr_t y, mpfr_t const x) { // tanh(sp) + x sech^2(sp) sigmoid(x)
    mp sp, t, u, s;
    mp_softplus(sp.v, x);
    mpfr_tanh(t.v, sp.v, MPFR_RNDN);
    mpfr_sech(u.v, sp.v, MPFR_RNDN);
    mpfr_sqr(u.v, u.v, MPFR_RNDN);
    mp_sigmoid(s.v, x);
    mpfr_mul(u.v, u.v, s.v, MPFR_RNDN);
    mpfr_mul(u.v, u.v, x, MPFR_RNDN);
    mpfr_add(y, t.v, u.v, MPFR_RNDN);
}
void mp_gelu(mpfr_t y, mpfr_t const x) { // x/2 erfc(-x/sqrt2)
    mp t;
    mpfr_sqrt_ui(t.v, 2, MPFR_RNDN);
    mpfr_div(t.v, x, t.v, MPFR_RNDN);
    mpfr_neg(t.v, t.v, MPFR_RNDN);
    mpfr_erfc(t.v, t.v, MPFR_RNDN);
    mpfr_mul(t.v, t.v, x, MPFR_RNDN);
    mpfr_div_ui(y, t.v, 2, MPFR_RNDN);
}
void mp_dgelu(mpfr_t y, mpfr_t const x) { // Phi(x) + x phi(x)
    mp t, p, pi;
    mpfr_sqrt_ui(t.v, 2, MPFR_RNDN);
    mpfr_div(t.v, x, t.v, MPFR_RNDN);
    mpfr_neg(t.v, t.v, MPFR_RNDN);
    mpfr_erfc(t.v, t.v, MPFR_RNDN);
    mpfr_div_ui(t.v, t.v, 2, MPFR_RNDN);
    mpfr_sqr(p.v, x, MPFR_RNDN);
    mpfr_div_si(p.v, p.v, -2, MPFR_RNDN);
    mpfr_exp(p.v, p.v, MPFR_RNDN);
    mpfr_const_pi(pi.v, MPFR_RNDN);
    mpfr_mul_ui(pi.v, pi.v, 2, MPFR_RNDN);
    mpfr_sqrt(pi.v, pi.v, MPFR_RNDN);
    mpfr_div(p.v, p.v, pi.v, MPFR_RNDN);
    mpfr_mul(p.v, p.v, x, MPFR_RNDN);
    mpfr_add(y, t.v, p.v, MPFR_RNDN);
}
void mp_tanhshrink(mpfr_t y, mpfr_t const x) {
    mp t;
    mpfr_tanh(t.v, x, MPFR_RNDN);
    mpfr_sub(y, x, t.v, MPFR_RNDN);
}
void mp_dtanhshrink(mpfr_t y, mpfr_t const x) { // tanh^2
    mp t;
    mpfr_tanh(t.v, x, MPFR_RNDN);
    mpfr_sqr(y, t.v, MPFR_RNDN);
}
void mp_logsigmoid(mpfr_t y, mpfr_t const x) { // -softplus(-x)
    mp t;
    mpfr_neg(t.v, x, MPFR_RNDN);
    mp_softplus(y, t.v);
    mpfr_neg(y, y, MPFR_RNDN);
}
void mp_dlogsigmoid(mpfr_t y, mpfr_t const x) { // sigmoid(-x)
    mp t;
    mpfr_neg(t.v, x, MPFR_RNDN);
    mp_sigmoid(y, t.v);
}
void mp_softsign(mpfr_t y, mpfr_t const x) {
    mp t;
    mpfr_abs(t.v, x, MPFR_RNDN);
    mpfr_add_ui(t.v, t.v, 1, MPFR_RNDN);
    mpfr_div(y, x, t.v, MPFR_RNDN);
}
void mp_dsoftsign(mpfr_t y, mpfr_t const x) {
    mp t;
    mpfr_abs(t.v, x, MPFR_RNDN);
    mpfr_add_ui(t.v, t.v, 1, MPFR_RNDN);
    mpfr_sqr(t.v, t.v, MPFR_RNDN);
    mpfr_ui_div(y, 1, t.v, MPFR_RNDN);
}

struct mpfr_pair {
    mpfn f, df;
};
mpfr_pair const* mpfr_reference(std::string const& name) {
    static const std::map<std::string, mpfr_pair> table = {
        {"sigmoid", {mp_sigmoid, mp_dsigmoid}},       {"silu", {mp_silu, mp_dsilu}},
        {"tanh", {mp_tanh, mp_dtanh}},                {"mish", {mp_mish, mp_dmish}},
        {"gelu", {mp_gelu, mp_dgelu}},                {"tanhshrink", {mp_tanhshrink, mp_dtanhshrink}},
        {"log_sigmoid", {mp_logsigmoid, mp_dlogsigmoid}}, {"softsign", {mp_softsign, mp_dsoftsign}},
        {"softplus", {mp_softplus, mp_dsoftplus}},
    };
    auto it = table.find(name);
    return it == table.end() ? nullptr : &it->second;
}
void set_prec(double x) {
    int ex = 0;
    std::frexp(x, &ex);
    mp_prec = 256 + (ex < 0 ? 2 * mpfr_prec_t(-ex) : 0);
}
long double mpfr_eval(mpfn fn, double x) {
    set_prec(x);
    mp a, r;
    mpfr_set_d(a.v, x, MPFR_RNDN);
    fn(r.v, a.v);
    return mpfr_get_ld(r.v, MPFR_RNDN);
}
// The double's ulp error against MPFR, computed in MPFR (long double would round the exact
// value to 64 bits, fine for 2^-11 double ulp).
double mpfr_ulp(mpfn fn, double x, double c) {
    set_prec(x);
    mp a, r;
    mpfr_set_d(a.v, x, MPFR_RNDN);
    fn(r.v, a.v);
    if (mpfr_nan_p(r.v)) return std::isnan(c) ? 0.0 : HUGE_VAL;
    long double e = mpfr_get_ld(r.v, MPFR_RNDN);
    e = round_overflow<double>(e);
    if (std::isinf(e)) return (long double)c == e ? 0.0 : HUGE_VAL;
    if (!std::isfinite(c)) return HUGE_VAL;
    mp d;
    mpfr_set_d(d.v, c, MPFR_RNDN);
    mpfr_sub(d.v, d.v, r.v, MPFR_RNDN);
    mpfr_abs(d.v, d.v, MPFR_RNDN);
    mpfr_div_d(d.v, d.v, double(spacing<double>(e)), MPFR_RNDN);
    return mpfr_get_d(d.v, MPFR_RNDN);
}
// Does the MPFR formula describe this entry?  Compared with the long double reference at
// ordinary points, where both are accurate to far better than 1e-15.
bool mpfr_matches(mpfr_pair const& p, spec const& s) {
    const double pts[] = {-3.7, -1.25, -0.3, 0.2, 0.9, 2.5, 4.1};
    for (double x : pts) {
        long double a = mpfr_eval(p.f, x), b = s.f((long double)x);
        long double c = mpfr_eval(p.df, x), d = s.df((long double)x);
        if (!(std::fabs(a - b) <= 1e-15L * (1 + std::fabs(a)))) return false;
        if (!(std::fabs(c - d) <= 1e-15L * (1 + std::fabs(c)))) return false;
    }
    return true;
}
#endif

// ---- options ------------------------------------------------------------------------------------
struct options {
    std::uint64_t stride = 64;
    std::uint64_t double_count = std::uint64_t(1) << 24;
    std::uint64_t scalar_every = 1;
    unsigned threads = 0;
    bool run_float = true, run_double = true, exact = false;
    std::vector<std::string> only, full;
    std::string write, check;
    std::string command;
};

// ---- progress -------------------------------------------------------------------------------------
struct progress {
    std::atomic<std::uint64_t> done{0};
    std::uint64_t total = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::string label;
    void print(bool final_line = false) const {
        double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::uint64_t d = done.load();
        double frac = total ? double(d) / double(total) : 1;
        double eta = frac > 0 ? el * (1 - frac) / frac : 0;
        std::fprintf(stderr, "\r%-28s %6.2f%%  %.3g inputs/s  elapsed %5.0fs  ETA %5.0fs   ", label.c_str(),
                     100 * frac, el > 0 ? double(d) / el : 0, el, eta);
        if (final_line) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    }
};

template <class Work> void run_parallel(unsigned threads, std::uint64_t chunks, progress& pr, Work const& work) {
    std::atomic<std::uint64_t> next{0};
    std::vector<std::thread> pool;
    std::atomic<unsigned> running{threads};
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (;;) {
                std::uint64_t c = next.fetch_add(1);
                if (c >= chunks) break;
                work(t, c);
            }
            --running;
        });
    while (running.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        pr.print();
    }
    for (auto& th : pool) th.join();
    pr.print(true);
}

// ---- float sweep -------------------------------------------------------------------------------
constexpr std::size_t chunk_len = 1 << 14;
constexpr double edge_margin = 1.0 / 1024;

bool near_edge(double u) {
    for (double e : edges)
        if (std::fabs(u - e) <= edge_margin) return true;
    return false;
}

// ulp_error<float>(c, d) for finite c and d with |d| below the float overflow edge, in
// double arithmetic: the spacing from d's exponent bits (the long double version spends
// most of the sweep's time in frexpl/ldexpl).  |c - d| is exact or within 2^-53 relative.
inline double fast_ulp(float c, double d) {
    std::uint64_t b;
    std::memcpy(&b, &d, 8);
    int ex = int((b >> 52) & 0x7ff) - 1023; // |d| in [2^ex, 2^(ex+1)) for a normal d
    int k = ex - 23;
    if (k < -149) k = -149;
    const double inv = from_bits<double>(std::uint64_t(1023 - k) << 52); // 2^-k
    return std::fabs(double(c) - d) * inv;
}

// One evaluation's judgement of c (float) at x, with the double result d as the estimate.
void judge_float(stats& st, float x, float c, double d, std::function<ld(ld)> const& ref, bool validate, bool exact) {
    double u = 0;
    const bool suspicious = std::isfinite(x) && (!std::isfinite(c) || !std::isfinite(d));
    if (!exact) {
        if (std::isfinite(c) && std::isfinite(d) && std::fabs(d) < 3.4028235e38)
            u = fast_ulp(c, d);
        else
            u = ulp_error<float>(c, (ld)d);
    }
    if (exact || validate || suspicious || std::isnan(u) || u > 0.5 - edge_margin || near_edge(u)) {
        ld e = ref((ld)x);
        ++st.exact_evals;
        double ue = ulp_error<float>(c, e);
        if (validate && !exact) {
            ++st.validated;
            // Both infinite (the same wrong inf or NaN), both within the margin, or both far
            // beyond the last edge (from_output's conditioning errors of millions of ulp,
            // where 2^-29 relative of the error exceeds the margin) agree.
            bool agree = (ue == u) || std::fabs(ue - u) <= edge_margin ||
                         (ue > edges[bins - 2] + 1 && u > edges[bins - 2] + 1);
            if (!agree && !st.estimate_off) st.estimate_off_at = x;
            st.estimate_off += !agree;
        }
        st.add(ue, x, c, e);
    } else {
        st.add(u, x, c, (ld)d);
    }
}

std::uint64_t float_stride(entry const& e, options const& o) {
    return std::find(o.full.begin(), o.full.end(), e.s.name) != o.full.end() ||
                   std::find(o.full.begin(), o.full.end(), e.family) != o.full.end()
               ? 1
               : o.stride;
}

void float_sweep(std::vector<entry> const& es, std::vector<result>& res, options const& o) {
    struct job {
        std::size_t fi;
        std::uint64_t i0, stride;
    };
    // Jobs are ordered by how far through its own function each one is, so every function
    // progresses together (the ETA means something from the start) and a full sweep's many
    // chunks spread evenly among the strided ones.
    std::vector<job> jobs;
    std::vector<double> key;
    std::uint64_t total = 0;
    for (std::size_t fi = 0; fi < es.size(); ++fi) {
        const std::uint64_t stride = float_stride(es[fi], o);
        const std::uint64_t n = (std::uint64_t(1) << 32) / stride;
        total += n;
        for (std::uint64_t i0 = 0; i0 < n; i0 += chunk_len) jobs.push_back({fi, i0, stride});
    }
    std::stable_sort(jobs.begin(), jobs.end(), [](job const& a, job const& b) {
        return double(a.i0) * double(a.stride) < double(b.i0) * double(b.stride);
    });
    const unsigned T = o.threads;
    std::vector<std::vector<result>> part(T, std::vector<result>(es.size()));
    progress pr;
    pr.total = total;
    pr.label = "float sweep";
    run_parallel(T, jobs.size(), pr, [&](unsigned t, std::uint64_t c) {
        const std::size_t fi = jobs[c].fi;
        entry const& e = es[fi];
        result& r = part[t][fi];
        const std::uint64_t stride = jobs[c].stride;
        const std::uint64_t n_in = (std::uint64_t(1) << 32) / stride;
        const std::uint64_t i0 = jobs[c].i0;
        const std::size_t len = std::size_t(std::min<std::uint64_t>(chunk_len, n_in - i0));
        thread_local std::vector<float> x, y, d, o_, scal;
        thread_local std::vector<double> xd, yd, dd;
        x.resize(len);
        y.resize(len);
        d.resize(len);
        o_.resize(len);
        xd.resize(len);
        yd.resize(len);
        dd.resize(len);
        for (std::size_t k = 0; k < len; ++k) {
            std::uint64_t i = i0 + k;
            std::uint64_t b = stride == 1 ? i : i * stride + (i * 7919) % stride;
            x[k] = from_bits<float>(b);
            xd[k] = x[k];
        }
        e.f32.forward_n(x.data(), y.data(), len);
        e.f32.derivative_n(x.data(), d.data(), len);
        if (!o.exact) {
            e.f64.forward_n(xd.data(), yd.data(), len);
            e.f64.derivative_n(xd.data(), dd.data(), len);
        }
        if (e.has_from_output) e.f32.derivative_from_output_n(y.data(), o_.data(), len);
        const float eps = std::numeric_limits<float>::epsilon();
        for (std::size_t k = 0; k < len; ++k) {
            const std::uint64_t i = i0 + k;
            const bool validate = (i & 63) == 0;
            judge_float(r.f32[fwd], x[k], y[k], yd[k], e.s.f, validate, o.exact);
            judge_float(r.f32[der], x[k], d[k], dd[k], e.s.df, validate, o.exact);
            if (e.has_from_output) {
                judge_float(r.f32[dfo], x[k], o_[k], dd[k], e.s.df, validate, o.exact);
                if (std::isfinite(x[k]) && std::isfinite(d[k]) && !(e.s.dfo_ambiguous && e.s.dfo_ambiguous(ld(x[k])))) {
                    double err = std::fabs(double(o_[k]) - double(d[k])) / (eps * (1 + std::fabs(double(d[k]))));
                    if (!(err <= r.f32[dfo].worst_eps)) {
                        r.f32[dfo].worst_eps = std::isnan(err) ? HUGE_VAL : err;
                        r.f32[dfo].worst_eps_at = x[k];
                    }
                }
            }
            if (i % o.scalar_every == 0) {
                auto chk = [&](stats& st, float got, float want) {
                    ++st.scalar_checked;
                    if (!same_bits(got, want)) {
                        if (!st.mismatches) st.mismatch_at = x[k];
                        ++st.mismatches;
                    }
                };
                chk(r.f32[fwd], e.f32.forward(x[k]), y[k]);
                chk(r.f32[der], e.f32.derivative(x[k]), d[k]);
                if (e.has_from_output) chk(r.f32[dfo], e.f32.derivative_from_output(y[k]), o_[k]);
            }
        }
        pr.done += len;
    });
    for (std::size_t fi = 0; fi < es.size(); ++fi) {
        res[fi].ran_f32 = true;
        for (unsigned t = 0; t < T; ++t)
            for (int w = 0; w < 3; ++w) res[fi].f32[w].merge(part[t][fi].f32[w]);
    }
}

// ---- double sample ------------------------------------------------------------------------------
void double_sweep(std::vector<entry> const& es, std::vector<result>& res, options const& o) {
    progress pr;
    pr.label = "double sample";
    std::vector<std::vector<double>> inputs(es.size());
    std::vector<double> base = double_sample(o.double_count);
    {
        auto r = double_range_sample(1e-6, 1e3, o.double_count / 4);
        base.insert(base.end(), r.begin(), r.end());
        for (double v : special_values<double>()) base.push_back(v);
    }
    std::vector<std::uint64_t> offsets;
    std::uint64_t total = 0;
    struct job {
        std::size_t fi, begin, end;
    };
    std::vector<job> jobs;
    for (std::size_t fi = 0; fi < es.size(); ++fi) {
        inputs[fi] = base;
        for (ld k : es[fi].s.kinks) add_neighbourhood<double>(inputs[fi], double(k));
        for (std::size_t b = 0; b < inputs[fi].size(); b += chunk_len) {
            jobs.push_back({fi, b, std::min(inputs[fi].size(), b + chunk_len)});
        }
        total += inputs[fi].size();
    }
    pr.total = total;
#ifdef ACTMATH_HAVE_MPFR
    std::vector<mpfr_pair const*> mpr(es.size(), nullptr);
    for (std::size_t fi = 0; fi < es.size(); ++fi) {
        auto p = mpfr_reference(es[fi].s.name);
        if (p && mpfr_matches(*p, es[fi].s)) mpr[fi] = p;
        res[fi].mpfr_f64 = mpr[fi] != nullptr;
    }
#endif
    const unsigned T = o.threads;
    std::vector<std::vector<result>> part(T, std::vector<result>(es.size()));
    run_parallel(T, jobs.size(), pr, [&](unsigned t, std::uint64_t c) {
        job const& j = jobs[c];
        entry const& e = es[j.fi];
        result& r = part[t][j.fi];
        const std::size_t len = j.end - j.begin;
        double const* x = inputs[j.fi].data() + j.begin;
        thread_local std::vector<double> y, d, o_;
        y.resize(len);
        d.resize(len);
        o_.resize(len);
        e.f64.forward_n(x, y.data(), len);
        e.f64.derivative_n(x, d.data(), len);
        if (e.has_from_output) e.f64.derivative_from_output_n(y.data(), o_.data(), len);
        const double eps = std::numeric_limits<double>::epsilon();
        for (std::size_t k = 0; k < len; ++k) {
            ld ef = e.s.f((ld)x[k]), ed = e.s.df((ld)x[k]);
            double uf = ulp_error<double>(y[k], ef), ud = ulp_error<double>(d[k], ed);
            double uo = e.has_from_output ? ulp_error<double>(o_[k], ed) : 0;
            r.f64[fwd].exact_evals += 1;
            r.f64[der].exact_evals += 1;
#ifdef ACTMATH_HAVE_MPFR
            if (mpr[j.fi]) {
                if (uf >= 0.5 && std::isfinite(uf)) {
                    uf = mpfr_ulp(mpr[j.fi]->f, x[k], y[k]);
                    ef = mpfr_eval(mpr[j.fi]->f, x[k]);
                }
                if (ud >= 0.5 && std::isfinite(ud)) {
                    ud = mpfr_ulp(mpr[j.fi]->df, x[k], d[k]);
                    ed = mpfr_eval(mpr[j.fi]->df, x[k]);
                }
                if (e.has_from_output && uo >= 0.5 && std::isfinite(uo)) uo = mpfr_ulp(mpr[j.fi]->df, x[k], o_[k]);
            }
#endif
            r.f64[fwd].add(uf, x[k], y[k], ef);
            r.f64[der].add(ud, x[k], d[k], ed);
            auto chk = [&](stats& st, double got, double want) {
                ++st.scalar_checked;
                if (!same_bits(got, want)) {
                    if (!st.mismatches) st.mismatch_at = x[k];
                    ++st.mismatches;
                }
            };
            chk(r.f64[fwd], e.f64.forward(x[k]), y[k]);
            chk(r.f64[der], e.f64.derivative(x[k]), d[k]);
            if (e.has_from_output) {
                r.f64[dfo].add(uo, x[k], o_[k], ed);
                chk(r.f64[dfo], e.f64.derivative_from_output(y[k]), o_[k]);
                if (std::isfinite(x[k]) && std::isfinite(d[k]) && !(e.s.dfo_ambiguous && e.s.dfo_ambiguous(ld(x[k])))) {
                    double err = std::fabs(o_[k] - d[k]) / (eps * (1 + std::fabs(d[k])));
                    if (!(err <= r.f64[dfo].worst_eps)) {
                        r.f64[dfo].worst_eps = std::isnan(err) ? HUGE_VAL : err;
                        r.f64[dfo].worst_eps_at = x[k];
                    }
                }
            }
        }
        pr.done += len;
    });
    for (std::size_t fi = 0; fi < es.size(); ++fi) {
        res[fi].ran_f64 = true;
        for (unsigned t = 0; t < T; ++t)
            for (int w = 0; w < 3; ++w) res[fi].f64[w].merge(part[t][fi].f64[w]);
    }
}

// ---- report -------------------------------------------------------------------------------------
std::string fmt_ulp(double u) {
    if (std::isinf(u)) return "inf";
    if (std::isnan(u)) return "nan";
    char b[32];
    std::snprintf(b, sizeof b, u < 1e6 ? "%.3f" : "%.6g", u);
    return b;
}
std::string fmt_x(double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%.9g", x);
    return b;
}
std::string fmt_pct(std::uint64_t k, std::uint64_t n) {
    if (!n) return "-";
    char b[32];
    if (k == 0) return "0";
    double p = 100.0 * double(k) / double(n);
    if (p < 0.001) std::snprintf(b, sizeof b, "%" PRIu64, k);
    else std::snprintf(b, sizeof b, "%.3f%%", p);
    return b;
}

std::string machine() {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("model name", 0) == 0) {
            auto p = line.find(':');
            if (p != std::string::npos) return line.substr(p + 2) + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores";
        }
    return "unknown";
}

std::string table(std::vector<result> const& res, options const& o, bool for_float) {
    std::ostringstream s;
    s << "| function | evaluation | max ulp | at x | bound | inputs | <= 0.5 | <= 1 | <= 2 | <= 4 | > 4 | scalar != kernel |\n";
    s << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (result const& r : res) {
        if (for_float ? !r.ran_f32 : !r.ran_f64) continue;
        for (int w = 0; w < 3; ++w) {
            if (w == dfo && !r.has_dfo) continue;
            stats const& st = for_float ? r.f32[w] : r.f64[w];
            std::string bound = w == dfo ? "-" : fmt_ulp(for_float ? r.bound_f32[w] : r.bound_f64[w]);
            s << "| " << r.name << " | " << what_name[w] << " | " << fmt_ulp(st.worst) << " | " << fmt_x(st.at)
              << " | " << bound << " | " << st.count;
            for (int b = 0; b < bins; ++b) s << " | " << fmt_pct(st.hist[b], st.count);
            s << " | " << st.mismatches << " of " << st.scalar_checked << " |\n";
        }
    }
    (void)o;
    return s.str();
}

std::string dfo_table(std::vector<result> const& res) {
    std::ostringstream s;
    s << "| function | float: max err/(eps(1+\\|f'\\|)) | at x | double: max | at x | tolerance |\n";
    s << "|---|---|---|---|---|---|\n";
    for (result const& r : res) {
        if (!r.has_dfo) continue;
        s << "| " << r.name << " | " << (r.ran_f32 ? fmt_ulp(r.f32[dfo].worst_eps) : "-") << " | "
          << (r.ran_f32 ? fmt_x(r.f32[dfo].worst_eps_at) : "-") << " | "
          << (r.ran_f64 ? fmt_ulp(r.f64[dfo].worst_eps) : "-") << " | "
          << (r.ran_f64 ? fmt_x(r.f64[dfo].worst_eps_at) : "-") << " | " << fmt_ulp(r.dfo_tol) << " |\n";
    }
    return s.str();
}

std::string estimate_notes(std::vector<result> const& res) {
    std::ostringstream s;
    std::uint64_t exact = 0, all = 0, val = 0, off = 0;
    for (result const& r : res)
        for (int w = 0; w < 3; ++w) {
            exact += r.f32[w].exact_evals;
            all += r.f32[w].count;
            val += r.f32[w].validated;
            off += r.f32[w].estimate_off;
            if (r.f32[w].estimate_off)
                s << "- " << r.name << " " << what_name[w] << ": the double estimate disagreed with the exact value on "
                  << r.f32[w].estimate_off << " of " << r.f32[w].validated << " validation inputs (first at x = "
                  << fmt_x(r.f32[w].estimate_off_at) << "); their bins come from the exact value.\n";
        }
    s << "- long double reference evaluated on " << exact << " of " << all << " float judgements (" << fmt_pct(exact, all)
      << "); validation sample " << val << " inputs, " << off << " disagreements beyond 2^-10 ulp.\n";
    return s.str();
}

std::string document(std::vector<result> const& res, options const& o, double seconds) {
    std::ostringstream s;
    char date[64];
    std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    const std::uint64_t n_in = (std::uint64_t(1) << 32) / o.stride;
    s << "# actmath accuracy\n\n";
    s << "Generated by `tools/accuracy` (do not edit by hand: rerun it).  The definition of an ulp is\n"
         "`tests/support/ulp.hpp`: |computed - exact| / spacing(exact), where spacing is the float (double)\n"
         "spacing at the exact value, and 2^-149 (2^-1074) below the smallest normal, so subnormal results are\n"
         "judged in absolute terms.  NaN against NaN and an infinity against the same infinity count 0;\n"
         "any other non-finite mismatch counts inf.\n\n";
    s << "- date: " << date << "\n";
    s << "- command: `" << o.command << "`\n";
    s << "- machine: " << machine() << "\n";
    s << "- compiler: " << __VERSION__ << ", xsimd arch " << xsimd::default_arch::name() << "\n";
    s << "- threads: " << o.threads << ", wall time " << fmt_x(std::round(seconds)) << " s\n\n";
    s << "## float\n\n";
    if (o.stride == 1)
        s << "Every one of the 2^32 float bit patterns (NaNs and infinities included).\n\n";
    else
        s << "Every " << o.stride << "-th float bit pattern (" << n_in << " inputs per function; input i is bit pattern\n"
          << "i*" << o.stride << " + (i*7919 mod " << o.stride << ")), NaNs and infinities included.  Not the full sweep: the\n"
          << "full sweep is `accuracy --stride 1`.\n\n";
    s << "The exact value: this library's double result as an estimate, re-judged against the long double\n"
         "reference wherever the estimate is above 0.5 - 2^-10 ulp, near a histogram edge, non-finite, or in\n"
         "the 1-in-64 validation sample (see the comment at the top of tools/accuracy.cpp).\n"
         "`from_output` is derivative_from_output(forward(x)) judged against f'(x): it includes the rounding\n"
         "of y, so it has no ulp bound; its contract is the tolerance table below.\n\n";
    s << table(res, o, true) << "\n";
    s << estimate_notes(res) << "\n";
    s << "## double\n\n";
    s << o.double_count << " doubles spread over the whole bit space, " << o.double_count / 4
      << " with |x| in [1e-6, 1e3], the special values and\n"
         "each kink's neighbourhood, per function, against the long double reference; results measuring\n"
         ">= 0.5 ulp are re-judged against MPFR (256 bits) for the functions marked (mpfr).\n\n";
    std::vector<result> marked = res;
    for (result& r : marked)
        if (r.mpfr_f64) r.name += " (mpfr)";
    s << table(marked, o, false) << "\n";
    s << "## derivative_from_output against derivative\n\n"
         "max |derivative_from_output(forward(x)) - derivative(x)| / (eps (1 + |derivative(x)|)) over the inputs\n"
         "above with finite x and derivative; the tolerance is the family's `dfo_tol`.\n\n";
    s << dfo_table(res);
    return s.str();
}

// ---- --check ------------------------------------------------------------------------------------
std::vector<std::string> split_row(std::string const& line) {
    std::vector<std::string> cells;
    std::string cur;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '|' && line[i - 1] != '\\') {
            auto a = cur.find_first_not_of(' '), b = cur.find_last_not_of(' ');
            cells.push_back(a == std::string::npos ? "" : cur.substr(a, b - a + 1));
            cur.clear();
        } else {
            cur += line[i];
        }
    }
    return cells;
}

double parse_ulp(std::string const& s) {
    if (s == "inf") return HUGE_VAL;
    if (s == "nan" || s == "-") return NAN;
    return std::strtod(s.c_str(), nullptr);
}

int check_against(std::string const& file, std::vector<result> const& res) {
    std::ifstream f(file);
    if (!f) {
        std::fprintf(stderr, "accuracy --check: cannot read %s\n", file.c_str());
        return 2;
    }
    // (section, function, evaluation) -> documented max and its input count
    std::map<std::string, std::pair<double, std::uint64_t>> doc;
    std::map<std::string, double> doc_eps[2];
    std::string line, section;
    bool in_dfo = false;
    while (std::getline(f, line)) {
        if (line.rfind("## float", 0) == 0) section = "float", in_dfo = false;
        else if (line.rfind("## double", 0) == 0) section = "double", in_dfo = false;
        else if (line.rfind("## derivative_from_output", 0) == 0) in_dfo = true;
        if (line.empty() || line[0] != '|' || line.rfind("|---", 0) == 0 || line.rfind("| function", 0) == 0) continue;
        auto c = split_row(line);
        if (in_dfo && c.size() >= 6) {
            doc_eps[0][c[0]] = parse_ulp(c[1]);
            doc_eps[1][c[0]] = parse_ulp(c[3]);
        } else if (!in_dfo && c.size() >= 5) {
            std::string name = c[0];
            auto p = name.find(" (mpfr)");
            if (p != std::string::npos) name = name.substr(0, p);
            doc[section + "/" + name + "/" + c[1]] = {parse_ulp(c[2]), std::strtoull(c[5].c_str(), nullptr, 10)};
        }
    }
    int failures = 0;
    auto fail = [&](std::string const& msg) {
        std::printf("FAIL %s\n", msg.c_str());
        ++failures;
    };
    for (result const& r : res) {
        for (int ty = 0; ty < 2; ++ty) {
            if (ty == 0 ? !r.ran_f32 : !r.ran_f64) continue;
            const char* tn = ty == 0 ? "float" : "double";
            for (int w = 0; w < 3; ++w) {
                if (w == dfo && !r.has_dfo) continue;
                stats const& st = ty == 0 ? r.f32[w] : r.f64[w];
                std::string key = std::string(tn) + "/" + r.name + "/" + what_name[w];
                auto it = doc.find(key);
                char b[256];
                // The documented maximum binds a sample it contains: the full float sweep
                // (2^32 inputs), or the very same sample (same input count).
                const std::uint64_t full = std::uint64_t(1) << 32;
                if (it == doc.end()) {
                    fail(key + ": not in " + file + " (regenerate it)");
                } else if ((it->second.second == full || it->second.second == st.count) &&
                           !(st.worst <= it->second.first * (1 + 1e-5) + 1e-3)) {
                    std::snprintf(b, sizeof b, "%s: measured %.3f ulp at x = %.9g, documented %.3f", key.c_str(), st.worst,
                                  st.at, it->second.first);
                    fail(b);
                }
                if (w != dfo) {
                    double bound = ty == 0 ? r.bound_f32[w] : r.bound_f64[w];
                    if (!(st.worst <= bound)) {
                        std::snprintf(b, sizeof b, "%s: measured %.3f ulp at x = %.9g, contract bound %.3f", key.c_str(),
                                      st.worst, st.at, bound);
                        fail(b);
                    }
                } else {
                    if (!(st.worst_eps <= r.dfo_tol)) {
                        std::snprintf(b, sizeof b, "%s: |dfo - f'| = %.3f eps(1+|f'|) at x = %.9g, tolerance %.3f",
                                      key.c_str(), st.worst_eps, st.worst_eps_at, r.dfo_tol);
                        fail(b);
                    }
                }
                if (st.mismatches) {
                    std::snprintf(b, sizeof b, "%s: scalar call and kernel differ on %" PRIu64 " inputs, first x = %.9g",
                                  key.c_str(), st.mismatches, st.mismatch_at);
                    fail(b);
                }
            }
        }
    }
    std::printf("accuracy --check %s: %d failure(s)\n", file.c_str(), failures);
    return failures ? 1 : 0;
}

std::vector<std::string> split_list(std::string const& s) {
    std::vector<std::string> v;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) v.push_back(item);
    return v;
}

int usage() {
    std::fprintf(stderr,
                 "usage: accuracy [--stride K] [--full a,b] [--double-count N] [--scalar-every M] [--threads T] [--only a,b]\n"
                 "                [--no-float] [--no-double] [--exact] [--write FILE] [--check FILE] [--list]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    bool list = false;
    o.command = "accuracy";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        o.command += " " + a;
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "accuracy: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            o.command += std::string(" ") + argv[i + 1];
            return argv[++i];
        };
        if (a == "--stride") o.stride = std::strtoull(value().c_str(), nullptr, 0);
        else if (a == "--double-count") o.double_count = std::strtoull(value().c_str(), nullptr, 0);
        else if (a == "--scalar-every") o.scalar_every = std::strtoull(value().c_str(), nullptr, 0);
        else if (a == "--threads") o.threads = unsigned(std::strtoul(value().c_str(), nullptr, 0));
        else if (a == "--only") o.only = split_list(value());
        else if (a == "--full") o.full = split_list(value());
        else if (a == "--write") o.write = value();
        else if (a == "--check") o.check = value();
        else if (a == "--no-float") o.run_float = false;
        else if (a == "--no-double") o.run_double = false;
        else if (a == "--exact") o.exact = true;
        else if (a == "--list") list = true;
        else return usage();
    }
    if (o.stride == 0 || o.scalar_every == 0 || (std::uint64_t(1) << 32) % o.stride != 0) {
        std::fprintf(stderr, "accuracy: --stride must be a power of two and --scalar-every positive\n");
        return 2;
    }
    if (!o.threads) o.threads = std::max(1u, std::thread::hardware_concurrency());

    std::vector<std::string> families;
    std::vector<entry> all = all_entries(&families), es;
    for (entry& e : all)
        if (o.only.empty() || std::find(o.only.begin(), o.only.end(), e.s.name) != o.only.end() ||
            std::find(o.only.begin(), o.only.end(), e.family) != o.only.end())
            es.push_back(e);
    if (list) {
        for (entry const& e : all) std::printf("%s/%s%s\n", e.family.c_str(), e.s.name.c_str(), e.has_from_output ? " (from_output)" : "");
        return 0;
    }
    if (es.empty()) {
        std::fprintf(stderr, "accuracy: no function selected\n");
        return 2;
    }
    std::vector<result> res(es.size());
    for (std::size_t i = 0; i < es.size(); ++i) {
        result& r = res[i];
        r.name = es[i].s.name;
        r.family = es[i].family;
        r.has_dfo = es[i].has_from_output;
        r.bound_f32[0] = es[i].s.bound_f;
        r.bound_f32[1] = es[i].s.bound_df;
        r.bound_f64[0] = es[i].s.bound_f_double;
        r.bound_f64[1] = es[i].s.bound_df_double;
        r.dfo_tol = es[i].s.dfo_tol;
    }
    std::fprintf(stderr, "accuracy: %zu functions from %zu families, float stride %" PRIu64 ", %u threads\n", es.size(),
                 families.size(), o.stride, o.threads);
    auto t0 = std::chrono::steady_clock::now();
    if (o.run_float) float_sweep(es, res, o);
    if (o.run_double) double_sweep(es, res, o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::string doc = document(res, o, secs);
    if (o.check.empty()) std::fputs(doc.c_str(), stdout); // --check prints only its verdict
    if (!o.write.empty()) {
        std::ofstream f(o.write);
        f << doc;
        std::fprintf(stderr, "accuracy: wrote %s\n", o.write.c_str());
    }
    if (!o.check.empty()) return check_against(o.check, res);
    return 0;
}
