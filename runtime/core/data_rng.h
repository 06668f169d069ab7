#pragma once
// The random stream for data generators and splits: the portable splitmix64
// draws of runtime/core/random.h plus an integer range and a shuffle
// (std::shuffle is implementation-defined).
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "runtime/core/random.h"

namespace xp::rt {

class DataRng {
 public:
  explicit DataRng(uint64_t seed) : state_(seed) {}
  // The same streams as initializers and dropout (runtime/core/random.h).
  uint64_t next() { return splitmix64(state_); }
  double uniform() { return uniform01(state_); }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal() { return standard_normal(state_); }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the bias is below 2^-40 for n < 2^24).
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  // Fisher–Yates.
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t state_;
};

}  // namespace xp::rt
