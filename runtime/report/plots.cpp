#include "runtime/report/plots.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "runtime/report/bounds.h"
#include "runtime/report/format.h"
#include "runtime/report/plot_parts.h"
#include "runtime/report/svg.h"

namespace xp::rt::report {
using nlohmann::json;
using namespace plot;

std::string plot_history(const json& r) {
  const json& trials = get(r, "trials");
  if (!trials.is_array() || trials.empty()) return "";
  const int W = 640, H = 320, R = 20, T = 30, B = 50;
  Bounds xs, ys;
  for (const auto& t : trials) {
    xs.add(get(t, "number").is_number() ? t["number"].get<double>() : 0);
    if (auto v = trial_value(t)) ys.add(*v);
  }
  if (ys.empty()) ys.add(0), ys.add(1);
  pad_interval(xs.lo, xs.hi, false);
  pad_interval(ys.lo, ys.hi, false);
  double span = ys.hi - ys.lo;
  Scale y{ys.lo - span * 0.05, ys.hi + span * 0.05, H - B, T};
  const double L = y_axis_margin(y);
  Scale x{xs.lo, xs.hi, L, W - R};
  Svg svg(W, H, "Optimization history: objective per trial and best so far");
  svg.attr("data-plot", "history");
  svg.x_axis(x, H - B, "trial");
  svg.y_axis(y, L, metric_name(r));

  // Every trial counts towards the best-so-far line; a long study's dots are
  // a selection (select_trials), named in the figure's caption.
  const TrialSelection shown = select_trials(r);
  using Entry = std::pair<const json*, bool>;  // a trial, and whether it is drawn
  std::vector<Entry> order;
  for (size_t i = 0; i < trials.size(); ++i) order.emplace_back(&trials[i], shown.shown[i]);
  std::stable_sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    return get(*a.first, "number").get<double>() < get(*b.first, "number").get<double>();
  });
  bool up = maximize(r);
  std::vector<std::pair<double, double>> best_line;
  double best = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [tp, drawn] : order) {
    const json& t = *tp;
    double n = get(t, "number").get<double>();
    std::string state = t.value("state", "");
    auto v = trial_value(t);
    if (state == "complete" && v && (std::isnan(best) || (up ? *v > best : *v < best))) {
      if (!best_line.empty()) best_line.emplace_back(x(n), y(best));
      best = *v;
      best_line.emplace_back(x(n), y(best));
    }
    if (!drawn) continue;
    std::string tip = fmt::format("trial {} ({})", format_number(n), state);
    if (v) tip += fmt::format(": {}", format_measure(*v));
    if (get(t, "budget").is_number()) tip += fmt::format(" after {} of budget", format_number(t["budget"].get<double>()));
    tip += hypers_tooltip(get(t, "hypers"));
    if (state == "complete" && v) {
      svg.circle(x(n), y(*v), 4, fmt::format("fill:{};fill-opacity:0.8", kBlue), tip);
    } else if (state == "pruned" && v) {
      svg.circle(x(n), y(*v), 4, fmt::format("fill:#fff;stroke:{};stroke-width:1.5", kGrey), tip);
    } else if (state == "failed") {
      double cx = x(n), cy = H - B - 8;
      svg.line(cx - 4, cy - 4, cx + 4, cy + 4, fmt::format("stroke:{};stroke-width:2", kRed));
      svg.line(cx - 4, cy + 4, cx + 4, cy - 4, fmt::format("stroke:{};stroke-width:2", kRed));
      svg.rect(cx - 5, cy - 5, 10, 10, "fill:transparent", tip + "\n" + t.value("reason", ""));
    }
  }
  if (!best_line.empty()) {
    best_line.emplace_back(x(xs.hi), best_line.back().second);
    svg.polyline(best_line, fmt::format("fill:none;stroke:{};stroke-width:2", kOrange));
  }
  legend(svg, L + 10, 18, {{kBlue, "complete"}, {kGrey, "pruned"}, {kRed, "failed"}, {kOrange, "best so far"}});
  return svg.str();
}

