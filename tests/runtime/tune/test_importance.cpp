#include <doctest/doctest.h>

#include <cmath>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/tune/importance.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

TEST_CASE("fANOVA importance ranks the hyper that drives the objective first") {
  auto space = space_of({uniform("strong", 0, 1), uniform("weak", 0, 1), uniform("noise", 0, 1),
                         choice("act", {ir::Value::name("relu"), ir::Value::name("tanh")}),
                         when(uniform("cond", 0, 1), "act", "==", ir::Value::name("tanh")),
                         fixed("epochs", ir::Value::num(5, true))});
  MemoryStore store;
  StudyOptions o;
  o.seed = 12;
  auto r = run_study(space, tune_spec("random", 200), [](const ir::Assignment& a, TrialContext&) {
    TrialOutcome out;
    out.value = 10 * std::pow(num(a, "strong") - 0.3, 2) + 1.0 * num(a, "weak") + 0.001 * num(a, "noise");
    return out;
  }, store, o);
  auto imp = hyper_importance(space, r.trials);
  REQUIRE(imp.size() == 4);  // cond is conditional, epochs fixed: not reported
  CHECK(imp[0].name == "strong");
  CHECK(imp[1].name == "weak");
  double total = 0;
  for (const auto& h : imp) {
    total += h.importance;
    CHECK(h.main_effect >= 0);
    CHECK(h.main_effect <= 1.0 + 1e-9);
  }
  CHECK(total == doctest::Approx(1.0));
  CHECK(imp[0].importance > 0.6);
  for (const auto& h : imp)
    if (h.name == "noise" || h.name == "act") CHECK(h.importance < 0.05);
  SUBCASE("too few trials: nothing to say") {
    std::vector<TrialRecord> two(r.trials.begin(), r.trials.begin() + 2);
    CHECK(hyper_importance(space, two).empty());
  }
}

namespace {
TrialRecord complete_trial(int n, ir::Assignment hypers, double value) {
  TrialRecord t;
  t.number = n;
  t.state = TrialState::Complete;
  t.hypers = std::move(hypers);
  t.value = value;
  return t;
}
}  // namespace

// Issue 10: a study reported `deep 0.5, width2 0.5` where `deep` took one
// value in every complete trial and `width2` is conditional on it.
TEST_CASE("importance leaves out a hyper constant over the complete trials and a conditional one active in all") {
  auto space = space_of({choice("deep", {ir::Value::name("true"), ir::Value::name("false")}),
                         when(integer("width2", 4, 64), "deep", "==", ir::Value::name("true")),
                         uniform("lr", 0, 1)});
  std::vector<TrialRecord> trials;
  for (int i = 0; i < 12; ++i) {
    const double lr = (i + 0.5) / 12.0;
    trials.push_back(complete_trial(i, {{"deep", ir::Value::name("true")}, {"width2", ir::Value::num(4 + 5 * i, true)}, {"lr", ir::Value::num(lr)}},
                                    std::pow(lr - 0.4, 2)));
  }
  auto imp = hyper_importance(space, trials);
  REQUIRE(imp.size() == 1);
  CHECK(imp[0].name == "lr");
  CHECK(imp[0].importance == doctest::Approx(1.0));
  SUBCASE("only constant and conditional hypers: nothing to say") {
    for (auto& t : trials) t.hypers["lr"] = ir::Value::num(0.5);
    CHECK(hyper_importance(space, trials).empty());
  }
  SUBCASE("an objective no hyper explains: nothing, not equal shares") {
    for (auto& t : trials) t.value = 1.0;
    CHECK(hyper_importance(space, trials).empty());
  }
}
