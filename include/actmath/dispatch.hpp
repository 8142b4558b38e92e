// Runtime dispatch: one binary that runs the array kernels with the best instruction set of
// the machine it runs on (x86-64: AVX-512 (F, CD, DQ, BW: Skylake-SP, Ice Lake, Zen 4 and
// later), else AVX2+FMA, else SSE2).
//
//   actmath::dispatch::forward(f, x, y)              the calls of core/kernels.hpp, with the same
//   actmath::dispatch::derivative(f, x, d)           checks, over ranges or (pointer, count):
//   actmath::dispatch::backward(f, x, dy, dx)        the work runs on the best architecture
//   actmath::dispatch::derivative_from_output(f, y, d)   this machine has
//   actmath::dispatch::backward_from_output(f, y, dy, dx)
//   actmath::dispatch::arch_name()                   "avx512bw", "fma3+avx2" or "sse2": the pick
//   actmath::dispatch::kernels<A, F>::forward(...)   one architecture's kernel, called directly
//
// How it works.  The instruction set of xsimd code is fixed when it is compiled, so each
// architecture's kernels live in their own translation unit compiled with that architecture's
// flags; cmake/actmath-dispatch.cmake writes those units for a target:
//
//   // my_functors.hpp: one line per functor type the program dispatches
//   #include <actmath/dispatch.hpp>
//   #include <actmath/activations/sigmoid.hpp>
//   ACTMATH_DISPATCH(actmath::sigmoid<float>)
//
//   # CMakeLists.txt
//   actmath_dispatch(my_target HEADER ${CMAKE_CURRENT_SOURCE_DIR}/my_functors.hpp)
//
// In the program's own units ACTMATH_DISPATCH(F) declares kernels<A, F> for every
// architecture as `extern template`; in the unit the helper writes for architecture A (which
// defines ACTMATH_DISPATCH_ARCH to A) it instantiates kernels<A, F> explicitly.  A call picks
// the architecture with xsimd::dispatch, which reads CPUID once.
//
// Rules that keep the units apart (the one-definition rule across units compiled with
// different flags).  Everything a kernel reaches is either a template over the batch type
// (functor members, core::, xsimd) or always inlined, so no AVX-512 copy of an ordinary inline
// function can be picked by the linker for the SSE2 path.  The size and overlap checks
// therefore run here, in the caller's unit, never inside kernels<A, F>.
//
// Accuracy.  The SSE2 path has no fused multiply-add, so its results may differ from the
// AVX2 and AVX-512 paths in the last bits; every path stays within the bounds of
// docs/accuracy.md (tests/test_dispatch.cpp measures each one the machine supports).
// Within one path, the result of an element does not depend on the array's length or offset.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "actmath/core/functor.hpp"

#if (defined(__x86_64__) || defined(_M_X64)) && !defined(ACTMATH_DISPATCH_NATIVE_ONLY)
#define ACTMATH_DISPATCH_X86 1
#else
#define ACTMATH_DISPATCH_X86 0
#endif
// The helper sets these to 0 on a target when an architecture is left out of ARCHS.
#ifndef ACTMATH_DISPATCH_WITH_AVX512
#define ACTMATH_DISPATCH_WITH_AVX512 1
#endif
#ifndef ACTMATH_DISPATCH_WITH_AVX2
#define ACTMATH_DISPATCH_WITH_AVX2 1
#endif

