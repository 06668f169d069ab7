// The same MLP trained two ways in C++ — through exp's instantiated
// Executable and through a plain hand-written Eigen loop — with the same
// data, initial weights, batch order, Adam and cross-entropy.
// bench/mlp/torch_mlp.py is the PyTorch side; run.sh runs all three.
//
//   bench_mlp --impl exp|eigen --data digits|synthetic [--epochs N] [--csv PATH]
//
// Prints one line: impl=… data=… ms_per_epoch=… final_loss=… peak_rss_mb=… allocs_per_step=…
// ms_per_epoch is the mean over all epochs but the first (warm-up), in
// CPU time of the training thread: on a shared machine wall time mostly
// measures waiting for a core (wall_ms_per_epoch is printed too);
// allocs_per_step counts malloc calls inside the timed batch loops (glibc
// lets the program interpose malloc; the wrapper forwards to glibc's own).
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "runtime/graph/call_args.h"
#include "runtime/graph/instantiate.h"
#include "runtime/init/random.h"
#include "runtime/optim/optimizer.h"

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
}
namespace {
bool g_counting = false;
long g_allocs = 0;
}  // namespace
extern "C" void* malloc(size_t n) {
  if (g_counting) ++g_allocs;
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t a, size_t b) {
  if (g_counting) ++g_allocs;
  return __libc_calloc(a, b);
}
extern "C" void* realloc(void* p, size_t n) {
  if (g_counting) ++g_allocs;
  return __libc_realloc(p, n);
}

using namespace xp;
using namespace xp::rt;

namespace {

struct Data {
  Matrix X, Y;  // Y: class index per row
  int classes = 10;
};

// Minimal CSV reader for digits.csv: a header, 64 pixel columns (0–16)
// scaled to [0, 1], and the digit last.
Data load_digits(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<float>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<float> r;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) r.push_back(std::stof(cell));
    rows.push_back(std::move(r));
  }
  Data d;
  const auto n = static_cast<Eigen::Index>(rows.size());
  d.X.resize(n, 64);
  d.Y.resize(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (int j = 0; j < 64; ++j) d.X(i, j) = rows[static_cast<size_t>(i)][static_cast<size_t>(j)] / 16.f;
    d.Y(i, 0) = rows[static_cast<size_t>(i)][64];
  }
  return d;
}

// 50,000 × 128 Gaussian features; the label is the argmax of a fixed random
// linear map, so the problem is learnable.
Data synthetic(uint64_t seed) {
  Data d;
  d.X.resize(50000, 128);
  d.Y.resize(50000, 1);
  uint64_t s = seed;
  for (Eigen::Index i = 0; i < d.X.size(); ++i) d.X.data()[i] = static_cast<float>(standard_normal(s));
  Matrix M(128, 10);
  for (Eigen::Index i = 0; i < M.size(); ++i) M.data()[i] = static_cast<float>(standard_normal(s));
  Matrix scores = d.X * M;
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    Eigen::Index k;
    scores.row(i).maxCoeff(&k);
    d.Y(i, 0) = static_cast<float>(k);
  }
  return d;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// The epoch's permutation: Fisher–Yates over splitmix64, the same in both
// C++ implementations.
void shuffle(std::vector<size_t>& order, uint64_t seed, int epoch) {
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t s = derive_seed(seed, "epoch" + std::to_string(epoch));
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[splitmix64(s) % (i + 1)]);
}

// ---- exp: IR → instantiate → Executable ----------------------------------------------
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

// CPU time of this thread, in milliseconds.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

struct Result {
  double ms_per_epoch = 0, wall_ms_per_epoch = 0, final_loss = 0;
  size_t steps = 0;
};

