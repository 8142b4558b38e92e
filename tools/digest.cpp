// tools/digest: a fingerprint of every bit the library computes, to prove that a speed change
// is only a speed change.
//
//   digest [--stride K] [--double-count N] [--threads T] [--only a,b,...] [--compare FILE]
//
// For every catalogued function (tests/reference/all.hpp) it hashes the array kernels'
// output bits: forward, derivative, derivative_from_output (fed the inputs themselves as y)
// and backward (dy a fixed pseudo-random value per input), float on every K-th bit pattern
// (K = 1, the default: all 2^32) and double on N bit patterns spread over the whole space
// (default 2^22).  Softmax, log_softmax, softmin and the gated units are hashed on fixed
// pseudo-random rows.  Every NaN counts as the same NaN: its sign and payload are not results.
// One line per (function, type, evaluation): `name type eval hash`.
//
// --compare FILE reads an earlier run's output and exits 1 if any hash differs (or is
// missing), naming it.  Typical use, before and after a change that must keep the bits:
//   git stash; build; digest > /tmp/before; git stash pop; build; digest --compare /tmp/before
// docs/accuracy.md stays valid across such a change: the full sweep judged these very bits.
#include "reference/all.hpp"

#include <actmath/glu.hpp>
#include <actmath/softmax.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace actmath_test;

namespace {

// SplitMix64 of z as a pure function (support/ulp.hpp's splitmix64 advances a state).
std::uint64_t splitmix(std::uint64_t z) { return splitmix64(z); }

// FNV-1a style over the values' bits, one value a step.  Every NaN hashes as the same NaN:
// a NaN's sign and payload are not results.
template <class T> std::uint64_t fnv(T const* v, std::size_t n) {
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::size_t i = 0; i < n; ++i) {
        T x = v[i] == v[i] ? v[i] : std::numeric_limits<T>::quiet_NaN();
        U w;
        std::memcpy(&w, &x, sizeof w);
        h = (h ^ w) * 0x100000001b3ULL;
    }
    return h;
}

// dy for input index i: a value in [-1, 1) that depends only on i.
template <class T> T dy_of(std::uint64_t i) {
    return T(double(splitmix(i ^ 0x5bd1e995u) >> 11) * 0x1p-52 - 1.0);
}

struct options {
    std::uint64_t stride = 1;
    std::uint64_t double_count = std::uint64_t(1) << 22;
    unsigned threads = std::thread::hardware_concurrency() ? std::thread::hardware_concurrency() : 1;
    std::vector<std::string> only;
    std::string compare;
};

constexpr std::size_t chunk = 1 << 16;
enum eval_kind { fwd, der, dfo, bwd, n_eval };
const char* eval_name[n_eval] = {"forward", "derivative", "from_output", "backward"};

template <class T> using evals = evaluators<T>;

// Hashes of one function over `count` inputs, input i being make(i); chunks of `chunk`
// inputs, each chunk's hash mixed with its index and XORed in, so threads may take any order.
template <class T, class Make>
std::array<std::uint64_t, n_eval> hash_function(evals<T> const& e, bool has_dfo, std::uint64_t count, Make make,
                                                unsigned threads) {
    std::uint64_t chunks = (count + chunk - 1) / chunk;
    std::atomic<std::uint64_t> next{0};
    std::vector<std::array<std::uint64_t, n_eval>> partial(threads, std::array<std::uint64_t, n_eval>{});
    auto work = [&](unsigned t) {
        std::vector<T> x(chunk), dy(chunk), out(chunk);
        for (;;) {
            std::uint64_t c = next.fetch_add(1);
            if (c >= chunks) break;
            std::uint64_t first = c * chunk;
            std::size_t n = std::size_t(std::min<std::uint64_t>(chunk, count - first));
            for (std::size_t i = 0; i < n; ++i) {
                x[i] = make(first + i);
                dy[i] = dy_of<T>(first + i);
            }
            auto mix = [&](int k) { partial[t][k] ^= splitmix(fnv(out.data(), n) + c * 0x9e3779b97f4a7c15ULL + k); };
            e.forward_n(x.data(), out.data(), n);
            mix(fwd);
            e.derivative_n(x.data(), out.data(), n);
            mix(der);
            if (has_dfo) {
                e.derivative_from_output_n(x.data(), out.data(), n);
                mix(dfo);
            }
            e.backward_n(x.data(), dy.data(), out.data(), n);
            mix(bwd);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
    std::array<std::uint64_t, n_eval> h{};
    for (auto const& p : partial)
        for (int k = 0; k < n_eval; ++k) h[k] ^= p[k];
    return h;
}

float float_at(std::uint64_t i, std::uint64_t stride) {
    std::uint32_t bits = std::uint32_t(i * stride);
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}
double double_at(std::uint64_t i) {
    std::uint64_t bits = splitmix(i);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
}

using line_map = std::map<std::string, std::string>; // "name type eval" -> hash

void emit(line_map& out, std::string const& key, std::uint64_t h) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
    out[key] = buf;
    std::printf("%s %s\n", key.c_str(), buf);
    std::fflush(stdout);
}

// Rows for the row-wise and gated functions: values in [-30, 30], every 17th -inf for softmax.
template <class T> std::vector<T> row_values(std::size_t n, std::uint64_t seed, bool with_minus_inf) {
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t r = splitmix(seed * 0x100000001b3ULL + i);
        v[i] = T(double(r >> 11) * 0x1p-53 * 60.0 - 30.0);
        if (with_minus_inf && r % 17 == 0) v[i] = -std::numeric_limits<T>::infinity();
    }
    return v;
}

