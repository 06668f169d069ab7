#include "compiler/passes/run_facts.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "compiler/diags/misc.h"
#include "compiler/diags/run.h"
#include "compiler/passes/evaluate_columns.h"
#include "compiler/passes/grid_space.h"
#include "compiler/passes/preprocess_facts.h"
#include "compiler/passes/target_reach.h"
#include "ir/hypers_used.h"
#include "stdlib/builtins.h"

namespace xp {
namespace {

// The runtime's bound for epochs and batch (runtime/train/settings.cpp).
constexpr double kMaxTrainCount = 1e9;

const ir::TuneSpec* tune_of(const ir::Program& p, const std::string& model) {
  for (const auto& t : p.tunes)
    if (t.model == model) return &t;
  return nullptr;
}

// `epochs = 0`, `hyper e = 0 … epochs = e`, `epochs = e` with `e ~ int(0, 9)`:
// the values a training count can take that no trial can run with.
void verify_count(const ir::Program& p, const ir::HExpr& e, const char* what, Diagnostics& diags) {
  std::vector<ir::Value> values;
  if (auto v = ir::eval(e, fixed_assignment(p.space))) {
    values.push_back(*v);
  } else if (e.kind == ir::HExpr::Kind::Hyper) {
    const ir::HyperDomain* h = p.space.find(e.name);
    if (h && h->kind == ir::HyperDomain::Kind::Choice) values = h->choices;
    if (h && h->kind == ir::HyperDomain::Kind::Int) values = {ir::Value::num(h->low, true), ir::Value::num(h->high, true)};
  }
  for (const auto& v : values) {
    if (v.kind != ir::Value::Kind::Number) continue;  // a name or a string: the kinds pass's
    double x = v.number;
    std::string problem;
    if (!std::isfinite(x) || x < 1 || x != std::floor(x))
      problem = fmt::format("`{}` must be a whole number ≥ 1, but it can be {}", what, v.str());
    else if (x > kMaxTrainCount)
      problem = fmt::format("`{}` must be at most 1e9, but it can be {}", what, v.str());
    if (problem.empty()) continue;
    if (values.size() == 1) problem.replace(problem.find("can be"), 6, "is");
    diags.report(diag::setting_out_of_range(e.span, std::move(problem),
                                            std::string(what) == "epochs" ? "a training runs 1 to 1e9 epochs"
                                                                          : "a batch holds 1 to 1e9 examples"));
    return;
  }
}

void verify_monitor(const ir::Program& p, const ir::TrainSpec& t, Diagnostics& diags) {
  if (!t.stop.enabled) return;
  Span at = t.stop.span.valid() ? t.stop.span : t.span;
  const std::string& monitor = t.stop.monitor;
  // An epoch computes the training loss and the validation part's loss and
  // metrics (runtime/train/settings.cpp): nothing else can be watched.
  if (monitor.rfind("val.", 0) != 0 && monitor != "train.loss") {
    const bool cv = monitor.rfind("cv.", 0) == 0;
    std::string metric = monitor.substr(monitor.find('.') + 1);
    diags.report(diag::monitor_not_computed(
        at, monitor,
        cv ? "cross-validation scores whole trainings, and early stopping watches the epochs of one"
           : "an epoch measures only the loss on the training part",
        fmt::format("monitor `val.{}` (the validation part) or `train.loss`", metric)));
    return;
  }
  if (monitor.rfind("val.", 0) != 0) return;
  const ir::DataSpec* d = p.find_data(t.data);
  if (d && d->split.val <= 0) {
    diags.report(diag::monitor_not_computed(
        at, t.stop.monitor, fmt::format("the split of `{}` has no validation part", d->name),
        fmt::format("give the split a `val:` fraction (`split {} {{ train: 0.6, val: 0.2, test: 0.2 }}`), or monitor "
                    "`train.loss`",
                    d->name)));
  }
}

void verify_memory(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags) {
  for (const auto& c : estimate_costs(p, data)) {
    if (!c.memory_range.known || c.memory_range.high <= kMaxTrainingBytes) continue;
    const ir::ModelGraph* m = p.find_model(c.model);
    diags.report(diag::model_too_large(m ? m->span : Span{}, c.model, human(c.memory_range.high, "B"),
                                       human(kMaxTrainingBytes, "B"), c.memory.str()));
  }
}

// A built-in op in a model or loss graph that no runtime kernel computes:
// comparisons, `not`, `and`/`or` and indexing are typed by the shape pass
// but have no kernel (the runtime refused them with E0701 after loading the
// data). Tensor built-ins of the registry all have one (test_registry).
// A namesake taking another count of tensors has none either: `max(a, b)`
// is the scalar math, not the tensor reduction `max(x, axis:)`.
bool has_kernel(const ir::Op& op) {
  if (op.kind != ir::OpKind::Builtin || !op.fn_hyper.empty()) return true;
  long n = static_cast<long>(op.args.size());
  for (auto c : {stdlib::Category::Activation, stdlib::Category::Tensor, stdlib::Category::Loss, stdlib::Category::Penalty})
    if (auto* b = stdlib::find(op.name, c); b && n >= b->min_args && (b->max_args < 0 || n <= b->max_args)) return true;
  return false;
}

void verify_kernels(const ir::Graph& g, Diagnostics& diags) {
  for (const auto& op : g.ops) {
    if (has_kernel(op)) continue;
    std::string what = op.name == "index" ? std::string("indexing") : fmt::format("`{}`", op.name);
    if (op.name == "max" || op.name == "min") what = fmt::format("`{}` of {} arguments", op.name, op.args.size());
    diags.report(diag::no_kernel(op.span, what));
  }
}

// Two `train m` (or `tune m`) blocks: the run would keep one and drop the
// other without a word.
template <class Spec>
void verify_once(const std::vector<Spec>& specs, const char* block, Diagnostics& diags) {
  for (size_t i = 0; i < specs.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!specs[i].model.empty() && specs[i].model == specs[j].model) {
        diags.report(diag::block_twice(specs[i].span, block, specs[i].model, specs[j].span));
        break;
      }
}

// What plan_study (runtime/tune/plan.cpp) refuses, and what a black-box
// study would silently ignore: it has one value per trial, no epochs to
// prune by and no folds.
// A study scores its trials on the val part unless it cross-validates
// (`cv.*`): without one, every trial would fail (the runtime's E0903).
void verify_objective(const ir::Program& p, const ir::TuneSpec& t, Diagnostics& diags) {
  if (t.model.empty() || t.metric.rfind("val.", 0) != 0) return;
  for (const auto& train : p.trains) {
    if (train.model != t.model) continue;
    const ir::DataSpec* d = p.find_data(train.data);
    if (d && d->split.val <= 0) diags.report(diag::objective_without_val(t.span, t.metric, d->name));
  }
}

// A study with no searched hyper to draw runs the same configuration every
// trial (a black box) or is skipped (`nothing to tune`, a model's block).
// With `--set` fixing every hyper that is the point; in the script it is a
// block that does nothing.
void verify_something_searched(const ir::Program& p, const ir::TuneSpec& t, Diagnostics& diags) {
  std::set<std::string> read;
  if (t.model.empty()) {
    if (!t.objective) return;
    read = hypers_read(p, *t.objective);
  } else {
    const ir::TrainSpec* train = nullptr;
    for (const auto& candidate : p.trains)
      if (candidate.model == t.model) train = &candidate;
    if (!train) return;  // E0606's
    read = hypers_used(p, *train);
  }
  if (searched_among(p.space, read).empty()) diags.report(diag::tune_searches_nothing(t.span, t.model));
}

void verify_study(const ir::TuneSpec& t, Diagnostics& diags) {
  const bool multi_fidelity = t.method == "asha" || t.method == "sha" || t.method == "hyperband";
  // The runtime let `prune` replace the method's own pruner (runtime/tune/plan.cpp)
  // while the report still named the method: `asha` over trials pruned by median.
  if (multi_fidelity && !t.model.empty() && t.prune && !t.prune->fn.empty() && t.prune->fn != t.method)
    diags.report(diag::method_and_pruner_conflict(t.prune->span.valid() ? t.prune->span : t.span, t.method, t.prune->fn,
                                                  t.method_span));
  if (!stdlib::find(t.method, stdlib::Category::Method)) {
    diags.report(diag::study_cannot_be_planned(
        t.span, fmt::format("`method = {}` names no tuning method", t.method), "no tuning method",
        "write one of grid, random, sobol, tpe, hyperband, sha, asha; a hyperparameter cannot choose it (the study "
        "needs its method before the first trial)"));
    return;
  }
  if (!t.model.empty()) return;
  if (multi_fidelity)
    diags.report(diag::study_cannot_be_planned(
        t.span, fmt::format("`method = {}` stops trials early by their epochs, but a black-box objective has none", t.method),
        "no epochs", "use tpe, random, sobol or grid for a black-box `tune { }`"));
  if (t.prune && t.prune->fn != "none")
    diags.report(diag::study_cannot_be_planned(
        t.prune->span.valid() ? t.prune->span : t.span,
        fmt::format("`prune = {}` stops trials early by their epochs, but a black-box objective has none", t.prune->fn),
        "nothing to prune", "remove `prune`: each black-box trial is one evaluation of its expression"));
  if (t.cv_folds > 0)
    diags.report(diag::study_cannot_be_planned(t.span, "`cv` splits data into folds, but a black-box objective reads no data",
                                               "no data", "remove `cv` from the black-box `tune { }`"));
}

}  // namespace

void verify_run_facts(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags) {
  for (const auto& t : p.trains) {
    auto searched = searched_among(p.space, hypers_used(p, t));
    if (!searched.empty() && !tune_of(p, t.model)) diags.report(diag::searched_without_tune(t.span, t.model, searched));
    verify_count(p, t.epochs, "epochs", diags);
    verify_count(p, t.batch, "batch", diags);
    verify_monitor(p, t, diags);
  }
  for (const auto& m : p.models) verify_kernels(m.body, diags);
  for (const auto& t : p.trains) verify_kernels(t.loss, diags);
  verify_once(p.trains, "train", diags);
  verify_once(p.tunes, "tune", diags);
  for (const auto& t : p.tunes) {
    verify_study(t, diags);
    verify_objective(p, t, diags);
    verify_something_searched(p, t, diags);
  }
  verify_grid_studies(p, diags);
  verify_preprocessing(p, diags);
  verify_memory(p, data, diags);
  verify_target_reach(p, data, diags);
  verify_evaluation_columns(p, data, diags);
}

}  // namespace xp
