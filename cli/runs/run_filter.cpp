#include "cli/runs/run_filter.h"

#include <cstdlib>

#include "cli/runs/run_summary.h"

namespace xp::cli {
namespace {

std::optional<double> number_in(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::nullopt;
  return v;
}

std::string field_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_null()) return "";
  return v.dump();
}

}  // namespace

std::optional<RunFilter> parse_run_filter(const std::string& text, std::string& error) {
  size_t at = text.find_first_of("=!<>");
  if (at == std::string::npos) {
    error = "expected FIELD=TEXT or FIELD>=NUMBER (also !=, <, <=, >)";
    return std::nullopt;
  }
  RunFilter f;
  f.field = text.substr(0, at);
  size_t len = at + 1 < text.size() && text[at + 1] == '=' ? 2 : 1;
  f.op = text.substr(at, len);
  f.value = text.substr(at + len);
  if (f.op == "!") {
    error = "`!` alone is no comparison: use !=";
    return std::nullopt;
  }
  if (f.field.empty()) {
    error = "no field before `" + f.op + "`";
    return std::nullopt;
  }
  if (f.op != "=" && f.op != "!=" && !number_in(f.value)) {
    error = "`" + f.op + "` compares numbers, got `" + f.value + "`";
    return std::nullopt;
  }
  return f;
}

bool RunFilter::matches(const nlohmann::json& summary) const {
  nlohmann::json v = summary_field(summary, field);
  if (op == "=" || op == "!=") {
    bool same = field_text(v) == value;
    if (!same && v.is_number())  // test.accuracy=0.9667 against 0.9667 stored as a double
      if (auto n = number_in(value)) same = v.get<double>() == *n;
    return (op == "=") == same;
  }
  if (!v.is_number()) return false;
  double x = v.get<double>(), bound = *number_in(value);
  if (op == "<") return x < bound;
  if (op == "<=") return x <= bound;
  if (op == ">") return x > bound;
  return x >= bound;
}

}  // namespace xp::cli
