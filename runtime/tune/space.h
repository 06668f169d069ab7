#pragma once
// Search spaces as samplers see them: every searched hyper is one dimension of
// the unit cube. A sampler proposes a point u ∈ [0,1)^d; `assemble` walks the
// hypers in declaration order, keeps only the active ones (conditions refer
// backwards, so activity is known by the time a hyper is reached) and maps
// each coordinate to a value: linearly, on a log scale, onto integer steps or
// onto choice cells of equal width. Inactive hypers are never given a value.
#include <cstddef>
#include <functional>
#include <string>

#include "ir/domain_counts.h"
#include "ir/ir.h"

namespace xp::rt {

// Maps a unit coordinate to a value of a searched domain. u is clamped to [0, 1).
ir::Value from_unit(const ir::HyperDomain& d, double u);

// The inverse for values inside the domain: numbers to their position, steps
// and choices to the centre of their cell. Values outside clamp to [0, 1].
double to_unit(const ir::HyperDomain& d, const ir::Value& v);

// Is `v` a value the domain can produce?
bool domain_contains(const ir::HyperDomain& d, const ir::Value& v);

// discrete_count and int_step: ir/domain_counts.h (the checker counts grids with them too).
using ir::discrete_count;
using ir::int_step;

// Builds an assignment: `unit(i)` is asked for the coordinate of
// space.hypers[i], only when that hyper is searched and active.
ir::Assignment assemble(const ir::SearchSpace& space, const std::function<double(size_t)>& unit);

// Is `a` a possible trial of `space`: every active hyper present with a
// value its domain contains, no inactive or unknown hyper present?
bool assignment_fits(const ir::SearchSpace& space, const ir::Assignment& a, std::string* why = nullptr);

}  // namespace xp::rt
