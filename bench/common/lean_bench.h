#pragma once
// What the hand-written training loops of bench/ share (bench/mlp/bench_mlp.cpp,
// bench/models/bench_cnn.cpp): the exported split they train on, the epoch's
// shuffle, the timed epoch loop (wall and thread CPU per epoch, mallocs
// counted inside it), Adam in one pass over L1-sized chunks, and softmax
// cross-entropy fused with its gradient.
//
// Include it from exactly one translation unit of a program: it defines
// malloc, calloc and realloc (glibc lets a program interpose them; the
// wrappers count calls while `g_counting` is set and forward to glibc's own).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/core/matrix.h"
#include "runtime/core/random.h"

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
}
namespace xp::bench {
inline bool g_counting = false;
inline long g_allocs = 0;
}  // namespace xp::bench
extern "C" void* malloc(size_t n) {
  if (xp::bench::g_counting) ++xp::bench::g_allocs;
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t a, size_t b) {
  if (xp::bench::g_counting) ++xp::bench::g_allocs;
  return __libc_calloc(a, b);
}
extern "C" void* realloc(void* p, size_t n) {
  if (xp::bench::g_counting) ++xp::bench::g_allocs;
  return __libc_realloc(p, n);
}

namespace xp::bench {

using rt::Matrix;

// The loops' options: --train, --test, --impl, --hidden (strings) and
// --epochs, --batch, --seed, each `--key value`; `fail` is the usage line
// printed (exit 2) for an unknown key.
struct Options {
  std::map<std::string, std::string> text;
  int epochs = 3;
  int64_t batch = 32;
  uint64_t seed = 42;
  std::string get(const std::string& key, const std::string& fallback = {}) const {
    const auto it = text.find(key);
    return it == text.end() ? fallback : it->second;
  }
};
inline Options parse_options(int argc, char** argv, Options o, const char* usage) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--epochs") o.epochs = std::stoi(v);
    else if (k == "--batch") o.batch = std::stoll(v);
    else if (k == "--seed") o.seed = std::stoull(v);
    else if (k == "--train" || k == "--test" || k == "--impl" || k == "--hidden") o.text[k.substr(2)] = v;
    else {
      std::fprintf(stderr, "unknown option %s\nusage: %s\n", k.c_str(), usage);
      std::exit(2);
    }
  }
  return o;
}

struct Data {
  Matrix X;                 // rows × features, as exp trained on them (scaled)
  std::vector<int> labels;  // class index per row
  int classes = 0;
};

// An exported split: a header, the features, the class index last.
inline Data load_split(const std::string& path) {
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

// The epoch's permutation: Fisher–Yates over splitmix64.
inline void shuffle(std::vector<size_t>& order, uint64_t seed, int epoch) {
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t s = rt::derive_seed(seed, "epoch" + std::to_string(epoch));
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rt::splitmix64(s) % (i + 1)]);
}

inline double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
inline double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}
inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
// Epoch 1 warms caches and the allocator; it is left out when there are more.
inline std::vector<double> after_first(const std::vector<double>& v) {
  return v.size() > 1 ? std::vector<double>(v.begin() + 1, v.end()) : v;
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

// The line bench/*/run.* parse: epoch_ms (wall) and cpu_epoch_ms are medians
// over epochs 2…N; `extra` adds fields (" test_accuracy=0.97").
inline void print_result(const char* impl, const Data& d, int epochs, const Result& r, const std::string& extra = {}) {
  std::printf("impl=%s rows=%ld epochs=%d epoch_ms=%.3f cpu_epoch_ms=%.3f final_loss=%.4f allocs_per_step=%.2f%s\n", impl,
              static_cast<long>(d.X.rows()), epochs, median(after_first(r.wall)), median(after_first(r.cpu)),
              r.final_loss, static_cast<double>(g_allocs) / static_cast<double>(std::max<size_t>(r.steps, 1)),
              extra.c_str());
}

// Adam(lr) over flat parameter, gradient and moment vectors, in one pass:
// each chunk's m, v and w updated while it is in L1.
class LeanAdam {
 public:
  LeanAdam(size_t size, float lr) : m_(size, 0.f), v_(size, 0.f), lr_(lr) {}
  void step(std::vector<float>& w, const std::vector<float>& g) {
    ++t_;
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    const auto step = static_cast<float>(lr_ / (1.0 - std::pow(0.9, t_)));
    const auto inv = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(0.999, t_)));
    using A = Eigen::Map<Eigen::ArrayXf>;
    using CA = Eigen::Map<const Eigen::ArrayXf>;
    constexpr size_t kChunk = 1024;
    for (size_t i = 0; i < w.size(); i += kChunk) {
      const auto c = static_cast<Eigen::Index>(std::min(kChunk, w.size() - i));
      A wc(w.data() + i, c), m(m_.data() + i, c), v(v_.data() + i, c);
      CA gc(g.data() + i, c);
      m = b1 * m + (1 - b1) * gc;
      v = b2 * v + (1 - b2) * gc.square();
      wc -= step * m / (v.sqrt() * inv + eps);
    }
  }

 private:
  std::vector<float> m_, v_;
  double lr_;
  int64_t t_ = 0;
};

// Mean softmax cross-entropy of the logits Z (n × classes) against `labels`;
// writes its gradient (p − onehot) / n into P. z − rowmax per row, then one
// vectorised exp over the whole block (a row of 10 classes is shorter than
// one AVX-512 packet).
template <class Z, class P>
double softmax_cross_entropy(const Z& z, P&& p, const std::vector<int>& labels) {
  const Eigen::Index n = z.rows();
  for (Eigen::Index i = 0; i < n; ++i) p.row(i).array() = z.row(i).array() - z.row(i).maxCoeff();
  p.array() = p.array().exp();
  double loss = 0;
  const float inv_n = 1.f / static_cast<float>(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    auto g = p.row(i);
    const float sum = g.sum();
    const int y = labels[static_cast<size_t>(i)];
    loss += std::log(sum) - (z(i, y) - z.row(i).maxCoeff());
    g *= inv_n / sum;
    g(y) -= inv_n;
  }
  return loss / static_cast<double>(n);
}

}  // namespace xp::bench
