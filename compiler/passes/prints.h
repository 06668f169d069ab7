#pragma once
// `print EXPR` in a script runs once the run is over and evaluates EXPR with
// the chosen hyperparameters: it shows strings, numbers and expressions of
// hypers. A learned tensor has no such form, so asking for one is an error
// here rather than a failure at the end of a long run. The REPL's `:shape`
// probes use `print` too and stop before this pass (CompileOptions::shapes_only).
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

// One E0212 per `print` whose value reads a parameter, a model, data or a
// tensor operation, at the first such part.
void check_prints(const ast::Program& program, const Resolution& resolution, Diagnostics& diags);

}  // namespace xp
