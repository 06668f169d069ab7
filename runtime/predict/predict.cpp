#include "runtime/predict/predict.h"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "stdlib/csv.h"

#include "ir/ir_json.h"
#include "runtime/data/load.h"
#include "runtime/data/preprocess.h"
#include "runtime/data/schema_json.h"
#include "runtime/graph/errors.h"
#include "runtime/graph/executable.h"
#include "runtime/io/model_file.h"
#include "runtime/metrics/metrics.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run_errors.h"

namespace xp::rt {
namespace {

void write_header(std::ostream& out, const SavedModel& m, const PredictOptions& o, Eigen::Index cols) {
  if (m.schema.task == Task::Classification) {
    out << "prediction";
    if (o.probabilities)
      for (const auto& c : m.schema.class_names) out << ',' << stdlib::csv::field("p(" + c + ")");
  } else if (cols == 1) {
    out << "prediction";
  } else {
    for (Eigen::Index j = 0; j < cols; ++j) out << (j ? "," : "") << "prediction." << j;
  }
  out << '\n';
}

// Class probabilities of one row of logits: softmax, or a sigmoid for a
// single-logit binary model.
void probabilities(const Eigen::Ref<const Eigen::RowVectorXf>& logits, std::vector<double>& p) {
  if (logits.size() == 1) {
    double p1 = 1.0 / (1.0 + std::exp(-static_cast<double>(logits(0))));
    p = {1.0 - p1, p1};
    return;
  }
  double mx = logits.maxCoeff(), sum = 0;
  p.resize(static_cast<size_t>(logits.size()));
  for (Eigen::Index j = 0; j < logits.size(); ++j) sum += p[static_cast<size_t>(j)] = std::exp(logits(j) - mx);
  for (double& v : p) v /= sum;
}

}  // namespace

PredictResult predict_csv(const std::string& model_path, const std::string& csv_path, std::ostream& out,
                          const PredictOptions& options, Diagnostics& diags) {
  PredictResult result;
  auto saved = load_saved_model(model_path, diags, static_cast<int64_t>(std::max<size_t>(1, options.chunk_rows)));
  if (!saved) return result;
  const bool classify = saved->schema.task == Task::Classification;
  if (options.probabilities && !classify) {
    diags.report(run_diag::proba_on_regression(model_path));
    return result;
  }
  std::vector<size_t> scored;
  auto part = load_for_prediction(csv_path, saved->schema, saved->scaling, diags, &scored);
  if (!part) return result;

  Matrix outputs;
  saved->model->predict(part->X, outputs);
  to_target_units(saved->target_scaling, outputs);
  write_header(out, *saved, options, outputs.cols());
  std::vector<int> classes = classify ? predicted_classes(outputs) : std::vector<int>{};
  std::vector<double> p;
  const auto& names = saved->schema.class_names;
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    if (classify) {
      int c = classes[static_cast<size_t>(i)];
      out << stdlib::csv::field(c >= 0 && c < static_cast<int>(names.size()) ? names[static_cast<size_t>(c)] : std::to_string(c));
      if (options.probabilities) {
        probabilities(outputs.row(i), p);
        for (size_t j = 0; j < names.size(); ++j) out << ',' << fmt::format("{:.6g}", j < p.size() ? p[j] : 0.0);
      }
    } else {
      for (Eigen::Index j = 0; j < outputs.cols(); ++j) out << (j ? "," : "") << fmt::format("{}", outputs(i, j));
    }
    out << '\n';
  }
  result.rows = static_cast<size_t>(outputs.rows());
  result.had_target = part->Y.rows() == part->X.rows() && part->Y.cols() > 0 && part->X.rows() > 0;
  result.scored = result.had_target ? scored.size() : 0;
  if (result.scored > 0) {
    // Only the rows whose target is known: the others have no label to compare with.
    Task task = saved->schema.task;
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
