#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/tune/sampler.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/sobol_table.h"
#include "runtime/tune/space.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

std::vector<ir::Assignment> draw(Sampler& s, int n, uint64_t seed = 1) {
  std::vector<ir::Assignment> out;
  for (int i = 0; i < n; ++i) out.push_back(s.propose(i, trial_seed(seed, i), {}).hypers);
  return out;
}

// L2-star discrepancy of points in [0,1]^d (Warnock's formula): smaller is more uniform.
double l2_star(const std::vector<std::vector<double>>& x) {
  const size_t n = x.size(), d = x[0].size();
  double a = 0, b = 0;
  for (size_t i = 0; i < n; ++i) {
    double p = 1;
    for (size_t k = 0; k < d; ++k) p *= 1 - x[i][k] * x[i][k];
    a += p;
    for (size_t j = 0; j < n; ++j) {
      double q = 1;
      for (size_t k = 0; k < d; ++k) q *= 1 - std::max(x[i][k], x[j][k]);
      b += q;
    }
  }
  return std::sqrt(std::pow(3.0, -static_cast<double>(d)) - std::pow(2.0, 1.0 - static_cast<double>(d)) * a / static_cast<double>(n) +
                   b / static_cast<double>(n * n));
}

std::vector<std::vector<double>> unit_points(Sampler& s, const ir::SearchSpace& space, int n, uint64_t seed) {
  std::vector<std::vector<double>> pts;
  for (const auto& a : draw(s, n, seed)) {
    std::vector<double> row;
    for (const auto& d : space.hypers) row.push_back(to_unit(d, a.at(d.name)));
    pts.push_back(row);
  }
  return pts;
}

ir::SearchSpace conditional_space() {
  return space_of({choice("opt", {ir::Value::name("sgd"), ir::Value::name("adam")}),
                   loguniform("lr", 1e-4, 1e-1),
                   when(uniform("momentum", 0.5, 0.99), "opt", "==", ir::Value::name("sgd")),
                   when(integer("warm", 1, 5), "momentum", ">", ir::Value::num(0.8))});
}

}  // namespace

TEST_CASE("random sampling covers ranges with the right scale") {
  auto space = space_of({uniform("x", 0, 10), loguniform("lr", 1e-5, 1e-1), integer("h", 16, 256, 16),
                         choice("act", {ir::Value::name("relu"), ir::Value::name("tanh"), ir::Value::name("gelu")})});
  auto s = make_random_sampler(space);
  auto pts = draw(*s, 4000);
  double below5 = 0, below_geo = 0;
  std::set<double> hs;
  std::map<std::string, int> acts;
  double xmin = 1e9, xmax = -1e9;
  for (const auto& a : pts) {
    const double x = num(a, "x");
    xmin = std::min(xmin, x);
    xmax = std::max(xmax, x);
    below5 += x < 5;
    below_geo += num(a, "lr") < 1e-3;  // geometric midpoint of [1e-5, 1e-1]
    hs.insert(num(a, "h"));
    acts[a.at("act").text]++;
    CHECK(domain_contains(*space.find("h"), a.at("h")));
  }
  CHECK(xmin < 0.05);
  CHECK(xmax > 9.95);
  CHECK(below5 / 4000 == doctest::Approx(0.5).epsilon(0.05));
  CHECK(below_geo / 4000 == doctest::Approx(0.5).epsilon(0.05));  // uniform in log: half below the geometric mean
  CHECK(hs.size() == 16);                                          // 16, 32, …, 256: every step reached
  for (auto& [name, count] : acts) CHECK(count == doctest::Approx(4000 / 3.0).epsilon(0.1));
}

