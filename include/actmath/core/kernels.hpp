// Array drivers: forward / derivative / backward / backward_from_output of any functor over
// contiguous memory.  One driver serves every functor: an unrolled body of four batches (a
// functor may ask for more, per batch width: unroll_v below; a derivative with a root window
// merges the window's lanes across them: root_merge_op), a one-batch loop, then the tail
// through the same batch code via a small zero-padded buffer, so an element's result never
// depends on the array's length, offset or alignment, and nothing outside [p, p + n) is read
// or written.  An output of ACTMATH_STREAM_BYTES or more
// (config.hpp, 32 MiB) is written with non-temporal stores: the elements before its first
// batch-aligned address go through the padded buffer, the batches after it bypass the cache (a
// normal store would read each line from memory before writing it), an SFENCE closes them.
// Everything the loop calls is inlined into it: the functors' members are ACTMATH_KERNEL_INLINE,
// and the op lambdas below ACTMATH_KERNEL_LAMBDA (config.hpp).  Left to itself, g++ 12 kept
// members out of line in units that instantiate many kernels (the benchmark's), a call per
// batch with the batch passed through memory: relu backward took 0.53 us for 4096 floats
// instead of 0.20.
//
// Ranges are anything with data() and size() (std::vector, std::array, std::span, a view of
// your own) or a pointer and an element count.  Length 0 is fine.  An output may be the very
// same memory as an input (in place); a partial overlap, or ranges of different sizes, throw
// std::invalid_argument naming the sizes.  The checks run once, before the loop.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "actmath/core/root.hpp"
#include "actmath/core/value.hpp"

