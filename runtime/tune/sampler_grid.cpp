// Grid search: the cartesian product of every hyper's grid values, expanded
// as a tree so a conditional hyper only multiplies the branches where it is
// active. Choices and integers give all their values; a continuous range
// needs a step (uniform(a, b, step: s)) or the tune option `count: N` (N
// evenly spaced points; geometric for loguniform). Points are visited in an
// order shuffled by the study seed, so a budget smaller than the grid still
// spreads over it; trial n takes point n.
#include <algorithm>
#include <cmath>
#include <random>

#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt {
namespace {

using ir::kMaxGridPoints;

class GridSampler final : public Sampler {
 public:
  GridSampler(std::vector<ir::Assignment> points, uint64_t seed) : points_(std::move(points)) {
    std::mt19937_64 rng(derive_seed(seed, 0x67726964));  // "grid"
    std::shuffle(points_.begin(), points_.end(), rng);
  }
  std::string name() const override { return "grid"; }
  std::optional<int> capacity() const override { return static_cast<int>(points_.size()); }
  Proposal propose(int number, uint64_t, const History&) override {
    Proposal p;
    p.hypers = points_[static_cast<size_t>(number) % points_.size()];
    return p;
  }

 private:
  std::vector<ir::Assignment> points_;
};

// The grid values of one hyper, or an error message (and a help when it is
// not the usual one about continuous ranges).
std::vector<ir::Value> grid_values(const ir::HyperDomain& d, int count, std::string& error, std::string& help) {
  auto too_many = [&](size_t n) {
    error = "the grid lists " + std::to_string(n) + " values of `" + d.name + "`, more than " +
            std::to_string(kMaxGridPoints) + " points in all";
    help = "use a larger step or a smaller `count:`, or method = random / sobol / tpe";
    return std::vector<ir::Value>{};
  };
  using K = ir::HyperDomain::Kind;
  std::vector<ir::Value> out;
  switch (d.kind) {
    case K::Fixed: out.push_back(d.fixed); break;
    case K::Choice: out = d.choices; break;
    case K::Int: {
      const size_t n = discrete_count(d);
      if (count > 0 && n > static_cast<size_t>(count)) {
        // `count` points spread over the range (geometrically with log), deduplicated.
        for (int i = 0; i < count; ++i) {
          const double u = count == 1 ? 0.5 : static_cast<double>(i) / (count - 1);
          const double x = d.log ? std::exp(std::log(d.low) + u * (std::log(d.high) - std::log(d.low))) : d.low + u * (d.high - d.low);
          const double k = std::round((x - d.low) / int_step(d));
          ir::Value v = ir::Value::num(std::min(d.high, d.low + k * int_step(d)), true);
          if (out.empty() || !(out.back() == v)) out.push_back(v);
        }
      } else if (n > kMaxGridPoints) {  // never list a billion values to find out
        return too_many(n);
      } else {
        for (size_t k = 0; k < n; ++k) out.push_back(ir::Value::num(d.low + static_cast<double>(k) * int_step(d), true));
      }
      break;
    }
    case K::Uniform:
      if (d.step > 0) {
        const double listed = *ir::grid_value_count(d, count);  // a stepped range: always listable
        if (listed > static_cast<double>(kMaxGridPoints)) return too_many(static_cast<size_t>(std::min(listed, 1e18)));
        const auto n = static_cast<size_t>(listed);
        for (size_t k = 0; k < n; ++k) out.push_back(ir::Value::num(d.low + static_cast<double>(k) * d.step));
        break;
      }
      [[fallthrough]];
    case K::LogUniform:
      if (count < 2) {
        error = "grid search cannot enumerate the continuous range of `" + d.name + "`";
        return {};
      }
      for (int i = 0; i < count; ++i) {
        const double u = static_cast<double>(i) / (count - 1);
        out.push_back(ir::Value::num(d.kind == K::LogUniform ? std::exp(std::log(d.low) + u * (std::log(d.high) - std::log(d.low)))
                                                             : d.low + u * (d.high - d.low)));
      }
      break;
  }
  return out;
}

// Expands hypers [i, end) under the partial assignment `a`.
void expand(const ir::SearchSpace& space, const std::vector<std::vector<ir::Value>>& values, size_t i,
            ir::Assignment& a, std::vector<ir::Assignment>& out, bool& too_many) {
  if (too_many) return;
  if (i == space.hypers.size()) {
    out.push_back(a);
    too_many = out.size() > kMaxGridPoints;
    return;
  }
  const ir::HyperDomain& d = space.hypers[i];
  if (!d.is_active(a)) {
    expand(space, values, i + 1, a, out, too_many);
    return;
  }
  for (const auto& v : values[i]) {
    a[d.name] = v;
    expand(space, values, i + 1, a, out, too_many);
  }
  a.erase(d.name);
}

}  // namespace

std::unique_ptr<Sampler> make_grid_sampler(const ir::SearchSpace& space, uint64_t study_seed, int count,
                                           std::string& error, std::string& help) {
  std::vector<std::vector<ir::Value>> values;
  for (const auto& d : space.hypers) {
    values.push_back(grid_values(d, count, error, help));
    if (!error.empty() && !help.empty()) return nullptr;
    if (!error.empty()) {
      help = d.kind == ir::HyperDomain::Kind::LogUniform
                 ? "give the tune block `count: N` for N geometrically spaced values"
                 : "write `uniform(a, b, step: s)`, or give the tune block `count: N` for N evenly spaced values";
      return nullptr;
    }
  }
  std::vector<ir::Assignment> points;
  ir::Assignment a;
  bool too_many = false;
  expand(space, values, 0, a, points, too_many);
  if (too_many) {
    error = "the grid has more than " + std::to_string(kMaxGridPoints) + " points";
    help = "use fewer values (a larger step, a smaller `count:`), or method = random / sobol / tpe";
    return nullptr;
  }
  return std::make_unique<GridSampler>(std::move(points), study_seed);
}

}  // namespace xp::rt
