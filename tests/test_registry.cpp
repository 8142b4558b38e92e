// The catalogue as a whole (tests/reference/all.hpp): rules every function obeys, checked for
// every entry whatever its family, so a function added later is held to them at once.
//   - names are unique, and each family's entries carry its name;
//   - NaN in gives NaN out, forward and derivative, float and double;
//   - a finite input whose exact result is finite never gives inf or NaN (special values,
//     huge and subnormal inputs, the kinks);
//   - +-inf give the reference's limit (within 4 ulp);
//   - derivative_from_output accepts any y (NaN gives NaN);
//   - the scalar call and the array kernel give the same bits.
#include <set>

#include "reference/all.hpp"

using namespace actmath_test;

namespace {

template <class T> std::vector<T> edge_inputs(spec const& s) {
    std::vector<T> v = special_values<T>();
    for (ld k : s.kinks) add_neighbourhood<T>(v, T(k), 2);
    return v;
}

template <class T>
void check_rules(entry const& e, evaluators<T> const& ev) {
    const char* tn = std::is_same<T, float>::value ? "float" : "double";
    std::vector<T> xs = edge_inputs<T>(e.s), yk(xs.size()), dk(xs.size());
    ev.forward_n(xs.data(), yk.data(), xs.size());
    ev.derivative_n(xs.data(), dk.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const T x = xs[i], y = ev.forward(x), d = ev.derivative(x);
        INFO(e.s.name << " " << tn << " at x = " << x << ": forward " << y << ", derivative " << d);
        CHECK(same_bits(y, yk[i]));
        CHECK(same_bits(d, dk[i]));
        if (std::isnan(x)) {
            CHECK(std::isnan(y));
            CHECK(std::isnan(d));
            continue;
        }
        const ld ef = round_overflow<T>(e.s.f(ld(x))), ed = round_overflow<T>(e.s.df(ld(x)));
        if (std::isfinite(ef)) CHECK(std::isfinite(y));
        if (std::isfinite(ed)) CHECK(std::isfinite(d));
        if (std::isinf(x)) {
            if (!std::isnan(ef)) CHECK(ulp_error<T>(y, ef) <= 4);
            if (!std::isnan(ed)) CHECK(ulp_error<T>(d, ed) <= 4);
        }
    }
    if (e.has_from_output) {
        // any y (not only outputs of forward) is safe, and the kernel matches the scalar call
        std::vector<T> ok(xs.size());
        ev.derivative_from_output_n(xs.data(), ok.data(), xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            INFO(e.s.name << " " << tn << " derivative_from_output(" << xs[i] << ")");
            CHECK(same_bits(ev.derivative_from_output(xs[i]), ok[i]));
            if (std::isnan(xs[i])) CHECK(std::isnan(ok[i]));
        }
    }
}

} // namespace

TEST_CASE("catalogue: every family present, names unique", "[registry]") {
    std::vector<std::string> families;
    auto all = all_entries(&families);
    std::set<std::string> names;
    for (entry const& e : all) {
        INFO("function " << e.s.name << " of family " << e.family);
        CHECK(!e.s.name.empty());
        CHECK(!e.family.empty());
        CHECK(names.insert(e.s.name).second);
    }
    for (std::string const& f : expected_families()) {
        bool found = std::find(families.begin(), families.end(), f) != families.end();
        if (!found) WARN("family " << f << " has no entries in tests/reference/" << f << ".hpp yet");
    }
    CHECK(!all.empty());
}

TEST_CASE("catalogue: NaN, infinities, finite results, scalar == kernel", "[registry]") {
    for (entry const& e : all_entries()) {
        check_rules<float>(e, e.f32);
        check_rules<double>(e, e.f64);
    }
}
