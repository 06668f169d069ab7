// The hand-written baseline `exp run bench/models/cnn.exp` is measured
// against (bench/models/run.py --case cnn): issue 12's small CNN on the
// digits as 8×8×1 images — conv 3×3×16 → relu → conv 3×3×32 → relu → 2×2
// max pool → dense 10, softmax cross-entropy, Adam(0.001), float32, one
// thread — trained on the exact rows exp trained on (`exp run
// --export-splits`), written for speed:
//
//   - every buffer preallocated for the batch; parameters, gradients and
//     Adam's moments in flat vectors; no allocation in the loop (counted:
//     allocs_per_step);
//   - channels last, row-major, as exp stores images; each convolution is
//     im2col + one Eigen GEMM for the whole batch (patches (n·ho·wo) × (3·3·c)
//     times the filter bank (3·3·c) × f), the bias written before the GEMM
//     accumulates onto it, ReLU in place;
//   - im2col copies a window row (3 pixels × c channels, contiguous in
//     channels-last storage) with one memcpy;
//   - max pool keeps no argmax: backward compares each position with the
//     window's maximum again (the first one holding it takes the gradient),
//     which also writes the zeros of the other positions, so the gradient
//     buffer is never cleared; ReLU's mask folds into the same pass (a
//     window whose maximum is 0 passes nothing);
//   - the input gradient of the second convolution is the patches'
//     gradient added back a window row (3 pixels × 16 channels, contiguous)
//     at a time; gathering it onto each input position instead (one write
//     per element, no clearing pass, the ReLU mask in the same pass)
//     measured ~10 % slower per epoch;
//   - the first convolution's input gradient is never formed (the images
//     need none);
//   - softmax cross-entropy fused with its gradient, Adam in one pass over
//     L1-sized chunks (bench/common/lean_bench.h, shared with bench/mlp).
//
// Initial weights: he normal for the filter banks (fan-in 3·3·c), glorot
// uniform for the dense layer, zero biases — exp's initializers for
// cnn.exp, drawn from this program's own streams (the draws differ from
// exp's, the distributions do not).
//
//   bench_cnn --train DATA.train.csv --test DATA.test.csv --batch 64 --epochs N [--seed N]
//
// Prints one line (lean_bench.h's print_result) with test_accuracy added.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench/common/lean_bench.h"

using namespace xp;
using namespace xp::bench;

