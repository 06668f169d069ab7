#include <doctest/doctest.h>

#include <cmath>

#include "fixtures.h"
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
