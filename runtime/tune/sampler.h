#pragma once
// Samplers propose the hypers of a trial. One small interface for all of them
// (random, sobol, grid, tpe). Hyperband and successive halving are pruners
// (pruner.h), not schedulers: they combine with any sampler.
//
// Determinism contract: `propose(n, …)` may depend only on n, the study seed,
// the trial's seed and the finished trials numbered below `barrier(n)` — the
// runner waits until those are finished and passes exactly them. So the
// proposal for trial n is the same whatever the number of threads and
// whatever order trials finish in.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/core/trial.h"

namespace xp::rt {

struct Proposal {
  ir::Assignment hypers;
};

class Sampler {
 public:
  virtual ~Sampler() = default;
  virtual std::string name() const = 0;
  // Trials numbered below barrier(n) must be finished before trial n is
  // proposed; 0 = the proposal needs no history.
  virtual int barrier(int number) const { (void)number; return 0; }
  // How many distinct trials the sampler can give (a grid's size); nullopt = unbounded.
  virtual std::optional<int> capacity() const { return std::nullopt; }
  // `visible`: the finished trials numbered below barrier(number), ascending.
  virtual Proposal propose(int number, uint64_t trial_seed, const History& visible) = 0;
};

// The settings every sampler may read, from the tune block and its options.
struct SamplerSettings {
  std::string method = "tpe";   // grid | random | sobol | tpe
  bool maximize = false;
  uint64_t study_seed = 0;
  int batch = 4;                // TPE / pruner batch B (see study.h)
  int startup = 10;             // TPE: random trials before the model is used
  int candidates = 24;          // TPE: n_ei_candidates
  bool multivariate = true;     // TPE: one joint density over the unconditional continuous hypers
  double gamma = 0.20;          // TPE: fraction of trials in the "good" group (capped at 25 trials)
  int grid_count = 0;           // grid: points per continuous range without a step
};

// The sampler named by settings.method. User mistakes (grid over a
// continuous range without a step or count, …) are reported at `at` and give
// nullptr.
std::unique_ptr<Sampler> make_sampler(const ir::SearchSpace& space, const SamplerSettings& settings,
                                      Diagnostics& diags, Span at);

// Each sampler, for tests.
std::unique_ptr<Sampler> make_random_sampler(const ir::SearchSpace& space);
std::unique_ptr<Sampler> make_sobol_sampler(const ir::SearchSpace& space, uint64_t study_seed);
std::unique_ptr<Sampler> make_tpe_sampler(const ir::SearchSpace& space, const SamplerSettings& settings);
// nullptr with `error` and `help` set when a range cannot be enumerated.
std::unique_ptr<Sampler> make_grid_sampler(const ir::SearchSpace& space, uint64_t study_seed, int count,
                                           std::string& error, std::string& help);


}  // namespace xp::rt
