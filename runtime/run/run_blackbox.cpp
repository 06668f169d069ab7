// A black-box `tune { minimize = EXPR }` block: a study of an expression of
// hypers, no data and no model.
#include <fmt/format.h>

#include "ir/hypers_used.h"
#include "runtime/run/report_json.h"
#include "runtime/run/run_context.h"
#include "runtime/core/run_errors.h"
#include "runtime/tune/blackbox.h"
#include "runtime/tune/study.h"

namespace xp::rt {

BlockResult run_blackbox_block(RunContext& ctx, const ir::TuneSpec& tune, int index) {
  BlockResult out;
  if (!tune.objective) {
    ctx.diags.report(run_diag::nothing_to_run("a `tune` block without a model needs `minimize = …` or `maximize = …`",
                                              tune.span));
    out.status = RunStatus::UserError;
    return out;
  }
  StudyOptions so;
  // One study per block: two blocks sharing a name made the second resume
  // the first's study (E1002 when their directions differ).
  so.name = index == 0 ? "blackbox" : fmt::format("blackbox_{}", index + 1);
  so.seed = ctx.seed;
  so.seed_key = so.name;  // two black-box blocks draw different configurations
  so.trials = ctx.options.trials.value_or(0);
  so.parallel = ctx.options.parallel.value_or(0);
  so.stop = ctx.options.stop;
  so.diagnostics = &ctx.diags;
  so.progress = study_progress(ctx.progress);
  auto store = open_study_store(ctx, so);
  if (!store) {
    out.status = RunStatus::UserError;
    return out;
  }
  // Only the hypers the objective reads: a model's searched hypers beside it
  // would otherwise be sampled, listed and given importance for nothing.
  const ir::SearchSpace space = space_for(ctx.space, hypers_read(ctx.program, *tune.objective));
  ctx.progress.stage(fmt::format("tuning ({})", tune.method));
  StudyResult study = run_study(space, tune, make_expression_objective(*tune.objective), *store, so);
  if (!study.ok) {
    out.status = RunStatus::UserError;
    return out;
  }
  if (ctx.options.worker) return out;  // --worker: trials only; the other processes report
  nlohmann::json report = report_header(ctx);
  report["search_space"] = search_space_json(space);
  report["objective"] = ir::to_string(*tune.objective);
  add_study_report(report, ctx, space, tune, study, so.parallel > 0 ? so.parallel : tune.parallel);
  if (study.best >= 0) {
    const ir::Assignment& best = study.trials[static_cast<size_t>(study.best)].hypers;
    for (const auto& [name, value] : best) ctx.last_hypers[name] = value;  // on top of a model's, for `print`
    report["hypers"] = hypers_json(best);
  } else {
    out.status = ctx.interrupted() ? RunStatus::Interrupted : RunStatus::Failed;
    out.failure = "no trial completed";
  }
  // Beside trained models (whose last has trials.csv) or an earlier study, its own file.
  const std::string file = index == 0 && ctx.program.trains.empty() ? "trials.csv" : "trials." + so.name + ".csv";
  if (!ctx.folder.write(file, trials_csv(study.trials, space), ctx.diags)) out.status = RunStatus::UserError;
  out.report = report;
  return out;
}

}  // namespace xp::rt
