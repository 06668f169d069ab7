#pragma once
// A whole program built by hand (the parser is tested on its own): iris,
// split 60/20/20 stratified, standardized, an MLP trained with Adam — the
// shape of examples/iris.exp — for the run/predict tests.
#include <string>

#include "ir/ir.h"
#include "tests/runtime/ir_maker.h"

namespace xp::test {

inline ir::Program iris_program(int epochs = 30) {
  using namespace xp::rt::testing;
  auto sym = [](const char* s) { return ir::Dim::sym(s); };
  ir::Program p;
  p.seed = 42;

  ir::DataSpec d;
  d.name = "iris";
  d.source = ir::DataSpec::Source::Dataset;
  d.dataset = "iris";
  d.split.stratify = true;
  d.preprocess.push_back({"standardize", "", {}});
  p.data.push_back(d);

  auto fixed = [](std::string name, ir::Value v) {
    ir::HyperDomain h;
    h.name = std::move(name);
    h.fixed = std::move(v);
    return h;
  };
  p.space.hypers = {fixed("lr", ir::Value::num(0.02)), fixed("hidden", ir::Value::num(8, true)),
                    fixed("act", ir::Value::name("tanh")), fixed("decay", ir::Value::num(1e-4))};

  ir::ModelGraph m;
  m.name = "mlp";
  m.inputs = {tensor_input("x", {sym("F")})};
  m.result = {sym("C")};
  m.params = {param_spec("W1", {sym("F"), sym("hidden")}, "glorot"), param_spec("b1", {sym("hidden")}),
              param_spec("W2", {sym("hidden"), sym("C")}, "glorot"), param_spec("b2", {sym("C")})};
  m.free_dims = {"F", "C"};
  {
    GraphMaker g;
    const int x = g.input(0), W1 = g.param(0, "W1"), b1 = g.param(1, "b1"), W2 = g.param(2, "W2"), b2 = g.param(3, "b2");
    const int h = g.builtin_by_hyper("act", {g.op(ir::OpKind::Add, {g.op(ir::OpKind::MatMul, {x, W1}), b1})});
    m.body = g.done(g.op(ir::OpKind::Add, {g.op(ir::OpKind::MatMul, {h, W2}), b2}));
  }
  p.models.push_back(m);

  ir::TrainSpec t;
  t.model = "mlp";
  t.data = "iris";
  t.dim_bindings = {{"F", "features"}, {"C", "classes"}};
  ir::CallSpec adam;
  adam.fn = "adam";
  adam.args.push_back({"", ir::HExpr::hyper("lr"), {}});
  t.optimizer = adam;
  t.epochs = ir::HExpr::constant(epochs, true);
  t.batch = ir::HExpr::constant(16, true);
  {
    GraphMaker g;
    const int ce = g.builtin("cross_entropy", {g.call("mlp", {g.input(0)}), g.target()});
    const int pen = g.op(ir::OpKind::Mul, {g.hyper("decay"), g.builtin("l2", {g.param(0, "W1"), g.param(2, "W2")})});
    t.loss = g.done(g.op(ir::OpKind::Add, {ce, pen}));
  }
  p.trains.push_back(t);

  ir::ReportSpec r;
  r.model = "mlp";
  r.hypers = r.params = true;
  r.test_metrics = {"accuracy", "f1", "confusion"};
  p.reports.push_back(r);
  return p;
}

// Adds `data m = moons` and `evaluate mlp on m`: data whose columns are not
// iris's, which only loading it against the training data finds out.
inline void add_evaluation_on_moons(ir::Program& p) {
  ir::DataSpec moons;
  moons.name = "m";
  moons.source = ir::DataSpec::Source::Generator;
  moons.dataset = "moons";
  p.data.push_back(moons);
  p.evaluations = {{"mlp", "m", "", {}}};
}

// Makes `lr` searched and adds `tune mlp { method, trials, parallel }`.
inline void add_tuning(ir::Program& p, const std::string& method, int trials, int parallel, const std::string& metric) {
  for (auto& h : p.space.hypers)
    if (h.name == "lr") {
      h.kind = ir::HyperDomain::Kind::LogUniform;
      h.low = 1e-3;
      h.high = 0.1;
    }
  ir::TuneSpec tune;
  tune.model = "mlp";
  tune.method = method;
  tune.trials = trials;
  tune.parallel = parallel;
  tune.metric = metric;
  tune.maximize = metric != "val.loss" && metric != "cv.loss";
  p.tunes.push_back(tune);
}

}  // namespace xp::test
