#include "runtime/init/initializers.h"

#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/core/random.h"

namespace xp::rt {
namespace {

void fill_uniform(std::span<float> out, double low, double high, uint64_t& state) {
  for (float& v : out) v = static_cast<float>(low + (high - low) * uniform01(state));
}
void fill_normal(std::span<float> out, double mean, double std, uint64_t& state) {
  for (float& v : out) v = static_cast<float>(mean + std * standard_normal(state));
}

}  // namespace

void validate_init(const InitSpec& s) {
  const std::string& f = s.fn;
  if (f.empty() || f == "zeros" || f == "ones" || f == "glorot" || f == "xavier" || f == "glorot_normal" ||
      f == "he" || f == "kaiming" || f == "he_uniform") {
    s.check({}, 0);
  } else if (f == "constant") {
    s.check({"value"}, 1);
    if (!s.find("value", 0)) s.reject("`constant` needs the value to fill with", "write constant(0.1)");
  } else if (f == "normal") {
    s.check({"mean", "std"}, 2);
    if (!(s.get("std", 1, 0.01) >= 0)) s.reject(fmt::format("normal std must be ≥ 0, got {}", s.get("std", 1, 0.01)));
  } else if (f == "uniform") {
    s.check({"low", "high"}, 2);
    if (!(s.get("low", 0, -0.05) <= s.get("high", 1, 0.05)))
      s.reject(fmt::format("uniform needs low ≤ high, got {} and {}", s.get("low", 0, -0.05), s.get("high", 1, 0.05)));
  } else {
    throw GraphError(s.span, graph_error_codes::kUnknown, fmt::format("unknown initializer `{}`", f),
                     "initializers: zeros, ones, constant, normal, uniform, glorot, xavier, glorot_normal, he, "
                     "kaiming, he_uniform");
  }
}

void initialize(const InitSpec& s, std::span<float> out, int64_t fan_in, int64_t fan_out, uint64_t seed) {
  validate_init(s);
  uint64_t state = seed;
  const double fi = static_cast<double>(std::max<int64_t>(fan_in, 1));
  const double fo = static_cast<double>(std::max<int64_t>(fan_out, 1));
  const std::string& f = s.fn;
  if (f.empty() || f == "zeros") std::fill(out.begin(), out.end(), 0.f);
  else if (f == "ones") std::fill(out.begin(), out.end(), 1.f);
  else if (f == "constant") std::fill(out.begin(), out.end(), static_cast<float>(*s.find("value", 0)));
  else if (f == "normal") fill_normal(out, s.get("mean", 0, 0.0), s.get("std", 1, 0.01), state);
  else if (f == "uniform") fill_uniform(out, s.get("low", 0, -0.05), s.get("high", 1, 0.05), state);
  else if (f == "glorot" || f == "xavier") {
    const double a = std::sqrt(6.0 / (fi + fo));
    fill_uniform(out, -a, a, state);
  } else if (f == "glorot_normal") fill_normal(out, 0, std::sqrt(2.0 / (fi + fo)), state);
  else if (f == "he" || f == "kaiming") fill_normal(out, 0, std::sqrt(2.0 / fi), state);
  else if (f == "he_uniform") {
    const double a = std::sqrt(6.0 / fi);
    fill_uniform(out, -a, a, state);
  }
}

}  // namespace xp::rt
