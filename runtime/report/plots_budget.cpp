// A multi-fidelity study's trials by budget: each trial's reported values
// (`intermediate`, one per epoch — per fold under cv) against the budget it
// had spent, so a pruned trial's line ends where it was stopped and the
// complete ones run to the full budget. Drawn when the study pruned.
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

bool multi_fidelity(const json& trials) {
  for (const auto& t : trials)
    if (t.value("state", "") == "pruned" || get(t, "max_resource").is_number()) return true;
  return false;
}

}  // namespace

std::string plot_budgets(const json& r) {
  const json& trials = get(r, "trials");
  if (!trials.is_array() || !multi_fidelity(trials)) return "";
  Bounds xs, ys;
  for (const auto& t : trials) {
    const json& inter = get(t, "intermediate");
    if (!inter.is_array()) continue;
    for (size_t i = 0; i < inter.size(); ++i)
      if (inter[i].is_number()) xs.add(static_cast<double>(i + 1)), ys.add(inter[i].get<double>());
  }
  if (ys.empty()) return "";
  xs.add(0);
  pad_interval(xs.lo, xs.hi, false);
  pad_interval(ys.lo, ys.hi, false);
  const int W = 640, H = 320, R = 20, T = 30, B = 50;
  const double span = ys.hi - ys.lo;
  Scale y{ys.lo - span * 0.05, ys.hi + span * 0.05, H - B, T};
  const double L = y_axis_margin(y);
  Scale x{xs.lo, xs.hi, L, W - R};
  const json& metric = get(get(r, "study"), "metric");
  const bool cv = metric.is_string() && metric.get<std::string>().rfind("cv.", 0) == 0;
  Svg svg(W, H, "Each trial's reported value by the budget it had spent");
  svg.attr("data-plot", "budgets");
  svg.x_axis(x, H - B, cv ? "budget (folds)" : "budget (epochs)");
  svg.y_axis(y, L, metric_name(r));
  // Pruned first, so the complete trials' lines are drawn over them; a long
  // study's lines are a selection (select_trials), named in the caption.
  const TrialSelection shown = select_trials(r);
  for (const char* state : {"pruned", "complete"}) {
    const bool pruned = std::string_view(state) == "pruned";
    for (size_t i = 0; i < trials.size(); ++i) {
      const json& t = trials[i];
      if (!shown.shown[i] || t.value("state", "") != state) continue;
      const json& inter = get(t, "intermediate");
      std::vector<std::pair<double, double>> pts;
      for (size_t i = 0; inter.is_array() && i < inter.size(); ++i)
        if (inter[i].is_number()) pts.emplace_back(x(static_cast<double>(i + 1)), y(inter[i].get<double>()));
      if (pts.empty()) continue;
      const double budget = get(t, "budget").is_number() ? t["budget"].get<double>() : static_cast<double>(pts.size());
      const std::string tip = fmt::format("trial {} ({}) budget {}", format_value(get(t, "number")), state,
                                          format_number(budget));
      svg.raw(fmt::format("<g data-trial=\"{}\" data-state=\"{}\" data-budget=\"{}\">", format_value(get(t, "number")),
                          state, format_number(budget)));
      svg.polyline(pts, fmt::format("fill:none;stroke:{};stroke-width:1.5;stroke-opacity:{}", pruned ? kGrey : kBlue,
                                    pruned ? 0.8 : 0.6));
      // The end of the line: where the trial stopped (its budget).
      svg.circle(pts.back().first, pts.back().second, 3,
                 pruned ? fmt::format("fill:#fff;stroke:{};stroke-width:1.5", kGrey) : fmt::format("fill:{}", kBlue), tip);
      svg.raw("</g>");
    }
  }
  legend(svg, L + 10, 18, {{kBlue, "complete"}, {kGrey, "pruned (stopped at its budget)"}});
  return svg.str();
}

}  // namespace xp::rt::report
