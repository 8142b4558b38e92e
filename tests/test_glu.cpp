// Gated units: value * act(gate) and its two gradients against long double references (the
// activation's bound plus 1 ulp), packed and separate layouts giving the same bits under
// both conventions, the array drivers against the scalar call, central differences, special
// values and the argument checks.
#include <actmath/glu.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "reference/glu.hpp"
#include "support/check.hpp"

using namespace actmath_test;

namespace {

struct unit_ref {
    std::function<ld(ld)> act, dact;
};

// The activation's own bound (issue 2: 4 ulp for every forward and derivative) plus 1.
constexpr double bound = 4 + 1;

template <class T> std::vector<T> gates() {
    std::vector<T> g;
    if constexpr (std::is_same<T, float>::value) g = float_sample(std::uint64_t(1) << 20);
    else {
        g = double_sample(std::uint64_t(1) << 18);
        auto r = double_range_sample(1e-6, 1e3, std::uint64_t(1) << 16);
        g.insert(g.end(), r.begin(), r.end());
    }
    for (T v : special_values<T>()) g.push_back(v);
    return g;
}

// value and dy: random signs and mantissas, exponents in [-20, 20].
template <class T> std::vector<T> factors(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 r(seed);
    std::uniform_real_distribution<double> m(1, 2);
    std::uniform_int_distribution<int> e(-20, 20);
    std::vector<T> v(n);
    for (T& x : v) {
        const double mant = m(r);
        const int ex = e(r);
        x = T(std::ldexp(mant, ex) * (r() & 1 ? 1 : -1));
    }
    return v;
}

// Where act(gate) (or act'(gate)) is a normal number, the ULP bound.  Where it is subnormal,
// act carries an absolute error of a few 2^-149 (2^-1074) and the product scales that error
// by |value|: there the check is |error| <= 4 |value| denorm_min + 1 ulp of the result.
template <class T> struct tally {
    double worst = 0;
    T at = 0;
    std::size_t subnormal = 0, subnormal_bad = 0;
    void add(T got, ld exact, ld act, ld factor, T gate) {
        const ld tiny = std::numeric_limits<T>::min();
        if (std::isfinite(act) && act != 0 && std::fabs(act) < tiny) {
            ++subnormal;
            ld err = std::fabs(ld(got) - exact);
            ld allowed = 4 * std::fabs(factor) * ld(std::numeric_limits<T>::denorm_min()) + spacing<T>(exact);
            if (!(err <= allowed)) ++subnormal_bad;
            return;
        }
        double u = ulp_error<T>(got, exact);
        if (!(u <= worst)) {
            worst = u;
            at = gate;
        }
    }
};

template <class G> void check_unit(const char* name, G const& g, unit_ref const& ref) {
    using T = typename G::value_type;
    const char* tn = std::is_same<T, float>::value ? "float" : "double";
    auto gate = gates<T>();
    const std::size_t n = gate.size();
    auto value = factors<T>(n, 1), dy = factors<T>(n, 2);
    std::vector<T> y(n), d_gate(n), d_value(n);
    actmath::forward(g, gate, value, y);
    actmath::backward(g, gate, value, dy, d_gate, d_value);
    double w_act = 0, w_dact = 0;
    tally<T> ty, tv, tg;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const ld a = ref.act(gate[i]), da = ref.dact(gate[i]);
        auto upd = [](double& w, double u) { if (!(u <= w)) w = u; };
        upd(w_act, ulp_error<T>(g.activation.forward(gate[i]), a));
        upd(w_dact, ulp_error<T>(g.activation.derivative(gate[i]), da));
        ty.add(y[i], ld(value[i]) * a, a, value[i], gate[i]);
        tv.add(d_value[i], ld(dy[i]) * a, a, dy[i], gate[i]);
        tg.add(d_gate[i], ld(dy[i]) * ld(value[i]) * da, da, ld(dy[i]) * ld(value[i]), gate[i]);
        // The array driver and the scalar call: the same bits.
        auto s = g.backward(gate[i], value[i], dy[i]);
        if (!same_bits(g.forward(gate[i], value[i]), y[i]) || !same_bits(s.gate, d_gate[i]) || !same_bits(s.value, d_value[i]))
            ++mismatches;
    }
    std::printf("%-11s %-6s act %.3f, act' %.3f | y %.3f (gate %.9g), d_value %.3f, d_gate %.3f (gate %.9g) ulp over %zu; "
                "subnormal act/act': %zu/%zu\n",
                name, tn, w_act, w_dact, ty.worst, double(ty.at), tv.worst, tg.worst, double(tg.at), n, ty.subnormal, tg.subnormal);
    INFO(name << " " << tn << ": y " << ty.worst << " at gate " << ty.at << ", d_value " << tv.worst << ", d_gate " << tg.worst
              << " at gate " << tg.at);
    CHECK(ty.worst <= bound);
    CHECK(tv.worst <= bound);
    CHECK(tg.worst <= bound);
    CHECK(ty.subnormal_bad + tv.subnormal_bad + tg.subnormal_bad == 0);
    CHECK(mismatches == 0);
}

