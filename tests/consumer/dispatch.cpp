// A consumer's runtime-dispatched program: every path the machine supports agrees with the
// plain kernel within a few ulps, and the dispatched call runs.
#include "dispatch_functors.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

template <class A> bool agrees(std::vector<float> const& x, std::vector<float> const& want) {
    if (!actmath::dispatch::available<A>()) return true;
    std::vector<float> y(x.size());
    actmath::dispatch::kernels<A, actmath::sigmoid<float>>::forward({}, x.data(), y.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!(std::fabs(y[i] - want[i]) <= 4e-7f * want[i])) return false;
    std::printf("  %-10s ok\n", A::name());
    return true;
}

int main() {
    std::vector<float> x(1000), want(x.size()), y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = -20.0f + 0.04f * float(i);
    actmath::forward(actmath::sigmoid<float>{}, x, want);
    actmath::dispatch::forward(actmath::sigmoid<float>{}, x, y);
    std::printf("dispatched to %s\n", actmath::dispatch::arch_name());
    bool ok = agrees<actmath::dispatch::sse2>(x, want) && agrees<actmath::dispatch::avx2>(x, want) &&
              agrees<actmath::dispatch::avx512>(x, want);
    for (std::size_t i = 0; i < x.size(); ++i) ok = ok && std::fabs(y[i] - want[i]) <= 4e-7f * want[i];
    std::vector<double> xd = {-1.0, 0.0, 1.0}, yd(3);
    actmath::dispatch::forward(actmath::sigmoid<double>{}, xd, yd);
    ok = ok && yd[1] == 0.5 && std::fabs(yd[0] + yd[2] - 1.0) < 1e-15;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
