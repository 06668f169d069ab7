#pragma once
// The seam between tuning and training: to the tuner a trial is
//   Assignment → (intermediate values per epoch…, final objective).
// Samplers, pruners and the study store know nothing else about models.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace xp::rt {

enum class TrialState { Running, Complete, Pruned, Failed };
const char* to_string(TrialState s);  // "running", "complete", "pruned", "failed"

// Handed to the objective while it runs. `report` passes an intermediate
// value (e.g. the val metric after an epoch, or a fold's score) to the
// pruner; it returns false when the trial should stop (pruned).
class TrialContext {
 public:
  virtual ~TrialContext() = default;
  virtual int number() const = 0;
  virtual uint64_t seed() const = 0;               // derived from (study seed, trial number)
  virtual bool report(int step, double value) = 0; // false → stop now, the trial is pruned
  virtual bool should_stop() const = 0;            // Ctrl-C or timeout: wrap up quickly
  virtual int max_resource() const { return 0; }   // epochs this trial may use (Hyperband/ASHA brackets); 0 = as specified
};

struct TrialOutcome {
  TrialState state = TrialState::Complete;
  double value = 0;                      // the objective (meaningful when Complete)
  std::string reason;                    // Failed / Pruned: why
  std::map<std::string, double> metrics; // other numbers worth keeping (val.loss, cv.std, ...)
  // What the objective built (a trained model), opaque to the tuner. The
  // study keeps it for the best complete trial only, so its caller can use
  // that trial's result instead of computing it again.
  std::shared_ptr<void> keep;
};

using Objective = std::function<TrialOutcome(const ir::Assignment&, TrialContext&)>;

}  // namespace xp::rt
