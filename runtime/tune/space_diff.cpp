#include "runtime/tune/space_diff.h"
#include "base/json_text.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace xp::rt {
namespace {

using ir::HyperDomain;
using ir::Value;
using nlohmann::json;

std::optional<HyperDomain::Kind> parse_kind(const std::string& s) {
  for (auto k : {HyperDomain::Kind::Fixed, HyperDomain::Kind::Uniform, HyperDomain::Kind::LogUniform,
                 HyperDomain::Kind::Int, HyperDomain::Kind::Choice})
    if (s == kind_name(k)) return k;
  return std::nullopt;
}

json value_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Number: return json{{"n", v.number}, {"int", v.is_int}};
    case Value::Kind::Name: return json{{"name", v.text}};
    case Value::Kind::String: return json{{"str", v.text}};
  }
  return json{};
}

Value value_from(const json& j) {
  if (j.contains("name")) return Value::name(j.at("name").get<std::string>());
  if (j.contains("str")) return Value::str(j.at("str").get<std::string>());
  return Value::num(j.at("n").get<double>(), j.value("int", false));
}

std::string conditions_text(const HyperDomain& d) { return d.when.empty() ? "" : " if " + d.when_str(); }

bool same_conditions(const HyperDomain& a, const HyperDomain& b) {
  if (a.when.size() != b.when.size()) return false;
  for (size_t i = 0; i < a.when.size(); ++i)
    if (a.when[i].hyper != b.when[i].hyper || a.when[i].op != b.when[i].op || !(a.when[i].value == b.when[i].value))
      return false;
  return true;
}

// Bounds as users write them: 0 and 64, not 0.0 and 64.0.
std::string num(double x) { return Value::num(x, x == std::floor(x) && std::abs(x) < 1e15).str(); }

// Compares one hyper present in both spaces; appends lines, clears `compatible` when needed.
void diff_domain(const HyperDomain& a, const HyperDomain& b, SpaceDiff& out) {
  auto change = [&](std::string what, bool ok) {
    out.same = false;
    if (!ok) out.compatible = false;
    out.lines.push_back("  " + a.name + ": " + what + (ok ? " (compatible)" : ""));
  };
  if (!same_conditions(a, b))
    change("condition changed:" + (conditions_text(a).empty() ? std::string(" always") : conditions_text(a)) + " → " +
               (conditions_text(b).empty() ? std::string("always") : conditions_text(b).substr(1)),
           false);
  if (a.kind != b.kind || a.log != b.log || a.step != b.step) {
    change(describe_domain(a) + " → " + describe_domain(b), false);
    return;
  }
  switch (a.kind) {
    case HyperDomain::Kind::Fixed:
      if (!(a.fixed == b.fixed)) change("fixed value " + a.fixed.str() + " → " + b.fixed.str(), false);
      break;
    case HyperDomain::Kind::Uniform:
    case HyperDomain::Kind::LogUniform:
    case HyperDomain::Kind::Int: {
      if (a.low == b.low && a.high == b.high) break;
      const bool widened = b.low <= a.low && b.high >= a.high &&
                           (a.kind != HyperDomain::Kind::Int && a.step == 0 ? true : std::fmod(a.low - b.low, a.step > 0 ? a.step : 1) == 0);
      change("range [" + num(a.low) + ", " + num(a.high) + "] → [" + num(b.low) + ", " + num(b.high) + "]" +
                 (widened ? " (widened)" : " (narrowed or shifted: earlier trials may lie outside it)"),
             widened);
      break;
    }
    case HyperDomain::Kind::Choice: {
      if (a.choices == b.choices) break;
      std::vector<std::string> removed, added;
      for (const auto& v : a.choices)
        if (std::find(b.choices.begin(), b.choices.end(), v) == b.choices.end()) removed.push_back(v.str());
      for (const auto& v : b.choices)
        if (std::find(a.choices.begin(), a.choices.end(), v) == a.choices.end()) added.push_back(v.str());
      // Kept values must keep their order (their positions are what samplers model).
      std::vector<Value> kept;
      for (const auto& v : b.choices)
        if (std::find(a.choices.begin(), a.choices.end(), v) != a.choices.end()) kept.push_back(v);
      const bool prefix_kept = kept == a.choices;
      auto join = [](const std::vector<std::string>& xs) {
        std::string s;
        for (const auto& x : xs) s += (s.empty() ? "" : ", ") + x;
        return s;
      };
      std::string what;
      if (!added.empty()) what += "choice added: " + join(added);
      if (!removed.empty()) what += std::string(what.empty() ? "" : "; ") + "choice removed: " + join(removed);
      if (added.empty() && removed.empty()) what = "choices reordered";
      change(what, removed.empty() && prefix_kept);
      break;
    }
  }
}

}  // namespace

