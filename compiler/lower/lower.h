#pragma once
// Lowering: the checked AST (+ the resolver's side table and the shape
// facts) → the IR the runtime consumes (ir/ir.h). Runs only on a
// program the earlier passes accepted; what it cannot express it treats as
// an internal error, never as a user diagnostic.
//
// Entry points, one per part, so the shape pass and the tests can take just
// what they need:
//   lower_hexpr  an expression of hypers and constants → ir::HExpr
//   lower_space  every `hyper` (top level and model-scoped) → ir::SearchSpace
//   lower        the whole program
#include <string>

#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "ir/ir.h"
#include "compiler/script_location.h"
#include "compiler/symbols.h"

namespace xp {

struct ShapeFacts;  // compiler/passes/shapes.h

ir::HExpr lower_hexpr(const ast::Program& p, const Resolution& r, ast::ExprId id);

// Hyper names are canonical: "lr" at top level, "mlp.units" for a hyper
// declared inside model mlp (scope "mlp"). Declaration order is kept, so a
// condition only refers to hypers before it.
ir::SearchSpace lower_space(const ast::Program& p, const Resolution& r);

// Relative paths in the script resolve against `script.dir` (the driver
// resolved it once; the data probe used the same folder).
ir::Program lower(const ast::Program& p, const Resolution& r, const ShapeFacts& shapes,
                  const ScriptLocation& script);

}  // namespace xp