TEST_CASE("sobol points are stratified and more uniform than random ones") {
  auto space = space_of({uniform("a", 0, 1), uniform("b", 0, 1), uniform("c", 0, 1), uniform("d", 0, 1)});
  SUBCASE("each of 64 points falls in its own 1/64 of every axis (a (0, m, s)-net property kept by Owen scrambling)") {
    auto s = make_sobol_sampler(space, 11);
    auto pts = unit_points(*s, space, 64, 11);
    for (size_t k = 0; k < 4; ++k) {
      std::set<int> cells;
      for (const auto& p : pts) cells.insert(static_cast<int>(p[k] * 64));
      CHECK(cells.size() == 64);
    }
  }
  SUBCASE("lower L2-star discrepancy than random, for every seed tried") {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      auto sob = make_sobol_sampler(space, seed);
      auto rnd = make_random_sampler(space);
      const double ds = l2_star(unit_points(*sob, space, 256, seed));
      const double dr = l2_star(unit_points(*rnd, space, 256, seed));
      CHECK(ds < 0.6 * dr);
    }
  }
  SUBCASE("unscrambled coordinates follow the Joe-Kuo directions") {
    // dimension 3 (x^2 + x + 1; m = 1, 3): points 1..3 are 1/2, 3/4, 1/4.
    CHECK(sobol_coordinate(1, 2) == 0x80000000u);
    CHECK(sobol_coordinate(2, 2) == 0xC0000000u);
    CHECK(sobol_coordinate(3, 2) == 0x40000000u);
    // The first 2^k points of any dimension hit every 1/2^k cell once.
    for (int dim : {7, 50, 200, 255}) {
      std::set<uint32_t> top;
      for (uint64_t i = 0; i < 256; ++i) top.insert(sobol_coordinate(i, dim) >> 24);
      CHECK(top.size() == 256);
    }
  }
  SUBCASE("different study seeds scramble differently") {
    auto a = make_sobol_sampler(space, 1), b = make_sobol_sampler(space, 2);
    CHECK_FALSE(draw(*a, 3)[1] == draw(*b, 3)[1]);
  }
}

TEST_CASE("grid search enumerates the whole product") {
  SUBCASE("choices × int steps × a stepped range") {
    ir::HyperDomain x = uniform("x", 0, 1);
    x.step = 0.5;
    auto space = space_of({choice("act", {ir::Value::name("relu"), ir::Value::name("tanh"), ir::Value::name("gelu")}),
                           integer("n", 1, 4), x});
    std::string error, help;
    auto g = make_grid_sampler(space, 3, 0, error, help);
    REQUIRE(g);
    REQUIRE(g->capacity() == 36);
    std::set<std::string> seen;
    for (const auto& a : draw(*g, 36)) seen.insert(a.at("act").text + std::to_string(num(a, "n")) + std::to_string(num(a, "x")));
    CHECK(seen.size() == 36);
  }
  SUBCASE("conditional hypers only multiply their own branch") {
    ir::HyperDomain m = uniform("momentum", 0.5, 0.9);
    m.step = 0.2;
    auto space = space_of({choice("opt", {ir::Value::name("sgd"), ir::Value::name("adam")}),
                           choice("lr", {ir::Value::num(0.1), ir::Value::num(0.01)}),
                           when(m, "opt", "==", ir::Value::name("sgd"))});
    std::string error, help;
    auto g = make_grid_sampler(space, 3, 0, error, help);
    REQUIRE(g);
    CHECK(g->capacity() == 8);  // sgd: 2 lr × 3 momentum; adam: 2 lr
    for (const auto& a : draw(*g, 8)) CHECK(assignment_fits(space, a));
  }
  SUBCASE("a range of a billion values is refused without listing it") {
    auto space = space_of({integer("w", 1, 1e9)});
    std::string error, help;
    CHECK_FALSE(make_grid_sampler(space, 3, 0, error, help));
    CHECK(error.find("1000000000 values of `w`") != std::string::npos);
    CHECK(help.find("count") != std::string::npos);
  }
  SUBCASE("a continuous range needs a step or a count") {
    auto space = space_of({loguniform("lr", 1e-4, 1e-1)});
    std::string error, help;
    CHECK_FALSE(make_grid_sampler(space, 3, 0, error, help));
    CHECK(error.find("`lr`") != std::string::npos);
    CHECK(help.find("count") != std::string::npos);
    error.clear();
    auto g = make_grid_sampler(space, 3, 4, error, help);
    REQUIRE(g);
    std::set<double> values;
    for (const auto& a : draw(*g, 4)) values.insert(num(a, "lr"));
    CHECK(*values.begin() == doctest::Approx(1e-4));
    CHECK(*std::next(values.begin()) == doctest::Approx(1e-3));
    CHECK(*values.rbegin() == doctest::Approx(1e-1));
  }
  SUBCASE("the study stops at the end of the grid and says so; a bad grid is a diagnostic") {
    MemoryStore store;
    auto space = space_of({choice("a", {ir::Value::num(1, true), ir::Value::num(2, true), ir::Value::num(3, true)})});
    StudyOptions o;
    auto r = run_study(space, tune_spec("grid", 10), [](const ir::Assignment&, TrialContext&) { return TrialOutcome{}; }, store, o);
    CHECK(r.trials.size() == 3);
    CHECK(r.stop_reason == "grid exhausted");
    Diagnostics diags;
    o.diagnostics = &diags;
    o.name = "bad";
    auto bad = run_study(space_of({uniform("x", 0, 1)}), tune_spec("grid", 10),
                         [](const ir::Assignment&, TrialContext&) { return TrialOutcome{}; }, store, o);
    CHECK_FALSE(bad.ok);
    REQUIRE(diags.has_errors());
    CHECK(diags.all()[0].help.find("step") != std::string::npos);
  }
}

