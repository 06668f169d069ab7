#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <set>
#include <stdexcept>
#include <thread>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/sqlite_store.h"
#include "runtime/tune/blackbox.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

ir::SearchSpace quadratic_space() {
  return space_of({uniform("x", -5, 5), loguniform("lr", 1e-4, 1), integer("n", 1, 9, 2),
                   choice("act", {ir::Value::name("relu"), ir::Value::name("tanh")})});
}

TrialOutcome quadratic(const ir::Assignment& a, TrialContext&) {
  TrialOutcome out;
  out.value = std::pow(num(a, "x") - 1, 2) + std::pow(std::log10(num(a, "lr")) + 2, 2) + num(a, "n") / 10 +
              (a.at("act").text == "tanh" ? 0.5 : 0);
  return out;
}

StudyResult run(const ir::SearchSpace& space, const ir::TuneSpec& spec, Objective f, StudyStore& store, int parallel,
                uint64_t seed = 7, std::string name = "study") {
  StudyOptions o;
  o.seed = seed;
  o.parallel = parallel;
  o.name = std::move(name);
  return run_study(space, spec, std::move(f), store, o);
}

}  // namespace

TEST_CASE("a random study runs its budget and finds the best trial") {
  MemoryStore store;
  auto r = run(quadratic_space(), tune_spec("random", 40), quadratic, store, 2);
  REQUIRE(r.ok);
  CHECK(r.trials.size() == 40);
  CHECK(r.complete == 40);
  CHECK(r.stop_reason == "trial budget reached");
  REQUIRE(r.best >= 0);
  for (const auto& t : r.trials) CHECK(t.value >= r.trials[r.best].value);
  std::set<int> numbers;
  for (const auto& t : r.trials) numbers.insert(t.number);
  CHECK(numbers.size() == 40);
  CHECK(*numbers.rbegin() == 39);
}

TEST_CASE("maximize picks the largest value") {
  MemoryStore store;
  auto r = run(quadratic_space(), tune_spec("random", 20, true), quadratic, store, 1);
  REQUIRE(r.best >= 0);
  for (const auto& t : r.trials) CHECK(t.value <= r.trials[r.best].value);
}

TEST_CASE("trials get per-number seeds and the same results whatever the parallelism (random)") {
  MemoryStore a, b;
  auto one = run(quadratic_space(), tune_spec("random", 30), quadratic, a, 1);
  auto four = run(quadratic_space(), tune_spec("random", 30), quadratic, b, 4);
  REQUIRE(one.trials.size() == four.trials.size());
  for (size_t i = 0; i < one.trials.size(); ++i) {
    CHECK(one.trials[i].hypers == four.trials[i].hypers);
    CHECK(one.trials[i].value == four.trials[i].value);
    CHECK(one.trials[i].seed == four.trials[i].seed);
  }
  CHECK(one.best == four.best);
  MemoryStore c;
  auto other_seed = run(quadratic_space(), tune_spec("random", 30), quadratic, c, 1, 8);
  CHECK_FALSE(other_seed.trials[0].hypers == one.trials[0].hypers);
}

TEST_CASE("failed trials are recorded with their reason and the study goes on") {
  MemoryStore store;
  auto space = space_of({uniform("x", 0, 1)});
  Objective flaky = [](const ir::Assignment& a, TrialContext& ctx) -> TrialOutcome {
    TrialOutcome out;
    switch (ctx.number() % 4) {
      case 0: throw std::runtime_error("boom");
      case 1: out.value = std::nan(""); break;
      case 2: out.state = TrialState::Failed; out.reason = "loss became NaN at epoch 3"; break;
      default: out.value = num(a, "x");
    }
    return out;
  };
  auto r = run(space, tune_spec("random", 12), flaky, store, 2);
  REQUIRE(r.ok);
  CHECK(r.failed == 9);
  CHECK(r.complete == 3);
  CHECK(r.trials[0].reason.find("boom") != std::string::npos);
  CHECK(r.trials[1].reason.find("NaN") != std::string::npos);
  CHECK(r.trials[2].reason == "loss became NaN at epoch 3");
  CHECK(r.trials[r.best].number % 4 == 3);
}

TEST_CASE("the black-box objective evaluates the tune block's expression") {
  MemoryStore store;
  auto space = space_of({uniform("x", -3, 3)});
  ir::HExpr e;  // (x - 1)^2
  e.kind = ir::HExpr::Kind::Pow;
  ir::HExpr diff;
  diff.kind = ir::HExpr::Kind::Sub;
  diff.args = {ir::HExpr::hyper("x"), ir::HExpr::constant(1)};
  e.args = {diff, ir::HExpr::constant(2)};
  auto r = run(space, tune_spec("random", 25), make_expression_objective(e), store, 1);
  REQUIRE(r.best >= 0);
  const auto& best = r.trials[r.best];
  CHECK(best.value == doctest::Approx(std::pow(num(best.hypers, "x") - 1, 2)));
  SUBCASE("an expression over an inactive hyper fails the trial") {
    MemoryStore s2;
    auto r2 = run(space, tune_spec("random", 2), make_expression_objective(ir::HExpr::hyper("missing")), s2, 1);
    CHECK(r2.failed == 2);
    CHECK(r2.trials[0].reason.find("inactive") != std::string::npos);
  }
}

