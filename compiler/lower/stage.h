#pragma once
// The driver's third stage in one call: probe the data, check shapes, lower
// to IR, and render what the user asked to see (--dump-ir, --cost).
#include <memory>
#include <optional>
#include <string>

#include "compiler/ast.h"
#include "compiler/diagnostics.h"
#include "compiler/ir.h"
#include "compiler/symbols.h"

namespace xp {

struct ShapeFacts;

struct LowerStageOptions {
  bool dump_ir = false;
  bool cost = false;
  bool shapes_only = false;  // stop after the shape pass (no IR)
};

// Fills `ir` when the shapes check out (no errors reported); appends dumps.
// `shapes`, if given, receives the shape pass's facts, errors or not.
void run_lower_stage(const ast::Program& program, const Resolution& resolution, const std::string& script_path,
                     const LowerStageOptions& options, Diagnostics& diags, std::optional<ir::Program>& ir,
                     std::string& dumps, std::shared_ptr<const ShapeFacts>* shapes = nullptr);

}  // namespace xp
