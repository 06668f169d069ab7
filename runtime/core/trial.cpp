#include "runtime/core/trial.h"

namespace xp::rt {

bool rank_of(const TrialRecord& t, bool maximize, TrialRank& out) {
  const double sign = maximize ? -1.0 : 1.0;
  out.number = t.number;
  if (t.state == TrialState::Complete) {
    if (!std::isfinite(t.value)) return false;
    out.group = 0;
    out.key = sign * t.value;
    out.tiebreak = 0;
    return true;
  }
  if (t.state == TrialState::Pruned) {
    out.group = 1;
    out.key = -static_cast<double>(t.last_step());
    const double last = t.intermediate.empty() ? 0.0 : t.intermediate.back().second;
    out.tiebreak = std::isfinite(last) ? sign * last : std::numeric_limits<double>::infinity();
    return true;
  }
  return false;
}

int best_index(const std::vector<TrialRecord>& trials, bool maximize) {
  int best = -1;
  TrialRank best_rank;
  for (size_t i = 0; i < trials.size(); ++i) {
    TrialRank r;
    if (trials[i].state != TrialState::Complete || !rank_of(trials[i], maximize, r)) continue;
    if (best < 0 || r < best_rank) { best = static_cast<int>(i); best_rank = r; }
  }
  return best;
}

}  // namespace xp::rt