namespace {

using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using RowMap = Eigen::Map<Eigen::RowVectorXf>;

// The network's sizes: 8×8×1 → conv 3×3 → 6×6×16 → conv 3×3 → 4×4×32 →
// pool 2×2 → 2×2×32 = 128 → 10.
constexpr int64_t kSide0 = 8, kChan0 = 1, kTaps = 3, kChan1 = 16, kChan2 = 32, kClasses = 10;
constexpr int64_t kSide1 = kSide0 - kTaps + 1, kSide2 = kSide1 - kTaps + 1, kSideP = kSide2 / 2;
constexpr int64_t kPatch1 = kTaps * kTaps * kChan0, kPatch2 = kTaps * kTaps * kChan1;
constexpr int64_t kPos1 = kSide1 * kSide1, kPos2 = kSide2 * kSide2, kPooled = kSideP * kSideP * kChan2;

// P's row (b, oy, ox) holds the 3×3 window at (oy, ox) of example b in the
// order (ky, kx, channel): three runs of 3·c contiguous floats.
template <int64_t Side, int64_t C>
void im2col3(const float* x, float* p, Eigen::Index n) {
  constexpr int64_t out = Side - kTaps + 1, patch = kTaps * kTaps * C, run = kTaps * C;
  for (Eigen::Index b = 0; b < n; ++b) {
    const float* xb = x + b * Side * Side * C;
    for (int64_t oy = 0; oy < out; ++oy)
      for (int64_t ox = 0; ox < out; ++ox) {
        float* row = p + ((b * out + oy) * out + ox) * patch;
        for (int64_t ky = 0; ky < kTaps; ++ky)
          std::memcpy(row + ky * run, xb + ((oy + ky) * Side + ox) * C, run * sizeof(float));
      }
  }
}

class LeanCnn {
 public:
  LeanCnn(int64_t batch, uint64_t seed) {
    size_t total = 0;
    auto place = [&](int64_t floats) {
      const size_t at = total;
      total += (static_cast<size_t>(floats) + 15) & ~size_t{15};  // 64-byte starts
      return at;
    };
    k1_ = place(kPatch1 * kChan1), c1_ = place(kChan1);
    k2_ = place(kPatch2 * kChan2), c2_ = place(kChan2);
    w_ = place(kPooled * kClasses), b_ = place(kClasses);
    theta_.assign(total, 0.f);
    grad_.assign(total, 0.f);
    adam_ = LeanAdam(total, 1e-3f);
    he(k1_, kPatch1 * kChan1, kPatch1, rt::derive_seed(seed, "K1"));
    he(k2_, kPatch2 * kChan2, kPatch2, rt::derive_seed(seed, "K2"));
    uint64_t s = rt::derive_seed(seed, "W");
    const double a = std::sqrt(6.0 / static_cast<double>(kPooled + kClasses));
    for (int64_t i = 0; i < kPooled * kClasses; ++i)
      theta_[w_ + static_cast<size_t>(i)] = static_cast<float>(-a + 2 * a * rt::uniform01(s));
    xb_.resize(batch, kSide0 * kSide0 * kChan0);
    p1_.resize(batch * kPos1, kPatch1);
    a1_.resize(batch * kPos1, kChan1);
    g1_.resize(batch * kPos1, kChan1);
    p2_.resize(batch * kPos2, kPatch2);
    a2_.resize(batch * kPos2, kChan2);
    g2_.resize(batch * kPos2, kChan2);
    h_.resize(batch, kPooled);
    gh_.resize(batch, kPooled);
    z_.resize(batch, kClasses);
    gz_.resize(batch, kClasses);
    labels_.resize(static_cast<size_t>(batch));
  }

  double step(const Data& d, const size_t* rows, size_t count) {
    const auto n = static_cast<Eigen::Index>(count);
    gather(d, rows, count);
    forward(n);
    const double loss = softmax_cross_entropy(z_.topRows(n), gz_.topRows(n), labels_);
    backward(n);
    adam_.step(theta_, grad_);
    return loss;
  }

  // Share of `d`'s rows whose largest logit is their label.
  double accuracy(const Data& d) {
    const auto rows = static_cast<size_t>(d.X.rows()), batch = static_cast<size_t>(xb_.rows());
    std::vector<size_t> order(rows);
    for (size_t i = 0; i < rows; ++i) order[i] = i;
    size_t right = 0;
    for (size_t at = 0; at < rows; at += batch) {
      const size_t count = std::min(batch, rows - at);
      gather(d, order.data() + at, count);
      forward(static_cast<Eigen::Index>(count));
      for (size_t i = 0; i < count; ++i) {
        Eigen::Index best = 0;
        z_.row(static_cast<Eigen::Index>(i)).maxCoeff(&best);
        right += best == labels_[i];
      }
    }
    return static_cast<double>(right) / static_cast<double>(rows);
  }

 private:
  void he(size_t at, int64_t count, int64_t fan_in, uint64_t s) {
    const double std = std::sqrt(2.0 / static_cast<double>(fan_in));
    for (int64_t i = 0; i < count; ++i) theta_[at + static_cast<size_t>(i)] = static_cast<float>(std * rt::standard_normal(s));
  }
  MatrixMap param(size_t at, int64_t r, int64_t c) { return MatrixMap(theta_.data() + at, r, c); }
  MatrixMap grad(size_t at, int64_t r, int64_t c) { return MatrixMap(grad_.data() + at, r, c); }

