// Gated linear units: y = value * act(gate), for any elementwise functor act of the catalogue.
//   gated<F>        the generic unit over F (anything with forward(V) and derivative(V))
//   glu<T>          act = sigmoid     torch.nn.functional.glu(x, dim=-1)
//   reglu<T>        act = relu        (Shazeer 2020, "GLU Variants Improve Transformer")
//   swiglu<T>       act = silu        (LLaMA's MLP: silu(gate_proj x) * up_proj x)
//   geglu<T>        act = gelu (erf)
//   geglu_tanh<T>   act = gelu_tanh (PyTorch's approximate='tanh')
// Backward for both inputs:
//   d_value = dy act(gate)          d_gate = dy value act'(gate)
// Evaluation: act(gate) and act'(gate) are the functor's own (its bounds); y adds one
// rounding; d_gate forms dy value exactly (core::two_prod) and rounds once in an fma with
// act', so every result is within the activation's bound plus about half an ulp.  The
// backward takes act and act' of silu and gelu_tanh from one exponential (their
// forward_and_split: act from the derivative's parts, within the forward's bound but not
// always with forward's bits, whose shorter exponential the derivative cannot take).  The array
// backward computes two or four batches per step (backward_step below) and merges the lanes
// near a root of act' across them as the activation's own derivative loop does
// (core/kernels.hpp); every element keeps the bits of the scalar backward.
//
// Two layouts.  Separate buffers (gate, value), each n elements.  Packed: a row-major
// [rows x width] array whose rows hold the two halves [first | second] of d = width / 2
// each, split on the last axis; `activated` says which half goes through act:
//   glu                    second half activated: F.glu(x) = first * sigmoid(second)
//                          (PyTorch, torch.nn.functional.glu documentation)
//   swiglu, geglu, reglu   first half activated: act(first) * second, as Megatron-LM
//                          (megatron/core/fusions/fused_bias_swiglu.py), vLLM
//                          (SiluAndMul, GeluAndMul: act(x[:d]) * x[d:]) and ggml
//                          (ggml_swiglu / ggml_geglu with swapped = false)
// The packed and the separate forms compute each element with the same code: same bits.
// An odd width, or buffers whose sizes disagree, throw std::invalid_argument naming them.
// Special values follow the activation (NaN in gives NaN; 0 * act(+inf) = NaN as in IEEE).
// Bounds: docs/functions/glu.md (measured by tests/test_glu.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "actmath/activations/gelu.hpp"
#include "actmath/activations/relu.hpp"
#include "actmath/activations/sigmoid.hpp"
#include "actmath/activations/swish.hpp"
#include "actmath/core/exact.hpp"
#include "actmath/core/functor.hpp"

