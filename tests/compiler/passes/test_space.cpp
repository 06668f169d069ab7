// The search-space pass: spaces that can be sampled, conditions that hold.
#include <doctest/doctest.h>

#include "compiler/passes/space.h"
#include "tests/compiler/passes/checker_run.h"
#include "tests/compiler/passes/iris_ast.h"

using namespace xp;
using ast::BinaryOp;
using test::Codes;

TEST_CASE("search spaces") {
  test::IrisAst s;
  s.add_train();
  auto run = [&](Diagnostics* d = nullptr) { return test::run_pass(s.program, verify_space, d); };
  auto neg = [&](double v) { return s.program.add(s.span(), ast::Unary{ast::UnaryOp::Neg, s.num(v)}); };

  SUBCASE("the iris spaces are valid") { CHECK(run().empty()); }
  SUBCASE("loguniform with a bound at or below 0") {
    s.hyper("a", true, s.call("loguniform", {s.num(0), s.num(1)}));
    s.hyper("b", true, s.call("loguniform", {neg(1), s.num(1)}));
    CHECK(run() == Codes{"E0501", "E0501"});
  }
  SUBCASE("low not below high") {
    s.hyper("a", true, s.call("uniform", {s.num(1), s.num(0.5)}));
    s.hyper("b", true, s.call("int", {s.num(3), s.num(3)}));
    CHECK(run() == Codes{"E0502", "E0502"});
  }
  SUBCASE("int bounds and steps are whole numbers") {
    s.hyper("a", true, s.call("int", {s.num(1.5), s.num(8)}));
    s.hyper("b", true, s.call("int", {s.num(1), s.num(8)}, {{"step", s.num(0.5)}}));
    CHECK(run() == Codes{"E0503", "E0503"});
  }
  SUBCASE("a step at or below 0") {
    s.hyper("a", true, s.call("uniform", {s.num(0), s.num(1)}, {{"step", s.num(0)}}));
    CHECK(run() == Codes{"E0504"});
  }
  // Grid search (E0505, E0516) is checked per study on the lowered program
  // (compiler/passes/grid_space.cpp; test_check_scripts.cpp).
  SUBCASE("an empty choice and a repeated value") {
    s.hyper("a", true, s.call("choice", {}));
    s.hyper("b", true, s.call("choice", {s.num(8), s.num(16), s.num(8)}));
    Diagnostics d;
    CHECK(run(&d) == Codes{"E0506", "E0507"});
    CHECK(d.all()[1].secondary.size() == 1);
  }
  SUBCASE("a non-literal bound, mixed choices, not a space") {
    s.hyper("a", true, s.call("uniform", {s.num(0), s.name("hidden")}));
    s.hyper("b", true, s.call("choice", {s.num(8), s.name("relu")}));
    s.hyper("c", true, s.num(0.1));
    s.hyper("d", true, s.call("normal", {s.num(0), s.num(1)}));
    CHECK(run() == Codes{"E0512", "E0513", "E0514", "E0514"});
  }
  SUBCASE("conditions") {
    s.hyper("opt", true, s.call("choice", {s.name("sgd"), s.name("adam")}));
    SUBCASE("a valid condition") {
      s.hyper("momentum", true, s.call("uniform", {s.num(0.5), s.num(0.99)}),
              s.bin(BinaryOp::Eq, s.name("opt"), s.name("sgd")));
      CHECK(run().empty());
    }
    SUBCASE("on a model") {
      s.hyper("m", true, s.call("uniform", {s.num(0.5), s.num(0.99)}), s.bin(BinaryOp::Eq, s.name("mlp"), s.num(1)));
      CHECK(run() == Codes{"E0508"});
    }
    SUBCASE("a value the hyper never takes") {
      s.hyper("m", true, s.call("uniform", {s.num(0.5), s.num(0.99)}), s.bin(BinaryOp::Eq, s.name("opt"), s.name("sgdd")));
      s.hyper("k", true, s.call("uniform", {s.num(0.5), s.num(0.99)}), s.bin(BinaryOp::Gt, s.name("hidden"), s.num(16)));
      Diagnostics d;
      CHECK(run(&d) == Codes{"E0509", "E0509"});
      CHECK(d.all()[0].help == "did you mean `sgd`?");
      CHECK(d.all()[0].notes[0] == "`opt` takes one of sgd, adam");
    }
    SUBCASE("a hyper declared later") {
      s.hyper("m", true, s.call("uniform", {s.num(0.5), s.num(0.99)}), s.bin(BinaryOp::Eq, s.name("later"), s.num(1)));
      s.hyper("later", true, s.call("int", {s.num(1), s.num(3)}));
      CHECK(run() == Codes{"E0510"});
    }
    SUBCASE("on itself") {
      s.hyper("m", true, s.call("int", {s.num(1), s.num(3)}), s.bin(BinaryOp::Gt, s.name("m"), s.num(1)));
      CHECK(run() == Codes{"E0511"});
    }
    SUBCASE("joined by or") {
      s.hyper("m", true, s.call("int", {s.num(1), s.num(3)}),
              s.bin(BinaryOp::Or, s.bin(BinaryOp::Eq, s.name("opt"), s.name("sgd")), s.bin(BinaryOp::Gt, s.name("hidden"), s.num(8))));
      CHECK(run() == Codes{"E0515"});
    }
  }
  SUBCASE("warnings") {
    s.hyper("a", true, s.call("uniform", {s.num(1e-5), s.num(1)}));
    s.hyper("b", true, s.call("int", {s.num(1), s.num(10)}, {{"step", s.num(4)}}));
    Diagnostics d;
    CHECK(run(&d) == Codes{"W0105", "W0106"});
    CHECK(d.error_count() == 0);
    CHECK(d.all()[0].help == "use `loguniform(1e-05, 1)`");
    CHECK(d.all()[1].notes[0] == "the largest value drawn will be 9, not 10");
  }
}
