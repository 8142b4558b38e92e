// oneDNN's eltwise and softmax primitives, f32 (oneDNN's CPU engine has no f64 eltwise), one
// thread.  Primitive descriptors, primitives and memory objects are created outside the timed
// loop; the loop is execute() + wait().  Backward comes in both of oneDNN's flavours: from the
// source x (backward) and from the destination y (*_use_dst_for_bwd: backward_from_output).
// The label is oneDNN's implementation name (e.g. jit:avx512_core).
#include "common.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#ifdef ACTMATH_BENCH_HAVE_OPENMP
#include <omp.h>
#endif

#include <unordered_map>

namespace bench {
namespace {

using dnnl::algorithm;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

dnnl::engine& engine() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}
dnnl::stream& stream() {
    static dnnl::stream s(engine());
    return s;
}

dnnl::memory::desc vec(std::size_t n) { return dnnl::memory::desc({dnnl::memory::dim(n)}, dt::f32, tag::a); }
dnnl::memory::desc rows(std::size_t n) {
    return dnnl::memory::desc({dnnl::memory::dim(n / row), dnnl::memory::dim(row)}, dt::f32, tag::ab);
}
dnnl::memory mem(const dnnl::memory::desc& d, const float* p) { return dnnl::memory(d, engine(), const_cast<float*>(p)); }

void run(benchmark::State& s, dnnl::primitive& p, const std::unordered_map<int, dnnl::memory>& args) {
    loop(s, [&] {
        p.execute(stream(), args);
        stream().wait();
    });
}

struct eltwise {
    const char* name;
    algorithm alg;      // from x
    algorithm alg_dst;  // from y, or undef
    float alpha, beta;
};

void add_eltwise(eltwise e) {
    add(e.name, "forward", "f32", "onednn", 2, sizeof(float), "onednn", [e](benchmark::State& s, std::size_t n) {
        auto d = vec(n);
        dnnl::eltwise_forward::primitive_desc pd({dnnl::prop_kind::forward_inference, e.alg, d, e.alpha, e.beta}, engine());
        dnnl::eltwise_forward p(pd);
        buffer<float> y(n);
        s.SetLabel(pd.impl_info_str());
        run(s, p, {{DNNL_ARG_SRC, mem(d, input_x<float>())}, {DNNL_ARG_DST, mem(d, y.data())}});
    });
    add(e.name, "backward", "f32", "onednn", 3, sizeof(float), "onednn", [e](benchmark::State& s, std::size_t n) {
        auto d = vec(n);
        dnnl::eltwise_forward::primitive_desc hint({dnnl::prop_kind::forward_training, e.alg, d, e.alpha, e.beta}, engine());
        dnnl::eltwise_backward::primitive_desc pd({e.alg, d, d, e.alpha, e.beta}, engine(), hint);
        dnnl::eltwise_backward p(pd);
        buffer<float> dx(n);
        s.SetLabel(pd.impl_info_str());
        run(s, p,
            {{DNNL_ARG_SRC, mem(d, input_x<float>())},
             {DNNL_ARG_DIFF_DST, mem(d, input_dy<float>())},
             {DNNL_ARG_DIFF_SRC, mem(d, dx.data())}});
    });
    if (e.alg_dst == algorithm::undef) return;
    add(e.name, "backward_from_output", "f32", "onednn", 3, sizeof(float), "onednn",
        [e](benchmark::State& s, std::size_t n) {
            auto d = vec(n);
            dnnl::eltwise_forward::primitive_desc fpd(
                {dnnl::prop_kind::forward_training, e.alg_dst, d, e.alpha, e.beta}, engine());
            buffer<float> y(n), dx(n);
            dnnl::eltwise_forward(fpd).execute(stream(), {{DNNL_ARG_SRC, mem(d, input_x<float>())},
                                                          {DNNL_ARG_DST, mem(d, y.data())}});
            stream().wait();
            dnnl::eltwise_backward::primitive_desc pd({e.alg_dst, d, d, e.alpha, e.beta}, engine(), fpd);
            dnnl::eltwise_backward p(pd);
            s.SetLabel(pd.impl_info_str());
            run(s, p,
                {{DNNL_ARG_DST, mem(d, y.data())},
                 {DNNL_ARG_DIFF_DST, mem(d, input_dy<float>())},
                 {DNNL_ARG_DIFF_SRC, mem(d, dx.data())}});
        });
}

void add_softmax(const char* name, algorithm alg) {
    add_rows(name, "forward", "f32", "onednn", 2, sizeof(float), "onednn", [alg](benchmark::State& s, std::size_t n) {
        auto d = rows(n);
        dnnl::softmax_v2_forward::primitive_desc pd({dnnl::prop_kind::forward_inference, alg, d, d, 1}, engine());
        dnnl::softmax_v2_forward p(pd);
        buffer<float> y(n);
        s.SetLabel(pd.impl_info_str());
        run(s, p, {{DNNL_ARG_SRC, mem(d, input_x<float>())}, {DNNL_ARG_DST, mem(d, y.data())}});
    });
    add_rows(name, "backward_from_output", "f32", "onednn", 3, sizeof(float), "onednn",
             [alg](benchmark::State& s, std::size_t n) {
                 auto d = rows(n);
                 dnnl::softmax_v2_forward::primitive_desc fpd({dnnl::prop_kind::forward_training, alg, d, d, 1}, engine());
                 buffer<float> y(n), dx(n);
                 dnnl::softmax_v2_forward(fpd).execute(stream(), {{DNNL_ARG_SRC, mem(d, input_x<float>())},
                                                                  {DNNL_ARG_DST, mem(d, y.data())}});
                 stream().wait();
                 dnnl::softmax_v2_backward::primitive_desc pd({alg, d, d, d, 1}, engine(), fpd);
                 dnnl::softmax_v2_backward p(pd);
                 s.SetLabel(pd.impl_info_str());
                 run(s, p,
                     {{DNNL_ARG_DST, mem(d, y.data())},
                      {DNNL_ARG_DIFF_DST, mem(d, input_dy<float>())},
                      {DNNL_ARG_DIFF_SRC, mem(d, dx.data())}});
             });
}

} // namespace

