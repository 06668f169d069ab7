#pragma once
// Small, portable random streams. The standard distributions are
// implementation-defined (libstdc++ and libc++ draw different normals from the
// same engine), so exp converts raw 64-bit draws itself: the same seed gives
// the same parameters on every platform.
#include <cmath>
#include <cstdint>
#include <string_view>

#include "base/hash.h"

namespace xp::rt {

// SplitMix64 (Steele, Lea & Flood 2014): one 64-bit state, full period,
// good enough for initial weights and dropout masks, and trivially seeded.
// The draw of a stream whose state is `state`; as a function of the state it
// is a bijective 64-bit mixer, which is how runtime/tune/seeds.h hashes seeds.
inline constexpr uint64_t kSplitmix64Step = 0x9E3779B97F4A7C15ull;  // 2^64 / golden ratio, odd
constexpr uint64_t splitmix64_at(uint64_t state) {
  uint64_t z = state + kSplitmix64Step;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The next draw of the stream, advancing it.
inline uint64_t splitmix64(uint64_t& state) {
  const uint64_t z = splitmix64_at(state);
  state += kSplitmix64Step;
  return z;
}

// Mixes a seed with a name (FNV-1a of the name, then one splitmix round) so
// that every parameter and every dropout site gets an independent stream.
inline uint64_t derive_seed(uint64_t seed, std::string_view name) {
  const uint64_t h = fnv1a64(name, kFnv1aShortBasis);
  uint64_t s = seed ^ (h + 0x632BE59BD9B4E019ull + (seed << 6) + (seed >> 2));
  return splitmix64_at(s);
}

// A stream of independent seeds derived from one by a number (per search
// dimension, per epoch, per fold).
constexpr uint64_t derive_seed(uint64_t seed, uint64_t salt) {
  return splitmix64_at(seed ^ splitmix64_at(salt * 0xA24BAED4963EE407ull + 1));
}

// A uniform double in [0, 1) from the top 53 of 64 random bits.
constexpr double unit_from_bits(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// Uniform in [0, 1) with 53 random bits.
inline double uniform01(uint64_t& state) { return unit_from_bits(splitmix64(state)); }

// Standard normal by Box–Muller (one value per call; the pair's twin is
// discarded so a stream's n-th value never depends on how it was consumed).
inline double standard_normal(uint64_t& state) {
  double u1 = uniform01(state);
  const double u2 = uniform01(state);
  if (u1 < 1e-300) u1 = 1e-300;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace xp::rt
