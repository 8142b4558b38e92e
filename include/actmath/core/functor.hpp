// What every activation file includes: the value vocabulary, the shared math, the array
// drivers, and the parameter check used by constructors.
#pragma once

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "actmath/core/kernels.hpp"
#include "actmath/core/math.hpp"
#include "actmath/core/value.hpp"

namespace actmath {
namespace detail {

// Throws std::invalid_argument("actmath::<fn>: <what> (got <value>)") unless ok.
template <class T> inline void require(bool ok, const char* fn, const char* what, T value) {
    if (!ok) {
        std::ostringstream s;
        s.precision(17);
        s << "actmath::" << fn << ": " << what << " (got " << value << ")";
        throw std::invalid_argument(s.str());
    }
}
template <class T> inline void require_finite(const char* fn, const char* name, T value) {
    if (!std::isfinite(value)) {
        std::ostringstream s;
        s.precision(17);
        s << "actmath::" << fn << ": " << name << " must be finite (got " << value << ")";
        throw std::invalid_argument(s.str());
    }
}
template <class T> inline void require_float_type() {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "actmath: activations are defined for float and double");
}

} // namespace detail
} // namespace actmath
