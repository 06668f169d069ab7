#pragma once
// Usage warnings (rule 7): a hyper nothing reads, a param no output of its
// model depends on (dataflow over the model body, backwards from `return`),
// a model that is neither trained nor called, a data set nothing trains on
// or evaluates. Reports W0101–W0104; never errors.
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

void verify_usage(const ast::Program& program, const Resolution& resolution, Diagnostics& diags);

}  // namespace xp
