#pragma once
// Seeds for trials. One study seed → one seed per trial number, by a hash, so
// a trial's randomness never depends on which thread ran it or in what order.
#include <cstdint>
#include <string_view>

#include "runtime/core/random.h"  // splitmix64_at (the mixer), unit_from_bits

namespace xp::rt {

// The seed of trial `number` in a study seeded with `study_seed`.
constexpr uint64_t trial_seed(uint64_t study_seed, int number) {
  return splitmix64_at(splitmix64_at(study_seed) ^ splitmix64_at(0xD1B54A32D192ED03ull + static_cast<uint64_t>(number)));
}

// The seed a study draws from: the run's seed and the study's own name in
// its script (a model's name; `blackbox`, `blackbox_2` … for black-box
// blocks), so that two studies of one run draw different configurations,
// and a study draws the same ones whatever other blocks the script gains,
// loses or reorders (docs/tuning.md, "Seeds"). An empty name keeps the seed
// as it is (a study run on its own, as the tuning benches do).
inline uint64_t study_draw_seed(uint64_t run_seed, std::string_view study) {
  return study.empty() ? run_seed : derive_seed(run_seed, study);
}

}  // namespace xp::rt
