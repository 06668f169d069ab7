#include "runtime/train/early_stopping.h"

#include <cmath>

namespace xp::rt {

bool EarlyStopping::update(int epoch, double value) {
  bool better = false;
  if (std::isfinite(value)) {
    if (best_epoch_ == 0) better = true;
    else if (spec_.maximize) better = value > best_ + spec_.min_delta;
    else better = value < best_ - spec_.min_delta;
  }
  if (better) {
    best_ = value;
    best_epoch_ = epoch;
    since_best_ = 0;
  } else {
    ++since_best_;
  }
  return better;
}

}  // namespace xp::rt
