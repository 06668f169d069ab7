#include "stdlib/generators.h"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace xp::stdlib {

std::span<const GeneratorOption> generator_options(std::string_view name) {
  const Builtin* b = find(name, Category::Generator);
  if (!b || b->args.empty()) return {};
  return b->args.first(b->args.size() - 1);  // every generator's last argument is `seed:`
}

double generated_values(std::string_view name, const std::map<std::string, double>& values) {
  double rows = 0, features = 2;  // generators without a `features:` option make points in the plane
  for (const auto& o : generator_options(name)) {
    auto it = values.find(std::string(o.name));
    double v = it == values.end() ? o.default_value : it->second;
    if (o.name == "n") rows = v;
    if (o.name == "features") features = v;
    if (o.name == "length") features = v;      // token_sum: ids per sequence
    if (o.name == "size") features = v * v;    // bars: size × size pixels
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
