#pragma once
// The black-box objective of `tune { minimize = EXPR }`: EXPR evaluated with
// ir::eval under the trial's hypers. No model, no data.
#include "ir/ir.h"
#include "runtime/core/objective.h"

namespace xp::rt {

// A trial fails (with the reason) when the expression reads an inactive
// hyper, is not a number, or is NaN / infinite.
Objective make_expression_objective(ir::HExpr expr);

}  // namespace xp::rt
