// TPE's own rules: truncated sampling, categorical smoothing, log / int
// handling, and the batch's pending-trial imputation (sampler_tpe.cpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/tune/parzen.h"
#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

TEST_CASE("truncated normal draws stay in their interval and follow the truncated law") {
  std::mt19937_64 rng(7);
  struct Case { double mu, sigma, lo, hi, mean; };
  // Means of the truncated laws: symmetric → mu; a far tail [8, 9] of N(0, 1)
  // → about 8.12 (1/8 above the edge); a tail below a narrow kernel likewise.
  for (Case c : {Case{0.5, 0.2, 0, 1, 0.5}, Case{0, 1, 8, 9, 8.1197}, Case{0, 0.01, -1, -0.05, -0.05 - 0.01 / 5.0}}) {
    CAPTURE(c.lo);
    double sum = 0;
    const int n = 4000;
    for (int i = 0; i < n; ++i) {
      const double x = sample_truncated_normal(c.mu, c.sigma, c.lo, c.hi, rng);
      REQUIRE(x >= c.lo);
      REQUIRE(x <= c.hi);
      sum += x;
    }
    CHECK(sum / n == doctest::Approx(c.mean).epsilon(0.02));
  }
}

TEST_CASE("numeric Parzen samples never leave the range, even with kernels at the bounds") {
  std::mt19937_64 rng(3);
  const NumericParzen p = fit_numeric_parzen({0.0, 0.0, 1.0, 0.999}, {1, 1, 1, 1}, 0.0, 1.0, 1.0);
  for (int i = 0; i < 2000; ++i) {
    const double x = p.sample(rng);
    REQUIRE(x >= 0.0);
    REQUIRE(x <= 1.0);
  }
}

TEST_CASE("categorical Parzen kernels are smoothed by prior_weight / (n + 1)") {
  // One observation of choice 0 among 4, prior weight 1: a = 1/2, the kernel
  // is (1.5, .5, .5, .5) / 3, mixed half and half with the uniform prior.
  const CategoricalParzen one = fit_categorical_parzen({0}, {1.0}, 4, 1.0);
  CHECK(std::exp(one.log_p[0]) == doctest::Approx((0.5 + 0.25) / 2));
  CHECK(std::exp(one.log_p[1]) == doctest::Approx((1.0 / 6 + 0.25) / 2));
  double total = 0;
  for (double lp : one.log_p) total += std::exp(lp);
  CHECK(total == doctest::Approx(1.0));
  // More evidence sharpens each kernel: nine observations of choice 2 give
  // a = 1/10, kernels (.1, .1, 1.1, .1) / 1.4, plus the prior's 1/4 — out of 10.
  const CategoricalParzen many = fit_categorical_parzen(std::vector<size_t>(9, 2), std::vector<double>(9, 1.0), 4, 1.0);
  CHECK(std::exp(many.log_p[2]) == doctest::Approx((9 * 1.1 / 1.4 + 0.25) / 10));
  CHECK(std::exp(many.log_p[2]) > std::exp(one.log_p[0]));
}

TEST_CASE("improvement weights follow how far each good observation beats the split") {
  // Losses 1, 2, 3 under a threshold of 4 improve by 3, 2, 1: mean-1 weights.
  const std::vector<double> w = improvement_weights({1, 2, 3}, 4);
  REQUIRE(w.size() == 3);
  CHECK(w[0] == doctest::Approx(1.5));
  CHECK(w[1] == doctest::Approx(1.0));
  CHECK(w[2] == doctest::Approx(0.5));
  // A loss tied with the threshold weighs next to nothing, but not zero.
  const std::vector<double> tie = improvement_weights({0, 4}, 4);
  CHECK(tie[1] > 0);
  CHECK(tie[1] < 1e-6);
  CHECK(tie[0] + tie[1] == doctest::Approx(2.0));
  // Nothing improves, or a value is not finite: every observation weighs 1.
  for (const auto& flat : {improvement_weights({4, 4}, 4), improvement_weights({1, std::nan("")}, 4),
                           improvement_weights({1, 2}, std::numeric_limits<double>::infinity())})
    for (double x : flat) CHECK(x == 1.0);
  CHECK(improvement_weights({}, 1).empty());
}

