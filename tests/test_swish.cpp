#include <actmath/activations/swish.hpp>

#include "reference/swish.hpp"

using namespace actmath_test;

TEST_CASE("silu", "[swish]") {
    check_function(silu_spec(), actmath::silu<float>{}, actmath::silu<double>{});
}

TEST_CASE("swish", "[swish]") {
    check_function(swish_spec(), actmath::swish<float>{float(swish_test_beta)},
                   actmath::swish<double>{double(swish_test_beta)});
}
