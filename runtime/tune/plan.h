#pragma once
// Reads a tune block into what the runner needs: a sampler (possibly wrapped
// the sampler, a pruner (median, ASHA, successive halving, Hyperband), the batch size
// and the per-trial time limit. Every user mistake becomes a diagnostic at
// the block or option that made it.
//
// Tune options: batch (B of the batch rule, default 4), startup (TPE random
// trials, default 10), candidates (TPE n_ei_candidates, 24), multivariate
// (TPE, true), gamma (TPE good fraction, 0.2), count (grid points per
// continuous range without a step), trial_timeout (seconds per trial).
// `method = hyperband | sha | asha` prune random proposals with that rule;
// `prune = median(...) | asha(...) |
// sha(...) | hyperband(...) | none` combines with any sampler.
#include <memory>
#include <optional>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/tune/pruner.h"
#include "runtime/tune/sampler.h"

namespace xp::rt {

struct StudyPlan {
  std::unique_ptr<Sampler> sampler;
  std::unique_ptr<Pruner> pruner;  // nullptr = no pruning
  int batch = 4;
  double trial_timeout_seconds = 0;
  std::string describe;            // "tpe, pruned by median(warmup: 5)"
};

// `default_max_resource`: the epochs a trial would run (folds under cv), used when a rung pruner
// is not given `max:`. nullopt after reporting errors.
std::optional<StudyPlan> plan_study(const ir::SearchSpace& space, const ir::TuneSpec& spec, uint64_t seed,
                                    int default_max_resource, Diagnostics& diags);

}  // namespace xp::rt
