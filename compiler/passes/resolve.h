#pragma once
// Name resolution: what every Name and Member expression refers to.
//
// Scopes, innermost first:
//   model body   inputs, params, scoped hypers, dimension symbols (F, C),
//                locals (visible from their definition down)
//   train block  x, y (the batch), the trained model's params by bare name
//   top level    hypers, data, models (order-independent)
//   built-ins    stdlib/builtins; in a position that expects a category
//                (`optimizer = adam(lr)`, `~ glorot`, `data d = iris`) the
//                built-in of that category wins over a user name
// Members: mlp.W1 (param), mlp.block1.W (param of the model called by the
// local `block1`), iris.train/val/test (split part), val.accuracy / cv.f1 /
// train.loss / test.f1 (metric).
//
// Reports E01xx (undefined, duplicate, unknown member, undefined dimension,
// use before definition, mixed choice). Canonical names: scoped things are
// prefixed by their model ("mlp.W1", "mlp.h", "mlp.units" for a hyper declared
// inside mlp); a built-in's Symbol::index is its position in stdlib::all().
// Bare words accepted by a built-in's named argument (`task: regression`),
// stop_early's `mode: max`, and the value side of a hyper condition
// (`if opt == sgd`) are not symbols and have no entry.
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

Resolution resolve(const ast::Program& program, Diagnostics& diags);

}  // namespace xp
