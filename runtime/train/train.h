#pragma once
// The training loop: epochs of shuffled mini-batches over a TrainModel, a
// validation pass per epoch (loss + metrics), early stopping with best-weight
// restore, per-epoch reports to a tuner's TrialContext (pruning, Hyperband /
// ASHA resource caps), progress events, a stop flag checked between batches,
// and NaN/Inf detection that fails the run with the epoch and the op to blame.
// The batch loop allocates nothing: batches are gathered into the model's own
// preallocated input buffers.
#include <atomic>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "runtime/core/call_args.h"
#include "runtime/optim/schedule.h"
#include "runtime/core/progress.h"
#include "runtime/train/train_model.h"
#include "runtime/core/objective.h"

namespace xp::rt {

// A TrainSpec under one trial's hypers: every setting evaluated once, here,
// so the model build, the training loop and the warnings read the same
// numbers and no setting is re-evaluated (or clamped) anywhere else.
struct TrainSettings {
  int epochs = 10;
  int64_t batch = 32;
  CallArgs optimizer;            // the optimizer call with its arguments evaluated
  Schedule schedule;             // constant unless the spec names one
  float clip = 0;                // global-norm cap; 0 = none
  ir::EarlyStop stop;
  // Metrics computed on the validation part after every epoch, besides the
  // loss: the task's default (accuracy for classifiers), the spec's metrics,
  // and whatever early stopping or the tuner monitors.
  std::vector<std::string> metrics;
  uint64_t seed = 0;             // shuffling (and whatever else the trainer draws)
  Task task = Task::Classification;
};

// Evaluates every setting of `spec` under `hypers` and gathers the metric
// list. One failure rule: a train-block setting out of range (`epochs`,
// `batch` below 1, not whole or over 1e9; `clip` below 0) is E0903, an
// optimizer's or schedule's argument is E0702 (a built-in's argument, as
// everywhere), a monitor that names no computed value is E0904; then nullopt.
std::optional<TrainSettings> resolve_train_settings(const ir::TrainSpec& spec, const ir::Assignment& hypers, Task task,
                                                    const std::vector<std::string>& extra_metrics, bool has_val,
                                                    Diagnostics& diags);

// The spec's epochs when they are the same for every trial (a number or a
// fixed hyper), else 0: what a study's pruners take as the full resource.
int fixed_epochs(const ir::TrainSpec& spec, const ir::Assignment& fixed);

struct EpochRecord {
  int epoch = 0;
  double train_loss = 0;                     // mean over the epoch's batches
  double val_loss = std::numeric_limits<double>::quiet_NaN();  // NaN without a validation part
  std::map<std::string, double> metrics;     // "val.accuracy" …
  double seconds = 0;                        // since training started (cumulative)
  // This epoch alone: its batches, its validation pass and its bookkeeping,
  // from the epoch's start to its record (no process start-up, no loading).
  double epoch_seconds = 0;
  // CPU time of the training thread in the same span: below epoch_seconds
  // when the thread waited for a core (a busy machine, more workers than cores).
  double epoch_cpu_seconds = 0;
};

enum class TrainStatus {
  Complete,      // ran every planned epoch
  EarlyStopped,  // patience ran out
  Pruned,        // the trial context said stop
  Interrupted,   // the stop flag / the study's deadline
  Diverged,      // a non-finite loss: `failure` names the epoch and the op
};
const char* to_string(TrainStatus s);

struct TrainReport {
  TrainStatus status = TrainStatus::Complete;
  std::vector<EpochRecord> history;
  int epochs_planned = 0;
  int best_epoch = 0;            // early stopping's best (0 without early stopping)
  double best_value = std::numeric_limits<double>::quiet_NaN();
  bool restored_best = false;    // weights rolled back to best_epoch
  std::string failure;           // Diverged: "loss became NaN at epoch 3 (op exp at 12:7)"
  double seconds = 0;
};

struct TrainHooks {
  TrialContext* trial = nullptr;         // tuner's view: per-epoch report / prune, max_resource, should_stop
  std::string report_metric;             // what each epoch reports to `trial` ("val.accuracy"); "" = nothing
  Progress* progress = nullptr;
  int trial_number = -1;                 // for progress events (-1: plain run or refit)
  const std::atomic<bool>* stop = nullptr;
};

// Trains `model` on `train`, validating on `val` (may be null or empty).
TrainReport train_model(TrainModel& model, const Part& train, const Part* val, const TrainSettings& settings,
                        const TrainHooks& hooks);

// Loss and metrics of `model` on `part`, predicted in chunks of the model's
// batch size. Keys: "loss" and each metric name ("accuracy", "f1" …). With
// `targets` (the names of several regression targets, DataInfo::targets)
// each regression metric is also given per target, keyed "rmse[name]",
// beside its average under "rmse".
std::map<std::string, double> evaluate(TrainModel& model, const Part& part, const std::vector<std::string>& metrics,
                                       Task task, const std::vector<std::string>& targets = {});

// The value a monitor names ("val.loss", "val.accuracy", "train.loss") in an
// epoch record; NaN when absent.
double monitored_value(const EpochRecord& r, const std::string& monitor);

}  // namespace xp::rt
