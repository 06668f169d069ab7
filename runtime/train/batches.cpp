#include "runtime/train/batches.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "runtime/core/data_rng.h"

namespace xp::rt {

BatchOrder::BatchOrder(size_t rows, int64_t batch, uint64_t seed)
    : rows_(rows), batch_(batch), seed_(seed), order_(rows) {
  assert(batch > 0);
  std::iota(order_.begin(), order_.end(), size_t{0});
}

void BatchOrder::shuffle(int epoch) {
  std::iota(order_.begin(), order_.end(), size_t{0});
  DataRng rng(derive_seed(seed_, static_cast<uint64_t>(epoch) + 1));
  rng.shuffle(order_);
}

size_t BatchOrder::size(size_t b) const {
  size_t start = b * static_cast<size_t>(batch_);
  return std::min(static_cast<size_t>(batch_), rows_ - start);
}

}  // namespace xp::rt
