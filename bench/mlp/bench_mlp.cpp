// The baselines `exp run` is measured against (bench/mlp/run.sh): the same
// MLP trained on the exact rows exp trained on (`exp run --export-splits`),
// two ways:
//
//   lean — a loop written for speed: every buffer preallocated, parameters,
//          gradients and Adam's moments in flat vectors, bias written before
//          the GEMM accumulates onto it, ReLU applied in place (its backward
//          a mask over the same buffer), softmax cross-entropy fused with its
//          gradient and one vectorised exp over the batch, Adam in one pass
//          over L1-sized chunks;
//   exe  — exp's own Executable (IR → instantiate_training → set_batch /
//          forward / backward / Optimizer::step) driven directly, without the
//          interpreter around it: the difference to `exp run` is what the
//          training loop, its bookkeeping and the rest of `exp run` add.
//
//   bench_mlp --impl lean|exe --train DATA.train.csv --hidden 64[,…] --batch N --epochs N [--seed N]
//
// Prints one line:
//   impl=… epochs=… epoch_ms=… (median over epochs 2…N, wall) cpu_epoch_ms=… final_loss=… allocs_per_step=…
// epoch_ms is the same measure as report.json's history epoch_seconds (wall
// time of one epoch), so run.sh compares like with like; cpu_epoch_ms (thread
// CPU time) shows how much of it was waiting for a core on a loaded machine.
// allocs_per_step counts malloc calls inside the timed batch loops (glibc
// lets the program interpose malloc; the wrapper forwards to glibc's own).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "bench/common/lean_bench.h"
#include "ir/ir.h"
#include "runtime/core/call_args.h"
#include "runtime/graph/instantiate.h"
#include "runtime/optim/optimizer.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::bench;