  void gather(const Data& d, const size_t* rows, size_t count) {
    const auto f = static_cast<size_t>(xb_.cols());
    for (size_t i = 0; i < count; ++i) {
      std::memcpy(xb_.row(static_cast<Eigen::Index>(i)).data(), d.X.row(static_cast<Eigen::Index>(rows[i])).data(),
                  f * sizeof(float));
      labels_[i] = d.labels[rows[i]];
    }
  }

  // A = 1·cᵀ, A += P·K, ReLU in place.
  void conv(const Matrix& p, Matrix& a, size_t k, size_t c, Eigen::Index rows) {
    const int64_t f = a.cols();
    auto A = a.topRows(rows);
    const float* bias = theta_.data() + c;
    for (Eigen::Index i = 0; i < rows; ++i) std::memcpy(A.row(i).data(), bias, static_cast<size_t>(f) * sizeof(float));
    A.noalias() += p.topRows(rows) * param(k, p.cols(), f);
    A = A.cwiseMax(0.f);
  }

  void forward(Eigen::Index n) {
    im2col3<kSide0, kChan0>(xb_.data(), p1_.data(), n);
    conv(p1_, a1_, k1_, c1_, n * kPos1);
    im2col3<kSide1, kChan1>(a1_.data(), p2_.data(), n);
    conv(p2_, a2_, k2_, c2_, n * kPos2);
    // 2×2 max pool, stride 2: a channel vector at a time.
    for (Eigen::Index b = 0; b < n; ++b)
      for (int64_t py = 0; py < kSideP; ++py)
        for (int64_t px = 0; px < kSideP; ++px) {
          const float* a = a2_.data() + ((b * kSide2 + 2 * py) * kSide2 + 2 * px) * kChan2;
          float* h = h_.data() + b * kPooled + (py * kSideP + px) * kChan2;
          for (int64_t ch = 0; ch < kChan2; ++ch)
            h[ch] = std::max(std::max(a[ch], a[kChan2 + ch]),
                             std::max(a[kSide2 * kChan2 + ch], a[(kSide2 + 1) * kChan2 + ch]));
        }
    auto Z = z_.topRows(n);
    const float* bias = theta_.data() + b_;
    for (Eigen::Index i = 0; i < n; ++i) std::memcpy(Z.row(i).data(), bias, kClasses * sizeof(float));
    Z.noalias() += h_.topRows(n) * param(w_, kPooled, kClasses);
  }

