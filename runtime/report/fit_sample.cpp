#include "runtime/report/fit_sample.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace xp::rt::report {
namespace {

// A float's value at float precision: 239580 rather than 239580.00000000003 in report.json.
double at_float_precision(float v) { return std::stod(fmt::format("{}", v)); }

}  // namespace

nlohmann::json fit_sample(const Matrix& actual, const Matrix& predicted, const std::vector<std::string>& names,
                          size_t cap) {
  const size_t rows = static_cast<size_t>(std::min(actual.rows(), predicted.rows()));
  const size_t cols = static_cast<size_t>(std::min(actual.cols(), predicted.cols()));
  const size_t take = std::min(rows, cap);
  nlohmann::json targets = nlohmann::json::array();
  for (size_t c = 0; c < cols; ++c) {
    nlohmann::json a = nlohmann::json::array(), p = nlohmann::json::array();
    for (size_t k = 0; k < take; ++k) {
      const auto i = static_cast<Eigen::Index>(k * rows / take);  // evenly spaced; every row when rows <= cap
      a.push_back(at_float_precision(actual(i, static_cast<Eigen::Index>(c))));
      p.push_back(at_float_precision(predicted(i, static_cast<Eigen::Index>(c))));
    }
    std::string name = c < names.size() ? names[c] : "target " + std::to_string(c);
    targets.push_back({{"name", name}, {"actual", a}, {"predicted", p}});
  }
  return {{"rows", rows}, {"targets", targets}};
}

}  // namespace xp::rt::report
