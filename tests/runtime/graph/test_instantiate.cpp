// Instantiation from hand-built IR: hyper-chosen activations, nested model
// calls with per-site parameters, errors with spans, training that learns,
// determinism, divergence tracing.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "runtime/core/call_args.h"
#include "runtime/core/errors.h"
#include "runtime/graph/instantiate.h"
#include "runtime/core/random.h"
#include "runtime/optim/optimizer.h"
#include "tests/runtime/ir_maker.h"

#ifdef EXP_BLAS_OPENBLAS
#define EXP_TEST_BACKEND "OpenBLAS build"
#else
#define EXP_TEST_BACKEND "Eigen build"
#endif

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

ir::Dim sym(const char* s) { return ir::Dim::sym(s); }

// mlp(x: [F]) -> [C] { W1: [F, hidden]; b1; W2: [hidden, C]; b2; return act(x @ W1 + b1) @ W2 + b2 }
ir::ModelGraph mlp_model() {
  ir::ModelGraph m;
  m.name = "mlp";
  m.inputs = {tensor_input("x", {sym("F")})};
  m.result = {sym("C")};
  m.params = {param_spec("W1", {sym("F"), sym("hidden")}, "glorot"), param_spec("b1", {sym("hidden")}),
              param_spec("W2", {sym("hidden"), sym("C")}, "glorot"), param_spec("b2", {sym("C")})};
  m.free_dims = {"F", "C"};
  GraphMaker g;
  const int x = g.input(0), W1 = g.param(0, "W1"), b1 = g.param(1, "b1"), W2 = g.param(2, "W2"), b2 = g.param(3, "b2");
  const int h = g.builtin_by_hyper("act", {g.op(ir::OpKind::Add, {g.op(ir::OpKind::MatMul, {x, W1}, 40), b1})});
  m.body = g.done(g.op(ir::OpKind::Add, {g.op(ir::OpKind::MatMul, {h, W2}), b2}));
  return m;
}

// loss = cross_entropy(mlp(x), y) + decay * l2(W1, W2)
ir::TrainSpec mlp_train() {
  ir::TrainSpec t;
  t.model = "mlp";
  t.dim_bindings = {{"F", "features"}, {"C", "classes"}};
  t.optimizer = call_spec("adam", {{"", 0.01}});
  GraphMaker g;
  const int x = g.input(0), y = g.target();
  const int ce = g.builtin("cross_entropy", {g.call("mlp", {x}), y});
  const int pen = g.op(ir::OpKind::Mul, {g.hyper("decay"), g.builtin("l2", {g.param(0, "W1"), g.param(2, "W2")})});
  t.loss = g.done(g.op(ir::OpKind::Add, {ce, pen}));
  return t;
}

ir::Assignment hypers(const char* act = "tanh") {
  return {{"hidden", ir::Value::num(16, true)}, {"act", ir::Value::name(act)}, {"decay", ir::Value::num(1e-4)}};
}

// Three Gaussian blobs in 4-D, labels 0..2.
struct Blobs { Matrix X, Y; };
Blobs blobs(int n, uint64_t seed) {
  Blobs b{Matrix(n, 4), Matrix(n, 1)};
  uint64_t s = seed;
  for (int i = 0; i < n; ++i) {
    const int c = i % 3;
    for (int j = 0; j < 4; ++j) b.X(i, j) = static_cast<float>((j == c ? 3.0 : 0.0) + standard_normal(s));
    b.Y(i, 0) = static_cast<float>(c);
  }
  return b;
}

double accuracy(Executable& exe, const Blobs& d) {
  Matrix out = exe.predict(d.X);
  int right = 0;
  for (Eigen::Index i = 0; i < out.rows(); ++i) {
    Eigen::Index k;
    out.row(i).maxCoeff(&k);
    right += static_cast<float>(k) == d.Y(i, 0);
  }
  return static_cast<double>(right) / static_cast<double>(out.rows());
}

void train(Executable& exe, Optimizer& opt, const Blobs& d, int epochs, int64_t batch) {
  for (int e = 0; e < epochs; ++e)
    for (int64_t b = 0; b < d.X.rows(); b += batch) {
      const auto n = static_cast<size_t>(std::min<int64_t>(batch, d.X.rows() - b));
      exe.set_batch(d.X, d.Y, static_cast<size_t>(b), n);
      exe.forward(true);
      exe.backward();
      opt.step(exe.params(), opt.base_lr());
    }
}

const std::vector<ir::ModelGraph> kModels = {mlp_model()};
const DataDims kDims{4, 3, 1};

}  // namespace