namespace {

// ---- exe: IR → instantiate → Executable ----------------------------------------------
// model mlp(x: [F]) -> [C] { W_k ~ glorot, b_k ~ zeros; relu between layers }
// train { loss = cross_entropy(mlp(x), y); optimizer = adam(0.001) }
struct IrMlp {
  std::vector<ir::ModelGraph> models;
  ir::TrainSpec train;
};
ir::Op make_op(ir::OpKind k, std::vector<int> args = {}, std::string name = {}, int index = -1) {
  ir::Op o;
  o.kind = k;
  o.args = std::move(args);
  o.name = std::move(name);
  o.index = index;
  return o;
}
IrMlp ir_mlp(const std::vector<int64_t>& sizes) {
  ir::ModelGraph m;
  m.name = "mlp";
  m.inputs = {{"x", false, {ir::Dim::sym("F")}, {}}};
  m.result = {ir::Dim::sym("C")};
  m.free_dims = {"F", "C"};
  const size_t layers = sizes.size() - 1;
  auto dim = [&](size_t k) {
    if (k == 0) return ir::Dim::sym("F");
    if (k == layers) return ir::Dim::sym("C");
    return ir::Dim::of(sizes[k]);
  };
  int h = m.body.add(make_op(ir::OpKind::Input, {}, "x", 0));
  for (size_t k = 0; k < layers; ++k) {
    ir::ParamSpec W, b;
    W.name = "W" + std::to_string(k + 1);
    W.shape = {dim(k), dim(k + 1)};
    W.init.fn = "glorot";
    b.name = "b" + std::to_string(k + 1);
    b.shape = {dim(k + 1)};
    b.init.fn = "zeros";
    m.params.push_back(W);
    m.params.push_back(b);
    const int w = m.body.add(make_op(ir::OpKind::Param, {}, W.name, static_cast<int>(2 * k)));
    const int bias = m.body.add(make_op(ir::OpKind::Param, {}, b.name, static_cast<int>(2 * k + 1)));
    const int mm = m.body.add(make_op(ir::OpKind::MatMul, {h, w}));
    h = m.body.add(make_op(ir::OpKind::Add, {mm, bias}));
    if (k + 1 < layers) h = m.body.add(make_op(ir::OpKind::Builtin, {h}, "relu"));
  }
  m.body.output = h;
  IrMlp r;
  r.models = {m};
  r.train.model = "mlp";
  r.train.dim_bindings = {{"F", "features"}, {"C", "classes"}};
  r.train.optimizer.fn = "adam";
  r.train.optimizer.args = {{"", ir::HExpr::constant(1e-3), {}}};
  ir::Graph& g = r.train.loss;
  const int x = g.add(make_op(ir::OpKind::Input, {}, "x", 0));
  const int y = g.add(make_op(ir::OpKind::Target));
  ir::Op call = make_op(ir::OpKind::CallModel, {x}, "mlp");
  const int logits = g.add(call);
  g.output = g.add(make_op(ir::OpKind::Builtin, {logits, y}, "cross_entropy"));
  return r;
}

Result run_exe(const Data& d, const std::vector<int64_t>& sizes, int64_t batch, int epochs, uint64_t seed) {
  IrMlp spec = ir_mlp(sizes);
  DataDims dims{sizes.front(), d.classes, 1};
  Executable exe = instantiate_training(spec.models, spec.train, {}, dims, batch, seed);
  auto opt = make_optimizer(evaluate_call(spec.train.optimizer, {}), exe.params().values.size());
  Matrix Y(d.X.rows(), 1);
  for (Eigen::Index i = 0; i < Y.rows(); ++i) Y(i, 0) = static_cast<float>(d.labels[static_cast<size_t>(i)]);
  return run_epochs(static_cast<size_t>(d.X.rows()), batch, epochs, seed, [&](const size_t* rows, size_t n) {
    exe.set_batch(d.X, Y, std::span<const size_t>(rows, n));
    const double loss = exe.forward(true);
    exe.backward();
    opt->step(exe.params(), opt->base_lr());
    return loss;
  });
}

// ---- lean: the hand-written loop -----------------------------------------------------
using RowMap = Eigen::Map<Eigen::RowVectorXf>;

struct LeanLayer {
  Eigen::Index in = 0, out = 0;
  size_t w = 0, b = 0;  // offsets of W (in × out, row-major) and b in the flat vectors
  Matrix A;             // batch × out: pre-activation, then (hidden layers) ReLU in place
  Matrix G;             // batch × out: gradient of the loss with respect to A
};

class Lean {
 public:
  Lean(const std::vector<int64_t>& sizes, int64_t batch, uint64_t seed) : batch_(batch) {
    size_t total = 0;
    auto pad = [](size_t n) { return (n + 15) & ~size_t{15}; };  // 64-byte starts
    for (size_t k = 0; k + 1 < sizes.size(); ++k) {
      LeanLayer l;
      l.in = static_cast<Eigen::Index>(sizes[k]);
      l.out = static_cast<Eigen::Index>(sizes[k + 1]);
      l.w = total;
      total += pad(static_cast<size_t>(l.in * l.out));
      l.b = total;
      total += pad(static_cast<size_t>(l.out));
      l.A.resize(batch, l.out);
      l.G.resize(batch, l.out);
      layers_.push_back(std::move(l));
    }
    w_.assign(total, 0.f);
    g_.assign(total, 0.f);
    adam_ = LeanAdam(total, 1e-3f);
    for (size_t k = 0; k < layers_.size(); ++k) {  // glorot uniform, zero biases
      const LeanLayer& l = layers_[k];
      uint64_t s = derive_seed(seed, "W" + std::to_string(k + 1));
      const double a = std::sqrt(6.0 / static_cast<double>(l.in + l.out));
      for (Eigen::Index i = 0; i < l.in * l.out; ++i) w_[l.w + static_cast<size_t>(i)] = static_cast<float>(-a + 2 * a * uniform01(s));
    }
    xb_.resize(batch, sizes.front());
    labels_.resize(static_cast<size_t>(batch));
  }

