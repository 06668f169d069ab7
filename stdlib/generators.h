#pragma once
// The options of the synthetic data generators (moons, blobs, ...): name,
// default and bounds. One table for the checker (which rejects an option out
// of range at `exp check`), the runtime loader and generators (which read the
// defaults), and the signatures in builtins.cpp (a unit test keeps them equal).
#include <span>
#include <string>
#include <string_view>

namespace xp::stdlib {

struct GeneratorOption {
  std::string_view name;
  double default_value;
  double min, max;  // inclusive bounds
  bool integer;
  std::string_view doc;

  bool accepts(double v) const;
  // "an integer from 1 to 10000": what `accepts` asks for, as messages say it.
  std::string range_text() const;
};

// The options of generator `name` (without `seed:`, which every generator takes); empty if there is none.
std::span<const GeneratorOption> generator_options(std::string_view name);

}  // namespace xp::stdlib
