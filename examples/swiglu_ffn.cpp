// swiglu_ffn: the feed-forward block of a transformer with a SwiGLU unit (Shazeer 2020,
// "GLU Variants Improve Transformer"; LLaMA's MLP), forward and backward through actmath.
//
//   g = x W_gate,  u = x W_up           [tokens, d_ff] each
//   h = silu(g) * u                     actmath::forward(swiglu, g, u, h)
//   y = h W_down                        [tokens, d_model]
// Backward from dy:
//   dh = dy W_down^T,  dW_down = h^T dy
//   dg = dh u silu'(g),  du = dh silu(g)     actmath::backward(swiglu, g, u, dh, dg, du): one pass
//   dW_gate = x^T dg,  dW_up = x^T du,  dx = dg W_gate^T + du W_up^T
// The fused projection [W_gate | W_up] gives one [tokens, 2 d_ff] array whose rows are
// [gate | up]: actmath::forward_packed / backward_packed read it as it is, no copies.
//
// The program runs the block in double and checks every gradient against central differences
// of the loss L = sum(y * r) for a fixed r, then runs it in float and checks that the packed
// layout gives the same bits as the separate buffers.  It exits non-zero on a failure (it
// runs as a test).
#include <actmath/glu.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

namespace {

template <class T> using mat = std::vector<T>;

// c[m, n] = a[m, k] b[k, n] (ta: a is stored [k, m]; tb: b is stored [n, k]).
template <class T>
void matmul(mat<T> const& a, mat<T> const& b, mat<T>& c, int m, int k, int n, bool ta = false, bool tb = false) {
    c.assign(std::size_t(m) * n, T(0));
    for (int i = 0; i < m; ++i)
        for (int p = 0; p < k; ++p) {
            T av = ta ? a[std::size_t(p) * m + i] : a[std::size_t(i) * k + p];
            for (int j = 0; j < n; ++j) {
                T bv = tb ? b[std::size_t(j) * k + p] : b[std::size_t(p) * n + j];
                T prod = av * bv;
                c[std::size_t(i) * n + j] += prod;
            }
        }
}

template <class T> struct ffn {
    int tokens, d_model, d_ff;
    mat<T> w_gate, w_up, w_down; // [d_model, d_ff], [d_model, d_ff], [d_ff, d_model]
    actmath::swiglu<T> act;

    // activations kept for the backward pass
    mat<T> g, u, h, y;

    void forward(mat<T> const& x) {
        matmul(x, w_gate, g, tokens, d_model, d_ff);
        matmul(x, w_up, u, tokens, d_model, d_ff);
        h.resize(g.size());
        actmath::forward(act, g, u, h);
        matmul(h, w_down, y, tokens, d_ff, d_model);
    }
    struct grads {
        mat<T> x, w_gate, w_up, w_down;
    };
    grads backward(mat<T> const& x, mat<T> const& dy) {
        grads d;
        mat<T> dh, dg(g.size()), du(u.size()), dx2;
        matmul(dy, w_down, dh, tokens, d_model, d_ff, false, true);      // dy W_down^T
        matmul(h, dy, d.w_down, d_ff, tokens, d_model, true, false);     // h^T dy
        actmath::backward(act, g, u, dh, dg, du);                        // one fused pass
        matmul(x, dg, d.w_gate, d_model, tokens, d_ff, true, false);     // x^T dg
        matmul(x, du, d.w_up, d_model, tokens, d_ff, true, false);       // x^T du
        matmul(dg, w_gate, d.x, tokens, d_ff, d_model, false, true);     // dg W_gate^T
        matmul(du, w_up, dx2, tokens, d_ff, d_model, false, true);       // + du W_up^T
        for (std::size_t i = 0; i < d.x.size(); ++i) d.x[i] += dx2[i];
        return d;
    }
};

template <class T> mat<T> random_matrix(std::size_t n, double scale, std::mt19937& rng) {
    std::normal_distribution<double> nd(0.0, scale);
    mat<T> m(n);
    for (T& e : m) e = T(nd(rng));
    return m;
}

template <class T> T dot(mat<T> const& a, mat<T> const& b) {
    T s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

int failures = 0;
void expect(bool ok, const char* what) {
    std::printf("  %-64s %s\n", what, ok ? "ok" : "FAILED");
    failures += !ok;
}

// Worst relative error of the analytic gradient against central differences of
// L = sum(y * r), over every entry of the parameter p.
double gradient_check(ffn<double>& f, mat<double>& x, mat<double>& p, mat<double> const& analytic, mat<double> const& r) {
    double worst = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double keep = p[i], hstep = 1e-5 * (1 + std::fabs(keep));
        p[i] = keep + hstep;
        f.forward(x);
        double up = dot(f.y, r);
        p[i] = keep - hstep;
        f.forward(x);
        double dn = dot(f.y, r);
        p[i] = keep;
        double cd = (up - dn) / (2 * hstep);
        worst = std::fmax(worst, std::fabs(cd - analytic[i]) / (1e-3 + std::fabs(analytic[i])));
    }
    return worst;
}

} // namespace

