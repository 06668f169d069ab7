// Usage warnings: unused hypers, dead params, untrained models, unused data.
#include <doctest/doctest.h>

#include "compiler/passes/warnings.h"
#include "tests/compiler/passes/checker_run.h"
#include "tests/compiler/passes/iris_ast.h"

using namespace xp;
using ast::BinaryOp;
using test::Codes;

TEST_CASE("usage warnings") {
  test::IrisAst s;
  auto run = [&](Diagnostics* d = nullptr) { return test::run_pass(s.program, verify_usage, d); };
  SUBCASE("the iris script uses everything") {
    s.add_train();
    CHECK(run().empty());
  }
  SUBCASE("an untrained model, and a data set that is only preprocessed") {
    s.stmt(ast::Preprocess{"standardize", s.span(), s.name("iris")});
    Diagnostics d;
    CHECK(run(&d) == Codes{"W0104", "W0101", "W0103"});  // lr is read only by the missing train block
    CHECK(d.error_count() == 0);
    CHECK(d.warning_count() == 3);
  }
  SUBCASE("a hyper nothing reads") {
    s.add_train();
    s.hyper("unused", false, s.num(3));
    Diagnostics d;
    CHECK(run(&d) == Codes{"W0101"});
    CHECK(d.all()[0].message == "hyperparameter `unused` is never used");
  }
  SUBCASE("a param no output depends on, even through a dead local") {
    s.add_train();
    auto m = s.model("m2");
    m.input("x", {"F"}).param("W", {"F"}).param("V", {"F"});
    m.let("dead", s.bin(BinaryOp::Mul, s.name("x"), s.name("V")));
    m.let("live", s.bin(BinaryOp::Mul, s.name("x"), s.name("W")));
    m.ret(s.name("live")).done();
    s.train("m2", s.name("iris"), {s.setting("loss", s.call("mse", {s.call("m2", {s.name("x")}), s.name("y")}))});
    Diagnostics d;
    CHECK(run(&d) == Codes{"W0102"});
    CHECK(d.all()[0].message == "no output of model `m2` depends on parameter `V`");
  }
  SUBCASE("definitions from imported files are not reported") {
    s.add_train();
    s.hyper("imported", false, s.num(3));
    s.program.stmts.back().span.file = 1;  // as if merged from `import "defs.exp"`
    CHECK(run().empty());
  }
}
