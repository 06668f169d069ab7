#pragma once
// The driver's third stage in one call: probe the data, check shapes, lower
// to IR, and render what the user asked to see (--dump-ir, --cost).
#include <memory>
#include <optional>
#include <string>

#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "ir/ir.h"
#include "compiler/script_location.h"
#include "compiler/symbols.h"

namespace xp {

struct ShapeFacts;

struct LowerStageOptions {
  bool dump_ir = false;
  bool cost = false;
  bool shapes_only = false;  // stop after the shape pass (no IR)
};

// An error about one setting's or argument's value (`trials = 0`,
// `adam(lr: -1)`) leaves the script's structure sound, so lowering still
// runs and its shape and run-fact errors come in the same `exp check`
// instead of one at a time; any other error would only cascade.
bool only_value_errors(const Diagnostics& diags);
// The shape pass may also follow a misnamed argument or block setting
// outside every model (`adam(lr, beta_1: 0.9)`, `timeot = 60`): no shape
// reads them. The run facts after it may not: a misnamed `monitr:` would
// leave early stopping's default monitor to be judged instead of the one
// meant. A misnamed argument of a model's op stops both (its default would
// stand in for the value meant).
bool shapes_can_follow(const Diagnostics& diags, const ast::Program& program);

// Fills `ir` when the shapes check out (no errors reported); appends dumps.
// `shapes`, if given, receives the shape pass's facts, errors or not.
void run_lower_stage(const ast::Program& program, const Resolution& resolution, const ScriptLocation& script,
                     const LowerStageOptions& options, Diagnostics& diags, std::optional<ir::Program>& ir,
                     std::string& dumps, std::shared_ptr<const ShapeFacts>* shapes = nullptr);

}  // namespace xp
