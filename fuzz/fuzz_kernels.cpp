// libFuzzer target over actmath's array API (scripts/fuzz.sh builds and runs it).
//
// One input picks a function of the catalogue, float or double, its parameters (ordinary
// values, NaN, +-inf, +-0, subnormals, huge, negative, raw bits), a length, offsets into the
// buffers, and the element values.  Construction may throw std::invalid_argument (the
// documented failure for bad parameters) and nothing else.  Then, for forward, derivative,
// backward and, where the function has them, derivative_from_output and
// backward_from_output, out of place and in place:
//   - every element equals the scalar call bit for bit (NaN equals NaN),
//   - nothing outside [p, p + n) is written (sentinels before the range; the range ends at
//     the end of its own heap allocation, so ASan sees any access past it),
// and partially overlapping or mismatched ranges must throw std::invalid_argument.
// Any other outcome traps (a finding).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// Every family header that exists (-DACTMATH_FUZZ_NO_<FAMILY> leaves one out); a family still
// being written may be a stub, so each functor is used only if its class template is complete
// (see complete_v below).
#if __has_include(<actmath/activations/sigmoid.hpp>) && !defined(ACTMATH_FUZZ_NO_SIGMOID)
#include <actmath/activations/sigmoid.hpp>
#endif
#if __has_include(<actmath/activations/tanh.hpp>) && !defined(ACTMATH_FUZZ_NO_TANH)
#include <actmath/activations/tanh.hpp>
#endif
#if __has_include(<actmath/activations/relu.hpp>) && !defined(ACTMATH_FUZZ_NO_RELU)
#include <actmath/activations/relu.hpp>
#endif
#if __has_include(<actmath/activations/hard.hpp>) && !defined(ACTMATH_FUZZ_NO_HARD)
#include <actmath/activations/hard.hpp>
#endif
#if __has_include(<actmath/activations/shrink.hpp>) && !defined(ACTMATH_FUZZ_NO_SHRINK)
#include <actmath/activations/shrink.hpp>
#endif
#if __has_include(<actmath/activations/softsign.hpp>) && !defined(ACTMATH_FUZZ_NO_SOFTSIGN)
#include <actmath/activations/softsign.hpp>
#endif
#if __has_include(<actmath/activations/elu.hpp>) && !defined(ACTMATH_FUZZ_NO_ELU)
#include <actmath/activations/elu.hpp>
#endif
#if __has_include(<actmath/activations/softplus.hpp>) && !defined(ACTMATH_FUZZ_NO_SOFTPLUS)
#include <actmath/activations/softplus.hpp>
#endif
#if __has_include(<actmath/activations/swish.hpp>) && !defined(ACTMATH_FUZZ_NO_SWISH)
#include <actmath/activations/swish.hpp>
#endif
#if __has_include(<actmath/activations/mish.hpp>) && !defined(ACTMATH_FUZZ_NO_MISH)
#include <actmath/activations/mish.hpp>
#endif
#if __has_include(<actmath/activations/gelu.hpp>) && !defined(ACTMATH_FUZZ_NO_GELU)
#include <actmath/activations/gelu.hpp>
#endif

// The catalogue's class templates, declared (a redeclaration where the header defines them).
#define ACTMATH_FUZZ_FUNCTIONS(X)                                                                    \
    X(sigmoid, 0) X(log_sigmoid, 0) X(tanh, 0) X(hardtanh, 2) X(relu, 0) X(relu6, 0) X(leaky_relu, 1) \
    X(prelu, 1) X(rrelu, 2) X(threshold, 2) X(elu, 1) X(selu, 0) X(celu, 1) X(softplus, 2)          \
    X(softsign, 0) X(silu, 0) X(swish, 1) X(hardswish, 0) X(hardsigmoid, 0) X(mish, 0) X(gelu, 0)   \
    X(gelu_tanh, 0) X(quick_gelu, 0) X(tanhshrink, 0) X(softshrink, 1) X(hardshrink, 1)

