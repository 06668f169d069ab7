#pragma once
// E0810 at check time: `evaluate MODEL on DATA` encodes DATA's file with the
// model's training columns, found by name, and scores it against the
// training target, or (a generator's data) needs the same features, task and
// classes; the run refused a misfit only after training (runtime/data/
// load.cpp, load_for_evaluation). Here it is refused before anything runs,
// from both data sets' probed facts (compiler/data_probe.h).
#include "base/diagnostics.h"
#include "compiler/data_probe.h"
#include "ir/ir.h"

namespace xp {

void verify_evaluation_columns(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags);

}  // namespace xp
