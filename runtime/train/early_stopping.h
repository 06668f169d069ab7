#pragma once
// Early stopping on a monitored value (val.loss, val.accuracy …): an epoch
// improves when it beats the best so far by more than min_delta in the
// monitor's direction; after `patience` epochs without improvement training
// stops. The trainer snapshots the weights whenever `update` says "improved"
// and restores them at the end when restore_best is set.
#include <limits>

#include "ir/ir.h"

namespace xp::rt {

class EarlyStopping {
 public:
  explicit EarlyStopping(const ir::EarlyStop& spec) : spec_(spec) {}
  // Records the epoch's value; true when it is the new best. A NaN never improves.
  bool update(int epoch, double value);
  bool should_stop() const { return spec_.enabled && since_best_ >= spec_.patience; }
  bool has_best() const { return best_epoch_ > 0; }
  int best_epoch() const { return best_epoch_; }
  double best_value() const { return best_; }

 private:
  ir::EarlyStop spec_;
  double best_ = std::numeric_limits<double>::quiet_NaN();
  int best_epoch_ = 0;
  int since_best_ = 0;
};

}  // namespace xp::rt
