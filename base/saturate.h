#pragma once
// Integer arithmetic on numbers a script wrote: sizes (`[3037000500 * 3037000500]`),
// setting values (`trials = 1e300`), int ranges (`int(0, 1e300)`). Plain
// casts and operators are undefined behaviour once the value leaves the
// integer's range; these clamp to the nearest representable value instead,
// so the checker can still report the result (or the runtime refuse it).
#include <cmath>
#include <cstdint>
#include <limits>

namespace xp {

// Rounds toward zero like a cast; NaN is 0; out-of-range values clamp.
template <typename Int>
Int saturating_cast(double v) {
  static_assert(std::numeric_limits<Int>::is_signed, "signed integers only");
  if (std::isnan(v)) return 0;
  // The range of a signed integer is [-2^k, 2^k): both ends are exact in double.
  constexpr double lo = static_cast<double>(std::numeric_limits<Int>::min());
  if (v <= lo) return std::numeric_limits<Int>::min();
  if (v >= -lo) return std::numeric_limits<Int>::max();
  return static_cast<Int>(v);
}

inline int64_t saturating_add(int64_t a, int64_t b) {
  int64_t r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

inline int64_t saturating_mul(int64_t a, int64_t b) {
  int64_t r;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  return (a < 0) == (b < 0) ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

}  // namespace xp
