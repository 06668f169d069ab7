// Loss kernels: (prediction, target) → one number, the mean over the batch
// (and over targets for the elementwise losses). cross_entropy works from
// logits and fuses softmax with the log-likelihood, so it is stable and its
// gradient is the cheap p − onehot.
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

float out_grad(RunState& s, const Node& nd) { return s.tensors[nd.out].grad[0]; }

// ---- cross-entropy from logits ---------------------------------------------------------
// Per row with class k: ℓ = lse(z) − z_k, lse(z) = m + log Σ e^(z−m).
// Soft targets y (a distribution per row): ℓ = Σ_k y_k (lse(z) − z_k).
// ∂ℓ/∂z = p·Σy − y (p = softmax z; with an index label y is one-hot),
// ∂ℓ/∂y_k = lse(z) − z_k = −log p_k (soft targets only). Mean over rows.
// With a third argument, the class weights (below): each row's terms scaled by them.
void cross_entropy_fwd(RunState& s, const Node& nd) {
  MatrixMap z = value(s, nd.args[0]), y = value(s, nd.args[1]), p = value(s, nd.scratch);
  const bool weighted = nd.args.size() == 3;
  const float* w = weighted ? s.tensors[nd.args[2]].data : nullptr;
  const bool index_labels = y.cols() == 1 && z.cols() > 1;
  // z − rowmax per row, then e^ over the whole block at once: one vectorised
  // exp over rows × classes values instead of a short row at a time (a row of
  // 10 classes is shorter than one AVX-512 packet, so it went to scalar expf).
  for (Eigen::Index i = 0; i < z.rows(); ++i) p.row(i).array() = z.row(i).array() - z.row(i).maxCoeff();
  p.array() = p.array().exp();
  double total = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    const float m = z.row(i).maxCoeff();
    const float sum = p.row(i).sum();
    const float lse = m + std::log(sum);
    p.row(i) /= sum;
    if (index_labels) {
      const float label = y(i, 0);
      const auto k = static_cast<Eigen::Index>(label);
      if (!(label >= 0) || k >= z.cols() || static_cast<float>(k) != label) {
        total = std::numeric_limits<double>::quiet_NaN();  // reported as a non-finite loss at this op
        continue;
      }
      total += (weighted ? static_cast<double>(w[k]) : 1.0) * (lse - z(i, k));
    } else if (weighted) {
      for (Eigen::Index k = 0; k < z.cols(); ++k) total += static_cast<double>(w[k] * y(i, k)) * (lse - z(i, k));
    } else {
      total += lse * y.row(i).sum() - z.row(i).dot(y.row(i));
    }
  }
  value(s, nd.out)(0, 0) = static_cast<float>(total / static_cast<double>(z.rows()));
}
void cross_entropy_bwd(RunState& s, const Node& nd) {
  MatrixMap z = value(s, nd.args[0]), y = value(s, nd.args[1]), p = value(s, nd.scratch);
  const float scale = out_grad(s, nd) / static_cast<float>(z.rows());
  const bool index_labels = y.cols() == 1 && z.cols() > 1;
  if (wants_grad(s, nd.args[0])) {
    MatrixMap dz = gradient(s, nd.args[0]);
    if (index_labels) {
      store(dz, p * scale, nd.accumulate(0));
      for (Eigen::Index i = 0; i < z.rows(); ++i) {
        const auto k = static_cast<Eigen::Index>(y(i, 0));
        if (k >= 0 && k < z.cols()) dz(i, k) -= scale;
      }
    } else {
      for (Eigen::Index i = 0; i < z.rows(); ++i)
        store(dz.row(i), (p.row(i) * y.row(i).sum() - y.row(i)) * scale, nd.accumulate(0));
    }
  }
  if (!index_labels && wants_grad(s, nd.args[1]))
    store(gradient(s, nd.args[1]).array(), -p.array().log() * scale, nd.accumulate(1));
}

