// The registry contract: every name the runtime accepts is declared in
// stdlib/builtins.cpp and every declared name is implemented; each option the
// runtime reads is declared there, and it applies the declared bounds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>

#include "runtime/data/datasets.h"
#include "runtime/data/generators.h"
#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"
#include "runtime/metrics/metrics.h"
#include "runtime/optim/optimizer.h"
#include "runtime/optim/schedule.h"
#include "runtime/tune/plan.h"
#include "stdlib/builtins.h"
#include "stdlib/generators.h"

using namespace xp;
using stdlib::Category;

namespace {

std::set<std::string> registry_names(Category c) {
  std::set<std::string> out;
  for (const auto& b : stdlib::all())
    if (b.category == c) out.emplace(b.name);
  return out;
}
template <class Names>
std::set<std::string> as_set(const Names& names) {
  std::set<std::string> out;
  for (const auto& n : names) out.emplace(n);
  return out;
}

// A value just outside an argument's bounds (or of the wrong kind).
double outside(const stdlib::Arg& a) {
  if (a.type == stdlib::ArgType::Bool) return 2;
  if (std::isfinite(a.min)) return a.min - 1;
  if (std::isfinite(a.max)) return a.max + 1;
  return std::nan("");
}

rt::CallArgs call(std::string fn, std::vector<std::pair<std::string, double>> args) {
  rt::CallArgs c;
  c.fn = std::move(fn);
  c.args = std::move(args);
  return c;
}

ir::TuneSpec tune(std::string method, std::vector<ir::NamedHExpr> options = {}) {
  ir::TuneSpec t;
  t.method = std::move(method);
  t.options = std::move(options);
  return t;
}

ir::SearchSpace one_hyper() {
  ir::HyperDomain d;
  d.kind = ir::HyperDomain::Kind::Uniform;
  d.name = "lr";
  d.low = 0.001;
  d.high = 0.1;
  d.step = 0.01;
  ir::SearchSpace s;
  s.hypers.push_back(d);
  return s;
}

bool mentions(const Diagnostics& diags, const std::string& text) {
  for (const auto& d : diags.all())
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("registry contract: the runtime implements exactly the declared names") {
  CHECK(as_set(rt::optimizer_names()) == registry_names(Category::Optimizer));
  CHECK(as_set(rt::Schedule::names()) == registry_names(Category::Schedule));
  CHECK(as_set(rt::generator_names()) == registry_names(Category::Generator));
  std::set<std::string> metrics;
  for (const auto& m : rt::metric_infos()) metrics.emplace(m.name);
  CHECK(metrics == registry_names(Category::Metric));
  std::set<std::string> shipped;
  for (const auto& d : rt::shipped_datasets()) {
    shipped.emplace(d.name);
    const stdlib::Builtin* b = stdlib::find(d.name, Category::Dataset);
    REQUIRE(b);
    CHECK(stdlib::task_name(b->task) == (d.task == rt::Task::Classification ? "classification" : "regression"));
  }
  CHECK(shipped == registry_names(Category::Dataset));
  for (const auto& b : stdlib::all())
    if (b.category == Category::Activation || b.category == Category::Tensor || b.category == Category::Loss ||
        b.category == Category::Penalty) {
      CAPTURE(b.name);
      CHECK(rt::find_kernel(b.name) != nullptr);
    }
}

TEST_CASE("registry contract: metric direction and task are the registry's") {
  for (const auto& m : rt::metric_infos()) {
    CAPTURE(m.name);
    const stdlib::Builtin* b = stdlib::find(m.name, Category::Metric);
    REQUIRE(b);
    CHECK(rt::higher_is_better(m.name) == b->higher_is_better);
    CHECK(m.classification == stdlib::fits_task(b->task, "classification"));
    CHECK(m.regression == stdlib::fits_task(b->task, "regression"));
  }
  CHECK(rt::higher_is_better("r2"));
  CHECK_FALSE(rt::higher_is_better("log_loss"));
}

TEST_CASE("registry contract: optimizers read every declared option, with its bounds, and nothing else") {
  for (const auto& b : stdlib::all()) {
    if (b.category != Category::Optimizer) continue;
    CAPTURE(b.name);
    CHECK_NOTHROW(rt::make_optimizer(call(std::string(b.name), {{"", 0.01}}), 4));
    for (const auto& a : b.args) {
      if (!a.named) continue;
      CAPTURE(a.name);
      // The declared default is accepted; a value outside the declared bounds is refused naming the option.
      CHECK_NOTHROW(rt::make_optimizer(call(std::string(b.name), {{"", 0.01}, {std::string(a.name), a.default_value}}), 4));
      try {
        rt::make_optimizer(call(std::string(b.name), {{"", 0.01}, {std::string(a.name), outside(a)}}), 4);
        FAIL("accepted a value outside the declared bounds");
      } catch (const rt::GraphError& e) {
        CHECK(std::string(e.what()).find(std::string(a.name)) != std::string::npos);
      }
    }
    CHECK_THROWS_AS(rt::make_optimizer(call(std::string(b.name), {{"", 0.01}, {"undeclared", 1}}), 4), rt::GraphError);
  }
  CHECK_THROWS_AS(rt::make_optimizer(call("lion", {{"", 0.01}}), 4), rt::GraphError);
}

TEST_CASE("registry contract: schedules read every declared option, with its bounds") {
  for (const auto& b : stdlib::all()) {
    if (b.category != Category::Schedule) continue;
    CAPTURE(b.name);
    CHECK_NOTHROW(rt::Schedule::make(call(std::string(b.name), {})));
    for (const auto& a : b.args) {
      CAPTURE(a.name);
      CHECK_THROWS_AS(rt::Schedule::make(call(std::string(b.name), {{std::string(a.name), outside(a)}})), rt::GraphError);
    }
  }
  CHECK_THROWS_AS(rt::Schedule::make(call("constant", {})), rt::GraphError);  // an initializer, not a schedule
}

TEST_CASE("registry contract: every tune method and pruner of the registry plans a study; others are refused") {
  for (const auto& b : stdlib::all()) {
    if (b.category != Category::Method) continue;
    CAPTURE(b.name);
    Diagnostics diags;
    CHECK(rt::plan_study(one_hyper(), tune(std::string(b.name)), 1, 27, diags).has_value());
    CHECK(diags.error_count() == 0);
  }
  for (const auto& b : stdlib::all()) {
    if (b.category != Category::Pruner) continue;
    CAPTURE(b.name);
    Diagnostics diags;
    auto t = tune("random");
    t.prune = ir::CallSpec{};
    t.prune->fn = std::string(b.name);
    CHECK(rt::plan_study(one_hyper(), t, 1, 27, diags).has_value());
    CHECK(diags.error_count() == 0);
  }
  Diagnostics diags;
  CHECK_FALSE(rt::plan_study(one_hyper(), tune("bohb"), 1, 27, diags).has_value());
  auto t = tune("random");
  t.prune = ir::CallSpec{};
  t.prune->fn = "patient";
  CHECK_FALSE(rt::plan_study(one_hyper(), t, 1, 27, diags).has_value());
}

TEST_CASE("registry contract: the study plan reads every sampler and pruner option with the declared bounds") {
  // trials, timeout, parallel, cv and refit are read when lowering the tune block; the rest by plan_study.
  const std::set<std::string> lowered = {"trials", "timeout", "parallel", "cv", "refit"};
  for (const auto& a : stdlib::tune_options()) {
    if (lowered.count(std::string(a.name))) continue;
    CAPTURE(a.name);
    Diagnostics diags;
    auto t = tune("tpe", {{std::string(a.name), ir::HExpr::constant(outside(a)), {}}});
    CHECK_FALSE(rt::plan_study(one_hyper(), t, 1, 27, diags).has_value());
    CHECK(mentions(diags, "`" + std::string(a.name) + "`"));
  }
  for (const auto& b : stdlib::all()) {
    if (b.category != Category::Pruner) continue;
    for (const auto& a : b.args) {
      CAPTURE(b.name);
      CAPTURE(a.name);
      Diagnostics diags;
      auto t = tune("random");
      t.prune = ir::CallSpec{};
      t.prune->fn = std::string(b.name);
      t.prune->args.push_back({std::string(a.name), ir::HExpr::constant(outside(a)), {}});
      CHECK_FALSE(rt::plan_study(one_hyper(), t, 1, 27, diags).has_value());
      CHECK(mentions(diags, "`" + std::string(a.name) + "`"));
    }
  }
  SUBCASE("gamma: the bound the checker applies (0.5) is the runtime's") {
    const stdlib::Arg* gamma = stdlib::find_arg(stdlib::tune_options(), "gamma");
    REQUIRE(gamma);
    CHECK_FALSE(gamma->accepts(0.9));
    Diagnostics diags;
    CHECK_FALSE(rt::plan_study(one_hyper(), tune("tpe", {{"gamma", ir::HExpr::constant(0.9), {}}}), 1, 27, diags));
  }
}

TEST_CASE("registry: an option the runtime reads but the registry does not declare is an internal error") {
  CHECK_THROWS_AS(stdlib::declared("adam", Category::Optimizer, "amsgrad"), std::logic_error);
  CHECK_THROWS_AS(stdlib::declared(stdlib::tune_options(), "n_trials"), std::logic_error);
  CHECK(stdlib::declared("adamw", Category::Optimizer, "weight_decay").default_value == 0.01);
}

TEST_CASE("registry: signatures are rendered from the arguments") {
  CHECK(stdlib::signature(*stdlib::find("sgd", Category::Optimizer)) ==
        "sgd(lr, momentum: 0, nesterov: false, weight_decay: 0)");
  CHECK(stdlib::signature(*stdlib::find("csv", Category::Source)) ==
        "csv(path, target: \"col\", columns: [\"a\", \"b\"], drop: [\"id\"], task: classification|regression, impute: none|mean|median|drop, sep: \",\", "
        "shape: [h, w, c], tokens: false, text: \"col\", length: 32, vocab: n)");
  CHECK(stdlib::signature(*stdlib::find("sha", Category::Pruner)) == "sha(min: 1, max: epochs, eta: 3)");
  CHECK(stdlib::signature(*stdlib::find("concat", Category::Tensor)) == "concat(a, b, ...)");
  // a positional argument that may be left out is marked, so the mask does not read as required
  CHECK(stdlib::signature(*stdlib::find("attention", Category::Tensor)) == "attention(q, k, v, mask?, causal: false)");
  CHECK(stdlib::signature(*stdlib::find("accuracy", Category::Metric)) == "accuracy");
  CHECK(stdlib::signature(*stdlib::find("onehot", Category::Preprocess)) == "onehot DATA.column");
}

TEST_CASE("registry: range texts say what the bounds are") {
  CHECK(stdlib::declared("sgd", Category::Optimizer, "momentum").range_text() == "a number in [0, 1)");
  CHECK(stdlib::declared("adam", Category::Optimizer, "eps").range_text() == "a number in (0, 1]");
  CHECK(stdlib::declared(stdlib::tune_options(), "trials").range_text() == "a whole number ≥ 1");
  CHECK(stdlib::declared(stdlib::tune_options(), "gamma").range_text() == "a number from 0.01 to 0.5");
  CHECK(stdlib::declared("csv", Category::Source, "impute").range_text() == "one of `none`, `mean`, `median`, `drop`");
}

TEST_CASE("registry: every generator declares `seed:` last, after its options") {
  for (const auto& b : stdlib::all()) {
    if (b.category != Category::Generator) continue;
    CAPTURE(b.name);
    REQUIRE_FALSE(b.args.empty());
    CHECK(b.args.back().name == "seed");
    CHECK(stdlib::generator_options(b.name).size() == b.args.size() - 1);
    CHECK(b.task != stdlib::Task::None);
  }
}
