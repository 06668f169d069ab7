#include "runtime/run/overrides.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "runtime/core/run_errors.h"

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

// The choice of `h` that `v` stands for (16 for 16.0; relu for "relu").
const ir::Value* matching_choice(const ir::HyperDomain& h, const ir::Value& v) {
  const bool number = v.kind == ir::Value::Kind::Number;
  for (const auto& c : h.choices)
    if (c.kind == ir::Value::Kind::Number ? number && c.number == v.number : !number && c.text == v.text) return &c;
  return nullptr;
}

// Whether `v` is a value the script's own declaration of `h` allows; the
// reason it is not, else "". A searched hyper allows what its space can draw
// (a choice, a number in the range, an integer on the step); a fixed one a
// value of the same kind (a number for a number, a whole number for an
// integer, a name for a name).
std::string outside(const ir::HyperDomain& h, const ir::Value& v) {
  using K = ir::HyperDomain::Kind;
  const bool number = v.kind == ir::Value::Kind::Number;
  const bool whole = number && v.number == std::floor(v.number);
  switch (h.kind) {
    case K::Choice:
      if (matching_choice(h, v)) return "";
      return fmt::format("`{}` is not one of the choices of `{}`", v.str(), h.name);
    case K::Uniform:
    case K::LogUniform:
      if (!number) return fmt::format("`{}` searches numbers, and `{}` is not one", h.name, v.str());
      if (v.number < h.low || v.number > h.high)
        return fmt::format("{} is outside the range of `{}`", v.str(), h.name);
      return "";
    case K::Int:
      if (!whole) return fmt::format("`{}` searches whole numbers, and `{}` is not one", h.name, v.str());
      if (v.number < h.low || v.number > h.high)
        return fmt::format("{} is outside the range of `{}`", v.str(), h.name);
      if (h.step > 0 && std::fmod(v.number - h.low, h.step) != 0)
        return fmt::format("{} is not on the step of `{}`", v.str(), h.name);
      return "";
    case K::Fixed:
      if ((h.fixed.kind == ir::Value::Kind::Number) != number)
        return fmt::format("`{}` is {}, and `{}` is not", h.name,
                           number ? fmt::format("a name ({})", h.fixed.str()) : "a number", v.str());
      if (number && h.fixed.is_int && !whole)
        return fmt::format("`{}` is a whole number, and `{}` is not", h.name, v.str());
      return "";
  }
  return "";
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
    if (std::string why = outside(*domain, *value); !why.empty()) {
      diags.report(run_diag::override_outside(name + "=" + text, why, *domain));
      ok = false;
      continue;
    }
    if (domain->kind == ir::HyperDomain::Kind::Choice) value = *matching_choice(*domain, *value);
    if (domain->kind == ir::HyperDomain::Kind::Int) value->is_int = true;
    domain->kind = ir::HyperDomain::Kind::Fixed;
    domain->fixed = *value;
    domain->choices.clear();
  }
  return ok;
}

}  // namespace xp::rt
