// Name resolution: scopes, members, built-in categories, and the E01xx errors.
#include <doctest/doctest.h>

#include "compiler/passes/resolve.h"
#include "base/suggest.h"
#include "stdlib/builtins.h"
#include "tests/compiler/passes/iris_ast.h"

using namespace xp;
using ast::BinaryOp;

TEST_CASE("a correct script resolves without diagnostics") {
  test::IrisAst s;
  s.add_train();
  Diagnostics d;
  Resolution r = resolve(s.program, d);
  CHECK(d.all().empty());

  SUBCASE("a choice of names is a hyper, called like a built-in") {
    auto* callee = r.at(std::get<ast::Call>(s.program.expr(s.act_call).node).callee);
    REQUIRE(callee);
    CHECK(callee->kind == Symbol::Kind::Hyper);
    CHECK(callee->name == "act");
    REQUIRE(r.at(s.relu_member));
    CHECK(r.at(s.relu_member)->kind == Symbol::Kind::Builtin);
    CHECK(stdlib::all()[r.at(s.relu_member)->index].category == stdlib::Category::Activation);
  }
  SUBCASE("locals and params carry their model") {
    REQUIRE(r.at(s.h_use));
    CHECK(r.at(s.h_use)->kind == Symbol::Kind::Local);
    CHECK(r.at(s.h_use)->name == "mlp.h");
    REQUIRE(r.at(s.w1_bare_in_train));
    CHECK(r.at(s.w1_bare_in_train)->kind == Symbol::Kind::Param);
    CHECK(r.at(s.w1_bare_in_train)->name == "mlp.W1");
    CHECK(r.at(s.w1_bare_in_train)->index == 0);
  }
  SUBCASE("metrics carry their split") {
    REQUIRE(r.at(s.monitor));
    CHECK(r.at(s.monitor)->kind == Symbol::Kind::Metric);
    CHECK(r.at(s.monitor)->name == "val.loss");
    CHECK(r.at(s.objective)->name == "val.accuracy");
    REQUIRE(r.at(s.test_metric));
    CHECK(r.at(s.test_metric)->name == "test.f1");
  }
  SUBCASE("a data set named like a shipped one reads the shipped one") {
    REQUIRE(r.at(s.iris_source));
    CHECK(r.at(s.iris_source)->kind == Symbol::Kind::Builtin);
    CHECK(stdlib::all()[r.at(s.iris_source)->index].category == stdlib::Category::Dataset);
  }
  SUBCASE("free shape names are dimension symbols") {
    size_t dims = 0;
    for (auto& [id, sym] : r.refs)
      if (sym.kind == Symbol::Kind::DimSymbol) {
        ++dims;
        CHECK((sym.name == "F" || sym.name == "C"));
      }
    CHECK(dims == 4);  // F twice, C twice
  }
}

TEST_CASE("undefined and duplicate names") {
  test::IrisAst s;
  SUBCASE("a typo gets a suggestion") {
    s.hyper("epochs", false, s.bin(BinaryOp::Mul, s.name("hiden"), s.num(2)));
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0101");
    CHECK(d.all()[0].help == "did you mean `hidden`?");
  }
  SUBCASE("a name defined twice points at the first definition") {
    s.hyper("lr", false, s.num(0.1));
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0102");
    REQUIRE(d.all()[0].secondary.size() == 1);
    CHECK(d.all()[0].secondary[0].text == "first defined here");
  }
  SUBCASE("a train block naming an unknown model") {
    s.train("mpl", s.name("iris"), {});
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].message == "no model named `mpl`");
    CHECK(d.all()[0].help == "did you mean `mlp`?");
  }
  SUBCASE("an unknown optimizer suggests one of the optimizers") {
    s.train("mlp", s.name("iris"), {s.setting("optimizer", s.call("adamm", {s.name("lr")}))});
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].help == "did you mean `adam`?");
  }
}

