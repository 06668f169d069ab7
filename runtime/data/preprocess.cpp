#include "runtime/data/preprocess.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "stdlib/iso_date.h"

namespace xp::rt {

Scaling fit_scaling(std::string_view kind, const Part& train, const std::vector<bool>& only) {
  Scaling s;
  s.kind = std::string(kind);
  s.only = only;
  if (kind == "none") return s;
  if (kind != "standardize" && kind != "minmax")
    throw std::logic_error("internal error: unknown scaling `" + s.kind + "`; this is a bug in exp");
  const auto cols = train.X.cols();
  const auto rows = train.X.rows();
  s.shift.assign(static_cast<size_t>(cols), 0.0f);
  s.scale.assign(static_cast<size_t>(cols), 1.0f);
  if (!only.empty() && static_cast<Eigen::Index>(only.size()) != cols)
    throw std::logic_error("internal error: scaling mask width differs from the data's; this is a bug in exp");
  // Sums row by row (X is row-major: a pass down one column would read every
  // row's cache line once per column), each column's still added from row 0
  // on, so the statistics are the same to the bit.
  const auto n = static_cast<size_t>(cols);
  std::vector<double> shift(n, 0.0), spread(n, 0.0);
  if (rows > 0 && kind == "standardize") {
    std::vector<double> sum(n, 0.0), ss(n, 0.0);
    for (Eigen::Index i = 0; i < rows; ++i) {
      const float* x = train.X.row(i).data();
      for (size_t j = 0; j < n; ++j) sum[j] += x[j];
    }
    for (size_t j = 0; j < n; ++j) shift[j] = sum[j] / static_cast<double>(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
      const float* x = train.X.row(i).data();
      for (size_t j = 0; j < n; ++j) ss[j] += (x[j] - shift[j]) * (x[j] - shift[j]);
    }
    for (size_t j = 0; j < n; ++j) spread[j] = std::sqrt(ss[j] / static_cast<double>(rows));
  } else if (rows > 0) {
    for (Eigen::Index j = 0; j < cols; ++j) {
      auto col = train.X.col(j);
      shift[static_cast<size_t>(j)] = col.minCoeff();
      spread[static_cast<size_t>(j)] = static_cast<double>(col.maxCoeff()) - shift[static_cast<size_t>(j)];
    }
  }
  for (size_t j = 0; j < n; ++j) {
    if (!only.empty() && !only[j]) continue;  // not a named column: identity
    s.shift[j] = static_cast<float>(shift[j]);
    s.scale[j] = spread[j] > 1e-12 ? static_cast<float>(spread[j]) : 1.0f;
  }
  return s;
}

void apply_scaling(const Scaling& s, Part& p) {
  if (s.kind == "none" || s.shift.empty()) return;
  if (static_cast<Eigen::Index>(s.shift.size()) != p.X.cols())
    throw std::logic_error("internal error: scaling width differs from the data's; this is a bug in exp");
  for (Eigen::Index i = 0; i < p.X.rows(); ++i)
    for (Eigen::Index j = 0; j < p.X.cols(); ++j)
      p.X(i, j) = (p.X(i, j) - s.shift[static_cast<size_t>(j)]) / s.scale[static_cast<size_t>(j)];
}

Scaling fit_target_scaling(std::string_view kind, const Part& train) {
  if (kind == "none" || !train.labels.empty()) return Scaling{};
  Part y;  // the targets as columns of X: the same fit, column by column
  y.X = train.Y;
  return fit_scaling(kind, y);
}

void apply_target_scaling(const Scaling& s, Part& p) {
  if (s.kind == "none" || s.shift.empty()) return;
  if (static_cast<Eigen::Index>(s.shift.size()) != p.Y.cols())
    throw std::logic_error("internal error: target scaling width differs from the data's; this is a bug in exp");
  for (Eigen::Index i = 0; i < p.Y.rows(); ++i)
    for (Eigen::Index j = 0; j < p.Y.cols(); ++j)
      p.Y(i, j) = (p.Y(i, j) - s.shift[static_cast<size_t>(j)]) / s.scale[static_cast<size_t>(j)];
  p.target = s;
}

void to_target_units(const Scaling& s, Matrix& outputs) {
  if (s.kind == "none" || s.shift.empty()) return;
  if (static_cast<Eigen::Index>(s.shift.size()) != outputs.cols())
    throw std::logic_error("internal error: target scaling width differs from the outputs'; this is a bug in exp");
  for (Eigen::Index i = 0; i < outputs.rows(); ++i)
    for (Eigen::Index j = 0; j < outputs.cols(); ++j)
      outputs(i, j) = outputs(i, j) * s.scale[static_cast<size_t>(j)] + s.shift[static_cast<size_t>(j)];
}

namespace {
// Where "days since 1970" is among a date column's features (iso_date.h).
constexpr Eigen::Index kDaysColumn = static_cast<Eigen::Index>(stdlib::csv::kDaysPart);

double median_of(std::vector<double>& v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(mid), v.end());
  double hi = v[mid];
  if (v.size() % 2) return hi;
  double lo = *std::max_element(v.begin(), v.begin() + static_cast<long>(mid));
  return (lo + hi) / 2;
}
}  // namespace

void fit_and_fill_missing(Schema& schema, Part& train, const std::vector<Part*>& others) {
  if (schema.impute != Impute::Mean && schema.impute != Impute::Median) return;
  Eigen::Index at = 0;
  for (auto& col : schema.features) {
    if (!col.categorical) {
      // A date is filled as a whole day: the statistic of its days since 1970,
      // from which fill_missing derives the other parts.
      const Eigen::Index from = col.date ? at + kDaysColumn : at;
      std::vector<double> seen;
      for (Eigen::Index i = 0; i < train.X.rows(); ++i)
        if (!std::isnan(train.X(i, from))) seen.push_back(train.X(i, from));
      double fill = 0;
      if (schema.impute == Impute::Median) {
        fill = median_of(seen);
      } else if (!seen.empty()) {
        double sum = 0;
        for (double v : seen) sum += v;
        fill = sum / static_cast<double>(seen.size());
      }
      col.fill = col.date ? std::round(fill) : fill;
    }
    at += col.width();
  }
  fill_missing(schema, train);
  for (Part* p : others) fill_missing(schema, *p);
}

void fill_missing(const Schema& schema, Part& p) {
  Eigen::Index at = 0;
  for (const auto& col : schema.features) {
    if (col.date && !std::isnan(col.fill)) {
      const auto parts = stdlib::csv::date_parts(static_cast<int64_t>(col.fill));
      for (Eigen::Index i = 0; i < p.X.rows(); ++i)
        if (std::isnan(p.X(i, at + kDaysColumn)))
          for (size_t k = 0; k < parts.size(); ++k) p.X(i, at + static_cast<Eigen::Index>(k)) = static_cast<float>(parts[k]);
    } else if (!col.categorical && !std::isnan(col.fill)) {
      for (Eigen::Index i = 0; i < p.X.rows(); ++i)
        if (std::isnan(p.X(i, at))) p.X(i, at) = static_cast<float>(col.fill);
    }
    at += col.width();
  }
}

}  // namespace xp::rt
