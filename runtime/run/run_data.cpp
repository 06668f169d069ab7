// The data of one `exp run`, loaded before its run folder is made
// (docs/reliability.md, "A refused run leaves no folder"): every train
// block's data set, prepared once per name, and the rows of every
// `evaluate MODEL on DATA` of another data set, encoded as that model's
// training data. A data error the check could not see (a cell, a column an
// evaluation file lacks) then refuses the run before it trains anything or
// touches a folder — like a script `exp check` refuses.
#include <fmt/format.h>

#include "ir/split_rules.h"
#include "runtime/core/run_errors.h"
#include "runtime/data/load.h"
#include "runtime/run/run_context.h"

namespace xp::rt {
namespace {

// The rows `evaluate e.model on e.data[.part]` scores after `train`, when
// e.data is another data set than the one trained on (own parts need no
// loading). False after diagnostics.
bool load_evaluation(RunContext& ctx, size_t index, const ir::TrainSpec& train, const PreparedData& trained_on) {
  const ir::EvaluateSpec& e = ctx.program.evaluations[index];
  const std::string key = evaluation_key(index, train.data);
  if (ctx.evaluation_rows.count(key)) return true;
  const ir::DataSpec* spec = ctx.program.find_data(e.data);
  if (!spec) {
    ctx.diags.report(run_diag::nothing_to_run(fmt::format("no data named `{}`", e.data), e.span));
    return false;
  }
  ctx.progress.stage("loading " + e.data);
  auto rows = load_for_evaluation(*spec, e.part, ctx.seed, trained_on, e.span, ctx.diags);
  if (!rows) return false;
  ctx.evaluation_rows.emplace(key, std::move(*rows));
  return true;
}

}  // namespace

std::string evaluation_key(size_t index, const std::string& trained_on) {
  return fmt::format("{}/{}", index, trained_on);
}

const PreparedData* prepared_data(RunContext& ctx, const std::string& name, Span span) {
  if (auto it = ctx.data.find(name); it != ctx.data.end()) return &it->second;
  const ir::DataSpec* spec = ctx.program.find_data(name);
  if (!spec) {
    ctx.diags.report(run_diag::nothing_to_run(fmt::format("no data named `{}`", name), span));
    return nullptr;
  }
  ctx.progress.stage("loading " + name);
  // A study that cross-validates refits the scaling per fold on the
  // unscaled training rows (PreparedData::train_raw), and needs a row per
  // fold: the check knew the rows unless options came from hypers.
  const PartsUsed used = parts_used(ctx.program, name);
  auto data = prepare_data(*spec, ctx.seed, ctx.diags, used.cv_folds > 0);
  if (!data) return nullptr;
  if (!check_cv_folds(name, static_cast<size_t>(data->train.rows()), used, ctx.diags)) return nullptr;
  return &ctx.data.emplace(name, std::move(*data)).first->second;
}

bool load_run_data(RunContext& ctx) {
  for (const auto& train : ctx.program.trains) {
    const PreparedData* data = prepared_data(ctx, train.data, train.span);
    if (!data) return false;
    for (size_t i = 0; i < ctx.program.evaluations.size(); ++i) {
      const auto& e = ctx.program.evaluations[i];
      if (e.model != train.model || e.data.empty() || e.data == train.data) continue;
      if (!load_evaluation(ctx, i, train, *data)) return false;
    }
  }
  return true;
}

}  // namespace xp::rt
