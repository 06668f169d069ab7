// evaluate: a model's loss and metrics on one data part, without learning.
#include <cmath>

#include "runtime/data/preprocess.h"
#include "runtime/metrics/metrics.h"
#include "runtime/train/train.h"

namespace xp::rt {

std::map<std::string, double> evaluate(TrainModel& model, const Part& part, const std::vector<std::string>& metrics,
                                       Task task, const std::vector<std::string>& targets) {
  std::map<std::string, double> out;
  if (part.rows() == 0) return out;
  if (metrics.empty()) {
    out["loss"] = model.mean_loss(part.X, part.Y);
    return out;
  }
  Matrix outputs;
  out["loss"] = model.mean_loss_and_predict(part.X, part.Y, outputs);
  // Metrics in the target's own units (the loss stays in the units trained on).
  const Part* truth = &part;
  Part original;
  if (part.target.kind != "none") {
    to_target_units(part.target, outputs);
    original.X.resize(part.X.rows(), 0);  // the row count without copying the features
    original.Y = part.Y;
    to_target_units(part.target, original.Y);
    truth = &original;
  }
  for (const auto& name : metrics) {
    const MetricInfo* info = find_metric(name);
    if (!info || !info->scalar || info->from_trainer) continue;  // confusion, loss: elsewhere
    out[name] = metric(name, outputs, *truth, task);
    if (task != Task::Regression || targets.size() < 2 || static_cast<Eigen::Index>(targets.size()) != outputs.cols())
      continue;
    for (size_t j = 0; j < targets.size(); ++j)
      out[name + "[" + targets[j] + "]"] = target_metric(name, outputs, *truth, static_cast<Eigen::Index>(j));
  }
  return out;
}

}  // namespace xp::rt