namespace actmath {

// ---- traits -------------------------------------------------------------------------------
template <class F, class = void> struct has_derivative_from_output : std::false_type {};
template <class F>
struct has_derivative_from_output<
    F, std::void_t<decltype(std::declval<F const&>().derivative_from_output(
           std::declval<typename F::value_type>()))>> : std::true_type {};
template <class F>
constexpr bool has_derivative_from_output_v = has_derivative_from_output<F>::value;

// A functor may hand the drivers a stand-in for one call, where some values of its
// parameters allow fewer instructions (leaky_relu's max(slope x, x) for a slope in (0, 1],
// softplus's beta = 1).  It says so with a member
//   template <class Op, class Run> void with_form(Op, Run&& run) const
// that calls run(g) exactly once; Op is form::forward, form::derivative (derivative and
// backward) or form::from_output (derivative_from_output and backward_from_output), and g has
// that op's batch member for the functor's parameters, with the functor's bits (g may be the
// functor itself).  The drivers ask once, before the loop: a branch on a parameter inside
// forward(v) stays in the loop (g++ 12 does not hoist it) and can cost more than it saves.
namespace form {
struct forward {};
struct derivative {};
struct from_output {};
} // namespace form
namespace detail {
struct probe_run {
    template <class G> void operator()(G const&) const noexcept {}
};
} // namespace detail
template <class F, class = void> struct has_form : std::false_type {};
template <class F>
struct has_form<F, std::void_t<decltype(std::declval<F const&>().with_form(form::forward{}, detail::probe_run{}))>>
    : std::true_type {};

namespace detail {

template <class T> using batch_t = xsimd::batch<T>;

// run(g) with the functor's stand-in for this op and call, or with the functor itself.
template <class Op, class F, class Run> ACTMATH_INLINE void with_form(F const& f, Run&& run) {
    if constexpr (has_form<F>::value) f.with_form(Op{}, run);
    else run(f);
}

inline void check_sizes(const char* what, std::size_t a, std::size_t b, const char* na, const char* nb) {
    if (a != b)
        throw std::invalid_argument(std::string("actmath::") + what + ": " + na + " has " +
                                    std::to_string(a) + " elements but " + nb + " has " +
                                    std::to_string(b));
}

template <class T>
inline void check_overlap(const char* what, T const* in, T const* out, std::size_t n, const char* ni,
                          const char* no) {
    if (n == 0 || in == out) return;
    auto a = reinterpret_cast<std::uintptr_t>(in), b = reinterpret_cast<std::uintptr_t>(out);
    std::uintptr_t bytes = n * sizeof(T);
    if (a < b + bytes && b < a + bytes)
        throw std::invalid_argument(std::string("actmath::") + what + ": " + no + " (" + std::to_string(n) +
                                    " elements) partially overlaps " + ni + " (" + std::to_string(n) +
                                    " elements); use the same memory for in place or disjoint ranges");
}

// Elements [i, i + rest), rest < W, through a zero-padded buffer of one batch: the same batch
// code, and nothing outside them is read or written.
template <class A, std::size_t N, class T, class Op>
ACTMATH_INLINE void drive_partial(Op const& op, T* out, std::array<T const*, N> in, std::size_t i,
                                  std::size_t rest) noexcept {
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    alignas(64) T buf[N][W] = {};
    alignas(64) T res[W];
    for (std::size_t k = 0; k < N; ++k) std::memcpy(buf[k], in[k] + i, rest * sizeof(T));
    B r;
    if constexpr (N == 1) r = op(B::load_aligned(buf[0]));
    else r = op(B::load_aligned(buf[0]), B::load_aligned(buf[1]));
    r.store_aligned(res);
    std::memcpy(out + i, res, rest * sizeof(T));
}

// op on the batches of every input at element i.
template <class B, std::size_t N, class T, class Op>
ACTMATH_INLINE B apply_at(Op const& op, std::array<T const*, N> const& in, std::size_t i) noexcept {
    if constexpr (N == 1) return op(B::load_unaligned(in[0] + i));
    else return op(B::load_unaligned(in[0] + i), B::load_unaligned(in[1] + i));
}

// How many batches the loop computes before it stores any: 4, or the functor's own number
// for the width of a batch: `unroll` where a batch is 64 bytes (AVX-512, 32 vector
// registers), `unroll_256` where it is 32 (AVX, AVX2: 16 registers) and `unroll_128` where
// it is 16 (SSE2: 16 registers), each optional.  A kernel whose batch is a long chain of
// dependent operations (a division, a polynomial) keeps the units busy only with more
// batches in flight; a cheap one spills registers instead, and how many fit depends on the
// width, so the choice is measured per functor and per width (docs/integration.md).  The
// derivative_from_output loops keep 4: they are bound by memory, where 8 measured slower; so
// does the large-output loop with two inputs (drive_arch).
template <class F, std::size_t Bytes, class = void> struct unroll_at : std::integral_constant<std::size_t, 4> {};
template <class F> struct unroll_at<F, 64, std::void_t<decltype(F::unroll)>> : std::integral_constant<std::size_t, F::unroll> {};
template <class F> struct unroll_at<F, 32, std::void_t<decltype(F::unroll_256)>> : std::integral_constant<std::size_t, F::unroll_256> {};
template <class F> struct unroll_at<F, 16, std::void_t<decltype(F::unroll_128)>> : std::integral_constant<std::size_t, F::unroll_128> {};
template <class F, std::size_t Bytes>
constexpr std::size_t unroll_bytes_v = ACTMATH_UNROLL != 0 ? std::size_t(ACTMATH_UNROLL) : unroll_at<F, Bytes>::value;
template <class A, class F, class T = typename F::value_type>
constexpr std::size_t unroll_v = unroll_bytes_v<F, sizeof(xsimd::batch<T, A>)>;

// op at the batches i, i + W, ..., i + (U - 1) W, every one computed before any is stored
// (store(j, r) writes batch r at element j).
template <class B, std::size_t N, class T, class Op, class Store, std::size_t... K>
ACTMATH_INLINE void apply_block(Op const& op, std::array<T const*, N> const& in, std::size_t i,
                                std::index_sequence<K...>, Store const& store) noexcept {
    constexpr std::size_t W = B::size;
    B r[sizeof...(K)] = {apply_at<B, N>(op, in, i + K * W)...};
    (store(i + K * W, r[K]), ...);
}

// Root windows.  A functor whose derivative has a polynomial around a root (silu, swish, mish,
// gelu_tanh, quick_gelu: core/root.hpp) hands the drivers its pieces, derivative_split(v) and
// derivative_near(dh, xl).  Inputs spread over [-10, 10] put a lane of one batch of 16 floats
// in three to six inside a window, at random, and a branch per batch on it cost those
// derivatives 30% (its mispredictions; the polynomial on every batch costs more): the step
// gathers the lanes inside from its U batches into one batch, evaluates the polynomial once,
// and gives each lane back; only a lane inside in two batches of a step (a few steps in a
// hundred) sends the step through a polynomial per batch.  Every lane is the value
// derivative(v) gives it, bit for bit.  The merging step holds three vectors per batch, and
// takes at most 4 batches whatever the functor's unroll: 8 measured 10-25% slower on an
// AVX-512 Zen 4 (gelu_tanh, quick_gelu, silu), 6 about 3% slower.
template <class G, class = void> struct has_derivative_split : std::false_type {};
template <class G>
struct has_derivative_split<G, std::void_t<decltype(std::declval<G const&>().derivative_split(
                                   std::declval<typename G::value_type>()))>> : std::true_type {};

template <class G> struct root_merge_op {
    static constexpr std::size_t max_step = 4;
    G g;
    template <class V> ACTMATH_KERNEL_INLINE V operator()(V const& v) const noexcept { return g.derivative(v); }
    template <class V> ACTMATH_KERNEL_INLINE V operator()(V const& v, V const& u) const noexcept { return u * g.derivative(v); }
};

// The batches per step of a driver for op: U, or at most Op::max_step where it has one.
template <class Op, std::size_t U, class = void> struct step_of : std::integral_constant<std::size_t, U> {};
template <class Op, std::size_t U>
struct step_of<Op, U, std::void_t<decltype(Op::max_step)>>
    : std::integral_constant<std::size_t, (U < Op::max_step ? U : Op::max_step)> {};
template <class Op, std::size_t U> constexpr std::size_t step_v = step_of<Op, U>::value;

// The derivative (N = 1) or backward (N = 2) op of g for the drivers.
template <std::size_t N, class G> ACTMATH_INLINE auto derivative_op(G const& g) noexcept {
    if constexpr (has_derivative_split<G>::value) {
        return root_merge_op<G>{g};
    } else if constexpr (N == 1) {
        return [g](auto v) ACTMATH_KERNEL_LAMBDA { return g.derivative(v); };
    } else {
        return [g](auto v, auto u) ACTMATH_KERNEL_LAMBDA { return u * g.derivative(v); };
    }
}

// r[k] = g.derivative(v_k) from the pieces p[k] = g.derivative_split(v_k) of U batches.
template <class G, class B, std::size_t U>
ACTMATH_INLINE void merge_near(G const& g, core::root_split<B> const (&p)[U], B (&r)[U]) noexcept {
    auto inside = p[0].in;
    auto twice = core::lanes_and(p[0].in, !p[0].in);
    B dh = p[0].dh, xl = p[0].xl;
    for (std::size_t k = 1; k < U; ++k) {
        twice = core::lanes_or(twice, core::lanes_and(inside, p[k].in));
        inside = core::lanes_or(inside, p[k].in);
        dh = core::select(p[k].in, p[k].dh, dh);
        xl = core::select(p[k].in, p[k].xl, xl);
    }
    if (core::any(twice)) {
        for (std::size_t k = 0; k < U; ++k) r[k] = core::select(p[k].in, g.derivative_near(p[k].dh, p[k].xl), p[k].g);
    } else {
        B near = g.derivative_near(dh, xl);
        for (std::size_t k = 0; k < U; ++k) r[k] = core::select(p[k].in, near, p[k].g);
    }
}

template <class B, std::size_t N, class T, class G, class Store, std::size_t... K>
ACTMATH_INLINE void apply_block(root_merge_op<G> const& op, std::array<T const*, N> const& in, std::size_t i,
                                std::index_sequence<K...>, Store const& store) noexcept {
    constexpr std::size_t W = B::size;
    constexpr std::size_t U = sizeof...(K);
    core::root_split<B> p[U] = {op.g.derivative_split(B::load_unaligned(in[0] + i + K * W))...};
    B r[U];
    detail::merge_near(op.g, p, r);
    if constexpr (N == 2) ((r[K] = B::load_unaligned(in[1] + i + K * W) * r[K]), ...);
    (store(i + K * W, r[K]), ...);
}

// The large-output loop: the elements up to out's first batch-aligned address (fewer than W)
// through the padded buffer, the batches after it by non-temporal stores (core::stream, which
// needs that alignment), one SFENCE, then the tail.  A function of its own (ACTMATH_KERNEL,
// config.hpp), like drive_arch, so that drive_arch's common loop is compiled as if it were
// alone.
template <class A, std::size_t N, std::size_t U, class T, class Op>
ACTMATH_KERNEL void drive_stream(Op const& caller_op, T* out, std::array<T const*, N> in, std::size_t n) noexcept {
    const Op op = caller_op; // see drive_arch
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    constexpr std::uintptr_t align = sizeof(B);
    std::size_t i = (align - reinterpret_cast<std::uintptr_t>(out) % align) % align / sizeof(T);
    if (i != 0) drive_partial<A, N>(op, out, in, 0, i);
    for (; i + U * W <= n; i += U * W)
        apply_block<B, N>(op, in, i, std::make_index_sequence<U>{},
                          [out](std::size_t j, B const& r) ACTMATH_INLINE_LAMBDA { core::stream(out + j, r); });
    for (; i + W <= n; i += W) core::stream(out + i, apply_at<B, N>(op, in, i));
    core::stream_fence();
    if (i < n) drive_partial<A, N>(op, out, in, i, n - i);
}

// out[i] = op(in0[i], ..., in{N-1}[i]) with batches of architecture A (dispatch.hpp passes
// each architecture it compiles; everything else uses xsimd's default).
template <class A, std::size_t N, std::size_t U = 4, class T, class Op>
ACTMATH_KERNEL void drive_arch(Op const& caller_op, T* out, std::array<T const*, N> in, std::size_t n) noexcept {
    static_assert(U >= 1 && U <= 16, "actmath: batches per step (a functor's unroll, ACTMATH_UNROLL) must be 1 to 16");
    if constexpr (step_v<Op, U> != U) {
        drive_arch<A, N, step_v<Op, U>>(caller_op, out, in, n); // an op with its own limit
        return;
    }
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    if (ACTMATH_STREAM_BYTES != 0 && n >= ACTMATH_STREAM_BYTES / sizeof(T) && n >= 2 * W) {
        // Two input streams and a non-temporal output: 4 batches.  More measured slower at 16M
        // floats, for the memory-bound maps and erratically for some compute-bound ones
        // (sigmoid backward with 6 took 1.6-2.6x the time: docs/design.md section 6).
        drive_stream<A, N, N == 1 ? U : 4>(caller_op, out, in, n);
        return;
    }
    // The loop's own copy of op, which holds the functor by value: no store to out can change
    // it, so its parameters stay in registers.  Through the caller's reference (drive_arch is
    // out of line) g++ reloads them after every store.
    const Op op = caller_op;
    std::size_t i = 0;
    for (; i + U * W <= n; i += U * W)
        apply_block<B, N>(op, in, i, std::make_index_sequence<U>{},
                          [out](std::size_t j, B const& r) ACTMATH_INLINE_LAMBDA { r.store_unaligned(out + j); });
    for (; i + W <= n; i += W) apply_at<B, N>(op, in, i).store_unaligned(out + i);
    if (i < n) drive_partial<A, N>(op, out, in, i, n - i);
}

template <std::size_t N, std::size_t U = 4, class T, class Op>
ACTMATH_INLINE void drive(Op const& op, T* out, std::array<T const*, N> in, std::size_t n) noexcept {
    drive_arch<xsimd::default_arch, N, U>(op, out, in, n);
}

template <class R> auto range_data(R&& r) -> decltype(r.data()) { return r.data(); }
template <class R> std::size_t range_size(R const& r) { return static_cast<std::size_t>(r.size()); }

} // namespace detail

// ---- pointer + count ------------------------------------------------------------------------
template <class F, class T>
void forward(F const& f, T const* x, T* y, std::size_t n) {
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::forward: element type differs from the functor's");
    detail::check_overlap("forward", x, y, n, "x", "y");
    detail::with_form<form::forward>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<1, detail::unroll_v<xsimd::default_arch, F>>([g](auto v) ACTMATH_KERNEL_LAMBDA { return g.forward(v); }, y,
                                                                  std::array<T const*, 1>{x}, n);
    });
}

