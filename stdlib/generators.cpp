#include "stdlib/generators.h"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace xp::stdlib {
namespace {

constexpr double kMaxRows = 10'000'000;

constexpr std::array kMoons{
    GeneratorOption{"n", 200, 2, kMaxRows, true, "number of points"},
    GeneratorOption{"noise", 0.1, 0, 10, false, "standard deviation of Gaussian noise added to each coordinate"},
};
constexpr std::array kCircles{
    GeneratorOption{"n", 200, 2, kMaxRows, true, "number of points"},
    GeneratorOption{"noise", 0.05, 0, 10, false, "standard deviation of Gaussian noise"},
    GeneratorOption{"factor", 0.5, 0.01, 0.99, false, "radius of the inner circle relative to the outer"},
};
constexpr std::array kBlobs{
    GeneratorOption{"n", 200, 2, kMaxRows, true, "number of points"},
    GeneratorOption{"centers", 3, 2, 1000, true, "number of clusters (classes)"},
    GeneratorOption{"features", 2, 1, 10000, true, "dimensions"},
    GeneratorOption{"std", 1, 0, 100, false, "standard deviation of each cluster"},
};
constexpr std::array kSpirals{
    GeneratorOption{"n", 200, 2, kMaxRows, true, "number of points"},
    GeneratorOption{"arms", 2, 2, 100, true, "number of spiral arms (classes)"},
    GeneratorOption{"noise", 0.1, 0, 10, false, "standard deviation of Gaussian noise"},
};
constexpr std::array kXor{
    GeneratorOption{"n", 200, 4, kMaxRows, true, "number of points"},
    GeneratorOption{"noise", 0.1, 0, 10, false, "spread of each cluster around its corner"},
};
constexpr std::array kRegression{
    GeneratorOption{"n", 200, 2, kMaxRows, true, "number of points"},
    GeneratorOption{"features", 5, 1, 10000, true, "dimensions"},
    GeneratorOption{"noise", 0.1, 0, 1e6, false, "standard deviation of Gaussian noise on the target"},
    GeneratorOption{"bias", 0, -1e6, 1e6, false, "intercept"},
};
constexpr std::array kFriedman1{
    GeneratorOption{"n", 200, 2, kMaxRows, true, "number of points"},
    GeneratorOption{"features", 10, 5, 10000, true, "dimensions (only the first five matter)"},
    GeneratorOption{"noise", 0, 0, 1e6, false, "standard deviation of Gaussian noise on the target"},
};

struct Entry {
  std::string_view name;
  std::span<const GeneratorOption> options;
};
const Entry kGenerators[] = {
    {"moons", kMoons},   {"circles", kCircles}, {"blobs", kBlobs},         {"spirals", kSpirals},
    {"xor", kXor},       {"regression", kRegression}, {"friedman1", kFriedman1},
};

}  // namespace

bool GeneratorOption::accepts(double v) const {
  return std::isfinite(v) && v >= min && v <= max && (!integer || v == std::floor(v));
}

std::string GeneratorOption::range_text() const {
  return fmt::format("{} from {} to {}", integer ? "an integer" : "a number", min, max);
}

std::span<const GeneratorOption> generator_options(std::string_view name) {
  for (const auto& e : kGenerators)
    if (e.name == name) return e.options;
  return {};
}

double generated_values(std::string_view name, const std::map<std::string, double>& values) {
  double rows = 0, features = 2;  // generators without a `features:` option make points in the plane
  for (const auto& o : generator_options(name)) {
    auto it = values.find(std::string(o.name));
    double v = it == values.end() ? o.default_value : it->second;
    if (o.name == "n") rows = v;
    if (o.name == "features") features = v;
  }
  return rows * features;
}

std::string too_large(std::string_view name, const std::map<std::string, double>& values) {
  double n = generated_values(name, values);
  if (n <= kMaxGeneratedValues) return "";
  return fmt::format("{} would generate {:g} values (rows × features), more than the {:g} it may", name, n,
                     kMaxGeneratedValues);
}

}  // namespace xp::stdlib
