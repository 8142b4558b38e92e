// actmath's row-wise families: softmax, log_softmax, softmin over rows of 1024 elements
// (n elements in all: n / 1024 rows), forward and backward from the output.
#include "common.hpp"

#include <actmath/softmax.hpp>

namespace bench {
namespace {

template <class F> void add_rowwise(const char* name) {
    using T = typename F::value_type;
    const std::string arch = xsimd::default_arch::name();
    add_rows(name, "forward", type_name<T>(), "actmath", 2, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const F f{};
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] { actmath::forward(f, x, y.data(), n / row, row); });
    });
    add_rows(name, "backward_from_output", type_name<T>(), "actmath", 3, sizeof(T), arch,
             [](benchmark::State& s, std::size_t n) {
                 const F f{};
                 buffer<T> y(n), dx(n);
                 actmath::forward(f, input_x<T>(), y.data(), n / row, row);
                 const T* dy = input_dy<T>();
                 loop(s, [&] { actmath::backward_from_output(f, y.data(), dy, dx.data(), n / row, row); });
             });
}

template <template <class> class F> void add_both(const char* name) {
    add_rowwise<F<float>>(name);
    add_rowwise<F<double>>(name);
}

} // namespace

void register_actmath_softmax() {
    add_both<actmath::softmax>("softmax");
    add_both<actmath::log_softmax>("log_softmax");
    add_both<actmath::softmin>("softmin");
}

} // namespace bench