namespace {

// Finished trials laid out symmetrically under x → 1 − x (each coordinate):
// a good trial at 0.2 (loss 0, far better than the rest), its mirror image at
// 0.8 (loss 0.9, barely better than the best bad trial, 1.0), and bad trials
// in mirrored pairs — on a line for one hyper, on a 3 × 3 grid without its
// centre for two. Ten trials in all, so γ = 0.2 makes exactly those two good.
// Only the improvement weights tell the two good trials apart.
std::vector<TrialRecord> mirrored_history(size_t dims, bool maximize) {
  std::vector<std::pair<std::vector<double>, double>> at_loss = {{std::vector<double>(dims, 0.2), 0.0},
                                                                 {std::vector<double>(dims, 0.8), 0.9}};
  if (dims == 1) {
    for (double x : {0.0, 0.1, 0.35, 0.45}) {
      at_loss.push_back({{x}, 1.0 + x});
      at_loss.push_back({{1 - x}, 1.0 + x});
    }
  } else {
    for (double x : {0.05, 0.5, 0.95})
      for (double y : {0.05, 0.5, 0.95})
        if (x != 0.5 || y != 0.5) at_loss.push_back({{x, y}, 1.0 + x * y});
  }
  std::vector<TrialRecord> out;
  for (size_t i = 0; i < at_loss.size(); ++i) {
    TrialRecord t;
    t.number = static_cast<int>(i);
    t.state = TrialState::Complete;
    for (size_t d = 0; d < dims; ++d) t.hypers[d == 0 ? "x" : "y"] = ir::Value::num(at_loss[i].first[d]);
    t.value = maximize ? -at_loss[i].second : at_loss[i].second;
    out.push_back(t);
  }
  return out;
}

}  // namespace

TEST_CASE("TPE proposes on the side of the good trial that beats the split by most") {
  for (bool maximize : {false, true}) {
    for (size_t dims : {1, 2}) {
      CAPTURE(maximize);
      CAPTURE(dims);  // one hyper: the univariate estimators; two: the joint one
      ir::SearchSpace space;
      space.hypers.push_back(uniform("x", 0, 1));
      if (dims == 2) space.hypers.push_back(uniform("y", 0, 1));
      const auto trials = mirrored_history(dims, maximize);
      REQUIRE(trials.size() == 10);
      History visible;
      for (const auto& t : trials) visible.push_back(&t);
      SamplerSettings s;
      s.maximize = maximize;
      s.batch = 1;
      auto tpe = make_tpe_sampler(space, s);
      int best_side = 0, marginal_side = 0;
      for (uint64_t k = 0; k < 200; ++k) {
        const ir::Assignment a = tpe->propose(10, trial_seed(k, 10), visible).hypers;
        // The half of the box nearer the best trial (its mirror image is the other half).
        const double coordinate_sum = num(a, "x") + (dims == 2 ? num(a, "y") : 0.0);
        (coordinate_sum < 0.5 * static_cast<double>(dims) ? best_side : marginal_side) += 1;
      }
      // Equal weights would split the proposals about evenly.
      CHECK(best_side > 3 * marginal_side);
    }
  }
}

TEST_CASE("TPE proposals of log and int hypers are valid and learn on the log scale") {
  auto space = space_of({loguniform("lr", 1e-5, 1e-1), integer("width", 1, 1024, 0, true), integer("k", 0, 100, 5),
                         uniform("drop", 0, 0.5)});
  space.hypers.back().step = 0.05;
  // Optimum: lr = 1e-3, width = 64, k = 35, drop = 0.1.
  Objective f = [](const ir::Assignment& a, TrialContext&) {
    TrialOutcome out;
    out.value = std::pow(std::log10(num(a, "lr")) + 3, 2) + std::pow(std::log2(num(a, "width")) - 6, 2) / 4 +
                std::abs(num(a, "k") - 35) / 50 + std::abs(num(a, "drop") - 0.1);
    return out;
  };
  for (bool multivariate : {true, false}) {
    CAPTURE(multivariate);
    MemoryStore store;
    StudyOptions o;
    o.seed = 11;
    o.parallel = 1;
    auto spec = tune_spec("tpe", 60);
    add_flag(spec, "multivariate", multivariate);
    auto r = run_study(space, spec, f, store, o);
    REQUIRE(r.trials.size() == 60);
    double random_part = 0, model_part = 0;
    for (const auto& t : r.trials) {
      std::string why;
      CHECK_MESSAGE(assignment_fits(space, t.hypers, &why), why);
      CHECK(t.hypers.at("width").number == std::round(t.hypers.at("width").number));
      CHECK(std::fmod(t.hypers.at("k").number, 5.0) == 0.0);
      const double miss = std::abs(std::log10(num(t.hypers, "lr")) + 3);
      (t.number < 10 ? random_part : model_part) += miss / (t.number < 10 ? 10.0 : 50.0);
    }
    // The model's proposals sit closer to lr = 1e-3 in decades than random ones.
    CHECK(model_part < 0.6 * random_part);
    CHECK(r.trials[static_cast<size_t>(r.best)].value < 0.5);
  }
}

