// report.html's parallel coordinates: one vertical axis per searched hyper
// and one for the objective; each complete trial is a line through its
// values, coloured by its objective, the best drawn last and thickest.
// A choice axis names every option of a small choice; a huge one (or one
// report.json lists only in part) shows just the values trials used, in
// order, with at most kLabelledLevels of them labelled (docs/report.md, "Bounds").
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/report/bounds.h"
#include "runtime/report/format.h"
#include "runtime/report/plot_parts.h"
#include "runtime/report/plots.h"
#include "runtime/report/svg.h"

namespace xp::rt::report {
namespace {

using nlohmann::json;
using namespace plot;

constexpr int kParallelTop = 40, kParallelBottom = 30, kParallelHeight = 340;
// A choice of at most this many options is an axis of all of them, as declared.
constexpr size_t kAxisLevels = 20;
// An axis of more levels than kAxisLevels labels this many, evenly spaced.
constexpr size_t kLabelledLevels = 10;

// One vertical scale: numeric (log for log-scaled spaces) or categorical,
// whose levels are spread evenly from the bottom (first) to the top.
struct ParallelAxis {
  std::string name, title;
  std::string kind;                               // linear | log | choice | choice-used
  std::vector<std::string> levels;                // categorical: each level's text, bottom to top
  std::vector<std::string> labels;                // what is drawn beside each level ("" for none)
  std::unordered_map<std::string, size_t> index;  // level text → position
  Scale scale;
  double x = 0;

