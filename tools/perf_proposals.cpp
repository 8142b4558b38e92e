// Checks the speed proposals of bench/proposals.hpp against the library, bit for bit: every
// float bit pattern (2^32) and 2^26 double patterns spread over the whole bit space, through
// xsimd batches of the default arch and through the scalar call.  A proposal that changes a
// single bit is reported with its first counterexample.  Usage: perf_proposals [--quick]
// (--quick: every 64th float pattern).
#include <actmath/activations/sigmoid.hpp>

#include "../bench/proposals.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

template <class T> bool same(T a, T b) {
    if (a != a && b != b) return true;
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

struct tally {
    const char* what;
    std::uint64_t checked = 0, differ = 0;
    double first_x = 0, first_lib = 0, first_new = 0;
};

template <class T, class Lib, class New> void check_batch(tally& t, const T* xs, Lib lib, New nw) {
    using B = xsimd::batch<T>;
    alignas(64) T a[B::size], b[B::size];
    lib(B::load_unaligned(xs)).store_aligned(a);
    nw(B::load_unaligned(xs)).store_aligned(b);
    for (std::size_t k = 0; k < B::size; ++k) {
        T sa = lib(xs[k]), sb = nw(xs[k]);
        ++t.checked;
        if (!same(a[k], b[k]) || !same(sa, sb) || !same(a[k], sa)) {
            if (t.differ++ == 0) {
                t.first_x = double(xs[k]);
                t.first_lib = double(a[k]);
                t.first_new = double(b[k]);
            }
        }
    }
}

template <class T> void run(bool quick) {
    using B = xsimd::batch<T>;
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    const actmath::sigmoid<T> s{};
    const bench::proposal::sigmoid<T> ps{};
    tally te{"exp"}, tf{"sigmoid.forward"}, td{"sigmoid.derivative"};
    const std::uint64_t count = sizeof(T) == 4 ? (quick ? (std::uint64_t(1) << 26) : (std::uint64_t(1) << 32))
                                               : (std::uint64_t(1) << 26);
    const std::uint64_t stride = sizeof(T) == 4 ? (std::uint64_t(1) << 32) / count : (~std::uint64_t(0) / count);
    T xs[B::size];
    for (std::uint64_t i = 0; i < count; i += B::size) {
        for (std::size_t k = 0; k < B::size; ++k) {
            U u = static_cast<U>((i + k) * stride + (sizeof(T) == 8 ? 12345 : 0));
            std::memcpy(&xs[k], &u, sizeof(T));
        }
        check_batch<T>(te, xs, [](auto v) { return actmath::core::exp(v); },
                       [](auto v) { return bench::proposal::exp(v); });
        check_batch<T>(tf, xs, [&](auto v) { return s.forward(v); }, [&](auto v) { return ps.forward(v); });
        check_batch<T>(td, xs, [&](auto v) { return s.derivative(v); }, [&](auto v) { return ps.derivative(v); });
    }
    for (const tally* t : {&te, &tf, &td}) {
        std::printf("%-6s %-20s %12" PRIu64 " inputs  %s", sizeof(T) == 4 ? "float" : "double", t->what, t->checked,
                    t->differ == 0 ? "same bits as the library\n" : "");
        if (t->differ)
            std::printf("%" PRIu64 " differ; first x = %.17g: library %.17g, proposal %.17g\n", t->differ, t->first_x,
                        t->first_lib, t->first_new);
    }
}

} // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
    std::printf("perf_proposals: bench/proposals.hpp against actmath, arch %s\n", xsimd::default_arch::name());
    run<float>(quick);
    run<double>(quick);
    return 0;
}
