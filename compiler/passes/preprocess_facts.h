#pragma once
// The preprocessing the loader refuses (runtime/data/load.cpp, read_options),
// found at `exp check` on the lowered program: two scalings of one data set
// (`standardize d` then `minmax d`) and `onehot` of a generator's data, which
// has no columns (both E0808, with the loader's own diagnostics).
#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp {

void verify_preprocessing(const ir::Program& program, Diagnostics& diags);

}  // namespace xp
