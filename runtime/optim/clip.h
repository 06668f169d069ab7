#pragma once
// Gradient clipping by global norm: when ‖g‖₂ over all parameters exceeds
// max_norm, every gradient is scaled by max_norm/‖g‖₂ (direction kept).
#include "runtime/graph/executable.h"

namespace xp::rt {

// Returns the norm before clipping. max_norm ≤ 0 leaves gradients alone.
float clip_by_global_norm(ParamSet params, float max_norm);

}  // namespace xp::rt