TEST_CASE("instantiate: an MLP with a hyper-chosen activation learns blobs") {
  const ir::TrainSpec spec = mlp_train();
  Executable exe = instantiate_training(kModels, spec, hypers(), kDims, 16, 1);

  SUBCASE("parameters, shapes and fusion") {
    REQUIRE(exe.param_info().size() == 4);
    CHECK(exe.param_info()[0].name == "W1");
    CHECK(exe.param_info()[0].shape == std::vector<int64_t>{4, 16});
    CHECK(exe.param_info()[1].shape == std::vector<int64_t>{16});
    CHECK(exe.param_info()[2].shape == std::vector<int64_t>{16, 3});
    CHECK(exe.param_count() == 4 * 16 + 16 + 16 * 3 + 3);
    // affine, tanh, affine, cross_entropy, l2, *, + : both x @ W + b fused
    CHECK(exe.op_count() == 7);
    CHECK(exe.output_cols() == 3);
  }
  SUBCASE("training reaches high accuracy; the loss output is the prediction") {
    Blobs d = blobs(150, 3);
    auto opt = make_optimizer(evaluate_call(spec.optimizer, hypers()), exe.params().values.size());
    const double before = exe.mean_loss(d.X, d.Y);
    train(exe, *opt, d, 30, 16);
    CHECK(exe.mean_loss(d.X, d.Y) < before * 0.5);
    CHECK(accuracy(exe, d) > 0.95);
    exe.set_batch(d.X, d.Y, 0, 16);
    exe.forward(false);
    Matrix during = exe.output();
    Matrix alone = exe.predict(d.X).topRows(16);
    CHECK(during.isApprox(alone));
  }
  SUBCASE("mean_loss with outputs: the same loss and, bit for bit, predict's outputs") {
    Blobs d = blobs(150, 3);  // 150 rows: the last chunk of 16 is partial
    Matrix outputs;
    const double loss = exe.mean_loss(d.X, d.Y, &outputs);
    CHECK(loss == exe.mean_loss(d.X, d.Y));
    const Matrix alone = exe.predict(d.X);
    REQUIRE(outputs.rows() == alone.rows());
    REQUIRE(outputs.cols() == alone.cols());
    CHECK(outputs == alone);
  }
  SUBCASE("a different activation is a different function") {
    Executable relu = instantiate_training(kModels, spec, hypers("relu"), kDims, 16, 1);
    Blobs d = blobs(30, 5);
    CHECK_FALSE(relu.predict(d.X).isApprox(exe.predict(d.X)));
  }
}

