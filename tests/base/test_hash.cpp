// base/hash.h: FNV-1a against its published vectors, and the bulk hash's
// recorded values (a data fingerprint must not change meaning between
// versions) and its sensitivity to every bit, length and seed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "base/hash.h"

using namespace xp;

TEST_CASE("FNV-1a gives its published 64-bit values") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ull);
  // Continuing a hash is hashing the concatenation.
  CHECK(fnv1a64("bar", fnv1a64("foo")) == fnv1a64("foobar"));
  CHECK(fnv1a64("", kFnv1aShortBasis) == kFnv1aShortBasis);
}

namespace {
std::vector<unsigned char> counting_bytes(size_t n) {
  std::vector<unsigned char> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<unsigned char>(i * 37 + 11);
  return v;
}
}  // namespace

TEST_CASE("the bulk hash keeps the values fingerprints were recorded with") {
  // Pinned: report.json's fingerprints are these hashes, and `exp diff`
  // compares them across versions. A change here needs a new prefix
  // (runtime/data/split.h), not new constants.
  const auto bytes = counting_bytes(100);
  CHECK(bulk_hash64(nullptr, 0) == 0x3b70eff4c91403c7ull);
  CHECK(bulk_hash64(bytes.data(), 100) == 0x70693c0af171ef8dull);
  CHECK(bulk_hash64(bytes.data(), 37, 42) == 0x8cac733d9991421eull);
}

TEST_CASE("the bulk hash changes with every bit, every length and the seed") {
  auto bytes = counting_bytes(100);
  const uint64_t base = bulk_hash64(bytes.data(), bytes.size());
  std::set<uint64_t> seen{base};
  for (size_t i = 0; i < bytes.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      bytes[i] ^= static_cast<unsigned char>(1u << bit);
      seen.insert(bulk_hash64(bytes.data(), bytes.size()));
      bytes[i] ^= static_cast<unsigned char>(1u << bit);
    }
  CHECK(seen.size() == 1 + 100 * 8);  // each flip gives its own hash

  // Zero bytes of every length up to 80 (the tail's zero padding included).
  const std::vector<unsigned char> zeros(80, 0);
  std::set<uint64_t> by_length;
  for (size_t n = 0; n <= zeros.size(); ++n) by_length.insert(bulk_hash64(zeros.data(), n));
  CHECK(by_length.size() == zeros.size() + 1);

  CHECK(bulk_hash64(bytes.data(), bytes.size(), 1) != base);
  CHECK(bulk_hash64(bytes.data(), bytes.size(), 1) != bulk_hash64(bytes.data(), bytes.size(), 2));
  // Swapping two words (same multiset of bytes) changes the hash.
  std::swap_ranges(bytes.begin(), bytes.begin() + 8, bytes.begin() + 8);
  CHECK(bulk_hash64(bytes.data(), bytes.size()) != base);
}
