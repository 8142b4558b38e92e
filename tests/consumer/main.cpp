// A consumer's program: scalar, batch and array calls through the installed or vendored
// actmath.  Exits non-zero if a value is wrong, so the consumer build is also a test.  The
// umbrella header checks that every public header is installed and compiles on its own flags.
#include <actmath/actmath.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    actmath::sigmoid<float> s;
    std::vector<float> x = {-2.0f, 0.0f, 2.0f}, y(x.size());
    actmath::forward(s, x, y);
    float b0 = s.forward(xsimd::batch<float>(0.0f)).get(0);
    // sigmoid(2) = 1 / (1 + e^-2) = 0.880797077977882...
    // gelu(1) = Phi(1) = 0.841344746068542948...
    float g1 = actmath::gelu<float>{}.forward(1.0f);
    bool ok = y[1] == 0.5f && b0 == 0.5f && std::fabs(y[2] - 0.8807970779778823f) < 1e-7f &&
              std::fabs(y[0] + y[2] - 1.0f) < 1e-7f && std::fabs(g1 - 0.8413447460685429f) < 1e-7f;
    std::printf("actmath %s: sigmoid(-2, 0, 2) = %.7f %.7f %.7f, gelu(1) = %.7f, batch width %zu: %s\n",
                ACTMATH_VERSION_STRING, y[0], y[1], y[2], g1, xsimd::batch<float>::size, ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
