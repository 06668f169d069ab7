#include "runtime/run/predictions_file.h"

#include <sstream>

#include "runtime/data/preprocess.h"
#include "runtime/predict/prediction_table.h"
#include "runtime/report/fit_sample.h"

namespace xp::rt {

std::string predictions_file_name(const std::string& model_file, const std::string& what) {
  const std::string prefix = "model.", suffix = ".expm";
  if (model_file.size() > prefix.size() + suffix.size() && model_file.rfind(prefix, 0) == 0)
    return "predictions_" + what + "." +
           model_file.substr(prefix.size(), model_file.size() - prefix.size() - suffix.size()) + ".csv";
  return "predictions_" + what + ".csv";
}

bool write_part_predictions(const RunFolder& folder, const std::string& file, TrainModel& model, const Part& part,
                            const DataInfo& info, Diagnostics& diags, nlohmann::json* fit) {
  Matrix outputs;
  model.predict(part.X, outputs);
  // Regression outputs and targets in the target's own units, as the metrics.
  Part truth;
  truth.labels = part.labels;
  truth.Y = part.Y;
  to_target_units(part.target, outputs);
  if (info.task == Task::Regression) to_target_units(part.target, truth.Y);
  if (fit && info.task == Task::Regression) *fit = report::fit_sample(truth.Y, outputs, target_column_names(info.target_names(), truth.Y.cols()));
  PredictionColumns columns;
  columns.id_name = "row";
  columns.ids = row_ids(part);
  columns.truth = &truth;
  columns.probabilities = true;
  columns.targets = info.targets;
  std::ostringstream out;
  write_predictions(out, outputs, info.task, info.class_names, columns);
  return folder.write(file, out.str(), diags);
}

}  // namespace xp::rt
