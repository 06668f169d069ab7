// The median stopping rule (Golovin et al. 2017, "Google Vizier"): stop a
// trial whose best value so far is worse than the median of what the earlier
// trials had reported at the same step.
#include <algorithm>
#include <cmath>

#include "runtime/tune/pruner.h"

namespace xp::rt {
namespace {

std::string show(double x) { return ir::Value::num(x).str(); }

class MedianPruner final : public Pruner {
 public:
  explicit MedianPruner(const MedianSettings& s) : s_(s) {}
  std::string name() const override { return "median"; }
  int barrier(int number) const override { return batch_barrier(number, s_.batch); }

  bool should_prune(const TrialRecord& trial, const History& visible, std::string& why) const override {
    if (trial.intermediate.empty()) return false;
    const int step = trial.intermediate.back().first;
    if (step < s_.warmup || (step - s_.warmup) % std::max(1, s_.interval) != 0) return false;
    int finished = 0;
    std::vector<double> others;
    for (const TrialRecord* t : visible) {
      if (t->state == TrialState::Complete || t->state == TrialState::Pruned) ++finished;
      if (const double* v = t->value_at(step); v && std::isfinite(*v)) others.push_back(loss(*v));
    }
    if (finished < s_.startup || others.empty()) return false;
    std::sort(others.begin(), others.end());
    const size_t m = others.size();
    const double median = m % 2 ? others[m / 2] : 0.5 * (others[m / 2 - 1] + others[m / 2]);
    double best = std::numeric_limits<double>::infinity();
    for (const auto& [st, v] : trial.intermediate)
      if (std::isfinite(v)) best = std::min(best, loss(v));
    if (best <= median) return false;
    why = "pruned at step " + std::to_string(step) + " by the median rule: its best value " +
          (std::isfinite(best) ? show(loss(best)) : std::string("(none finite)")) + " is worse than the median " +
          show(loss(median)) + " of " + std::to_string(m) + " earlier trials at that step";
    return true;
  }

 private:
  double loss(double v) const { return s_.maximize ? -v : v; }  // its own inverse
  MedianSettings s_;
};

}  // namespace

std::unique_ptr<Pruner> make_median_pruner(const MedianSettings& s) { return std::make_unique<MedianPruner>(s); }

}  // namespace xp::rt
