// Lowering whole scripts to IR.
#include <doctest/doctest.h>

#include "compiler/driver.h"

using namespace xp;

namespace {

ir::Program lowered(const std::string& text) {
  CompileResult r = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/lower_test.exp", text);
  for (const auto& d : r.diags.all())
    if (d.severity == Severity::Error) FAIL_CHECK(d.code << ": " << d.message);
  REQUIRE(r.ir.has_value());
  return *r.ir;
}

const char* kScript = R"(
seed 42
import std.models
data iris = csv("../stdlib/data/iris.csv", target: "species")
split iris { train: 0.7, test: 0.1, stratify: true }
standardize iris
hyper opt ~ choice(sgd, adam)
hyper lr ~ loguniform(1e-4, 1e-1)
hyper momentum ~ uniform(0.5, 0.99) if opt == sgd
hyper width ~ int(8, 32, step: 8)
hyper act ~ choice(relu, tanh)
model net(x: [F]) -> [C] {
  hyper drop = 0
  param W: [width, C] ~ normal(std: 0.01)
  hidden = dense(x, width)
  return act(hidden) @ W
}
train net on iris.train {
  loss = cross_entropy(net(x), y) + 0.01 * l2(W, net.hidden.W)
  optimizer = opt(lr, momentum: momentum)
  epochs = 10
  batch = width
  stop_early(monitor: val.accuracy, patience: 3)
}
tune net {
  method = random
  trials = 4
  maximize = val.accuracy
  cv = 3
}
report net {
  hypers
  test: accuracy, f1
  save "runs/net"
}
)";

}  // namespace

TEST_CASE("lowering: search space with conditions, scope and kinds") {
  ir::Program p = lowered(kScript);
  CHECK(p.seed == 42u);
  const ir::HyperDomain* m = p.space.find("momentum");
  REQUIRE(m);
  CHECK(m->kind == ir::HyperDomain::Kind::Uniform);
  REQUIRE(m->when.size() == 1);
  CHECK(m->when[0].hyper == "opt");
  CHECK(m->when[0].value == ir::Value::name("sgd"));
  const ir::HyperDomain* w = p.space.find("width");
  REQUIRE(w);
  CHECK(w->kind == ir::HyperDomain::Kind::Int);
  CHECK(w->step == 8);
  CHECK(p.space.find("lr")->log);
  const ir::HyperDomain* drop = p.space.find("net.drop");
  REQUIRE(drop);
  CHECK(drop->scope == "net");
  CHECK(p.space.find("act")->choices.size() == 2);
}

TEST_CASE("lowering: data paths are absolute and split fractions complete") {
  ir::Program p = lowered(kScript);
  const ir::DataSpec* d = p.find_data("iris");
  REQUIRE(d);
  CHECK(d->source == ir::DataSpec::Source::Csv);
  CHECK(d->path == std::string(EXP_SOURCE_DIR) + "/stdlib/data/iris.csv");
  CHECK(d->target == "species");
  CHECK(d->split.train == doctest::Approx(0.7));
  CHECK(d->split.val == doctest::Approx(0.2));  // what train and test leave
  CHECK(d->split.test == doctest::Approx(0.1));
  CHECK(d->split.stratify);
  REQUIRE(d->preprocess.size() == 1);
  CHECK(d->preprocess[0].op == "standardize");
}

TEST_CASE("lowering: model graph ops, call sites and fn hypers") {
  ir::Program p = lowered(kScript);
  const ir::ModelGraph* net = p.find_model("net");
  REQUIRE(net);
  CHECK(net->free_dims == std::vector<std::string>{"F", "C"});
  REQUIRE(net->params.size() == 1);
  CHECK(net->params[0].init.fn == "normal");
  REQUIRE(net->params[0].init.args.size() == 1);
  CHECK(net->params[0].init.args[0].name == "std");
  bool saw_call = false, saw_act = false;
  for (size_t i = 0; i < net->body.ops.size(); ++i) {
    const ir::Op& op = net->body.ops[i];
    for (int a : op.args) CHECK(a < static_cast<int>(i));  // SSA: operands come first
    if (op.kind == ir::OpKind::CallModel) {
      saw_call = true;
      CHECK(op.name == "dense");
      CHECK(op.site == "hidden");
      REQUIRE(op.dim_args.size() == 1);
      CHECK(op.dim_args[0] == ir::Dim::sym("width"));
      CHECK(ir::shape_str(op.shape) == "[width]");
      CHECK(op.batched);
    }
    if (op.kind == ir::OpKind::Builtin && op.fn_hyper == "act") saw_act = true;
  }
  CHECK(saw_call);
  CHECK(saw_act);
  CHECK(ir::shape_str(net->body.ops.at(static_cast<size_t>(net->body.output)).shape) == "[C]");
}

