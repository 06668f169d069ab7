#include "runtime/predict/prediction_table.h"

#include <algorithm>
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

// "predicted", or "predicted.<target>" for several targets ("predicted.0",
// "predicted.1", … when their names are not known).
void numbered(std::ostream& out, const std::string& name, Eigen::Index cols, const std::vector<std::string>& targets,
              bool& first) {
  const bool named = static_cast<Eigen::Index>(targets.size()) == cols;
  for (Eigen::Index j = 0; j < cols; ++j) {
    std::string suffix = named ? targets[static_cast<size_t>(j)] : std::to_string(j);
    out << (first ? "" : ",") << stdlib::csv::field(cols == 1 ? name : name + "." + suffix);
    first = false;
  }
}

// A value in the target's units to 6 significant digits, never fewer
// integer digits and never an exponent: past them a float32 shows the noise
// of scaling and unscaling (a target of 1.4 came back as 1.4000002, 0.1 as
// 0.10000005). 239580 stays 239580, 1.3331084 reads 1.33311.
std::string value_cell(float v) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  const double a = std::fabs(static_cast<double>(v));
  const int magnitude = a > 0 ? static_cast<int>(std::floor(std::log10(a))) : 0;
  std::string s = fmt::format("{:.{}f}", static_cast<double>(v), std::clamp(5 - magnitude, 0, 20));
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
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

std::vector<std::string> target_column_names(const std::vector<std::string>& names, Eigen::Index cols) {
  if (static_cast<Eigen::Index>(names.size()) == cols) return names;
  std::vector<std::string> out;
  for (Eigen::Index k = 0; k < cols; ++k) out.push_back("target " + std::to_string(k));
  return out;
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
  if (truth) numbered(out, "true", targets, c.targets, first);
  numbered(out, c.predicted_name, targets, c.targets, first);
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
      for (Eigen::Index j = 0; j < targets; ++j) cell(value_cell(truth->Y(i, j)));
    if (classify) {
      cell(stdlib::csv::field(class_name(classes[row], class_names)));
      if (c.probabilities) {
        class_probabilities(outputs.row(i), p);
        for (size_t j = 0; j < class_names.size(); ++j) cell(fmt::format("{:.6g}", j < p.size() ? p[j] : 0.0));
      }
    } else {
      for (Eigen::Index j = 0; j < outputs.cols(); ++j) cell(value_cell(outputs(i, j)));
    }
    out << '\n';
  }
}

}  // namespace xp::rt
