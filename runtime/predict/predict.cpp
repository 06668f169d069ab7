#include "runtime/predict/predict.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <stdexcept>

#include <fmt/format.h>

#include "base/data_diags.h"
#include "stdlib/csv.h"
#include "stdlib/csv_table.h"

#include "ir/ir_json.h"
#include "runtime/data/load.h"
#include "runtime/data/preprocess.h"
#include "runtime/data/schema_json.h"
#include "runtime/core/errors.h"
#include "runtime/graph/executable.h"
#include "runtime/io/model_file.h"
#include "runtime/metrics/metrics.h"
#include "runtime/predict/prediction_table.h"
#include "runtime/predict/saved_model.h"
#include "runtime/core/run_errors.h"

namespace xp::rt {
namespace {

// `--id COLUMN`: the column's cells as written, one per row of the file.
std::optional<std::vector<std::string>> id_cells(const stdlib::csv::Source& csv, const std::string& column, char sep,
                                                 Diagnostics& diags) {
  const std::string& csv_path = csv.path;
  auto text = stdlib::csv::read_column_text(csv, column, sep);
  if (text.error) {
    diags.report(diag::data::read_error(csv_path, *text.error));
    return std::nullopt;
  }
  if (!text.found) {
    diags.report(diag::data::unknown_column(csv_path, column, {}, text.header));
    return std::nullopt;
  }
  return std::move(text.cells);
}

}  // namespace

PredictResult predict_csv(const std::string& model_path, const std::string& csv_path, std::ostream& out,
                          const PredictOptions& options, Diagnostics& diags) {
  auto saved = load_saved_model(model_path, diags, static_cast<int64_t>(std::max<size_t>(1, options.chunk_rows)));
  if (!saved) return {};
  if (options.probabilities && saved->schema.task != Task::Classification) {
    diags.report(run_diag::proba_on_regression(model_path));
    return {};
  }
  return predict_with(*saved, csv_path, out, options, diags);
}

PredictResult predict_with(SavedModel& saved, const stdlib::csv::Source& csv, std::ostream& out,
                           const PredictOptions& options, Diagnostics& diags) {
  PredictResult result;
  Schema schema = saved.schema;
  if (options.sep) schema.sep = *options.sep;  // this file's own separator, not the training file's
  const bool classify = schema.task == Task::Classification;
  std::vector<size_t> scored;
  auto part = load_for_prediction(csv, schema, saved.scaling, diags, &scored);
  if (!part) return result;

  PredictionColumns columns;
  columns.probabilities = options.probabilities;
  columns.predicted_name = "prediction";
  columns.targets = saved.schema.targets;
  if (!options.id_column.empty()) {
    auto ids = id_cells(csv, options.id_column, schema.sep, diags);
    if (!ids) return result;
    if (ids->size() != part->rows()) throw std::logic_error("internal error: id cells and rows differ; this is a bug in exp");
    columns.id_name = options.id_column;
    columns.ids = std::move(*ids);
  }

  Matrix outputs;
  saved.model->predict(part->X, outputs);
  to_target_units(saved.target_scaling, outputs);
  write_predictions(out, outputs, saved.schema.task, saved.schema.class_names, columns);
  result.rows = static_cast<size_t>(outputs.rows());
  result.targets = saved.schema.target_names().size();
  result.had_target = part->Y.rows() == part->X.rows() && part->Y.cols() > 0 && part->X.rows() > 0;
  result.scored = result.had_target ? scored.size() : 0;
  if (result.scored > 0) {
    // Only the rows whose target is known: the others have no label to compare with.
    Task task = saved.schema.task;
    Part truth = subset(*part, scored);
    Matrix scored_outputs(static_cast<Eigen::Index>(scored.size()), outputs.cols());
    for (size_t i = 0; i < scored.size(); ++i)
      scored_outputs.row(static_cast<Eigen::Index>(i)) = outputs.row(static_cast<Eigen::Index>(scored[i]));
    result.accuracy = classify ? metric("accuracy", scored_outputs, truth, task) : -1;
    result.rmse = classify ? -1 : metric("rmse", scored_outputs, truth, task);
  }
  result.ok = static_cast<bool>(out);
  if (!out) diags.report(run_diag::unwritable("the predictions", "the output stream failed"));
  return result;
}

}  // namespace xp::rt
