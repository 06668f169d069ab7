#pragma once
// The leakage pass (rule 5): a tune objective or anything a train block reads
// (its data, its loss, its early-stopping monitor) must not touch the test
// split; a model is not trained on the validation split; preprocessing is
// fitted on the training part only. Reports E04xx.
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

void verify_leakage(const ast::Program& program, const Resolution& resolution, Diagnostics& diags);

}  // namespace xp
