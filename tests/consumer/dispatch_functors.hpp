// The functors the consumer dispatches at run time (read by actmath_dispatch()).
#pragma once

#include <actmath/activations/sigmoid.hpp>
#include <actmath/dispatch.hpp>

ACTMATH_DISPATCH(actmath::sigmoid<float>);
ACTMATH_DISPATCH(actmath::sigmoid<double>);
