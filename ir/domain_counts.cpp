#include "ir/domain_counts.h"

#include <cmath>

namespace xp::ir {

double int_step(const HyperDomain& d) { return d.step >= 1 ? std::round(d.step) : 1.0; }

size_t discrete_count(const HyperDomain& d) {
  switch (d.kind) {
    case HyperDomain::Kind::Fixed: return 1;
    case HyperDomain::Kind::Choice: return d.choices.size();
    case HyperDomain::Kind::Int: return static_cast<size_t>(std::floor((d.high - d.low) / int_step(d) + 1e-9)) + 1;
    default: return 0;
  }
}

std::optional<double> grid_value_count(const HyperDomain& d, int count) {
  using Kind = HyperDomain::Kind;
  switch (d.kind) {
    case Kind::Fixed:
    case Kind::Choice: return static_cast<double>(discrete_count(d));
    case Kind::Int: {
      const double n = std::floor((d.high - d.low) / int_step(d) + 1e-9) + 1;  // as a double: no overflow
      return count > 0 && n > count ? static_cast<double>(count) : n;
    }
    case Kind::Uniform:
      if (d.step > 0) return std::floor((d.high - d.low) / d.step + 1e-9) + 1;
      [[fallthrough]];
    case Kind::LogUniform:
      if (count < 2) return std::nullopt;
      return static_cast<double>(count);
  }
  return std::nullopt;
}

}  // namespace xp::ir