Result run_exp(const Data& d, const std::vector<int64_t>& sizes, int64_t batch, int epochs, uint64_t seed) {
  IrMlp spec = ir_mlp(sizes);
  DataDims dims{sizes.front(), d.classes, 1};
  Executable exe = instantiate_training(spec.models, spec.train, {}, dims, batch, seed);
  auto opt = make_optimizer(evaluate_call(spec.train.optimizer, {}), exe.params().values.size());
  std::vector<size_t> order(static_cast<size_t>(d.X.rows()));
  Result r;
  double total_ms = 0;
  for (int e = 0; e < epochs; ++e) {
    shuffle(order, seed, e);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    double loss_sum = 0;
    size_t batches = 0;
    g_counting = true;
    for (size_t b = 0; b < order.size(); b += static_cast<size_t>(batch)) {
      const size_t n = std::min(order.size() - b, static_cast<size_t>(batch));
      exe.set_batch(d.X, d.Y, std::span<const size_t>(order.data() + b, n));
      loss_sum += exe.forward(true);
      exe.backward();
      opt->step(exe.params(), opt->base_lr());
      ++batches;
    }
    g_counting = false;
    const double ms = cpu_ms() - c0;
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (e > 0 || epochs == 1) {
      total_ms += ms;
      r.wall_ms_per_epoch += wall / std::max(1, epochs - 1);
    }
    r.final_loss = loss_sum / static_cast<double>(batches);
    r.steps += batches;
  }
  r.ms_per_epoch = total_ms / std::max(1, epochs - 1);
  return r;
}

// ---- the hand-written Eigen loop -----------------------------------------------------
// Everything preallocated; per batch: gather, affine+relu per layer, stable
// softmax cross-entropy, backward with noalias() products, Adam per tensor.
struct Layer {
  Matrix W, dW, mW, vW;
  Eigen::RowVectorXf b, db, mb, vb;
  Matrix A, dA;  // this layer's output (after relu for hidden layers) and its gradient
};