// Packed rows against the separate form: the same bits, both conventions, every width up to
// three batches (odd halves included), several rows.
template <class G> void check_packed(G g) {
    using T = typename G::value_type;
    constexpr std::size_t W = xsimd::batch<T>::size;
    std::mt19937_64 r(9);
    std::normal_distribution<double> nd(0, 3);
    for (actmath::gate_half h : {actmath::gate_half::first, actmath::gate_half::second}) {
        g.activated = h;
        for (std::size_t d = 0; d <= 3 * W + 1; ++d) {
            const std::size_t rows = 3, width = 2 * d;
            std::vector<T> x(rows * width), dy(rows * d), y(rows * d), dx(rows * width);
            for (T& v : x) v = T(nd(r));
            for (T& v : dy) v = T(nd(r));
            actmath::forward_packed(g, x, y, width);
            actmath::backward_packed(g, x, dy, dx, width);
            bool same = true;
            for (std::size_t row = 0; row < rows; ++row) {
                std::vector<T> a(d), b(d), ys(d), dg(d), dv(d), dyr(dy.begin() + row * d, dy.begin() + (row + 1) * d);
                std::copy(x.begin() + row * width, x.begin() + row * width + d, a.begin());
                std::copy(x.begin() + row * width + d, x.begin() + (row + 1) * width, b.begin());
                std::vector<T>& gate = h == actmath::gate_half::first ? a : b;
                std::vector<T>& value = h == actmath::gate_half::first ? b : a;
                actmath::forward(g, gate, value, ys);
                actmath::backward(g, gate, value, dyr, dg, dv);
                for (std::size_t i = 0; i < d; ++i) {
                    same &= same_bits(y[row * d + i], ys[i]);
                    T pg = dx[row * width + (h == actmath::gate_half::first ? i : d + i)];
                    T pv = dx[row * width + (h == actmath::gate_half::first ? d + i : i)];
                    same &= same_bits(pg, dg[i]) && same_bits(pv, dv[i]);
                }
            }
            // In place: dx over x.
            std::vector<T> xi = x;
            actmath::backward_packed(g, xi, dy, xi, width);
            for (std::size_t i = 0; i < x.size(); ++i) same &= same_bits(xi[i], dx[i]);
            INFO("half d = " << d << ", activated " << (h == actmath::gate_half::first ? "first" : "second"));
            CHECK(same);
        }
    }
}

template <class G> void check_central_difference(G const& g) {
    for (double x = -8; x <= 8; x += 16.0 / 331) {
        if (std::fabs(x) < 1e-3) continue; // relu's kink
        const double v = 1.75, dy = -0.5, h = 1e-6;
        auto d = g.backward(x, v, dy);
        double cg = dy * (g.forward(x + h, v) - g.forward(x - h, v)) / (2 * h);
        double cv = dy * (g.forward(x, v + h) - g.forward(x, v - h)) / (2 * h);
        INFO("gate " << x << ": d_gate " << d.gate << " vs " << cg << ", d_value " << d.value << " vs " << cv);
        CHECK(std::fabs(d.gate - cg) <= 1e-8 * (1 + std::fabs(cg)));
        CHECK(std::fabs(d.value - cv) <= 1e-8 * (1 + std::fabs(cv)));
    }
}

// The backward's steps of several batches (glu.hpp, backward_step) against the scalar call,
// for every length up to five steps and a tail: gates crowded around the activation's root
// window (so that a step often has lanes inside in one batch, in two, or in none), and the
// outputs in place over each input they may share memory with.
template <class G> void check_steps(G const& g, double centre) {
    using T = typename G::value_type;
    constexpr std::size_t W = xsimd::batch<T>::size;
    std::mt19937_64 r(11);
    std::uniform_real_distribution<double> near(centre - 0.4, centre + 0.4), wide(-12, 12);
    std::size_t bad = 0, checked = 0;
    for (std::size_t n = 0; n <= 5 * 4 * W + W + 3; ++n) {
        std::vector<T> gate(n), value = factors<T>(n, 3 + n), dy = factors<T>(n, 5 + n);
        for (T& v : gate) v = T(r() % 4 == 0 ? wide(r) : near(r));
        for (int mode = 0; mode < 4; ++mode) {
            // 0: separate outputs; 1: d_gate over gate, d_value over value; 2: d_gate over
            // value, d_value over dy; 3: d_gate over dy, d_value over gate
            std::vector<T> gt = gate, vl = value, d = dy, og(n), ov(n);
            T* dg = mode == 0 ? og.data() : mode == 1 ? gt.data() : mode == 2 ? vl.data() : d.data();
            T* dv = mode == 0 ? ov.data() : mode == 1 ? vl.data() : mode == 2 ? d.data() : gt.data();
            actmath::backward(g, gt.data(), vl.data(), d.data(), dg, dv, n);
            for (std::size_t i = 0; i < n; ++i) {
                auto s = g.backward(gate[i], value[i], dy[i]);
                bad += !same_bits(s.gate, dg[i]) || !same_bits(s.value, dv[i]);
                ++checked;
            }
        }
    }
    INFO(G::activation_type::name << (std::is_same<T, float>::value ? " float" : " double") << ": " << bad << " of "
                                  << checked << " differ from the scalar backward");
    CHECK(checked > 0);
    CHECK(bad == 0);
}

} // namespace

