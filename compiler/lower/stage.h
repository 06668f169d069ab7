#pragma once
// The driver's third stage in one call: probe the data, check shapes, lower
// to IR, and render what the user asked to see (--dump-ir, --cost).
#include <optional>
#include <string>

#include "compiler/ast.h"
#include "compiler/diagnostics.h"
#include "compiler/ir.h"
#include "compiler/symbols.h"

namespace xp {

struct LowerStageOptions {
  bool dump_ir = false;
  bool cost = false;
};

// Fills `ir` when the shapes check out (no errors reported); appends dumps.
void run_lower_stage(const ast::Program& program, const Resolution& resolution, const std::string& script_path,
                     const LowerStageOptions& options, Diagnostics& diags, std::optional<ir::Program>& ir,
                     std::string& dumps);

}  // namespace xp
