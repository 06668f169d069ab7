#include "runtime/tune/blackbox.h"

#include <cmath>

namespace xp::rt {

Objective make_expression_objective(ir::HExpr expr) {
  return [expr = std::move(expr)](const ir::Assignment& a, TrialContext&) {
    TrialOutcome out;
    const auto v = ir::eval(expr, a);
    if (!v) {
      out.state = TrialState::Failed;
      out.reason = "the objective reads a hyper that is inactive in this trial";
    } else if (v->kind != ir::Value::Kind::Number) {
      out.state = TrialState::Failed;
      out.reason = "the objective is " + v->str() + ", not a number";
    } else if (!std::isfinite(v->number)) {
      out.state = TrialState::Failed;
      out.reason = std::string("the objective is ") + (std::isnan(v->number) ? "NaN" : "infinite");
    } else {
      out.value = v->number;
    }
    return out;
  };
}

}  // namespace xp::rt
