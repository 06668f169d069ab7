// One train block: hypers (fixed, or the best of a study) → refit → test once
// → model.expm → the block's report.
#include <cmath>
#include <filesystem>

#include <optional>

#include <fmt/format.h>

#include "base/plural.h"

#include "runtime/data/load.h"
#include "runtime/graph/executable.h"
#include "runtime/io/model_file.h"
#include "runtime/metrics/metrics.h"
#include "runtime/run/export_splits.h"
#include "ir/hypers_used.h"
#include "runtime/run/model_save.h"
#include "runtime/run/objective.h"
#include "runtime/metrics/class_weights.h"
#include "runtime/run/predictions_file.h"
#include "runtime/run/report_json.h"
#include "runtime/run/run_context.h"
#include "runtime/core/errors.h"
#include "runtime/core/run_errors.h"
#include "runtime/train/executable_model.h"
#include "runtime/train/train.h"
#include "runtime/core/random.h"
#include "runtime/tune/study.h"

namespace xp::rt {
namespace {

using json = nlohmann::json;

const ir::TuneSpec* find_tune(const ir::Program& p, const std::string& model) {
  for (const auto& t : p.tunes)
    if (t.model == model) return &t;
  return nullptr;
}

BlockResult user_error() {
  BlockResult b;
  b.status = RunStatus::UserError;
  return b;
}

// Turns spans into "line:col" by reading the script once.
std::function<std::string(const Span&)> span_locator(const ir::Program& program) {
  std::string text, why;
  if (program.script_path.empty() || !read_file(program.script_path, text, why)) return {};
  auto file = std::make_shared<SourceFile>(program.script_path, std::move(text));
  return [file](const Span& s) -> std::string {
    if (!s.valid() || s.file != 0) return "";
    auto lc = file->line_col(s.begin);
    return fmt::format("{}:{}", lc.line, lc.col);
  };
}

struct Block {
  RunContext& ctx;
  const ir::TrainSpec& train;
  const ir::SearchSpace& space;  // the part of the script's space this model's training reads (space_for)
  const ir::ModelGraph& model;
  const PreparedData& data;
  DataDims dims;
  std::function<std::string(const Span&)> locate;

