#pragma once
// The data diagnostics live in base/data_diags.h, shared with the
// checker's data probe; the loader names them data_diag::… as before.
#include "base/data_diags.h"

namespace xp::rt {
namespace data_diag = ::xp::diag::data;
}  // namespace xp::rt
