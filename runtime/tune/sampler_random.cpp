// Random search: every searched hyper gets its own uniform coordinate drawn
// from the trial's seed, so a hyper's value does not change when another
// hyper becomes active or inactive.
#include <random>

#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt {
namespace {

class RandomSampler final : public Sampler {
 public:
  explicit RandomSampler(const ir::SearchSpace& space) : space_(space) {}
  std::string name() const override { return "random"; }
  Proposal propose(int, uint64_t trial_seed, const History&) override {
    Proposal p;
    p.hypers = assemble(space_, [&](size_t i) { return unit_from_bits(derive_seed(trial_seed, i)); });
    return p;
  }

 private:
  ir::SearchSpace space_;
};

}  // namespace

std::unique_ptr<Sampler> make_random_sampler(const ir::SearchSpace& space) {
  return std::make_unique<RandomSampler>(space);
}

}  // namespace xp::rt