namespace actmath {

enum class gate_half { first, second };


namespace detail {
namespace gating {
// F has forward_and_split (silu, gelu_tanh): act and the pieces of act' from shared parts.
template <class F, class = void> struct has_forward_and_split : std::false_type {};
template <class F>
struct has_forward_and_split<F, std::void_t<decltype(std::declval<F const&>().forward_and_split(
                                    std::declval<typename F::value_type>()))>> : std::true_type {};
} // namespace gating
} // namespace detail

// dy times the partial derivatives of y = value * act(gate).
template <class V> struct gated_gradients {
    V gate;  // dy value act'(gate)
    V value; // dy act(gate)
};

template <class F, gate_half Default = gate_half::first> struct gated {
    using value_type = typename F::value_type;
    using activation_type = F;
    static constexpr const char* name = "gated";
    // batches in flight per step: the activation's, for each width (core/kernels.hpp)
    static constexpr std::size_t unroll = actmath::detail::unroll_at<F, 64>::value;
    static constexpr std::size_t unroll_256 = actmath::detail::unroll_at<F, 32>::value;
    static constexpr std::size_t unroll_128 = actmath::detail::unroll_at<F, 16>::value;

    F activation{};                  // act, with its own parameters
    gate_half activated = Default;   // packed layout: the half that goes through act

    template <class V> ACTMATH_KERNEL_INLINE V forward(V const& gate, V const& value) const noexcept {
        return value * activation.forward(gate);
    }
    template <class V> gated_gradients<V> backward(V const& gate, V const& value, V const& dy) const noexcept {
        // Where F has forward_and_split, act and act' from its shared parts (the array
        // backward's bits); elsewhere act first: the other order measured up to 38% slower.
        if constexpr (detail::gating::has_forward_and_split<F>::value) {
            core::value_and_split<V> v = activation.forward_and_split(gate);
            return backward_from(v.value, core::derivative_of_split(activation, v.split), value, dy);
        } else {
            V a = activation.forward(gate);
            V da = activation.derivative(gate);
            return backward_from(a, da, value, dy);
        }
    }
    // The gradients from a = act(gate) and da = act'(gate).
    template <class V>
    static ACTMATH_KERNEL_INLINE gated_gradients<V> backward_from(V const& a, V const& da, V const& value, V const& dy) noexcept {
        using T = core::scalar_t<V>;
        // dy value exactly as hi + lo, one rounding with act'; where dy value alone
        // overflows, (dy act') value instead.
        core::two_result<V> p = core::two_prod(dy, value);
        auto finite = core::abs(p.hi) <= V(std::numeric_limits<T>::max());
        V lo = core::select(finite, p.lo, V(T(0)));
        V d_gate = core::select(finite, core::fma(p.hi, da, lo * da), (dy * da) * value);
        return {d_gate, dy * a};
    }
};

template <class T = float> using glu = gated<sigmoid<T>, gate_half::second>;
template <class T = float> using reglu = gated<relu<T>>;
template <class T = float> using swiglu = gated<silu<T>>;
template <class T = float> using geglu = gated<gelu<T>>;
template <class T = float> using geglu_tanh = gated<gelu_tanh<T>>;

template <class G> struct is_gated : std::false_type {};
template <class F, gate_half D> struct is_gated<gated<F, D>> : std::true_type {};
template <class G> constexpr bool is_gated_v = is_gated<G>::value;

namespace detail {
namespace gating {

// out[i] = op(in[0][i], ..., in[N-1][i]) for M outputs, batches then the tail through the
// same batch code via a zero-padded buffer.
template <std::size_t N, std::size_t M, class T, class Op>
ACTMATH_KERNEL void drive(Op const& op, T const* const (&in)[N], T* const (&out)[M], std::size_t n) noexcept {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    auto step = [&](B const (&v)[N], B (&r)[M]) { op(v, r); };
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        B v[N], r[M];
        for (std::size_t k = 0; k < N; ++k) v[k] = B::load_unaligned(in[k] + i);
        step(v, r);
        for (std::size_t k = 0; k < M; ++k) r[k].store_unaligned(out[k] + i);
    }
    if (i < n) {
        const std::size_t rest = n - i;
        alignas(64) T buf[N][W] = {};
        alignas(64) T res[M][W];
        B v[N], r[M];
        for (std::size_t k = 0; k < N; ++k) {
            std::memcpy(buf[k], in[k] + i, rest * sizeof(T));
            v[k] = B::load_aligned(buf[k]);
        }
        step(v, r);
        for (std::size_t k = 0; k < M; ++k) {
            r[k].store_aligned(res[k]);
            std::memcpy(out[k] + i, res[k], rest * sizeof(T));
        }
    }
}

// The forward has two inputs and one output: the activations' own driver (core/kernels.hpp),
// as many batches per step as the activation's forward takes, with the same tail.
template <class G, class T> void forward_n(G const& g, T const* gate, T const* value, T* y, std::size_t n) noexcept {
    actmath::detail::drive<2, actmath::detail::unroll_v<xsimd::default_arch, G>>(
        [g](auto a, auto b) ACTMATH_KERNEL_LAMBDA { return g.forward(a, b); }, y, std::array<T const*, 2>{gate, value}, n);
}

// Batches per step of the backward, per activation and batch width in bytes; 1 is one batch
// at a time through gated::backward.  Measured on a Zen 4 (bench/actmath_bench, 4096 and 65536
// elements): more batches in flight hide the activation's latency, but a long kernel spills
// registers (geglu_tanh double on AVX-512 was 10% slower with 2 than with 1; swiglu double
// 8% slower with 4 than with 2).
template <class F, std::size_t Bytes> struct backward_step : std::integral_constant<std::size_t, 2> {};
template <class T> struct backward_step<relu<T>, 64> : std::integral_constant<std::size_t, 4> {};
template <class T> struct backward_step<gelu<T>, 64> : std::integral_constant<std::size_t, 4> {};
template <class T> struct backward_step<silu<T>, 64> : std::integral_constant<std::size_t, std::is_same<T, float>::value ? 4 : 2> {};
template <class T> struct backward_step<gelu_tanh<T>, 64> : std::integral_constant<std::size_t, std::is_same<T, float>::value ? 2 : 1> {};
template <class T> struct backward_step<sigmoid<T>, 32> : std::integral_constant<std::size_t, 4> {};
template <class T> struct backward_step<silu<T>, 32> : std::integral_constant<std::size_t, 4> {};
template <class T> struct backward_step<gelu_tanh<T>, 32> : std::integral_constant<std::size_t, 4> {};

// ACTMATH_UNROLL (config.hpp), where set, for every activation and width, as in core/kernels.hpp.
template <class F, class T>
constexpr std::size_t backward_step_v =
    ACTMATH_UNROLL != 0 ? std::size_t(ACTMATH_UNROLL) : backward_step<F, sizeof(xsimd::batch<T>)>::value;

// U batches of the backward at element i: act and act' of each gate batch (the lanes of a
// root window merged across them, as in the activation's own derivative driver:
// core/kernels.hpp), then the gradients.  Every batch is computed before any is stored, so an
// output may be an input; every element has the bits of gated::backward.
template <class B, class G, class T, std::size_t... K>
ACTMATH_INLINE void backward_step_at(G const& g, T const* const (&in)[3], T* const (&out)[2], std::size_t i,
                                     std::index_sequence<K...>) noexcept {
    using F = typename G::activation_type;
    constexpr std::size_t W = B::size, U = sizeof...(K);
    F const& act = g.activation;
    B x[U] = {B::load_unaligned(in[0] + i + K * W)...};
    B a[U], da[U];
    if constexpr (has_forward_and_split<F>::value) {
        core::value_and_split<B> v[U] = {act.forward_and_split(x[K])...};
        core::root_split<B> p[U] = {v[K].split...};
        ((a[K] = v[K].value), ...);
        actmath::detail::merge_near(act, p, da);
    } else if constexpr (actmath::detail::has_derivative_split<F>::value) {
        ((a[K] = act.forward(x[K])), ...);
        core::root_split<B> p[U] = {act.derivative_split(x[K])...};
        actmath::detail::merge_near(act, p, da);
    } else {
        ((a[K] = act.forward(x[K]), da[K] = act.derivative(x[K])), ...);
    }
    gated_gradients<B> d[U] = {
        G::backward_from(a[K], da[K], B::load_unaligned(in[1] + i + K * W), B::load_unaligned(in[2] + i + K * W))...};
    ((d[K].gate.store_unaligned(out[0] + i + K * W), d[K].value.store_unaligned(out[1] + i + K * W)), ...);
}

// One batch at a time, and the tail.
template <class G, class T> void backward_one(G const& g, T const* const (&in)[3], T* const (&out)[2], std::size_t n) noexcept {
    drive<3, 2>([&](auto const& v, auto& r) {
        auto d = g.backward(v[0], v[1], v[2]);
        r[0] = d.gate;
        r[1] = d.value;
    }, in, out, n);
}

template <class G, class T>
ACTMATH_KERNEL void backward_loop(G const& caller_g, T const* const (&in)[3], T* const (&out)[2], std::size_t n) noexcept {
    const G g = caller_g; // the loop's own copy, kept in registers (core/kernels.hpp, drive_arch)
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    constexpr std::size_t U = backward_step_v<typename G::activation_type, T>;
    std::size_t i = 0;
    for (; i + U * W <= n; i += U * W) backward_step_at<B>(g, in, out, i, std::make_index_sequence<U>{});
    T const* const rin[3] = {in[0] + i, in[1] + i, in[2] + i};
    T* const rout[2] = {out[0] + i, out[1] + i};
    backward_one(g, rin, rout, n - i);
}

template <class G, class T>
void backward_n(G const& g, T const* gate, T const* value, T const* dy, T* d_gate, T* d_value, std::size_t n) noexcept {
    T const* const in[3] = {gate, value, dy};
    T* const out[2] = {d_gate, d_value};
    if constexpr (backward_step_v<typename G::activation_type, T> > 1) backward_loop(g, in, out, n);
    else backward_one(g, in, out, n);
}

inline void check_same(const char* fn, const char* na, std::size_t a, const char* nb, std::size_t b) {
    if (a != b)
        throw std::invalid_argument(std::string("actmath::") + fn + ": " + na + " has " + std::to_string(a) +
                                    " elements but " + nb + " has " + std::to_string(b));
}

template <class T>
inline void check_disjoint(const char* fn, T const* a, std::size_t na, const char* name_a, T const* b, std::size_t nb,
                           const char* name_b) {
    if (na == 0 || nb == 0) return;
    auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
    if (pa < pb + nb * sizeof(T) && pb < pa + na * sizeof(T))
        throw std::invalid_argument(std::string("actmath::") + fn + ": " + name_b + " (" + std::to_string(nb) +
                                    " elements) overlaps " + name_a + " (" + std::to_string(na) + " elements)");
}

// rows x width with an even width; returns d = width / 2.
inline std::size_t half_width(const char* fn, std::size_t rows, std::size_t width) {
    if (width % 2 != 0)
        throw std::invalid_argument(std::string("actmath::") + fn + ": packed width " + std::to_string(width) +
                                    " is odd; a packed row holds two halves of equal size");
    if (width != 0 && rows > std::numeric_limits<std::size_t>::max() / width)
        throw std::invalid_argument(std::string("actmath::") + fn + ": rows (" + std::to_string(rows) + ") x width (" +
                                    std::to_string(width) + ") overflows size_t");
    return width / 2;
}

} // namespace gating
} // namespace detail

