#include "runtime/run/overrides.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "runtime/run/run_errors.h"

namespace xp::rt {
namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::optional<ir::Value> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string text(s);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  bool is_int = text.find_first_of(".eE") == std::string::npos;
  return ir::Value::num(v, is_int);
}

}  // namespace

std::optional<ir::Value> parse_literal(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    return ir::Value::str(std::string(text.substr(1, text.size() - 2)));
  if (is_identifier(text)) {
    if (text == "true") return ir::Value::num(1, true);
    if (text == "false") return ir::Value::num(0, true);
    return ir::Value::name(std::string(text));
  }
  return parse_number(text);
}

bool apply_overrides(ir::SearchSpace& space, const std::vector<std::pair<std::string, std::string>>& sets,
                     Diagnostics& diags) {
  bool ok = true;
  for (const auto& [name, text] : sets) {
    ir::HyperDomain* domain = nullptr;
    for (auto& h : space.hypers)
      if (h.name == name) domain = &h;
    if (!domain) {
      std::vector<std::string> names;
      for (const auto& h : space.hypers) names.push_back(h.name);
      diags.report(run_diag::unknown_override(name, names));
      ok = false;
      continue;
    }
    auto value = parse_literal(text);
    if (!value) {
      diags.report(run_diag::bad_override(name + "=" + text, "`" + text + "` is not a number, a name or a \"string\""));
      ok = false;
      continue;
    }
    domain->kind = ir::HyperDomain::Kind::Fixed;
    domain->fixed = *value;
    domain->choices.clear();
  }
  return ok;
}

}  // namespace xp::rt
