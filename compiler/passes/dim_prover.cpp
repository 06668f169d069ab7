#include "compiler/passes/dim_prover.h"

#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "base/saturate.h"

namespace xp {
namespace {

bool integral(double v) { return std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9e15; }

// Walks every combination of candidate values (an odometer); `visit` returns
// true to stop. Returns false when there are too many points to try.
bool for_each_point(const std::vector<std::pair<std::string, std::vector<int64_t>>>& vars, size_t cap,
                    const std::function<bool(const std::map<std::string, int64_t>&)>& visit) {
  size_t total = 1;
  for (const auto& [name, vals] : vars) {
    if (vals.empty()) return true;
    total *= vals.size();
    if (total > cap) return false;
  }
  std::vector<size_t> at(vars.size(), 0);
  std::map<std::string, int64_t> point;
  for (;;) {
    for (size_t i = 0; i < vars.size(); ++i) point[vars[i].first] = vars[i].second[at[i]];
    if (visit(point)) return true;
    size_t i = 0;
    while (i < vars.size() && ++at[i] == vars[i].second.size()) at[i++] = 0;
    if (i == vars.size()) return true;
  }
}

std::string describe(const std::map<std::string, int64_t>& point) {
  std::string s;
  for (const auto& [name, v] : point) s += (s.empty() ? "" : ", ") + fmt::format("{} = {}", name, v);
  return s;
}

}  // namespace

bool DimProver::always_active(const ir::HyperDomain& h) const {
  using K = ir::HyperDomain::Kind;
  for (const auto& c : h.when) {
    const ir::HyperDomain* tested = space_.find(c.hyper);
    if (!tested || !always_active(*tested)) return false;
    std::vector<ir::Value> values;
    switch (tested->kind) {
      case K::Fixed: values = {tested->fixed}; break;
      case K::Choice: values = tested->choices; break;
      default:  // a range: the ordering operators are monotone, so its two ends decide
        if ((c.op == CmpOp::Eq || c.op == CmpOp::Ne) && tested->low != tested->high) return false;
        values = {ir::Value::num(tested->low, tested->kind == K::Int), ir::Value::num(tested->high, tested->kind == K::Int)};
    }
    ir::HyperDomain one;
    one.when = {c};
    for (const auto& v : values)
      if (!one.is_active({{c.hyper, v}})) return false;
  }
  return true;
}

std::vector<int64_t> DimProver::values_of(const ir::HyperDomain& h) const {
  using K = ir::HyperDomain::Kind;
  std::vector<int64_t> out;
  switch (h.kind) {
    case K::Fixed:
      if (h.fixed.kind == ir::Value::Kind::Number && integral(h.fixed.number)) out.push_back(static_cast<int64_t>(h.fixed.number));
      break;
    case K::Choice:
      for (const auto& c : h.choices)
        if (c.kind == ir::Value::Kind::Number && integral(c.number)) out.push_back(static_cast<int64_t>(c.number));
      break;
    case K::Int: {
      // Bounds such as int(1, 1e300) clamp instead of overflowing the cast.
      auto lo = saturating_cast<int64_t>(std::ceil(h.low)), hi = saturating_cast<int64_t>(std::floor(h.high));
      if (h.step > 0 && hi > lo) {
        double steps = std::floor((static_cast<double>(hi) - static_cast<double>(lo)) / h.step);
        hi = saturating_add(lo, saturating_mul(saturating_cast<int64_t>(steps), saturating_cast<int64_t>(h.step)));
      }
      out.push_back(lo);
      if (hi != lo) out.push_back(hi);
      break;
    }
    default: break;
  }
  return out;
}

std::vector<int64_t> DimProver::all_values_of(const ir::HyperDomain& h) const {
  std::vector<int64_t> ends = values_of(h);
  if (h.kind != ir::HyperDomain::Kind::Int || ends.size() != 2) return ends;
  const int64_t step = h.step >= 1 ? static_cast<int64_t>(h.step) : 1;
  if ((ends[1] - ends[0]) / step >= kMaxRangeValues) return ends;
  std::vector<int64_t> out;
  for (int64_t v = ends[0]; v <= ends[1]; v += step) out.push_back(v);
  return out;
}

ir::Dim DimProver::substitute_known(const ir::Dim& d) const {
  return d.substitute([&](const std::string& s) -> std::optional<ir::Dim> {
    auto it = known_.find(s);
    if (it == known_.end()) return std::nullopt;
    return ir::Dim::of(it->second);
  });
}

std::optional<DimProver::Failure> DimProver::equal(const ir::Dim& a, const ir::Dim& b) const {
  ir::Dim diff = substitute_known(a + b.scaled(-1));
  std::map<std::string, int64_t> known_here;  // the known sizes in a and b, for the failure's point
  for (const ir::Dim* side : {&a, &b})
    for (const auto& sym : side->symbols())
      if (auto it = known_.find(sym); it != known_.end()) known_here.insert(*it);
  if (diff.is_const()) {  // no symbol left, in a sum or inside a quotient or product
    if (diff.constant == 0) return std::nullopt;
    Failure f;
    f.lhs = substitute_known(a).constant;
    f.rhs = substitute_known(b).constant;
    f.point = known_here;
    return f;
  }
  std::vector<std::pair<std::string, std::vector<int64_t>>> vars;
  const bool linear = diff.atoms.empty();
  for (const auto& sym : diff.symbols()) {
    if (generic_.count(sym)) return Failure{true, "", 0, 0, {}};
    const ir::HyperDomain* h = space_.find(sym);
    if (!h) return std::nullopt;  // deferred: bound at run time
    vars.emplace_back(sym, linear ? values_of(*h) : all_values_of(*h));
  }
  std::optional<Failure> failure;
  for_each_point(vars, kMaxPoints, [&](const std::map<std::string, int64_t>& point) {
    auto at = [&](const std::string& s) -> std::optional<int64_t> {
      if (auto it = point.find(s); it != point.end()) return it->second;
      if (auto it = known_.find(s); it != known_.end()) return it->second;
      return std::nullopt;
    };
    if (diff.eval(at).value_or(0) == 0) return false;
    Failure f;
    f.when = describe(point);
    f.lhs = a.eval(at).value_or(0);
    f.rhs = b.eval(at).value_or(0);
    f.point = point;
    f.point.insert(known_here.begin(), known_here.end());
    failure = f;
    return true;
  });
  return failure;
}

std::optional<DimProver::Failure> DimProver::positive(const ir::Dim& d) const {
  Check c = check_positive(d);
  if (c.verdict == Verdict::Fails) return c.failure;
  return std::nullopt;
}

DimProver::Check DimProver::check_positive(const ir::Dim& d) const {
  ir::Dim e = substitute_known(d);
  std::vector<std::pair<std::string, std::vector<int64_t>>> vars;
  std::map<std::string, int64_t> floor_values;  // generic / deferred sizes are at least 1
  std::set<std::string> in_atoms;
  for (const auto& a : e.atoms)
    for (const auto& part : a.operands)
      for (const auto& sym : part.symbols()) in_atoms.insert(sym);
  for (const auto& sym : e.symbols()) {
    const ir::HyperDomain* h = generic_.count(sym) ? nullptr : space_.find(sym);
    if (h) {
      vars.emplace_back(sym, e.atoms.empty() ? values_of(*h) : all_values_of(*h));
      continue;
    }
    if (in_atoms.count(sym)) return {Verdict::Unknown, {}};  // not monotone: cannot bound it here
    for (const auto& [name, coef] : e.terms)
      if (name == sym && coef < 0) return {Verdict::Unknown, {}};  // cannot bound it before run time
    floor_values[sym] = 1;
  }
  Check out;
  for_each_point(vars, kMaxPoints, [&](const std::map<std::string, int64_t>& point) {
    auto at = [&](const std::string& s) -> std::optional<int64_t> {
      if (auto it = point.find(s); it != point.end()) return it->second;
      if (auto it = floor_values.find(s); it != floor_values.end()) return it->second;
      return std::nullopt;
    };
    int64_t v = e.eval(at).value_or(1);
    if (v >= 1 && v <= kMaxDimension) return false;
    std::map<std::string, int64_t> full = point;
    for (const auto& [k, x] : known_) full.emplace(k, x);
    // Below 1 with a generic or deferred size at its smallest (1): a larger
    // size may hold, so the fact is about the size, not refuted for all.
    const bool at_floor = v < 1 && !floor_values.empty();
    out = {Verdict::Fails, Failure{at_floor, describe(point), v, 1, full}};
    return true;
  });
  return out;
}

}  // namespace xp
