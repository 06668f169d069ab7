#include "base/hash.h"

#include <bit>
#include <cstring>

namespace xp {
namespace {

// Odd 64-bit constants with well-spread bits (the golden ratio's and two of
// MurmurHash3's finalizer's): a multiply by one carries every bit of a word
// upward, the xor-shift after it carries the high half back down.
constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ull;
constexpr uint64_t kMixA = 0xff51afd7ed558ccdull;
constexpr uint64_t kMixB = 0xc4ceb9fe1a85ec53ull;

uint64_t load_word(const unsigned char* p) {
  static_assert(std::endian::native == std::endian::little, "bulk_hash64 reads words little-endian");
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

uint64_t step(uint64_t lane, uint64_t word) {
  lane = (lane ^ word) * kGolden;
  return lane ^ (lane >> 29);
}

// Every input bit reaches every output bit (MurmurHash3's 64-bit finalizer).
uint64_t avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= kMixA;
  h ^= h >> 33;
  h *= kMixB;
  return h ^ (h >> 33);
}

}  // namespace

uint64_t bulk_hash64(const void* data, size_t bytes, uint64_t seed) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t lane[4] = {seed ^ kGolden, seed ^ kMixA, seed ^ kMixB, seed + kGolden};
  size_t i = 0;
  for (; i + 32 <= bytes; i += 32)
    for (int k = 0; k < 4; ++k) lane[k] = step(lane[k], load_word(p + i + 8 * static_cast<size_t>(k)));
  for (int k = 0; i + 8 <= bytes; i += 8, ++k) lane[k] = step(lane[k], load_word(p + i));
  if (i < bytes) {  // the last 1–7 bytes, zero-padded; the length below tells the padding apart
    unsigned char tail[8] = {};
    std::memcpy(tail, p + i, bytes - i);
    lane[3] = step(lane[3], load_word(tail));
  }
  uint64_t h = avalanche(bytes ^ seed);
  for (uint64_t l : lane) h = step(h, avalanche(l));
  return avalanche(h);
}

}  // namespace xp
