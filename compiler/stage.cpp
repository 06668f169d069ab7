#include "compiler/stage.h"

#include <filesystem>
#include <variant>

#include "compiler/cost.h"
#include "compiler/data_probe.h"
#include "compiler/lower/lower.h"
#include "compiler/passes/prints.h"
#include "compiler/passes/run_facts.h"
#include "compiler/passes/shapes.h"

namespace xp {

namespace {

bool inside_a_model(const Span& at, const ast::Program& program) {
  for (const auto& st : program.stmts)
    if (std::holds_alternative<ast::Model>(st.node) && st.span.file == at.file && st.span.begin <= at.begin &&
        at.begin < st.span.end)
      return true;
  return false;
}

}  // namespace

bool only_value_errors(const Diagnostics& diags) {
  for (const auto& d : diags.all())
    if (d.severity == Severity::Error && d.code != "E0609" && d.code != "E0213") return false;
  return true;
}

bool shapes_can_follow(const Diagnostics& diags, const ast::Program& program) {
  for (const auto& d : diags.all()) {
    if (d.severity != Severity::Error || d.code == "E0609" || d.code == "E0213") continue;
    // A misnamed argument or block setting outside the models: nothing the
    // shapes read (a setting is a block's, never a model's).
    if ((d.code == "E0207" || d.code == "E0601") && !inside_a_model(d.span, program)) continue;
    return false;
  }
  return true;
}

void run_lower_stage(const ast::Program& program, const Resolution& resolution, const ScriptLocation& script,
                     const LowerStageOptions& options, Diagnostics& diags, std::optional<ir::Program>& ir,
                     std::string& dumps, std::shared_ptr<const ShapeFacts>* shapes) {
  DataFactsByName data = probe_data(program, resolution, script.dir, &diags);
  auto facts = std::make_shared<const ShapeFacts>(check_shapes(program, resolution, lower_space(program, resolution), data, diags));
  if (shapes) *shapes = facts;
  if (!only_value_errors(diags) || options.shapes_only) return;
  check_prints(program, resolution, diags);
  if (!only_value_errors(diags)) return;
  ir = lower(program, resolution, *facts, script);
  check_splits(*ir, data, diags);  // the split needs the lowered fractions and the probed row count
  verify_run_facts(*ir, facts->data, diags);
  if (diags.has_errors()) {
    ir.reset();
    return;
  }
  if (options.dump_ir) dumps += ir::dump(*ir);
  if (options.cost) dumps += format_costs(estimate_costs(*ir, facts->data));
}

}  // namespace xp
