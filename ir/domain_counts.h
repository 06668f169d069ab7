#pragma once
// How many values a hyper's domain holds, and how many a grid search lists
// of it: one rule for the runtime (runtime/tune/space.cpp, sampler_grid.cpp)
// and the checker (compiler/passes/grid_space.cpp), so `exp check` refuses
// exactly the grids the run would.
#include <cstddef>
#include <optional>

#include "ir/ir.h"

namespace xp::ir {

// Int domains: the step (at least 1).
double int_step(const HyperDomain& d);

// How many values a discrete domain has (Int: steps, Choice: choices,
// Fixed: 1); 0 for continuous domains.
size_t discrete_count(const HyperDomain& d);

// How many values a grid search lists of `d` with the tune block's `count: N`
// (0: not given): every value of a discrete or stepped domain — an int range
// longer than N thinned to N (at most: close values may round to one) — and
// N spread over a continuous range; nullopt when it cannot list one (a
// continuous range without N ≥ 2).
std::optional<double> grid_value_count(const HyperDomain& d, int count);

}  // namespace xp::ir
