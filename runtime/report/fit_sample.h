#pragma once
// A regression model's test predictions as report.json's `test_fit`: per
// target, the actual and predicted values (target units) of at most `cap`
// test rows, evenly spaced over the part so the sample is deterministic and
// covers it. report.html draws predicted-vs-actual and residual plots from it.
//
//   "test_fit": { "rows": 66, "targets": [ { "name": "price", "actual": […], "predicted": […] } ] }
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/data/dataset.h"

namespace xp::rt::report {

inline constexpr size_t kFitSampleCap = 500;

// `actual` and `predicted` are rows × targets; `names` one per target column.
nlohmann::json fit_sample(const Matrix& actual, const Matrix& predicted, const std::vector<std::string>& names,
                          size_t cap = kFitSampleCap);

}  // namespace xp::rt::report
