// Shared studies (StudyOptions::shared): several runners, each with its own
// connection to one store as separate processes would have, run one study's
// budget together — every number once, none left running, and the trials a
// serial run with the same seed gives (proposals and, for a deterministic
// objective, values and pruning).
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <set>
#include <thread>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/sqlite_store.h"
#include "runtime/tune/space_diff.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

ir::SearchSpace shared_space() { return space_of({uniform("x", -3, 3), loguniform("lr", 1e-4, 1), integer("n", 1, 8)}); }

TrialOutcome shared_objective(const ir::Assignment& a, TrialContext& ctx) {
  TrialOutcome out;
  for (int e = 1; e <= 3; ++e) {
    if ((ctx.seed() >> e) % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(500));
    out.value = std::pow(num(a, "x") - 1, 2) + std::abs(std::log10(num(a, "lr")) + 2) + num(a, "n") / e;
    if (!ctx.report(e, out.value)) {
      out.state = TrialState::Pruned;
      return out;
    }
  }
  return out;
}

StudyOptions shared_options(bool shared) {
  StudyOptions o;
  o.name = "together";
  o.seed = 31;
  o.parallel = 1;
  o.shared = shared;
  o.worker_id = "test";
  return o;
}

void check_like_serial(const StudyResult& shared, const StudyResult& serial, int budget) {
  REQUIRE(shared.ok);
  REQUIRE(shared.trials.size() == static_cast<size_t>(budget));
  for (int n = 0; n < budget; ++n) {
    const auto& a = shared.trials[static_cast<size_t>(n)];
    const auto& b = serial.trials[static_cast<size_t>(n)];
    CAPTURE(n);
    CHECK(a.number == n);
    CHECK(a.state == b.state);
    CHECK(a.hypers == b.hypers);
    CHECK(a.intermediate == b.intermediate);
    if (b.state == TrialState::Complete) CHECK(a.value == b.value);
  }
  CHECK(shared.best == serial.best);
}

}  // namespace

TEST_CASE("three runners sharing one SQLite file run the budget once, as a serial run would") {
  for (bool pruned : {false, true}) {
    CAPTURE(pruned);
    auto spec = tune_spec("tpe", 48);
    if (pruned) spec.prune = call("median", {{"warmup", 1}, {"startup", 3}});
    MemoryStore memory;
    const StudyResult serial = run_study(shared_space(), spec, shared_objective, memory, shared_options(false));
    TempPath db("exp-shared");
    std::vector<StudyResult> results(3);
    std::vector<std::thread> procs;
    for (int p = 0; p < 3; ++p)
      procs.emplace_back([&, p] {
        SqliteStore store(db.str());
        results[static_cast<size_t>(p)] = run_study(shared_space(), spec, shared_objective, store, shared_options(true));
      });
    for (auto& t : procs) t.join();
    int ran = 0;
    for (const auto& r : results) {
      check_like_serial(r, serial, 48);
      ran += r.ran;
    }
    CHECK(ran == 48);  // each trial ran in exactly one of them
    if (pruned) CHECK(serial.pruned > 0);
  }
}

TEST_CASE("a shared runner started after the budget is met runs nothing and reports the study") {
  auto spec = tune_spec("random", 10);
  MemoryStore store;
  auto first = run_study(shared_space(), spec, shared_objective, store, shared_options(true));
  REQUIRE(first.ok);
  CHECK(first.ran == 10);
  auto late = run_study(shared_space(), spec, shared_objective, store, shared_options(true));
  REQUIRE(late.ok);
  CHECK(late.ran == 0);
  CHECK(late.trials.size() == 10);
  CHECK(late.best == first.best);
}

TEST_CASE("a shared study refuses another seed, like a resumed one") {
  auto spec = tune_spec("random", 4);
  MemoryStore store;
  REQUIRE(run_study(shared_space(), spec, shared_objective, store, shared_options(true)).ok);
  auto other = shared_options(true);
  other.seed = 32;
  CHECK_FALSE(run_study(shared_space(), spec, shared_objective, store, other).ok);
}

TEST_CASE("a shared runner takes over a trial whose holder vanished; the holder's late result is rejected") {
  auto spec = tune_spec("tpe", 12);
  TempPath db("exp-takeover");
  SqliteStore vanished(db.str());
  MemoryStore memory;
  const StudyResult serial = run_study(shared_space(), spec, shared_objective, memory, shared_options(false));
  // A process creates the study, claims trial 0 and is never heard of again (SIGSTOP, a dead machine).
  StudyInfo info;
  info.name = "together";
  info.space_canonical = shared_space().canonical();
  info.space_hash = shared_space().hash();
  info.space_json = space_to_json(shared_space());
  info.method = "tpe";
  info.seed = 31;
  vanished.create_study(info);
  auto held = vanished.claim_trial("together", 12, 0.3, "vanished");
  REQUIRE(held);
  REQUIRE(held->number == 0);

  SqliteStore store(db.str());
  std::vector<std::string> warnings;
  auto o = shared_options(true);
  o.warn = [&](const std::string& w) { warnings.push_back(w); };
  const StudyResult shared = run_study(shared_space(), spec, shared_objective, store, o);
  check_like_serial(shared, serial, 12);
  CHECK(shared.trials[0].attempt == 2);
  // The vanished process wakes up and reports: rejected, nothing changes.
  TrialRecord late = shared.trials[0];
  late.attempt = held->attempt;
  late.value = -1;
  CHECK_FALSE(vanished.trial_finished("together", late));
  CHECK(store.load_trials("together")[0].value == shared.trials[0].value);
}
