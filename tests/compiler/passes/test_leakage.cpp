// The leakage pass: the test split stays unseen, preprocessing fits on train.
#include <doctest/doctest.h>

#include "compiler/passes/leakage.h"
#include "tests/compiler/passes/checker_run.h"
#include "tests/compiler/passes/iris_ast.h"

using namespace xp;
using test::Codes;

TEST_CASE("leakage") {
  test::IrisAst s;
  auto run = [&](Diagnostics* d = nullptr) { return test::run_pass(s.program, verify_leakage, d); };
  SUBCASE("the iris script is clean") {
    s.add_train();
    CHECK(run().empty());
  }
  SUBCASE("a tune objective on the test split") {
    s.add_train();
    s.tune("mlp", {s.setting("maximize", s.member(s.name("test"), "accuracy"))});
    Diagnostics d;
    CHECK(run(&d) == Codes{"E0401"});
    CHECK(d.all()[0].help.find("`val.accuracy`") != std::string::npos);
  }
  SUBCASE("training on the test split") {
    s.train("mlp", s.member(s.name("iris"), "test"), {s.setting("loss", s.name("y"))});
    CHECK(run() == Codes{"E0402"});
  }
  SUBCASE("early stopping on a test metric") {
    s.train("mlp", s.name("iris"), {s.command("stop_early", {s.call("stop_early", {}, {{"monitor", s.member(s.name("test"), "loss")}})})});
    CHECK(run() == Codes{"E0402"});
  }
  SUBCASE("preprocessing fitted on held-out parts") {
    s.stmt(ast::Preprocess{"standardize", s.span(), s.member(s.name("iris"), "val")});
    s.stmt(ast::Preprocess{"minmax", s.span(), s.member(s.name("iris"), "test")});
    s.stmt(ast::Preprocess{"standardize", s.span(), s.member(s.name("iris"), "train")});
    CHECK(run() == Codes{"E0403", "E0403"});
  }
  SUBCASE("training on the validation split") {
    s.train("mlp", s.member(s.name("iris"), "val"), {s.setting("loss", s.name("y"))});
    CHECK(run() == Codes{"E0404"});
  }
  SUBCASE("the report may read the test split") {
    s.add_train();
    s.stmt(ast::Evaluate{"mlp", s.span(), s.member(s.name("iris"), "test")});
    CHECK(run().empty());
  }
}
