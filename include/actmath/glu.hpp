// actmath/glu.hpp: being written (see issue 3).
#pragma once

#include "actmath/core/functor.hpp"
