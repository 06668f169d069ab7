#pragma once
// Mini-batches with seeded shuffling. One permutation per epoch, derived from
// (trial seed, epoch) alone, so an epoch's batches never depend on what ran
// before it or on which thread runs the trial. The order buffer is allocated
// once; shuffling and gathering allocate nothing.
#include <cstdint>
#include <vector>

#include "runtime/data/dataset.h"

namespace xp::rt {

class BatchOrder {
 public:
  BatchOrder(size_t rows, int64_t batch, uint64_t seed);
  // Draws the permutation of `epoch` (DataRng::shuffle, the one Fisher–Yates in exp).
  void shuffle(int epoch);
  size_t batches() const { return (rows_ + static_cast<size_t>(batch_) - 1) / static_cast<size_t>(batch_); }
  // Row indices of batch `b` in the current permutation.
  const size_t* begin(size_t b) const { return order_.data() + b * static_cast<size_t>(batch_); }
  size_t size(size_t b) const;
  const std::vector<size_t>& order() const { return order_; }

 private:
  size_t rows_;
  int64_t batch_;
  uint64_t seed_;
  std::vector<size_t> order_;
};

}  // namespace xp::rt
