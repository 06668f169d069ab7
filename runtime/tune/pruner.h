#pragma once
// Pruners stop unpromising trials early from their intermediate values (one
// per epoch, or per fold), with epochs as the resource.
//
// Determinism contract (same as samplers): a decision for trial n may use
// only n's own intermediate values and the finished trials numbered below
// `barrier(n)`; the runner starts trial n only once those are finished. With
// the batch rule barrier(n) = n − (n mod B) a trial is compared with the
// trials of earlier batches, never with its batch-mates still running.
#include <memory>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/core/trial.h"

namespace xp::rt {

class Pruner {
 public:
  virtual ~Pruner() = default;
  virtual std::string name() const = 0;
  virtual int barrier(int number) const { (void)number; return 0; }
  // Epochs a trial may use at most (ASHA's top rung); 0 = as specified.
  virtual int max_resource() const { return 0; }
  // Should `trial` stop after its latest report? On true, `why` says why.
  virtual bool should_prune(const TrialRecord& trial, const History& visible, std::string& why) const = 0;
};

// The batch rule shared by TPE and the pruners.
inline int batch_barrier(int number, int batch) { return batch <= 1 ? number : number - number % batch; }

struct MedianSettings {
  int warmup = 0;        // steps (epochs) reported before pruning is considered: prune only at step ≥ warmup
  int startup = 5;       // visible trials with intermediate values needed before pruning at all
  int interval = 1;      // consider pruning every `interval` steps after warm-up
  bool maximize = false;
  int batch = 4;
};
std::unique_ptr<Pruner> make_median_pruner(const MedianSettings& s);

// Asynchronous successive halving (Li et al. 2020) used as a pruner: rungs at
// min·η^k; at a rung a trial continues iff its value there is among the best
// max(1, ⌊m/η⌋) of the m values recorded at that rung (visible trials and
// itself).
struct AshaSettings {
  int min_resource = 1;
  int max_resource = 0;  // 0 = unbounded
  int reduction = 3;     // η
  bool maximize = false;
  int batch = 4;
};
std::unique_ptr<Pruner> make_asha_pruner(const AshaSettings& s);
// Successive halving: the same rung rule in one bracket (named `sha`).
std::unique_ptr<Pruner> make_sha_pruner(const AshaSettings& s);

// Hyperband (Li et al. 2017) as a pruner: brackets of successive halving whose
// first rungs are min·η^b, b = 0 … ⌊log_η(max/min)⌋; each trial belongs to one
// bracket (by its number) and is compared only within it (pruner_asha.cpp).
struct HyperbandSettings {
  int min_resource = 1;
  int max_resource = 27;
  int reduction = 3;           // η
  bool maximize = false;
};
std::unique_ptr<Pruner> make_hyperband_pruner(const HyperbandSettings& s, int batch);

}  // namespace xp::rt
