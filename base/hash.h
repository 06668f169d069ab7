#pragma once
// The hashes exp writes into files or derives results from. Each is settled
// once it has been recorded: a model file's checksum, a seed derived from a
// parameter's name, a search space's identity and a data fingerprint must
// come out the same in every later version, so none of them is ever swapped
// for a faster one in place — a new one gets a new name (docs/report.md,
// "Data fingerprints").
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xp {

// FNV-1a's published 64-bit offset basis: the script hash (report.json's
// "fnv1a64:…") and the search space's identity.
inline constexpr uint64_t kFnv1aBasis = 0xcbf29ce484222325ull;
// One digit short of the published basis (1469598103934665603 against
// 14695981039346656037), as the first model files, seeds and data digests
// were made with it; kept, since changing it would change every recorded
// checksum and every derived seed. It hashes just as well.
inline constexpr uint64_t kFnv1aShortBasis = 1469598103934665603ull;

// FNV-1a, 64 bits: one multiply per byte, so for short strings and small
// files; `h` continues an earlier hash. (Two names, not two overloads: a
// string literal and a hash would pick the pointer one as (bytes, size).)
inline uint64_t fnv1a64_bytes(const void* data, size_t bytes, uint64_t h) {
  const auto* b = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < bytes; ++i) {
    h ^= b[i];
    h *= 0x100000001b3ull;
  }
  return h;
}
inline uint64_t fnv1a64(std::string_view text, uint64_t h = kFnv1aBasis) {
  return fnv1a64_bytes(text.data(), text.size(), h);
}

// A content hash for bulk data (the data fingerprints: tens of megabytes per
// run). FNV-1a's multiply per byte is serial, ~4 cycles a byte; this one
// reads 8-byte words into four independent lanes, each mixed by a multiply
// and an xor-shift (every step a bijection of the lane, so no two inputs of
// one length that differ in one word collide within a lane), then folds the
// lanes and the length through a final avalanche. ~30× FNV-1a's speed. Not
// a cryptographic hash: it tells data apart, it does not resist an attacker.
// Words are read little-endian (the machines exp targets); `seed` continues
// an earlier hash.
uint64_t bulk_hash64(const void* data, size_t bytes, uint64_t seed = 0);

}  // namespace xp
