#include "runtime/predict/prediction_table.h"

#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "runtime/metrics/metrics.h"
#include "stdlib/csv.h"

namespace xp::rt {
namespace {

std::string class_name(int c, const std::vector<std::string>& names) {
  return c >= 0 && c < static_cast<int>(names.size()) ? names[static_cast<size_t>(c)] : std::to_string(c);
}

// "predicted", or "predicted.0", "predicted.1", … for several targets.
void numbered(std::ostream& out, const std::string& name, Eigen::Index cols, bool& first) {
  for (Eigen::Index j = 0; j < cols; ++j) {
    out << (first ? "" : ",") << stdlib::csv::field(cols == 1 ? name : fmt::format("{}.{}", name, j));
    first = false;
  }
}

}  // namespace

void class_probabilities(const Eigen::Ref<const Eigen::RowVectorXf>& logits, std::vector<double>& p) {
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

std::vector<std::string> row_ids(const Part& part) {
  std::vector<std::string> out;
  out.reserve(part.rows());
  for (size_t i = 0; i < part.rows(); ++i) out.push_back(std::to_string(i < part.origin.size() ? part.origin[i] : i));
  return out;
}

void write_predictions(std::ostream& out, const Matrix& outputs, Task task, const std::vector<std::string>& class_names,
                       const PredictionColumns& c) {
  const bool classify = task == Task::Classification;
  const Part* truth = c.truth;
  const Eigen::Index targets = classify ? 1 : outputs.cols();
  bool first = true;
  if (!c.id_name.empty()) {
    out << stdlib::csv::field(c.id_name);
    first = false;
  }
  if (truth) numbered(out, "true", targets, first);
  numbered(out, c.predicted_name, targets, first);
  if (classify && c.probabilities)
    for (const auto& name : class_names) out << ',' << stdlib::csv::field("p(" + name + ")");
  out << '\n';

  std::vector<int> classes = classify ? predicted_classes(outputs) : std::vector<int>{};
  std::vector<double> p;
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    const auto row = static_cast<size_t>(i);
    std::string sep;
    auto cell = [&](const std::string& text) {
      out << sep << text;
      sep = ",";
    };
    if (!c.id_name.empty()) cell(stdlib::csv::field(c.ids[row]));
    if (truth && classify)
      cell(row < truth->labels.size() && truth->labels[row] >= 0 ? stdlib::csv::field(class_name(truth->labels[row], class_names)) : "");
    else if (truth)
      for (Eigen::Index j = 0; j < targets; ++j) cell(fmt::format("{}", truth->Y(i, j)));
    if (classify) {
      cell(stdlib::csv::field(class_name(classes[row], class_names)));
      if (c.probabilities) {
        class_probabilities(outputs.row(i), p);
        for (size_t j = 0; j < class_names.size(); ++j) cell(fmt::format("{:.6g}", j < p.size() ? p[j] : 0.0));
      }
    } else {
      for (Eigen::Index j = 0; j < outputs.cols(); ++j) cell(fmt::format("{}", outputs(i, j)));
    }
    out << '\n';
  }
}

}  // namespace xp::rt
