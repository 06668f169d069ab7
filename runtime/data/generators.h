#pragma once
// Seeded synthetic data sets. Each generator's options (name, default,
// bounds; stdlib/generators.h) let the loader validate a script's options with a span;
// generation itself cannot fail. Rows come out shuffled by the seed.
// Feature names are x1..xF; the target is `y`; classes are named "0", "1", ...
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/data/csv_table.h"
#include "stdlib/generators.h"

namespace xp::rt {

// Names, defaults and bounds live in the stdlib (shared with the checker).
using GeneratorOption = stdlib::GeneratorOption;

// The options of generator `name`; empty if there is no such generator.
std::span<const GeneratorOption> generator_options(std::string_view name);
bool is_generator(std::string_view name);
// The generators implemented here (for the registry contract test).
std::vector<std::string_view> generator_names();

// `values` holds validated options by name; absent ones take their default.
// `seed` is the generator's seed (the `seed:` option, else the program's seed).
Table generate(std::string_view name, const std::map<std::string, double>& values, uint64_t seed);

}  // namespace xp::rt
