// The catalogue: every family's entries (tests/reference/<family>.hpp, <family>_entries()),
// gathered for the tools that walk all functions (tools/accuracy, tools/edge_cases, the
// fuzzer) and for tests/test_registry.cpp.
//
// Families land one at a time, so each is included only if its header exists, and its
// entries are taken only if <family>_entries() is declared: a header that exists but does
// not define the function yet contributes nothing instead of breaking the build.  The
// detection: a function template of the same name lives in registry_fallback; a using-
// directive makes both visible, and overload resolution prefers the family's own
// non-template function whenever it is declared.  -DACTMATH_REGISTRY_NO_<FAMILY> leaves a
// family out (a header that does not compile at the moment must not stop the other tools).
#pragma once

#include <string>
#include <vector>

#include "../support/check.hpp"

#if __has_include("sigmoid.hpp") && !defined(ACTMATH_REGISTRY_NO_SIGMOID)
#include "sigmoid.hpp"
#endif
#if __has_include("tanh.hpp") && !defined(ACTMATH_REGISTRY_NO_TANH)
#include "tanh.hpp"
#endif
#if __has_include("relu.hpp") && !defined(ACTMATH_REGISTRY_NO_RELU)
#include "relu.hpp"
#endif
#if __has_include("hard.hpp") && !defined(ACTMATH_REGISTRY_NO_HARD)
#include "hard.hpp"
#endif
#if __has_include("shrink.hpp") && !defined(ACTMATH_REGISTRY_NO_SHRINK)
#include "shrink.hpp"
#endif
#if __has_include("softsign.hpp") && !defined(ACTMATH_REGISTRY_NO_SOFTSIGN)
#include "softsign.hpp"
#endif
#if __has_include("elu.hpp") && !defined(ACTMATH_REGISTRY_NO_ELU)
#include "elu.hpp"
#endif
#if __has_include("softplus.hpp") && !defined(ACTMATH_REGISTRY_NO_SOFTPLUS)
#include "softplus.hpp"
#endif
#if __has_include("swish.hpp") && !defined(ACTMATH_REGISTRY_NO_SWISH)
#include "swish.hpp"
#endif
#if __has_include("mish.hpp") && !defined(ACTMATH_REGISTRY_NO_MISH)
#include "mish.hpp"
#endif
#if __has_include("gelu.hpp") && !defined(ACTMATH_REGISTRY_NO_GELU)
#include "gelu.hpp"
#endif

namespace actmath_test {

namespace registry_fallback {
struct absent {};
#define ACTMATH_REGISTRY_FALLBACK(fam) \
    template <class... A> inline absent fam##_entries(A...) { return {}; }
ACTMATH_REGISTRY_FALLBACK(sigmoid)
ACTMATH_REGISTRY_FALLBACK(tanh)
ACTMATH_REGISTRY_FALLBACK(relu)
ACTMATH_REGISTRY_FALLBACK(hard)
ACTMATH_REGISTRY_FALLBACK(shrink)
ACTMATH_REGISTRY_FALLBACK(softsign)
ACTMATH_REGISTRY_FALLBACK(elu)
ACTMATH_REGISTRY_FALLBACK(softplus)
ACTMATH_REGISTRY_FALLBACK(swish)
ACTMATH_REGISTRY_FALLBACK(mish)
ACTMATH_REGISTRY_FALLBACK(gelu)
#undef ACTMATH_REGISTRY_FALLBACK

inline void append(std::vector<entry>& all, std::vector<entry> v, std::vector<std::string>& present) {
    if (!v.empty()) present.push_back(v.front().family);
    for (entry& e : v) all.push_back(std::move(e));
}
inline void append(std::vector<entry>&, absent, std::vector<std::string>&) {}
} // namespace registry_fallback

// Every catalogued function, in family order.  `families` (optional) receives the names of
// the families that contributed.
inline std::vector<entry> all_entries(std::vector<std::string>* families = nullptr) {
    using namespace registry_fallback;
    std::vector<entry> all;
    std::vector<std::string> present;
    append(all, sigmoid_entries(), present);
    append(all, tanh_entries(), present);
    append(all, relu_entries(), present);
    append(all, hard_entries(), present);
    append(all, shrink_entries(), present);
    append(all, softsign_entries(), present);
    append(all, elu_entries(), present);
    append(all, softplus_entries(), present);
    append(all, swish_entries(), present);
    append(all, mish_entries(), present);
    append(all, gelu_entries(), present);
    if (families) *families = present;
    return all;
}

// The families this registry knows; a test asserts every one of them has landed.
inline std::vector<std::string> expected_families() {
    return {"sigmoid", "tanh", "relu", "hard", "shrink", "softsign", "elu", "softplus", "swish", "mish", "gelu"};
}

} // namespace actmath_test
