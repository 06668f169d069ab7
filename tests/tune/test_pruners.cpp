#include <doctest/doctest.h>

#include <cmath>

#include "fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/tune/pruner.h"
#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

// A finished trial whose curve is `f(step)` for steps 1..n.
TrialRecord curve_trial(int number, int n, double (*f)(int, double), double level, TrialState state = TrialState::Complete) {
  TrialRecord t;
  t.number = number;
  t.state = state;
  for (int s = 1; s <= n; ++s) t.intermediate.emplace_back(s, f(s, level));
  t.value = t.intermediate.back().second;
  return t;
}
double flat(int, double level) { return level; }

History view(const std::vector<TrialRecord>& ts) {
  History h;
  for (const auto& t : ts) h.push_back(&t);
  return h;
}

// The running trial after reporting `level` at steps 1..step.
TrialRecord running(int step, double level) {
  TrialRecord t = curve_trial(99, step, flat, level, TrialState::Running);
  return t;
}

}  // namespace

TEST_CASE("median pruner: stops a trial whose best is worse than the median at its step") {
  std::vector<TrialRecord> done;
  for (int i = 0; i < 5; ++i) done.push_back(curve_trial(i, 10, flat, 0.1 * (i + 1)));  // medians: 0.3
  MedianSettings s;
  s.warmup = 3;
  s.startup = 5;
  auto p = make_median_pruner(s);
  std::string why;
  CHECK_FALSE(p->should_prune(running(2, 0.4), view(done), why));  // warm-up: steps below 3
  CHECK(p->should_prune(running(3, 0.4), view(done), why));
  CHECK(why.find("median 0.3") != std::string::npos);
  CHECK_FALSE(p->should_prune(running(5, 0.3), view(done), why));  // equal to the median: kept
  CHECK_FALSE(p->should_prune(running(5, 0.2), view(done), why));
  SUBCASE("its best value so far counts, not its latest") {
    TrialRecord t = running(4, 0.2);
    t.intermediate.emplace_back(5, 0.9);
    CHECK_FALSE(p->should_prune(t, view(done), why));
  }
  SUBCASE("too few finished trials: no pruning") {
    s.startup = 6;
    CHECK_FALSE(make_median_pruner(s)->should_prune(running(5, 0.9), view(done), why));
  }
  SUBCASE("maximize flips the comparison") {
    s.maximize = true;
    auto pm = make_median_pruner(s);
    CHECK(pm->should_prune(running(5, 0.2), view(done), why));
    CHECK_FALSE(pm->should_prune(running(5, 0.4), view(done), why));
  }
  SUBCASE("interval: only every k steps after warm-up") {
    s.interval = 2;
    auto pi = make_median_pruner(s);
    CHECK(pi->should_prune(running(3, 0.9), view(done), why));
    CHECK_FALSE(pi->should_prune(running(4, 0.9), view(done), why));
    CHECK(pi->should_prune(running(5, 0.9), view(done), why));
  }
  SUBCASE("the batch rule makes earlier batches visible only") {
    CHECK(p->barrier(9) == 8);
    CHECK(p->barrier(8) == 8);
  }
}

TEST_CASE("ASHA pruner: keeps the top 1/eta at each rung") {
  std::vector<TrialRecord> done;
  for (int i = 0; i < 6; ++i) done.push_back(curve_trial(i, 1, flat, 0.1 * (i + 1)));  // rung 1: 0.1 … 0.6
  AshaSettings s;
  s.min_resource = 1;
  s.reduction = 3;
  s.max_resource = 9;
  auto p = make_asha_pruner(s);
  std::string why;
  // 7 values at rung 1 with itself → keep the best ⌊7/3⌋ = 2.
  CHECK(p->should_prune(running(1, 0.25), view(done), why));
  CHECK(why.find("best 2 of 7") != std::string::npos);
  CHECK_FALSE(p->should_prune(running(1, 0.15), view(done), why));
  CHECK_FALSE(p->should_prune(running(2, 0.9), view(done), why));    // step 2 is not a rung
  CHECK_FALSE(p->should_prune(running(1, 0.9), {}, why));             // first at its rung: promoted
  CHECK(p->should_prune(running(1, std::nan("")), view(done), why));  // diverged
  CHECK_FALSE(p->should_prune(running(9, 0.9), view(done), why));     // the top rung ends the trial anyway
  CHECK(p->max_resource() == 9);
}

