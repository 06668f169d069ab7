#include <doctest/doctest.h>

#include <cmath>

#include "tests/runtime/tune/fixtures.h"
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

// Hyperband as a pruner (issue 10: as a scheduler it ran each rung as a new
// trial and could pick a 1-epoch result as the best).
TEST_CASE("Hyperband pruner: each trial in one bracket, compared only within it") {
  HyperbandSettings s;
  s.min_resource = 1;
  s.max_resource = 9;
  s.reduction = 3;
  auto hb = make_hyperband_pruner(s, 4);
  CHECK(hb->name() == "hyperband");
  CHECK(hb->max_resource() == 9);
  CHECK(hb->barrier(6) == 4);
  auto numbered = [](int n, int steps, double level, TrialState state = TrialState::Running) {
    TrialRecord t = curve_trial(n, steps, flat, level, state);
    return t;
  };
  // Brackets (first rungs 1, 3, 9) get 9, 5 and 3 of 17 trials, interleaved:
  // numbers 0, 2, 4, 5, 7, 10 … bracket 0; 1, 6, 9 … bracket 1; 3, 8, 16 bracket 2.
  std::vector<TrialRecord> done = {numbered(0, 1, 0.1, TrialState::Pruned), numbered(2, 1, 0.2, TrialState::Pruned),
                                   numbered(4, 1, 0.3, TrialState::Pruned), numbered(7, 1, 0.4, TrialState::Pruned),
                                   numbered(6, 9, 0.2, TrialState::Complete)};
  std::string why;
  // Bracket 0, rung 1: 5 values (4 of its bracket and itself) keep the best 1.
  CHECK(hb->should_prune(numbered(10, 1, 0.35), view(done), why));
  CHECK(why.find("bracket 0") != std::string::npos);
  CHECK(why.find("best 1 of 5") != std::string::npos);
  // Bracket 1: step 1 is no rung of it; at rung 3 it meets trial 6 only.
  CHECK_FALSE(hb->should_prune(numbered(1, 1, 0.95), view(done), why));
  CHECK(hb->should_prune(numbered(1, 3, 0.95), view(done), why));
  CHECK(why.find("best 1 of 2") != std::string::npos);
  // Bracket 2 starts at the full budget: never pruned.
  for (int step = 1; step <= 9; ++step) CHECK_FALSE(hb->should_prune(numbered(3, step, 5.0), view(done), why));
  SUBCASE("the share of each bracket over the first 17 trials") {
    std::vector<int> count(3, 0);
    for (int n = 0; n < 17; ++n) {
      // Which bracket: the first rung at which a lone bad trial among good
      // ones of every bracket is judged.
      std::vector<TrialRecord> peers;
      for (int k = 0; k < 17; ++k)
        if (k != n) peers.push_back(numbered(k, 9, 0.0, TrialState::Complete));
      int first = 0;
      for (int step = 1; step <= 9 && !first; ++step)
        if (hb->should_prune(numbered(n, step, 1.0), view(peers), why)) first = step;
      count[first == 1 ? 0 : first == 3 ? 1 : 2]++;
    }
    CHECK(count == std::vector<int>{9, 5, 3});
  }
}

TEST_CASE("successive halving prunes at rungs min·eta^k below max") {
  AshaSettings s;
  s.min_resource = 1;
  s.reduction = 3;
  s.max_resource = 9;
  auto sha = make_sha_pruner(s);
  CHECK(sha->name() == "sha");
  std::vector<TrialRecord> done;
  for (int i = 0; i < 6; ++i) done.push_back(curve_trial(i, 3, flat, 0.1 * (i + 1)));
  std::string why;
  CHECK(sha->should_prune(running(1, 0.5), view(done), why));
  CHECK(why.find("successive halving") != std::string::npos);
  CHECK_FALSE(sha->should_prune(running(9, 0.9), view(done), why));
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