Result run_eigen(const Data& d, const std::vector<int64_t>& sizes, int64_t batch, int epochs, uint64_t seed) {
  const size_t L = sizes.size() - 1;
  std::vector<Layer> layers(L);
  for (size_t k = 0; k < L; ++k) {
    Layer& l = layers[k];
    const auto in = static_cast<Eigen::Index>(sizes[k]), out = static_cast<Eigen::Index>(sizes[k + 1]);
    // The same glorot draws exp makes for W{k+1}.
    l.W.resize(in, out);
    uint64_t s = derive_seed(seed, "W" + std::to_string(k + 1));
    const double a = std::sqrt(6.0 / static_cast<double>(in + out));
    for (Eigen::Index i = 0; i < l.W.size(); ++i) l.W.data()[i] = static_cast<float>(-a + 2 * a * uniform01(s));
    l.dW = l.mW = l.vW = Matrix::Zero(in, out);
    l.b = l.db = l.mb = l.vb = Eigen::RowVectorXf::Zero(out);
    l.A.resize(batch, out);
    l.dA.resize(batch, out);
  }
  Matrix Xb(batch, sizes[0]);
  std::vector<int> labels(static_cast<size_t>(batch));
  const float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
  int64_t t = 0;
  auto adam = [&](auto& w, auto& g, auto& m, auto& v, float step, float inv_sqrt_bc2) {
    m.array() = b1 * m.array() + (1 - b1) * g.array();
    v.array() = b2 * v.array() + (1 - b2) * g.array().square();
    w.array() -= step * m.array() / (v.array().sqrt() * inv_sqrt_bc2 + eps);
  };

  std::vector<size_t> order(static_cast<size_t>(d.X.rows()));
  Result r;
  double total_ms = 0;
  for (int e = 0; e < epochs; ++e) {
    shuffle(order, seed, e);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    double loss_sum = 0;
    size_t batches = 0;
    g_counting = true;
    for (size_t b0 = 0; b0 < order.size(); b0 += static_cast<size_t>(batch)) {
      const auto n = static_cast<Eigen::Index>(std::min(order.size() - b0, static_cast<size_t>(batch)));
      for (Eigen::Index i = 0; i < n; ++i) {
        Xb.row(i) = d.X.row(static_cast<Eigen::Index>(order[b0 + static_cast<size_t>(i)]));
        labels[static_cast<size_t>(i)] = static_cast<int>(d.Y(static_cast<Eigen::Index>(order[b0 + static_cast<size_t>(i)]), 0));
      }
      // forward
      for (size_t k = 0; k < L; ++k) {
        Layer& l = layers[k];
        auto A = l.A.topRows(n);
        A = l.b.replicate(n, 1);
        if (k == 0) A.noalias() += Xb.topRows(n) * l.W;
        else A.noalias() += layers[k - 1].A.topRows(n) * l.W;
        if (k + 1 < L) A = A.cwiseMax(0.f);
      }
      // softmax cross-entropy; dA of the logits = (p − onehot)/n
      Layer& top = layers[L - 1];
      double loss = 0;
      for (Eigen::Index i = 0; i < n; ++i) {
        auto z = top.A.row(i);
        auto g = top.dA.row(i);
        const float m = z.maxCoeff();
        g.array() = (z.array() - m).exp();
        const float sum = g.sum();
        loss += m + std::log(sum) - z(labels[static_cast<size_t>(i)]);
        g /= sum * static_cast<float>(n);
        g(labels[static_cast<size_t>(i)]) -= 1.f / static_cast<float>(n);
      }
      loss_sum += loss / static_cast<double>(n);
      // backward
      for (size_t k = L; k-- > 0;) {
        Layer& l = layers[k];
        auto G = l.dA.topRows(n);
        if (k + 1 < L) G = (l.A.topRows(n).array() > 0.f).select(G, 0.f);
        if (k == 0) l.dW.noalias() = Xb.topRows(n).transpose() * G;
        else l.dW.noalias() = layers[k - 1].A.topRows(n).transpose() * G;
        l.db.noalias() = G.colwise().sum();
        if (k > 0) layers[k - 1].dA.topRows(n).noalias() = G * l.W.transpose();
      }
      ++t;
      const auto step = static_cast<float>(lr / (1.0 - std::pow(0.9, t)));
      const auto inv = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(0.999, t)));
      for (Layer& l : layers) {
        adam(l.W, l.dW, l.mW, l.vW, step, inv);
        adam(l.b, l.db, l.mb, l.vb, step, inv);
      }
      ++batches;
    }
    g_counting = false;
    const double ms = cpu_ms() - c0;
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (e > 0 || epochs == 1) {
      total_ms += ms;
      r.wall_ms_per_epoch += wall / std::max(1, epochs - 1);
    }
    r.final_loss = loss_sum / static_cast<double>(batches);
    r.steps += batches;
  }
  r.ms_per_epoch = total_ms / std::max(1, epochs - 1);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string impl = "exp", data = "digits", csv = EXP_SOURCE_DIR "/stdlib/data/digits.csv";
  int epochs = -1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--impl") impl = v;
    else if (k == "--data") data = v;
    else if (k == "--epochs") epochs = std::stoi(v);
    else if (k == "--csv") csv = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  const bool small = data == "digits";
  const Data d = small ? load_digits(csv) : synthetic(1);
  const std::vector<int64_t> sizes = small ? std::vector<int64_t>{64, 64, 10} : std::vector<int64_t>{128, 512, 512, 10};
  const int64_t batch = small ? 32 : 256;
  if (epochs < 0) epochs = small ? 20 : 3;
  const uint64_t seed = 42;
  Result r = impl == "eigen" ? run_eigen(d, sizes, batch, epochs, seed) : run_exp(d, sizes, batch, epochs, seed);
  std::printf("impl=%s data=%s epochs=%d ms_per_epoch=%.3f wall_ms_per_epoch=%.3f final_loss=%.4f peak_rss_mb=%.1f "
              "allocs_per_step=%.2f\n",
              impl.c_str(), data.c_str(), epochs, r.ms_per_epoch, r.wall_ms_per_epoch, r.final_loss, peak_rss_mb(),
              static_cast<double>(g_allocs) / static_cast<double>(std::max<size_t>(r.steps, 1)));
  return 0;
}