const char* kind_name(HyperDomain::Kind k) {
  switch (k) {
    case HyperDomain::Kind::Fixed: return "fixed";
    case HyperDomain::Kind::Uniform: return "uniform";
    case HyperDomain::Kind::LogUniform: return "loguniform";
    case HyperDomain::Kind::Int: return "int";
    case HyperDomain::Kind::Choice: return "choice";
  }
  return "fixed";
}

std::string describe_domain(const HyperDomain& d) { return ir::to_string(d); }

std::string space_to_json(const ir::SearchSpace& space) {
  json hypers = json::array();
  for (const auto& d : space.hypers) {
    json h{{"name", d.name}, {"kind", kind_name(d.kind)}, {"low", d.low}, {"high", d.high},
           {"step", d.step}, {"log", d.log}, {"scope", d.scope}, {"fixed", value_json(d.fixed)}};
    json choices = json::array();
    for (const auto& c : d.choices) choices.push_back(value_json(c));
    h["choices"] = std::move(choices);
    json when = json::array();
    for (const auto& c : d.when) when.push_back(json{{"hyper", c.hyper}, {"op", to_string(c.op)}, {"value", value_json(c.value)}});
    h["when"] = std::move(when);
    hypers.push_back(std::move(h));
  }
  return json_text(json{{"version", 1}, {"hypers", std::move(hypers)}});
}

std::optional<ir::SearchSpace> space_from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    if (j.value("version", 0) != 1) return std::nullopt;
    ir::SearchSpace space;
    for (const auto& h : j.at("hypers")) {
      HyperDomain d;
      d.name = h.at("name").get<std::string>();
      auto kind = parse_kind(h.at("kind").get<std::string>());
      if (!kind) return std::nullopt;
      d.kind = *kind;
      d.low = h.at("low").get<double>();
      d.high = h.at("high").get<double>();
      d.step = h.at("step").get<double>();
      d.log = h.at("log").get<bool>();
      d.scope = h.value("scope", "");
      d.fixed = value_from(h.at("fixed"));
      for (const auto& c : h.at("choices")) d.choices.push_back(value_from(c));
      for (const auto& c : h.at("when")) {
        ir::Condition cond;
        cond.hyper = c.at("hyper").get<std::string>();
        auto op = parse_cmp_op(c.at("op").get<std::string>());
        if (!op) return std::nullopt;  // not a space this version wrote
        cond.op = *op;
        cond.value = value_from(c.at("value"));
        d.when.push_back(std::move(cond));
      }
      space.hypers.push_back(std::move(d));
    }
    return space;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

SpaceDiff diff_spaces(const ir::SearchSpace& before, const ir::SearchSpace& after) {
  SpaceDiff out;
  for (const auto& a : before.hypers) {
    const HyperDomain* b = after.find(a.name);
    if (!b) {
      out.same = out.compatible = false;
      out.lines.push_back("  " + a.name + ": removed (was " + describe_domain(a) + ")");
      continue;
    }
    diff_domain(a, *b, out);
  }
  for (const auto& b : after.hypers) {
    if (before.find(b.name)) continue;
    const bool ok = !b.when.empty();
    out.same = false;
    if (!ok) out.compatible = false;
    out.lines.push_back("  " + b.name + ": added " + describe_domain(b) +
                        (ok ? " (compatible: earlier trials had it inactive)" : " (earlier trials have no value for it)"));
  }
  return out;
}

}  // namespace xp::rt
