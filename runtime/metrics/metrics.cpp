#include "runtime/metrics/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "stdlib/builtins.h"

namespace xp::rt {

namespace {

// What the runtime computes for each metric of the registry: direction and
// task come from stdlib/builtins.cpp; only how it is computed is said here.
std::vector<MetricInfo> build_metrics() {
  std::vector<MetricInfo> out;
  for (const auto& b : stdlib::all()) {
    if (b.category != stdlib::Category::Metric) continue;
    MetricInfo m;
    m.name = b.name;
    m.higher_is_better = b.higher_is_better;
    m.classification = stdlib::fits_task(b.task, "classification");
    m.regression = stdlib::fits_task(b.task, "regression");
    m.scalar = b.name != "confusion";   // a matrix, shown in reports
    m.from_trainer = b.name == "loss";  // the training loop evaluates it
    out.push_back(m);
  }
  return out;
}
const std::vector<MetricInfo>& metrics_table() {
  static const std::vector<MetricInfo> table = build_metrics();
  return table;
}

[[noreturn]] void internal(const std::string& what) {
  throw std::logic_error("internal error: " + what + "; this is a bug in exp");
}

void check_rows(const Matrix& outputs, const Part& part) {
  if (static_cast<size_t>(outputs.rows()) != part.rows())
    internal(fmt::format("metric over {} outputs for {} rows", outputs.rows(), part.rows()));
}

// −log p(true class), from logits, clipped as documented.
double neg_log_prob(const Matrix& z, Eigen::Index i, int label) {
  constexpr double kMaxLoss = 34.538776394910684;  // −log(1e-15)
  constexpr double kMinLoss = 1e-15;               // ≈ −log(1 − 1e-15)
  double loss;
  if (z.cols() == 1) {
    double v = z(i, 0), s = label == 1 ? -v : v;  // −log σ(v) = softplus(−v)
    loss = s > 0 ? s + std::log1p(std::exp(-s)) : std::log1p(std::exp(s));
  } else {
    double m = z.row(i).maxCoeff(), sum = 0;
    for (Eigen::Index c = 0; c < z.cols(); ++c) sum += std::exp(static_cast<double>(z(i, c)) - m);
    loss = m + std::log(sum) - z(i, label);
  }
  return std::clamp(loss, kMinLoss, kMaxLoss);
}

// Per-class precision/recall/f1 averaged over classes present in truth or predictions.
double macro(std::string_view name, const std::vector<int>& truth, const std::vector<int>& pred) {
  std::set<int> classes(truth.begin(), truth.end());
  classes.insert(pred.begin(), pred.end());
  double total = 0;
  for (int c : classes) {
    double tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
      tp += truth[i] == c && pred[i] == c;
      fp += truth[i] != c && pred[i] == c;
      fn += truth[i] == c && pred[i] != c;
    }
    double p = tp + fp > 0 ? tp / (tp + fp) : 0, r = tp + fn > 0 ? tp / (tp + fn) : 0;
    total += name == "precision" ? p : name == "recall" ? r : (p + r > 0 ? 2 * p * r / (p + r) : 0);
  }
  return classes.empty() ? 0 : total / static_cast<double>(classes.size());
}

// Binary AUC of `score` for the rows where `positive` holds: Mann–Whitney U
// with average ranks for ties; NaN when either side is empty.
double binary_auc(const std::vector<double>& score, const std::vector<bool>& positive) {
  size_t n = score.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  double positive_ranks = 0, positives = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) ++j;
    double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // average of ranks i+1..j
    for (size_t k = i; k < j; ++k)
      if (positive[order[k]]) {
        positive_ranks += rank;
        ++positives;
      }
    i = j;
  }
  double negatives = static_cast<double>(n) - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  return (positive_ranks - positives * (positives + 1) / 2) / (positives * negatives);
}

// Binary: AUC of the class-1 score. More classes: one-vs-rest macro AUC
// (scikit-learn's roc_auc_score(multi_class="ovr", average="macro")): the
// AUC of each class's softmax probability against the rest, averaged over
// the classes that have both positives and negatives in the part.
double auc(const Matrix& z, const std::vector<int>& truth) {
  size_t n = truth.size();
  std::vector<double> score(n);
  if (z.cols() <= 2) {
    std::vector<bool> positive(n);
    for (size_t i = 0; i < n; ++i) {
      auto r = static_cast<Eigen::Index>(i);
      score[i] = z.cols() == 1 ? z(r, 0) : static_cast<double>(z(r, 1)) - z(r, 0);
      positive[i] = truth[i] == 1;
    }
    return binary_auc(score, positive);
  }
  double total = 0;
  int counted = 0;
  for (Eigen::Index c = 0; c < z.cols(); ++c) {
    std::vector<bool> positive(n);
    for (size_t i = 0; i < n; ++i) {
      auto r = static_cast<Eigen::Index>(i);
      double m = z.row(r).maxCoeff(), sum = 0;
      for (Eigen::Index k = 0; k < z.cols(); ++k) sum += std::exp(static_cast<double>(z(r, k)) - m);
      score[i] = std::exp(static_cast<double>(z(r, c)) - m) / sum;
      positive[i] = truth[i] == static_cast<int>(c);
    }
    double a = binary_auc(score, positive);
    if (std::isnan(a)) continue;
    total += a;
    ++counted;
  }
  return counted == 0 ? std::numeric_limits<double>::quiet_NaN() : total / counted;
}

