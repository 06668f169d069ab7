// Asynchronous successive halving (Li et al. 2020, "A System for Massively
// Parallel Hyperparameter Tuning") as a pruner, epochs being the resource.
// Rung k sits at resource r·η^k. When a trial first reaches a rung it is
// compared with everything recorded at that rung so far; it continues only if
// it is among the best max(1, ⌊m/η⌋) of those m values — the promotion rule
// of ASHA, applied when the trial gets there instead of by a scheduler
// picking from a queue. "So far" means the visible trials (earlier batches),
// which keeps the decision independent of thread timing.
#include <algorithm>
#include <cmath>

#include "runtime/tune/pruner.h"

namespace xp::rt {
namespace {

class AshaPruner final : public Pruner {
 public:
  explicit AshaPruner(const AshaSettings& s) : s_(s) {}
  std::string name() const override { return "asha"; }
  int barrier(int number) const override { return batch_barrier(number, s_.batch); }
  int max_resource() const override { return s_.max_resource; }

  bool should_prune(const TrialRecord& trial, const History& visible, std::string& why) const override {
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
      why = "pruned at step " + std::to_string(step) + " by ASHA: its value is not finite";
      return true;
    }
    std::vector<double> values{own};
    for (const TrialRecord* t : visible)
      if (auto v = rung_value(*t, static_cast<int>(rung)); v) values.push_back(*v);
    std::sort(values.begin(), values.end());
    const size_t keep = std::max<size_t>(1, values.size() / static_cast<size_t>(s_.reduction));
    if (own <= values[keep - 1]) return false;
    why = "pruned at step " + std::to_string(step) + " by ASHA: not in the best " + std::to_string(keep) + " of " +
          std::to_string(values.size()) + " trials at rung " + std::to_string(rung);
    return true;
  }

 private:
  double loss(double v) const { return s_.maximize ? -v : v; }
  // A trial's value at a rung: the first report at or past it.
  std::optional<double> rung_value(const TrialRecord& t, int rung) const {
    for (const auto& [st, v] : t.intermediate)
      if (st >= rung) return std::isfinite(v) ? loss(v) : std::numeric_limits<double>::infinity();
    return std::nullopt;
  }
  AshaSettings s_;
};

}  // namespace

std::unique_ptr<Pruner> make_asha_pruner(const AshaSettings& s) { return std::make_unique<AshaPruner>(s); }

}  // namespace xp::rt
