// The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl,
// "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011). The rules and
// defaults are documented for users in docs/tuning.md; each default was
// measured on bench/tune (see bench/README.md).
//
// After `startup` random trials, the visible trials are ranked (complete ones
// by value, then pruned ones by how far they got) and split: the best
// ⌈gamma·n⌉ (at most 25) are "good", the rest "bad". A density l(x) is fitted
// to the good trials and g(x) to the bad ones; `candidates` points are drawn
// from l and the one maximizing l(x)/g(x) is proposed. Good trials weigh by
// how far they beat the best bad one (parzen.h, improvement_weights), so the
// ratio follows the expected improvement rather than the probability of
// improvement; bad trials weigh by age, and only the newest 1,000 of them
// are kept (kMaxBadTrials: a proposal's cost stops growing with the study).
//
// Densities. Continuous hypers (uniform without a step, loguniform) that are
// always active share one joint estimator when `multivariate` is on (the
// default) and there are at least two of them: one product of truncated
// Gaussians per trial, Scott-rule bandwidths, so interactions between hypers
// are modelled (Falkner et al. 2018, BOHB). Every other hyper — ints, stepped
// ranges, choices, conditional hypers — has its own univariate estimator:
// adaptive Parzen bandwidths for numbers (parzen.h), discrete values scored
// by the mass of their cell, choices by smoothed frequencies. loguniform and
// int(log) hypers are modelled in log space. Conditional hypers are sampled in
// declaration order from the trials where they were active; inactive ones are
// never drawn.
//
// Determinism and parallel trials: trial n's proposal uses the trials below
// b = n − (n mod batch) (sampler.h), so trials b … n−1 of its batch may still
// be running. Their hypers are not secret, though: each is this sampler's
// deterministic proposal from the same visible trials, so trial n recomputes
// them (memoized) and counts them as bad trials — a "constant liar"
// (Ginsbourger et al. 2010) with the worst value. That keeps a batch from
// proposing the same point four times while keeping the proposal a function
// of (n, seed, visible trials), identical for any `parallel`.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <unordered_map>

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
// g(x) is fitted to at most this many bad trials, the newest: one kernel per
// bad trial made every proposal O(n) and 10,000 trials O(n²) (3–6 ms per
// proposal at the end against ~0.8 ms at 1,000). A thousand kernels estimate
// where the bad trials lie as well as ten thousand do, and the dropped ones
// are the oldest, which linear forgetting already weighs least. Below 1,025
// trials nothing changes.
constexpr size_t kMaxBadTrials = 1000;
// The good side: ⌈gamma·n⌉ trials, at most this many.
constexpr size_t kMaxGood = 25;