template <class T, class F> void hash_rowwise(line_map& out, F const& f, std::string const& type) {
    std::uint64_t hf = 0, hb = 0;
    for (std::size_t cols : {1u, 2u, 3u, 7u, 15u, 16u, 17u, 31u, 64u, 100u, 257u, 1024u, 4099u}) {
        std::size_t rows = 3;
        std::vector<T> x = row_values<T>(rows * cols, cols, true), y(rows * cols), dx(rows * cols);
        std::vector<T> dy = row_values<T>(rows * cols, cols + 1000, false);
        f.forward(x.data(), y.data(), rows, cols);
        hf ^= splitmix(fnv(y.data(), y.size()) + cols);
        f.backward_from_output(y.data(), dy.data(), dx.data(), rows, cols);
        hb ^= splitmix(fnv(dx.data(), dx.size()) + cols);
    }
    emit(out, std::string(F::name) + " " + type + " forward", hf);
    emit(out, std::string(F::name) + " " + type + " backward", hb);
}

template <class T, class G> void hash_gated(line_map& out, G const& g, std::string const& name, std::string const& type) {
    const std::size_t n = 100003;
    std::vector<T> gate = row_values<T>(n, 1, false), value = row_values<T>(n, 2, false), dy = row_values<T>(n, 3, false);
    std::vector<T> y(n), dg(n), dv(n);
    actmath::forward(g, gate.data(), value.data(), y.data(), n);
    actmath::backward(g, gate.data(), value.data(), dy.data(), dg.data(), dv.data(), n);
    emit(out, name + " " + type + " forward", fnv(y.data(), n));
    emit(out, name + " " + type + " backward", splitmix(fnv(dg.data(), n)) ^ fnv(dv.data(), n));
}

template <class T> void hash_rows_and_gates(line_map& out, std::string const& type) {
    hash_rowwise<T>(out, actmath::softmax<T>{}, type);
    hash_rowwise<T>(out, actmath::log_softmax<T>{}, type);
    hash_rowwise<T>(out, actmath::softmin<T>{}, type);
    hash_gated<T>(out, actmath::glu<T>{}, "glu", type);
    hash_gated<T>(out, actmath::reglu<T>{}, "reglu", type);
    hash_gated<T>(out, actmath::swiglu<T>{}, "swiglu", type);
    hash_gated<T>(out, actmath::geglu<T>{}, "geglu", type);
    hash_gated<T>(out, actmath::geglu_tanh<T>{}, "geglu_tanh", type);
}

std::vector<std::string> split_list(std::string const& s) {
    std::vector<std::string> v;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) v.push_back(item);
    return v;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "digest: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--stride") o.stride = std::strtoull(value().c_str(), nullptr, 0);
        else if (a == "--double-count") o.double_count = std::strtoull(value().c_str(), nullptr, 0);
        else if (a == "--threads") o.threads = unsigned(std::strtoul(value().c_str(), nullptr, 0));
        else if (a == "--only") o.only = split_list(value());
        else if (a == "--compare") o.compare = value();
        else {
            std::fprintf(stderr, "usage: digest [--stride K] [--double-count N] [--threads T] [--only a,b] [--compare FILE]\n");
            return 2;
        }
    }
    if (o.stride == 0 || o.threads == 0) {
        std::fprintf(stderr, "digest: --stride and --threads must be positive\n");
        return 2;
    }
    auto wanted = [&](entry const& e) {
        if (o.only.empty()) return true;
        for (auto const& n : o.only)
            if (n == e.s.name || n == e.family) return true;
        return false;
    };
    line_map out;
    std::uint64_t float_count = ((std::uint64_t(1) << 32) + o.stride - 1) / o.stride;
    for (entry const& e : all_entries()) {
        if (!wanted(e)) continue;
        auto hf = hash_function<float>(e.f32, e.has_from_output, float_count,
                                       [&](std::uint64_t i) { return float_at(i, o.stride); }, o.threads);
        for (int k = 0; k < n_eval; ++k)
            if (k != dfo || e.has_from_output) emit(out, e.s.name + " float " + eval_name[k], hf[k]);
        auto hd = hash_function<double>(e.f64, e.has_from_output, o.double_count, double_at, o.threads);
        for (int k = 0; k < n_eval; ++k)
            if (k != dfo || e.has_from_output) emit(out, e.s.name + " double " + eval_name[k], hd[k]);
    }
    if (o.only.empty()) {
        hash_rows_and_gates<float>(out, "float");
        hash_rows_and_gates<double>(out, "double");
    }
    if (o.compare.empty()) return 0;

    std::ifstream in(o.compare);
    if (!in) {
        std::fprintf(stderr, "digest: cannot read %s\n", o.compare.c_str());
        return 2;
    }
    line_map before;
    std::string name, type, eval, hash;
    while (in >> name >> type >> eval >> hash) before[name + " " + type + " " + eval] = hash;
    int differ = 0;
    for (auto const& kv : out) {
        auto it = before.find(kv.first);
        if (it == before.end()) {
            std::fprintf(stderr, "digest: %s is not in %s\n", kv.first.c_str(), o.compare.c_str());
            ++differ;
        } else if (it->second != kv.second) {
            std::fprintf(stderr, "digest: %s differs (%s before, %s now)\n", kv.first.c_str(), it->second.c_str(),
                         kv.second.c_str());
            ++differ;
        }
    }
    std::fprintf(stderr, "digest: %d of %zu hashes differ from %s\n", differ, out.size(), o.compare.c_str());
    return differ ? 1 : 0;
}
