// The functors examples/dispatch.cpp runs through runtime dispatch: one ACTMATH_DISPATCH line
// per functor type.  actmath_dispatch() compiles this header once per architecture.
#pragma once

#include <actmath/activations/sigmoid.hpp>
#include <actmath/dispatch.hpp>

ACTMATH_DISPATCH(actmath::sigmoid<float>);
ACTMATH_DISPATCH(actmath::sigmoid<double>);
