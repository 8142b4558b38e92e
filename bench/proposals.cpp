// Rows for the speed proposals of bench/proposals.hpp: contender "proposal", next to actmath's
// current code and the peers, so the report shows what each change would buy.
#include "common.hpp"
#include "proposals.hpp"

namespace bench {
namespace {

template <class F> void add_proposal(const char* name, bool backward = true) {
    const char* contender = "proposal";
    using T = typename F::value_type;
    const std::string arch = xsimd::default_arch::name();
    add(name, "forward", type_name<T>(), contender, 2, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const F f{};
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] { actmath::forward(f, x, y.data(), n); });
    });
    if (!backward) return;
    add(name, "backward", type_name<T>(), contender, 3, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const F f{};
        const T* x = input_x<T>();
        const T* dy = input_dy<T>();
        buffer<T> dx(n);
        loop(s, [&] { actmath::backward(f, x, dy, dx.data(), n); });
    });
}

} // namespace

void register_proposals() {
    add_proposal<proposal::exp_fn<float>>("exp", false);
    add_proposal<proposal::exp_fn<double>>("exp", false);
    add_proposal<proposal::sigmoid<float>>("sigmoid");
    add_proposal<proposal::sigmoid<double>>("sigmoid");
}

} // namespace bench
