// actmath/activations/swish.hpp: being written (see issue 2).
#pragma once

#include "actmath/core/functor.hpp"
