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
// Which trials of a long study a plot or table shows: all of them up to
// `limit`; past it the `best` best (by trial_value, in the study's
// direction) and an even spread of the others, one position in `every`,
// `limit` in all at most. A 10,000-trial study drew 10,000 circles and
// 10,000 lines and a 100,000-cell table, and its report took ~6 s to
// render; report.json and trials.csv keep every trial.
struct TrialSelection {
  std::vector<bool> shown;  // per position in report.json's "trials"
  size_t count = 0, of = 0, best = 0, every = 1;
  bool all() const { return count == of; }
};
inline constexpr size_t kPlottedTrials = 2000;  // per plot
inline constexpr size_t kBestTrials = 200;      // always among them; the table's length past kPlottedTrials
TrialSelection select_trials(const nlohmann::json& report, size_t limit = kPlottedTrials, size_t best = kBestTrials);
// What a selection left out, for a caption: "" when it shows every trial.
std::string selection_note(const TrialSelection& s);
// "\nlr = 0.01\nact = relu" for a tooltip.
std::string hypers_tooltip(const nlohmann::json& hypers);
// Coloured boxes with labels in a row from (x, y).
void legend(Svg& svg, double x, double y, const std::vector<std::pair<std::string, std::string>>& items);

}  // namespace xp::rt::report::plot
