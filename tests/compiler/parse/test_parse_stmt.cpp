// Every statement kind, model items and block items.
#include <doctest/doctest.h>

#include "tests/compiler/parse/parse_helpers.h"

using xp::test::Parsed;
namespace ast = xp::ast;

namespace {

// A copy, not a reference: callers pass temporaries (`only<Seed>(Parsed("seed 1"))`)
// and keep the result past the Parsed that owned it.
template <class T>
T only(const Parsed& p) {
  REQUIRE(!p.diags.has_errors());
  REQUIRE(p.program.stmts.size() == 1);
  REQUIRE(std::holds_alternative<T>(p.program.stmts[0].node));
  return std::get<T>(p.program.stmts[0].node);
}

}  // namespace

TEST_CASE("top-level statements") {
  SUBCASE("seed") { CHECK(only<ast::Seed>(Parsed("seed 42")).value == 42); }
  SUBCASE("seed must be a whole number") {
    CHECK(Parsed("seed 4.5").codes() == std::vector<std::string>{"E0014"});
  }
  SUBCASE("import a standard module or a file") {
    const auto& a = only<ast::Import>(Parsed("import std.models"));
    CHECK(a.target == "std.models");
    CHECK(!a.is_path);
    Parsed p("import \"lib/blocks.exp\"");
    const auto& b = only<ast::Import>(p);
    CHECK(b.target == "lib/blocks.exp");
    CHECK(b.is_path);
    CHECK(p.text(b.target_span) == "\"lib/blocks.exp\"");
  }
  SUBCASE("data") {
    Parsed p("data iris = csv(\"iris.csv\", target: \"species\")");
    const auto& d = only<ast::Data>(p);
    CHECK(d.name == "iris");
    CHECK(xp::ast::dump_expr(p.program, d.source) == "csv(\"iris.csv\", target: \"species\")");
  }
  SUBCASE("split with commas or newlines, keywords as option names") {
    Parsed p("split iris {\n  train: 0.6, val: 0.2\n  test: 0.2\n  stratify: true,\n}");
    const auto& s = only<ast::Split>(p);
    REQUIRE(s.options.size() == 4);
    CHECK(s.options[0].name == "train");
    CHECK(s.options[3].name == "stratify");
  }
  SUBCASE("preprocessing a data set or a column") {
    Parsed p("onehot iris.color");
    const auto& pp = only<ast::Preprocess>(p);
    CHECK(pp.op == "onehot");
    CHECK(xp::ast::dump_expr(p.program, pp.target) == "iris.color");
  }
  SUBCASE("hyper: searched, fixed, conditional") {
    Parsed p("hyper momentum ~ uniform(0.5, 0.99) if opt == sgd");
    const auto& h = only<ast::Hyper>(p);
    CHECK(h.searched);
    CHECK(h.condition != ast::kNoExpr);
    const auto& f = only<ast::Hyper>(Parsed("hyper epochs = 200"));
    CHECK(!f.searched);
    CHECK(f.condition == ast::kNoExpr);
  }
  SUBCASE("evaluate, save, print, bare expressions") {
    CHECK(only<ast::Evaluate>(Parsed("evaluate mlp on iris.test")).model == "mlp");
    CHECK(only<ast::Evaluate>(Parsed("evaluate mlp")).data == ast::kNoExpr);
    CHECK(only<ast::Save>(Parsed("save mlp \"runs/m\"")).model == "mlp");
    only<ast::Print>(Parsed("print lr * 2"));
    only<ast::ExprStmt>(Parsed("mlp.W1"));
    only<ast::ExprStmt>(Parsed("iris.train"));
  }
}

TEST_CASE("model: inputs, result, items") {
  Parsed p(R"(model dense(x: [I], units: int) -> [units] {
  hyper rate ~ uniform(0, 0.5)
  param W: [I, units] ~ normal(std: 0.1)
  param b: [units] ~ zeros
  h = x @ W + b
  W += 1
  return dropout(h, rate: rate)
})");
  const auto& m = only<ast::Model>(p);
  CHECK(m.name == "dense");
  REQUIRE(m.inputs.size() == 2);
  CHECK(m.inputs[0].shape.size() == 1);
  CHECK(!m.inputs[0].is_int);
  CHECK(m.inputs[1].is_int);
  REQUIRE(m.result);
  CHECK(m.result->size() == 1);
  CHECK(p.text(m.result_span) == "[units]");
  REQUIRE(m.items.size() == 6);
  CHECK(std::holds_alternative<ast::Hyper>(m.items[0].node));
  const auto& W = std::get<ast::Param>(m.items[1].node);
  CHECK(W.shape.size() == 2);
  CHECK(p.text(W.shape_span) == "[I, units]");
  CHECK(xp::ast::dump_expr(p.program, W.init) == "normal(std: 0.1)");
  CHECK(std::holds_alternative<ast::Let>(m.items[3].node));
  const auto& update = std::get<ast::Assign>(m.items[4].node);
  CHECK(update.op == "+=");
  CHECK(std::holds_alternative<ast::Return>(m.items[5].node));
  CHECK(p.text(m.close_span) == "}");
}