  bool categorical() const { return kind == "choice" || kind == "choice-used"; }
  double level_y(size_t k) const {
    return scale(levels.size() == 1 ? 0.5 : static_cast<double>(k) / static_cast<double>(levels.size() - 1));
  }
  std::optional<double> at(const json& v) const {
    if (!categorical()) return v.is_number() ? std::optional<double>(scale(v.get<double>())) : std::nullopt;
    auto it = index.find(format_value(v));
    return it == index.end() ? std::nullopt : std::optional<double>(level_y(it->second));
  }
};

bool log_scaled(const json& e) { return e.value("kind", "") == "loguniform" || e.value("log", false); }

// The distinct values the trials gave hyper `name`: numbers ascending, text
// in the order report.json lists the options (unlisted ones after, by name).
std::vector<std::string> used_levels(const std::string& name, const json& listed, const std::vector<const json*>& trials) {
  std::map<double, std::string> numbers;
  std::set<std::pair<size_t, std::string>> texts;  // (listed position or npos, text)
  for (const json* t : trials) {
    const json& v = get(get(*t, "hypers"), name.c_str());
    if (v.is_null()) continue;
    if (v.is_number()) {
      numbers.emplace(v.get<double>(), format_value(v));
      continue;
    }
    auto pos = std::find(listed.begin(), listed.end(), v);
    texts.emplace(pos == listed.end() ? std::string::npos : static_cast<size_t>(pos - listed.begin()), format_value(v));
  }
  std::vector<std::string> out;
  for (const auto& [n, text] : numbers) out.push_back(text);
  for (const auto& [position, text] : texts) out.push_back(text);
  return out;
}

// A choice axis's levels and labels: every option of a choice report.json
// lists whole and small, else the values the trials used.
void set_choice_levels(ParallelAxis& a, const json& e, const std::vector<const json*>& trials) {
  const json& listed = get(e, "choices");
  const size_t options = get(e, "choice_count").is_number() ? e["choice_count"].get<size_t>() : listed.size();
  if (options == listed.size() && options <= kAxisLevels) {
    a.kind = "choice";
    for (const auto& c : listed) a.levels.push_back(format_value(c));
  } else {
    a.kind = "choice-used";
    a.levels = used_levels(a.name, listed, trials);
    a.title += fmt::format(" ({} used of {})", a.levels.size(), options);
  }
  const size_t n = a.levels.size();
  a.labels.assign(n, "");
  for (size_t k = 0; k < n; ++k) a.index.emplace(a.levels[k], k);
  const size_t labelled = std::min(n, n <= kAxisLevels ? n : kLabelledLevels);
  for (size_t i = 0; i < labelled; ++i) {  // evenly spaced ranks, the first and the last among them
    const size_t k = labelled == 1 ? 0 : (i * (n - 1) + (labelled - 1) / 2) / (labelled - 1);
    a.labels[k] = clip_text(a.levels[k], kPlotLabelMax);
  }
  a.scale = Scale{0, 1, kParallelHeight - kParallelBottom, kParallelTop};
}

ParallelAxis make_axis(const json& e, const std::vector<const json*>& trials) {
  ParallelAxis a;
  a.name = e.value("name", "?");
  a.title = clip_text(a.name, kPlotLabelMax) + (log_scaled(e) ? " (log)" : "");
  if (e.value("kind", "") == "choice") {
    set_choice_levels(a, e, trials);
    return a;
  }
  const bool log = log_scaled(e);
  double lo = get(e, "low").is_number() ? e["low"].get<double>() : 0;
  double hi = get(e, "high").is_number() ? e["high"].get<double>() : 1;
  pad_interval(lo, hi, log);
  a.kind = log ? "log" : "linear";
  a.scale = Scale{lo, hi, kParallelHeight - kParallelBottom, kParallelTop, log};
  return a;
}

// Axes far enough apart that neither their titles nor their labels meet;
// returns the x of the objective's axis and sets each hyper axis's x.
double place_axes(std::vector<ParallelAxis>& axes) {
  double gap = 120, first = 40;
  for (const auto& a : axes) {
    const double title = text_width(a.title, 12) * 1.1;  // bold
    gap = std::max(gap, title + 16);
    first = std::max(first, title / 2 + 6);
    for (const auto& label : a.labels) gap = std::max(gap, text_width(label) + 24);
  }
  for (size_t i = 0; i < axes.size(); ++i) axes[i].x = first + gap * static_cast<double>(i);
  return first + gap * static_cast<double>(axes.size());
}

// One polyline per trial, worst first so the best is drawn on top.
void draw_trial_lines(Svg& svg, const std::vector<ParallelAxis>& axes, std::vector<const json*> done, const Bounds& objective,
                      const Scale& obj, double obj_x, bool up) {
  std::stable_sort(done.begin(), done.end(), [up](const json* a, const json* b) {
    double x = (*a)["value"].get<double>(), y = (*b)["value"].get<double>();
    return up ? x < y : x > y;
  });
  for (size_t k = 0; k < done.size(); ++k) {
    const json& t = *done[k];
    const double v = t["value"].get<double>();
    double goodness = (v - objective.lo) / (objective.hi - objective.lo);
    if (!up) goodness = 1 - goodness;
    const bool is_best = k + 1 == done.size();
    std::string style = fmt::format("fill:none;stroke:{};stroke-width:{};stroke-opacity:{}", ramp_color(goodness),
                                    is_best ? 3 : 1.5, is_best ? 1.0 : 0.7);
    std::vector<std::pair<double, double>> pts;
    for (const auto& a : axes) {
      const json& hv = get(get(t, "hypers"), a.name.c_str());
      auto y = hv.is_null() ? std::nullopt : a.at(hv);
      if (y) pts.emplace_back(a.x, *y);  // an inactive hyper has no value: the line skips its axis
    }
    pts.emplace_back(obj_x, obj(v));
    if (pts.size() > 1) svg.polyline(pts, style);
  }
}

// The axes and their labels, after the lines: on top, each label with a halo.
void draw_hyper_axes(Svg& svg, const std::vector<ParallelAxis>& axes) {
  const std::string tick_style = std::string("fill:#444;font-size:11px;") + kHalo;
  const std::string name_style = std::string("fill:#222;font-size:12px;font-weight:bold;") + kHalo;
  const double top = kParallelTop, bottom = kParallelHeight - kParallelBottom;
  for (const auto& a : axes) {
    std::string levels = a.categorical() ? fmt::format(" data-levels=\"{}\"", a.levels.size()) : "";
    svg.raw(fmt::format("<g data-axis=\"{}\" data-scale=\"{}\"{}>", xml_escape(a.name), a.kind, levels));
    svg.line(a.x, top, a.x, bottom, "stroke:#555;stroke-width:1");
    svg.text(a.x, top - 14, a.title, "middle", name_style);
    if (a.categorical()) {
      for (size_t k = 0; k < a.levels.size(); ++k)
        if (!a.labels[k].empty()) svg.text(a.x + 5, a.level_y(k) + 4, a.labels[k], "start", tick_style);
    } else {
      for (double t : a.scale.ticks(4)) svg.text(a.x + 5, a.scale(t) + 4, format_tick(t), "start", tick_style);
    }
    svg.raw("</g>");
  }
}

void draw_objective_axis(Svg& svg, const Scale& obj, double obj_x, const std::string& metric) {
  const std::string tick_style = std::string("fill:#444;font-size:11px;") + kHalo;
  const std::string name_style = std::string("fill:#222;font-size:12px;font-weight:bold;") + kHalo;
  svg.line(obj_x, kParallelTop, obj_x, kParallelHeight - kParallelBottom, "stroke:#222;stroke-width:2");
  svg.text(obj_x, kParallelTop - 14, metric, "middle", name_style);
  for (double t : obj.ticks(4)) svg.text(obj_x + 5, obj(t) + 4, format_tick(t), "start", tick_style);
}

}  // namespace

std::string plot_parallel(const json& r) {
  const json& space = get(r, "search_space");
  const json& trials = get(r, "trials");
  if (!space.is_array() || !trials.is_array()) return "";
  // The axes span every complete trial; a long study's lines are a
  // selection (select_trials), named in the caption.
  const TrialSelection shown = select_trials(r);
  std::vector<const json*> done, drawn;
  Bounds objective;
  for (size_t i = 0; i < trials.size(); ++i) {
    const json& t = trials[i];
    if (t.value("state", "") != "complete" || !get(t, "value").is_number()) continue;
    done.push_back(&t);
    if (shown.shown[i]) drawn.push_back(&t);
    objective.add(t["value"].get<double>());
  }
  std::vector<ParallelAxis> axes;
  for (const auto& e : space)
    if (e.value("kind", "") != "fixed") axes.push_back(make_axis(e, done));
  if (axes.empty() || done.empty()) return "";
  pad_interval(objective.lo, objective.hi, false);
  const Scale obj{objective.lo, objective.hi, kParallelHeight - kParallelBottom, kParallelTop};
  const double obj_x = place_axes(axes);
  double obj_ticks = 0;
  for (double t : obj.ticks(4)) obj_ticks = std::max(obj_ticks, text_width(format_tick(t)));
  const std::string metric = metric_name(r);
  const double obj_name = text_width(metric, 12) * 1.1;
  const int width = static_cast<int>(std::ceil(obj_x + std::max(obj_ticks + 5, obj_name / 2) + 12));
  Svg svg(width, kParallelHeight, "Parallel coordinates: each line is a trial, coloured by its objective");
  svg.attr("data-plot", "parallel");
  draw_trial_lines(svg, axes, drawn, objective, obj, obj_x, maximize(r));
  draw_hyper_axes(svg, axes);
  draw_objective_axis(svg, obj, obj_x, metric);
  return svg.str();
}

}  // namespace xp::rt::report
