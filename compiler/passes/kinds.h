#pragma once
// The kinds pass: rule 2 (parameters are learned, never set, and never read
// before training: not in a search space, a shape, a data definition or a
// tune objective), rule 3 (hyperparameters are never assigned inside a model
// or a train block), and using each thing as what it is: calling only what
// can be called, built-ins with the right arguments, models and data sets
// never used as numbers, metrics that fit the task, block settings that
// exist. Reports E02xx and E06xx; needs a Resolution without errors to be
// meaningful (unresolved names are skipped, not re-reported).
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

void verify_kinds(const ast::Program& program, const Resolution& resolution, Diagnostics& diags);
// The E0601 / E0207 part of verify_kinds that needs no resolution: unknown
// setting keys, stop_early arguments and split options. The driver runs it
// alone when names did not resolve, so every typo is reported in one run.
void verify_setting_names(const ast::Program& program, Diagnostics& diags);

}  // namespace xp
