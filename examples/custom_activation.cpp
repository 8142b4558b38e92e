// custom_activation: a function of your own gets actmath's array kernels, fused backward,
// backward from the saved output, and SIMD on every xsimd architecture, by writing one small
// struct over a value type V (a float, a double, or an xsimd batch of them).
//
// The function here is squareplus (So, 2021, "Squareplus: a softplus-like algebraic
// rectifier", arXiv:2112.11687), a smooth relu without exp or log:
//   f(x)  = (x + s) / 2,          s = sqrt(x^2 + b),  b > 0 (default 4)
//   f'(x) = (1 + x / s) / 2
//   f'    = y^2 / (y^2 + b/4)     from the output y = f(x): 2y - x = s, so x = y - b/(4y)
// Written for every input, as actmath's own functions are:
//   - for x < 0, x + s cancels; (x + s)(s - x) = b gives f = (b/4) / h, h = (s - x)/2;
//   - 1 + x/s cancels for x < 0 as well: f' = (b/4) / (s h), the same quotient form;
//   - x^2 overflows past 1.8e19 (float): for |x| >= 2^60, s = |x| sqrt(1 + (1/x)^2 b).
// Branches are core::select, never `if`, so a batch lane and a scalar call give the same bits.
#include <actmath/activations/sigmoid.hpp> // for actmath::core, the drivers and a comparison

#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

template <class T = float> struct squareplus {
    using value_type = T; // what the array drivers check against the element type
    static constexpr const char* name = "squareplus";
    T b = 4; // PyTorch has no squareplus; the paper's default

    squareplus() = default;
    explicit squareplus(T b_) : b(b_) {
        actmath::detail::require(b_ > 0, "squareplus", "b must be > 0", b_); // also refuses NaN
    }

    // s = sqrt(x^2 + b) and q = x / s, without overflow: for |x| >= 2^60 both come from
    // t = sqrt(1 + b/x^2), s = |x| t and q = +-1/t (so q(+-inf) = +-1, not inf/inf).
    // xsimd::sqrt is correctly rounded for scalars and batches alike.
    template <class V> struct geometry {
        V s, q;
    };
    template <class V> geometry<V> geo(V const& x) const noexcept {
        using actmath::core::select;
        V ax = actmath::core::abs(x);
        auto large = ax >= V(T(1152921504606846976.0)); // 2^60: x^2 cannot overflow below
        V r = V(T(1)) / select(large, ax, V(T(1)));
        V t = actmath::core::sqrt(actmath::core::fma(r * r, V(b), V(T(1))));
        V s_small = actmath::core::sqrt(actmath::core::fma(x, x, V(b)));
        V s = select(large, ax * t, s_small);
        V q = select(large, actmath::core::mulsign(V(T(1)) / t, x), x / s_small);
        return {s, q};
    }
    // h = (s - x) / 2 >= 0 without overflow, for the quotient forms of the left half.
    template <class V> V forward(V const& x) const noexcept {
        geometry<V> g = geo(x);
        V h = g.s * V(T(0.5)) - x * V(T(0.5));
        V pos = (x + g.s) * V(T(0.5));
        V neg = V(b * T(0.25)) / h;
        V y = actmath::core::select(x >= V(T(0)), pos, neg);
        return actmath::core::select(actmath::core::isnan(x), x, y); // NaN in, NaN out
    }
    template <class V> V derivative(V const& x) const noexcept {
        geometry<V> g = geo(x);
        V h = g.s * V(T(0.5)) - x * V(T(0.5));
        V pos = (V(T(1)) + g.q) * V(T(0.5));
        V neg = (V(b * T(0.25)) / g.s) / h;
        V d = actmath::core::select(x >= V(T(0)), pos, neg);
        return actmath::core::select(actmath::core::isnan(x), x, d);
    }
    template <class V> V derivative_from_output(V const& y) const noexcept {
        V y2 = y * y;
        return y2 / (y2 + V(b * T(0.25)));
    }
};