TEST_CASE("lowering: train, tune and report specs") {
  ir::Program p = lowered(kScript);
  const ir::TrainSpec* t = p.find_train("net");
  REQUIRE(t);
  CHECK(t->data == "iris");
  CHECK(t->optimizer.fn.empty());
  CHECK(t->optimizer.fn_hyper == "opt");
  CHECK(t->optimizer.resolve({{"opt", ir::Value::name("adam")}}) == "adam");
  CHECK(ir::to_string(t->batch) == "width");
  CHECK(t->stop.enabled);
  CHECK(t->stop.maximize);  // accuracy: higher is better
  CHECK(t->stop.patience == 3);
  CHECK(t->dim_bindings.at("F") == "features");
  CHECK(t->dim_bindings.at("C") == "classes");
  bool root_call = false, target = false, nested_param = false;
  for (const auto& op : t->loss.ops) {
    root_call |= op.kind == ir::OpKind::CallModel && op.site.empty();
    target |= op.kind == ir::OpKind::Target;
    nested_param |= op.kind == ir::OpKind::Param && op.name == "hidden.W";
  }
  CHECK(root_call);
  CHECK(target);
  CHECK(nested_param);
  REQUIRE(p.tunes.size() == 1);
  CHECK(p.tunes[0].method == "random");
  CHECK(p.tunes[0].trials == 4);
  CHECK(p.tunes[0].cv_folds == 3);
  CHECK(p.tunes[0].metric == "cv.accuracy");
  CHECK(p.tunes[0].maximize);
  REQUIRE(p.reports.size() == 1);
  CHECK(p.reports[0].test_metrics == std::vector<std::string>{"accuracy", "f1"});
  CHECK(p.reports[0].save_path == std::string(EXP_SOURCE_DIR) + "/examples/runs/net");
}

TEST_CASE("lowering: a black-box tune keeps its objective") {
  ir::Program p = lowered("hyper a ~ uniform(-1, 1)\ntune {\n  trials = 5\n  minimize = (a - 0.5) ^ 2\n}\n");
  REQUIRE(p.tunes.size() == 1);
  CHECK(p.tunes[0].model.empty());
  REQUIRE(p.tunes[0].objective.has_value());
  CHECK_FALSE(p.tunes[0].maximize);
  auto v = ir::eval(*p.tunes[0].objective, {{"a", ir::Value::num(1.5)}});
  REQUIRE(v);
  CHECK(v->number == doctest::Approx(1.0));
}

TEST_CASE("lowering: a train block without an optimizer gets adam(0.001)") {
  ir::Program p = lowered(
      "data iris = iris\nmodel m(x: [F]) -> [C] {\n  param W: [F, C] ~ zeros\n  return x @ W\n}\n"
      "train m on iris {\n  loss = cross_entropy(m(x), y)\n}\n");
  REQUIRE(p.trains.size() == 1);
  const ir::CallSpec& opt = p.trains[0].optimizer;
  CHECK(opt.fn == "adam");
  REQUIRE(opt.args.size() == 1);
  CHECK(opt.args[0].name.empty());
  auto lr = ir::eval(opt.args[0].value, {});
  REQUIRE(lr);
  CHECK(lr->number == doctest::Approx(0.001));
}

namespace {

// The call-site names of the CallModel ops of model `m`, in op order.
std::vector<std::string> sites_of(const ir::Program& p, const std::string& m) {
  std::vector<std::string> out;
  const ir::ModelGraph* g = p.find_model(m);
  REQUIRE(g);
  for (const auto& op : g->body.ops)
    if (op.kind == ir::OpKind::CallModel) out.push_back(op.site);
  return out;
}

std::string calling(const std::string& body) {
  return R"(
import std.models
data iris = iris
model net(x: [F]) -> [C] {
)" + body + R"(
}
train net on iris {
  loss = cross_entropy(net(x), y)
}
)";
}

}  // namespace

TEST_CASE("lowering: an unnamed call site takes the callee's name unless the callee is called again") {
  SUBCASE("called once: no number") {
    CHECK(sites_of(lowered(calling("  return dense(relu(x), C)")), "net") == std::vector<std::string>{"dense"});
  }
  SUBCASE("called twice without names: numbered in order") {
    CHECK(sites_of(lowered(calling("  return dense(relu(dense(x, 8)), C)")), "net") ==
          std::vector<std::string>{"dense_1", "dense_2"});
  }
  SUBCASE("a named site beside an unnamed one: the unnamed one is still unique") {
    CHECK(sites_of(lowered(calling("  h = dense(x, 8)\n  return dense(relu(h), C)")), "net") ==
          std::vector<std::string>{"h", "dense"});
  }
}

TEST_CASE("lowering: a CSV's target and columns keep where they were written") {
  ir::Program p = lowered(R"(
data d = csv("../stdlib/data/iris.csv", target: "species", columns: ["sepal_length", "petal_width"])
model m(x: [F]) -> [C] {
  param W: [F, C] ~ glorot
  return x @ W
}
train m on d {
  loss = cross_entropy(m(x), y)
}
)");
  const ir::DataSpec* d = p.find_data("d");
  REQUIRE(d);
  CHECK(d->target == "species");
  CHECK(d->columns == std::vector<std::string>{"sepal_length", "petal_width"});
  std::vector<std::string> named;
  for (const auto& o : d->options) {
    named.push_back(o.name + "=" + ir::to_string(o.value));
    CHECK(o.span.end - o.span.begin == ir::to_string(o.value).size());  // the quoted string itself
  }
  CHECK(named == std::vector<std::string>{"target=\"species\"", "columns=\"sepal_length\"", "columns=\"petal_width\""});
}
