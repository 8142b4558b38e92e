// The bandwidth ceiling: what moving the bytes costs with (almost) no arithmetic.
//   memcpy   y = x             (2 streams)
//   scale    y = 2 x           (2 streams; the ceiling of forward and derivative)
//   mul      z = x y           (3 streams; the ceiling of backward and backward_from_output)
// scale and mul are explicit xsimd loops at the default arch, so the ceiling uses the same
// vector width as actmath whatever the compiler's auto-vectorizer prefers.
#include "common.hpp"

#include <xsimd/xsimd.hpp>

namespace bench {
namespace {

template <class T> void scale(const T* x, T* y, std::size_t n) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const B two(T(2));
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
        B a = B::load_unaligned(x + i), b = B::load_unaligned(x + i + W);
        B c = B::load_unaligned(x + i + 2 * W), d = B::load_unaligned(x + i + 3 * W);
        (a * two).store_unaligned(y + i);
        (b * two).store_unaligned(y + i + W);
        (c * two).store_unaligned(y + i + 2 * W);
        (d * two).store_unaligned(y + i + 3 * W);
    }
    for (; i < n; ++i) y[i] = T(2) * x[i];
}

template <class T> void mul(const T* x, const T* g, T* y, std::size_t n) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
        (B::load_unaligned(x + i) * B::load_unaligned(g + i)).store_unaligned(y + i);
        (B::load_unaligned(x + i + W) * B::load_unaligned(g + i + W)).store_unaligned(y + i + W);
        (B::load_unaligned(x + i + 2 * W) * B::load_unaligned(g + i + 2 * W)).store_unaligned(y + i + 2 * W);
        (B::load_unaligned(x + i + 3 * W) * B::load_unaligned(g + i + 3 * W)).store_unaligned(y + i + 3 * W);
    }
    for (; i < n; ++i) y[i] = x[i] * g[i];
}

template <class T> void add_type() {
    const char* t = type_name<T>();
    const std::string arch = xsimd::default_arch::name();
    add("ceiling", "forward", t, "memcpy", 2, sizeof(T), "libc", [](benchmark::State& s, std::size_t n) {
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] { std::memcpy(y.data(), x, n * sizeof(T)); });
    });
    add("ceiling", "forward", t, "scale", 2, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] { scale(x, y.data(), n); });
    });
    add("ceiling", "backward", t, "mul", 3, sizeof(T), arch, [](benchmark::State& s, std::size_t n) {
        const T* x = input_x<T>();
        const T* g = input_dy<T>();
        buffer<T> y(n);
        loop(s, [&] { mul(x, g, y.data(), n); });
    });
}

} // namespace

void register_ceiling() {
    add_type<float>();
    add_type<double>();
}

} // namespace bench