bool is_categorical(const HyperDomain& d) { return d.kind == HyperDomain::Kind::Choice; }
bool is_log(const HyperDomain& d) { return d.kind == HyperDomain::Kind::LogUniform || (d.kind == HyperDomain::Kind::Int && d.log); }
bool is_discrete_numeric(const HyperDomain& d) {
  return d.kind == HyperDomain::Kind::Int || (d.kind == HyperDomain::Kind::Uniform && d.step > 0);
}
bool is_continuous(const HyperDomain& d) {
  return (d.kind == HyperDomain::Kind::Uniform || d.kind == HyperDomain::Kind::LogUniform) && !is_discrete_numeric(d);
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

// One side of the split: its trials, by trial number, and how each weighs.
struct Group {
  std::vector<const TrialRecord*> trials;
  // The good side's losses (direction-adjusted values) and the loss of the
  // best bad trial, for improvement weights; empty loss = weights by age.
  std::vector<double> loss;
  double threshold = 0;

  // The weights of trials[i] for i in `used` (the trials that carry the hyper
  // being modelled).
  std::vector<double> weights(const std::vector<size_t>& used) const {
    if (loss.empty()) return forgetting_weights(used.size());
    std::vector<double> ys;
    for (size_t i : used) ys.push_back(loss[i]);
    return improvement_weights(ys, threshold);
  }
};

struct Groups {
  Group good, bad;
};

// A fingerprint of the visible trials: proposals memoized for one batch are
// reused only while the batch sees exactly the same trials.
uint64_t fingerprint(int barrier, const History& visible) {
  uint64_t h = splitmix64_at(static_cast<uint64_t>(barrier) + 1);
  for (const TrialRecord* t : visible) {
    uint64_t bits = 0;
    static_assert(sizeof bits == sizeof t->value);
    std::memcpy(&bits, &t->value, sizeof bits);
    h = splitmix64_at(h ^ static_cast<uint64_t>(t->number)) ^ splitmix64_at(bits + static_cast<uint64_t>(t->state));
  }
  return h;
}

// The joint (multivariate) estimator over continuous hypers: one product of
// truncated Gaussians per trial plus a prior component as wide as the box.
struct Joint {
  std::vector<const HyperDomain*> dims;
  std::vector<double> lo, hi, sigma;         // per dimension, internal coordinates
  std::vector<double> centres;               // per component, its dims' coordinates in a row; the prior last
  std::vector<double> weight;                // per component, normalized
  std::vector<double> log_norm;              // per component: log weight − Σ_k log(σ √(2π) · truncated mass)

  // One flat array (not a vector per component): a fit allocates once, and
  // scoring a candidate walks memory in order.
  size_t components() const { return centres.size() / dims.size(); }
  const double* centre(size_t c) const { return centres.data() + c * dims.size(); }
  bool is_prior(size_t c) const { return c + 1 == components(); }
  double scale(size_t c, size_t k) const { return is_prior(c) ? hi[k] - lo[k] : sigma[k]; }
};

// A trial's internal coordinates over the joint dimensions; empty when it
// lacks one of them (or holds a non-number there).
std::vector<double> joint_row(const std::vector<const HyperDomain*>& dims, const TrialRecord& t) {
  std::vector<double> row;
  row.reserve(dims.size());
  for (const HyperDomain* d : dims) {
    auto it = t.hypers.find(d->name);
    if (it == t.hypers.end() || it->second.kind != Value::Kind::Number) return {};
    row.push_back(fwd(*d, it->second.number));
  }
  return row;
}

// Finished trials never change, so their joint coordinates are computed once
// per study instead of once per proposal (looking hypers up by name in every
// trial was most of a proposal's cost at thousands of trials). Trials still
// running (a batch's pending proposals) are not kept. Keyed by number; a
// sampler serves one study.
class JointRows {
 public:
  const std::vector<double>& of(const std::vector<const HyperDomain*>& dims, const TrialRecord& t) {
    if (!t.finished_state()) {
      scratch_ = joint_row(dims, t);
      return scratch_;
    }
    auto [it, fresh] = rows_.try_emplace(t.number);
    if (fresh) it->second = joint_row(dims, t);
    return it->second;
  }

 private:
  std::unordered_map<int, std::vector<double>> rows_;
  std::vector<double> scratch_;
};

Joint fit_joint(const std::vector<const HyperDomain*>& dims, const Group& group, JointRows& rows) {
  Joint j;
  j.dims = dims;
  std::vector<size_t> used;
  for (size_t i = 0; i < group.trials.size(); ++i) {
    const std::vector<double>& row = rows.of(dims, *group.trials[i]);
    if (row.size() != dims.size()) continue;
    j.centres.insert(j.centres.end(), row.begin(), row.end());
    used.push_back(i);
  }
  const std::vector<double> ws = group.weights(used);
  const size_t count = used.size();
  const double n = static_cast<double>(count);
  // Scott's rule: the spread of the observations times n^(−1/(d+4)), clipped
  // like the univariate bandwidths (parzen.h) so a tight group never
  // collapses onto a point.
  const double scott = std::pow(std::max(n, 1.0), -1.0 / (static_cast<double>(dims.size()) + 4.0));
  for (size_t k = 0; k < dims.size(); ++k) {
    const auto [lo, hi] = internal_bounds(*dims[k]);
    j.lo.push_back(lo);
    j.hi.push_back(hi);
    double mean = 0, var = 0;
    for (size_t c = 0; c < count; ++c) mean += j.centre(c)[k] / std::max(n, 1.0);
    for (size_t c = 0; c < count; ++c) var += (j.centre(c)[k] - mean) * (j.centre(c)[k] - mean) / std::max(n, 1.0);
    const double range = hi - lo;
    j.sigma.push_back(std::clamp(std::sqrt(var) * scott, range / std::min(100.0, 1.0 + n), range));
  }
  double total = kPriorWeight;
  for (double w : ws) total += w;
  for (double w : ws) j.weight.push_back(w / total);
  for (size_t k = 0; k < dims.size(); ++k) j.centres.push_back(0.5 * (j.lo[k] + j.hi[k]));  // the prior
  j.weight.push_back(kPriorWeight / total);
  // The normalizers do not depend on the point scored: computed once here,
  // scoring a candidate costs one squared distance per component. Every
  // trial's component shares a dimension's bandwidth: its log once per fit.
  std::vector<double> log_sigma;
  for (double sd : j.sigma) log_sigma.push_back(std::log(sd));
  for (size_t c = 0; c < j.components(); ++c) {
    double t = std::log(j.weight[c]);
    for (size_t k = 0; k < dims.size(); ++k) {
      const double mu = j.centre(c)[k], sd = j.scale(c, k);
      const double mass = std::max(normal_cdf((j.hi[k] - mu) / sd) - normal_cdf((j.lo[k] - mu) / sd), 1e-300);
      t -= (j.is_prior(c) ? std::log(sd) : log_sigma[k]) + 0.91893853320467274178 + std::log(mass);
    }
    j.log_norm.push_back(t);
  }
  return j;
}

double joint_log_density(const Joint& j, const std::vector<double>& x) {
  std::vector<double> terms(j.components());
  for (size_t c = 0; c < j.components(); ++c) {
    double t = j.log_norm[c];
    for (size_t k = 0; k < x.size(); ++k) {
      const double z = (x[k] - j.centre(c)[k]) / j.scale(c, k);
      t -= 0.5 * z * z;
    }
    terms[c] = t;
  }
  return log_sum_exp(terms);
}

std::vector<double> joint_sample(const Joint& j, std::mt19937_64& rng) {
  std::discrete_distribution<size_t> pick(j.weight.begin(), j.weight.end());
  const size_t c = pick(rng);
  std::vector<double> x;
  for (size_t k = 0; k < j.dims.size(); ++k) x.push_back(sample_truncated_normal(j.centre(c)[k], j.scale(c, k), j.lo[k], j.hi[k], rng));
  return x;
}

class TpeSampler final : public Sampler {
 public:
  TpeSampler(const ir::SearchSpace& space, const SamplerSettings& s) : space_(space), s_(s) {
    for (const HyperDomain& d : space_.hypers)
      if (d.when.empty() && is_continuous(d)) joint_dims_.push_back(&d);
    if (!s_.multivariate || joint_dims_.size() < 2) joint_dims_.clear();
  }
  TpeSampler(const TpeSampler&) = delete;  // joint_dims_ points into space_
  TpeSampler& operator=(const TpeSampler&) = delete;
  std::string name() const override { return "tpe"; }
  int barrier(int number) const override { return number < s_.startup ? 0 : batch_barrier(number, s_.batch); }

  Proposal propose(int number, uint64_t trial_seed, const History& visible) override {
    const int b = barrier(number);
    const uint64_t key = fingerprint(b, visible);
    if (key != memo_key_) {
      memo_.clear();
      memo_key_ = key;
    }
    // The batch's earlier trials, as this sampler proposed (or will propose) them.
    std::vector<TrialRecord> pending;
    pending.reserve(static_cast<size_t>(std::max(0, number - b)));
    if (number >= s_.startup) {
      for (int j = b; j < number; ++j) {
        TrialRecord r;
        r.number = j;
        auto it = memo_.find(j);
        r.hypers = it != memo_.end() ? it->second : propose_with(j, xp::rt::trial_seed(s_.study_seed, j), visible, pending);
        memo_[j] = r.hypers;
        pending.push_back(std::move(r));
      }
    }
    Proposal p;
    p.hypers = propose_with(number, trial_seed, visible, pending);
    memo_[number] = p.hypers;
    return p;
  }

 private:
  // The proposal of trial `number` from the visible trials, with `pending`
  // (running trials of the same batch) counted as bad ones. A pure function.
  ir::Assignment propose_with(int number, uint64_t trial_seed, const History& visible,
                              const std::vector<TrialRecord>& pending) const {
    Groups g;
    if (number < s_.startup || !split(visible, g))
      return assemble(space_, [&](size_t i) { return unit_from_bits(derive_seed(trial_seed, i)); });
    for (const TrialRecord& r : pending) g.bad.trials.push_back(&r);
    // Oldest first (trial-number order, then the pending ones): keep the newest.
    if (g.bad.trials.size() > kMaxBadTrials)
      g.bad.trials.erase(g.bad.trials.begin(),
                         g.bad.trials.end() - static_cast<std::ptrdiff_t>(kMaxBadTrials));
    std::mt19937_64 rng(trial_seed);
    const ir::Assignment joint = sample_joint(g, rng);
    ir::Assignment out;
    for (const HyperDomain& d : space_.hypers) {
      if (!d.is_active(out)) continue;
      if (d.kind == HyperDomain::Kind::Fixed) out[d.name] = d.fixed;
      else if (auto it = joint.find(d.name); it != joint.end()) out[d.name] = it->second;
      else out[d.name] = sample_one(d, g, rng);
    }
    return out;
  }

  // Ranks the visible trials and splits them; false if fewer than two rank.
  // The good side weighs its trials by improvement when it and the best bad
  // trial all completed (pruned trials have no comparable value): then by age.
  // Two passes and no copy of the history: the best kMaxGood + 1 by a bounded
  // heap, then the bad ones from the newest back until kMaxBadTrials; each
  // side in trial-number order (`visible` is), as the densities expect.
  bool split(const History& visible, Groups& g) const {
    using Ranked = std::pair<TrialRank, size_t>;  // rank, index into visible
    auto before = [](const Ranked& a, const Ranked& b) { return a.first < b.first; };
    std::vector<Ranked> best;  // a max-heap of the best kMaxGood + 1 so far
    best.reserve(kMaxGood + 2);
    size_t ranking = 0;
    for (size_t i = 0; i < visible.size(); ++i) {
      TrialRank r;
      if (!rank_of(*visible[i], s_.maximize, r)) continue;
      ++ranking;
      best.emplace_back(r, i);
      std::push_heap(best.begin(), best.end(), before);
      if (best.size() > kMaxGood + 1) {
        std::pop_heap(best.begin(), best.end(), before);
        best.pop_back();
      }
    }
    if (ranking < 2) return false;
    std::sort_heap(best.begin(), best.end(), before);  // best first; ranks are a total order (ties break by number)
    const size_t n_good =
        std::clamp<size_t>(static_cast<size_t>(std::ceil(s_.gamma * static_cast<double>(ranking))), 1, kMaxGood);
    const bool by_improvement =
        n_good < best.size() && best[n_good - 1].first.group == 0 && best[n_good].first.group == 0;
    if (by_improvement) g.good.threshold = best[n_good].first.key;
    std::vector<Ranked> good(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(n_good));
    std::sort(good.begin(), good.end(), [](const Ranked& a, const Ranked& b) { return a.second < b.second; });
    for (const auto& [rank, i] : good) {
      g.good.trials.push_back(visible[i]);
      if (by_improvement) g.good.loss.push_back(rank.key);
    }
    const TrialRank cutoff = best[n_good - 1].first;  // the worst good trial
    for (size_t i = visible.size(); i-- > 0 && g.bad.trials.size() < kMaxBadTrials;)
      if (TrialRank r; rank_of(*visible[i], s_.maximize, r) && cutoff < r) g.bad.trials.push_back(visible[i]);
    std::reverse(g.bad.trials.begin(), g.bad.trials.end());
    return true;
  }

  Value sample_one(const HyperDomain& d, const Groups& g, std::mt19937_64& rng) const {
    if (is_categorical(d)) {
      auto fit = [&](const Group& group) {
        std::vector<size_t> xs, used;
        for (size_t i = 0; i < group.trials.size(); ++i)
          if (auto it = group.trials[i]->hypers.find(d.name); it != group.trials[i]->hypers.end()) {
            const size_t k = choice_index(d, it->second);
            if (k >= d.choices.size()) continue;
            xs.push_back(k);
            used.push_back(i);
          }
        return fit_categorical_parzen(xs, group.weights(used), d.choices.size(), kPriorWeight);
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
    // Captured by copy: clang 14 (CI's sanitizer build) cannot capture a structured binding.
    auto fit = [&, lo = lo, hi = hi](const Group& group) {
      std::vector<double> xs;
      std::vector<size_t> used;
      for (size_t i = 0; i < group.trials.size(); ++i)
        if (auto it = group.trials[i]->hypers.find(d.name); it != group.trials[i]->hypers.end() && it->second.kind == Value::Kind::Number) {
          xs.push_back(fwd(d, it->second.number));
          used.push_back(i);
        }
      return fit_numeric_parzen(xs, group.weights(used), lo, hi, kPriorWeight);
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

  // Candidates drawn jointly from l over the continuous hypers; the best
  // l/g ratio wins. Empty when the space has no joint part.
  ir::Assignment sample_joint(const Groups& g, std::mt19937_64& rng) const {
    if (joint_dims_.empty()) return {};
    const Joint l = fit_joint(joint_dims_, g.good, joint_rows_), bad = fit_joint(joint_dims_, g.bad, joint_rows_);
    ir::Assignment best;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int c = 0; c < s_.candidates; ++c) {
      const std::vector<double> x = joint_sample(l, rng);
      const double score = joint_log_density(l, x) - joint_log_density(bad, x);
      if (score <= best_score) continue;
      best_score = score;
      for (size_t k = 0; k < joint_dims_.size(); ++k) best[joint_dims_[k]->name] = numeric_value(*joint_dims_[k], x[k]);
    }
    return best;
  }

  ir::SearchSpace space_;
  SamplerSettings s_;
  std::vector<const HyperDomain*> joint_dims_;  // into space_; empty = univariate only
  mutable JointRows joint_rows_;                // the runner calls propose under its lock: one at a time
  // Proposals of the current batch by trial number, valid for memo_key_.
  std::map<int, ir::Assignment> memo_;
  uint64_t memo_key_ = 0;
};

}  // namespace

std::unique_ptr<Sampler> make_tpe_sampler(const ir::SearchSpace& space, const SamplerSettings& settings) {
  return std::make_unique<TpeSampler>(space, settings);
}

}  // namespace xp::rt
