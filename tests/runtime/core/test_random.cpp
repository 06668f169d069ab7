// The random streams (runtime/core/random.h) and the trial seeds hashed with
// the same SplitMix64 (runtime/tune/seeds.h): one definition, and the values
// every seeded result in exp depends on, pinned so a change to them is seen.
#include <doctest/doctest.h>

#include <cstdint>

#include "runtime/core/random.h"
#include "runtime/tune/seeds.h"  // both in one file: once two splitmix64 made this ambiguous

using namespace xp::rt;

TEST_CASE("splitmix64: the reference stream from state 0") {
  // Vigna's splitmix64.c seeded with 0 draws these three first.
  uint64_t state = 0;
  CHECK(splitmix64(state) == 0xE220A8397B1DCDAFull);
  CHECK(splitmix64(state) == 0x6E789E6AA1B965F4ull);
  CHECK(splitmix64(state) == 0x06C45D188009454Full);
  CHECK(state == 3 * kSplitmix64Step);
}

TEST_CASE("splitmix64_at is the next draw without advancing the stream") {
  uint64_t state = 12345;
  const uint64_t peek = splitmix64_at(state);
  CHECK(state == 12345);
  CHECK(splitmix64(state) == peek);
  static_assert(splitmix64_at(0) == 0xE220A8397B1DCDAFull, "usable at compile time, as seeds.h needs");
}

TEST_CASE("seeds derived from a seed are the same as before the two copies were folded") {
  CHECK(trial_seed(42, 3) == 0x369A7F9CF2E98419ull);
  CHECK(derive_seed(7, uint64_t{5}) == 0x40BE6AE501633699ull);
  CHECK(derive_seed(7, "W1") == 0x83C1D8736BC0140Aull);
  uint64_t state = 0;
  CHECK(uniform01(state) == unit_from_bits(0xE220A8397B1DCDAFull));
}
