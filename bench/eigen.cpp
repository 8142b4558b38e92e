// Eigen array expressions: what an Eigen user writes for each activation, evaluated in one
// pass into a mapped output (Eigen vectorizes logistic, tanh, erf, exp, log1p for float).
// Forward for the catalogue; backward (dx = dy f'(x)) and backward_from_output for the
// functions whose derivative has a short closed form.
#include "common.hpp"

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

namespace bench {
namespace {

template <class T> using array = Eigen::Array<T, Eigen::Dynamic, 1>;
template <class T> using in_map = Eigen::Map<const array<T>, Eigen::Aligned64>;
template <class T> using out_map = Eigen::Map<array<T>, Eigen::Aligned64>;

std::string label() { return std::string("eigen ") + Eigen::SimdInstructionSetsInUse(); }

// y = e(x)
template <class T, class E> void fwd(const char* name, E e) {
    add(name, "forward", type_name<T>(), "eigen", 2, sizeof(T), label(), [e](benchmark::State& s, std::size_t n) {
        in_map<T> x(input_x<T>(), Eigen::Index(n));
        buffer<T> yb(n);
        out_map<T> y(yb.data(), Eigen::Index(n));
        loop(s, [&] { y = e(x); });
    });
}
// dx = e(x, dy)
template <class T, class E> void bwd(const char* name, E e) {
    add(name, "backward", type_name<T>(), "eigen", 3, sizeof(T), label(), [e](benchmark::State& s, std::size_t n) {
        in_map<T> x(input_x<T>(), Eigen::Index(n)), dy(input_dy<T>(), Eigen::Index(n));
        buffer<T> b(n);
        out_map<T> dx(b.data(), Eigen::Index(n));
        loop(s, [&] { dx = e(x, dy); });
    });
}
// dx = e(y, dy), y = f(x) computed once beforehand by the forward expression f.
template <class T, class F, class E> void bwd_y(const char* name, F f, E e) {
    add(name, "backward_from_output", type_name<T>(), "eigen", 3, sizeof(T), label(),
        [f, e](benchmark::State& s, std::size_t n) {
            in_map<T> x(input_x<T>(), Eigen::Index(n)), dy(input_dy<T>(), Eigen::Index(n));
            buffer<T> yb(n), b(n);
            out_map<T>(yb.data(), Eigen::Index(n)) = f(x);
            in_map<T> y(yb.data(), Eigen::Index(n));
            out_map<T> dx(b.data(), Eigen::Index(n));
            loop(s, [&] { dx = e(y, dy); });
        });
}

// Row-wise: softmax and log_softmax of rows of 1024, forward and backward from the output,
// one row at a time as an Eigen user writes it (max, shifted exp, sum).
template <class T> void add_rowwise() {
    using Row = Eigen::Map<const array<T>, Eigen::Aligned64>;
    using RowOut = Eigen::Map<array<T>, Eigen::Aligned64>;
    add_rows("softmax", "forward", type_name<T>(), "eigen", 2, sizeof(T), label(), [](benchmark::State& s, std::size_t n) {
        const auto R = Eigen::Index(row);
        const T* x = input_x<T>();
        buffer<T> y(n);
        loop(s, [&] {
            for (std::size_t r = 0; r < n / row; ++r) {
                Row xr(x + r * row, R);
                RowOut yr(y.data() + r * row, R);
                yr = (xr - xr.maxCoeff()).exp();
                yr *= T(1) / yr.sum();
            }
        });
    });
    add_rows("log_softmax", "forward", type_name<T>(), "eigen", 2, sizeof(T), label(),
             [](benchmark::State& s, std::size_t n) {
        const auto R = Eigen::Index(row);
                 const T* x = input_x<T>();
                 buffer<T> y(n);
                 loop(s, [&] {
                     for (std::size_t r = 0; r < n / row; ++r) {
                         Row xr(x + r * row, R);
                         const T m = xr.maxCoeff();
                         const T lse = std::log((xr - m).exp().sum());
                         RowOut(y.data() + r * row, R) = xr - (m + lse);
                     }
                 });
             });
    add_rows("softmax", "backward_from_output", type_name<T>(), "eigen", 3, sizeof(T), label(),
             [](benchmark::State& s, std::size_t n) {
        const auto R = Eigen::Index(row);
                 buffer<T> y(n), dx(n);
                 const T* x = input_x<T>();
                 for (std::size_t r = 0; r < n / row; ++r) {
                     Row xr(x + r * row, R);
                     RowOut yr(y.data() + r * row, R);
                     yr = (xr - xr.maxCoeff()).exp();
                     yr /= yr.sum();
                 }
                 const T* dy = input_dy<T>();
                 loop(s, [&] {
                     for (std::size_t r = 0; r < n / row; ++r) {
                         Row yr(y.data() + r * row, R), gr(dy + r * row, R);
                         RowOut(dx.data() + r * row, R) = yr * (gr - (gr * yr).sum());
                     }
                 });
             });
}

// Gated units on separate gate (x) and value (dy) arrays.
template <class T> void add_gated() {
    add("glu", "forward", type_name<T>(), "eigen", 3, sizeof(T), label(), [](benchmark::State& s, std::size_t n) {
        in_map<T> g(input_x<T>(), Eigen::Index(n)), v(input_dy<T>(), Eigen::Index(n));
        buffer<T> yb(n);
        out_map<T> y(yb.data(), Eigen::Index(n));
        loop(s, [&] { y = v * g.logistic(); });
    });
    add("reglu", "forward", type_name<T>(), "eigen", 3, sizeof(T), label(), [](benchmark::State& s, std::size_t n) {
        in_map<T> g(input_x<T>(), Eigen::Index(n)), v(input_dy<T>(), Eigen::Index(n));
        buffer<T> yb(n);
        out_map<T> y(yb.data(), Eigen::Index(n));
        loop(s, [&] { y = v * g.max(T(0)); });
    });
    add("swiglu", "forward", type_name<T>(), "eigen", 3, sizeof(T), label(), [](benchmark::State& s, std::size_t n) {
        in_map<T> g(input_x<T>(), Eigen::Index(n)), v(input_dy<T>(), Eigen::Index(n));
        buffer<T> yb(n);
        out_map<T> y(yb.data(), Eigen::Index(n));
        loop(s, [&] { y = v * g * g.logistic(); });
    });
    add("geglu", "forward", type_name<T>(), "eigen", 3, sizeof(T), label(), [](benchmark::State& s, std::size_t n) {
        in_map<T> g(input_x<T>(), Eigen::Index(n)), v(input_dy<T>(), Eigen::Index(n));
        buffer<T> yb(n);
        out_map<T> y(yb.data(), Eigen::Index(n));
        const T sqrt1_2 = T(0.70710678118654752440L);
        loop(s, [&] { y = v * (T(0.5) * g * (T(1) + (g * sqrt1_2).erf())); });
    });
    add("glu", "backward", type_name<T>(), "eigen", 5, sizeof(T), label(), [](benchmark::State& s, std::size_t n) {
        in_map<T> g(input_x<T>(), Eigen::Index(n)), v(input_dy<T>(), Eigen::Index(n));
        buffer<T> dyb(n), dgb(n), dvb(n);
        for (std::size_t i = 0; i < n; ++i) dyb.data()[i] = input_dy<T>()[max_n - 1 - i];
        in_map<T> dy(dyb.data(), Eigen::Index(n));
        out_map<T> dg(dgb.data(), Eigen::Index(n)), dv(dvb.data(), Eigen::Index(n));
        loop(s, [&] {
            dv = dy * g.logistic();
            dg = dv * v * (T(1) - g.logistic());
        });
    });
}

template <class T> void add_type() {
    add_rowwise<T>();
    add_gated<T>();
    const T sqrt1_2 = T(0.70710678118654752440L);     // 1/sqrt(2)
    const T sqrt2_pi = T(0.79788456080286535588L);    // sqrt(2/pi)
    const T inv_sqrt2pi = T(0.39894228040143267794L); // 1/sqrt(2 pi)
    const T c = T(0.044715);
    const T selu_l = T(1.0507009873554804934193349852946L), selu_a = T(1.6732632423543772848170429916717L);

    auto sigmoid = [](auto const& x) { return x.logistic(); };
    auto tanh = [](auto const& x) { return x.tanh(); };
    auto softplus = [](auto const& x) { return x.max(T(0)) + (-x.abs()).exp().log1p(); };

    fwd<T>("exp", [](auto const& x) { return x.exp(); });
    fwd<T>("expm1", [](auto const& x) { return x.expm1(); });
    fwd<T>("log1p", [](auto const& x) { return x.abs().log1p(); });
    fwd<T>("sigmoid", sigmoid);
    fwd<T>("log_sigmoid", [](auto const& x) { return x.min(T(0)) - (-x.abs()).exp().log1p(); });
    fwd<T>("tanh", tanh);
    fwd<T>("hardtanh", [](auto const& x) { return x.max(T(-1)).min(T(1)); });
    fwd<T>("relu", [](auto const& x) { return x.max(T(0)); });
    fwd<T>("relu6", [](auto const& x) { return x.max(T(0)).min(T(6)); });
    fwd<T>("leaky_relu", [](auto const& x) { return (x > T(0)).select(x, T(0.01) * x); });
    fwd<T>("elu", [](auto const& x) { return (x > T(0)).select(x, x.expm1()); });
    fwd<T>("selu", [=](auto const& x) { return selu_l * (x > T(0)).select(x, selu_a * x.expm1()); });
    fwd<T>("celu", [](auto const& x) { return (x > T(0)).select(x, x.expm1()); });
    fwd<T>("softplus", softplus);
    fwd<T>("softsign", [](auto const& x) { return x / (T(1) + x.abs()); });
    fwd<T>("silu", [](auto const& x) { return x * x.logistic(); });
    fwd<T>("hardswish", [](auto const& x) { return x * (x + T(3)).max(T(0)).min(T(6)) * T(1.0 / 6.0); });
    fwd<T>("hardsigmoid", [](auto const& x) { return (x * T(1.0 / 6.0) + T(0.5)).max(T(0)).min(T(1)); });
    fwd<T>("mish", [](auto const& x) { return x * (x.max(T(0)) + (-x.abs()).exp().log1p()).tanh(); });
    fwd<T>("gelu", [=](auto const& x) { return T(0.5) * x * (T(1) + (x * sqrt1_2).erf()); });
    fwd<T>("gelu_tanh", [=](auto const& x) { return T(0.5) * x * (T(1) + (sqrt2_pi * (x + c * x.cube())).tanh()); });
    fwd<T>("quick_gelu", [](auto const& x) { return x * (T(1.702) * x).logistic(); });
    fwd<T>("tanhshrink", [](auto const& x) { return x - x.tanh(); });
    fwd<T>("softshrink", [](auto const& x) {
        return (x > T(0.5)).select(x - T(0.5), (x < T(-0.5)).select(x + T(0.5), T(0)));
    });
    fwd<T>("hardshrink", [](auto const& x) { return (x.abs() > T(0.5)).select(x, T(0)); });

    bwd<T>("sigmoid", [](auto const& x, auto const& dy) { return dy * x.logistic() * (T(1) - x.logistic()); });
    bwd<T>("tanh", [](auto const& x, auto const& dy) { return dy * (T(1) - x.tanh().square()); });
    bwd<T>("relu", [](auto const& x, auto const& dy) { return (x > T(0)).select(dy, T(0)); });
    bwd<T>("elu", [](auto const& x, auto const& dy) { return (x > T(0)).select(dy, dy * x.exp()); });
    bwd<T>("softplus", [](auto const& x, auto const& dy) { return dy * x.logistic(); });
    bwd<T>("silu", [](auto const& x, auto const& dy) {
        return dy * x.logistic() * (T(1) + x * (T(1) - x.logistic()));
    });
    bwd<T>("gelu", [=](auto const& x, auto const& dy) {
        return dy * (T(0.5) * (T(1) + (x * sqrt1_2).erf()) + inv_sqrt2pi * x * (T(-0.5) * x.square()).exp());
    });
    bwd<T>("gelu_tanh", [=](auto const& x, auto const& dy) {
        return dy * (T(0.5) * (T(1) + (sqrt2_pi * (x + c * x.cube())).tanh()) +
                     T(0.5) * x * (T(1) - (sqrt2_pi * (x + c * x.cube())).tanh().square()) * sqrt2_pi *
                         (T(1) + T(3) * c * x.square()));
    });
    bwd<T>("mish", [](auto const& x, auto const& dy) {
        return dy * ((x.max(T(0)) + (-x.abs()).exp().log1p()).tanh() +
                     x * x.logistic() * (T(1) - (x.max(T(0)) + (-x.abs()).exp().log1p()).tanh().square()));
    });

    bwd_y<T>("sigmoid", sigmoid, [](auto const& y, auto const& dy) { return dy * y * (T(1) - y); });
    bwd_y<T>("tanh", tanh, [](auto const& y, auto const& dy) { return dy * (T(1) - y.square()); });
    bwd_y<T>("softplus", softplus, [](auto const& y, auto const& dy) { return dy * -((-y).expm1()); });
}

} // namespace

void register_eigen() {
    add_type<float>();
    add_type<double>();
}

} // namespace bench