namespace actmath {
namespace dispatch {

// The candidates, best first (xsimd::dispatch wants them sorted by version).  AVX-512 means
// xsimd's avx512bw (F + CD + DQ + BW, every AVX-512 CPU but the Xeon Phi): with xsimd 8.1 its
// integer shifts do not trip GCC 12's -Wuninitialized inside avx512fintrin.h, as avx512f's do.
#if ACTMATH_DISPATCH_X86
using avx512 = xsimd::avx512bw;
using avx2 = xsimd::fma3<xsimd::avx2>;
using sse2 = xsimd::sse2;
namespace detail {
template <class... A> struct cat { using type = xsimd::arch_list<A...>; };
template <bool On, class A> struct opt { using type = xsimd::arch_list<A>; };
template <class A> struct opt<false, A> { using type = xsimd::arch_list<>; };
template <class L1, class L2, class L3> struct join3;
template <class... A, class... B, class... C>
struct join3<xsimd::arch_list<A...>, xsimd::arch_list<B...>, xsimd::arch_list<C...>> {
    using type = xsimd::arch_list<A..., B..., C...>;
};
} // namespace detail
using archs = typename detail::join3<typename detail::opt<ACTMATH_DISPATCH_WITH_AVX512 != 0, avx512>::type,
                                     typename detail::opt<ACTMATH_DISPATCH_WITH_AVX2 != 0, avx2>::type,
                                     xsimd::arch_list<sse2>>::type;
#else
// Elsewhere (or with ACTMATH_DISPATCH_NATIVE_ONLY) the one architecture the unit is compiled for.
using archs = xsimd::arch_list<xsimd::default_arch>;
#endif

namespace detail {

// The one array driver (core/kernels.hpp), instantiated for architecture A.
template <class A, std::size_t N, std::size_t U = 4, class T, class Op>
ACTMATH_INLINE void drive(Op const& op, T* out, std::array<T const*, N> in, std::size_t n) noexcept {
    actmath::detail::drive_arch<A, N, U>(op, out, in, n);
}

} // namespace detail

// The kernels of functor F on architecture A.  Defined out of line (not inline), so an
// `extern template` declaration keeps a unit from compiling them for an architecture it was
// not compiled for.  No checks here: the callers below check sizes and overlap first.
template <class A, class F> struct kernels {
    using T = typename F::value_type;
    static void forward(F const& f, T const* x, T* y, std::size_t n) noexcept;
    static void derivative(F const& f, T const* x, T* d, std::size_t n) noexcept;
    static void backward(F const& f, T const* x, T const* dy, T* dx, std::size_t n) noexcept;
    // From y = f(x); these do nothing for a functor without derivative_from_output (the
    // callers refuse such a functor at compile time).
    static void derivative_from_output(F const& f, T const* y, T* d, std::size_t n) noexcept;
    static void backward_from_output(F const& f, T const* y, T const* dy, T* dx, std::size_t n) noexcept;
};

template <class A, class F>
void kernels<A, F>::forward(F const& f, T const* x, T* y, std::size_t n) noexcept {
    static_assert(A::supported(), "actmath::dispatch: this unit is not compiled for the architecture A");
    actmath::detail::with_form<actmath::form::forward>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<A, 1, actmath::detail::unroll_v<A, F>>([g](auto v) ACTMATH_KERNEL_LAMBDA { return g.forward(v); }, y,
                                                            std::array<T const*, 1>{x}, n);
    });
}
template <class A, class F>
void kernels<A, F>::derivative(F const& f, T const* x, T* d, std::size_t n) noexcept {
    static_assert(A::supported(), "actmath::dispatch: this unit is not compiled for the architecture A");
    actmath::detail::with_form<actmath::form::derivative>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<A, 1, actmath::detail::unroll_v<A, F>>(actmath::detail::derivative_op<1>(g), d, std::array<T const*, 1>{x}, n);
    });
}
template <class A, class F>
void kernels<A, F>::backward(F const& f, T const* x, T const* dy, T* dx, std::size_t n) noexcept {
    static_assert(A::supported(), "actmath::dispatch: this unit is not compiled for the architecture A");
    actmath::detail::with_form<actmath::form::derivative>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
        detail::drive<A, 2, actmath::detail::unroll_v<A, F>>(actmath::detail::derivative_op<2>(g), dx, std::array<T const*, 2>{x, dy}, n);
    });
}
template <class A, class F>
void kernels<A, F>::derivative_from_output(F const& f, T const* y, T* d, std::size_t n) noexcept {
    static_assert(A::supported(), "actmath::dispatch: this unit is not compiled for the architecture A");
    if constexpr (has_derivative_from_output_v<F>)
        actmath::detail::with_form<actmath::form::from_output>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
            detail::drive<A, 1>([g](auto v) ACTMATH_KERNEL_LAMBDA { return g.derivative_from_output(v); }, d, std::array<T const*, 1>{y}, n);
        });
}
template <class A, class F>
void kernels<A, F>::backward_from_output(F const& f, T const* y, T const* dy, T* dx, std::size_t n) noexcept {
    static_assert(A::supported(), "actmath::dispatch: this unit is not compiled for the architecture A");
    if constexpr (has_derivative_from_output_v<F>)
        actmath::detail::with_form<actmath::form::from_output>(f, [&](auto const& g) ACTMATH_INLINE_LAMBDA {
            detail::drive<A, 2>([g](auto v, auto u) ACTMATH_KERNEL_LAMBDA { return u * g.derivative_from_output(v); }, dx,
                                std::array<T const*, 2>{y, dy}, n);
        });
}

