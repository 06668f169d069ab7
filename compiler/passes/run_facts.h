#pragma once
// Facts about the script that `exp run` checks before training, checked here
// on the lowered program so `exp check` finds them first: searched hypers
// with no study (E0905), early stopping on `val.*` without validation rows
// (E0904), `epochs` / `batch` that no trial can use (E0609), and models too
// large to train (E0319, from the --cost estimate).
#include "compiler/cost.h"
#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp {

void verify_run_facts(const ir::Program& program, const DataFactsByName& data, Diagnostics& diags);

}  // namespace xp
