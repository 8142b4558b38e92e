// actmath: activation functions with forward, derivative and backward, scalar and SIMD.
// The umbrella header: includes every public family.
#pragma once

#include "actmath/config.hpp"
#include "actmath/core/functor.hpp"

#include "actmath/activations/sigmoid.hpp"
