// The two loops a user writes without a library: a plain std:: loop, and a naive xsimd loop
// built from xsimd::exp / tanh / erf / log1p / expm1.  One formula per function serves both:
// `m` is the math of the contender (std_math or xsimd_math), `x` a float, double or batch.
// These are the textbook formulas (PyTorch's definitions), not the stable forms actmath uses.
#include "common.hpp"

#include <cmath>

#include <xsimd/xsimd.hpp>

namespace bench {
namespace {

struct std_math {
    template <class T> static T exp(T x) { return std::exp(x); }
    template <class T> static T expm1(T x) { return std::expm1(x); }
    template <class T> static T log1p(T x) { return std::log1p(x); }
    template <class T> static T tanh(T x) { return std::tanh(x); }
    template <class T> static T erf(T x) { return std::erf(x); }
    template <class T> static T abs(T x) { return std::fabs(x); }
    template <class T> static T max(T a, T b) { return std::fmax(a, b); }
    template <class T> static T select(bool m, T a, T b) { return m ? a : b; }
};

struct xsimd_math {
    template <class B> static B exp(B const& x) { return xsimd::exp(x); }
    template <class B> static B expm1(B const& x) { return xsimd::expm1(x); }
    template <class B> static B log1p(B const& x) { return xsimd::log1p(x); }
    template <class B> static B tanh(B const& x) { return xsimd::tanh(x); }
    template <class B> static B erf(B const& x) { return xsimd::erf(x); }
    template <class B> static B abs(B const& x) { return xsimd::abs(x); }
    template <class B> static B max(B const& a, B const& b) { return xsimd::max(a, b); }
    template <class M, class B> static B select(M const& m, B const& a, B const& b) { return xsimd::select(m, a, b); }
};

// out[i] = f(m, x[i]) for std_math (scalar loop) or xsimd_math (batches, scalar tail).
template <class M, class T, class Fn> void map(Fn const& f, const T* x, T* y, std::size_t n) {
    std::size_t i = 0;
    if constexpr (std::is_same<M, xsimd_math>::value) {
        using B = xsimd::batch<T>;
        for (; i + B::size <= n; i += B::size) f(M{}, B::load_unaligned(x + i)).store_unaligned(y + i);
        for (; i < n; ++i) y[i] = f(std_math{}, x[i]);
    } else {
        for (; i < n; ++i) y[i] = f(M{}, x[i]);
    }
}

template <class M, class T, class Fn> void add_map(const char* name, const char* contender, Fn f) {
    const std::string label = std::is_same<M, xsimd_math>::value ? xsimd::default_arch::name() : "scalar";
    add(name, "forward", type_name<T>(), contender, 2, sizeof(T), label, [f](benchmark::State& s, std::size_t n) {
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] { map<M>(f, x, y.data(), n); });
    });
}

template <class M, class T> void add_all(const char* contender) {
    // Constants in the formulas are written as V(c) so one text serves scalars and batches.
    add_map<M, T>("sigmoid", contender, [](auto m, auto x) {
        using V = decltype(x);
        return V(1) / (V(1) + m.exp(-x));
    });
    add_map<M, T>("exp", contender, [](auto m, auto x) { return m.exp(x); });
    add_map<M, T>("expm1", contender, [](auto m, auto x) { return m.expm1(x); });
    add_map<M, T>("log1p", contender, [](auto m, auto x) { return m.log1p(m.abs(x)); });
    add_map<M, T>("tanh", contender, [](auto m, auto x) { return m.tanh(x); });
    add_map<M, T>("relu", contender, [](auto m, auto x) {
        using V = decltype(x);
        return m.max(x, V(0));
    });
    add_map<M, T>("elu", contender, [](auto m, auto x) {
        using V = decltype(x);
        return m.select(x > V(0), x, m.expm1(x));
    });
    add_map<M, T>("softplus", contender, [](auto m, auto x) { return m.log1p(m.exp(x)); });
    add_map<M, T>("silu", contender, [](auto m, auto x) {
        using V = decltype(x);
        return x / (V(1) + m.exp(-x));
    });
    add_map<M, T>("mish", contender, [](auto m, auto x) { return x * m.tanh(m.log1p(m.exp(x))); });
    add_map<M, T>("gelu", contender, [](auto m, auto x) {
        using V = decltype(x);
        return V(0.5) * x * (V(1) + m.erf(x * V(0.70710678118654752440)));
    });
    add_map<M, T>("gelu_tanh", contender, [](auto m, auto x) {
        using V = decltype(x);
        V u = V(0.79788456080286535588) * (x + V(0.044715) * x * x * x);
        return V(0.5) * x * (V(1) + m.tanh(u));
    });
}

} // namespace

void register_naive() {
    add_all<std_math, float>("std");
    add_all<std_math, double>("std");
    add_all<xsimd_math, float>("xsimd");
    add_all<xsimd_math, double>("xsimd");
}

} // namespace bench