// ---- class-weighted cross-entropy (class_weight: balanced) -------------------------------
// A third argument w, one weight per class (a constant row): each row's
// loss is scaled by its class's weight, still divided by the row count (so
// with balanced weights, whose mean over the training rows is 1, the loss
// keeps its scale). Index label k: ℓ = w_k (lse(z) − z_k), ∂ℓ/∂z = w_k (p − e_k).
// Soft targets: ℓ = Σ_k w_k y_k (lse(z) − z_k), ∂ℓ/∂z = p (w·y) − w∘y,
// ∂ℓ/∂y_k = w_k (lse(z) − z_k) = −w_k log p_k. w is never differentiated.
// The forward pass is cross_entropy_fwd's, which reads w when it is given.
void weighted_cross_entropy_bwd(RunState& s, const Node& nd) {
  MatrixMap z = value(s, nd.args[0]), y = value(s, nd.args[1]), w = value(s, nd.args[2]), p = value(s, nd.scratch);
  const float scale = out_grad(s, nd) / static_cast<float>(z.rows());
  const bool index_labels = y.cols() == 1 && z.cols() > 1;
  if (wants_grad(s, nd.args[0])) {
    MatrixMap dz = gradient(s, nd.args[0]);
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
      if (index_labels) {
        const auto k = static_cast<Eigen::Index>(y(i, 0));
        const float wk = k >= 0 && k < z.cols() ? w(0, k) : 0.f;
        Eigen::RowVectorXf g = p.row(i) * (wk * scale);
        if (k >= 0 && k < z.cols()) g(k) -= wk * scale;
        store(dz.row(i), g, nd.accumulate(0));
      } else {
        const float wy = w.row(0).dot(y.row(i));
        store(dz.row(i), (p.row(i) * wy - w.row(0).cwiseProduct(y.row(i))) * scale, nd.accumulate(0));
      }
    }
  }
  if (!index_labels && wants_grad(s, nd.args[1])) {
    MatrixMap dy = gradient(s, nd.args[1]);
    for (Eigen::Index i = 0; i < z.rows(); ++i)
      store(dy.row(i), (-p.row(i).array().log() * w.row(0).array() * scale).matrix(), nd.accumulate(1));
  }
}

// The class-weight row of a weighted loss: one weight per class, unbatched.
void bind_class_weights(Binding& b, int64_t classes) {
  const Layout& w = b.args[2];
  if (w.batched || w.rows != 1 || w.cols != classes)
    b.fail(fmt::format("`{}` needs one class weight per class ({}), got {}", b.name, classes, to_string(w)));
  b.no_grad_mask |= 0b100;
}

void bind_cross_entropy(Binding& b) {
  b.check_attrs({});
  if (b.args.size() != 2 && b.args.size() != 3) b.fail("`cross_entropy` takes logits and targets");
  const Layout& z = b.args[0];
  const Layout& y = b.args[1];
  if (z.rank == 0) b.fail(fmt::format("`cross_entropy` needs a score per class, got {}", to_string(z)),
                          "for two classes with one logit use binary_cross_entropy");
  if (z.batched != y.batched || (!z.batched && z.rows != y.rows) || (y.cols != 1 && y.cols != z.cols))
    b.fail(fmt::format("`cross_entropy` cannot pair logits {} with targets {}", to_string(z), to_string(y)),
           "targets are one class index per row, or one probability per class");
  b.out = Layout::scalar();
  b.use_scratch(z);  // softmax probabilities, reused by backward
  b.forward = cross_entropy_fwd;
  b.backward = cross_entropy_bwd;
  if (y.cols == 1 && z.cols > 1) b.no_grad_mask = 0b10;  // class indices are not differentiable
  if (b.args.size() == 3) {
    bind_class_weights(b, z.cols);
    b.backward = weighted_cross_entropy_bwd;  // forward: cross_entropy_fwd reads the weights
  }
}

