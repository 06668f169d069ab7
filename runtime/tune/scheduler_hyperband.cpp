// Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh & Talwalkar, JMLR 2017) and
// its inner loop, successive halving, as schedulers: they decide which
// configuration each trial evaluates and with how many epochs
// (TrialContext::max_resource). Every evaluation is one trial; a promoted
// configuration is trained again with the larger budget.
//
// With maximum resource R, minimum r and reduction η: s_max = ⌊log_η(R/r)⌋.
// Bracket s (s_max … 0) starts n = ⌈(s_max+1)·η^s/(s+1)⌉ configurations with
// R·η^−s epochs each; rung i keeps the best ⌊n·η^−i⌋ of the rung before and
// gives them R·η^(i−s) epochs. Successive halving (`sha`) is the most
// aggressive bracket alone. The schedule repeats until the trial budget.
//
// Determinism: rung-0 trials come from the wrapped sampler; a trial of rung
// i > 0 waits for every trial numbered below its rung's first trial (so the
// rung before is finished) and takes the configuration of the k-th best of
// them; ties go to the lower trial number.
#include <algorithm>
#include <cmath>
#include <mutex>

#include "runtime/tune/sampler.h"

namespace xp::rt {
namespace {

struct Slot {
  int rung = 0;
  int index = 0;        // position within the rung
  int rung_start = 0;   // first trial number of this rung
  int prev_start = 0;   // first trial number of the rung before (rung > 0)
  int prev_size = 0;
  int resource = 0;     // epochs
};

class HyperbandScheduler final : public Sampler {
 public:
  HyperbandScheduler(std::unique_ptr<Sampler> base, const HyperbandSettings& s) : base_(std::move(base)), s_(s) {
    int s_max = 0;
    for (double r = s_.min_resource; r * s_.reduction <= s_.max_resource + 1e-9; r *= s_.reduction) ++s_max;
    for (int b = s_max; b >= (s_.single_bracket ? s_max : 0); --b) brackets_.push_back(b);
    s_max_ = s_max;
  }
  std::string name() const override { return (s_.single_bracket ? "sha+" : "hyperband+") + base_->name(); }
  int barrier(int number) const override {
    const Slot slot = slot_of(number);
    return slot.rung == 0 ? base_->barrier(number) : slot.rung_start;
  }
  Proposal propose(int number, uint64_t trial_seed, const History& visible) override {
    const Slot slot = slot_of(number);
    Proposal p;
    p.max_resource = slot.resource;
    if (slot.rung > 0) {
      std::vector<std::pair<TrialRank, const TrialRecord*>> ranked;
      for (const TrialRecord* t : visible) {
        if (t->number < slot.prev_start || t->number >= slot.prev_start + slot.prev_size) continue;
        TrialRank r;
        if (rank_of(*t, s_.maximize, r)) ranked.emplace_back(r, t);
      }
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      if (slot.index < static_cast<int>(ranked.size())) {
        p.hypers = ranked[static_cast<size_t>(slot.index)].second->hypers;
        return p;
      }
      // Fewer survivors than slots (failures): a fresh configuration instead.
    }
    p.hypers = base_->propose(number, trial_seed, visible).hypers;
    return p;
  }

 private:
  // The slot of trial `number`, extending the schedule as needed.
  Slot slot_of(int number) const {
    std::lock_guard lock(mu_);
    while (static_cast<int>(slots_.size()) <= number) append_iteration();
    return slots_[static_cast<size_t>(number)];
  }
  void append_iteration() const {
    const double eta = s_.reduction;
    for (int b : brackets_) {
      const int n = static_cast<int>(std::ceil((s_max_ + 1) * std::pow(eta, b) / (b + 1)));
      int prev_start = 0, prev_size = 0;
      for (int i = 0; i <= b; ++i) {
        const int count = std::max(1, static_cast<int>(std::floor(n * std::pow(eta, -i) + 1e-9)));
        const int resource = std::max(s_.min_resource,
                                      static_cast<int>(std::lround(s_.max_resource * std::pow(eta, i - b))));
        const int start = static_cast<int>(slots_.size());
        for (int k = 0; k < count; ++k) slots_.push_back(Slot{i, k, start, prev_start, prev_size, resource});
        prev_start = start;
        prev_size = count;
      }
    }
  }
  std::unique_ptr<Sampler> base_;
  HyperbandSettings s_;
  std::vector<int> brackets_;
  int s_max_ = 0;
  mutable std::mutex mu_;
  mutable std::vector<Slot> slots_;
};

}  // namespace

std::unique_ptr<Sampler> make_hyperband_scheduler(std::unique_ptr<Sampler> base, const HyperbandSettings& s) {
  return std::make_unique<HyperbandScheduler>(std::move(base), s);
}

}  // namespace xp::rt