TEST_CASE("gated backward: steps of batches and the tail, in place, same bits", "[glu]") {
    // gates crowded around the roots of silu', gelu' and gelu_tanh', and around 0 for glu and
    // reglu (sigmoid's middle, relu's kink)
    check_steps(actmath::glu<float>{}, 0);
    check_steps(actmath::glu<double>{}, 0);
    check_steps(actmath::reglu<float>{}, 0);
    check_steps(actmath::reglu<double>{}, 0);
    check_steps(actmath::swiglu<float>{}, -1.2784645);
    check_steps(actmath::swiglu<double>{}, -1.2784645);
    check_steps(actmath::geglu<float>{}, -0.75);
    check_steps(actmath::geglu<double>{}, -0.75);
    check_steps(actmath::geglu_tanh<float>{}, -0.7524614);
    check_steps(actmath::geglu_tanh<double>{}, -0.7524614);
}

TEST_CASE("glu: value * sigmoid(gate)", "[glu]") {
    unit_ref r{gated_ref::sigmoid, gated_ref::dsigmoid};
    check_unit("glu", actmath::glu<float>{}, r);
    check_unit("glu", actmath::glu<double>{}, r);
    check_packed(actmath::glu<float>{});
    check_packed(actmath::glu<double>{});
    check_central_difference(actmath::glu<double>{});
    // F.glu's convention: first half value, second half through sigmoid.
    CHECK(actmath::glu<float>{}.activated == actmath::gate_half::second);
    std::vector<double> x = {2, -3, 0.5, 1}, y(2);
    actmath::forward_packed(actmath::glu<double>{}, x, y, 4);
    CHECK(y[0] == Approx(2 * gated_ref::sigmoid(0.5)).epsilon(1e-15));
    CHECK(y[1] == Approx(-3 * gated_ref::sigmoid(1)).epsilon(1e-15));
}

TEST_CASE("reglu: value * relu(gate)", "[glu]") {
    unit_ref r{gated_ref::relu, gated_ref::drelu};
    check_unit("reglu", actmath::reglu<float>{}, r);
    check_unit("reglu", actmath::reglu<double>{}, r);
    check_packed(actmath::reglu<float>{});
    check_packed(actmath::reglu<double>{});
    check_central_difference(actmath::reglu<double>{});
    CHECK(actmath::reglu<float>{}.activated == actmath::gate_half::first);
    // Megatron / vLLM / ggml: first half through relu, second half multiplied.
    std::vector<float> x = {2, -3, 0.5f, -1}, y(2);
    actmath::forward_packed(actmath::reglu<float>{}, x, y, 4);
    CHECK(y == std::vector<float>{1.0f, -0.0f});
    CHECK(std::signbit(y[1]));
}

TEST_CASE("swiglu: value * silu(gate)", "[glu]") {
    unit_ref r{gated_ref::silu, gated_ref::dsilu_ref};
    check_unit("swiglu", actmath::swiglu<float>{}, r);
    check_unit("swiglu", actmath::swiglu<double>{}, r);
    check_packed(actmath::swiglu<float>{});
    check_packed(actmath::swiglu<double>{});
    check_central_difference(actmath::swiglu<double>{});
    CHECK(actmath::swiglu<float>{}.activated == actmath::gate_half::first);
    // The LLaMA layout: silu(gate_proj x) * up_proj x, separate buffers.
    std::vector<double> gate = {1, -2}, up = {3, 4}, y(2);
    actmath::forward(actmath::swiglu<double>{}, gate, up, y);
    CHECK(y[0] == Approx(3 * gated_ref::silu(1)).epsilon(1e-15));
    CHECK(y[1] == Approx(4 * gated_ref::silu(-2)).epsilon(1e-15));
}

