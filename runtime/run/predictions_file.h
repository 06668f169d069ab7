#pragma once
// The predictions a run keeps beside its model (docs/report.md): the test
// part's rows as predictions_test.csv, and those of each `evaluate m on D`
// as predictions_<D>_<part>.csv, in runtime/predict/prediction_table.h's
// format with the row's index in its file, the true target and the class
// probabilities.
#include <string>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"
#include "runtime/data/dataset.h"
#include "runtime/run/run_folder.h"
#include "runtime/train/train_model.h"

namespace xp::rt {

// "predictions_<what>.csv" for the run's model (model.expm), and
// "predictions_<what>.<name>.csv" beside an earlier block's model.<name>.expm.
std::string predictions_file_name(const std::string& model_file, const std::string& what);

// Predicts `part` with `model` and writes the file atomically; false after
// E0906. For a regression, `fit` (when given) receives report.json's
// `test_fit` sample of the same predictions (runtime/report/fit_sample.h).
bool write_part_predictions(const RunFolder& folder, const std::string& file, TrainModel& model, const Part& part,
                            const DataInfo& info, Diagnostics& diags, nlohmann::json* fit = nullptr);

}  // namespace xp::rt
