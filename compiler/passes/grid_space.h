#pragma once
// What grid search lists, checked per study: each `tune` block with
// `method = grid` enumerates only the hypers its own model's training reads
// (or its black-box objective), like the runtime's grid sampler
// (runtime/tune/sampler_grid.cpp). A continuous range needs a step or the
// block's `count: N` (E0505), and the points must stay under
// ir::kMaxGridPoints (E0516). Another study's loguniform `lr` is not this
// grid's business.
#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp {

void verify_grid_studies(const ir::Program& program, Diagnostics& diags);

}  // namespace xp
