#include "compiler/lower/stage.h"

#include <filesystem>

#include "compiler/cost.h"
#include "compiler/data_probe.h"
#include "compiler/lower/lower.h"
#include "compiler/passes/prints.h"
#include "compiler/passes/run_facts.h"
#include "compiler/passes/shapes.h"

namespace xp {

void run_lower_stage(const ast::Program& program, const Resolution& resolution, const std::string& script_path,
                     const LowerStageOptions& options, Diagnostics& diags, std::optional<ir::Program>& ir,
                     std::string& dumps, std::shared_ptr<const ShapeFacts>* shapes) {
  std::string dir = std::filesystem::path(script_path).parent_path().string();
  DataFactsByName data = probe_data(program, resolution, dir);
  auto facts = std::make_shared<const ShapeFacts>(check_shapes(program, resolution, data, diags));
  if (shapes) *shapes = facts;
  if (diags.has_errors() || options.shapes_only) return;
  check_prints(program, resolution, diags);
  if (diags.has_errors()) return;
  ir = lower(program, resolution, *facts, script_path);
  verify_run_facts(*ir, facts->data, diags);
  if (options.dump_ir) dumps += ir::dump(*ir);
  if (options.cost) dumps += format_costs(estimate_costs(*ir, facts->data));
}

}  // namespace xp
