#include "runtime/run/objective.h"

#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "runtime/core/data_rng.h"
#include "runtime/core/errors.h"
#include "runtime/data/load.h"
#include "runtime/data/preprocess.h"
#include "runtime/data/split.h"
#include "runtime/train/train.h"
#include "runtime/core/random.h"

namespace xp::rt {
namespace {

TrialOutcome failed(std::string reason) {
  TrialOutcome o;
  o.state = TrialState::Failed;
  o.reason = std::move(reason);
  return o;
}

// "cv.accuracy" → "accuracy".
std::string metric_name(const std::string& key) {
  auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

// The score of `name` ("loss" or a metric) of `model` on `part`.
double score(TrainModel& model, const Part& part, const std::string& name, Task task) {
  auto m = evaluate(model, part, name == "loss" ? std::vector<std::string>{} : std::vector<std::string>{name}, task);
  auto it = m.find(name);
  return it == m.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

// A trial that ended early: the outcome its training status calls for.
std::optional<TrialOutcome> unfinished(const TrainReport& r) {
  switch (r.status) {
    case TrainStatus::Pruned: {
      TrialOutcome o;
      o.state = TrialState::Pruned;
      o.reason = fmt::format("pruned after epoch {}", r.history.empty() ? 0 : r.history.back().epoch);
      return o;
    }
    case TrainStatus::Diverged: return failed(r.failure);
    case TrainStatus::Interrupted: return failed("interrupted");
    default: return std::nullopt;
  }
}

// What one fold's training sees of its trial under cv: everything but the
// budget. Under cv the pruners' resource is folds (the trial reports the
// running mean after each), so their max_resource must not cap the epochs.
class FoldContext final : public TrialContext {
 public:
  explicit FoldContext(TrialContext& trial) : trial_(trial) {}
  int number() const override { return trial_.number(); }
  uint64_t seed() const override { return trial_.seed(); }
  bool report(int step, double value) override { return trial_.report(step, value); }
  bool should_stop() const override { return trial_.should_stop(); }
  int max_resource() const override { return 0; }

 private:
  TrialContext& trial_;
};

class TrainingObjective {
 public:
  TrainingObjective(TrainingObjectiveSpec spec, ModelFactory factory)
      : spec_(std::move(spec)), factory_(std::move(factory)), is_cv_(spec_.metric.rfind("cv.", 0) == 0),
        name_(metric_name(spec_.metric)) {
    if (is_cv_) folds_ = make_folds();
  }

  TrialOutcome operator()(const ir::Assignment& hypers, TrialContext& ctx) const {
    Diagnostics diags;
    const PreparedData& d = *spec_.data;
    auto settings = resolve_train_settings(*spec_.train, hypers, d.info.task, {spec_.metric}, is_cv_ || d.val.rows() > 0, diags);
    if (!settings) return failed(diagnostics_text(diags));
    settings->seed = ctx.seed();
    return is_cv_ ? cross_validate(hypers, *settings, ctx) : holdout(hypers, *settings, ctx);
  }

 private:
  std::vector<Fold> make_folds() const {
    const PreparedData& d = *spec_.data;
    if (d.train_raw.rows() != d.train.rows()) internal_error("cross-validation without the unscaled training rows");
    if (!d.folds.empty()) return d.folds;
    const int k = cv_fold_count(spec_);
    const std::vector<int>* labels = d.train_raw.labels.empty() ? nullptr : &d.train_raw.labels;
    return kfold(d.train_raw.rows(), k, labels, spec_.fold_seed);
  }

  TrainHooks hooks(TrialContext& ctx, std::string report_metric) const {
    TrainHooks h;
    h.trial = &ctx;
    h.report_metric = std::move(report_metric);
    h.progress = spec_.progress;
    h.trial_number = ctx.number();
    h.stop = spec_.stop;
    return h;
  }

  TrialOutcome holdout(const ir::Assignment& hypers, const TrainSettings& settings, TrialContext& ctx) const {
    const PreparedData& d = *spec_.data;
    Diagnostics diags;
    auto model = factory_(hypers, settings, diags);
    if (!model) return failed(diagnostics_text(diags));
    TrainReport r = train_model(*model, d.train, &d.val, settings, hooks(ctx, spec_.metric));
    if (auto o = unfinished(r)) return *o;
    TrialOutcome out;
    auto m = evaluate(*model, d.val, settings.metrics, d.info.task);
    for (const auto& [k, v] : m) out.metrics["val." + k] = v;
    out.metrics["epochs"] = r.history.empty() ? 0 : r.history.back().epoch;
    auto it = m.find(name_);
    out.value = it == m.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
    if (!std::isfinite(out.value)) return failed(fmt::format("{} is not a finite number", spec_.metric));
    if (ctx.max_resource() <= 0 || ctx.max_resource() >= settings.epochs)
      out.keep = std::make_shared<KeptModel>(KeptModel{std::move(model), std::move(r)});
    return out;
  }

  // The rows of `fold.fit` split into (train, early-stopping validation):
  // a seeded 20% slice validates when early stopping is on.
  std::pair<std::vector<size_t>, std::vector<size_t>> carve(const Fold& fold, bool early_stop, uint64_t seed) const {
    if (!early_stop || fold.fit.size() < 5) return {fold.fit, {}};
    std::vector<size_t> rows = fold.fit;
    DataRng(seed).shuffle(rows);
    size_t n_val = std::max<size_t>(1, rows.size() / 5);
    std::vector<size_t> val(rows.end() - static_cast<std::ptrdiff_t>(n_val), rows.end());
    rows.resize(rows.size() - n_val);
    return {rows, val};
  }

  TrialOutcome cross_validate(const ir::Assignment& hypers, const TrainSettings& base, TrialContext& ctx) const {
    const PreparedData& d = *spec_.data;
    std::vector<double> scores;
    FoldContext fold_ctx(ctx);
    double sum = 0;
    for (size_t k = 0; k < folds_.size(); ++k) {
      uint64_t fold_seed = derive_seed(ctx.seed(), k);
      auto [fit_rows, val_rows] = carve(folds_[k], base.stop.enabled, derive_seed(fold_seed, 1));
      Part fit = subset(d.train_raw, fit_rows), val = subset(d.train_raw, val_rows),
           scored = subset(d.train_raw, folds_[k].score);
      Scaling s = fit_scaling(d.scaling.kind, fit, d.scaling.only);
      apply_scaling(s, fit);
      apply_scaling(s, val);
      apply_scaling(s, scored);
      if (d.info.task == Task::Regression && d.scaling.only.empty()) {  // as prepare_data: not under `standardize d.col`
        Scaling t = fit_target_scaling(d.scaling.kind, fit);
        for (Part* p : {&fit, &val, &scored}) apply_target_scaling(t, *p);
      }

      TrainSettings settings = base;
      settings.seed = fold_seed;
      Diagnostics diags;
      auto model = factory_(hypers, settings, diags);
      if (!model) return failed(diagnostics_text(diags));
      TrainReport r = train_model(*model, fit, val.rows() ? &val : nullptr, settings, hooks(fold_ctx, ""));
      if (auto o = unfinished(r)) return *o;
      double v = score(*model, scored, name_, d.info.task);
      if (!std::isfinite(v)) return failed(fmt::format("{} of fold {} is not a finite number", spec_.metric, k + 1));
      scores.push_back(v);
      sum += v;
      // Step = folds done, value = their running mean: a pruner compares
      // trials after the same folds on the same statistic (the objective's).
      if (!ctx.report(static_cast<int>(k + 1), sum / static_cast<double>(k + 1))) {
        TrialOutcome o;
        o.state = TrialState::Pruned;
        o.reason = fmt::format("pruned after fold {} of {}", k + 1, folds_.size());
        return o;
      }
    }
    TrialOutcome out;
    double mean = std::accumulate(scores.begin(), scores.end(), 0.0) / static_cast<double>(scores.size());
    double var = 0;
    for (double v : scores) var += (v - mean) * (v - mean);
    out.value = mean;
    out.metrics["cv.mean"] = mean;
    out.metrics["cv.std"] = scores.size() > 1 ? std::sqrt(var / static_cast<double>(scores.size() - 1)) : 0.0;
    for (size_t k = 0; k < scores.size(); ++k) out.metrics[fmt::format("cv.fold{}", k)] = scores[k];
    return out;
  }

  TrainingObjectiveSpec spec_;
  ModelFactory factory_;
  bool is_cv_;
  std::string name_;
  std::vector<Fold> folds_;
};

}  // namespace

int cv_fold_count(const TrainingObjectiveSpec& spec) {
  if (spec.data && !spec.data->folds.empty()) return static_cast<int>(spec.data->folds.size());
  return spec.cv_folds > 1 ? spec.cv_folds : 5;
}

std::string diagnostics_text(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.all()) {
    if (d.severity != Severity::Error) continue;
    if (!out.empty()) out += "; ";
    out += d.message;
  }
  return out.empty() ? "the trial could not be set up" : out;
}

Objective make_training_objective(const TrainingObjectiveSpec& spec, ModelFactory factory) {
  auto objective = std::make_shared<TrainingObjective>(spec, std::move(factory));
  return [objective](const ir::Assignment& hypers, TrialContext& ctx) { return (*objective)(hypers, ctx); };
}

}  // namespace xp::rt