TEST_CASE("model error productions") {
  SUBCASE("param set with =") {
    CHECK(Parsed("model m(x: [F]) {\n  param W: [F] = zeros\n  return x\n}").codes() ==
          std::vector<std::string>{"E0011"});
  }
  SUBCASE("param without a shape") {
    CHECK(Parsed("model m(x: [F]) {\n  param W ~ zeros\n  return x\n}").codes() == std::vector<std::string>{"E0017"});
  }
  SUBCASE("unknown input type") {
    CHECK(Parsed("model m(x: float) {\n  return x\n}").codes() == std::vector<std::string>{"E0016"});
  }
  SUBCASE("a value computed and discarded") {
    CHECK(Parsed("model m(x: [F]) {\n  x + 1\n  return x\n}").codes() == std::vector<std::string>{"E0019"});
  }
}

TEST_CASE("hyper error productions") {
  CHECK(Parsed("hyper lr ~ 0.1").codes() == std::vector<std::string>{"E0010"});
  CHECK(Parsed("hyper lr = loguniform(1e-4, 1e-1)").codes() == std::vector<std::string>{"E0010"});
  CHECK(Parsed("lr = 0.1").codes() == std::vector<std::string>{"E0012"});
}

TEST_CASE("train, tune and report blocks") {
  Parsed p(R"(train mlp on iris.train {
  loss = cross_entropy(mlp(x), y)
  stop_early(monitor: val.loss, patience: 15)
}
tune {
  minimize = (x - 2) ^ 2
}
report mlp {
  hypers
  params
  test: accuracy, f1, confusion
  save "runs/iris"
})");
  REQUIRE(!p.diags.has_errors());
  REQUIRE(p.program.stmts.size() == 3);
  const auto& train = std::get<ast::Train>(p.program.stmts[0].node);
  CHECK(train.model == "mlp");
  REQUIRE(train.items.size() == 2);
  CHECK(train.items[0].kind == ast::BlockItem::Kind::Setting);
  CHECK(train.items[1].kind == ast::BlockItem::Kind::Command);
  CHECK(train.items[1].key == "stop_early");
  const auto& tune = std::get<ast::Tune>(p.program.stmts[1].node);
  CHECK(tune.model.empty());
  const auto& report = std::get<ast::Report>(p.program.stmts[2].node);
  REQUIRE(report.items.size() == 4);
  CHECK(report.items[0].key == "hypers");
  CHECK(report.items[0].values.empty());
  CHECK(report.items[1].key == "params");
  CHECK(report.items[2].kind == ast::BlockItem::Kind::Colon);
  CHECK(report.items[2].values.size() == 3);
  CHECK(report.items[3].key == "save");
  CHECK(report.items[3].values.size() == 1);
}

TEST_CASE("a block may open on the line after its header") {
  Parsed p(R"(model m(x: [F]) -> [C]
{
  param W: [F, C] ~ zeros
  return x @ W
}
split iris
{ train: 0.8, test: 0.2 }
train m on iris

{
  loss = cross_entropy(m(x), y)
}
tune m
{
  trials = 4
})");
  REQUIRE(p.codes().empty());
  REQUIRE(p.program.stmts.size() == 4);
  CHECK(std::get<ast::Model>(p.program.stmts[0].node).items.size() == 2);
  CHECK(std::holds_alternative<ast::Split>(p.program.stmts[1].node));
  CHECK(std::get<ast::Train>(p.program.stmts[2].node).items.size() == 1);
  CHECK(std::get<ast::Tune>(p.program.stmts[3].node).items.size() == 1);
  // A header with no block at all is still one error, at its end.
  CHECK(Parsed("model m(x: [F]) -> [C]\nhyper a = 1").codes() == std::vector<std::string>{"E0001"});
}

TEST_CASE("two items on one line are an error, not one item") {
  Parsed p("report mlp {\n  hypers params\n}");
  CHECK(p.codes() == std::vector<std::string>{"E0001"});
}

TEST_CASE("the AST dump reads like the source") {
  Parsed p("hyper act ~ choice(relu, tanh)\nmodel m(x: [F]) -> [C] {\n  param W: [F, C] ~ glorot\n  return act(x @ W)\n}\n");
  CHECK(p.dump() ==
        "hyper act ~ choice(relu, tanh)\n"
        "model m(x: [F]) -> [C]\n"
        "  param W: [F, C] ~ glorot\n"
        "  return act((x @ W))\n");
}
