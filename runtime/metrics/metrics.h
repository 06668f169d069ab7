#pragma once
// Evaluation metrics, computed from a model's outputs and a data part.
// Outputs: classification logits [n × C], or one logit [n × 1] for a binary
// model (class 1 when the logit is positive); regression predictions
// [n × targets]. The metrics, their direction and task are the stdlib
// registry's (Category::Metric); metric_infos() is built from it.
//
// Conventions (those of scikit-learn, so results compare directly):
//  * predicted class = argmax of the logits (ties: the lowest class);
//  * precision, recall and f1 are macro averages over the classes present in
//    the truth or the predictions; a class never predicted has precision 0,
//    and f1 is the mean of the per-class F1 scores;
//  * log_loss clips probabilities to [1e-15, 1 − 1e-15];
//  * auc: binary from the class-1 score, with tied scores given their average
//    rank; with more classes the one-vs-rest macro average of each class's
//    softmax probability (roc_auc_score(multi_class="ovr", average="macro")),
//    over the classes with both positives and negatives in the part; NaN when
//    the part holds only one class;
//  * several regression targets: each metric is the average of the
//    per-target figures (multioutput="uniform_average": rmse is the mean of
//    each target's rmse); target_metric gives one target's; a constant
//    target's r2 is 1 when predicted exactly, else 0.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/data/dataset.h"

namespace xp::rt {

struct MetricInfo {
  std::string_view name;
  bool higher_is_better;   // direction for early stopping and tuning
  bool classification;     // applies to classification
  bool regression;         // applies to regression
  bool scalar;             // false: confusion (a matrix)
  bool from_trainer;       // `loss`: computed by the training loop, not here
};

std::span<const MetricInfo> metric_infos();
const MetricInfo* find_metric(std::string_view name);  // nullptr if unknown
bool higher_is_better(std::string_view name);           // loss-like names (and unknown ones) → false

// Why `name` cannot be computed for this task and class count (a message for
// a diagnostic), or nullopt when it can. Check once before training.
std::optional<std::string> metric_problem(std::string_view name, Task task, int classes);

// The metric's value. `name` must be a scalar metric that applies (see
// metric_problem); anything else is an internal error (std::logic_error).
double metric(std::string_view name, const Matrix& outputs, const Part& part, Task task);

// A regression metric (mse, rmse, mae, r2) of one target column, `target`
// of outputs and part.Y: the per-target figures beside the average.
double target_metric(std::string_view name, const Matrix& outputs, const Part& part, Eigen::Index target);

// Predicted class per row (see the conventions above).
std::vector<int> predicted_classes(const Matrix& outputs);
// counts[true][predicted], `classes` × `classes`.
std::vector<std::vector<int64_t>> confusion(const Matrix& outputs, const Part& part, int classes);

}  // namespace xp::rt
