#include <actmath/activations/mish.hpp>

#include "reference/mish.hpp"

using namespace actmath_test;

TEST_CASE("mish", "[mish]") {
    check_function(mish_spec(), actmath::mish<float>{}, actmath::mish<double>{});
}
