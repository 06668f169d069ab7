// batch_norm(x, gain, bias, momentum: 0.1, eps: 1e-5): normalises each
// feature (the last axis: a dense layer's units, an image's channels) over
// the batch and every other axis.
//
// Training: μ, σ² = the mean and (biased) variance of each feature over the
// N = rows·(positions) values of the batch; x̂ = (x − μ)/√(σ² + eps),
// y = gain ⊙ x̂ + bias; the running statistics move towards the batch's:
// m ← (1 − momentum)·m + momentum·μ, v ← (1 − momentum)·v + momentum·σ²·N/(N − 1).
// Evaluation and prediction: x̂ = (x − m)/√(v + eps) with the running ones.
//
// The running statistics are state, not parameters (kernel.h, Binding::
// needs_state): the kernel writes them, the optimizer never sees them, the
// model file saves them, and early stopping restores them with the weights.
//
// Backward (training; μ and 1/√(σ² + eps) kept in the scratch): ĝ = G ⊙ gain,
// ∂L/∂x = (1/√(σ² + eps))·(ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)) (means over the N
// values of each feature), ∂L/∂gain = Σ G ⊙ x̂, ∂L/∂bias = Σ G. In
// evaluation the statistics are constants: ∂L/∂x = ĝ/√(v + eps).
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

// The batch as N × c: every value of one feature in one column.
MatrixMap feature_columns(RunState& s, int id, bool grad) {
  Tensor& t = s.tensors[id];
  const int64_t c = t.layout.dim(t.layout.rank - 1);
  return MatrixMap(grad ? t.grad : t.data, live_rows(s, t) * t.layout.cols / c, c);
}

// The scratch's rows (c numbers each), so the kernels allocate nothing:
// 0 μ, 1 1/√(σ² + eps), 2 σ² (then the scale), 3 the shift, 4 Σ G, 5 Σ G ⊙ x̂.
enum StatRow { kMu = 0, kInv = 1, kVar = 2, kShift = 3, kSumG = 4, kSumGx = 5, kStatRows = 6 };

void batch_norm_fwd(RunState& s, const Node& nd) {
  MatrixMap x = feature_columns(s, nd.args[0], false), y = feature_columns(s, nd.out, false);
  const auto gain = value(s, nd.args[1]).row(0).array();
  const auto bias = value(s, nd.args[2]).row(0).array();
  const float momentum = nd.attr[0], eps = nd.attr[1];
  MatrixMap running(s.tensors[nd.state].data, 2, x.cols());  // row 0 mean, row 1 variance
  MatrixMap st(s.tensors[nd.scratch].data, kStatRows, x.cols());
  const auto n = static_cast<float>(x.rows());
  if (s.training) {
    st.row(kMu).noalias() = x.colwise().mean();
    st.row(kVar).setZero();
    for (Eigen::Index r = 0; r < x.rows(); ++r) st.row(kVar).array() += (x.row(r) - st.row(kMu)).array().square();
    st.row(kVar) /= n;
    st.row(kInv) = (st.row(kVar).array() + eps).rsqrt().matrix();
    running.row(0) = (1.f - momentum) * running.row(0) + momentum * st.row(kMu);
    const float unbiased = x.rows() > 1 ? n / (n - 1.f) : 1.f;
    running.row(1) = (1.f - momentum) * running.row(1) + (momentum * unbiased) * st.row(kVar);
  } else {
    st.row(kMu) = running.row(0);
    st.row(kInv) = (running.row(1).array() + eps).rsqrt().matrix();
  }
  st.row(kVar) = (st.row(kInv).array() * gain).matrix();  // the scale from here on
  st.row(kShift) = (bias - st.row(kMu).array() * st.row(kVar).array()).matrix();
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    y.row(r) = (x.row(r).array() * st.row(kVar).array() + st.row(kShift).array()).matrix();
}

void batch_norm_bwd(RunState& s, const Node& nd) {
  MatrixMap x = feature_columns(s, nd.args[0], false), g = feature_columns(s, nd.out, true);
  const auto gain = value(s, nd.args[1]).row(0).array();
  MatrixMap st(s.tensors[nd.scratch].data, kStatRows, x.cols());
  const auto mu = st.row(kMu).array();
  const auto inv = st.row(kInv).array();
  // Σ G and Σ G ⊙ x̂ per feature, with x̂ = (x − μ)·inv
  st.row(kSumG).noalias() = g.colwise().sum();
  st.row(kSumGx).setZero();
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    st.row(kSumGx).array() += g.row(r).array() * (x.row(r).array() - mu) * inv;
  if (wants_grad(s, nd.args[1])) store(gradient(s, nd.args[1]).row(0), st.row(kSumGx), nd.accumulate(1));
  if (wants_grad(s, nd.args[2])) store(gradient(s, nd.args[2]).row(0), st.row(kSumG), nd.accumulate(2));
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap dx = feature_columns(s, nd.args[0], true);
  const float n = static_cast<float>(x.rows());
  const auto mean_g = st.row(kSumG).array() * gain / n;    // mean(ĝ)
  const auto mean_gx = st.row(kSumGx).array() * gain / n;  // mean(ĝ ⊙ x̂)
  const bool acc = nd.accumulate(0);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    if (s.training)
      store(dx.row(r), (inv * (g.row(r).array() * gain - mean_g - (x.row(r).array() - mu) * inv * mean_gx)).matrix(),
            acc);
    else
      store(dx.row(r), (g.row(r).array() * gain * inv).matrix(), acc);  // the statistics are constants
  }
}

void bind_batch_norm(Binding& b) {
  if (b.args.size() != 3) b.fail("`batch_norm` takes a tensor, a gain and a bias");
  b.check_attrs({"momentum", "eps"});
  const Layout& x = b.args[0];
  if (!x.batched || x.rank < 1)
    b.fail(fmt::format("`batch_norm` normalises per-example features [.., c] over the batch, got {}", to_string(x)));
  const int64_t c = x.dim(x.rank - 1);
  for (size_t i = 1; i < 3; ++i)
    if (b.args[i].batched || b.args[i].rank != 1 || b.args[i].cols != c)
      b.fail(fmt::format("`batch_norm`'s {} is one number per feature, [{}], got {}", i == 1 ? "gain" : "bias", c,
                         to_string(b.args[i])));
  b.attr[0] = static_cast<float>(b.declared_attr("momentum"));
  b.attr[1] = static_cast<float>(b.declared_attr("eps"));
  b.out = x;
  b.use_scratch(Layout::matrix(kStatRows, c));
  b.needs_state = true;
  b.state = Layout::matrix(2, c);
  b.state_owner = 1;
  b.state_init = {0.f, 1.f};  // mean 0, variance 1 before the first batch
  b.forward = batch_norm_fwd;
  b.backward = batch_norm_bwd;
}

constexpr std::array kNorm = {
    KernelDef{"batch_norm", bind_batch_norm},
};

}  // namespace

std::span<const KernelDef> norm_kernels() { return kNorm; }

}  // namespace xp::rt
