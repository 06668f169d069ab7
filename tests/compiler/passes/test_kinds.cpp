// The kinds pass: rules 2 and 3, callability, arguments, values, settings.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/passes/kinds.h"
#include "compiler/passes/resolve.h"
#include "tests/compiler/passes/iris_ast.h"

using namespace xp;
using ast::BinaryOp;

namespace {

// Resolve then check kinds; the codes of all diagnostics, in order.
std::vector<std::string> codes(const ast::Program& p, Diagnostics* out = nullptr) {
  Diagnostics d;
  Resolution r = resolve(p, d);
  verify_kinds(p, r, d);
  std::vector<std::string> c;
  for (const auto& x : d.all()) c.push_back(x.code);
  if (out) *out = d;
  return c;
}
using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("the iris script has no kind errors") {
  test::IrisAst s;
  s.add_train();
  CHECK(codes(s.program).empty());
}

TEST_CASE("rule 2: parameters are learned, not set") {
  test::IrisAst s;
  s.add_train();
  SUBCASE("a param assigned in its model") {
    auto m = s.model("m2");
    m.input("x", {"F"}).param("W", {"F"}).let("W", s.name("x")).ret(s.name("W")).done();
    s.train("m2", s.name("iris"), {s.setting("loss", s.call("mse", {s.call("m2", {s.name("x")}), s.name("y")}))});
    CHECK(codes(s.program) == Codes{"E0201"});
  }
  SUBCASE("a param set in a train block") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")), s.setting("W1", s.num(0))});
    CHECK(codes(s.program) == Codes{"E0201"});
  }
  SUBCASE("a param in a search space") {
    s.hyper("bad", true, s.call("uniform", {s.num(0), s.member(s.name("mlp"), "W1")}));
    CHECK(codes(s.program) == Codes{"E0202"});
  }
  SUBCASE("a param in a tune objective") {
    s.tune("mlp", {s.setting("minimize", s.member(s.name("mlp"), "b1"))});
    Diagnostics d;
    auto c = codes(s.program, &d);
    CHECK(std::count(c.begin(), c.end(), "E0202") == 1);
    CHECK(d.all()[0].message == "parameter `mlp.b1` used in a tune objective");
  }
}

TEST_CASE("rule 3: hyperparameters are not assigned in models or train blocks") {
  test::IrisAst s;
  s.add_train();
  SUBCASE("inside a model") {
    auto m = s.model("m2");
    m.input("x", {"F"}).let("lr", s.bin(BinaryOp::Mul, s.name("lr"), s.num(0.5))).ret(s.name("x")).done();
    s.train("m2", s.name("iris"), {s.setting("loss", s.call("mse", {s.call("m2", {s.name("x")}), s.name("y")}))});
    CHECK(codes(s.program) == Codes{"E0203"});
  }
  SUBCASE("inside a train block") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")), s.setting("lr", s.num(0.1))});
    CHECK(codes(s.program) == Codes{"E0203"});
  }
  SUBCASE("a penalty of a hyper") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.call("l2", {s.name("lr")}))});
    CHECK(codes(s.program) == Codes{"E0208"});
  }
}