std::string plot_importance(const json& r) {
  const json& imp = get(r, "importance");
  if (!imp.is_object() || imp.empty()) return "";
  std::vector<std::pair<std::string, double>> items;
  for (const auto& [k, v] : imp.items())
    if (v.is_number()) items.emplace_back(clip_text(k, kPlotLabelMax), v.get<double>());
  std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.second > b.second; });
  const int W = 640, R = 60, row = 26;
  double L = 130;
  for (const auto& item : items) L = std::max(L, text_width(item.first, 12) + 16);
  const int H = 30 + row * static_cast<int>(items.size());
  double top = items.empty() ? 1 : std::max(items.front().second, 1e-12);
  Scale x{0, top, L, W - R};
  Svg svg(W, H, "Hyperparameter importance");
  svg.attr("data-plot", "importance");
  for (size_t i = 0; i < items.size(); ++i) {
    double y = 15 + row * static_cast<double>(i);
    svg.text(L - 8, y + 14, items[i].first, "end", "fill:#222;font-size:12px");
    svg.rect(L, y + 2, x(std::max(items[i].second, 0.0)) - L, row - 8, fmt::format("fill:{}", kBlue),
             fmt::format("{}: {}", items[i].first, format_measure(items[i].second)));
    svg.text(x(std::max(items[i].second, 0.0)) + 6, y + 14, format_measure(items[i].second), "start", "fill:#444;font-size:11px");
  }
  return svg.str();
}