namespace {

// 20 finished trials of a 2-D bowl, as a history.
std::vector<TrialRecord> bowl_history(const ir::SearchSpace& space, uint64_t seed) {
  std::vector<TrialRecord> out;
  auto random = make_random_sampler(space);
  for (int n = 0; n < 20; ++n) {
    TrialRecord t;
    t.number = n;
    t.state = TrialState::Complete;
    t.hypers = random->propose(n, trial_seed(seed, n), {}).hypers;
    t.value = std::pow(num(t.hypers, "x") - 0.3, 2) + std::pow(num(t.hypers, "y") - 0.7, 2);
    out.push_back(t);
  }
  return out;
}

}  // namespace

TEST_CASE("a batch's proposals count its earlier, still running trials, the same in any order") {
  auto space = space_of({uniform("x", 0, 1), uniform("y", 0, 1)});
  const uint64_t seed = 99;
  const auto trials = bowl_history(space, seed);
  History visible;
  for (const auto& t : trials) visible.push_back(&t);
  SamplerSettings s;
  s.study_seed = seed;
  s.batch = 4;

  auto in_order = make_tpe_sampler(space, s);
  std::vector<ir::Assignment> batch;
  for (int n = 20; n < 24; ++n) batch.push_back(in_order->propose(n, trial_seed(seed, n), visible).hypers);

  SUBCASE("a fresh sampler asked for the last trial first gives the same proposals") {
    auto reversed = make_tpe_sampler(space, s);
    for (int n = 23; n >= 20; --n) CHECK(reversed->propose(n, trial_seed(seed, n), visible).hypers == batch[static_cast<size_t>(n - 20)]);
  }
  SUBCASE("pending trials are imputed as bad: the batch spreads out") {
    // Without imputation every trial of the batch would be drawn from the
    // same l/g and land near the same mode; with it, the later ones differ.
    for (size_t i = 1; i < batch.size(); ++i) CHECK(batch[i] != batch[0]);
    double spread = 0;
    for (size_t i = 0; i < batch.size(); ++i)
      for (size_t j = i + 1; j < batch.size(); ++j)
        spread = std::max(spread, std::hypot(num(batch[i], "x") - num(batch[j], "x"), num(batch[i], "y") - num(batch[j], "y")));
    CHECK(spread > 1e-3);
  }
  SUBCASE("a different history invalidates the memo") {
    auto changed = trials;
    changed[3].value += 10;  // a formerly good trial becomes bad
    History v2;
    for (const auto& t : changed) v2.push_back(&t);
    auto fresh = make_tpe_sampler(space, s);
    const auto expected = fresh->propose(22, trial_seed(seed, 22), v2).hypers;
    CHECK(in_order->propose(22, trial_seed(seed, 22), v2).hypers == expected);
  }
}

TEST_CASE("a long study's proposals fit g(x) to its newest 1,000 bad trials only") {
  // 1,200 complete trials, the newest 25 the good ones. Where the oldest 175
  // bad trials lie (beyond the 1,000 g(x) keeps) must not move a proposal;
  // where 150 of the newest bad ones lie must. Each block sits either on the
  // best trial, (0.825, 0.175), where it weighs most on the candidates, or
  // in a far corner.
  ir::SearchSpace space;
  space.hypers.push_back(uniform("x", 0, 1));
  space.hypers.push_back(uniform("y", 0, 1));
  auto history = [](bool oldest_on_best, bool newest_on_best) {
    std::vector<TrialRecord> out;
    for (int i = 0; i < 1200; ++i) {
      TrialRecord t;
      t.number = i;
      t.state = TrialState::Complete;
      const double u = static_cast<double>((i * 7919) % 1000) / 1000.0;
      double x = u, y = 1 - u;
      if (i < 175) x = oldest_on_best ? 0.825 : 0.02, y = oldest_on_best ? 0.175 : 0.02;
      if (i >= 1025 && i < 1175) x = newest_on_best ? 0.825 : 0.02, y = newest_on_best ? 0.175 : 0.02;
      t.hypers["x"] = ir::Value::num(x);
      t.hypers["y"] = ir::Value::num(y);
      t.value = i >= 1175 ? 0.1 * (i - 1175) : 100.0 + i % 13;
      out.push_back(t);
    }
    return out;
  };
  auto proposals = [&](const std::vector<TrialRecord>& trials) {
    History visible;
    for (const auto& t : trials) visible.push_back(&t);
    SamplerSettings s;
    s.batch = 1;
    auto tpe = make_tpe_sampler(space, s);
    std::vector<ir::Assignment> out;
    for (uint64_t k = 0; k < 40; ++k) out.push_back(tpe->propose(1200, trial_seed(k, 1200), visible).hypers);
    return out;
  };
  const auto base = proposals(history(false, false));
  CHECK(proposals(history(true, false)) == base);  // the oldest bad trials are not in g(x)
  const auto moved = proposals(history(false, true));
  size_t differ = 0;
  for (size_t k = 0; k < base.size(); ++k) differ += moved[k] != base[k];
  CHECK(differ > 0);  // the newest are
}
