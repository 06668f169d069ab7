#pragma once
// Seeds for trials. One study seed → one seed per trial number, by a hash, so
// a trial's randomness never depends on which thread ran it or in what order.
#include <cstdint>

#include "runtime/core/random.h"  // splitmix64_at (the mixer), unit_from_bits

namespace xp::rt {

// The seed of trial `number` in a study seeded with `study_seed`.
constexpr uint64_t trial_seed(uint64_t study_seed, int number) {
  return splitmix64_at(splitmix64_at(study_seed) ^ splitmix64_at(0xD1B54A32D192ED03ull + static_cast<uint64_t>(number)));
}

}  // namespace xp::rt
