// Asynchronous successive halving (Li et al. 2020, "A System for Massively
// Parallel Hyperparameter Tuning") as a pruner, epochs being the resource;
// successive halving and Hyperband (Li et al. 2017) as pruners built on the
// same rung rule. A trial is one configuration trained once, up to the full
// budget unless a rung stops it: its rungs are its intermediate values, a
// complete trial always had the full budget, and the best is chosen among
// complete trials only — results at the same budget.
// Rung k sits at resource r·η^k. When a trial first reaches a rung it is
// compared with everything recorded at that rung so far; it continues only if
// it is among the best max(1, ⌊m/η⌋) of those m values — the promotion rule
// of ASHA, applied when the trial gets there instead of by picking
// promotions from a queue. "So far" means the visible trials (earlier batches),
// which keeps the decision independent of thread timing.
#include <algorithm>
#include <cmath>

#include "runtime/tune/pruner.h"

namespace xp::rt {
namespace {

// ASHA's rule at one rung, shared by `asha`, `sha` and each bracket of
// `hyperband`: `peers` are the visible trials the trial is compared with.
class RungRule {
 public:
  RungRule(const AshaSettings& s, std::string by) : s_(s), by_(std::move(by)) {}

  bool should_prune(const TrialRecord& trial, const History& peers, std::string& why) const {
    if (trial.intermediate.empty()) return false;
    const int step = trial.intermediate.back().first;
    const int prev = trial.intermediate.size() > 1 ? trial.intermediate[trial.intermediate.size() - 2].first : 0;
    // The rung this report crosses, if any: the largest r·η^k in (prev, step].
    long rung = -1;
    for (long r = s_.min_resource; r <= step; r *= s_.reduction)
      if (r > prev) rung = r;
    if (rung < 0 || (s_.max_resource > 0 && rung >= s_.max_resource)) return false;
    const double own = loss(trial.intermediate.back().second);
    if (!std::isfinite(own)) {
      why = "pruned at step " + std::to_string(step) + " by " + by_ + ": its value is not finite";
      return true;
    }
    std::vector<double> values{own};
    for (const TrialRecord* t : peers)
      if (auto v = rung_value(*t, static_cast<int>(rung)); v) values.push_back(*v);
    std::sort(values.begin(), values.end());
    const size_t keep = std::max<size_t>(1, values.size() / static_cast<size_t>(s_.reduction));
    if (own <= values[keep - 1]) return false;
    why = "pruned at step " + std::to_string(step) + " by " + by_ + ": not in the best " + std::to_string(keep) + " of " +
          std::to_string(values.size()) + " trials at rung " + std::to_string(rung);
    return true;
  }
  const AshaSettings& settings() const { return s_; }

 private:
  double loss(double v) const { return s_.maximize ? -v : v; }
  // A trial's value at a rung: the first report at or past it.
  std::optional<double> rung_value(const TrialRecord& t, int rung) const {
    for (const auto& [st, v] : t.intermediate)
      if (st >= rung) return std::isfinite(v) ? loss(v) : std::numeric_limits<double>::infinity();
    return std::nullopt;
  }
  AshaSettings s_;
  std::string by_;
};

class AshaPruner final : public Pruner {
 public:
  AshaPruner(const AshaSettings& s, std::string name, std::string by) : rule_(s, std::move(by)), name_(std::move(name)) {}
  std::string name() const override { return name_; }
  int barrier(int number) const override { return batch_barrier(number, rule_.settings().batch); }
  int max_resource() const override { return rule_.settings().max_resource; }
  bool should_prune(const TrialRecord& trial, const History& visible, std::string& why) const override {
    return rule_.should_prune(trial, visible, why);
  }

 private:
  RungRule rule_;
  std::string name_;
};

// Hyperband as a pruner (the form Optuna's HyperbandPruner takes): brackets
// b = 0 … s_max, bracket b a successive-halving rule whose first rung is
// min·η^b (when max/min is a power of η the last bracket's first rung is max:
// its trials all run the full budget). Trial n belongs to one bracket, a
// function of n alone, and is compared only with the visible trials of its
// bracket. Bracket b gets a share ⌈(s_max+1)·η^(s_max−b)/(s_max−b+1)⌉ / Σ of
// the trials — the numbers of configurations Li et al. start per bracket.
// Trial n goes to the bracket whose slice of [0, 1) holds frac(n·(√5−1)/2),
// a low-discrepancy (golden-ratio) sequence: the brackets interleave, short
// studies visit each, and no table grows with the budget.
class HyperbandPruner final : public Pruner {
 public:
  HyperbandPruner(const HyperbandSettings& h, int batch) : h_(h), batch_(batch) {
    int s_max = 0;
    for (double r = h.min_resource; r * h.reduction <= h.max_resource + 1e-9; r *= h.reduction) ++s_max;
    long first = h.min_resource;
    double total = 0;
    for (int b = 0; b <= s_max; ++b, first *= h.reduction) {
      AshaSettings s;
      s.min_resource = static_cast<int>(std::min<long>(first, h.max_resource));
      s.max_resource = h.max_resource;
      s.reduction = h.reduction;
      s.maximize = h.maximize;
      s.batch = batch;
      rules_.emplace_back(s, "Hyperband (bracket " + std::to_string(b) + ", first rung " + std::to_string(s.min_resource) + ")");
      total += std::ceil((s_max + 1) * std::pow(h.reduction, s_max - b) / (s_max - b + 1));
      upper_.push_back(total);
    }
    for (double& u : upper_) u /= total;
  }
  std::string name() const override { return "hyperband"; }
  int barrier(int number) const override { return batch_barrier(number, batch_); }
  int max_resource() const override { return h_.max_resource; }
  int bracket_of(int number) const {
    const double u = std::fmod(static_cast<double>(number) * 0.6180339887498949, 1.0);
    for (size_t b = 0; b + 1 < upper_.size(); ++b)
      if (u < upper_[b]) return static_cast<int>(b);
    return static_cast<int>(upper_.size() - 1);
  }
  bool should_prune(const TrialRecord& trial, const History& visible, std::string& why) const override {
    const int b = bracket_of(trial.number);
    History peers;
    for (const TrialRecord* t : visible)
      if (bracket_of(t->number) == b) peers.push_back(t);
    return rules_[static_cast<size_t>(b)].should_prune(trial, peers, why);
  }

 private:
  HyperbandSettings h_;
  int batch_;
  std::vector<RungRule> rules_;
  std::vector<double> upper_;  // bracket b's slice of [0, 1) ends at upper_[b]
};

}  // namespace

std::unique_ptr<Pruner> make_asha_pruner(const AshaSettings& s) { return std::make_unique<AshaPruner>(s, "asha", "ASHA"); }

std::unique_ptr<Pruner> make_sha_pruner(const AshaSettings& s) {
  return std::make_unique<AshaPruner>(s, "sha", "successive halving");
}

std::unique_ptr<Pruner> make_hyperband_pruner(const HyperbandSettings& s, int batch) {
  return std::make_unique<HyperbandPruner>(s, batch);
}

}  // namespace xp::rt