  std::unique_ptr<ExecutableModel> build(const ir::Assignment& hypers, const TrainSettings& settings,
                                         Diagnostics& diags) const {
    ModelBuild b;
    b.models = &ctx.program.models;
    b.model = &model;
    b.train = &train;
    b.settings = &settings;
    b.hypers = hypers;
    b.dims = dims;
    b.seed = settings.seed;
    b.locate = locate;
    b.max_batch = training_batch_rows(settings, static_cast<int64_t>(data.train.rows()));
    return ExecutableModel::build(b, diags);
  }
  // How heavy a trial of `hypers` is next to another (the study's
  // longest-first order): the graph's work per example times the epochs.
  // 0 when the hypers break the model: that trial fails fast anyway.
  double trial_work(const ir::Assignment& hypers) const {
    Diagnostics quiet;
    auto settings = resolve_train_settings(train, hypers, data.info.task, {}, data.val.rows() > 0, quiet);
    if (!settings) return 0;
    try {
      return training_work_per_example(ctx.program.models, train, hypers, dims) * settings->epochs;
    } catch (const GraphError&) {
      return 0;
    }
  }
  ModelFactory factory() const {
    return [this](const ir::Assignment& h, const TrainSettings& s, Diagnostics& d) -> std::unique_ptr<TrainModel> {
      return build(h, s, d);
    };
  }
};

// The metrics the final model is measured by on every split.
std::vector<std::string> final_metrics(const RunContext& ctx, const ir::TrainSpec& train, Task task, int classes) {
  std::vector<std::string> out;
  auto add = [&](const std::string& m) {
    const MetricInfo* info = find_metric(m);
    if (!info || !info->scalar || info->from_trainer) return;
    if (metric_problem(m, task, classes)) return;
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  };
  if (task == Task::Classification) add("accuracy");
  else {
    add("rmse");
    add("r2");
  }
  for (const auto& m : train.metrics) add(m);
  for (const auto& r : ctx.program.reports)
    if (r.model == train.model)
      for (const auto& m : r.test_metrics) add(m);
  return out;
}

// Every metric asked for, a value that is not a number as null (auc of a
// part holding one class, r2 of one row): dropped, it read as never asked for.
json metrics_json(const std::map<std::string, double>& m) {
  json out = json::object();
  for (const auto& [k, v] : m) out[k] = std::isfinite(v) ? json(v) : json(nullptr);
  return out;
}

// W0901: an unscaled regression target far larger than the steps of an
// optimizer whose steps do not grow with the gradient (adam and kin move each
// weight by about lr per step). Scaled targets (standardize) never warn.
void warn_tiny_steps(RunContext& ctx, const ir::TrainSpec& train, const PreparedData& data,
                     const TrainSettings& settings) {
  if (data.info.task != Task::Regression || data.train.target.kind != "none" || data.train.rows() == 0) return;
  // `exp check` warns from bounds when they settle it already
  // (compiler/passes/target_reach.h); the same warning twice says nothing new.
  const Span at = train.optimizer.span.valid() ? train.optimizer.span : train.span;  // the default optimizer: the block
  for (const auto& d : ctx.diags.all())
    if (d.code == "W0901" && d.span.file == at.file && d.span.begin == at.begin) return;
  const CallArgs* call = &settings.optimizer;
  static const char* const kAdaptive[] = {"adam", "adamw", "rmsprop", "adagrad"};
  if (std::find(std::begin(kAdaptive), std::end(kAdaptive), call->fn) == std::end(kAdaptive)) return;
  auto lr = call->find("lr", 0);
  if (!lr || !(*lr > 0)) return;
  const Matrix& y = data.train.Y;
  double size = 0;
  Eigen::Index largest = 0;  // several targets: the one the warning names
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    double mean = y.col(j).cast<double>().mean();
    double var = (y.col(j).cast<double>().array() - mean).square().mean();
    if (double s = std::max(std::abs(mean), std::sqrt(var)); s > size) {
      size = s;
      largest = j;
    }
  }
  auto rows = static_cast<long long>(data.train.rows());
  long long batch = std::clamp<long long>(settings.batch, 1, rows);
  long long planned = static_cast<long long>(settings.epochs) * ((rows + batch - 1) / batch);
  double needed = size / *lr;
  if (needed <= static_cast<double>(planned)) return;
  const auto& targets = data.schema.targets;
  std::string target = static_cast<size_t>(largest) < targets.size() ? targets[static_cast<size_t>(largest)]
                       : data.info.target_name.empty()              ? "target"
                                                                    : data.info.target_name;
  ctx.diags.report(run_diag::tiny_steps(at, target, size, fmt::format("{}({:g})", call->fn, *lr),
                                        *lr, needed, planned, data.info.name));
}

// `evaluate MODEL [on DATA]` statements of this model, after its training:
// one entry per statement (docs/report.md, "evaluations"). A part of the
// training data is scored as prepared; another data set was encoded and
// scaled as the training data was when the run loaded its data
// (run_data.cpp). False after diagnostics.
bool run_evaluations(RunContext& ctx, const ir::TrainSpec& train, TrainModel& m, const PreparedData& data,
                     const std::vector<std::string>& metric_names, const std::string& model_file, json& out) {
  out = json::array();
  for (size_t i = 0; i < ctx.program.evaluations.size(); ++i) {
    const auto& e = ctx.program.evaluations[i];
    if (e.model != train.model) continue;
    bool own = e.data.empty() || e.data == train.data;
    std::string name = own ? train.data : e.data;
    std::string part = own && e.part.empty() ? "test" : e.part;
    const Part* rows = nullptr;
    if (own) {
      rows = part == "train" ? &data.train : part == "val" ? &data.val : &data.test;
    } else {
      // Loaded with the run's data, before the run folder (run_data.cpp).
      auto it = ctx.evaluation_rows.find(evaluation_key(i, train.data));
      if (it == ctx.evaluation_rows.end())
        internal_error("the rows of `evaluate " + e.model + " on " + name + "` were not loaded before the run");
      rows = &it->second;
    }
    if (rows->rows() == 0) {
      ctx.diags.report(run_diag::nothing_to_run(
          fmt::format("`{}{}` has no rows to evaluate `{}` on", name, part.empty() ? "" : "." + part, train.model), e.span,
          "give that part of the split a fraction, or evaluate on another part"));
      return false;
    }
    std::string file = predictions_file_name(model_file, name + "_" + (part.empty() ? "all" : part));
    if (!write_part_predictions(ctx.folder, file, m, *rows, data.info, ctx.diags)) return false;
    out.push_back({{"data", name},
                   {"part", part.empty() ? "all" : part},
                   {"rows", rows->rows()},
                   {"metrics", metrics_json(evaluate(m, *rows, metric_names, data.info.task, data.info.targets))},
                   {"predictions", file}});
  }
  return true;
}

// What the refit takes from the best trial.
struct BestTrial {
  ir::Assignment hypers;
  int epochs = 0;                  // epochs it ran (early stopping), 0 = unknown
  std::optional<uint64_t> seed;    // its seed, when it trained on exactly the refit's rows
  int number = -1;
  std::shared_ptr<KeptModel> kept; // its trained model, when the study kept it (objective.h)
};

// Runs the study of `tune` over this block's model; fills `best` from the
// best trial. Returns false (with the block's status set) when no model can
// be refit.
bool run_tuning(Block& blk, const ir::TuneSpec& tune, const std::string& trials_file, json& report, BestTrial& best,
                BlockResult& out) {
  RunContext& ctx = blk.ctx;
  ir::TuneSpec spec = tune;
  if (spec.metric.rfind("cv.", 0) != 0 && blk.data.val.rows() == 0) {
    ctx.diags.report(run_diag::bad_setting(
        fmt::format("the tune objective `{}` needs a validation part, but the split of `{}` has none", spec.metric,
                    blk.data.info.name),
        spec.span, "give the split a `val:` fraction, or tune on cv.<metric>"));
    out = user_error();
    return false;
  }
  TrainingObjectiveSpec os;
  os.train = &blk.train;
  os.data = &blk.data;
  os.metric = spec.metric;
  os.cv_folds = spec.cv_folds;
  os.fold_seed = derive_seed(ctx.seed, 0xF01D);
  os.progress = &ctx.progress;
  os.stop = ctx.options.stop;
  Objective objective = make_training_objective(os, blk.factory());

  StudyOptions so;
  so.name = blk.train.model;
  so.seed = ctx.seed;
  so.seed_key = so.name;  // two tuned models of one run draw different configurations
  so.trials = ctx.options.trials.value_or(0);
  so.parallel = ctx.options.parallel.value_or(0);
  so.stop = ctx.options.stop;
  so.diagnostics = &ctx.diags;
  so.default_max_resource = fixed_epochs(blk.train, fixed_assignment(ctx.space));
  // Under cv a trial reports once per fold: the pruners' resource is folds.
  if (spec.metric.rfind("cv.", 0) == 0) so.default_max_resource = cv_fold_count(os);
  so.progress = study_progress(ctx.progress);
  so.cost_hint = [&blk](const ir::Assignment& h) { return blk.trial_work(h); };

  auto store = open_study_store(ctx, so);
  if (!store) {
    out = user_error();
    return false;
  }
  ctx.progress.stage(fmt::format("tuning {} ({})", blk.train.model, spec.method));
  StudyResult study = run_study(blk.space, spec, objective, *store, so);
  if (!study.ok) {
    out = user_error();
    return false;
  }
  if (ctx.options.worker) return false;  // --worker: trials only, no refit and no report (out stays Ok)
  for (const auto& n : study.notes) ctx.progress.message(n);
  int parallel = so.parallel > 0 ? so.parallel : spec.parallel;
  add_study_report(report, ctx, blk.space, spec, study, parallel);
  std::string trials_csv_text = trials_csv(study.trials, blk.space);
  if (!ctx.folder.write(trials_file, trials_csv_text, ctx.diags)) {
    out = user_error();
    return false;
  }
  if (study.best < 0) {
    out.status = ctx.interrupted() ? RunStatus::Interrupted : RunStatus::Failed;
    out.failure = fmt::format("no trial of {} completed ({} failed, {} pruned)", blk.train.model, study.failed,
                              study.pruned);
    for (const auto& t : study.trials)
      if (t.state == TrialState::Failed && !t.reason.empty()) {
        out.failure += "; first failure: " + t.reason;
        break;
      }
    out.report = report;
    return false;
  }
  const TrialRecord& b = study.trials[static_cast<size_t>(study.best)];
  best.hypers = b.hypers;
  if (auto it = b.metrics.find("epochs"); it != b.metrics.end()) best.epochs = static_cast<int>(it->second);
  // A single-split trial trained on the training part with its own seed:
  // refitting with that seed gives back the very model that scored best
  // (cv trials trained on folds; nothing to reproduce there).
  if (spec.cv_folds <= 1 && spec.metric.rfind("cv.", 0) != 0) best.seed = b.seed;
  best.number = b.number;
  if (best.seed && study.best_kept) best.kept = std::static_pointer_cast<KeptModel>(study.best_kept);
  return true;
}

// Fills `hypers` with the best trial's when the model reads searched
// hypers (running the study of its tune block); fixed hypers stay. False,
// with `out` set, when the block ends here.
bool choose_hypers(Block& blk, const ir::TuneSpec* tune, const std::vector<std::string>& searched,
                   const std::string& model_file, json& report, BestTrial& best, ir::Assignment& hypers,
                   BlockResult& out) {
  RunContext& ctx = blk.ctx;
  const std::string& name = blk.train.model;
  if (searched.empty()) {
    if (tune) ctx.progress.message(fmt::format("nothing to tune for {}: every hyper it reads is fixed", name));
    return true;
  }
  if (!tune) {
    ctx.diags.report(run_diag::nothing_to_run(
        fmt::format("`{}` reads searched hypers ({}) but no `tune {}` block searches them", name,
                    fmt::join(searched, ", "), name),
        blk.train.span,
        fmt::format("add `tune {} {{ maximize = val.accuracy }}` (or another objective), or fix them with `=`", name)));
    out = user_error();
    return false;
  }
  // Like the model files: the run's last model gets trials.csv, earlier ones trials.<model>.csv.
  const std::string trials_file = model_file == "model.expm" ? "trials.csv" : "trials." + name + ".csv";
  if (!run_tuning(blk, *tune, trials_file, report, best, out)) return false;
  hypers = best.hypers;
  return true;
}

// The model the block reports: the refit of the chosen hypers (or the best
// trial's own model), with what it trained on.
struct Fitted {
  std::unique_ptr<ExecutableModel> model;
  TrainReport report;
  TrainSettings settings;
  bool on_train_val = false;   // refit on train+val: nothing held out
  Part train_val;              // the rows it trained on then
  int from_trial = -1;         // the best trial's model, not trained again
};

// Train and val stacked into one part, for a refit on both.
Part stack_train_val(const PreparedData& data) {
  Part out = data.train;
  out.X.conservativeResize(data.train.X.rows() + data.val.X.rows(), Eigen::NoChange);
  out.X.bottomRows(data.val.X.rows()) = data.val.X;
  out.Y.conservativeResize(data.train.Y.rows() + data.val.Y.rows(), Eigen::NoChange);
  out.Y.bottomRows(data.val.Y.rows()) = data.val.Y;
  out.labels.insert(out.labels.end(), data.val.labels.begin(), data.val.labels.end());
  return out;
}

// Refits the chosen configuration (or takes the best trial's model when the
// refit would train that very model again). False after diagnostics.
bool refit(Block& blk, const ir::TuneSpec* tune, bool tuned, const ir::Assignment& hypers, BestTrial& best, Fitted& f) {
  RunContext& ctx = blk.ctx;
  const PreparedData& data = blk.data;
  f.on_train_val = tune && tune->refit_on_train_val && data.val.rows() > 0;
  // A refit on train+val turns early stopping off below (it trains for the
  // best trial's epochs), so a `val.*` monitor is valid here as in the study.
  auto settings = resolve_train_settings(blk.train, hypers, data.info.task, {}, data.val.rows() > 0, ctx.diags);
  if (!settings) return false;
  f.settings = *settings;
  warn_tiny_steps(ctx, blk.train, data, f.settings);
  f.settings.seed = best.seed && !f.on_train_val ? *best.seed : derive_seed(ctx.seed, 0x5EF17);
  const Part* fit = &data.train;
  const Part* val = &data.val;
  if (f.on_train_val) {
    f.train_val = stack_train_val(data);
    fit = &f.train_val;
    val = nullptr;
    f.settings.stop.enabled = false;  // nothing held out to monitor: train for the epochs the best trial used
    if (best.epochs > 0) f.settings.epochs = best.epochs;
  }
  // The best trial's own model when the study kept it: refitting it on the
  // same rows with the same seed would train this very model again.
  if (best.kept && !f.on_train_val)
    if (auto* kept = dynamic_cast<ExecutableModel*>(best.kept->model.get())) {
      best.kept->model.release();
      f.model.reset(kept);
      f.report = std::move(best.kept->report);
      f.from_trial = best.number;
      return true;
    }
  f.model = blk.build(hypers, f.settings, ctx.diags);
  if (!f.model) return false;
  ctx.progress.stage(tuned ? fmt::format("refitting the best {} configuration", blk.train.model)
                           : fmt::format("training {}", blk.train.model));
  TrainHooks hooks;
  hooks.progress = &ctx.progress;
  hooks.stop = ctx.options.stop;
  f.report = train_model(*f.model, *fit, val, f.settings, hooks);
  return true;
}

// report.json's "training": how the refit went.
json training_json(const Fitted& f) {
  const TrainReport& tr = f.report;
  json training = {{"epochs_run", tr.history.empty() ? 0 : tr.history.back().epoch},
                   {"epochs_planned", tr.epochs_planned},
                   {"status", to_string(tr.status)},
                   {"seconds", tr.seconds}};
  if (tr.status == TrainStatus::Interrupted) training["interrupted_in_epoch"] = tr.history.back().epoch + 1;
  if (tr.status == TrainStatus::EarlyStopped) training["monitor"] = f.settings.stop.monitor;
  if (tr.best_epoch > 0) training["best_epoch"] = tr.best_epoch;
  if (tr.restored_best) training["restored_best"] = true;
  if (f.on_train_val) training["refit_on"] = "train+val";
  if (f.from_trial >= 0) training["from_trial"] = f.from_trial;
  return training;
}

// Metrics on every split (test: once, here), the confusion matrix, the test
// predictions file and the block's `evaluate` statements. False after
// diagnostics.
bool measure(Block& blk, Fitted& f, const std::string& model_file, json& report) {
  RunContext& ctx = blk.ctx;
  const PreparedData& data = blk.data;
  const DataInfo& info = data.info;
  TrainModel& m = *f.model;
  auto metric_names = final_metrics(ctx, blk.train, info.task, info.classes());
  json metrics = json::object();
  if (f.on_train_val) {
    // Refit on train+val: both parts were trained on, so neither is held
    // out; one in-sample column under its true name.
    metrics["train+val"] = metrics_json(evaluate(m, f.train_val, metric_names, info.task, info.targets));
  } else {
    metrics["train"] = metrics_json(evaluate(m, data.train, metric_names, info.task, info.targets));
    if (data.val.rows() > 0) metrics["val"] = metrics_json(evaluate(m, data.val, metric_names, info.task, info.targets));
  }
  if (data.test.rows() > 0) {
    ctx.progress.stage("testing " + blk.train.model);
    metrics["test"] = metrics_json(evaluate(m, data.test, metric_names, info.task, info.targets));
    if (info.task == Task::Classification) {
      Matrix outputs;
      m.predict(data.test.X, outputs);
      report["confusion"] = {{"labels", info.class_names}, {"matrix", confusion(outputs, data.test, info.classes())}};
    }
    std::string file = predictions_file_name(model_file, "test");
    json fit;  // regression: a sample of the same predictions for report.html's fit plots
    if (!write_part_predictions(ctx.folder, file, m, data.test, info, ctx.diags, &fit)) return false;
    report["predictions"] = {{"test", file}};
    if (!fit.is_null()) report["test_fit"] = fit;
  }
  report["metrics"] = metrics;
  json evaluations;
  if (!run_evaluations(ctx, blk.train, m, data, metric_names, model_file, evaluations)) return false;
  if (!evaluations.empty()) report["evaluations"] = evaluations;
  return true;
}

// The block's outcome after an interruption mid-epoch: the model as it
// stands was evaluated and saved; say which weights those are.
std::string interruption_note(const std::string& model, const TrainReport& tr) {
  int whole = tr.history.back().epoch;
  return fmt::format(
      "training {} stopped during epoch {} of {}; {} are evaluated and saved", model, whole + 1, tr.epochs_planned,
      tr.restored_best ? fmt::format("the weights of its best epoch ({})", tr.best_epoch)
                       : fmt::format("the weights as they stood (after {} and part of epoch {})",
                                     diag::count_of(whole, "whole epoch", "whole epochs"), whole + 1));
}

// The report's first keys: what is trained, on what, over which space.
json block_report(const Block& blk) {
  json report = report_header(blk.ctx);
  report["search_space"] = search_space_json(blk.space);
  report["model"] = blk.train.model;
  report["task"] = blk.data.info.task == Task::Classification ? "classification" : "regression";
  report["data"] = data_json(blk.data);
  return report;
}

// A training that diverged, or was interrupted before its first whole
// epoch, leaves no model: the block ends with what it has. An interruption
// after a whole epoch goes on: the model as it stands (the best epoch's
// weights when early stopping restored them) is evaluated and saved like any
// other, and the block reports the interruption (finish_block).
std::optional<BlockResult> without_model(const ir::TrainSpec& train, const TrainReport& tr, const json& report) {
  const bool interrupted = tr.status == TrainStatus::Interrupted;
  if (tr.status != TrainStatus::Diverged && !(interrupted && tr.history.empty())) return std::nullopt;
  BlockResult out;
  out.status = tr.status == TrainStatus::Diverged ? RunStatus::Failed : RunStatus::Interrupted;
  out.failure = tr.status == TrainStatus::Diverged
                    ? fmt::format("training {} failed: {}", train.model, tr.failure)
                    : fmt::format("training {} stopped before its first epoch ended; no model to save", train.model);
  out.report = report;
  return out;
}

// Parameters, metrics on every split, confusion, predictions, evaluations;
// then the model file: everything `exp predict` needs, as data.
BlockResult finish_block(Block& blk, Fitted& f, const ir::Assignment& hypers, const std::string& model_file,
                         json& report) {
  const Executable& exe = f.model->executable();
  report["training"] = training_json(f);
  auto named = named_params(exe);
  report["params"] = params_json(named.relative);
  if (!named.state.empty()) report["state"] = params_json(named.state);  // batch_norm's running statistics
  report["param_count"] = exe.param_count();
  if (!measure(blk, f, model_file, report)) return user_error();
  ModelFile file = make_model_file(blk.ctx.program, blk.model, blk.train, hypers, blk.dims, blk.data, exe, named);
  try {
    save_model_file(blk.ctx.folder.file(model_file), file);
  } catch (const ModelFileError& e) {
    blk.ctx.diags.report(run_diag::unwritable(blk.ctx.folder.file(model_file), e.what()));
    return user_error();
  }
  report["model_file"] = model_file;
  BlockResult out;
  out.model_file = model_file;
  out.report = report;
  if (f.report.status == TrainStatus::Interrupted) {
    out.status = RunStatus::Interrupted;
    out.failure = interruption_note(blk.train.model, f.report);
  }
  return out;
}

}  // namespace

