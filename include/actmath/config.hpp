// actmath configuration: version and inlining.
#pragma once

#define ACTMATH_VERSION_MAJOR 0
#define ACTMATH_VERSION_MINOR 1
#define ACTMATH_VERSION_PATCH 0
#define ACTMATH_VERSION_STRING "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define ACTMATH_INLINE inline __attribute__((always_inline))
#else
#define ACTMATH_INLINE inline
#endif