template <class F, class T>
void derivative(F const& f, T const* x, T* d, std::size_t n) {
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::derivative: element type differs from the functor's");
    detail::check_overlap("derivative", x, d, n, "x", "out");
    detail::with_form<form::derivative>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<1, detail::unroll_v<xsimd::default_arch, F>>(detail::derivative_op<1>(g), d, std::array<T const*, 1>{x}, n);
    });
}

// dx[i] = dy[i] * f'(x[i]), one fused pass.
template <class F, class T>
void backward(F const& f, T const* x, T const* dy, T* dx, std::size_t n) {
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::backward: element type differs from the functor's");
    detail::check_overlap("backward", x, dx, n, "x", "dx");
    detail::check_overlap("backward", dy, dx, n, "dy", "dx");
    detail::with_form<form::derivative>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<2, detail::unroll_v<xsimd::default_arch, F>>(detail::derivative_op<2>(g), dx, std::array<T const*, 2>{x, dy}, n);
    });
}

// dx[i] = dy[i] * f'(x[i]) computed from the saved output y[i] = f(x[i]).
template <class F, class T>
void backward_from_output(F const& f, T const* y, T const* dy, T* dx, std::size_t n) {
    static_assert(has_derivative_from_output_v<F>, "actmath::backward_from_output: this function's derivative is not a function of its output alone; use backward() with x");
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::backward_from_output: element type differs from the functor's");
    detail::check_overlap("backward_from_output", y, dx, n, "y", "dx");
    detail::check_overlap("backward_from_output", dy, dx, n, "dy", "dx");
    detail::with_form<form::from_output>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<2>([g](auto v, auto u) ACTMATH_KERNEL_LAMBDA { return u * g.derivative_from_output(v); }, dx,
                         std::array<T const*, 2>{y, dy}, n);
    });
}

