#pragma once
// The tuning objective of a `tune MODEL` block: one trial = build the model
// with the trial's hypers, train it, score it.
//
//  * `val.<metric>` (and `val.loss`): train on the training part, early-stop
//    and report each epoch's value on the validation part (so the pruner can
//    stop a hopeless trial), score the final (best-restored) model there.
//  * `cv.<metric>`: k folds over the training part. Each fold refits the
//    scaling on its own fit rows; when early stopping is on, a seeded slice
//    of the fit rows (not the scored rows) is its validation part. After
//    fold k the running mean of the k fold scores is reported at step k, so
//    a pruner compares trials after the same number of folds on the same
//    statistic, and its resource (warm-up, rungs, max) counts folds, not
//    epochs; every fold trains its full epochs. The value is the mean; the
//    spread (`cv.std`) and each fold (`cv.fold<k>`) are kept as trial metrics.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "runtime/core/progress.h"
#include "runtime/train/train.h"
#include "runtime/train/train_model.h"
#include "runtime/core/objective.h"

namespace xp::rt {

// Builds a fresh, untrained model for a trial's hypers and settings (its
// seed initialises the parameters). User mistakes (a shape a hyper value
// breaks …) go to `diags` and give nullptr; the trial then fails with that
// message.
using ModelFactory = std::function<std::unique_ptr<TrainModel>(const ir::Assignment& hypers,
                                                               const TrainSettings& settings, Diagnostics& diags)>;

struct TrainingObjectiveSpec {
  const ir::TrainSpec* train = nullptr;
  const PreparedData* data = nullptr;
  std::string metric = "val.loss";   // val.<m> | cv.<m>
  int cv_folds = 0;                  // cv: folds when the data has none of its own (tune { cv: k })
  uint64_t fold_seed = 0;            // cv: the folds' shuffle when made here
  Progress* progress = nullptr;
  const std::atomic<bool>* stop = nullptr;
};

// A holdout trial that completed keeps its trained model and training
// report (TrialOutcome::keep): the refit of the best configuration on the
// same rows with the same seed would give back this very model, so the run
// uses it instead of training again. Cross-validated trials keep nothing
// (they trained on folds).
struct KeptModel {
  std::unique_ptr<TrainModel> model;
  TrainReport report;
};

// The folds a cv objective uses: the data's own, else tune { cv: k }, else 5.
int cv_fold_count(const TrainingObjectiveSpec& spec);

Objective make_training_objective(const TrainingObjectiveSpec& spec, ModelFactory factory);

// Text of the diagnostics in `diags`, for a failed trial's reason.
std::string diagnostics_text(const Diagnostics& diags);

}  // namespace xp::rt