namespace detail {

struct name_op {
    template <class A> const char* operator()(A) const noexcept { return A::name(); }
};
template <class F> struct forward_op {
    using T = typename F::value_type;
    template <class A> void operator()(A, F const& f, T const* x, T* y, std::size_t n) const noexcept {
        kernels<A, F>::forward(f, x, y, n);
    }
};
template <class F> struct derivative_op {
    using T = typename F::value_type;
    template <class A> void operator()(A, F const& f, T const* x, T* d, std::size_t n) const noexcept {
        kernels<A, F>::derivative(f, x, d, n);
    }
};
template <class F> struct backward_op {
    using T = typename F::value_type;
    template <class A>
    void operator()(A, F const& f, T const* x, T const* dy, T* dx, std::size_t n) const noexcept {
        kernels<A, F>::backward(f, x, dy, dx, n);
    }
};
template <class F> struct derivative_from_output_op {
    using T = typename F::value_type;
    template <class A> void operator()(A, F const& f, T const* y, T* d, std::size_t n) const noexcept {
        kernels<A, F>::derivative_from_output(f, y, d, n);
    }
};
template <class F> struct backward_from_output_op {
    using T = typename F::value_type;
    template <class A>
    void operator()(A, F const& f, T const* y, T const* dy, T* dx, std::size_t n) const noexcept {
        kernels<A, F>::backward_from_output(f, y, dy, dx, n);
    }
};

} // namespace detail

// The architecture the calls below run on, on this machine.
inline const char* arch_name() noexcept { return xsimd::dispatch<archs>(detail::name_op{})(); }

// Whether this machine can run architecture A (for calling kernels<A, F> directly).
template <class A> bool available() noexcept { return A::version() <= xsimd::available_architectures().best; }

// ---- pointer + count ------------------------------------------------------------------------
template <class F, class T> void forward(F const& f, T const* x, T* y, std::size_t n) {
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::dispatch::forward: element type differs from the functor's");
    actmath::detail::check_overlap("dispatch::forward", x, y, n, "x", "y");
    xsimd::dispatch<archs>(detail::forward_op<F>{})(f, x, y, n);
}
template <class F, class T> void derivative(F const& f, T const* x, T* d, std::size_t n) {
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::dispatch::derivative: element type differs from the functor's");
    actmath::detail::check_overlap("dispatch::derivative", x, d, n, "x", "out");
    xsimd::dispatch<archs>(detail::derivative_op<F>{})(f, x, d, n);
}
template <class F, class T> void backward(F const& f, T const* x, T const* dy, T* dx, std::size_t n) {
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::dispatch::backward: element type differs from the functor's");
    actmath::detail::check_overlap("dispatch::backward", x, dx, n, "x", "dx");
    actmath::detail::check_overlap("dispatch::backward", dy, dx, n, "dy", "dx");
    xsimd::dispatch<archs>(detail::backward_op<F>{})(f, x, dy, dx, n);
}
template <class F, class T> void derivative_from_output(F const& f, T const* y, T* d, std::size_t n) {
    static_assert(has_derivative_from_output_v<F>, "actmath::dispatch::derivative_from_output: this function's derivative is not a function of its output alone");
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::dispatch::derivative_from_output: element type differs from the functor's");
    actmath::detail::check_overlap("dispatch::derivative_from_output", y, d, n, "y", "out");
    xsimd::dispatch<archs>(detail::derivative_from_output_op<F>{})(f, y, d, n);
}
template <class F, class T> void backward_from_output(F const& f, T const* y, T const* dy, T* dx, std::size_t n) {
    static_assert(has_derivative_from_output_v<F>, "actmath::dispatch::backward_from_output: this function's derivative is not a function of its output alone; use backward() with x");
    static_assert(std::is_same<T, typename F::value_type>::value, "actmath::dispatch::backward_from_output: element type differs from the functor's");
    actmath::detail::check_overlap("dispatch::backward_from_output", y, dx, n, "y", "dx");
    actmath::detail::check_overlap("dispatch::backward_from_output", dy, dx, n, "dy", "dx");
    xsimd::dispatch<archs>(detail::backward_from_output_op<F>{})(f, y, dy, dx, n);
}