TEST_CASE("instantiate: nested model calls get parameters per call site") {
  // dense(x: [I], units: int) -> [units] { W: [I, units] ~ he; b: [units]; return relu(x @ W + b) }
  // I is bound at each call by the argument's shape.
  ir::ModelGraph dense;
  dense.name = "dense";
  dense.inputs = {tensor_input("x", {sym("I")}), int_input("units")};
  dense.result = {sym("units")};
  dense.params = {param_spec("W", {sym("I"), sym("units")}, "he"), param_spec("b", {sym("units")})};
  {
    GraphMaker g;
    const int x = g.input(0), W = g.param(0, "W"), b = g.param(1, "b");
    dense.body = g.done(g.builtin("relu", {g.op(ir::OpKind::Add, {g.op(ir::OpKind::MatMul, {x, W}), b})}));
  }
  // net(x: [F]) -> [C] { return dense(dense(x, width) @block1, C) @out }
  ir::ModelGraph net;
  net.name = "net";
  net.inputs = {tensor_input("x", {sym("F")})};
  net.result = {sym("C")};
  {
    GraphMaker g;
    const int h = g.call("dense", {g.input(0)}, "block1", {sym("width")});
    net.body = g.done(g.call("dense", {h}, "out", {sym("C")}));
  }
  ir::TrainSpec t;
  t.model = "net";
  t.dim_bindings = {{"F", "features"}, {"C", "classes"}};
  {
    GraphMaker g;
    t.loss = g.done(g.builtin("cross_entropy", {g.call("net", {g.input(0)}), g.target()}));
  }
  net.free_dims = {"F", "C"};
  std::vector<ir::ModelGraph> models = {dense, net};
  ir::Assignment hy = {{"width", ir::Value::num(8, true)}};
  Executable exe = instantiate_training(models, t, hy, kDims, 4, 9);

  REQUIRE(exe.param_info().size() == 4);
  CHECK(exe.param_info()[0].name == "block1.W");
  CHECK(exe.param_info()[0].shape == std::vector<int64_t>{4, 8});
  CHECK(exe.param_info()[1].name == "block1.b");
  CHECK(exe.param_info()[2].name == "out.W");
  CHECK(exe.param_info()[2].shape == std::vector<int64_t>{8, 3});
  // Each site draws its own values (streams derive from the full name).
  auto w1 = exe.param_values(*exe.find_param("block1.W"));
  auto w2 = exe.param_values(*exe.find_param("out.W"));
  CHECK(w1[0] != w2[0]);

  SUBCASE("a loss may name a call site's parameter (l2(net.block1.W)), before or after calling net") {
    for (bool penalty_first : {true, false}) {
      CAPTURE(penalty_first);
      GraphMaker g;
      int pen = -1, ce = -1;
      if (penalty_first) pen = g.builtin("l2", {g.param(0, "block1.W")});
      ce = g.builtin("cross_entropy", {g.call("net", {g.input(0)}), g.target()});
      if (!penalty_first) pen = g.builtin("l2", {g.param(0, "block1.W")});
      ir::TrainSpec tp = t;
      tp.loss = g.done(g.op(ir::OpKind::Add, {ce, pen}));
      Executable e = instantiate_training(models, tp, hy, kDims, 4, 9);
      // The penalty reads the same tensor the call site trains: no second copy of net.
      REQUIRE(e.param_info().size() == 4);
      CHECK(e.param_values(*e.find_param("block1.W"))[0] == w1[0]);
      Blobs d = blobs(4, 3);
      CHECK(e.predict(d.X).isApprox(exe.predict(d.X)));
    }
    GraphMaker g;
    ir::TrainSpec bad = t;
    bad.loss = g.done(g.builtin("l2", {g.param(0, "block9.W")}));
    CHECK_THROWS_AS(instantiate_training(models, bad, hy, kDims, 4, 9), GraphError);
  }
  SUBCASE("site \"\" shares the caller's parameters") {
    ir::ModelGraph twice;
    twice.name = "twice";
    twice.inputs = {tensor_input("x", {sym("F")})};
    GraphMaker g;
    const int x = g.input(0);
    const int h = g.call("dense", {x}, "", {sym("F")});
    twice.body = g.done(g.call("dense", {h}, "", {sym("F")}));
    ir::TrainSpec t2;
    t2.model = "twice";
    t2.dim_bindings = {{"F", "features"}};
    GraphMaker l;
    t2.loss = l.done(l.builtin("mse", {l.call("twice", {l.input(0)}), l.input(0)}));
    std::vector<ir::ModelGraph> ms = {dense, twice};
    Executable e2 = instantiate_training(ms, t2, {}, {4, 0, 4}, 4, 1);
    REQUIRE(e2.param_info().size() == 2);
    CHECK(e2.param_info()[0].name == "W");
    CHECK(e2.param_info()[1].name == "b");
  }
}

TEST_CASE("instantiate: user errors carry the op's span") {
  SUBCASE("a dimension nothing binds") {
    ir::Assignment hy = hypers();
    hy.erase("hidden");
    try {
      instantiate_training(kModels, mlp_train(), hy, kDims, 8, 1);
      FAIL("expected a GraphError");
    } catch (const GraphError& e) {
      CHECK(std::string(e.what()).find("hidden") != std::string::npos);
    }
  }
  SUBCASE("inner dimensions of @ differ") {
    std::vector<ir::ModelGraph> models = {mlp_model()};
    models[0].params[0].shape = {ir::Dim::of(5), sym("hidden")};
    try {
      instantiate_training(models, mlp_train(), hypers(), kDims, 8, 1);
      FAIL("expected a GraphError");
    } catch (const GraphError& e) {
      CHECK(e.span().begin == 40);
      CHECK(e.code() == "E0700");
      CHECK(e.to_diagnostic().message.find("inner dimensions") != std::string::npos);
    }
  }
  SUBCASE("an activation with no kernel") {
    CHECK_THROWS_AS(instantiate_training(kModels, mlp_train(), hypers("frobnicate"), kDims, 8, 1), GraphError);
  }
  SUBCASE("a model that calls itself") {
    ir::ModelGraph loop;
    loop.name = "loop";
    loop.inputs = {tensor_input("x", {sym("F")})};
    GraphMaker g;
    loop.body = g.done(g.call("loop", {g.input(0)}, "again"));
    ir::TrainSpec t;
    t.model = "loop";
    t.dim_bindings = {{"F", "features"}};
    GraphMaker l;
    t.loss = l.done(l.builtin("mse", {l.call("loop", {l.input(0)}), l.input(0)}));
    std::vector<ir::ModelGraph> ms = {loop};
    CHECK_THROWS_AS(instantiate_training(ms, t, {}, {4, 0, 4}, 4, 1), GraphError);
  }
}

