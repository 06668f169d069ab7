#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/tune/space.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

TEST_CASE("from_unit maps the unit interval onto each kind of domain") {
  SUBCASE("uniform is linear") {
    auto d = uniform("x", -2, 6);
    CHECK(from_unit(d, 0.0).number == doctest::Approx(-2));
    CHECK(from_unit(d, 0.25).number == doctest::Approx(0));
    CHECK(to_unit(d, ir::Value::num(4)) == doctest::Approx(0.75));
  }
  SUBCASE("loguniform is linear in the logarithm") {
    auto d = loguniform("lr", 1e-4, 1e-0);
    CHECK(from_unit(d, 0.5).number == doctest::Approx(1e-2));
    CHECK(from_unit(d, 0.25).number == doctest::Approx(1e-3));
    CHECK(to_unit(d, ir::Value::num(1e-3)) == doctest::Approx(0.25));
  }
  SUBCASE("int with a step reaches every step, and only steps, with equal cells") {
    auto d = integer("h", 8, 64, 8);
    CHECK(discrete_count(d) == 8);
    std::map<double, int> seen;
    for (int i = 0; i < 8000; ++i) {
      auto v = from_unit(d, (i + 0.5) / 8000.0);
      CHECK(v.is_int);
      seen[v.number]++;
    }
    REQUIRE(seen.size() == 8);
    for (auto [value, count] : seen) {
      CHECK(std::fmod(value - 8, 8) == 0);
      CHECK(count == 1000);
    }
    CHECK(from_unit(d, to_unit(d, ir::Value::num(40, true))).number == 40);
  }
  SUBCASE("int on a log scale favours small values but reaches both ends") {
    auto d = integer("units", 1, 1000, 0, true);
    std::set<double> seen;
    int below_32 = 0;
    for (int i = 0; i < 10000; ++i) {
      double v = from_unit(d, (i + 0.5) / 10000.0).number;
      seen.insert(v);
      below_32 += v < 32;
    }
    CHECK(*seen.begin() == 1);
    CHECK(*seen.rbegin() == 1000);
    CHECK(below_32 > 4500);  // log scale: about half the mass below sqrt(1000)
    CHECK(below_32 < 5500);
  }
  SUBCASE("choice cells are equal") {
    auto d = choice("act", {ir::Value::name("relu"), ir::Value::name("tanh"), ir::Value::str("gelu")});
    CHECK(from_unit(d, 0.1).text == "relu");
    CHECK(from_unit(d, 0.5).text == "tanh");
    CHECK(from_unit(d, 0.99).text == "gelu");
    CHECK(from_unit(d, 1.0).text == "gelu");  // clamped inside
    CHECK(to_unit(d, ir::Value::name("tanh")) == doctest::Approx(0.5));
  }
}

TEST_CASE("assemble gives values only to active hypers") {
  auto space = space_of({choice("opt", {ir::Value::name("sgd"), ir::Value::name("adam")}),
                         when(uniform("momentum", 0.5, 0.99), "opt", "==", ir::Value::name("sgd")),
                         fixed("epochs", ir::Value::num(10, true))});
  auto sgd = assemble(space, [](size_t) { return 0.1; });
  CHECK(sgd.at("opt").text == "sgd");
  CHECK(sgd.count("momentum") == 1);
  CHECK(sgd.at("epochs").number == 10);
  int asked_momentum = 0;
  auto adam = assemble(space, [&](size_t i) {
    asked_momentum += i == 1;
    return 0.9;
  });
  CHECK(adam.at("opt").text == "adam");
  CHECK(adam.count("momentum") == 0);
  CHECK(asked_momentum == 0);  // an inactive hyper is never sampled
  CHECK(assignment_fits(space, sgd));
  CHECK(assignment_fits(space, adam));
  std::string why;
  auto bad = adam;
  bad["momentum"] = ir::Value::num(0.9);
  CHECK_FALSE(assignment_fits(space, bad, &why));
  CHECK(why.find("momentum") != std::string::npos);
}
