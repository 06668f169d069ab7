#pragma once
// Joe–Kuo direction numbers (see sobol_table.cpp) and the Sobol points they make.
#include <cstdint>

namespace xp::rt {

struct SobolDimension {
  uint32_t poly;        // primitive polynomial over GF(2), all coefficient bits
  uint32_t m[11];       // initial direction integers m_1..m_s, s = degree; rest 0
};

constexpr int kSobolTableDims = 255;             // dimensions 2..256
constexpr int kSobolMaxDims = kSobolTableDims + 1;
extern const SobolDimension kSobolTable[kSobolTableDims];

// The 32-bit Sobol coordinate of point `index` in dimension `dim` (0-based,
// dim < kSobolMaxDims), unscrambled: bit 31 is the first binary digit.
uint32_t sobol_coordinate(uint64_t index, int dim);

// Nested uniform (Owen) scrambling of a 32-bit coordinate: digit k is flipped
// by a random bit that depends only on `seed`, k and the digits above it, so
// the net structure of the sequence survives while the points are randomized.
uint32_t owen_scramble(uint32_t x, uint64_t seed);

}  // namespace xp::rt