TEST_CASE("geglu: value * gelu(gate), erf and tanh forms", "[glu]") {
    unit_ref r{gated_ref::gelu, gated_ref::dgelu_ref};
    check_unit("geglu", actmath::geglu<float>{}, r);
    check_unit("geglu", actmath::geglu<double>{}, r);
    unit_ref rt{gated_ref::gelu_tanh, gated_ref::dgelu_tanh_ref};
    check_unit("geglu_tanh", actmath::geglu_tanh<float>{}, rt);
    check_unit("geglu_tanh", actmath::geglu_tanh<double>{}, rt);
    check_packed(actmath::geglu<float>{});
    check_packed(actmath::geglu_tanh<double>{});
    check_central_difference(actmath::geglu<double>{});
    check_central_difference(actmath::geglu_tanh<double>{});
    CHECK(actmath::geglu<float>{}.activated == actmath::gate_half::first);
    CHECK(actmath::geglu_tanh<float>{}.activated == actmath::gate_half::first);
}

TEST_CASE("gated units: special values", "[glu]") {
    using L = std::numeric_limits<float>;
    const float inf = L::infinity(), nan = L::quiet_NaN();
    actmath::glu<float> g;
    CHECK(std::isnan(g.forward(nan, 1.0f)));
    CHECK(std::isnan(g.forward(1.0f, nan)));
    CHECK(g.forward(inf, 3.0f) == 3.0f);
    CHECK(same_bits(g.forward(-inf, 3.0f), 0.0f));
    CHECK(same_bits(g.forward(-inf, -3.0f), -0.0f));
    CHECK(g.forward(0.0f, 3e38f) == 1.5e38f);
    auto d = g.backward(nan, 1.0f, 1.0f);
    CHECK(std::isnan(d.gate));
    CHECK(std::isnan(d.value));
    d = g.backward(-inf, 2.0f, 1.0f);
    CHECK(same_bits(d.gate, 0.0f));
    CHECK(same_bits(d.value, 0.0f));
    // dy * value overflows on its own, the gradient does not.
    d = g.backward(0.0f, 3e38f, 4.0f);
    CHECK(d.gate == Approx(3e38f).epsilon(1e-7));
    actmath::reglu<float> r;
    CHECK(std::isnan(r.forward(nan, 1.0f)));
    CHECK(std::isnan(r.backward(nan, 1.0f, 1.0f).gate));
    CHECK(same_bits(r.backward(0.0f, 5.0f, 1.0f).gate, 0.0f)); // relu'(0) = 0
}

TEST_CASE("gated units: argument checks", "[glu]") {
    actmath::glu<float> g;
    std::vector<float> a(12), b(12), c(11), h(6), h5(5), w(12);
    throws_with([&] { actmath::forward(g, a, c, b); }, "gate has 12 elements but value has 11");
    throws_with([&] { actmath::forward(g, a, b, c); }, "gate has 12 elements but y has 11");
    throws_with([&] { actmath::backward(g, a, b, c, a, b); }, "gate has 12 elements but dy has 11");
    throws_with([&] { actmath::backward(g, a, b, b, c, w); }, "gate has 12 elements but d_gate has 11");
    throws_with([&] { actmath::backward(g, a, b, b, w, c); }, "gate has 12 elements but d_value has 11");
    throws_with([&] { actmath::forward_packed(g, a, h, 3); }, "packed width 3 is odd");
    throws_with([&] { actmath::forward_packed(g, a.data(), h.data(), 4, 3); }, "packed width 3 is odd");
    throws_with([&] { actmath::forward_packed(g, a, h, 8); }, "x has 12 elements, not a whole number of rows of width 8");
    throws_with([&] { actmath::forward_packed(g, a, h5, 4); }, "y has 5 elements but half of x has 6");
    throws_with([&] { actmath::backward_packed(g, a, h5, w, 4); }, "dy has 5 elements but half of x has 6");
    throws_with([&] { actmath::backward_packed(g, a, h, c, 4); }, "dx has 11 elements but x has 12");
    throws_with([&] { actmath::backward_packed(g, a, h, c, 5); }, "packed width 5 is odd");
    // Overlaps: partial between input and output, any between the packed x and y, d_gate on d_value.
    throws_with([&] { actmath::forward(g, a.data(), b.data(), a.data() + 1, 4); }, "partially overlaps");
    throws_with([&] { actmath::forward_packed(g, a.data(), a.data(), 3, 4); }, "overlaps");
    throws_with([&] { actmath::backward(g, a.data(), b.data(), c.data(), w.data(), w.data(), 4); }, "overlaps");
    throws_with([&] { actmath::backward_packed(g, a.data(), w.data(), w.data() + 2, 2, 4); }, "overlaps");
    // Fine: empty, in place.
    std::vector<float> e;
    actmath::forward(g, e, e, e);
    actmath::forward_packed(g, e, e, 0);
    actmath::forward_packed(g, e, e, 6);
    actmath::forward(g, a, b, a);
    actmath::backward(g, a, b, c.data() == nullptr ? a : w, a, b);
}
