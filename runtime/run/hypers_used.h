#pragma once
// The run reads which hypers a training uses from the compiler's IR
// (ir/hypers_used.h), so the checker and the runtime decide alike.
#include "ir/hypers_used.h"

namespace xp::rt {

using xp::fixed_assignment;
using xp::hypers_read;
using xp::hypers_used;
using xp::searched_among;
using xp::space_for;

}  // namespace xp::rt