// The one-input elementwise drivers do not apply to a gated unit (it takes gate and value):
// deleted so that the call names the mistake.
template <class F, gate_half D, class T> void forward(gated<F, D> const&, T const*, T*, std::size_t) = delete;
template <class F, gate_half D, class X, class Y> void forward(gated<F, D> const&, X const&, Y&&) = delete;

// ---- separate buffers: gate, value, y of n elements each ----------------------------------------
// y may be gate or value (in place); d_gate and d_value may each be any one input, but not
// each other.  Partial overlaps throw.
template <class G, class T, std::enable_if_t<is_gated_v<G>, int> = 0>
void forward(G const& g, T const* gate, T const* value, T* y, std::size_t n) {
    static_assert(std::is_same<T, typename G::value_type>::value, "actmath::forward: element type differs from the unit's");
    detail::check_overlap("forward", gate, y, n, "gate", "y");
    detail::check_overlap("forward", value, y, n, "value", "y");
    detail::gating::forward_n(g, gate, value, y, n);
}

template <class G, class T, std::enable_if_t<is_gated_v<G>, int> = 0>
void backward(G const& g, T const* gate, T const* value, T const* dy, T* d_gate, T* d_value, std::size_t n) {
    static_assert(std::is_same<T, typename G::value_type>::value, "actmath::backward: element type differs from the unit's");
    for (T const* in : {gate, value, dy}) {
        detail::check_overlap("backward", in, d_gate, n, "an input", "d_gate");
        detail::check_overlap("backward", in, d_value, n, "an input", "d_value");
    }
    detail::gating::check_disjoint("backward", static_cast<T const*>(d_gate), n, "d_gate", static_cast<T const*>(d_value), n,
                                   "d_value");
    detail::gating::backward_n(g, gate, value, dy, d_gate, d_value, n);
}