// ---- elementwise losses ---------------------------------------------------------------
// Each states ℓ(p, y) for one element and its partials; the loss is the mean
// over all elements of the prediction. The target broadcasts when it is a
// single number.
struct Mse {  // ℓ = (p−y)², ∂ℓ/∂p = 2(p−y), ∂ℓ/∂y = −2(p−y)
  static float loss(float p, float y, float) { return (p - y) * (p - y); }
  static float dp(float p, float y, float) { return 2.f * (p - y); }
  static float dy(float p, float y, float) { return -2.f * (p - y); }
};
struct Mae {  // ℓ = |p−y|, ∂ℓ/∂p = sign(p−y), ∂ℓ/∂y = −sign(p−y)
  static float sign(float v) { return static_cast<float>((v > 0) - (v < 0)); }
  static float loss(float p, float y, float) { return std::fabs(p - y); }
  static float dp(float p, float y, float) { return sign(p - y); }
  static float dy(float p, float y, float) { return -sign(p - y); }
};
struct Huber {  // r = p−y: ℓ = ½r² if |r| ≤ δ else δ(|r| − ½δ); ∂ℓ/∂p = clamp(r, −δ, δ) = −∂ℓ/∂y
  static float loss(float p, float y, float d) {
    const float r = std::fabs(p - y);
    return r <= d ? 0.5f * r * r : d * (r - 0.5f * d);
  }
  static float dp(float p, float y, float d) { return std::clamp(p - y, -d, d); }
  static float dy(float p, float y, float d) { return -dp(p, y, d); }
};
struct Bce {  // logit z, label y: ℓ = max(z,0) − z·y + log(1 + e^−|z|); ∂ℓ/∂z = σ(z) − y, ∂ℓ/∂y = −z
  static float loss(float z, float y, float) { return std::max(z, 0.f) - z * y + std::log1p(std::exp(-std::fabs(z))); }
  static float dp(float z, float y, float) { return 1.f / (1.f + std::exp(-z)) - y; }
  static float dy(float z, float, float) { return -z; }
};
struct Hinge {  // t = 2y−1 ∈ {−1, 1}: ℓ = max(0, 1 − t·s); ∂ℓ/∂s = −t·[1 − t·s > 0], ∂ℓ/∂y = −2s·[…]
  static float loss(float s, float y, float) { return std::max(0.f, 1.f - (2.f * y - 1.f) * s); }
  static float dp(float s, float y, float) {
    const float t = 2.f * y - 1.f;
    return 1.f - t * s > 0 ? -t : 0.f;
  }
  static float dy(float s, float y, float) { return 1.f - (2.f * y - 1.f) * s > 0 ? -2.f * s : 0.f; }
};

// The weight of an element's label: 1, or with class weights (w₀, w₁)
// (binary_cross_entropy, class_weight: balanced) v(y) = w₀ + (w₁ − w₀)·y,
// w_y for y ∈ {0, 1}. ℓ = v(y)·L(p, y): ∂ℓ/∂p = v(y)·L_p, ∂ℓ/∂y = v(y)·L_y +
// (w₁ − w₀)·L. Unweighted, v = 1 exactly, so the arithmetic is L's own.
struct LabelWeight {
  float w0 = 1, w1 = 1;
  float at(float y) const { return w0 + (w1 - w0) * y; }
  float slope() const { return w1 - w0; }
};
LabelWeight label_weight(RunState& s, const Node& nd) {
  if (nd.args.size() < 3) return {};
  MatrixMap w = value(s, nd.args[2]);
  return {w(0, 0), w(0, 1)};
}

