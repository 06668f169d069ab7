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
#include "runtime/core/call_args.h"
#include "runtime/graph/instantiate.h"
#include "runtime/core/random.h"
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
  Matrix X;                 // rows × features, as exp trained on them (scaled)
  std::vector<int> labels;  // class index per row
  int classes = 0;
};

// An exported split: a header, the features, the class index last.
Data load_split(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<float> values;
  Data d;
  size_t cols = 0, rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    size_t n = 0;
    const char* p = line.c_str();
    while (*p) {
      char* end = nullptr;
      values.push_back(std::strtof(p, &end));
      ++n;
      p = *end == ',' ? end + 1 : end;
      if (end == p && *p) throw std::runtime_error("bad number in " + path);
    }
    if (cols == 0) cols = n;
    if (n != cols) throw std::runtime_error("ragged row in " + path);
    ++rows;
  }
  const auto f = static_cast<Eigen::Index>(cols - 1);
  d.X.resize(static_cast<Eigen::Index>(rows), f);
  d.labels.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    std::copy_n(values.data() + i * cols, cols - 1, d.X.row(static_cast<Eigen::Index>(i)).data());
    d.labels[i] = static_cast<int>(values[i * cols + cols - 1]);
    d.classes = std::max(d.classes, d.labels[i] + 1);
  }
  return d;
}

// The epoch's permutation: Fisher–Yates over splitmix64 (both impls).
void shuffle(std::vector<size_t>& order, uint64_t seed, int epoch) {
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t s = derive_seed(seed, "epoch" + std::to_string(epoch));
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[splitmix64(s) % (i + 1)]);
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}
double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Result {
  std::vector<double> wall, cpu;  // per epoch
  double final_loss = 0;
  size_t steps = 0;
};

// Runs `epochs` epochs of `step(rows, n)` over shuffled batches, timing each.
template <class Step>
Result run_epochs(size_t rows, int64_t batch, int epochs, uint64_t seed, Step&& step) {
  std::vector<size_t> order(rows);
  Result r;
  for (int e = 0; e < epochs; ++e) {
    shuffle(order, seed, e);
    const double w0 = now_ms(), c0 = cpu_ms();
    double loss_sum = 0;
    size_t batches = 0;
    g_counting = true;
    for (size_t b = 0; b < rows; b += static_cast<size_t>(batch)) {
      const size_t n = std::min(rows - b, static_cast<size_t>(batch));
      loss_sum += step(order.data() + b, n);
      ++batches;
    }
    g_counting = false;
    r.cpu.push_back(cpu_ms() - c0);
    r.wall.push_back(now_ms() - w0);
    r.final_loss = loss_sum / static_cast<double>(batches);
    r.steps += batches;
  }
  return r;
}

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
    m_.assign(total, 0.f);
    v_.assign(total, 0.f);
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
    // softmax cross-entropy; G of the logits = (p − onehot)/n. z − rowmax per
    // row, then one vectorised exp over the whole block (a row of 10 classes
    // is shorter than one AVX-512 packet).
    LeanLayer& top = layers_[L - 1];
    auto Z = top.A.topRows(n);
    auto P = top.G.topRows(n);
    for (Eigen::Index i = 0; i < n; ++i) P.row(i).array() = Z.row(i).array() - Z.row(i).maxCoeff();
    P.array() = P.array().exp();
    double loss = 0;
    const float inv_n = 1.f / static_cast<float>(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      auto g = P.row(i);
      const float sum = g.sum();
      const int y = labels_[static_cast<size_t>(i)];
      loss += std::log(sum) - (Z(i, y) - Z.row(i).maxCoeff());
      g *= inv_n / sum;
      g(y) -= inv_n;
    }
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
    adam();
    return loss / static_cast<double>(n);
  }

 private:
  Eigen::Map<Matrix> W(const LeanLayer& l) { return Eigen::Map<Matrix>(w_.data() + l.w, l.in, l.out); }
  Matrix::RowsBlockXpr input(size_t k, Eigen::Index n) { return k == 0 ? xb_.topRows(n) : layers_[k - 1].A.topRows(n); }

  // One pass: each chunk's m, v and w updated while it is in L1.
  void adam() {
    ++t_;
    const float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    const auto step = static_cast<float>(lr / (1.0 - std::pow(0.9, t_)));
    const auto inv = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(0.999, t_)));
    using A = Eigen::Map<Eigen::ArrayXf>;
    constexpr size_t kChunk = 1024;
    for (size_t i = 0; i < w_.size(); i += kChunk) {
      const auto c = static_cast<Eigen::Index>(std::min(kChunk, w_.size() - i));
      A w(w_.data() + i, c), g(g_.data() + i, c), m(m_.data() + i, c), v(v_.data() + i, c);
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g.square();
      w -= step * m / (v.sqrt() * inv + eps);
    }
  }

  int64_t batch_;
  std::vector<LeanLayer> layers_;
  std::vector<float> w_, g_, m_, v_;
  Matrix xb_;
  std::vector<int> labels_;
  int64_t t_ = 0;
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
  std::string impl = "lean", train, hidden = "64";
  int epochs = 3;
  int64_t batch = 32;
  uint64_t seed = 42;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--impl") impl = v;
    else if (k == "--train") train = v;
    else if (k == "--hidden") hidden = v;
    else if (k == "--epochs") epochs = std::stoi(v);
    else if (k == "--batch") batch = std::stoll(v);
    else if (k == "--seed") seed = std::stoull(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (train.empty() || (impl != "lean" && impl != "exe")) {
    std::fprintf(stderr, "usage: bench_mlp --impl lean|exe --train DATA.train.csv --hidden 64[,…] --batch N --epochs N\n");
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
  // Epoch 1 warms caches and the allocator; it is left out when there are more.
  auto tail = [&](const std::vector<double>& v) {
    return v.size() > 1 ? std::vector<double>(v.begin() + 1, v.end()) : v;
  };
  std::printf("impl=%s rows=%ld epochs=%d epoch_ms=%.3f cpu_epoch_ms=%.3f final_loss=%.4f allocs_per_step=%.2f\n",
              impl.c_str(), static_cast<long>(d.X.rows()), epochs, median(tail(r.wall)), median(tail(r.cpu)), r.final_loss,
              static_cast<double>(g_allocs) / static_cast<double>(std::max<size_t>(r.steps, 1)));
  return 0;
}
