// XNNPACK's f32 unary operators and softmax, forward only (XNNPACK is an inference library), no
// thread pool.  The operator is created and set up outside the timed loop; the loop is
// xnn_run_operator.  The elementwise operators see the array as one contiguous row.
#include "common.hpp"

#include <xnnpack.h>

#include <cmath>
#include <stdexcept>

namespace bench {
namespace {

void check(xnn_status st, const char* what) {
    if (st != xnn_status_success) throw std::runtime_error(std::string("xnnpack: ") + what + " failed");
}

struct op_guard {
    xnn_operator_t op = nullptr;
    ~op_guard() {
        if (op) xnn_delete_operator(op);
    }
};

// make(n, &op) creates the operator, setup(op, x, y, n) binds the arrays.
template <class Make, class Setup> void add_unary(const char* name, Make make, Setup setup) {
    add(name, "forward", "f32", "xnnpack", 2, sizeof(float), "xnnpack",
        [make, setup](benchmark::State& s, std::size_t n) {
            op_guard g;
            check(make(n, &g.op), "create");
            buffer<float> y(n);
            check(setup(g.op, input_x<float>(), y.data(), n), "setup");
            loop(s, [&] { xnn_run_operator(g.op, nullptr); });
        });
}

// One row of n elements: channels = stride = n, batch 1.
auto clamp(float lo, float hi) {
    return [lo, hi](std::size_t n, xnn_operator_t* op) { return xnn_create_clamp_nc_f32(n, n, n, lo, hi, 0, op); };
}
auto clamp_setup = [](xnn_operator_t op, const float* x, float* y, std::size_t) {
    return xnn_setup_clamp_nc_f32(op, 1, x, y, nullptr);
};

} // namespace

void register_xnnpack() {
    check(xnn_initialize(nullptr), "initialize");
    add_unary(
        "sigmoid", [](std::size_t n, xnn_operator_t* op) { return xnn_create_sigmoid_nc_f32(n, n, n, 0, op); },
        [](xnn_operator_t op, const float* x, float* y, std::size_t) {
            return xnn_setup_sigmoid_nc_f32(op, 1, x, y, nullptr);
        });
    add_unary(
        "elu", [](std::size_t n, xnn_operator_t* op) { return xnn_create_elu_nc_f32(n, n, n, 1.f, 0, op); },
        [](xnn_operator_t op, const float* x, float* y, std::size_t) {
            return xnn_setup_elu_nc_f32(op, 1, x, y, nullptr);
        });
    add_unary(
        "hardswish", [](std::size_t n, xnn_operator_t* op) { return xnn_create_hardswish_nc_f32(n, n, n, 0, op); },
        [](xnn_operator_t op, const float* x, float* y, std::size_t) {
            return xnn_setup_hardswish_nc_f32(op, 1, x, y, nullptr);
        });
    add_unary(
        "leaky_relu",
        [](std::size_t n, xnn_operator_t* op) { return xnn_create_leaky_relu_nc_f32(n, n, n, 0.01f, 0, op); },
        [](xnn_operator_t op, const float* x, float* y, std::size_t) {
            return xnn_setup_leaky_relu_nc_f32(op, 1, x, y, nullptr);
        });
    add_unary("relu", clamp(0.f, INFINITY), clamp_setup);
    add_unary("relu6", clamp(0.f, 6.f), clamp_setup);
    add_unary("hardtanh", clamp(-1.f, 1.f), clamp_setup);

    for (const char* name : {"softmax"}) {
        add_rows(name, "forward", "f32", "xnnpack", 2, sizeof(float), "xnnpack", [](benchmark::State& s, std::size_t n) {
            op_guard g;
            check(xnn_create_softmax_nc_f32(row, row, row, 0, &g.op), "create softmax");
            buffer<float> y(n);
            check(xnn_setup_softmax_nc_f32(g.op, n / row, input_x<float>(), y.data(), nullptr), "setup softmax");
            loop(s, [&] { xnn_run_operator(g.op, nullptr); });
        });
    }
}

} // namespace bench