TEST_CASE("time limits: per trial and for the study") {
  auto space = space_of({uniform("x", 0, 1)});
  SUBCASE("a trial over its limit is failed") {
    MemoryStore store;
    auto spec = tune_spec("random", 3);
    add_option(spec, "trial_timeout", 0.02);
    Objective slow = [](const ir::Assignment&, TrialContext& ctx) {
      if (ctx.number() == 1) std::this_thread::sleep_for(std::chrono::milliseconds(80));
      return TrialOutcome{};
    };
    auto r = run(space, spec, slow, store, 1);
    CHECK(r.trials[1].state == TrialState::Failed);
    CHECK(r.trials[1].reason.find("time limit") != std::string::npos);
    CHECK(r.complete == 2);
  }
  SUBCASE("the study stops starting trials after its timeout") {
    MemoryStore store;
    auto spec = tune_spec("random", 100000);
    spec.timeout_seconds = 0.15;
    Objective slowish = [](const ir::Assignment&, TrialContext&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return TrialOutcome{};
    };
    auto r = run(space, spec, slowish, store, 2);
    CHECK(r.ok);
    CHECK(r.stop_reason == "time budget reached");
    CHECK(r.trials.size() < 100);
    CHECK(r.seconds < 2.0);
  }
  SUBCASE("a budget of a billion trials is not listed before the clock starts") {
    MemoryStore store;
    auto spec = tune_spec("random", 1'000'000'000);
    spec.timeout_seconds = 0.15;
    Objective quick = [](const ir::Assignment&, TrialContext&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return TrialOutcome{};
    };
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(space, spec, quick, store, 2);
    CHECK(r.ok);
    CHECK(r.stop_reason == "time budget reached");
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 2.0);
  }
}

TEST_CASE("a stop flag ends the study gracefully; resume finishes the budget") {
  TempPath db("exp-stop");
  auto space = space_of({uniform("x", 0, 1)});
  std::atomic<bool> stop{false};
  StudyOptions o;
  o.seed = 3;
  o.parallel = 1;
  o.stop = &stop;
  o.progress = [&](const TrialRecord&, const StudyProgress& p) {
    if (p.finished == 5) stop = true;
  };
  Objective f = [](const ir::Assignment& a, TrialContext&) { return TrialOutcome{TrialState::Complete, num(a, "x"), "", {}, nullptr}; };
  {
    SqliteStore store(db.str());
    auto r = run_study(space, tune_spec("random", 20), f, store, o);
    CHECK(r.ok);
    CHECK(r.stop_reason == "stopped");
    CHECK(r.complete == 5);
  }
  SqliteStore store(db.str());
  o.stop = nullptr;
  auto r = run_study(space, tune_spec("random", 20), f, store, o);
  CHECK(r.resumed);
  CHECK(r.ran == 15);
  REQUIRE(r.trials.size() == 20);
  for (int i = 0; i < 20; ++i) CHECK(r.trials[i].number == i);
  MemoryStore fresh;
  auto straight = run_study(space, tune_spec("random", 20), f, fresh, o);
  for (int i = 0; i < 20; ++i) CHECK(r.trials[i].hypers == straight.trials[i].hypers);
}

TEST_CASE("resume checks the search space") {
  MemoryStore store;
  Objective f = [](const ir::Assignment&, TrialContext&) { return TrialOutcome{}; };
  auto before = space_of({uniform("x", 0, 1), choice("act", {ir::Value::name("relu"), ir::Value::name("tanh")})});
  REQUIRE(run(before, tune_spec("random", 4), f, store, 1).ok);
  SUBCASE("unchanged continues") {
    auto r = run(before, tune_spec("random", 6), f, store, 1);
    CHECK(r.ok);
    CHECK(r.ran == 2);
    CHECK(r.notes.empty());
  }
  SUBCASE("compatible changes keep the trials and say so") {
    auto after = space_of({uniform("x", -1, 2),
                           choice("act", {ir::Value::name("relu"), ir::Value::name("tanh"), ir::Value::name("gelu")}),
                           when(uniform("alpha", 0, 1), "act", "==", ir::Value::name("gelu"))});
    auto r = run(after, tune_spec("random", 6), f, store, 1);
    REQUIRE(r.ok);
    CHECK(r.trials.size() == 6);
    REQUIRE_FALSE(r.notes.empty());
    CHECK(r.notes[0].find("compatibly") != std::string::npos);
    CHECK(r.notes[0].find("gelu") != std::string::npos);
  }
  SUBCASE("an incompatible change is refused with a diff") {
    auto after = space_of({uniform("x", 0.5, 1), choice("act", {ir::Value::name("relu")}), uniform("y", 0, 1)});
    Diagnostics diags;
    StudyOptions o;
    o.seed = 7;
    o.diagnostics = &diags;
    auto r = run_study(after, tune_spec("random", 6), f, store, o);
    CHECK_FALSE(r.ok);
    REQUIRE(diags.has_errors());
    const auto& d = diags.all().back();
    CHECK(d.message.find("incompatibly") != std::string::npos);
    std::string notes;
    for (const auto& n : d.notes) notes += n + "\n";
    INFO(notes);
    CHECK(notes.find("x: range [0, 1] → [0.5, 1]") != std::string::npos);
    CHECK(notes.find("choice removed: tanh") != std::string::npos);
    CHECK(notes.find("y: added") != std::string::npos);
    CHECK(store.load_trials("study").size() == 4);  // nothing touched
  }
  SUBCASE("a different seed or direction is refused") {
    CHECK_FALSE(run(before, tune_spec("random", 6), f, store, 1, 99).ok);
    CHECK_FALSE(run(before, tune_spec("random", 6, true), f, store, 1).ok);
  }
}

