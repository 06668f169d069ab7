#pragma once
// W0901 at check time: an unscaled regression target larger than an
// adaptive optimizer (adam and kin move each weight by about lr per step)
// can travel in the steps a training makes. The runtime judges it exactly
// on the training rows (runtime/run/run_train.cpp); here it is judged from
// bounds that can only understate the problem — the target's smallest
// magnitude where its values share a sign (|mean| can be no smaller), the
// largest learning rate and epochs and the smallest batch the search space
// allows, every row of the file for training — so the warning the check
// gives is one the run would give too, and the run then gives no second.
#include "base/diagnostics.h"
#include "compiler/data_probe.h"
#include "ir/ir.h"

namespace xp {

void verify_target_reach(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags);

}  // namespace xp
