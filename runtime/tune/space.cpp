#include "runtime/tune/space.h"

#include <algorithm>
#include <cmath>

namespace xp::rt {
namespace {

using ir::HyperDomain;
using ir::Value;

double clamp_unit(double u) {
  if (!(u >= 0)) return 0;
  return std::min(u, std::nextafter(1.0, 0.0));
}

// Snaps x onto low + k·step within [low, high].
double snap(double x, double low, double high, double step) {
  if (step <= 0) return std::clamp(x, low, high);
  const double k_max = std::floor((high - low) / step + 1e-9);
  const double k = std::clamp(std::round((x - low) / step), 0.0, k_max);
  return low + k * step;
}

// Int with log: the range [low − ½, high + ½] on a log scale so that the end
// values get cells as wide as their rounding neighbourhoods.
double int_log_lo(const HyperDomain& d) { return std::log(std::max(d.low - 0.5, 0.5)); }
double int_log_hi(const HyperDomain& d) { return std::log(d.high + 0.5); }

}  // namespace

Value from_unit(const HyperDomain& d, double u) {
  u = clamp_unit(u);
  switch (d.kind) {
    case HyperDomain::Kind::Fixed: return d.fixed;
    case HyperDomain::Kind::Uniform: return Value::num(snap(d.low + u * (d.high - d.low), d.low, d.high, d.step));
    case HyperDomain::Kind::LogUniform: {
      const double x = std::exp(std::log(d.low) + u * (std::log(d.high) - std::log(d.low)));
      return Value::num(std::clamp(x, d.low, d.high));
    }
    case HyperDomain::Kind::Int: {
      const double step = int_step(d);
      if (d.log) {
        const double x = std::exp(int_log_lo(d) + u * (int_log_hi(d) - int_log_lo(d)));
        return Value::num(snap(x, d.low, d.high, step), true);
      }
      const double k = std::floor(u * static_cast<double>(discrete_count(d)));
      return Value::num(snap(d.low + k * step, d.low, d.high, step), true);
    }
    case HyperDomain::Kind::Choice: {
      const size_t k = std::min(static_cast<size_t>(u * static_cast<double>(d.choices.size())), d.choices.size() - 1);
      return d.choices[k];
    }
  }
  return d.fixed;
}

double to_unit(const HyperDomain& d, const Value& v) {
  switch (d.kind) {
    case HyperDomain::Kind::Fixed: return 0.5;
    case HyperDomain::Kind::Uniform:
      return d.high > d.low ? std::clamp((v.number - d.low) / (d.high - d.low), 0.0, 1.0) : 0.5;
    case HyperDomain::Kind::LogUniform: {
      if (v.number <= 0 || d.high <= d.low) return 0.0;
      return std::clamp((std::log(v.number) - std::log(d.low)) / (std::log(d.high) - std::log(d.low)), 0.0, 1.0);
    }
    case HyperDomain::Kind::Int: {
      if (d.log) {
        if (v.number <= 0) return 0.0;
        return std::clamp((std::log(v.number) - int_log_lo(d)) / (int_log_hi(d) - int_log_lo(d)), 0.0, 1.0);
      }
      const double k = std::round((v.number - d.low) / int_step(d));
      return std::clamp((k + 0.5) / static_cast<double>(discrete_count(d)), 0.0, 1.0);
    }
    case HyperDomain::Kind::Choice: {
      for (size_t k = 0; k < d.choices.size(); ++k)
        if (d.choices[k] == v) return (static_cast<double>(k) + 0.5) / static_cast<double>(d.choices.size());
      return 0.0;
    }
  }
  return 0.5;
}

bool domain_contains(const HyperDomain& d, const Value& v) {
  const bool number = v.kind == Value::Kind::Number;
  switch (d.kind) {
    case HyperDomain::Kind::Fixed: return d.fixed == v;
    case HyperDomain::Kind::Uniform:
    case HyperDomain::Kind::LogUniform: return number && v.number >= d.low && v.number <= d.high;
    case HyperDomain::Kind::Int: {
      if (!number || v.number < d.low || v.number > d.high) return false;
      const double k = (v.number - d.low) / int_step(d);
      return std::abs(k - std::round(k)) < 1e-9;
    }
    case HyperDomain::Kind::Choice: return std::find(d.choices.begin(), d.choices.end(), v) != d.choices.end();
  }
  return false;
}

ir::Assignment assemble(const ir::SearchSpace& space, const std::function<double(size_t)>& unit) {
  ir::Assignment a;
  for (size_t i = 0; i < space.hypers.size(); ++i) {
    const HyperDomain& d = space.hypers[i];
    if (!d.is_active(a)) continue;
    a[d.name] = d.kind == HyperDomain::Kind::Fixed ? d.fixed : from_unit(d, unit(i));
  }
  return a;
}

bool assignment_fits(const ir::SearchSpace& space, const ir::Assignment& a, std::string* why) {
  auto fail = [&](std::string text) {
    if (why) *why = std::move(text);
    return false;
  };
  ir::Assignment seen;
  for (const HyperDomain& d : space.hypers) {
    auto it = a.find(d.name);
    const bool active = d.is_active(seen);
    if (!active) {
      if (it != a.end()) return fail("`" + d.name + "` has a value but its condition does not hold");
      continue;
    }
    if (it == a.end()) return fail("`" + d.name + "` has no value");
    if (!domain_contains(d, it->second)) return fail("`" + d.name + "` = " + it->second.str() + " is outside its domain");
    seen[d.name] = it->second;
  }
  for (const auto& [name, v] : a)
    if (!space.find(name)) return fail("`" + name + "` is not a hyper of this search space");
  return true;
}

}  // namespace xp::rt
