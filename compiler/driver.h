#pragma once
// The compiler pipeline — read driver.cpp as its table of contents:
//   parse (+ imports) → resolve → kinds → leakage → space → warnings → shapes → lower
// Each stage reports into one Diagnostics sink; a stage runs only if the
// ones before it found no errors (later stages would only repeat them).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compiler/ast.h"
#include "compiler/imports.h"  // kMaxScriptBytes, read_script
#include "base/diagnostics.h"
#include "ir/ir.h"
#include "compiler/script_location.h"
#include "compiler/symbols.h"

namespace xp {

struct ShapeFacts;  // compiler/passes/shapes.h

struct CompileOptions {
  std::string dump_after;  // a stage name (stage_names()): its output is appended to CompileResult::dumps
  bool dump_ir = false;    // append the IR, readably (exp check --dump-ir)
  bool cost = false;       // append per-model cost over the search space (exp check --cost)
  bool shapes_only = false;  // stop after the shape pass: CompileResult::shapes but no IR (the REPL's :shape)
};

struct CompileResult {
  SourceMap sources;
  Diagnostics diags;
  uint32_t main_file = 0;
  ScriptLocation script;    // resolved once; relative paths in the script resolve against script.dir
  ast::Program program;     // the script with its imports merged in (one arena)
  Resolution resolution;
  std::optional<ir::Program> ir;
  std::shared_ptr<const ShapeFacts> shapes;  // the shape pass's types, if it ran (with errors or not)
  std::string dumps;        // what CompileOptions asked to print, in pipeline order

  bool ok() const { return !diags.has_errors(); }
};

CompileResult compile_file(const std::string& path, const CompileOptions& options = {});
// `path` names the text in messages and anchors its relative paths.
CompileResult compile_source(const std::string& path, std::string text, const CompileOptions& options = {});

// Stages whose output --dump-after can print, in pipeline order.
std::span<const std::string_view> stage_names();

}  // namespace xp