TEST_CASE("calls and values") {
  test::IrisAst s;
  s.add_train();
  SUBCASE("calling a numeric hyper") {
    s.stmt(ast::Print{s.call("hidden", {s.num(1)})});
    CHECK(codes(s.program) == Codes{"E0204"});
  }
  SUBCASE("a model used as a number") {
    s.stmt(ast::Print{s.bin(BinaryOp::Add, s.name("mlp"), s.num(1))});
    CHECK(codes(s.program) == Codes{"E0205"});
  }
  SUBCASE("wrong arity of a loss") {
    s.stmt(ast::Print{s.call("cross_entropy", {s.num(1)})});
    Diagnostics d;
    CHECK(codes(s.program, &d) == Codes{"E0206"});
    CHECK(d.all()[0].message == "`cross_entropy` takes 2 arguments but 1 was given");
  }
  SUBCASE("an unknown named argument with a suggestion") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")),
                                    s.setting("optimizer", s.call("adam", {s.name("lr")}, {{"beta", s.num(0.9)}}))});
    Diagnostics d;
    CHECK(codes(s.program, &d) == Codes{"E0207"});
    CHECK(d.all()[0].help == "did you mean `beta1`?");
  }
  SUBCASE("a hyper choosing optimizers takes the union of their arguments") {
    s.hyper("opt", true, s.call("choice", {s.name("sgd"), s.name("adam")}));
    s.hyper("momentum", true, s.call("uniform", {s.num(0.5), s.num(0.99)}));
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")),
                                    s.setting("optimizer", s.call("opt", {s.name("lr")}, {{"momentum", s.name("momentum")}}))});
    CHECK(codes(s.program).empty());
  }
  SUBCASE("an activation where an optimizer belongs") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")), s.setting("optimizer", s.call("relu", {s.name("lr")}))});
    CHECK(codes(s.program) == Codes{"E0208"});
  }
  SUBCASE("training a hyper") {
    s.train("lr", s.name("iris"), {s.setting("loss", s.name("y"))});
    CHECK(codes(s.program) == Codes{"E0208"});
  }
}

TEST_CASE("metrics and settings") {
  test::IrisAst s;
  s.add_train();
  SUBCASE("a regression metric on iris") {
    s.report("mlp", {s.colon("test", {s.name("r2")})});
    Diagnostics d;
    CHECK(codes(s.program, &d) == Codes{"E0209"});
    CHECK(d.all()[0].message == "metric `r2` does not apply to classification data `iris`");
  }
  SUBCASE("a confusion matrix as an objective") {
    s.tune("mlp", {s.setting("maximize", s.member(s.name("val"), "confusion"))});
    CHECK(codes(s.program) == Codes{"E0210"});
  }
  SUBCASE("an unknown setting") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")), s.setting("optimiser", s.num(1))});
    Diagnostics d;
    CHECK(codes(s.program, &d) == Codes{"E0601"});
    CHECK(d.all()[0].help == "did you mean `optimizer`?");
  }
  SUBCASE("a setting given twice") {
    s.train("mlp", s.name("iris"), {s.setting("loss", s.name("y")), s.setting("epochs", s.num(1)), s.setting("epochs", s.num(2))});
    CHECK(codes(s.program) == Codes{"E0602"});
  }
  SUBCASE("a train block without a loss") {
    s.train("mlp", s.name("iris"), {s.setting("epochs", s.num(1))});
    CHECK(codes(s.program) == Codes{"E0603"});
  }
  SUBCASE("maximize and minimize") {
    s.tune("mlp", {s.setting("maximize", s.member(s.name("val"), "accuracy")), s.setting("minimize", s.member(s.name("val"), "loss"))});
    CHECK(codes(s.program) == Codes{"E0604"});
  }
  SUBCASE("tuning a model that is never trained") {
    auto m = s.model("m2");
    m.input("x", {"F"}).ret(s.name("x")).done();
    s.tune("m2", {});
    CHECK(codes(s.program) == Codes{"E0606"});
  }
  SUBCASE("a trial count that is not a literal") {
    s.tune("mlp", {s.setting("trials", s.name("hidden"))});
    CHECK(codes(s.program) == Codes{"E0607"});
  }
  SUBCASE("split fractions") {
    s.stmt(ast::Split{"iris", s.span(), {{"train", s.span(), s.num(0.7)}, {"val", s.span(), s.num(0.2)}, {"test", s.span(), s.num(0.2)}}});
    CHECK(codes(s.program) == Codes{"E0605"});
  }
  SUBCASE("a flag that is not true or false") {
    s.stmt(ast::Split{"iris", s.span(), {{"stratify", s.span(), s.num(2)}}});
    CHECK(codes(s.program) == Codes{"E0608"});
  }
}
