// The one definition of accuracy used by every test and by tools/accuracy.
//
// ULP error of a computed value c against the exact value e (from long double or MPFR):
//   |c - e| / spacing(e),  spacing(e) = 2^(exponent(e) - p + 1) for a normal |e| (p = 24 for
//   float, 53 for double), and the smallest subnormal 2^-149 / 2^-1074 when |e| is below the
//   smallest normal: results in the subnormal range are judged in absolute terms.
// An exact value beyond the largest finite value (by more than half an ulp) counts as inf.
// NaN against NaN is 0; inf against the same inf is 0; any other mismatch of a non-finite
// value is infinite.  The sign of zero is not an ULP matter: the special-value tests check it.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace actmath_test {

using ld = long double;

template <class T> inline ld spacing(ld e) {
    constexpr int p = std::numeric_limits<T>::digits;
    constexpr int emin = std::numeric_limits<T>::min_exponent; // 2^(emin-1) = smallest normal
    int ex = 0;
    std::frexp(e, &ex); // |e| in [2^(ex-1), 2^ex)
    int k = ex - p;
    if (k < emin - p) k = emin - p;
    return std::ldexp(1.0L, k);
}

template <class T> inline ld round_overflow(ld e) {
    const ld big = ld(std::numeric_limits<T>::max()) + spacing<T>(ld(std::numeric_limits<T>::max())) / 2;
    if (e >= big) return std::numeric_limits<ld>::infinity();
    if (e <= -big) return -std::numeric_limits<ld>::infinity();
    return e;
}

template <class T> inline double ulp_error(T c, ld e) {
    const double inf = std::numeric_limits<double>::infinity();
    if (std::isnan(e)) return std::isnan(c) ? 0.0 : inf;
    e = round_overflow<T>(e);
    if (std::isinf(e)) return ld(c) == e ? 0.0 : inf;
    if (!std::isfinite(c)) return inf;
    return double(std::fabs(ld(c) - e) / spacing<T>(e));
}

// Bitwise equality where every NaN equals every NaN (payloads are not specified).
template <class T> inline bool same_bits(T a, T b) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

template <class T> inline T from_bits(std::uint64_t b) {
    T x;
    if constexpr (sizeof(T) == 4) {
        std::uint32_t u = static_cast<std::uint32_t>(b);
        std::memcpy(&x, &u, 4);
    } else {
        std::memcpy(&x, &b, 8);
    }
    return x;
}

inline std::uint64_t splitmix64(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Every value the special-value tests and the samples always include.
template <class T> inline std::vector<T> special_values() {
    using L = std::numeric_limits<T>;
    std::vector<T> v = {T(0), -T(0), L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(),
                        L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), L::max(), -L::max(),
                        L::epsilon(), -L::epsilon(), T(1), T(-1), T(0.5), T(-0.5), T(2), T(-2),
                        T(1e-30), T(-1e-30), T(1e30), T(-1e30), T(3e38), T(-3e38)};
    return v;
}

// k floats either side of p (p included), stepping one ulp at a time, and a geometric fan
// out to 2^20 ulps: the neighbourhood of a kink or a cut-off.
template <class T> inline void add_neighbourhood(std::vector<T>& v, T p, int k = 16) {
    using L = std::numeric_limits<T>;
    T up = p, dn = p;
    v.push_back(p);
    for (int i = 0; i < k; ++i) {
        up = std::nextafter(up, L::infinity());
        dn = std::nextafter(dn, -L::infinity());
        v.push_back(up);
        v.push_back(dn);
    }
    for (int s = 5; s <= 20; ++s) {
        T h = T(std::ldexp(1.0, s)) * (p == 0 ? L::denorm_min() : spacing<T>(p) > 0 ? T(spacing<T>(p)) : L::denorm_min());
        v.push_back(p + h);
        v.push_back(p - h);
    }
}

// Every stride-th float bit pattern, from a start that varies the low bits.
inline std::vector<float> float_sample(std::uint64_t count) {
    std::vector<float> v;
    const std::uint64_t stride = (std::uint64_t(1) << 32) / count;
    v.reserve(count + 64);
    for (std::uint64_t i = 0; i < count; ++i) v.push_back(from_bits<float>(i * stride + (i * 7919) % stride));
    return v;
}

// count doubles spread over the whole bit space: the top bits stride evenly, the low bits are
// pseudo-random (fixed seed).
inline std::vector<double> double_sample(std::uint64_t count) {
    std::vector<double> v;
    v.reserve(count + 64);
    std::uint64_t seed = 0x5eed;
    int log2c = 0;
    while ((std::uint64_t(1) << log2c) < count) ++log2c;
    const int low = 64 - log2c;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t r = splitmix64(seed);
        std::uint64_t b = (i << low) | (low == 64 ? r : (r & ((std::uint64_t(1) << low) - 1)));
        v.push_back(from_bits<double>(b));
    }
    return v;
}

// A denser sample of the doubles whose magnitude lies in [lo, hi] (both signs): the range
// where a function is neither saturated nor trivially linear.
inline std::vector<double> double_range_sample(double lo, double hi, std::uint64_t count) {
    std::vector<double> v;
    std::uint64_t seed = 0xacc;
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, &lo, 8);
    std::memcpy(&b, &hi, 8);
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t r = a + splitmix64(seed) % (b - a + 1);
        double x = from_bits<double>(r);
        v.push_back((i & 1) ? -x : x);
    }
    return v;
}

} // namespace actmath_test