// d[i] = f'(x[i]) computed from y[i] = f(x[i]) (no upstream gradient).
template <class F, class T>
void derivative_from_output(F const& f, T const* y, T* d, std::size_t n) {
    static_assert(has_derivative_from_output_v<F>, "actmath::derivative_from_output: this function's derivative is not a function of its output alone");
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::derivative_from_output: element type differs from the functor's");
    detail::check_overlap("derivative_from_output", y, d, n, "y", "out");
    detail::with_form<form::from_output>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<1>([g](auto v) ACTMATH_KERNEL_LAMBDA { return g.derivative_from_output(v); }, d, std::array<T const*, 1>{y}, n);
    });
}

// ---- ranges ---------------------------------------------------------------------------------
template <class F, class X, class Y, class = decltype(std::declval<X&>().data())>
void forward(F const& f, X const& x, Y&& y) {
    detail::check_sizes("forward", detail::range_size(x), detail::range_size(y), "x", "y");
    forward(f, detail::range_data(x), detail::range_data(y), detail::range_size(x));
}
template <class F, class X, class Y, class = decltype(std::declval<X&>().data())>
void derivative(F const& f, X const& x, Y&& out) {
    detail::check_sizes("derivative", detail::range_size(x), detail::range_size(out), "x", "out");
    derivative(f, detail::range_data(x), detail::range_data(out), detail::range_size(x));
}
template <class F, class Y, class D, class = decltype(std::declval<Y&>().data())>
void derivative_from_output(F const& f, Y const& y, D&& out) {
    detail::check_sizes("derivative_from_output", detail::range_size(y), detail::range_size(out), "y", "out");
    derivative_from_output(f, detail::range_data(y), detail::range_data(out), detail::range_size(y));
}
template <class F, class X, class G, class D, class = decltype(std::declval<X&>().data())>
void backward(F const& f, X const& x, G const& dy, D&& dx) {
    detail::check_sizes("backward", detail::range_size(x), detail::range_size(dy), "x", "dy");
    detail::check_sizes("backward", detail::range_size(x), detail::range_size(dx), "x", "dx");
    backward(f, detail::range_data(x), detail::range_data(dy), detail::range_data(dx), detail::range_size(x));
}
template <class F, class Y, class G, class D, class = decltype(std::declval<Y&>().data())>
void backward_from_output(F const& f, Y const& y, G const& dy, D&& dx) {
    detail::check_sizes("backward_from_output", detail::range_size(y), detail::range_size(dy), "y", "dy");
    detail::check_sizes("backward_from_output", detail::range_size(y), detail::range_size(dx), "y", "dx");
    backward_from_output(f, detail::range_data(y), detail::range_data(dy), detail::range_data(dx), detail::range_size(y));
}

} // namespace actmath