TEST_CASE("progress counts each finished trial by its state") {
  auto space = space_of({uniform("x", 0, 1)});
  StudyOptions o;
  o.seed = 4;
  o.parallel = 2;
  std::vector<StudyProgress> seen;
  o.progress = [&](const TrialRecord&, const StudyProgress& p) { seen.push_back(p); };
  // x < 0.3 fails, x > 0.7 is pruned, the rest complete.
  Objective f = [](const ir::Assignment& a, TrialContext&) {
    const double x = num(a, "x");
    if (x < 0.3) return TrialOutcome{TrialState::Failed, 0, "diverged", {}, nullptr};
    if (x > 0.7) return TrialOutcome{TrialState::Pruned, 0, "pruned", {}, nullptr};
    return TrialOutcome{TrialState::Complete, x, "", {}, nullptr};
  };
  MemoryStore store;
  auto r = run_study(space, tune_spec("random", 12), f, store, o);
  REQUIRE(seen.size() == 12);
  const StudyProgress& last = seen.back();
  CHECK(last.finished == 12);
  CHECK(last.complete == r.complete);
  CHECK(last.pruned == r.pruned);
  CHECK(last.failed == r.failed);
  CHECK(last.complete + last.pruned + last.failed == 12);
  CHECK(r.complete > 0);
  CHECK(r.failed + r.pruned > 0);
  for (const auto& p : seen) {
    CHECK(p.complete + p.pruned + p.failed == p.finished);
    CHECK(p.running >= 0);
    CHECK(p.running <= 2);
  }
}

TEST_CASE("studies of one run draw from their own seed: another study's name, other configurations") {
  // Two tune blocks of one script share the run's seed; keyed by their own
  // names they must not draw the same sequence (they did, before seed_key).
  auto draws = [](const std::string& method, const std::string& key, const std::string& name, int parallel) {
    MemoryStore store;
    StudyOptions o;
    o.seed = 7;
    o.seed_key = key;
    o.name = name;
    o.parallel = parallel;
    // A grid lists points of choices and integers only (its order is what the seed draws).
    const ir::SearchSpace space = method == "grid" ? space_of({integer("n", 1, 9), choice("act", {ir::Value::name("relu"), ir::Value::name("tanh")})})
                                                   : quadratic_space();
    auto r = run_study(space, tune_spec(method, 12), quadratic, store, o);
    REQUIRE(r.ok);
    std::vector<ir::Assignment> out;
    for (const auto& t : r.trials) out.push_back(t.hypers);
    return out;
  };
  for (std::string method : {"random", "sobol", "tpe", "grid"}) {
    CAPTURE(method);
    const auto mlp = draws(method, "mlp", "mlp", 1);
    const auto logreg = draws(method, "logreg", "logreg", 1);
    REQUIRE(mlp.size() == logreg.size());
    size_t same = 0;
    for (size_t i = 0; i < mlp.size(); ++i) same += mlp[i] == logreg[i];
    if (method == "grid") CHECK(mlp != logreg);  // the same 12 points: a point may meet itself, not the order
    else CHECK(same == 0);                       // continuous draws: no trial alike
    CHECK(draws(method, "mlp", "mlp", 3) == mlp);      // still the same serial or parallel
    CHECK(draws(method, "mlp", "renamed", 1) == mlp);  // --study renames it in a store: the draws stay
  }
  CHECK(study_draw_seed(7, "") == 7);  // a study run on its own (benches): the seed as given
  CHECK(study_draw_seed(7, "mlp") != study_draw_seed(7, "logreg"));
  CHECK(study_draw_seed(7, "mlp") != study_draw_seed(8, "mlp"));
}