namespace actmath {
#define ACTMATH_FUZZ_DECLARE(name, params) template <class T> struct name;
ACTMATH_FUZZ_FUNCTIONS(ACTMATH_FUZZ_DECLARE)
#undef ACTMATH_FUZZ_DECLARE
} // namespace actmath

namespace {

template <class F, class = void> struct complete : std::false_type {};
template <class F> struct complete<F, std::void_t<decltype(sizeof(F))>> : std::true_type {};
template <class F> constexpr bool complete_v = complete<F>::value;

[[noreturn]] void finding(const char* fn, const char* what, std::size_t i, double x, double got, double want) {
    std::fprintf(stderr, "actmath fuzz: %s %s: element %zu, x = %.17g: got %.17g, want %.17g\n", fn, what, i, x, got,
                 want);
    std::fflush(stderr);
    __builtin_trap();
}
[[noreturn]] void finding(const char* fn, const char* what) {
    std::fprintf(stderr, "actmath fuzz: %s: %s\n", fn, what);
    std::fflush(stderr);
    __builtin_trap();
}

template <class T> bool same_bits(T a, T b) {
    if (a != a && b != b) return true;
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// A value that exercises the edges: specials with high probability, otherwise raw bits.
template <class T> T fuzz_value(FuzzedDataProvider& d) {
    using L = std::numeric_limits<T>;
    static const T specials[] = {T(0),          -T(0),          L::infinity(), -L::infinity(), L::quiet_NaN(),
                                 L::denorm_min(), -L::denorm_min(), L::min(),      L::max(),       -L::max(),
                                 T(1),          T(-1),          T(0.5),        T(-0.5),        T(3),
                                 T(-3),         T(6),           T(20),         T(1e30),        T(-1e30),
                                 T(-89),        T(89),          T(1e-30),      T(-1e-8),       L::epsilon()};
    const std::uint8_t k = d.ConsumeIntegral<std::uint8_t>();
    if (k < 2 * sizeof(specials) / sizeof(T)) return specials[k % (sizeof(specials) / sizeof(T))];
    if constexpr (sizeof(T) == 4) {
        std::uint32_t b = d.ConsumeIntegral<std::uint32_t>();
        T x;
        std::memcpy(&x, &b, 4);
        return x;
    } else {
        std::uint64_t b = d.ConsumeIntegral<std::uint64_t>();
        T x;
        std::memcpy(&x, &b, 8);
        return x;
    }
}

// A buffer whose usable range [p, p + n) ends exactly at the end of its heap allocation,
// preceded by `pad` sentinel elements.
template <class T> struct guarded {
    std::unique_ptr<unsigned char[]> mem;
    T* p = nullptr;
    std::size_t n = 0, pad = 0;
    static constexpr unsigned char sentinel = 0xA5;
    guarded(std::size_t n_, std::size_t pad_) : n(n_), pad(pad_) {
        // bytes: pad elements of sentinels, n elements; an odd byte shift misaligns nothing
        // (T must stay aligned to its size for the scalar reads), the offset misaligns for SIMD.
        mem.reset(new unsigned char[(n + pad) * sizeof(T)]);
        std::memset(mem.get(), sentinel, (n + pad) * sizeof(T));
        p = reinterpret_cast<T*>(mem.get()) + pad;
    }
    void check(const char* fn, const char* what) const {
        for (std::size_t i = 0; i < pad * sizeof(T); ++i)
            if (mem[i] != sentinel) finding(fn, what);
    }
};

template <class F, class = void, class... P> struct braces : std::false_type {};
template <class F, class... P>
struct braces<F, std::void_t<decltype(F{std::declval<P>()...})>, P...> : std::true_type {};

template <class F, class... P> bool construct(std::unique_ptr<F>& f, P... p) {
    if constexpr (!braces<F, void, P...>::value) {
        return false; // this function takes fewer parameters
    } else try {
        f.reset(new F{p...});
        return true;
    } catch (std::invalid_argument const& e) {
        // The documented failure: a message naming the function.
        if (std::strncmp(e.what(), "actmath::", 9) != 0) finding("constructor", "invalid_argument without 'actmath::'");
        return false;
    }
}

template <class F> void exercise(F const& f, FuzzedDataProvider& d) {
    using T = typename F::value_type;
    const char* fn = F::name;
    // 0 .. 96 elements: past the unrolled body (4 batches: 64 floats with AVX-512), a single batch
    // and every tail length.
    const std::size_t n = d.ConsumeIntegralInRange<std::size_t>(0, 96);
    const std::size_t px = d.ConsumeIntegralInRange<std::size_t>(0, 15);
    const std::size_t py = d.ConsumeIntegralInRange<std::size_t>(0, 15);
    const std::size_t pg = d.ConsumeIntegralInRange<std::size_t>(0, 15);
    guarded<T> x(n, px), y(n, py), g(n, pg), out(n, py);
    for (std::size_t i = 0; i < n; ++i) x.p[i] = fuzz_value<T>(d);
    for (std::size_t i = 0; i < n; ++i) g.p[i] = fuzz_value<T>(d);

    // forward, out of place and in place
    actmath::forward(f, x.p, y.p, n);
    for (std::size_t i = 0; i < n; ++i)
        if (!same_bits(y.p[i], f.forward(x.p[i]))) finding(fn, "forward != scalar", i, x.p[i], y.p[i], f.forward(x.p[i]));
    y.check(fn, "forward wrote before its range");
    std::memcpy(out.p, x.p, n * sizeof(T));
    actmath::forward(f, out.p, out.p, n);
    for (std::size_t i = 0; i < n; ++i)
        if (!same_bits(out.p[i], y.p[i])) finding(fn, "forward in place != out of place", i, x.p[i], out.p[i], y.p[i]);
    out.check(fn, "in-place forward wrote before its range");

    // derivative
    actmath::derivative(f, x.p, out.p, n);
    for (std::size_t i = 0; i < n; ++i)
        if (!same_bits(out.p[i], f.derivative(x.p[i])))
            finding(fn, "derivative != scalar", i, x.p[i], out.p[i], f.derivative(x.p[i]));
    out.check(fn, "derivative wrote before its range");

    // backward: dx = dy * f'(x); in place over dy as well
    actmath::backward(f, x.p, g.p, out.p, n);
    for (std::size_t i = 0; i < n; ++i) {
        T want = g.p[i] * f.derivative(x.p[i]);
        if (!same_bits(out.p[i], want)) finding(fn, "backward != dy * scalar derivative", i, x.p[i], out.p[i], want);
    }
    out.check(fn, "backward wrote before its range");
    {
        guarded<T> gi(n, pg);
        std::memcpy(gi.p, g.p, n * sizeof(T));
        actmath::backward(f, x.p, gi.p, gi.p, n);
        for (std::size_t i = 0; i < n; ++i)
            if (!same_bits(gi.p[i], out.p[i])) finding(fn, "backward in place != out of place", i, x.p[i], gi.p[i], out.p[i]);
        gi.check(fn, "in-place backward wrote before its range");
    }

    if constexpr (actmath::has_derivative_from_output_v<F>) {
        // from the output: y as computed above, and raw values (any y must be safe)
        for (int pass = 0; pass < 2; ++pass) {
            T const* src = pass == 0 ? y.p : x.p;
            actmath::derivative_from_output(f, src, out.p, n);
            for (std::size_t i = 0; i < n; ++i)
                if (!same_bits(out.p[i], f.derivative_from_output(src[i])))
                    finding(fn, "derivative_from_output != scalar", i, src[i], out.p[i], f.derivative_from_output(src[i]));
            actmath::backward_from_output(f, src, g.p, out.p, n);
            for (std::size_t i = 0; i < n; ++i) {
                T want = g.p[i] * f.derivative_from_output(src[i]);
                if (!same_bits(out.p[i], want)) finding(fn, "backward_from_output != scalar", i, src[i], out.p[i], want);
            }
            out.check(fn, "from-output kernels wrote before their range");
        }
    }

    // Refused: partial overlap (out shifted by 1..n-1 elements within x's memory), and ranges
    // of different sizes.  Neither may write anything.
    if (n >= 2) {
        const std::size_t shift = 1 + d.ConsumeIntegralInRange<std::size_t>(0, n - 2);
        std::vector<T> before(x.p, x.p + n);
        bool threw = false;
        try {
            actmath::forward(f, x.p + shift, x.p, n - shift);
        } catch (std::invalid_argument const&) {
            threw = true;
        }
        // x.p + shift and x.p overlap only when n - shift > shift.
        if ((n - shift > shift) != threw) finding(fn, "partial overlap: exception does not match the overlap");
        if (threw && std::memcmp(before.data(), x.p, n * sizeof(T)) != 0) finding(fn, "refused call wrote");
        if (!threw) std::memcpy(x.p, before.data(), n * sizeof(T));
        threw = false;
        try {
            actmath::backward(f, x.p, g.p + 1, g.p, n - 1);
        } catch (std::invalid_argument const&) {
            threw = true;
        }
        if ((n - 1 > 1) != threw) finding(fn, "backward: exception does not match dx overlapping dy");
    }
    {
        std::vector<T> a(n), b(n + 1 + d.ConsumeIntegralInRange<std::size_t>(0, 3));
        bool threw = false;
        try {
            actmath::forward(f, a, b);
        } catch (std::invalid_argument const& e) {
            threw = std::string(e.what()).find(std::to_string(n)) != std::string::npos;
        }
        if (!threw) finding(fn, "mismatched sizes did not throw invalid_argument naming the sizes");
        threw = false;
        try {
            actmath::backward(f, a, a, b);
        } catch (std::invalid_argument const&) {
            threw = true;
        }
        if (!threw) finding(fn, "backward with mismatched sizes did not throw");
    }
}

template <template <class> class Fam, int Params, class T> void run_one(FuzzedDataProvider& d) {
    using F = Fam<T>;
    if constexpr (!complete_v<F>) {
        return;
    } else {
        std::unique_ptr<F> f;
        bool ok;
        if constexpr (Params == 0) ok = construct(f);
        else if constexpr (Params == 1) ok = d.ConsumeBool() ? construct(f) : construct(f, fuzz_value<T>(d));
        else {
            const int how = d.ConsumeIntegralInRange(0, 2);
            if (how == 0) ok = construct(f);
            else if (how == 1) ok = construct(f, fuzz_value<T>(d));
            else ok = construct(f, fuzz_value<T>(d), fuzz_value<T>(d));
        }
        if (ok) exercise(*f, d);
    }
}

using runner = void (*)(FuzzedDataProvider&);
#define ACTMATH_FUZZ_ENTRY(name, params) &run_one<actmath::name, params, float>, &run_one<actmath::name, params, double>,
const runner runners[] = {ACTMATH_FUZZ_FUNCTIONS(ACTMATH_FUZZ_ENTRY)};
#undef ACTMATH_FUZZ_ENTRY

} // namespace

// Names the functions this build fuzzes (the catalogue's complete class templates).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::string names;
    int n = 0;
#define ACTMATH_FUZZ_NAME(name, params)                  \
    if (complete_v<actmath::name<float>>) {              \
        names += " " #name;                              \
        ++n;                                             \
    }
    ACTMATH_FUZZ_FUNCTIONS(ACTMATH_FUZZ_NAME)
#undef ACTMATH_FUZZ_NAME
    std::fprintf(stderr, "actmath fuzz: %d functions:%s\n", n, names.c_str());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider d(data, size);
    constexpr std::size_t count = sizeof(runners) / sizeof(runners[0]);
    runners[d.ConsumeIntegral<std::uint8_t>() % count](d);
    return 0;
}
