// Optimizer steps against hand-computed values, schedules, clipping.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "runtime/core/errors.h"
#include "runtime/optim/clip.h"
#include "runtime/optim/optimizer.h"
#include "runtime/optim/schedule.h"

using namespace xp::rt;

namespace {
CallArgs args(std::string fn, std::vector<std::pair<std::string, double>> a) {
  CallArgs c;
  c.fn = std::move(fn);
  c.args = std::move(a);
  return c;
}
struct Params {
  std::vector<float> w, g;
  ParamSet set() { return {w, g}; }
};
}  // namespace

TEST_CASE("sgd: plain, momentum and nesterov steps") {
  SUBCASE("plain") {
    Params p{{1.f, 2.f}, {0.5f, -1.f}};
    auto opt = make_optimizer(args("sgd", {{"", 0.1}}), 2);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(0.95));
    CHECK(p.w[1] == doctest::Approx(2.1));
  }
  SUBCASE("momentum: v₂ = 0.9·g + g") {
    Params p{{1.f}, {0.5f}};
    auto opt = make_optimizer(args("sgd", {{"", 0.1}, {"momentum", 0.9}}), 1);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(1 - 0.05));
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(1 - 0.05 - 0.1 * 1.9 * 0.5));
  }
  SUBCASE("nesterov: first step moves by lr·(g + μg)") {
    Params p{{1.f}, {0.5f}};
    auto opt = make_optimizer(args("sgd", {{"", 0.1}, {"momentum", 0.9}, {"nesterov", 1}}), 1);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(1 - 0.1 * 1.9 * 0.5));
  }
  SUBCASE("the rate passed to step wins over the base rate (schedules)") {
    Params p{{1.f}, {1.f}};
    auto opt = make_optimizer(args("sgd", {{"lr", 0.1}}), 1);
    CHECK(opt->base_lr() == doctest::Approx(0.1));
    opt->step(p.set(), 0.5f);
    CHECK(p.w[0] == doctest::Approx(0.5));
  }
}

TEST_CASE("adam and adamw against hand-computed steps") {
  SUBCASE("adam, gradients 1 then -2") {
    Params p{{0.f}, {1.f}};
    auto opt = make_optimizer(args("adam", {{"", 0.1}}), 1);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(-0.099999999).epsilon(1e-6));
    p.g[0] = -2.f;
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(-0.0633896465).epsilon(1e-5));
  }
  SUBCASE("adamw decays decoupled from the gradient") {
    Params p{{1.f}, {0.f}};
    auto opt = make_optimizer(args("adamw", {{"", 0.1}, {"weight_decay", 0.01}}), 1);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(0.999));
  }
  SUBCASE("adam's weight_decay is an L2 term in the gradient") {
    Params p{{1.f}, {0.f}};
    auto opt = make_optimizer(args("adam", {{"", 0.1}, {"weight_decay", 0.5}}), 1);
    opt->step(p.set(), 0.1f);  // g = 0.5 → first Adam step moves by lr·sign(g)
    CHECK(p.w[0] == doctest::Approx(0.9));
  }
}

TEST_CASE("rmsprop and adagrad") {
  Params p{{0.f}, {2.f}};
  SUBCASE("rmsprop: v = 0.1·g², step g/√v") {
    auto opt = make_optimizer(args("rmsprop", {{"", 0.1}}), 1);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(-0.1 * 2 / std::sqrt(0.4)));
  }
  SUBCASE("adagrad: s = g², step g/√s, then g/√(2g²)") {
    auto opt = make_optimizer(args("adagrad", {{"", 0.1}}), 1);
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(-0.1));
    opt->step(p.set(), 0.1f);
    CHECK(p.w[0] == doctest::Approx(-0.1 - 0.1 / std::sqrt(2.0)));
  }
}

TEST_CASE("optimizer arguments are checked") {
  CHECK_THROWS_AS(make_optimizer(args("lbfgs", {{"", 0.1}}), 1), GraphError);
  CHECK_THROWS_AS(make_optimizer(args("adam", {}), 1), GraphError);
  CHECK_THROWS_AS(make_optimizer(args("adam", {{"", -1}}), 1), GraphError);
  CHECK_THROWS_AS(make_optimizer(args("adam", {{"", 0.1}, {"momentum", 0.9}}), 1), GraphError);
  CHECK_THROWS_AS(make_optimizer(args("sgd", {{"", 0.1}, {"momentum", 1.5}}), 1), GraphError);
  CHECK_THROWS_AS(make_optimizer(args("sgd", {{"", 0.1}, {"nesterov", 1}}), 1), GraphError);
}

TEST_CASE("learning-rate schedules") {
  SUBCASE("constant") {
    Schedule s = Schedule::make(std::nullopt);
    CHECK(s.lr_at(0.1f, 7, 10) == doctest::Approx(0.1));
  }
  SUBCASE("step") {
    Schedule s = Schedule::make(args("step", {{"every", 2}, {"gamma", 0.5}}));
    const double want[] = {1, 1, 0.5, 0.5, 0.25};
    for (int e = 1; e <= 5; ++e) CHECK(s.lr_at(1.f, e, 5) == doctest::Approx(want[e - 1]));
  }
  SUBCASE("cosine from lr to min") {
    Schedule s = Schedule::make(args("cosine", {{"min", 0.1}}));
    CHECK(s.lr_at(1.f, 1, 4) == doctest::Approx(1.0));
    CHECK(s.lr_at(1.f, 3, 4) == doctest::Approx(0.1 + 0.9 * 0.5));
    CHECK(s.lr_at(1.f, 4, 4) == doctest::Approx(0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * 0.75))));
  }
  SUBCASE("warmup") {
    Schedule s = Schedule::make(args("warmup", {{"epochs", 4}}));
    CHECK(s.lr_at(1.f, 1, 10) == doctest::Approx(0.25));
    CHECK(s.lr_at(1.f, 4, 10) == doctest::Approx(1.0));
    CHECK(s.lr_at(1.f, 9, 10) == doctest::Approx(1.0));
  }
  CHECK_THROWS_AS(Schedule::make(args("exponential", {})), GraphError);
  CHECK_THROWS_AS(Schedule::make(args("step", {{"every", 0}})), GraphError);
}

TEST_CASE("clipping by global norm") {
  Params p{{0.f, 0.f}, {3.f, 4.f}};
  SUBCASE("above the limit: scaled to it, direction kept") {
    CHECK(clip_by_global_norm(p.set(), 1.f) == doctest::Approx(5.0));
    CHECK(p.g[0] == doctest::Approx(0.6));
    CHECK(p.g[1] == doctest::Approx(0.8));
  }
  SUBCASE("below the limit: unchanged") {
    CHECK(clip_by_global_norm(p.set(), 10.f) == doctest::Approx(5.0));
    CHECK(p.g[0] == 3.f);
  }
}
