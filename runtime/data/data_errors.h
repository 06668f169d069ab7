#pragma once
// The data diagnostics live in compiler/diags/data.h, shared with the
// checker's data probe; the loader names them data_diag::… as before.
#include "compiler/diags/data.h"

namespace xp::rt {
namespace data_diag = ::xp::diag::data;
}  // namespace xp::rt
