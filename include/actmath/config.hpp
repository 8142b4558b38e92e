// actmath configuration: version, inlining, streaming and the reciprocal.
#pragma once

#define ACTMATH_VERSION_MAJOR 0
#define ACTMATH_VERSION_MINOR 1
#define ACTMATH_VERSION_PATCH 0
#define ACTMATH_VERSION_STRING "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define ACTMATH_INLINE inline __attribute__((always_inline))
#define ACTMATH_INLINE_LAMBDA __attribute__((always_inline)) // after a lambda's parameter list
#define ACTMATH_NOINLINE __attribute__((noinline))
#else
#define ACTMATH_INLINE inline
#define ACTMATH_INLINE_LAMBDA
#define ACTMATH_NOINLINE
#endif

// GCC before 13 reports a false -Wuninitialized / -Wmaybe-uninitialized inside its AVX-512
// integer shift and permute intrinsics (their _mm512_undefined_* source operand, GCC bug
// 105593) at the outermost non-system function they are inlined into.  Every actmath header
// whose functions shift or permute batches opens with ACTMATH_SIMD_DIAGNOSTICS_BEGIN and
// closes with ACTMATH_SIMD_DIAGNOSTICS_END, so users' -Werror builds stay clean.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#define ACTMATH_SIMD_DIAGNOSTICS_BEGIN                                                            \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"")         \
        _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
#define ACTMATH_SIMD_DIAGNOSTICS_END _Pragma("GCC diagnostic pop")
#else
#define ACTMATH_SIMD_DIAGNOSTICS_BEGIN
#define ACTMATH_SIMD_DIAGNOSTICS_END
#endif

// The array drivers write an output of at least this many bytes with non-temporal stores
// (core::stream), which bypass the cache: an output larger than the last-level cache cannot
// stay there anyway, and a normal store would first read every line it writes.  32 MiB by
// default (the L3 of the machines we measure on); define it before including actmath to
// change it, or to 0 to turn streaming off.
#ifndef ACTMATH_STREAM_BYTES
#define ACTMATH_STREAM_BYTES (std::size_t(32) << 20)
#endif

// How core::recip forms 1/d for float on AVX-512 (double, and every other target, divide):
//   1  a division (VDIVPS), correctly rounded;
//   0  VRCP14PS and one Newton step, within an ulp: three instructions that pipeline.
// Which is faster depends on the core.  On Intel's AVX-512 cores a 512-bit division runs on
// the port the FMAs need, for many cycles, and the estimate won.  On AMD's Zen 5 (the machine
// we measure on) the division costs less than the three instructions it replaces: the
// logistic family, softplus' and log_sigmoid's derivatives and gelu got faster
// (docs/integration.md has the two commands and their figures).  Default: 1 where the
// compiler targets an AMD Zen core (it defines __znver3__, __znver4__ or __znver5__; g++ 12
// -march=native on Zen 5 defines __znver3__, clang 14 none), else 0.  Define it to 0 or 1
// before including actmath to choose, the same in every unit of a program.  Both stay within
// every bound of docs/accuracy.md; their last bits differ.
#ifndef ACTMATH_RECIP_DIVIDE
#if defined(__znver3__) || defined(__znver4__) || defined(__znver5__)
#define ACTMATH_RECIP_DIVIDE 1
#else
#define ACTMATH_RECIP_DIVIDE 0
#endif
#endif

// The array loops of core/kernels.hpp (drive_arch, drive_stream) are functions of their own:
// out of line, flattened (every call in them inlined, a functor of your own included), and
// with g++ compiled with the first instruction-scheduling pass, which g++ does not run on
// x86-64 by default (-fschedule-insns -fsched-pressure, for these functions only).  Without
// it the four independent batches of a step are emitted one after the other, and a long
// dependency chain (an exponential, a reciprocal, a correction) fills the out-of-order window
// before the next batch's first instruction is even decoded; interleaved, sigmoid forward on
// 4096 floats takes 1.00 us instead of 1.27 (bench/actmath_bench, this machine).  Scheduling
// reorders instructions, never the arithmetic: the bits are the same (tests/test_kernels.cpp
// compares every array result with the scalar call).  GCC documents the optimize attribute
// as meant for debugging; should a compiler mishandle it, define ACTMATH_KERNEL as
// ACTMATH_NOINLINE (or __attribute__((noinline, flatten))) before including actmath.
//
// The functors' members (ACTMATH_KERNEL_INLINE) and the drivers' op lambdas
// (ACTMATH_KERNEL_LAMBDA) are always inlined, as is everything in the loop (flatten): in units
// that instantiate many kernels g++ 12 otherwise kept some members out of line, a call per
// batch.  Forced inlining multiplies g++'s compile time under -fsanitize=undefined, though
// (tests/test_elu.cpp: 53 s to more than 200 s), so ACTMATH_FORCE_INLINE is 0 under g++'s
// AddressSanitizer, which our sanitizer builds run with UBSan (g++ defines no macro for UBSan
// alone: define ACTMATH_FORCE_INLINE to 0 yourself for a UBSan-only build).  It decides what
// is inlined, never what is computed.
#ifndef ACTMATH_FORCE_INLINE
#if defined(__SANITIZE_ADDRESS__) && !defined(__clang__)
#define ACTMATH_FORCE_INLINE 0
#else
#define ACTMATH_FORCE_INLINE 1
#endif
#endif
#if ACTMATH_FORCE_INLINE && (defined(__GNUC__) || defined(__clang__))
#define ACTMATH_KERNEL_INLINE inline __attribute__((always_inline))
#define ACTMATH_KERNEL_LAMBDA __attribute__((always_inline))
#else
#define ACTMATH_KERNEL_INLINE inline
#define ACTMATH_KERNEL_LAMBDA
#endif
#ifndef ACTMATH_KERNEL
#if defined(__GNUC__) && !defined(__clang__) && ACTMATH_FORCE_INLINE
#define ACTMATH_KERNEL __attribute__((noinline, flatten, optimize("schedule-insns", "sched-pressure")))
#elif defined(__GNUC__) && !defined(__clang__)
#define ACTMATH_KERNEL __attribute__((noinline, optimize("schedule-insns", "sched-pressure")))
#elif defined(__clang__) && ACTMATH_FORCE_INLINE
#define ACTMATH_KERNEL __attribute__((noinline, flatten))
#elif defined(__clang__)
#define ACTMATH_KERNEL __attribute__((noinline))
#else
#define ACTMATH_KERNEL
#endif
#endif

// ACTMATH_UNROLL: how many batches the forward, derivative and backward loops compute before
// they store any (core/kernels.hpp).  0, the default: 4, or a functor's own number for the
// batch width (`unroll`, `unroll_256`, `unroll_128`).  Any other value: that many for every
// functor on every target, which is how the functors' choices are measured
// (docs/integration.md).  The derivative_from_output loops and the backward of an output of
// ACTMATH_STREAM_BYTES or more keep 4 either way.
#ifndef ACTMATH_UNROLL
#define ACTMATH_UNROLL 0
#endif
