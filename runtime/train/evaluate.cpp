// evaluate: a model's loss and metrics on one data part, without learning.
#include <cmath>

#include "runtime/metrics/metrics.h"
#include "runtime/train/train.h"

namespace xp::rt {

std::map<std::string, double> evaluate(TrainModel& model, const Part& part, const std::vector<std::string>& metrics,
                                       Task task) {
  std::map<std::string, double> out;
  if (part.rows() == 0) return out;
  if (metrics.empty()) {
    out["loss"] = model.mean_loss(part.X, part.Y);
    return out;
  }
  Matrix outputs;
  out["loss"] = model.mean_loss_and_predict(part.X, part.Y, outputs);
  for (const auto& name : metrics) {
    const MetricInfo* info = find_metric(name);
    if (!info || !info->scalar || info->from_trainer) continue;  // confusion, loss: elsewhere
    out[name] = metric(name, outputs, part, task);
  }
  return out;
}

}  // namespace xp::rt