  void backward(Eigen::Index n) {
    // dense: dW = Hᵀ·G, db = column sums, dH = G·Wᵀ
    auto G = gz_.topRows(n);
    grad(w_, kPooled, kClasses).noalias() = h_.topRows(n).transpose() * G;
    RowMap(grad_.data() + b_, kClasses).noalias() = G.colwise().sum();
    gh_.topRows(n).noalias() = G * param(w_, kPooled, kClasses).transpose();
    // pool and the second ReLU: each window's gradient goes to the first
    // position holding its maximum, when that maximum is positive.
    for (Eigen::Index b = 0; b < n; ++b)
      for (int64_t py = 0; py < kSideP; ++py)
        for (int64_t px = 0; px < kSideP; ++px) {
          const int64_t at = ((b * kSide2 + 2 * py) * kSide2 + 2 * px) * kChan2;
          const int64_t pooled = b * kPooled + (py * kSideP + px) * kChan2;
          const float* h = h_.data() + pooled;
          float left[kChan2];
          for (int64_t ch = 0; ch < kChan2; ++ch) left[ch] = h[ch] > 0.f ? gh_.data()[pooled + ch] : 0.f;
          for (const int64_t pos : {int64_t{0}, kChan2, kSide2 * kChan2, (kSide2 + 1) * kChan2}) {
            const float* a = a2_.data() + at + pos;
            float* g = g2_.data() + at + pos;
            for (int64_t ch = 0; ch < kChan2; ++ch) {
              const bool hit = a[ch] == h[ch];
              g[ch] = hit ? left[ch] : 0.f;
              left[ch] = hit ? 0.f : left[ch];
            }
          }
        }
    // conv 2: dK2 = P2ᵀ·G2, dc2 = column sums, dP2 = G2·K2ᵀ (into P2's buffer: P2 is done)
    const Eigen::Index r2 = n * kPos2, r1 = n * kPos1;
    auto G2 = g2_.topRows(r2);
    grad(k2_, kPatch2, kChan2).noalias() = p2_.topRows(r2).transpose() * G2;
    RowMap(grad_.data() + c2_, kChan2).noalias() = G2.colwise().sum();
    p2_.topRows(r2).noalias() = G2 * param(k2_, kPatch2, kChan2).transpose();
    // dA1 = col2im(dP2): cleared, each window row (3 pixels × 16 channels,
    // contiguous) added back where it was read; then the first ReLU's mask.
    auto G1 = g1_.topRows(r1);
    G1.setZero();
    constexpr int64_t run = kTaps * kChan1;
    for (Eigen::Index b = 0; b < n; ++b)
      for (int64_t oy = 0; oy < kSide2; ++oy)
        for (int64_t ox = 0; ox < kSide2; ++ox) {
          const float* row = p2_.data() + ((b * kSide2 + oy) * kSide2 + ox) * kPatch2;
          for (int64_t ky = 0; ky < kTaps; ++ky) {
            float* d = g1_.data() + ((b * kSide1 + oy + ky) * kSide1 + ox) * kChan1;
            for (int64_t i = 0; i < run; ++i) d[i] += row[ky * run + i];
          }
        }
    G1 = (a1_.topRows(r1).array() > 0.f).select(G1, 0.f);
    // conv 1: dK1 = P1ᵀ·G1, dc1 = column sums (the images need no gradient)
    grad(k1_, kPatch1, kChan1).noalias() = p1_.topRows(r1).transpose() * G1;
    RowMap(grad_.data() + c1_, kChan1).noalias() = G1.colwise().sum();
  }

  size_t k1_ = 0, c1_ = 0, k2_ = 0, c2_ = 0, w_ = 0, b_ = 0;  // offsets into theta_ / grad_
  std::vector<float> theta_, grad_;
  LeanAdam adam_{0, 1e-3f};
  Matrix xb_, p1_, a1_, g1_, p2_, a2_, g2_, h_, gh_, z_, gz_;
  std::vector<int> labels_;
};

}  // namespace

int main(int argc, char** argv) {
  const char* usage = "bench_cnn --train DATA.train.csv --test DATA.test.csv --batch N --epochs N [--seed N]";
  Options defaults;
  defaults.epochs = 15;
  defaults.batch = 64;
  const Options o = parse_options(argc, argv, defaults, usage);
  const std::string train = o.get("train"), test = o.get("test");
  const int epochs = o.epochs;
  const int64_t batch = o.batch;
  const uint64_t seed = o.seed;
  if (train.empty() || test.empty() || epochs < 1 || batch < 1) {
    std::fprintf(stderr, "usage: %s\n", usage);
    return 2;
  }
  const Data d = load_split(train), t = load_split(test);
  if (d.X.cols() != kSide0 * kSide0 * kChan0 || t.X.cols() != d.X.cols() || std::max(d.classes, t.classes) > kClasses) {
    std::fprintf(stderr, "bench_cnn trains on 8×8×1 images of at most %ld classes\n", static_cast<long>(kClasses));
    return 2;
  }
  LeanCnn net(batch, seed);
  const Result r = run_epochs(static_cast<size_t>(d.X.rows()), batch, epochs, seed,
                              [&](const size_t* rows, size_t n) { return net.step(d, rows, n); });
  char acc[48];
  std::snprintf(acc, sizeof acc, " test_accuracy=%.4f", net.accuracy(t));
  print_result("lean", d, epochs, r, acc);
  return 0;
}