BlockResult run_train_block(RunContext& ctx, const ir::TrainSpec& train, const std::string& model_file) {
  const ir::ModelGraph* model = ctx.program.find_model(train.model);
  if (!model) {
    ctx.diags.report(run_diag::nothing_to_run(fmt::format("no model named `{}` to train", train.model), train.span));
    return user_error();
  }
  const PreparedData* data = prepared_data(ctx, train.data, train.span);
  if (!data) return user_error();
  if (!ctx.options.export_splits_dir.empty() && !export_splits(*data, ctx.options.export_splits_dir, ctx.diags))
    return user_error();
  const DataInfo& info = data->info;
  const std::set<std::string> used = hypers_used(ctx.program, train);
  const ir::SearchSpace space = space_for(ctx.space, used);
  Block blk{ctx, train, space, *model, *data, data_dims(info, data->train.Y.cols()), span_locator(ctx.program)};
  // For a loss with `class_weight: balanced`: from the training part's labels only.
  if (info.task == Task::Classification) blk.dims.class_weights = balanced_class_weights(data->train.labels, info.classes());
  json report = block_report(blk);

  // Which hypers: fixed, or the best of a study over the searched ones this model reads.
  ir::Assignment hypers = fixed_assignment(ctx.space);
  const auto searched = searched_among(space, used);
  const ir::TuneSpec* tune = find_tune(ctx.program, train.model);
  BestTrial best;
  if (BlockResult out; !choose_hypers(blk, tune, searched, model_file, report, best, hypers, out)) return out;

  // Refit the chosen configuration and test it once.
  Fitted f;
  if (!refit(blk, tune, tune && !searched.empty(), hypers, best, f)) return user_error();
  ctx.last_hypers = hypers;
  report["hypers"] = hypers_json(hypers);
  report["history"] = history_json(f.report.history);
  if (auto ended = without_model(train, f.report, report)) return *ended;
  return finish_block(blk, f, hypers, model_file, report);
}

}  // namespace xp::rt
