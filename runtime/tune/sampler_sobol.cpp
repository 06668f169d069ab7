// Scrambled Sobol sampling: trial n takes point n of an Owen-scrambled Sobol
// sequence (Sobol 1967; direction numbers of Joe & Kuo 2008), one dimension
// per searched hyper in declaration order. A hyper keeps its dimension whether
// or not it is active, so conditional hypers never shift the others. The
// scramble is seeded by the study seed: one randomized low-discrepancy
// sequence per study. Spaces with more than 256 searched hypers use
// independent random coordinates for the extra ones.
#include <array>
#include <vector>

#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/sobol_table.h"
#include "runtime/tune/space.h"

namespace xp::rt {
namespace {

// Direction numbers v_1..v_32 of one dimension, v_k = m_k · 2^(32−k).
using Directions = std::array<uint32_t, 32>;

Directions directions_for(int dim) {
  Directions v{};
  if (dim == 0) {  // van der Corput: m_k = 1
    for (int k = 0; k < 32; ++k) v[k] = 1u << (31 - k);
    return v;
  }
  const SobolDimension& d = kSobolTable[dim - 1];
  const int s = 31 - __builtin_clz(d.poly);            // degree
  const uint32_t a = (d.poly >> 1) & ((1u << (s - 1)) - 1);  // inner coefficients a_1..a_{s−1}
  for (int k = 0; k < s && k < 32; ++k) v[k] = d.m[k] << (31 - k);
  for (int k = s; k < 32; ++k) {
    // The recurrence of the primitive polynomial, on direction numbers.
    uint32_t x = v[k - s] ^ (v[k - s] >> s);
    for (int i = 1; i < s; ++i)
      if ((a >> (s - 1 - i)) & 1u) x ^= v[k - i];
    v[k] = x;
  }
  return v;
}

const std::vector<Directions>& all_directions() {
  static const std::vector<Directions> table = [] {
    std::vector<Directions> t;
    for (int d = 0; d < kSobolMaxDims; ++d) t.push_back(directions_for(d));
    return t;
  }();
  return table;
}

class SobolSampler final : public Sampler {
 public:
  SobolSampler(const ir::SearchSpace& space, uint64_t study_seed) : space_(space), seed_(study_seed) {}
  std::string name() const override { return "sobol"; }
  Proposal propose(int number, uint64_t trial_seed, const History&) override {
    Proposal p;
    p.hypers = assemble(space_, [&](size_t i) {
      const int dim = static_cast<int>(i);
      if (dim >= kSobolMaxDims) return unit_from_bits(derive_seed(trial_seed, i));
      const uint32_t x = owen_scramble(sobol_coordinate(static_cast<uint64_t>(number), dim), derive_seed(seed_, i));
      // Centre the point in its 2^-32 cell, jittered by the trial seed below that.
      return (static_cast<double>(x) + unit_from_bits(derive_seed(trial_seed, 1000 + i))) * 0x1.0p-32;
    });
    return p;
  }

 private:
  ir::SearchSpace space_;
  uint64_t seed_;
};

}  // namespace

uint32_t sobol_coordinate(uint64_t index, int dim) {
  const Directions& v = all_directions()[static_cast<size_t>(dim)];
  uint32_t x = 0;
  for (int k = 0; index != 0 && k < 32; ++k, index >>= 1)
    if (index & 1u) x ^= v[k];
  return x;
}

uint32_t owen_scramble(uint32_t x, uint64_t seed) {
  uint32_t out = 0;
  for (int k = 31; k >= 0; --k) {
    const uint64_t depth = static_cast<uint64_t>(31 - k);
    const uint64_t prefix = depth == 0 ? 0 : static_cast<uint64_t>(x >> (k + 1));  // the digits above k
    const uint32_t flip = static_cast<uint32_t>(splitmix64_at(seed ^ (depth << 32 | prefix) * 0x9E3779B97F4A7C15ull) >> 63);
    out |= (((x >> k) & 1u) ^ flip) << k;
  }
  return out;
}

std::unique_ptr<Sampler> make_sobol_sampler(const ir::SearchSpace& space, uint64_t study_seed) {
  return std::make_unique<SobolSampler>(space, study_seed);
}

}  // namespace xp::rt
