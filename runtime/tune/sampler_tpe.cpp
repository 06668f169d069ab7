// The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl,
// "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011).
//
// After `startup` random trials, the visible trials are ranked (complete ones
// by value, then pruned ones by how far they got) and split: the best
// ⌈gamma·n⌉ (at most 25) are "good", the rest "bad". For each hyper, a Parzen
// estimator l(x) is fitted to its good values and g(x) to its bad ones;
// `candidates` points are drawn from l and the one maximizing l(x)/g(x) — the
// expected-improvement criterion of the paper — is proposed.
//
// Scales: loguniform and int(log) hypers are modelled in log space; ints and
// stepped ranges are modelled continuously but scored by the mass of their
// value's cell; choices by smoothed frequencies. Conditional hypers are
// sampled in declaration order and modelled from the trials where they were
// active; inactive ones are never drawn. With `multivariate: true` the
// unconditional hypers share one joint estimator (product kernels, one per
// trial; Scott-rule bandwidths), so interactions between hypers are modelled;
// conditional ones stay univariate.
//
// Determinism: trial n's proposal uses the trials below n − (n mod batch)
// (sampler.h); the first `startup` trials need no history.
#include <algorithm>
#include <cmath>
#include <random>

#include "runtime/tune/parzen.h"
#include "runtime/tune/pruner.h"
#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt {
namespace {

using ir::HyperDomain;
using ir::Value;
constexpr double kPriorWeight = 1.0;

bool is_categorical(const HyperDomain& d) { return d.kind == HyperDomain::Kind::Choice; }
bool is_log(const HyperDomain& d) { return d.kind == HyperDomain::Kind::LogUniform || (d.kind == HyperDomain::Kind::Int && d.log); }
bool is_discrete_numeric(const HyperDomain& d) {
  return d.kind == HyperDomain::Kind::Int || (d.kind == HyperDomain::Kind::Uniform && d.step > 0);
}
double half_cell(const HyperDomain& d) { return 0.5 * (d.kind == HyperDomain::Kind::Int ? int_step(d) : d.step); }
double fwd(const HyperDomain& d, double v) { return is_log(d) ? std::log(std::max(v, 1e-300)) : v; }

// Internal bounds: discrete values own a cell of ±half a step around them.
std::pair<double, double> internal_bounds(const HyperDomain& d) {
  const double pad = is_discrete_numeric(d) ? half_cell(d) : 0.0;
  double lo = d.low - pad, hi = d.high + pad;
  if (is_log(d)) lo = std::max(lo, 0.5 * d.low);
  return {fwd(d, lo), fwd(d, hi)};
}

size_t choice_index(const HyperDomain& d, const Value& v) {
  for (size_t k = 0; k < d.choices.size(); ++k)
    if (d.choices[k] == v) return k;
  return d.choices.size();
}

// A value of a numeric domain from an internal coordinate.
Value numeric_value(const HyperDomain& d, double x) {
  const double v = is_log(d) ? std::exp(x) : x;
  if (d.kind == HyperDomain::Kind::Int) {
    const double step = int_step(d);
    const double k = std::clamp(std::round((v - d.low) / step), 0.0, static_cast<double>(discrete_count(d) - 1));
    return Value::num(d.low + k * step, true);
  }
  if (d.step > 0) {
    const double k = std::clamp(std::round((v - d.low) / d.step), 0.0, std::floor((d.high - d.low) / d.step + 1e-9));
    return Value::num(d.low + k * d.step);
  }
  return Value::num(std::clamp(v, d.low, d.high));
}

// Score of a numeric value under an estimator: cell mass for discrete
// values, density otherwise.
double numeric_score(const HyperDomain& d, const NumericParzen& p, const Value& v) {
  if (!is_discrete_numeric(d)) return p.log_pdf(fwd(d, v.number));
  const double h = half_cell(d);
  return p.log_mass(fwd(d, std::max(v.number - h, is_log(d) ? 0.5 * d.low : v.number - h)), fwd(d, v.number + h));
}

struct Groups {
  std::vector<const TrialRecord*> good, bad;  // each by trial number
};

class TpeSampler final : public Sampler {
 public:
  TpeSampler(const ir::SearchSpace& space, const SamplerSettings& s) : space_(space), s_(s) {}
  std::string name() const override { return "tpe"; }
  int barrier(int number) const override { return number < s_.startup ? 0 : batch_barrier(number, s_.batch); }

  Proposal propose(int number, uint64_t trial_seed, const History& visible) override {
    Proposal p;
    Groups g;
    if (number < s_.startup || !split(visible, g)) {
      p.hypers = assemble(space_, [&](size_t i) { return unit_from_bits(derive_seed(trial_seed, i)); });
      return p;
    }
    std::mt19937_64 rng(trial_seed);
    ir::Assignment joint;
    if (s_.multivariate) joint = sample_joint(g, rng);
    for (const HyperDomain& d : space_.hypers) {
      if (!d.is_active(p.hypers)) continue;
      if (d.kind == HyperDomain::Kind::Fixed) p.hypers[d.name] = d.fixed;
      else if (auto it = joint.find(d.name); it != joint.end()) p.hypers[d.name] = it->second;
      else p.hypers[d.name] = sample_one(d, g, rng);
    }
    return p;
  }

