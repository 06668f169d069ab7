#include "runtime/core/objective.h"

namespace xp::rt {

const char* to_string(TrialState s) {
  switch (s) {
    case TrialState::Running: return "running";
    case TrialState::Complete: return "complete";
    case TrialState::Pruned: return "pruned";
    case TrialState::Failed: return "failed";
  }
  return "?";
}

}  // namespace xp::rt