TEST_CASE("determinism: same seed, same parameters bit for bit after training") {
  Blobs d = blobs(60, 11);
  auto run = [&](uint64_t seed) {
    Executable exe = instantiate_training(kModels, mlp_train(), hypers(), kDims, 16, seed);
    auto opt = make_optimizer(evaluate_call(mlp_train().optimizer, hypers()), exe.params().values.size());
    train(exe, *opt, d, 3, 16);
    std::vector<float> p;
    exe.save_params(p);
    return p;
  };
  const std::vector<float> a = run(5), b = run(5), c = run(6);
  REQUIRE(a.size() == b.size());
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  CHECK(a != c);
}

TEST_CASE("parameters: snapshot and restore") {
  Executable exe = instantiate_training(kModels, mlp_train(), hypers(), kDims, 16, 1);
  std::vector<float> best;
  exe.save_params(best);
  Blobs d = blobs(30, 2);
  auto opt = make_optimizer(evaluate_call(mlp_train().optimizer, hypers()), exe.params().values.size());
  train(exe, *opt, d, 2, 16);
  std::vector<float> now;
  exe.save_params(now);
  CHECK(now != best);
  exe.load_params(best);
  exe.save_params(now);
  CHECK(now == best);
}

TEST_CASE("a non-finite loss is traced to the op that made it") {
  // loss = mse(log(x @ W), y): log of negative sums gives NaN at `log`.
  ir::ModelGraph m;
  m.name = "m";
  m.inputs = {tensor_input("x", {sym("F")})};
  m.params = {param_spec("W", {sym("F"), ir::Dim::of(1)}, "ones")};
  GraphMaker g;
  m.body = g.done(g.builtin("log", {g.op(ir::OpKind::MatMul, {g.input(0), g.param(0, "W")})}, {}, 77));
  ir::TrainSpec t;
  t.model = "m";
  t.dim_bindings = {{"F", "features"}};
  GraphMaker l;
  t.loss = l.done(l.builtin("mse", {l.call("m", {l.input(0)}), l.target()}));
  std::vector<ir::ModelGraph> ms = {m};
  Executable exe = instantiate_training(ms, t, {}, {2, 0, 1}, 4, 1);
  Matrix X(2, 2), Y(2, 1);
  X << 1, 2, -3, -4;
  Y << 0, 0;
  exe.set_batch(X, Y, 0, 2);
  CHECK_FALSE(std::isfinite(exe.forward(true)));
  auto where = exe.find_non_finite();
  REQUIRE(where.has_value());
  CHECK(where->op == "log");
  CHECK(where->span.begin == 77);
  X << 1, 2, 3, 4;
  exe.set_batch(X, Y, 0, 2);
  CHECK(std::isfinite(exe.forward(true)));
  CHECK_FALSE(exe.find_non_finite().has_value());
}

TEST_CASE("inference executables predict any number of rows in chunks") {
  std::map<std::string, std::string> bindings = {{"F", "features"}, {"C", "classes"}};
  Executable inf = instantiate_inference(kModels, "mlp", bindings, hypers(), kDims, 7, 1);
  Executable tr = instantiate_training(kModels, mlp_train(), hypers(), kDims, 16, 1);
  std::vector<float> p;
  tr.save_params(p);
  inf.load_params(p);  // same parameters in the same order
  Blobs d = blobs(50, 4);
  CHECK(inf.predict(d.X).isApprox(tr.predict(d.X)));
  CHECK_FALSE(inf.has_loss());
}

