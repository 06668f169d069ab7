#include "runtime/report/format.h"
#include "base/json_text.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "stdlib/printable.h"

namespace xp::rt::report {
namespace {

// "1e-05" → "1e-5", "3.2e+04" → "3.2e+4": C's exponent padding reads as noise.
std::string trim_exponent(std::string s) {
  auto e = s.find('e');
  if (e == std::string::npos || e + 2 >= s.size()) return s;
  size_t digits = e + 2;
  while (digits + 1 < s.size() && s[digits] == '0') s.erase(digits, 1);
  return s;
}

}  // namespace

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return trim_exponent(fmt::format("{:.4g}", v));
}

std::string format_tick(double v) {
  if (!std::isfinite(v)) return format_number(v);
  if (v == std::floor(v) && std::fabs(v) < 1e6) return fmt::format("{}", static_cast<long long>(v));
  return trim_exponent(fmt::format("{:.3g}", v));
}

std::string format_measure(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return trim_exponent(fmt::format("{:.4g}", v));
}

std::string format_value(const nlohmann::json& v) {
  if (v.is_number()) return format_number(v.get<double>());
  if (v.is_string()) return stdlib::printable(v.get<std::string>());  // labels and values come from data
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "—";
  if (v.is_array()) {  // element by element, so a list of floats reads [0.8675, 2], not 0.8674999999999999
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + format_value(v[i]);
    return out + "]";
  }
  return json_text(v);
}

std::string format_seconds(double s) {
  if (!(s >= 0) || std::isinf(s)) return "—";
  if (s < 10) return fmt::format("{:.2f} s", s);
  if (s < 60) return fmt::format("{:.1f} s", s);
  long total = std::lround(s);
  if (total < 3600) return fmt::format("{} m {:02} s", total / 60, total % 60);
  return fmt::format("{} h {:02} m", total / 3600, (total % 3600) / 60);
}

std::string list_text(const nlohmann::json& items, size_t all, size_t most) {
  if (!items.is_array()) return "";
  all = std::max(all, items.size());
  const size_t shown = std::min(all > most + 1 ? most : all, items.size());
  std::string out;
  for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + format_value(items[i]);
  if (shown < all) out += fmt::format("{}… {} more: {} in all", shown ? ", " : "", all - shown, all);
  return out;
}

std::string format_space(const nlohmann::json& e) {
  std::string kind = e.value("kind", "");
  if (kind == "fixed") return "= " + format_value(e.value("value", nlohmann::json()));
  if (kind == "choice") {
    // A huge space (a generated million-option choice) is summarised, not
    // written out: the console line and report.html stay readable and small.
    const auto& cs = e.contains("choices") ? e["choices"] : nlohmann::json::array();
    // report.json lists at most the first 100 of a huge choice; choice_count has its size.
    const size_t all = get(e, "choice_count").is_number_integer() ? e["choice_count"].get<size_t>() : cs.size();
    return "choice(" + list_text(cs, all) + ")";
  }
  std::string out = fmt::format("{}({}, {}", kind, format_value(e.value("low", nlohmann::json())),
                                format_value(e.value("high", nlohmann::json())));
  if (e.contains("step") && e["step"].is_number() && e["step"].get<double>() != 0)
    out += ", step: " + format_value(e["step"]);
  if (e.value("log", false) && kind != "loguniform") out += ", log: true";  // loguniform says it already
  return out + ")";
}

std::string objective_text(const nlohmann::json& r) {
  if (!r.is_object()) return "?";
  if (r.contains("objective") && r["objective"].is_string()) return r["objective"].get<std::string>();  // black box
  if (r.contains("study") && r["study"].is_object() && r["study"].contains("metric") && r["study"]["metric"].is_string())
    return r["study"]["metric"].get<std::string>();
  return "?";
}

std::string format_shape(const nlohmann::json& shape) {
  std::string out = "[";
  if (shape.is_array())
    for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + format_value(shape[i]);
  return out + "]";
}

const nlohmann::json& get(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty;
  return j.is_object() && j.contains(key) ? j[key] : empty;
}

}  // namespace xp::rt::report
