#pragma once
// Seeds for trials. One study seed → one seed per trial number, by a hash, so
// a trial's randomness never depends on which thread ran it or in what order.
#include <cstdint>

namespace xp::rt {

// SplitMix64 (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
constexpr uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The seed of trial `number` in a study seeded with `study_seed`.
constexpr uint64_t trial_seed(uint64_t study_seed, int number) {
  return splitmix64(splitmix64(study_seed) ^ splitmix64(0xD1B54A32D192ED03ull + static_cast<uint64_t>(number)));
}

// A stream of independent seeds derived from one (e.g. per search dimension).
constexpr uint64_t derive_seed(uint64_t seed, uint64_t salt) {
  return splitmix64(seed ^ splitmix64(salt * 0xA24BAED4963EE407ull + 1));
}

// A uniform double in [0, 1) from 53 random bits.
constexpr double unit_from_bits(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

}  // namespace xp::rt
