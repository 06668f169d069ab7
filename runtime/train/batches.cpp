#include "runtime/train/batches.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "runtime/tune/seeds.h"

namespace xp::rt {

BatchOrder::BatchOrder(size_t rows, int64_t batch, uint64_t seed)
    : rows_(rows), batch_(batch), seed_(seed), order_(rows) {
  assert(batch > 0);
  std::iota(order_.begin(), order_.end(), size_t{0});
}

void BatchOrder::shuffle(int epoch) {
  std::iota(order_.begin(), order_.end(), size_t{0});
  uint64_t state = derive_seed(seed_, static_cast<uint64_t>(epoch) + 1);
  for (size_t i = rows_; i > 1; --i) {
    state = splitmix64_at(state);
    // Lemire's multiply-shift maps 64 random bits onto [0, i) with negligible bias.
    size_t j = static_cast<size_t>((static_cast<unsigned __int128>(state) * i) >> 64);
    std::swap(order_[i - 1], order_[j]);
  }
}

size_t BatchOrder::size(size_t b) const {
  size_t start = b * static_cast<size_t>(batch_);
  return std::min(static_cast<size_t>(batch_), rows_ - start);
}

}  // namespace xp::rt