  double step(const Data& d, const size_t* rows, size_t count) {
    const auto n = static_cast<Eigen::Index>(count);
    const auto f = static_cast<size_t>(xb_.cols());
    for (size_t i = 0; i < count; ++i) {
      std::memcpy(xb_.row(static_cast<Eigen::Index>(i)).data(), d.X.row(static_cast<Eigen::Index>(rows[i])).data(), f * sizeof(float));
      labels_[i] = d.labels[rows[i]];
    }
    const size_t L = layers_.size();
    // forward: A = 1·bᵀ, A += X·W, hidden layers ReLU in place
    for (size_t k = 0; k < L; ++k) {
      LeanLayer& l = layers_[k];
      auto A = l.A.topRows(n);
      const float* b = w_.data() + l.b;
      for (Eigen::Index i = 0; i < n; ++i) std::memcpy(A.row(i).data(), b, static_cast<size_t>(l.out) * sizeof(float));
      A.noalias() += input(k, n) * W(l);
      if (k + 1 < L) A = A.cwiseMax(0.f);
    }
    // softmax cross-entropy; G of the logits = (p − onehot)/n
    LeanLayer& top = layers_[L - 1];
    const double loss = softmax_cross_entropy(top.A.topRows(n), top.G.topRows(n), labels_);
    // backward: G through ReLU's mask, dW = Xᵀ·G, db = column sums, G_prev = G·Wᵀ
    for (size_t k = L; k-- > 0;) {
      LeanLayer& l = layers_[k];
      auto G = l.G.topRows(n);
      if (k + 1 < L) G = (l.A.topRows(n).array() > 0.f).select(G, 0.f);
      Eigen::Map<Matrix> dW(g_.data() + l.w, l.in, l.out);
      dW.noalias() = input(k, n).transpose() * G;
      RowMap(g_.data() + l.b, l.out).noalias() = G.colwise().sum();
      if (k > 0) layers_[k - 1].G.topRows(n).noalias() = G * W(l).transpose();
    }
    adam_.step(w_, g_);
    return loss;
  }

 private:
  Eigen::Map<Matrix> W(const LeanLayer& l) { return Eigen::Map<Matrix>(w_.data() + l.w, l.in, l.out); }
  Matrix::RowsBlockXpr input(size_t k, Eigen::Index n) { return k == 0 ? xb_.topRows(n) : layers_[k - 1].A.topRows(n); }

  int64_t batch_;
  std::vector<LeanLayer> layers_;
  std::vector<float> w_, g_;
  LeanAdam adam_{0, 1e-3f};
  Matrix xb_;
  std::vector<int> labels_;
};

std::vector<int64_t> parse_sizes(const std::string& s) {
  std::vector<int64_t> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::stoll(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage = "bench_mlp --impl lean|exe --train DATA.train.csv --hidden 64[,…] --batch N --epochs N [--seed N]";
  const Options o = parse_options(argc, argv, {}, usage);
  const std::string impl = o.get("impl", "lean"), train = o.get("train"), hidden = o.get("hidden", "64");
  const int epochs = o.epochs;
  const int64_t batch = o.batch;
  const uint64_t seed = o.seed;
  if (train.empty() || (impl != "lean" && impl != "exe")) {
    std::fprintf(stderr, "usage: %s\n", usage);
    return 2;
  }
  const Data d = load_split(train);
  std::vector<int64_t> sizes = parse_sizes(hidden);
  sizes.insert(sizes.begin(), d.X.cols());
  sizes.push_back(d.classes);
  Result r;
  if (impl == "exe") {
    r = run_exe(d, sizes, batch, epochs, seed);
  } else {
    Lean lean(sizes, batch, seed);
    r = run_epochs(static_cast<size_t>(d.X.rows()), batch, epochs, seed,
                   [&](const size_t* rows, size_t n) { return lean.step(d, rows, n); });
  }
  print_result(impl.c_str(), d, epochs, r);
  return 0;
}
