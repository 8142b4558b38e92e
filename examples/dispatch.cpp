// dispatch: one binary, the best kernels of whatever x86-64 it runs on.  Prints the path the
// dispatcher picks, then runs sigmoid over 2^20 floats on every path this machine supports
// and compares each against a long double reference (and reports its speed, for information).
#include "dispatch_functors.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

std::vector<float> xs, ys;
int failures = 0;

// ULP error against a long double value, for normal results.
double ulps(float got, long double want) {
    int e = 0;
    std::frexp(want, &e);
    return double(std::fabs((long double)got - want) / std::ldexp(1.0L, e - 24));
}

template <class A> void run() {
    if (!actmath::dispatch::available<A>()) {
        std::printf("  %-10s not supported by this CPU\n", A::name());
        return;
    }
    actmath::sigmoid<float> f;
    auto t0 = std::chrono::steady_clock::now();
    for (int rep = 0; rep < 20; ++rep) actmath::dispatch::kernels<A, actmath::sigmoid<float>>::forward(f, xs.data(), ys.data(), xs.size());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 20;
    double worst = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        long double x = xs[i], want = 1 / (1 + std::exp(-x));
        worst = std::fmax(worst, ulps(ys[i], want));
    }
    std::printf("  %-10s %7.2f Gelem/s, worst %.2f ulp\n", A::name(), double(xs.size()) / s * 1e-9, worst);
    failures += !(worst <= 4);
}

} // namespace

int main() {
    std::printf("dispatcher picks: %s\n", actmath::dispatch::arch_name());
    xs.resize(std::size_t(1) << 20);
    ys.resize(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = -15.0f + 30.0f * float(i) / float(xs.size());
    run<actmath::dispatch::avx512>();
    run<actmath::dispatch::avx2>();
    run<actmath::dispatch::sse2>();
    // The dispatched call itself, on ranges, with the same checks as actmath::forward.
    std::vector<double> x = {-1, 0, 1}, y(3);
    actmath::dispatch::forward(actmath::sigmoid<double>{}, x, y);
    std::printf("dispatch::forward(sigmoid<double>, {-1, 0, 1}) = {%.17g, %.17g, %.17g}\n", y[0], y[1], y[2]);
    failures += !(y[1] == 0.5 && std::fabs(y[0] + y[2] - 1) < 1e-15);
    std::printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