namespace {

// The quantity a history series measures: train_loss and val_loss are both
// "loss", val.r2 is "r2" — series of one quantity share an axis, no others do.
std::string series_quantity(const std::string& key) {
  if (key.find("loss") != std::string::npos) return "loss";
  auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

}  // namespace

std::string plot_learning_curves(const json& r) {
  const json& h = get(r, "history");
  if (!h.is_array() || h.empty()) return "";
  // Series: every numeric key except epoch and the timings, grouped by the
  // quantity they measure: one chart (one y axis) per quantity, losses first.
  std::vector<std::pair<std::string, std::vector<std::string>>> charts = {{"loss", {}}};
  for (const auto& e : h)
    for (const auto& [k, v] : e.items()) {
      if (k == "epoch" || k == "seconds" || k == "epoch_seconds" || k == "epoch_cpu_seconds" || !v.is_number()) continue;
      const std::string q = series_quantity(k);
      auto it = std::find_if(charts.begin(), charts.end(), [&q](const auto& c) { return c.first == q; });
      if (it == charts.end()) it = charts.insert(charts.end(), {q, {}});
      if (std::find(it->second.begin(), it->second.end(), k) == it->second.end()) it->second.push_back(k);
    }
  auto chart = [&h](const std::string& quantity, const std::vector<std::string>& series) {
    if (series.empty()) return std::string();
    const int W = 480, H = 300, R = 20, T = 34, B = 50;
    Bounds xs, ys;
    for (const auto& e : h) {
      xs.add(get(e, "epoch").is_number() ? e["epoch"].get<double>() : 0);
      for (const auto& s : series)
        if (get(e, s.c_str()).is_number()) ys.add(e[s].get<double>());
    }
    if (ys.empty()) return std::string();
    pad_interval(xs.lo, xs.hi, false);
    pad_interval(ys.lo, ys.hi, false);
    double span = ys.hi - ys.lo;
    Scale y{ys.lo - span * 0.05, ys.hi + span * 0.05, H - B, T};
    const double L = y_axis_margin(y);
    Scale x{xs.lo, xs.hi, L, W - R};
    Svg svg(W, H, quantity == "loss" ? "Learning curves: loss per epoch" : quantity + " per epoch");
    svg.attr("data-plot", "learning-curve");
    std::string names;
    for (const auto& s : series) names += (names.empty() ? "" : " ") + s;
    svg.attr("data-series", names);
    svg.x_axis(x, H - B, "epoch");
    svg.y_axis(y, L, quantity);
    std::vector<std::pair<std::string, std::string>> keys;
    for (size_t i = 0; i < series.size(); ++i) {
      const char* color = kPalette[i % std::size(kPalette)];
      std::vector<std::pair<double, double>> pts;
      for (const auto& e : h)
        if (get(e, series[i].c_str()).is_number() && get(e, "epoch").is_number())
          pts.emplace_back(x(e["epoch"].get<double>()), y(e[series[i]].get<double>()));
      svg.polyline(pts, fmt::format("fill:none;stroke:{};stroke-width:2", color));
      keys.emplace_back(color, series[i]);
    }
    legend(svg, L + 10, 20, keys);
    return svg.str();
  };
  std::string out;
  for (const auto& [quantity, series] : charts) out += chart(quantity, series);
  return out;
}

std::string plot_confusion(const json& r) {
  const json& c = get(r, "confusion");
  const json& labels = get(c, "labels");
  const json& m = get(c, "matrix");
  if (!labels.is_array() || !m.is_array() || labels.empty() || m.size() != labels.size()) return "";
  if (labels.size() > kConfusionClassesDrawn) return "";  // n² cells: the page says so instead (html.cpp)
  const size_t n = labels.size();
  const double cell = std::clamp(360.0 / static_cast<double>(n), 18.0, 64.0);
  // Room on the left for the row labels and the "true class" title; above
  // for the column labels, drawn at -35° (sin 35° ≈ 0.57 of their width).
  // Each class drawn by at most kPlotLabelMax characters; the cells' tooltips name it in full.
  std::vector<std::string> names;
  double widest = 0;
  for (const auto& l : labels) {
    names.push_back(clip_text(format_value(l), kPlotLabelMax));
    widest = std::max(widest, text_width(names.back()));
  }
  const double L = std::max(60.0, widest + 14) + 24, T = std::max(40.0, widest * 0.58 + 14);
  const double right = std::max(20.0, widest * 0.82 - cell / 2 + 8);  // the last column's label leans right
  const int W = static_cast<int>(std::ceil(L + cell * static_cast<double>(n) + right));
  const int H = static_cast<int>(T + cell * static_cast<double>(n) + 36);
  Svg svg(W, H, "Confusion matrix on the test split (rows: true, columns: predicted)");
  svg.attr("data-plot", "confusion");
  for (size_t i = 0; i < n; ++i) {
    double total = 0;
    for (const auto& v : m[i]) total += v.is_number() ? v.get<double>() : 0;
    for (size_t j = 0; j < n && j < m[i].size(); ++j) {
      double v = m[i][j].is_number() ? m[i][j].get<double>() : 0;
      double share = total > 0 ? v / total : 0;
      double x = L + cell * static_cast<double>(j), y = T + cell * static_cast<double>(i);
      std::string fill = i == j ? fmt::format("fill:{};fill-opacity:{:.2f}", kBlue, 0.08 + 0.92 * share)
                                : fmt::format("fill:{};fill-opacity:{:.2f}", kRed, share > 0 ? 0.15 + 0.85 * share : 0.0);
      svg.rect(x, y, cell, cell, fill + ";stroke:#ddd",
               fmt::format("true {}, predicted {}: {}", format_value(labels[i]), format_value(labels[j]), format_number(v)));
      if (cell >= 22)
        svg.text(x + cell / 2, y + cell / 2 + 4, format_number(v), "middle",
                 share > 0.6 ? "fill:#fff;font-size:12px" : "fill:#222;font-size:12px");
    }
    svg.text(L - 6, T + cell * (static_cast<double>(i) + 0.5) + 4, names[i], "end", "fill:#222;font-size:11px");
  }
  for (size_t j = 0; j < n; ++j) {
    double x = L + cell * (static_cast<double>(j) + 0.5);
    svg.raw(fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"start\" transform=\"rotate(-35 {:.1f} {:.1f})\" "
                        "style=\"fill:#222;font-size:11px\">{}</text>",
                        x, T - 6, x, T - 6, xml_escape(names[j])));
  }
  const double mid = T + cell * static_cast<double>(n) / 2;
  svg.text(L + cell * static_cast<double>(n) / 2, H - 12, "predicted class", "middle", "fill:#333;font-size:12px");
  svg.raw(fmt::format("<text x=\"14\" y=\"{:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1f})\" "
                      "style=\"fill:#333;font-size:12px\">true class</text>", mid, mid));
  return svg.str();
}

}  // namespace xp::rt::report