TEST_CASE("members") {
  test::IrisAst s;
  SUBCASE("params of a model by its name") {
    auto ok = s.member(s.name("mlp"), "W2");
    auto bad = s.member(s.name("mlp"), "w2");
    s.stmt(ast::Print{ok});
    s.stmt(ast::Print{bad});
    Diagnostics d;
    Resolution r = resolve(s.program, d);
    REQUIRE(r.at(ok));
    CHECK(r.at(ok)->name == "mlp.W2");
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0103");
    CHECK(d.all()[0].help == "did you mean `W2`?");
  }
  SUBCASE("split parts and unknown splits") {
    auto ok = s.member(s.name("iris"), "test");
    auto bad = s.member(s.name("iris"), "tset");
    s.stmt(ast::Print{ok});
    s.stmt(ast::Print{bad});
    Diagnostics d;
    Resolution r = resolve(s.program, d);
    REQUIRE(r.at(ok));
    CHECK(r.at(ok)->kind == Symbol::Kind::SplitPart);
    CHECK(r.at(ok)->name == "iris.test");
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].help == "did you mean `test`?");
  }
  SUBCASE("params of a call site: mlp.block1.W") {
    auto dense = s.model("dense");
    dense.input("x", {"I"}).input("units", {}, true).result({"units"}).param("W", {"I", "units"});
    dense.ret(s.bin(BinaryOp::MatMul, s.name("x"), s.name("W"))).done();
    auto deep = s.model("deep");
    deep.input("x", {"F"}).result({"C"}).let("block1", s.call("dense", {s.name("x"), s.name("C")}));
    deep.ret(s.name("block1")).done();
    auto path = s.member(s.member(s.name("deep"), "block1"), "W");
    s.stmt(ast::Print{path});
    Diagnostics d;
    Resolution r = resolve(s.program, d);
    CHECK(d.all().empty());
    REQUIRE(r.at(path));
    CHECK(r.at(path)->kind == Symbol::Kind::Param);
    CHECK(r.at(path)->name == "deep.block1.W");
    CHECK(r.at(path)->owner == "dense");
  }
  SUBCASE("an unknown metric") {
    auto bad = s.member(s.name("val"), "acuracy");
    s.tune("mlp", {s.setting("maximize", bad)});
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].message == "unknown metric `acuracy`");
    CHECK(d.all()[0].help == "did you mean `accuracy`?");
  }
  SUBCASE("a hyper has no members") {
    s.stmt(ast::Print{s.member(s.name("lr"), "x")});
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0103");
  }
}

TEST_CASE("model bodies") {
  test::IrisAst s;
  SUBCASE("a dimension only a param shape names") {
    auto m = s.model("bad");
    m.input("x", {"F"}).param("W", {"F", "H"}).ret(s.name("x")).done();
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0104");
  }
  SUBCASE("a local used before its definition") {
    auto m = s.model("bad");
    m.input("x", {"F"}).let("a", s.name("b")).let("b", s.name("x")).ret(s.name("a")).done();
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0105");
  }
  SUBCASE("a local defined twice") {
    auto m = s.model("bad");
    m.input("x", {"F"}).let("a", s.name("x")).let("a", s.name("x")).ret(s.name("a")).done();
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0102");
  }
  SUBCASE("an input and a param with one name") {
    auto m = s.model("bad");
    m.input("x", {"F"}).param("x", {"F"}).ret(s.name("x")).done();
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0102");
  }
}

TEST_CASE("choices of names") {
  test::IrisAst s;
  SUBCASE("mixed categories") {
    s.hyper("bad", true, s.call("choice", {s.name("relu"), s.name("adam")}));
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0106");
    CHECK(d.all()[0].message == "choice mixes an activation (`relu`) and an optimizer (`adam`)");
  }
  SUBCASE("a member that is not a built-in") {
    s.hyper("bad", true, s.call("choice", {s.name("relu"), s.name("tahn")}));
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0101");
    CHECK(d.all()[0].help == "did you mean `tanh`?");
  }
  SUBCASE("a model is not a built-in a choice can pick") {
    s.hyper("bad", true, s.call("choice", {s.name("relu"), s.name("mlp")}));
    Diagnostics d;
    resolve(s.program, d);
    REQUIRE(d.error_count() == 1);
    CHECK(d.all()[0].code == "E0106");
    CHECK(d.all()[0].label == "a model");
  }
  SUBCASE("a name in two categories takes the one the others agree on") {
    auto e = s.name("exp");
    s.hyper("f", true, s.program.add(s.span(), ast::Call{s.name("choice"), {{"", {}, s.name("sin")}, {"", {}, e}}}));
    Diagnostics d;
    Resolution r = resolve(s.program, d);
    CHECK(d.all().empty());
    REQUIRE(r.at(e));
    CHECK(stdlib::all()[r.at(e)->index].category == stdlib::Category::Math);
  }
}

TEST_CASE("edit distance and suggestions") {
  CHECK(edit_distance("hidden", "hidden") == 0);
  CHECK(edit_distance("hiden", "hidden") == 1);
  CHECK(edit_distance("hdiden", "hidden") == 1);  // a transposition is one edit
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest("lrr", {"lr", "hidden"}) == std::optional<std::string>("lr"));
  CHECK_FALSE(closest("zzzzzz", {"lr", "hidden"}).has_value());
  CHECK_FALSE(closest("H", {"F", "C"}).has_value());  // one letter is a different name, not a typo
  CHECK(closest("f", {"C", "F"}) == std::optional<std::string>("F"));
  CHECK(closest("hiden", {"hidden", "hide_n_seek"}) == std::optional<std::string>("hidden"));
}