// One target column's figure: r2 = 1 − SS_res / SS_tot (a constant target
// scores 1 when predicted exactly, else 0; one row has no variance to
// explain: NaN, as scikit-learn's r2_score), mse, rmse, mae.
double column_metric(std::string_view name, const Matrix& out, const Matrix& y, Eigen::Index t) {
  const double n = static_cast<double>(y.rows());
  double mean = 0, res = 0, abs = 0, tot = 0;
  for (Eigen::Index i = 0; i < y.rows(); ++i) mean += y(i, t);
  mean /= n;
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    double e = static_cast<double>(out(i, t)) - y(i, t);
    res += e * e;
    abs += std::abs(e);
    tot += (y(i, t) - mean) * (y(i, t) - mean);
  }
  if (name == "r2" && y.rows() < 2) return std::numeric_limits<double>::quiet_NaN();
  if (name == "r2") return tot > 0 ? 1 - res / tot : (res == 0 ? 1 : 0);
  if (name == "mae") return abs / n;
  return name == "rmse" ? std::sqrt(res / n) : res / n;
}

// Several targets: the average of the per-target figures (scikit-learn's
// multioutput="uniform_average"; for rmse the mean of each target's rmse).
double regression_metric(std::string_view name, const Matrix& out, const Part& part) {
  const Matrix& y = part.Y;
  if (out.cols() != y.cols()) internal(fmt::format("{} predictions per row for {} targets", out.cols(), y.cols()));
  double total = 0;
  for (Eigen::Index t = 0; t < y.cols(); ++t) total += column_metric(name, out, y, t);
  return total / static_cast<double>(y.cols());
}

}  // namespace

std::span<const MetricInfo> metric_infos() { return metrics_table(); }

double target_metric(std::string_view name, const Matrix& outputs, const Part& part, Eigen::Index target) {
  check_rows(outputs, part);
  const MetricInfo* m = find_metric(name);
  if (!m || !m->scalar || m->from_trainer || !m->regression) internal(fmt::format("target_metric() asked for `{}`", name));
  if (target < 0 || target >= part.Y.cols() || target >= outputs.cols()) internal("target_metric() past the targets");
  return column_metric(name, outputs, part.Y, target);
}

const MetricInfo* find_metric(std::string_view name) {
  for (const auto& m : metrics_table())
    if (m.name == name) return &m;
  return nullptr;
}

bool higher_is_better(std::string_view name) {
  const MetricInfo* m = find_metric(name);
  return m && m->higher_is_better;
}

std::optional<std::string> metric_problem(std::string_view name, Task task, int classes) {
  const MetricInfo* m = find_metric(name);
  if (!m) return fmt::format("unknown metric `{}`", name);
  if (task == Task::Classification && !m->classification)
    return fmt::format("`{}` is a regression metric, but this is a classification task", name);
  if (task == Task::Regression && !m->regression)
    return fmt::format("`{}` is a classification metric, but this is a regression task", name);
  if (name == "auc" && classes < 2)
    return fmt::format("`auc` needs at least two classes, but this task has {}", classes);
  return std::nullopt;
}

std::vector<int> predicted_classes(const Matrix& outputs) {
  std::vector<int> pred(static_cast<size_t>(outputs.rows()));
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    if (outputs.cols() == 1) {
      pred[static_cast<size_t>(i)] = outputs(i, 0) > 0 ? 1 : 0;
      continue;
    }
    Eigen::Index best = 0;
    for (Eigen::Index c = 1; c < outputs.cols(); ++c)
      if (outputs(i, c) > outputs(i, best)) best = c;
    pred[static_cast<size_t>(i)] = static_cast<int>(best);
  }
  return pred;
}

std::vector<std::vector<int64_t>> confusion(const Matrix& outputs, const Part& part, int classes) {
  check_rows(outputs, part);
  std::vector<std::vector<int64_t>> counts(static_cast<size_t>(classes), std::vector<int64_t>(static_cast<size_t>(classes)));
  std::vector<int> pred = predicted_classes(outputs);
  for (size_t i = 0; i < pred.size(); ++i) {
    int t = part.labels[i], p = pred[i];
    if (t < 0 || t >= classes || p < 0 || p >= classes) internal("class index outside the confusion matrix");
    ++counts[static_cast<size_t>(t)][static_cast<size_t>(p)];
  }
  return counts;
}

double metric(std::string_view name, const Matrix& outputs, const Part& part, Task task) {
  check_rows(outputs, part);
  const MetricInfo* m = find_metric(name);
  if (!m || !m->scalar || m->from_trainer) internal(fmt::format("metric() asked for `{}`", name));
  if (task == Task::Regression) {
    if (!m->regression) internal(fmt::format("classification metric `{}` on a regression task", name));
    return regression_metric(name, outputs, part);
  }
  if (!m->classification) internal(fmt::format("regression metric `{}` on a classification task", name));
  if (part.labels.size() != part.rows()) internal("classification part without labels");
  if (part.rows() == 0) return std::numeric_limits<double>::quiet_NaN();
  if (name == "log_loss") {
    double sum = 0;
    for (size_t i = 0; i < part.rows(); ++i) sum += neg_log_prob(outputs, static_cast<Eigen::Index>(i), part.labels[i]);
    return sum / static_cast<double>(part.rows());
  }
  if (name == "auc") return auc(outputs, part.labels);
  std::vector<int> pred = predicted_classes(outputs);
  if (name == "accuracy") {
    size_t right = 0;
    for (size_t i = 0; i < pred.size(); ++i) right += pred[i] == part.labels[i];
    return static_cast<double>(right) / static_cast<double>(pred.size());
  }
  return macro(name, part.labels, pred);
}

}  // namespace xp::rt
