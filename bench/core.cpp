// The shared building blocks of include/actmath/core/math.hpp as rows of their own, through
// the same array driver: where an activation's time goes.  Peers compute the same function:
//   exp     xsimd::exp, Eigen .exp(), std::exp, oneDNN eltwise_exp
//   expm1   xsimd::expm1, Eigen .expm1(), std::expm1
//   log1p   xsimd::log1p, Eigen .log1p(), std::log1p      (x uniform in [0, 10]: |x| of the inputs)
// The functors below are the benchmark's own wrappers, not part of actmath's API.
#include "common.hpp"

#include <actmath/core/functor.hpp>

namespace bench {
namespace {

template <class T> struct core_exp {
    using value_type = T;
    template <class V> V forward(V const& x) const noexcept { return actmath::core::exp(x); }
};
template <class T> struct core_expm1 {
    using value_type = T;
    template <class V> V forward(V const& x) const noexcept { return actmath::core::expm1(x); }
};
template <class T> struct core_log1p {
    using value_type = T;
    template <class V> V forward(V const& x) const noexcept { return actmath::core::log1p(actmath::core::abs(x)); }
};

template <class F> void add_core(const char* name) {
    using T = typename F::value_type;
    add(name, "forward", type_name<T>(), "actmath", 2, sizeof(T), xsimd::default_arch::name(),
        [](benchmark::State& s, std::size_t n) {
            const F f{};
            const T* x = input_x<T>();
            buffer<T> y(n);
            loop(s, [&] { actmath::forward(f, x, y.data(), n); });
        });
}

template <class T> void add_type() {
    add_core<core_exp<T>>("exp");
    add_core<core_expm1<T>>("expm1");
    add_core<core_log1p<T>>("log1p");
}

} // namespace

void register_core() {
    add_type<float>();
    add_type<double>();
}

} // namespace bench