template <class L>
void elementwise_loss_fwd(RunState& s, const Node& nd) {
  MatrixMap p = value(s, nd.args[0]), y = value(s, nd.args[1]);
  const float d = nd.attr[0];
  const LabelWeight w = label_weight(s, nd);
  const float* pp = p.data();
  const float* yp = y.data();
  const int64_t n = p.size(), ys = y.size() == 1 ? 0 : 1;
  double total = 0;
  for (int64_t k = 0; k < n; ++k) {
    const float yk = yp[k * ys];
    total += static_cast<double>(w.at(yk)) * L::loss(pp[k], yk, d);
  }
  value(s, nd.out)(0, 0) = static_cast<float>(total / static_cast<double>(n));
}
template <class L>
void elementwise_loss_bwd(RunState& s, const Node& nd) {
  MatrixMap p = value(s, nd.args[0]), y = value(s, nd.args[1]);
  const float d = nd.attr[0];
  const LabelWeight w = label_weight(s, nd);
  const int64_t n = p.size(), ys = y.size() == 1 ? 0 : 1;
  const float scale = out_grad(s, nd) / static_cast<float>(n);
  const float* pp = p.data();
  const float* yp = y.data();
  if (wants_grad(s, nd.args[0])) {
    float* dp = s.tensors[nd.args[0]].grad;
    const bool acc = nd.accumulate(0);
    for (int64_t k = 0; k < n; ++k) {
      const float yk = yp[k * ys];
      const float v = scale * w.at(yk) * L::dp(pp[k], yk, d);
      dp[k] = acc ? dp[k] + v : v;
    }
  }
  if (wants_grad(s, nd.args[1])) {
    float* dy = s.tensors[nd.args[1]].grad;
    const bool acc = nd.accumulate(1);
    if (ys == 0 && !acc) dy[0] = 0;
    for (int64_t k = 0; k < n; ++k) {
      const float yk = yp[k * ys];
      float g = w.at(yk) * L::dy(pp[k], yk, d);
      if (w.slope() != 0) g += w.slope() * L::loss(pp[k], yk, d);
      const float v = scale * g;
      if (ys == 0) dy[0] += v;
      else dy[k] = acc ? dy[k] + v : v;
    }
  }
}

template <class L>
void bind_elementwise_loss(Binding& b) {
  if (b.args.size() == 3 && b.name == "binary_cross_entropy") {
    b.args = b.args.first(2);
    bind_elementwise_loss<L>(b);
    b.args = std::span<const Layout>(b.args.data(), 3);
    bind_class_weights(b, 2);  // the kernels read the weights as a third argument (LabelWeight)
    return;
  }
  if (b.args.size() != 2) b.fail(fmt::format("`{}` takes predictions and targets", b.name));
  const Layout& p = b.args[0];
  const Layout& y = b.args[1];
  const bool scalar_target = !y.batched && y.rows == 1 && y.cols == 1;
  if (!scalar_target && (p.batched != y.batched || p.cols != y.cols || (!p.batched && p.rows != y.rows)))
    b.fail(fmt::format("`{}` cannot compare predictions {} with targets {}", b.name, to_string(p), to_string(y)),
           "predictions and targets need the same shape");
  if (b.name == "huber") {
    b.check_attrs({"delta"});
    const double delta = b.declared_attr("delta");  // > 0, by the registry
    b.attr[0] = static_cast<float>(delta);
  } else {
    b.check_attrs({});
  }
  b.out = Layout::scalar();
  b.forward = elementwise_loss_fwd<L>;
  b.backward = elementwise_loss_bwd<L>;
}

constexpr std::array kLoss = {
    KernelDef{"cross_entropy", bind_cross_entropy},
    KernelDef{"binary_cross_entropy", bind_elementwise_loss<Bce>},
    KernelDef{"mse", bind_elementwise_loss<Mse>},
    KernelDef{"mae", bind_elementwise_loss<Mae>},
    KernelDef{"huber", bind_elementwise_loss<Huber>},
    KernelDef{"hinge", bind_elementwise_loss<Hinge>},
};

}  // namespace

std::span<const KernelDef> loss_kernels() { return kLoss; }

}  // namespace xp::rt
