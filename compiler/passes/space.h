#pragma once
// The search-space pass (rule 6): every `hyper NAME ~ SPACE` can be sampled
// (positive log bounds, low < high, integer int bounds, positive steps, a
// non-empty choice without repeats, a step wherever grid search must
// enumerate a range) and every condition can be evaluated in declaration
// order and can hold. Warns about linear ranges spanning orders of magnitude
// and steps that do not divide their range. Reports E05xx, W0105, W0106.
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

void verify_space(const ast::Program& program, const Resolution& resolution, Diagnostics& diags);

}  // namespace xp