template <class G, class A, class B, class Y, std::enable_if_t<is_gated_v<G>, int> = 0,
          class = decltype(std::declval<A const&>().data())>
void forward(G const& g, A const& gate, B const& value, Y&& y) {
    using detail::range_size;
    detail::gating::check_same("forward", "gate", range_size(gate), "value", range_size(value));
    detail::gating::check_same("forward", "gate", range_size(gate), "y", range_size(y));
    forward(g, detail::range_data(gate), detail::range_data(value), detail::range_data(y), range_size(gate));
}

template <class G, class A, class B, class D, class DG, class DV, std::enable_if_t<is_gated_v<G>, int> = 0,
          class = decltype(std::declval<A const&>().data())>
void backward(G const& g, A const& gate, B const& value, D const& dy, DG&& d_gate, DV&& d_value) {
    using detail::range_size;
    const std::size_t n = range_size(gate);
    detail::gating::check_same("backward", "gate", n, "value", range_size(value));
    detail::gating::check_same("backward", "gate", n, "dy", range_size(dy));
    detail::gating::check_same("backward", "gate", n, "d_gate", range_size(d_gate));
    detail::gating::check_same("backward", "gate", n, "d_value", range_size(d_value));
    backward(g, detail::range_data(gate), detail::range_data(value), detail::range_data(dy), detail::range_data(d_gate),
             detail::range_data(d_value), n);
}

