#pragma once
// What the plots of report.html share: colours, data bounds, the legend and
// the study's reading of a report (objective name, direction, a trial's value).
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/report/svg.h"

namespace xp::rt::report::plot {

inline constexpr const char* kBlue = "#1f77b4";
inline constexpr const char* kOrange = "#ff7f0e";
inline constexpr const char* kRed = "#d62728";
inline constexpr const char* kGrey = "#9a9a9a";
inline constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};
// Text drawn over lines keeps a white halo, so a label stays readable where lines cross it.
inline constexpr const char* kHalo = "paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round";

struct Bounds {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

bool maximize(const nlohmann::json& report);
std::string metric_name(const nlohmann::json& report);  // the study's objective, "objective" when unnamed
// The value a trial is drawn at: a complete trial's value, a pruned trial's
// last reported (intermediate) value — where it stood when it was stopped.
std::optional<double> trial_value(const nlohmann::json& trial);
// "\nlr = 0.01\nact = relu" for a tooltip.
std::string hypers_tooltip(const nlohmann::json& hypers);
// Coloured boxes with labels in a row from (x, y).
void legend(Svg& svg, double x, double y, const std::vector<std::pair<std::string, std::string>>& items);

}  // namespace xp::rt::report::plot
