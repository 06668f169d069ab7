#include "runtime/report/plot_parts.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/report/format.h"

namespace xp::rt::report::plot {

using nlohmann::json;

bool maximize(const json& r) { return get(get(r, "study"), "direction") == "maximize"; }

std::string metric_name(const json& r) {
  const json& m = get(get(r, "study"), "metric");
  return m.is_string() ? m.get<std::string>() : "objective";
}

std::optional<double> trial_value(const json& t) {
  const std::string state = t.value("state", "");
  if (state == "complete" && get(t, "value").is_number()) return t["value"].get<double>();
  if (state != "pruned") return std::nullopt;
  if (get(t, "value").is_number()) return t["value"].get<double>();  // older reports recorded it
  const json& inter = get(t, "intermediate");
  if (inter.is_array() && !inter.empty() && inter.back().is_number()) return inter.back().get<double>();
  return std::nullopt;
}

TrialSelection select_trials(const json& r, size_t limit, size_t best) {
  const json& trials = get(r, "trials");
  TrialSelection s;
  s.of = trials.is_array() ? trials.size() : 0;
  s.shown.assign(s.of, s.of <= limit);
  if (s.of <= limit) {
    s.count = s.of;
    return s;
  }
  std::vector<std::pair<double, size_t>> valued;  // loss (lower is better), position
  const bool up = maximize(r);
  for (size_t i = 0; i < s.of; ++i)
    if (auto v = trial_value(trials[i]); v && std::isfinite(*v)) valued.emplace_back(up ? -*v : *v, i);
  s.best = std::min(best, valued.size());
  std::partial_sort(valued.begin(), valued.begin() + static_cast<std::ptrdiff_t>(s.best), valued.end());
  for (size_t k = 0; k < s.best; ++k) s.shown[valued[k].second] = true;
  if (limit > best) {
    s.every = (s.of + (limit - best) - 1) / (limit - best);
    for (size_t i = 0; i < s.of; i += s.every) s.shown[i] = true;
  }
  s.count = static_cast<size_t>(std::count(s.shown.begin(), s.shown.end(), true));
  return s;
}

std::string selection_note(const TrialSelection& s) {
  if (s.all()) return "";
  const std::string spread = s.every > 1 && s.count > s.best ? fmt::format(" and one in {} of the others", s.every) : "";
  return fmt::format("{} of {} trials shown: the {} best{}; report.json and trials.csv hold every one.",
                     format_number(static_cast<double>(s.count)), format_number(static_cast<double>(s.of)),
                     format_number(static_cast<double>(s.best)), spread);
}

std::string hypers_tooltip(const json& hypers) {
  std::string out;
  for (const auto& [k, v] : hypers.items()) out += fmt::format("\n{} = {}", k, format_value(v));
  return out;
}

void legend(Svg& svg, double x, double y, const std::vector<std::pair<std::string, std::string>>& items) {
  for (const auto& [color, label] : items) {
    svg.rect(x, y - 9, 12, 10, fmt::format("fill:{}", color));
    svg.text(x + 16, y, label, "start", "fill:#333;font-size:12px");
    x += 16 + text_width(label, 12) + 14;
  }
}

}  // namespace xp::rt::report::plot
