#pragma once
// What the tuner remembers about one trial: the record the study store keeps,
// samplers learn from and reports print.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"
#include "runtime/core/objective.h"

namespace xp::rt {

struct TrialRecord {
  int number = -1;
  TrialState state = TrialState::Running;
  ir::Assignment hypers;                 // active hypers only
  double value = std::numeric_limits<double>::quiet_NaN();  // objective as reported (Complete)
  std::string reason;                    // Failed / Pruned: why
  uint64_t seed = 0;
  int attempt = 0;                       // claims (store.h): 1, 2, ... per lease; 0 = unfenced, one process
  int max_resource = 0;                  // budget given to the trial (Hyperband / SHA rungs); 0 = as specified
  std::vector<std::pair<int, double>> intermediate;  // (step, value), in report order
  std::map<std::string, double> metrics;
  double started = 0;                    // unix seconds
  double finished = 0;                   // unix seconds; 0 while running
  double seconds = 0;                    // wall time of the objective

  bool finished_state() const { return state != TrialState::Running; }
  // The last step reported (pruned trials: where they stopped); -1 if none.
  int last_step() const { return intermediate.empty() ? -1 : intermediate.back().first; }
  // The resource the trial used: its last step (epochs trained; folds done
  // under cv), 0 when it reported none. Complete trials of a pruned study
  // all had the full budget available; a pruned trial's budget is its rung.
  int budget() const { return std::max(0, last_step()); }
  // The value reported at `step`, if any.
  const double* value_at(int step) const {
    for (const auto& [s, v] : intermediate)
      if (s == step) return &v;
    return nullptr;
  }
};

// Finished trials visible to a decision, ascending by number.
using History = std::vector<const TrialRecord*>;

// Ranks trials for samplers: smaller is better. Complete trials by their
// (direction-adjusted) value; pruned trials after every complete one, deeper
// ones first; failed trials are never ranked.
struct TrialRank {
  int group = 0;       // 0 complete, 1 pruned
  double key = 0;      // complete: loss; pruned: -last_step, then loss at that step
  double tiebreak = 0;
  int number = 0;
  bool operator<(const TrialRank& o) const {
    if (group != o.group) return group < o.group;
    if (key != o.key) return key < o.key;
    if (tiebreak != o.tiebreak) return tiebreak < o.tiebreak;
    return number < o.number;
  }
};

// `maximize` turns values into losses (−value). Returns false for failed
// trials and for complete trials whose value is not finite.
bool rank_of(const TrialRecord& t, bool maximize, TrialRank& out);

// The best complete trial of `trials` (index into it), or -1.
int best_index(const std::vector<TrialRecord>& trials, bool maximize);

}  // namespace xp::rt
