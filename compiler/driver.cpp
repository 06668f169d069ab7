#include "compiler/driver.h"

#include <filesystem>

#include "compiler/ast_dump.h"
#include "compiler/imports.h"
#include "compiler/stage.h"
#include "compiler/passes/kinds.h"
#include "compiler/passes/leakage.h"
#include "compiler/passes/resolve.h"
#include "compiler/passes/resolve_dump.h"
#include "compiler/passes/space.h"
#include "compiler/passes/warnings.h"

namespace xp {
namespace {

constexpr std::string_view kStages[] = {"parse", "resolve"};

void dump_stage(CompileResult& r, const CompileOptions& options, std::string_view stage) {
  if (options.dump_after != stage) return;
  if (stage == "parse") r.dumps += ast::dump(r.program);
  if (stage == "resolve") r.dumps += dump_resolution(r.program, r.resolution, r.sources);
}

// ---- stage 1: parse (with imports merged) ------------------------------------------------
void run_parse(CompileResult& r, const CompileOptions& options) {
  parse_with_imports(r.program, r.sources, r.main_file, r.diags);
  dump_stage(r, options, "parse");
}

// ---- stage 2: semantic checks -------------------------------------------------------------
// resolve → kinds → leakage → space → warnings (compiler/passes/), each
// reading the AST and the Resolution side table.
void run_checks(CompileResult& r, const CompileOptions& options) {
  r.resolution = resolve(r.program, r.diags);
  dump_stage(r, options, "resolve");
  if (r.diags.has_errors()) {
    // Unresolved names would only cascade through the later passes; unknown
    // setting keys need no resolution, so every typo is still reported now.
    verify_setting_names(r.program, r.diags);
    return;
  }
  verify_kinds(r.program, r.resolution, r.diags);
  verify_leakage(r.program, r.resolution, r.diags);
  verify_space(r.program, r.resolution, r.diags);
  if (r.diags.has_errors()) return;  // usage warnings would be noise beside errors
  verify_usage(r.program, r.resolution, r.diags);
}

// ---- stage 3: lowering --------------------------------------------------------------------
// shapes → lower: fills r.ir; --dump-ir and --cost append their text to r.dumps.
void run_lowering(CompileResult& r, const CompileOptions& options) {
  if (!shapes_can_follow(r.diags, r.program)) return;
  run_lower_stage(r.program, r.resolution, r.script, {options.dump_ir, options.cost, options.shapes_only}, r.diags,
                  r.ir, r.dumps, &r.shapes);
}

}  // namespace

std::span<const std::string_view> stage_names() { return kStages; }

CompileResult compile_source(const std::string& path, std::string text, const CompileOptions& options) {
  CompileResult r;
  r.script = locate_script(path);
  r.main_file = r.sources.add(path, std::move(text));

  run_parse(r, options);
  if (r.diags.has_errors()) return r;  // syntax errors: later stages would only cascade
  run_checks(r, options);
  run_lowering(r, options);
  return r;
}

CompileResult compile_file(const std::string& path, const CompileOptions& options) {
  Diagnostics read_errors;
  std::optional<std::string> text = read_script(path, kMaxScriptBytes, read_errors);
  if (!text) {
    CompileResult r;
    r.diags = std::move(read_errors);
    return r;
  }
  return compile_source(path, std::move(*text), options);
}

}  // namespace xp
