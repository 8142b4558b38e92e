// actmath/activations/mish.hpp: being written (see issue 2).
#pragma once

#include "actmath/core/functor.hpp"