TEST_CASE("no sampler ever gives a value to an inactive hyper") {
  auto space = conditional_space();
  for (const char* method : {"random", "sobol", "tpe"}) {
    CAPTURE(method);
    MemoryStore store;
    StudyOptions o;
    o.seed = 5;
    o.parallel = 2;
    auto spec = tune_spec(method, 60);
    add_option(spec, "startup", 8);
    int sgd = 0, warm = 0;
    auto r = run_study(space, spec, [&](const ir::Assignment& a, TrialContext&) {
      TrialOutcome out;
      out.value = std::log10(num(a, "lr")) + (a.count("momentum") ? num(a, "momentum") : 0.7);
      return out;
    }, store, o);
    REQUIRE(r.trials.size() == 60);
    for (const auto& t : r.trials) {
      std::string why;
      CHECK_MESSAGE(assignment_fits(space, t.hypers, &why), why);
      const bool is_sgd = t.hypers.at("opt").text == "sgd";
      sgd += is_sgd;
      CHECK(t.hypers.count("momentum") == (is_sgd ? 1u : 0u));
      warm += t.hypers.count("warm") > 0;
    }
    CHECK(sgd > 0);
    CHECK(sgd < 60);
    CHECK(warm > 0);
  }
}

TEST_CASE("TPE finds better points than random search on a smooth function, over seeds") {
  // Branin on [-5, 10] × [0, 15]: minimum 0.397887.
  auto space = space_of({uniform("x1", -5, 10), uniform("x2", 0, 15)});
  Objective branin = [](const ir::Assignment& a, TrialContext&) {
    const double x1 = num(a, "x1"), x2 = num(a, "x2"), pi = 3.14159265358979;
    TrialOutcome out;
    out.value = std::pow(x2 - 5.1 / (4 * pi * pi) * x1 * x1 + 5 / pi * x1 - 6, 2) + 10 * (1 - 1 / (8 * pi)) * std::cos(x1) + 10;
    return out;
  };
  std::vector<double> tpe, rnd;
  for (uint64_t seed = 1; seed <= 9; ++seed) {
    for (const char* method : {"tpe", "random"}) {
      MemoryStore store;
      StudyOptions o;
      o.seed = seed;
      o.parallel = 1;
      auto r = run_study(space, tune_spec(method, 60), branin, store, o);
      (std::string(method) == "tpe" ? tpe : rnd).push_back(r.trials[r.best].value - 0.397887);
    }
  }
  std::sort(tpe.begin(), tpe.end());
  std::sort(rnd.begin(), rnd.end());
  CHECK(tpe[4] < rnd[4]);  // median regret
  int wins = 0;
  for (size_t i = 0; i < tpe.size(); ++i) wins += tpe[i] < rnd[i];
  CHECK(wins >= 6);
}

TEST_CASE("multivariate TPE runs on mixed spaces and learns") {
  auto space = space_of({uniform("x", -3, 3), integer("k", 0, 10), choice("c", {ir::Value::name("a"), ir::Value::name("b")}),
                         when(uniform("z", 0, 1), "c", "==", ir::Value::name("b"))});
  Objective f = [](const ir::Assignment& a, TrialContext&) {
    TrialOutcome out;
    out.value = std::pow(num(a, "x") - 1, 2) + std::abs(num(a, "k") - 7) + (a.at("c").text == "b" ? num(a, "z") : 1.0);
    return out;
  };
  MemoryStore store;
  StudyOptions o;
  o.seed = 4;
  auto spec = tune_spec("tpe", 80);
  ir::NamedHExpr mv;
  mv.name = "multivariate";
  mv.value.kind = ir::HExpr::Kind::Name;
  mv.value.name = "true";
  spec.options.push_back(mv);
  auto r = run_study(space, spec, f, store, o);
  REQUIRE(r.ok);
  double early = 1e9, late = 1e9;
  for (const auto& t : r.trials) (t.number < 20 ? early : late) = std::min(t.number < 20 ? early : late, t.value);
  CHECK(late < early);
  CHECK(r.trials[r.best].value < 1.0);
}
