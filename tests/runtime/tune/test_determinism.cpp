#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

ir::SearchSpace mixed_space() {
  ir::HyperDomain x = uniform("x", -2, 2);
  x.step = 0.25;  // finite for grid
  return space_of({x, choice("act", {ir::Value::name("relu"), ir::Value::name("tanh")}), integer("n", 1, 5),
                   when(choice("k", {ir::Value::num(1, true), ir::Value::num(2, true)}), "act", "==", ir::Value::name("tanh"))});
}

// An objective with per-epoch reports whose timing varies with the trial, so
// threads finish out of order; its values depend only on hypers and seed.
TrialOutcome curve(const ir::Assignment& a, TrialContext& ctx) {
  const double base = std::pow(num(a, "x") - 0.5, 2) + num(a, "n") * 0.1 + (a.count("k") ? num(a, "k") * 0.05 : 0.2);
  const int epochs = ctx.max_resource() > 0 ? ctx.max_resource() : 6;
  TrialOutcome out;
  for (int e = 1; e <= epochs; ++e) {
    if ((ctx.seed() >> e) % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
    const double v = base + 1.0 / e + static_cast<double>(ctx.seed() % 1000) * 1e-6;
    if (!ctx.report(e, v)) {
      out.state = TrialState::Pruned;
      return out;
    }
    out.value = v;
  }
  return out;
}

StudyResult run_with(const ir::TuneSpec& spec, int parallel) {
  MemoryStore store;
  StudyOptions o;
  o.seed = 2024;
  o.parallel = parallel;
  o.default_max_resource = 9;
  return run_study(mixed_space(), spec, curve, store, o);
}

void check_same(const StudyResult& a, const StudyResult& b) {
  REQUIRE(a.ok);
  REQUIRE(b.ok);
  REQUIRE(a.trials.size() == b.trials.size());
  for (size_t i = 0; i < a.trials.size(); ++i) {
    CAPTURE(i);
    CHECK(a.trials[i].hypers == b.trials[i].hypers);
    CHECK(a.trials[i].state == b.trials[i].state);
    CHECK(a.trials[i].max_resource == b.trials[i].max_resource);
    CHECK(a.trials[i].intermediate == b.trials[i].intermediate);
    if (a.trials[i].state == TrialState::Complete) CHECK(a.trials[i].value == b.trials[i].value);
  }
  CHECK(a.best == b.best);
}

}  // namespace

TEST_CASE("the same study gives the same trials and best with parallel 1 and 4") {
  for (const char* method : {"random", "sobol", "grid", "tpe"}) {
    CAPTURE(method);
    auto spec = tune_spec(method, 40);
    check_same(run_with(spec, 1), run_with(spec, 4));
  }
  SUBCASE("with a median pruner") {
    auto spec = tune_spec("tpe", 40);
    spec.prune = call("median", {{"warmup", 2}, {"startup", 3}});
    auto one = run_with(spec, 1), four = run_with(spec, 4);
    check_same(one, four);
    CHECK(one.pruned > 0);
  }
  SUBCASE("with ASHA") {
    auto spec = tune_spec("asha", 40);
    auto one = run_with(spec, 1), four = run_with(spec, 4);
    check_same(one, four);
    CHECK(one.pruned > 0);
  }
  SUBCASE("with Hyperband") {
    auto spec = tune_spec("tpe", 30);
    spec.prune = call("hyperband", {{"max", 9}});
    check_same(run_with(spec, 1), run_with(spec, 4));
  }
}
