// StudyOptions::cost_hint: with several threads and trials that learn
// nothing from each other, the costliest start first; numbers, seeds and
// results stay those of the numbered order.
#include <doctest/doctest.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

// The order trials start in, as the objective sees them.
struct StartLog {
  std::mutex mu;
  std::vector<int> numbers;
};

Objective logged(StartLog& log) {
  return [&log](const ir::Assignment& a, TrialContext& ctx) {
    {
      std::lock_guard lock(log.mu);
      log.numbers.push_back(ctx.number());
    }
    TrialOutcome out;
    out.value = num(a, "x") + static_cast<double>(ctx.seed() % 1000) * 1e-9;
    return out;
  };
}

StudyResult run_with(const ir::TuneSpec& spec, Objective f, int parallel, bool hint, const ir::SearchSpace& space) {
  MemoryStore store;
  StudyOptions o;
  o.seed = 11;
  o.parallel = parallel;
  if (hint) o.cost_hint = [](const ir::Assignment& a) { return num(a, "x"); };  // x is the trial's cost
  return run_study(space, spec, std::move(f), store, o);
}

ir::SearchSpace one_range() { return space_of({uniform("x", 0, 100)}); }

// Whether trials that started in `started` order (as the objective logged
// them) can have been handed out in `order` by two threads. A thread takes
// its next trial only after starting its last, so when the i-th start is
// logged at most one other taken trial is not logged yet: the i-th started
// trial is among the first i + 2 handed out. Scheduling can delay a start
// without bound, so nothing stricter holds.
bool handed_out_in(const std::vector<int>& started, const std::vector<int>& order) {
  if (started.size() != order.size()) return false;
  for (size_t i = 0; i < started.size(); ++i) {
    const auto at = static_cast<size_t>(std::find(order.begin(), order.end(), started[i]) - order.begin());
    if (at == order.size() || at > i + 1) return false;
  }
  return true;
}

std::vector<std::pair<int, double>> values_by_number(const StudyResult& r) {
  std::vector<std::pair<int, double>> out;
  for (const auto& t : r.trials) out.emplace_back(t.number, t.value);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("longest-first: a random study with a cost hint starts its costliest trials first, same results") {
  StartLog serial_log, parallel_log;
  const auto serial = run_with(tune_spec("random", 30), logged(serial_log), 1, true, one_range());
  const auto parallel = run_with(tune_spec("random", 30), logged(parallel_log), 2, true, one_range());
  REQUIRE(serial.ok);
  REQUIRE(parallel.ok);
  // One thread keeps the numbered order: nothing to balance.
  std::vector<int> numbered(30);
  for (int i = 0; i < 30; ++i) numbered[static_cast<size_t>(i)] = i;
  CHECK(serial_log.numbers == numbered);
  // Two threads: handed out by descending cost (x).
  std::vector<double> cost(30);
  for (const auto& t : serial.trials) cost[static_cast<size_t>(t.number)] = num(t.hypers, "x");
  std::vector<int> by_cost = numbered;
  std::stable_sort(by_cost.begin(), by_cost.end(), [&](int a, int b) { return cost[size_t(a)] > cost[size_t(b)]; });
  REQUIRE(by_cost != numbered);  // else the check below could not tell the orders apart
  CHECK(handed_out_in(parallel_log.numbers, by_cost));
  // Same hypers, seeds and values by number, and the same best trial.
  CHECK(values_by_number(serial) == values_by_number(parallel));
  CHECK(serial.trials[size_t(serial.best)].number == parallel.trials[size_t(parallel.best)].number);
}

TEST_CASE("longest-first: without a hint, with a pruner or with TPE the numbered order stays") {
  for (int variant = 0; variant < 3; ++variant) {
    CAPTURE(variant);
    ir::TuneSpec spec = tune_spec(variant == 2 ? "tpe" : "random", 16);
    if (variant == 1) spec.prune = call("median", {{"warmup", 1}});
    StartLog log;
    const auto r = run_with(spec, logged(log), 2, /*hint=*/variant != 0, one_range());
    REQUIRE(r.ok);
    std::vector<int> numbered(16);
    for (int i = 0; i < 16; ++i) numbered[static_cast<size_t>(i)] = i;
    CHECK(handed_out_in(log.numbers, numbered));
  }
}
