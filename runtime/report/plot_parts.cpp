#include "runtime/report/plot_parts.h"

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
