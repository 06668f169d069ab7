// A regression model's fit on the test part, from report.json's `test_fit`
// (a sample of (actual, predicted) pairs per target): predicted against
// actual with the diagonal a perfect model lies on, and the residuals
// (actual − predicted) against the prediction, where a pattern means the
// model misses something systematic.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/report/format.h"
#include "runtime/report/plot_parts.h"
#include "runtime/report/plots.h"
#include "runtime/report/svg.h"

namespace xp::rt::report {
namespace {

using nlohmann::json;
using namespace plot;

struct FitPairs {
  std::string target;
  std::vector<double> actual, predicted;
};

std::vector<FitPairs> fit_pairs(const json& r) {
  std::vector<FitPairs> out;
  for (const auto& t : get(get(r, "test_fit"), "targets")) {
    FitPairs p;
    p.target = get(t, "name").is_string() ? t["name"].get<std::string>() : "target";
    const json& a = get(t, "actual");
    const json& q = get(t, "predicted");
    if (!a.is_array() || !q.is_array()) continue;
    for (size_t i = 0; i < a.size() && i < q.size(); ++i)
      if (a[i].is_number() && q[i].is_number() && std::isfinite(a[i].get<double>()) && std::isfinite(q[i].get<double>())) {
        p.actual.push_back(a[i].get<double>());
        p.predicted.push_back(q[i].get<double>());
      }
    if (!p.actual.empty()) out.push_back(std::move(p));
  }
  return out;
}

constexpr int kFitW = 420, kFitH = 340, kFitR = 20, kFitT = 24, kFitB = 50;

std::string predicted_vs_actual(const FitPairs& p) {
  Bounds b;  // one range for both axes, so the diagonal is at 45°
  for (double v : p.actual) b.add(v);
  for (double v : p.predicted) b.add(v);
  pad_interval(b.lo, b.hi, false);
  const double pad = (b.hi - b.lo) * 0.04;
  Scale y{b.lo - pad, b.hi + pad, kFitH - kFitB, kFitT};
  const double L = y_axis_margin(y);
  Scale x{b.lo - pad, b.hi + pad, L, kFitW - kFitR};
  Svg svg(kFitW, kFitH, "Predicted against actual " + p.target + " on the test part");
  svg.attr("data-plot", "predicted-vs-actual");
  svg.x_axis(x, kFitH - kFitB, "actual " + p.target);
  svg.y_axis(y, L, "predicted " + p.target);
  svg.line(x(b.lo - pad), y(b.lo - pad), x(b.hi + pad), y(b.hi + pad), "stroke:#888;stroke-dasharray:4 3");
  for (size_t i = 0; i < p.actual.size(); ++i)
    svg.circle(x(p.actual[i]), y(p.predicted[i]), 3, fmt::format("fill:{};fill-opacity:0.6", kBlue),
               fmt::format("actual {}, predicted {}", format_measure(p.actual[i]), format_measure(p.predicted[i])));
  return svg.str();
}

std::string residuals(const FitPairs& p) {
  Bounds xs, ys;
  for (size_t i = 0; i < p.actual.size(); ++i) {
    xs.add(p.predicted[i]);
    ys.add(p.actual[i] - p.predicted[i]);
  }
  ys.add(0);
  pad_interval(xs.lo, xs.hi, false);
  pad_interval(ys.lo, ys.hi, false);
  const double xpad = (xs.hi - xs.lo) * 0.04, ypad = (ys.hi - ys.lo) * 0.06;
  Scale y{ys.lo - ypad, ys.hi + ypad, kFitH - kFitB, kFitT};
  const double L = y_axis_margin(y);
  Scale x{xs.lo - xpad, xs.hi + xpad, L, kFitW - kFitR};
  Svg svg(kFitW, kFitH, "Residuals (actual − predicted " + p.target + ") against the prediction");
  svg.attr("data-plot", "residuals");
  svg.x_axis(x, kFitH - kFitB, "predicted " + p.target);
  svg.y_axis(y, L, "residual");
  svg.line(L, y(0), kFitW - kFitR, y(0), "stroke:#888;stroke-dasharray:4 3");
  for (size_t i = 0; i < p.actual.size(); ++i) {
    double res = p.actual[i] - p.predicted[i];
    svg.circle(x(p.predicted[i]), y(res), 3, fmt::format("fill:{};fill-opacity:0.6", kOrange),
               fmt::format("predicted {}, residual {}", format_measure(p.predicted[i]), format_measure(res)));
  }
  return svg.str();
}

}  // namespace

std::string plot_fit(const json& r) {
  std::string out;
  for (const auto& p : fit_pairs(r)) out += predicted_vs_actual(p) + residuals(p);
  return out;
}

}  // namespace xp::rt::report