// ---- ranges ---------------------------------------------------------------------------------
template <class F, class X, class Y, class = decltype(std::declval<X&>().data())>
void forward(F const& f, X const& x, Y&& y) {
    actmath::detail::check_sizes("dispatch::forward", actmath::detail::range_size(x), actmath::detail::range_size(y), "x", "y");
    dispatch::forward(f, actmath::detail::range_data(x), actmath::detail::range_data(y), actmath::detail::range_size(x));
}
template <class F, class X, class D, class = decltype(std::declval<X&>().data())>
void derivative(F const& f, X const& x, D&& out) {
    actmath::detail::check_sizes("dispatch::derivative", actmath::detail::range_size(x), actmath::detail::range_size(out), "x", "out");
    dispatch::derivative(f, actmath::detail::range_data(x), actmath::detail::range_data(out), actmath::detail::range_size(x));
}
template <class F, class Y, class D, class = decltype(std::declval<Y&>().data())>
void derivative_from_output(F const& f, Y const& y, D&& out) {
    actmath::detail::check_sizes("dispatch::derivative_from_output", actmath::detail::range_size(y), actmath::detail::range_size(out), "y", "out");
    dispatch::derivative_from_output(f, actmath::detail::range_data(y), actmath::detail::range_data(out), actmath::detail::range_size(y));
}
template <class F, class X, class G, class D, class = decltype(std::declval<X&>().data())>
void backward(F const& f, X const& x, G const& dy, D&& dx) {
    actmath::detail::check_sizes("dispatch::backward", actmath::detail::range_size(x), actmath::detail::range_size(dy), "x", "dy");
    actmath::detail::check_sizes("dispatch::backward", actmath::detail::range_size(x), actmath::detail::range_size(dx), "x", "dx");
    dispatch::backward(f, actmath::detail::range_data(x), actmath::detail::range_data(dy), actmath::detail::range_data(dx),
                       actmath::detail::range_size(x));
}
template <class F, class Y, class G, class D, class = decltype(std::declval<Y&>().data())>
void backward_from_output(F const& f, Y const& y, G const& dy, D&& dx) {
    actmath::detail::check_sizes("dispatch::backward_from_output", actmath::detail::range_size(y), actmath::detail::range_size(dy), "y", "dy");
    actmath::detail::check_sizes("dispatch::backward_from_output", actmath::detail::range_size(y), actmath::detail::range_size(dx), "y", "dx");
    dispatch::backward_from_output(f, actmath::detail::range_data(y), actmath::detail::range_data(dy),
                                   actmath::detail::range_data(dx), actmath::detail::range_size(y));
}

} // namespace dispatch
} // namespace actmath

// ACTMATH_DISPATCH(F): list a functor type the program dispatches (in a header of yours that
// the helper's per-architecture units include).  A type with a comma needs no parentheses.
#if !ACTMATH_DISPATCH_X86
#define ACTMATH_DISPATCH(...) static_assert(true, "")
#elif defined(ACTMATH_DISPATCH_ARCH)
#define ACTMATH_DISPATCH(...) template struct ::actmath::dispatch::kernels<ACTMATH_DISPATCH_ARCH, __VA_ARGS__>
#else
#define ACTMATH_DISPATCH(...)                                                                    \
    extern template struct ::actmath::dispatch::kernels<::actmath::dispatch::avx512, __VA_ARGS__>; \
    extern template struct ::actmath::dispatch::kernels<::actmath::dispatch::avx2, __VA_ARGS__>;   \
    extern template struct ::actmath::dispatch::kernels<::actmath::dispatch::sse2, __VA_ARGS__>
#endif
