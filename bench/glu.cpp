// actmath's gated units on separate gate and value arrays of n elements each:
//   forward   y = value act(gate)                                  (3 streams)
//   backward  d_gate = dy value act'(gate), d_value = dy act(gate)  (5 streams)
// Adding a unit is one line of register_actmath_glu.
#include "common.hpp"

#include <actmath/glu.hpp>

namespace bench {
namespace {

template <class G> void add_gated(const char* name) {
    using T = typename G::value_type;
    const std::string arch = xsimd::default_arch::name();
    // The gate is x, the value is dy: both uniform, the same arrays as every other row.
    add(name, "forward", type_name<T>(), "actmath", 3, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const G g{};
        const T* gate = input_x<T>();
        const T* value = input_dy<T>();
        buffer<T> y(n);
        loop(s, [&] { actmath::forward(g, gate, value, y.data(), n); });
    });
    add(name, "backward", type_name<T>(), "actmath", 5, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const G g{};
        const T* gate = input_x<T>();
        const T* value = input_dy<T>();
        buffer<T> dy(n), dg(n), dv(n);
        for (std::size_t i = 0; i < n; ++i) dy.data()[i] = value[max_n - 1 - i];
        loop(s, [&] { actmath::backward(g, gate, value, dy.data(), dg.data(), dv.data(), n); });
    });
}

template <template <class> class G> void add_both(const char* name) {
    add_gated<G<float>>(name);
    add_gated<G<double>>(name);
}

} // namespace

void register_actmath_glu() {
    add_both<actmath::glu>("glu");
    add_both<actmath::reglu>("reglu");
    add_both<actmath::swiglu>("swiglu");
    add_both<actmath::geglu>("geglu");
    add_both<actmath::geglu_tanh>("geglu_tanh");
}

} // namespace bench