// ---- packed: x is [rows x width], width = 2d; y and dy are [rows x d]; dx is [rows x width] ----
// y must not overlap x; dx may be x itself (in place) but must not overlap dy.
template <class G, class T, std::enable_if_t<is_gated_v<G>, int> = 0>
void forward_packed(G const& g, T const* x, T* y, std::size_t rows, std::size_t width) {
    static_assert(std::is_same<T, typename G::value_type>::value, "actmath::forward_packed: element type differs from the unit's");
    const std::size_t d = detail::gating::half_width("forward_packed", rows, width);
    detail::gating::check_disjoint("forward_packed", x, rows * width, "x", static_cast<T const*>(y), rows * d, "y");
    const std::size_t gate_off = g.activated == gate_half::first ? 0 : d;
    for (std::size_t r = 0; r < rows; ++r)
        detail::gating::forward_n(g, x + r * width + gate_off, x + r * width + (d - gate_off), y + r * d, d);
}

template <class G, class T, std::enable_if_t<is_gated_v<G>, int> = 0>
void backward_packed(G const& g, T const* x, T const* dy, T* dx, std::size_t rows, std::size_t width) {
    static_assert(std::is_same<T, typename G::value_type>::value, "actmath::backward_packed: element type differs from the unit's");
    const std::size_t d = detail::gating::half_width("backward_packed", rows, width);
    detail::check_overlap("backward_packed", x, dx, rows * width, "x", "dx");
    detail::gating::check_disjoint("backward_packed", dy, rows * d, "dy", static_cast<T const*>(dx), rows * width, "dx");
    const std::size_t gate_off = g.activated == gate_half::first ? 0 : d;
    for (std::size_t r = 0; r < rows; ++r) {
        T const* xr = x + r * width;
        T* dxr = dx + r * width;
        detail::gating::backward_n(g, xr + gate_off, xr + (d - gate_off), dy + r * d, dxr + gate_off, dxr + (d - gate_off), d);
    }
}

template <class G, class X, class Y, std::enable_if_t<is_gated_v<G>, int> = 0,
          class = decltype(std::declval<X const&>().data())>
void forward_packed(G const& g, X const& x, Y&& y, std::size_t width) {
    using detail::range_size;
    const std::size_t n = range_size(x);
    detail::gating::half_width("forward_packed", 0, width);
    if (width == 0 ? n != 0 : n % width != 0)
        throw std::invalid_argument("actmath::forward_packed: x has " + std::to_string(n) +
                                    " elements, not a whole number of rows of width " + std::to_string(width));
    detail::gating::check_same("forward_packed", "y", range_size(y), "half of x", n / 2);
    forward_packed(g, detail::range_data(x), detail::range_data(y), width == 0 ? 0 : n / width, width);
}

template <class G, class X, class D, class DX, std::enable_if_t<is_gated_v<G>, int> = 0,
          class = decltype(std::declval<X const&>().data())>
void backward_packed(G const& g, X const& x, D const& dy, DX&& dx, std::size_t width) {
    using detail::range_size;
    const std::size_t n = range_size(x);
    detail::gating::half_width("backward_packed", 0, width);
    if (width == 0 ? n != 0 : n % width != 0)
        throw std::invalid_argument("actmath::backward_packed: x has " + std::to_string(n) +
                                    " elements, not a whole number of rows of width " + std::to_string(width));
    detail::gating::check_same("backward_packed", "dy", range_size(dy), "half of x", n / 2);
    detail::gating::check_same("backward_packed", "dx", range_size(dx), "x", n);
    backward_packed(g, detail::range_data(x), detail::range_data(dy), detail::range_data(dx), width == 0 ? 0 : n / width,
                    width);
}

} // namespace actmath
