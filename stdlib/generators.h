#pragma once
// The options of the synthetic data generators (moons, blobs, ...): name,
// default and bounds, declared as the generator's arguments in the registry
// (stdlib/builtins.cpp). The checker (which rejects an option out of range at
// `exp check`), the runtime loader and the generators (which read the
// defaults) all read them from there.
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "stdlib/builtins.h"

namespace xp::stdlib {

using GeneratorOption = Arg;

// The options of generator `name` (without `seed:`, which every generator takes); empty if there is none.
std::span<const GeneratorOption> generator_options(std::string_view name);

// Every option may be in bounds and the data still too large to hold:
// blobs(n: 10000000, features: 10000) is 10^11 values. At most this many
// rows × features (as floats, 400 MB).
inline constexpr double kMaxGeneratedValues = 1e8;
// Rows × features generator `name` makes with `values` (absent options take their defaults).
double generated_values(std::string_view name, const std::map<std::string, double>& values);
// "blobs would generate 1e+11 values (...)" when that is over kMaxGeneratedValues, else "".
std::string too_large(std::string_view name, const std::map<std::string, double>& values);

}  // namespace xp::stdlib