 private:
  // Ranks the visible trials and splits them; false if fewer than two rank.
  bool split(const History& visible, Groups& g) const {
    std::vector<std::pair<TrialRank, const TrialRecord*>> ranked;
    for (const TrialRecord* t : visible) {
      TrialRank r;
      if (rank_of(*t, s_.maximize, r)) ranked.emplace_back(r, t);
    }
    if (ranked.size() < 2) return false;
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const size_t n_good = std::clamp<size_t>(static_cast<size_t>(std::ceil(s_.gamma * static_cast<double>(ranked.size()))), 1, 25);
    for (size_t i = 0; i < ranked.size(); ++i) (i < n_good ? g.good : g.bad).push_back(ranked[i].second);
    auto by_number = [](const TrialRecord* a, const TrialRecord* b) { return a->number < b->number; };
    std::sort(g.good.begin(), g.good.end(), by_number);
    std::sort(g.bad.begin(), g.bad.end(), by_number);
    return true;
  }

  Value sample_one(const HyperDomain& d, const Groups& g, std::mt19937_64& rng) const {
    if (is_categorical(d)) {
      auto fit = [&](const std::vector<const TrialRecord*>& group) {
        std::vector<size_t> xs;
        for (const TrialRecord* t : group)
          if (auto it = t->hypers.find(d.name); it != t->hypers.end()) {
            const size_t k = choice_index(d, it->second);
            if (k < d.choices.size()) xs.push_back(k);
          }
        return fit_categorical_parzen(xs, forgetting_weights(xs.size()), d.choices.size(), kPriorWeight);
      };
      const CategoricalParzen l = fit(g.good), bad = fit(g.bad);
      size_t best = 0;
      double best_score = -std::numeric_limits<double>::infinity();
      for (int c = 0; c < s_.candidates; ++c) {
        const size_t k = l.sample(rng);
        const double score = l.log_p[k] - bad.log_p[k];
        if (score > best_score) { best_score = score; best = k; }
      }
      return d.choices[best];
    }
    const auto [lo, hi] = internal_bounds(d);
    auto fit = [&](const std::vector<const TrialRecord*>& group) {
      std::vector<double> xs;
      for (const TrialRecord* t : group)
        if (auto it = t->hypers.find(d.name); it != t->hypers.end() && it->second.kind == Value::Kind::Number)
          xs.push_back(fwd(d, it->second.number));
      return fit_numeric_parzen(xs, forgetting_weights(xs.size()), lo, hi, kPriorWeight);
    };
    const NumericParzen l = fit(g.good), bad = fit(g.bad);
    Value best;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int c = 0; c < s_.candidates; ++c) {
      const Value v = numeric_value(d, l.sample(rng));
      const double score = numeric_score(d, l, v) - numeric_score(d, bad, v);
      if (score > best_score) { best_score = score; best = v; }
    }
    return best;
  }

  // --- multivariate: one product-kernel mixture over the unconditional hypers ---
  struct Joint {
    std::vector<const HyperDomain*> dims;
    std::vector<double> lo, hi, sigma;             // numeric dims (internal coordinates)
    std::vector<std::vector<double>> centres;      // per component: internal value or choice index
    std::vector<double> log_w;                     // per component (the prior last)
    double alpha = 0.2;                            // categorical kernels: mass spread over all choices
  };

  static double internal(const HyperDomain& d, const Value& v) {
    return is_categorical(d) ? static_cast<double>(choice_index(d, v)) : fwd(d, v.number);
  }

  Joint fit_joint(const std::vector<const HyperDomain*>& dims, const std::vector<const TrialRecord*>& group) const {
    Joint j;
    j.dims = dims;
    std::vector<double> ws;
    std::vector<std::vector<double>> rows;
    for (const TrialRecord* t : group) {
      std::vector<double> row;
      for (const HyperDomain* d : dims) {
        auto it = t->hypers.find(d->name);
        if (it == t->hypers.end()) break;
        row.push_back(internal(*d, it->second));
      }
      if (row.size() == dims.size()) rows.push_back(std::move(row));
    }
    ws = forgetting_weights(rows.size());
    const double n = static_cast<double>(rows.size());
    const double scott = std::pow(std::max(n, 1.0), -1.0 / (static_cast<double>(dims.size()) + 4.0));
    for (size_t k = 0; k < dims.size(); ++k) {
      const auto [lo, hi] = is_categorical(*dims[k]) ? std::pair<double, double>{0, 0} : internal_bounds(*dims[k]);
      j.lo.push_back(lo);
      j.hi.push_back(hi);
      double mean = 0, var = 0;
      for (const auto& r : rows) mean += r[k] / std::max(n, 1.0);
      for (const auto& r : rows) var += (r[k] - mean) * (r[k] - mean) / std::max(n, 1.0);
      const double range = hi - lo;
      j.sigma.push_back(range > 0 ? std::clamp(std::sqrt(var) * scott, range / std::min(100.0, 1.0 + n), range) : 1.0);
    }
    double total = kPriorWeight;
    for (double w : ws) total += w;
    for (size_t i = 0; i < rows.size(); ++i) {
      j.centres.push_back(rows[i]);
      j.log_w.push_back(std::log(ws[i] / total));
    }
    std::vector<double> prior;
    for (size_t k = 0; k < dims.size(); ++k) prior.push_back(0.5 * (j.lo[k] + j.hi[k]));
    j.centres.push_back(prior);
    j.log_w.push_back(std::log(kPriorWeight / total));
    return j;
  }