TEST_CASE("Hyperband schedules brackets and budgets as Li et al. 2017") {
  HyperbandSettings s;
  s.min_resource = 1;
  s.max_resource = 9;
  s.reduction = 3;
  auto space = space_of({uniform("x", 0, 1)});
  auto hb = make_hyperband_scheduler(make_random_sampler(space), s);
  // Bracket s=2: 9 configs × 1 epoch, 3 × 3, 1 × 9; s=1: 5 × 3, 1 × 9; s=0: 3 × 9.
  const std::vector<int> expected = {1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9, 3, 3, 3, 3, 3, 9, 9, 9, 9};
  std::vector<TrialRecord> done;
  for (int n = 0; n < static_cast<int>(expected.size()); ++n) {
    CAPTURE(n);
    History visible;
    for (const auto& t : done)
      if (t.number < hb->barrier(n)) visible.push_back(&t);
    Proposal p = hb->propose(n, trial_seed(1, n), visible);
    CHECK(p.max_resource == expected[static_cast<size_t>(n)]);
    TrialRecord t;
    t.number = n;
    t.state = TrialState::Complete;
    t.hypers = p.hypers;
    t.value = num(p.hypers, "x");  // minimize x
    t.max_resource = p.max_resource;
    done.push_back(t);
  }
  CHECK(hb->barrier(9) == 9);   // rung 1 waits for rung 0
  CHECK(hb->barrier(12) == 12);
  // Rung 1 of bracket 2 continues the three smallest x of rung 0, best first.
  std::vector<double> rung0;
  for (int n = 0; n < 9; ++n) rung0.push_back(done[static_cast<size_t>(n)].value);
  std::sort(rung0.begin(), rung0.end());
  for (int k = 0; k < 3; ++k) CHECK(done[static_cast<size_t>(9 + k)].value == rung0[static_cast<size_t>(k)]);
  CHECK(done[12].value == rung0[0]);
  SUBCASE("successive halving is the most aggressive bracket, repeated") {
    s.single_bracket = true;
    auto sha = make_hyperband_scheduler(make_random_sampler(space), s);
    std::vector<int> got;
    for (int n = 0; n < 26; ++n) got.push_back(sha->propose(n, 1, {}).max_resource);
    CHECK(got == std::vector<int>{1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9});
  }
}

TEST_CASE("pruned trials are recorded with the step they reached") {
  MemoryStore store;
  auto spec = tune_spec("random", 30);
  spec.prune = call("median", {{"warmup", 1}, {"startup", 4}});
  StudyOptions o;
  o.seed = 9;
  o.parallel = 2;
  auto space = space_of({uniform("x", 0, 1)});
  auto r = run_study(space, spec, [](const ir::Assignment& a, TrialContext& ctx) {
    TrialOutcome out;
    for (int e = 1; e <= 10; ++e) {
      out.value = num(a, "x") + 1.0 / e;
      if (!ctx.report(e, out.value)) return out;
    }
    return out;
  }, store, o);
  REQUIRE(r.pruned > 0);
  auto stored = store.load_trials("study");
  for (const auto& t : r.trials) {
    if (t.state != TrialState::Pruned) continue;
    CHECK(t.last_step() >= 1);
    CHECK(t.last_step() < 10);
    CHECK(t.reason.find("step " + std::to_string(t.last_step())) != std::string::npos);
    CHECK(stored[static_cast<size_t>(t.number)].state == TrialState::Pruned);
    CHECK(stored[static_cast<size_t>(t.number)].last_step() == t.last_step());
  }
}