// A -DEXP_BLAS=openblas build sends every matrix product to OpenBLAS's
// sgemm. Its sums run in another order than Eigen's GEMM, so results agree
// to rounding, not bit for bit. This trains the MLP for a few SGD steps and
// compares every parameter with the same steps written out by hand with
// coefficient-wise products (lazyProduct, which never calls a BLAS): in the
// default build it checks Eigen's GEMM the same way.
TEST_CASE("matrix products: a few training steps match a reference without the BLAS (" EXP_TEST_BACKEND ")") {
  Blobs d = blobs(48, 3);
  ir::TrainSpec spec = mlp_train();
  spec.optimizer = call_spec("sgd", {{"", 0.1}});
  ir::Assignment hy = hypers("relu");
  hy["decay"] = ir::Value::num(0);
  Executable exe = instantiate_training(kModels, spec, hy, kDims, 16, 9);
  // relu(x @ W1 + b1) is one fused affine + relu node, so the steps below
  // check its forward and backward too: affine+relu, affine, cross_entropy,
  // l2, *, +.
  CHECK(exe.op_count() == 6);
  auto opt = make_optimizer(evaluate_call(spec.optimizer, hy), exe.params().values.size());
  auto param = [&](const char* name, int64_t r, int64_t c) {
    const ParamInfo* p = exe.find_param(name);
    REQUIRE(p);
    return Matrix(Eigen::Map<const Matrix>(exe.param_values(*p).data(), r, c));
  };
  Matrix W1 = param("W1", 4, 16), b1 = param("b1", 1, 16), W2 = param("W2", 16, 3), b2 = param("b2", 1, 3);
  const Matrix W1_start = W1;
  const float lr = 0.1f;
  for (int step = 0; step < 3; ++step) {
    const Eigen::Index n = 16, at = step * n;
    exe.set_batch(d.X, d.Y, static_cast<size_t>(at), static_cast<size_t>(n));
    exe.forward(true);
    exe.backward();
    opt->step(exe.params(), lr);
    // the same step by hand: relu MLP, softmax cross-entropy (mean), SGD
    const Matrix X = d.X.middleRows(at, n);
    Matrix H = X.lazyProduct(W1);
    H.rowwise() += b1.row(0);
    H = H.cwiseMax(0.f);
    Matrix Z = H.lazyProduct(W2);
    Z.rowwise() += b2.row(0);
    Matrix G(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      G.row(i) = (Z.row(i).array() - Z.row(i).maxCoeff()).exp().matrix();
      G.row(i) /= G.row(i).sum();
      G(i, static_cast<Eigen::Index>(d.Y(at + i, 0))) -= 1.f;
    }
    G /= static_cast<float>(n);
    Matrix dH = G.lazyProduct(W2.transpose());
    dH = (H.array() > 0.f).select(dH, 0.f);
    W2 -= lr * H.transpose().lazyProduct(G);
    b2 -= lr * G.colwise().sum();
    W1 -= lr * X.transpose().lazyProduct(dH);
    b1 -= lr * dH.colwise().sum();
  }
  CHECK((param("W1", 4, 16) - W1).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((param("b1", 1, 16) - b1).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((param("W2", 16, 3) - W2).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((param("b2", 1, 3) - b2).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((W1 - W1_start).norm() > 1e-3f);  // the steps did move the weights
}

// net(x: [T], V: int) -> [C] { E: [V, 4]; W: [4, C]; return masked_mean(gather(E, x), x) @ W }
// trained with loss = cross_entropy(net(x, vocab), y) + 0 * vocab: the train
// block's `vocab` is the data's vocabulary (dim_bindings vocab → vocab).
TEST_CASE("instantiate: a train block's vocab binds the token data's vocabulary") {
  ir::ModelGraph net;
  net.name = "net";
  net.inputs = {tensor_input("x", {sym("T")}), int_input("V")};
  net.result = {sym("C")};
  net.params = {param_spec("E", {sym("V"), ir::Dim::of(4)}, "glorot"), param_spec("W", {ir::Dim::of(4), sym("C")}, "glorot")};
  net.free_dims = {"T", "C"};
  GraphMaker g;
  const int x = g.input(0);
  net.body = g.done(g.op(ir::OpKind::MatMul, {g.builtin("masked_mean", {g.builtin("gather", {g.param(0, "E"), x}), x}),
                                               g.param(1, "W")}));
  ir::TrainSpec t;
  t.model = "net";
  t.dim_bindings = {{"T", "features"}, {"C", "classes"}, {"vocab", "vocab"}};
  GraphMaker l;
  const int ce = l.builtin("cross_entropy", {l.call("net", {l.input(0)}, "", {sym("vocab")}), l.target()});
  t.loss = l.done(l.op(ir::OpKind::Add, {ce, l.op(ir::OpKind::Mul, {l.op(ir::OpKind::Const, {}), l.hyper("vocab")})}));
  const std::vector<ir::ModelGraph> models = {net};
  DataDims dims{6, 2, 1};
  dims.feature_shape = {6};
  SUBCASE("the table has the data's rows, and the model file's int inputs say so") {
    dims.vocab = 37;
    Executable exe = instantiate_training(models, t, {}, dims, 8, 1);
    CHECK(exe.int_inputs().at("V") == 37);
    bool found = false;
    for (const auto& p : exe.param_info())
      if (p.name == "E") found = p.shape == std::vector<int64_t>{37, 4};
    CHECK(found);
  }
  SUBCASE("data without token ids: the binding has nothing to give") {
    try {
      instantiate_training(models, t, {}, dims, 8, 1);
      FAIL("expected a GraphError");
    } catch (const GraphError& e) {
      CHECK(std::string(e.what()).find("no token ids") != std::string::npos);
    }
  }
}