int main() {
    squareplus<float> sp; // b = 4
    int failures = 0;
    auto expect = [&](bool ok, const char* what) {
        std::printf("  %-58s %s\n", what, ok ? "ok" : "FAILED");
        failures += !ok;
    };

    // 1. Scalar and SIMD calls: one definition serves both.
    std::printf("squareplus(b = 4): f(0) = %g, f'(0) = %g, f(1.5) = %g, f(-1e30) = %g, f(1e30) = %g\n",
                sp.forward(0.0f), sp.derivative(0.0f), sp.forward(1.5f), sp.forward(-1e30f), sp.forward(1e30f));
    xsimd::batch<float> b = sp.forward(xsimd::batch<float>(1.5f));
    std::printf("batch of %zu floats: lane 0 = %g\n", xsimd::batch<float>::size, b.get(0));

    // 2. The array drivers, fused backward and backward from the output come for free.
    const std::size_t n = 1001;
    std::vector<float> x(n), y(n), d(n), dy(n, 1.0f), dx(n), dxo(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = -8.0f + 16.0f * float(i) / float(n - 1);
    actmath::forward(sp, x, y);
    actmath::derivative(sp, x, d);
    actmath::backward(sp, x, dy, dx);
    static_assert(actmath::has_derivative_from_output_v<squareplus<float>>, "found by the trait");
    actmath::backward_from_output(sp, y, dy, dxo);

    // 3. Checks: values (f(1.5) = (1.5 + sqrt(6.25))/2 = 2, f(0) = sqrt(4)/2 = 1, f'(0) = 1/2),
    //    scalar == SIMD bit for bit, the derivative against a central difference of forward,
    //    from-output against from-input, and the extremes.
    std::printf("checks:\n");
    expect(sp.forward(1.5f) == 2.0f && sp.forward(0.0f) == 1.0f && sp.derivative(0.0f) == 0.5f,
           "f(1.5) = 2, f(0) = 1, f'(0) = 1/2 exactly");
    bool same = true;
    for (std::size_t i = 0; i < n; ++i) {
        float s = sp.forward(x[i]);
        same = same && std::memcmp(&s, &y[i], sizeof s) == 0;
    }
    expect(same, "array kernel (SIMD body and tail) == scalar call, bit for bit");
    double worst_cd = 0, worst_fo = 0;
    squareplus<double> spd;
    for (std::size_t i = 0; i < n; ++i) {
        double h = 1e-5, xi = x[i];
        double cd = (spd.forward(xi + h) - spd.forward(xi - h)) / (2 * h);
        worst_cd = std::fmax(worst_cd, std::fabs(cd - d[i]));
        worst_fo = std::fmax(worst_fo, std::fabs(double(dxo[i]) - double(dx[i])));
    }
    expect(worst_cd < 1e-6, "derivative == central difference of forward (1e-6)");
    expect(worst_fo < 1e-6, "backward_from_output(y) == backward(x) (1e-6)");
    const float inf = INFINITY;
    auto rel = [](double got, double want) { return std::fabs(got - want) <= 1e-6 * std::fabs(want); };
    expect(rel(sp.forward(-1e30f), 1e-30) && sp.forward(1e30f) == 1e30f && sp.derivative(1e30f) == 1.0f &&
               rel(sp.derivative(-1e15f), 1e-30),
           "f(-1e30) = 1e-30 (no cancellation), f(1e30) = 1e30 (no overflow)");
    expect(sp.forward(inf) == inf && sp.forward(-inf) == 0 && sp.derivative(inf) == 1 && sp.derivative(-inf) == 0,
           "f(+-inf) and f'(+-inf): the limits");
    expect(std::isnan(sp.forward(NAN)) && std::isnan(sp.derivative(NAN)), "NaN in, NaN out");
    bool threw = false;
    try {
        squareplus<float> bad(-1.0f);
        (void)bad;
    } catch (std::invalid_argument const& e) {
        threw = true;
        std::printf("  squareplus(-1) throws: %s\n", e.what());
    }
    expect(threw, "invalid parameter throws std::invalid_argument");
    std::printf("%s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