int main() {
    std::mt19937 rng(7);
    const int tokens = 6, d_model = 8, d_ff = 16;

    // ---- double: every gradient against central differences --------------------------------
    ffn<double> f{tokens, d_model, d_ff, random_matrix<double>(d_model * d_ff, 0.5, rng),
                  random_matrix<double>(d_model * d_ff, 0.5, rng), random_matrix<double>(d_ff * d_model, 0.5, rng), {}, {}, {}, {}, {}};
    mat<double> x = random_matrix<double>(tokens * d_model, 1.0, rng);
    mat<double> r = random_matrix<double>(tokens * d_model, 1.0, rng); // L = sum(y * r): dy = r
    f.forward(x);
    auto d = f.backward(x, r);
    std::printf("SwiGLU FFN: %d tokens, d_model %d, d_ff %d; L = sum(y * r) = %.6f\n", tokens, d_model, d_ff, dot(f.y, r));
    std::printf("gradients against central differences (double, worst relative error):\n");
    double ex = gradient_check(f, x, x, d.x, r);
    double eg = gradient_check(f, x, f.w_gate, d.w_gate, r);
    double eu = gradient_check(f, x, f.w_up, d.w_up, r);
    double ed = gradient_check(f, x, f.w_down, d.w_down, r);
    std::printf("  dx %.2e   dW_gate %.2e   dW_up %.2e   dW_down %.2e\n", ex, eg, eu, ed);
    expect(ex < 1e-6 && eg < 1e-6 && eu < 1e-6 && ed < 1e-6, "every gradient matches its central difference (1e-6)");

    // ---- float: the packed [gate | up] layout gives the same bits --------------------------
    mat<float> xf(x.begin(), x.end());
    mat<float> wg(f.w_gate.begin(), f.w_gate.end()), wu(f.w_up.begin(), f.w_up.end());
    ffn<float> ff{tokens, d_model, d_ff, wg, wu, mat<float>(f.w_down.begin(), f.w_down.end()), {}, {}, {}, {}, {}};
    ff.forward(xf);
    // one fused projection W = [W_gate | W_up], [d_model, 2 d_ff]
    mat<float> w(std::size_t(d_model) * 2 * d_ff), gu, hp(std::size_t(tokens) * d_ff);
    for (int k = 0; k < d_model; ++k)
        for (int j = 0; j < d_ff; ++j) {
            w[std::size_t(k) * 2 * d_ff + j] = wg[std::size_t(k) * d_ff + j];
            w[std::size_t(k) * 2 * d_ff + d_ff + j] = wu[std::size_t(k) * d_ff + j];
        }
    matmul(xf, w, gu, tokens, d_model, 2 * d_ff);
    actmath::forward_packed(ff.act, gu, hp, 2 * d_ff);
    expect(std::memcmp(hp.data(), ff.h.data(), hp.size() * sizeof(float)) == 0,
           "forward_packed on [gate | up] == forward on separate buffers");
    mat<float> rf(r.begin(), r.end()), dh, dgu(gu.size());
    auto df = ff.backward(xf, rf);
    matmul(rf, ff.w_down, dh, tokens, d_model, d_ff, false, true);
    actmath::backward_packed(ff.act, gu, dh, dgu, 2 * d_ff);
    mat<float> dg(ff.g.size()), du(ff.u.size());
    actmath::backward(ff.act, ff.g, ff.u, dh, dg, du);
    bool same = true;
    for (int t = 0; t < tokens; ++t)
        same = same && std::memcmp(&dgu[std::size_t(t) * 2 * d_ff], &dg[std::size_t(t) * d_ff], d_ff * sizeof(float)) == 0 &&
               std::memcmp(&dgu[std::size_t(t) * 2 * d_ff + d_ff], &du[std::size_t(t) * d_ff], d_ff * sizeof(float)) == 0;
    expect(same, "backward_packed == backward on separate buffers");
    double worst = 0;
    for (std::size_t i = 0; i < df.x.size(); ++i)
        worst = std::fmax(worst, std::fabs(double(df.x[i]) - d.x[i]) / (1e-3 + std::fabs(d.x[i])));
    std::printf("  float dx against double dx: worst relative difference %.2e\n", worst);
    expect(worst < 1e-4, "float block agrees with the double block (1e-4)");
    std::printf("%s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