  // log of component c's kernel at x in dimension k. The prior component is
  // uniform over choices and as wide as the range.
  static double log_kernel(const Joint& j, size_t c, size_t k, double x) {
    const HyperDomain& d = *j.dims[k];
    const bool prior = c + 1 == j.centres.size();
    if (is_categorical(d)) {
      const double kk = static_cast<double>(d.choices.size());
      if (prior) return -std::log(kk);
      return std::log((x == j.centres[c][k] ? 1.0 - j.alpha : 0.0) + j.alpha / kk);
    }
    const double mu = j.centres[c][k];
    const double s = prior ? j.hi[k] - j.lo[k] : j.sigma[k];
    const double z = (x - mu) / s;
    const double mass = std::max(normal_cdf((j.hi[k] - mu) / s) - normal_cdf((j.lo[k] - mu) / s), 1e-300);
    return -0.5 * z * z - 0.91893853320467274178 - std::log(s) - std::log(mass);
  }

  static double log_density(const Joint& j, const std::vector<double>& x) {
    std::vector<double> terms(j.centres.size());
    for (size_t c = 0; c < j.centres.size(); ++c) {
      double t = j.log_w[c];
      for (size_t k = 0; k < x.size(); ++k) t += log_kernel(j, c, k, x[k]);
      terms[c] = t;
    }
    return log_sum_exp(terms);
  }

  static std::vector<double> sample_joint_point(const Joint& j, std::mt19937_64& rng) {
    std::vector<double> w(j.log_w.size());
    for (size_t i = 0; i < w.size(); ++i) w[i] = std::exp(j.log_w[i]);
    std::discrete_distribution<size_t> pick(w.begin(), w.end());
    const size_t c = pick(rng);
    const bool prior = c + 1 == j.centres.size();
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> x;
    for (size_t k = 0; k < j.dims.size(); ++k) {
      const HyperDomain& d = *j.dims[k];
      if (is_categorical(d)) {
        const size_t kk = d.choices.size();
        const bool spread = prior || unit(rng) < j.alpha;
        x.push_back(spread ? static_cast<double>(std::min(kk - 1, static_cast<size_t>(unit(rng) * static_cast<double>(kk))))
                           : j.centres[c][k]);
        continue;
      }
      const double s = prior ? j.hi[k] - j.lo[k] : j.sigma[k];
      std::normal_distribution<double> normal(j.centres[c][k], s);
      double v = j.centres[c][k];
      for (int tries = 0; tries < 100; ++tries) {
        const double t = normal(rng);
        if (t >= j.lo[k] && t <= j.hi[k]) { v = t; break; }
      }
      x.push_back(v);
    }
    return x;
  }

  ir::Assignment sample_joint(const Groups& g, std::mt19937_64& rng) const {
    std::vector<const HyperDomain*> dims;
    for (const auto& d : space_.hypers)
      if (d.when.empty() && d.kind != HyperDomain::Kind::Fixed) dims.push_back(&d);
    if (dims.empty()) return {};
    const Joint l = fit_joint(dims, g.good), bad = fit_joint(dims, g.bad);
    ir::Assignment best;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int c = 0; c < s_.candidates; ++c) {
      std::vector<double> x = sample_joint_point(l, rng);
      ir::Assignment a;
      // Snap discrete coordinates to their values, and score the snapped point.
      for (size_t k = 0; k < dims.size(); ++k) {
        const HyperDomain& d = *dims[k];
        if (is_categorical(d)) {
          a[d.name] = d.choices[static_cast<size_t>(x[k])];
        } else {
          a[d.name] = numeric_value(d, x[k]);
          x[k] = fwd(d, a[d.name].number);
        }
      }
      const double score = log_density(l, x) - log_density(bad, x);
      if (score > best_score) { best_score = score; best = std::move(a); }
    }
    return best;
  }

  ir::SearchSpace space_;
  SamplerSettings s_;
};

}  // namespace

std::unique_ptr<Sampler> make_tpe_sampler(const ir::SearchSpace& space, const SamplerSettings& settings) {
  return std::make_unique<TpeSampler>(space, settings);
}

}  // namespace xp::rt
