#pragma once
// A small iris-like script built by hand (the shape of LANGUAGE.md's
// example), for checker tests that add one mistake to a correct program.
#include "tests/compiler/ast_builder.h"

namespace xp::test {

// A small iris-like script; each test adds one mistake to it.
struct IrisAst : AstBuilder {
  ast::ExprId act_call, h_use, w1_bare_in_train, monitor, objective, test_metric, relu_member, iris_source;
  IrisAst() {
    iris_source = name("iris");
    data("iris", iris_source);
    hyper("lr", true, call("loguniform", {num(1e-4), num(0.1)}));
    hyper("hidden", true, call("choice", {num(8), num(16)}));
    relu_member = name("relu");
    hyper("act", true, program.add(span(), ast::Call{name("choice"), {{"", {}, relu_member}, {"", {}, name("tanh")}}}));
    auto m = model("mlp");
    m.input("x", {"F"}).result({"C"}).param("W1", {"F", "hidden"}).param("b1", {"hidden"}).param("W2", {"hidden", "C"});
    act_call = call("act", {bin(ast::BinaryOp::Add, bin(ast::BinaryOp::MatMul, name("x"), name("W1")), name("b1"))});
    m.let("h", act_call);
    h_use = name("h");
    m.ret(bin(ast::BinaryOp::MatMul, h_use, name("W2"))).done();
  }
  void add_train() {
    w1_bare_in_train = name("W1");
    monitor = member(name("val"), "loss");
    train("mlp", name("iris"),
          {setting("loss", bin(ast::BinaryOp::Add, call("cross_entropy", {call("mlp", {name("x")}), name("y")}),
                               call("l2", {w1_bare_in_train, name("W2")}))),
           setting("optimizer", call("adam", {name("lr")})),
           command("stop_early", {call("stop_early", {}, {{"monitor", monitor}})})});
    objective = member(name("val"), "accuracy");
    tune("mlp", {setting("method", name("tpe")), setting("maximize", objective)});
    test_metric = name("f1");
    report("mlp", {command("hypers"), colon("test", {name("accuracy"), test_metric})});
  }
};


}  // namespace xp::test
