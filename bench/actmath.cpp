// actmath's rows: forward, derivative, backward and (where the math allows)
// backward_from_output of every function of the catalogue, float and double, through the
// public array API.  Adding a function is one line of ACTMATH_BENCH_CATALOGUE below.
//
// This file is compiled once per family header (bench/CMakeLists.txt globs
// include/actmath/activations/*.hpp and passes ACTMATH_BENCH_HEADER and ACTMATH_BENCH_REGISTER),
// so each family is built in its own translation unit, like a user who includes one header.
// Every catalogue name is then (re)declared as `template <class T> struct name;`, and only the
// names the included header completes are registered.  So the list names the whole catalogue
// while the families land one by one, and each function is registered by its own header's unit.
#include "common.hpp"

#ifndef ACTMATH_BENCH_HEADER
#define ACTMATH_BENCH_HEADER "actmath/activations/sigmoid.hpp"
#define ACTMATH_BENCH_REGISTER register_actmath_sigmoid
#endif
#include ACTMATH_BENCH_HEADER

// The catalogue of issue 2, PyTorch's names; each is benchmarked with its default parameters.
#define ACTMATH_BENCH_CATALOGUE(X)                                                                 \
    X(sigmoid) X(log_sigmoid) X(tanh) X(hardtanh) X(relu) X(relu6) X(leaky_relu) X(prelu)           \
    X(rrelu) X(threshold) X(elu) X(selu) X(celu) X(softplus) X(softsign) X(silu) X(swish)           \
    X(hardswish) X(hardsigmoid) X(mish) X(gelu) X(gelu_tanh) X(quick_gelu) X(tanhshrink)            \
    X(softshrink) X(hardshrink)

namespace actmath {
#define ACTMATH_BENCH_DECLARE(name) template <class T> struct name;
ACTMATH_BENCH_CATALOGUE(ACTMATH_BENCH_DECLARE)
#undef ACTMATH_BENCH_DECLARE
} // namespace actmath

namespace bench {
namespace {

template <class F, class = void> struct is_complete : std::false_type {};
template <class F> struct is_complete<F, std::void_t<decltype(sizeof(F))>> : std::true_type {};

// Default-constructible with PyTorch's defaults, or left out.
template <class F, class = void> struct is_benchable : std::false_type {};
template <class F> struct is_benchable<F, std::void_t<decltype(F{})>> : std::true_type {};

template <class F> void add_functor(const std::string& name) {
    using T = typename F::value_type;
    const char* t = type_name<T>();
    const std::string arch = xsimd::default_arch::name();
    add(name, "forward", t, "actmath", 2, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const F f{};
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] { actmath::forward(f, x, y.data(), n); });
    });
    add(name, "derivative", t, "actmath", 2, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const F f{};
        const T* x = input_x<T>();
        buffer<T> d(n);
        loop(s, [&] { actmath::derivative(f, x, d.data(), n); });
    });
    add(name, "backward", t, "actmath", 3, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const F f{};
        const T* x = input_x<T>();
        const T* dy = input_dy<T>();
        buffer<T> dx(n);
        loop(s, [&] { actmath::backward(f, x, dy, dx.data(), n); });
    });
    if constexpr (actmath::has_derivative_from_output_v<F>) {
        add(name, "backward_from_output", t, "actmath", 3, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
            const F f{};
            buffer<T> y(n), dx(n);
            actmath::forward(f, input_x<T>(), y.data(), n);
            const T* dy = input_dy<T>();
            loop(s, [&] { actmath::backward_from_output(f, y.data(), dy, dx.data(), n); });
        });
    }
}

template <template <class> class F> void add_family(const char* name) {
    if constexpr (is_complete<F<float>>::value) {
        static_assert(is_benchable<F<float>>::value && is_benchable<F<double>>::value,
                      "bench: every catalogue functor is default-constructible with PyTorch's defaults");
        add_functor<F<float>>(name);
        add_functor<F<double>>(name);
    }
}

} // namespace

void ACTMATH_BENCH_REGISTER() {
#define ACTMATH_BENCH_ADD(name) add_family<actmath::name>(#name);
    ACTMATH_BENCH_CATALOGUE(ACTMATH_BENCH_ADD)
#undef ACTMATH_BENCH_ADD
}

} // namespace bench
