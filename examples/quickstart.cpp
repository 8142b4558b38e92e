// quickstart: the README's example.  Scalar, SIMD batch and array calls; the fused backward
// pass; the derivative from a saved output; parameters with PyTorch's names and defaults.
// Exits non-zero if a printed value is wrong (it runs as a test).
#include <actmath/actmath.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    actmath::gelu<float> g;                                 // exact (erf) GELU
    float y0 = g.forward(0.5f);                             // scalar
    float d0 = g.derivative(0.5f);                          // dy/dx
    auto b = g.forward(xsimd::batch<float>(0.5f));          // any xsimd batch of float/double
    std::printf("gelu(0.5) = %.7f   gelu'(0.5) = %.7f   batch of %zu: %.7f\n", y0, d0, b.size, b.get(0));

    std::vector<float> x = {-12, -1, 0, 1, 3}, y(x.size()), dy(x.size(), 1.0f), dx(x.size());
    actmath::forward(g, x, y);                              // y[i] = gelu(x[i])
    actmath::backward(g, x, dy, dx);                        // dx[i] = dy[i] * gelu'(x[i]), one pass
    for (std::size_t i = 0; i < x.size(); ++i)
        std::printf("  x = %5g   gelu = %-14.7g gelu' = %.7g\n", x[i], y[i], dx[i]);

    actmath::sigmoid<float> s;
    actmath::forward(s, x, y);
    actmath::backward_from_output(s, y, dy, dx);            // sigmoid' from y = sigmoid(x)
    std::printf("sigmoid'(1) from its output: %.7f\n", dx[3]);
    actmath::leaky_relu<double> lr{0.2};                    // PyTorch's name, order, default
    std::printf("leaky_relu{0.2}(-2) = %g\n", lr.forward(-2.0));

    // Expected: x Phi(x) and Phi(x) + x phi(x) at 0.5; -12 Q(12) = -2.1318e-32 (not 0: the
    // tail); sigmoid'(1) = e/(1+e)^2.
    auto near = [](double got, double want) { return std::fabs(got - want) <= 1e-6 * std::fabs(want); };
    bool ok = near(y0, 0.34573123063700654) && near(d0, 0.86749512465615284) && near(b.get(0), y0) &&
              near(g.forward(-12.0f), -2.1317785344932148e-32) && near(dx[3], 0.19661193324148185) &&
              lr.forward(-2.0) == -0.4;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
