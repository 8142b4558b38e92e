// tools/edge_cases: f and f' of every catalogued function (float) at the edge inputs: NaN,
// +-inf, +-0, +-the smallest subnormal, +-FLT_MIN, +-FLT_MAX, each kink or cut-off of the
// function (the point itself and its float neighbours) and two ordinary inputs, with the exact
// value from the long double reference.
//
//   edge_cases [--tsv]      --tsv: one tab-separated line per (function, input) for
//                           scripts/edge_cases.py, which adds PyTorch's column and writes
//                           docs/edge-cases.md; otherwise a readable table.
// TSV columns: function, input label, x, f(x), f'(x), exact f, exact f', all as C99 hex floats
// ("nan", "inf", "-inf" for the non-finite) so nothing is lost in printing.
#include "reference/all.hpp"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace actmath_test;

namespace {

struct input {
    std::string label;
    float x;
};

std::vector<input> inputs_for(spec const& s) {
    using L = std::numeric_limits<float>;
    std::vector<input> v = {{"NaN", L::quiet_NaN()},
                            {"+inf", L::infinity()},
                            {"-inf", -L::infinity()},
                            {"+0", 0.0f},
                            {"-0", -0.0f},
                            {"+denorm_min", L::denorm_min()},
                            {"-denorm_min", -L::denorm_min()},
                            {"+FLT_MIN", L::min()},
                            {"-FLT_MIN", -L::min()},
                            {"+FLT_MAX", L::max()},
                            {"-FLT_MAX", -L::max()},
                            // two ordinary inputs: scripts/edge_cases.py checks on them that
                            // its PyTorch call is the same function (parameters included)
                            {"ordinary", -1.3f},
                            {"ordinary", 0.75f}};
    // Each float once: a kink that is already listed (or that another kink's neighbour hit)
    // adds no row.
    auto add = [&v](const char* name, float x) {
        bool dup = false;
        for (input const& i : v) dup |= std::memcmp(&i.x, &x, 4) == 0;
        if (!dup) v.push_back({name, x});
    };
    for (ld k : s.kinks) {
        float p = float(k);
        if (!std::isfinite(p)) continue; // a double-only kink (2^500 ...): +-inf are listed
        char b[64];
        std::snprintf(b, sizeof b, "kink %.9g", double(p));
        add(b, p);
        // the neighbours show the side each branch takes (skip them at 0: +-denorm_min is listed)
        if (p != 0) {
            std::snprintf(b, sizeof b, "kink %.9g - 1 ulp", double(p));
            add(b, std::nextafter(p, -L::infinity()));
            std::snprintf(b, sizeof b, "kink %.9g + 1 ulp", double(p));
            add(b, std::nextafter(p, L::infinity()));
        }
    }
    return v;
}

std::string hex(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char b[64];
    std::snprintf(b, sizeof b, "%a", x);
    return b;
}

// The exact value as a float, rounded once from long double (beyond the range: +-inf).
std::string hex_exact(ld e) {
    if (std::isnan(e)) return "nan";
    return hex(double(float(round_overflow<float>(e))));
}

std::string show(double x) {
    if (std::isnan(x)) return "NaN";
    char b[64];
    if (x == 0) return std::signbit(x) ? "-0" : "0";
    std::snprintf(b, sizeof b, "%.9g", x);
    return b;
}

} // namespace

int main(int argc, char** argv) {
    const bool tsv = argc > 1 && std::strcmp(argv[1], "--tsv") == 0;
    for (entry const& e : all_entries()) {
        if (!tsv) std::printf("\n%s\n%-26s %-16s %-16s %-16s\n", e.s.name.c_str(), "input", "x", "f(x)", "f'(x)");
        for (input const& in : inputs_for(e.s)) {
            const float f = e.f32.forward(in.x), d = e.f32.derivative(in.x);
            const ld ef = e.s.f(ld(in.x)), ed = e.s.df(ld(in.x));
            if (tsv)
                std::printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.s.name.c_str(), in.label.c_str(), hex(in.x).c_str(),
                            hex(f).c_str(), hex(d).c_str(), hex_exact(ef).c_str(), hex_exact(ed).c_str());
            else
                std::printf("%-26s %-16s %-16s %-16s\n", in.label.c_str(), show(in.x).c_str(), show(f).c_str(),
                            show(d).c_str());
        }
    }
    return 0;
}