void register_onednn() {
#ifdef ACTMATH_BENCH_HAVE_OPENMP
    omp_set_num_threads(1); // Debian's oneDNN uses the OpenMP runtime: one thread, like the others.
#endif
    const algorithm none = algorithm::undef;
    const eltwise table[] = {
        {"exp", algorithm::eltwise_exp, algorithm::eltwise_exp_use_dst_for_bwd, 0.f, 0.f},
        {"sigmoid", algorithm::eltwise_logistic, algorithm::eltwise_logistic_use_dst_for_bwd, 0.f, 0.f},
        {"log_sigmoid", algorithm::eltwise_logsigmoid, none, 0.f, 0.f},
        {"tanh", algorithm::eltwise_tanh, algorithm::eltwise_tanh_use_dst_for_bwd, 0.f, 0.f},
        {"hardtanh", algorithm::eltwise_clip_v2, algorithm::eltwise_clip_v2_use_dst_for_bwd, -1.f, 1.f},
        {"relu", algorithm::eltwise_relu, algorithm::eltwise_relu_use_dst_for_bwd, 0.f, 0.f},
        {"relu6", algorithm::eltwise_clip_v2, algorithm::eltwise_clip_v2_use_dst_for_bwd, 0.f, 6.f},
        {"leaky_relu", algorithm::eltwise_relu, algorithm::eltwise_relu_use_dst_for_bwd, 0.01f, 0.f},
        {"elu", algorithm::eltwise_elu, algorithm::eltwise_elu_use_dst_for_bwd, 1.f, 0.f},
        {"softplus", algorithm::eltwise_soft_relu, none, 0.f, 0.f},
        {"silu", algorithm::eltwise_swish, none, 1.f, 0.f},
        {"hardswish", algorithm::eltwise_hardswish, none, 0.f, 0.f},
        {"mish", algorithm::eltwise_mish, none, 0.f, 0.f},
        {"gelu", algorithm::eltwise_gelu_erf, none, 0.f, 0.f},
        {"gelu_tanh", algorithm::eltwise_gelu_tanh, none, 0.f, 0.f},
    };
    for (const auto& e : table) add_eltwise(e);
    add_softmax("softmax", algorithm::softmax_accurate);
    add_softmax("log_softmax", algorithm::softmax_log);
}

} // namespace bench
