// actmath: activation functions with forward, derivative and backward, scalar and SIMD.
// The umbrella header: includes every public family.
#pragma once

#include "actmath/config.hpp"
#include "actmath/core/functor.hpp"

#include "actmath/activations/elu.hpp"
#include "actmath/activations/gelu.hpp"
#include "actmath/activations/hard.hpp"
#include "actmath/activations/mish.hpp"
#include "actmath/activations/relu.hpp"
#include "actmath/activations/shrink.hpp"
#include "actmath/activations/sigmoid.hpp"
#include "actmath/activations/softplus.hpp"
#include "actmath/activations/softsign.hpp"
#include "actmath/activations/swish.hpp"
#include "actmath/activations/tanh.hpp"
#include "actmath/glu.hpp"
#include "actmath/softmax.hpp"
