// Scaled dot-product attention over per-example sequences, and layer
// normalisation.
//
// attention(q, k, v[, mask], causal: false): q [.., t, d], k [.., s, d],
// v [.., s, e] (the same leading axes: heads) → [.., t, e]. For each
// example and leading index:
//   S = Q·Kᵀ / √d, masked (−∞ where key j is padding, mask[j] = 0, or,
//   causal, where j > i), P = softmax of each row of S, Y = P·V.
// Backward: ∂L/∂V = Pᵀ·G, ∂L/∂P = G·Vᵀ, ∂L/∂S = P ⊙ (∂L/∂P − rowsum(∂L/∂P ⊙ P)),
// ∂L/∂Q = ∂L/∂S·K / √d, ∂L/∂K = ∂L/∂Sᵀ·Q / √d. A row with every key masked
// attends to nothing (P = 0, Y = 0) instead of dividing by zero. The scratch
// holds P and, in the backward pass, ∂L/∂S (2·t·s numbers per head).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

struct Heads {
  int64_t lead, t, s, d, e;
};
Heads heads_of(const RunState& st, const Node& nd) {
  const Layout& q = st.tensors[nd.args[0]].layout;
  const Layout& v = st.tensors[nd.args[2]].layout;
  Heads h{1, q.dim(q.rank - 2), v.dim(v.rank - 2), q.dim(q.rank - 1), v.dim(v.rank - 1)};
  for (int i = 0; i + 2 < q.rank; ++i) h.lead *= q.dim(i);
  return h;
}

void attention_fwd(RunState& st, const Node& nd) {
  const Heads h = heads_of(st, nd);
  const bool causal = nd.attr[0] > 0.5f;
  const float scale = 1.f / std::sqrt(static_cast<float>(h.d));
  const float* q = st.tensors[nd.args[0]].data;
  const float* k = st.tensors[nd.args[1]].data;
  const float* v = st.tensors[nd.args[2]].data;
  const float* mask = nd.args.size() > 3 ? st.tensors[nd.args[3]].data : nullptr;
  float* y = st.tensors[nd.out].data;
  float* scratch = st.tensors[nd.scratch].data;
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  for (int64_t b = 0; b < st.batch; ++b)
    for (int64_t l = 0; l < h.lead; ++l) {
      const int64_t i = b * h.lead + l;
      ConstMatrixMap Q(q + i * h.t * h.d, h.t, h.d), K(k + i * h.s * h.d, h.s, h.d), V(v + i * h.s * h.e, h.s, h.e);
      MatrixMap P(scratch + i * 2 * h.t * h.s, h.t, h.s);
      P.noalias() = Q * K.transpose();
      for (int64_t r = 0; r < h.t; ++r) {
        auto row = P.row(r);
        float top = kNegInf;
        for (int64_t c = 0; c < h.s; ++c) {
          const bool hidden = (causal && c > r) || (mask && mask[b * h.s + c] <= 0.5f);
          row(c) = hidden ? kNegInf : row(c) * scale;
          top = std::max(top, row(c));
        }
        if (top == kNegInf) {
          row.setZero();
          continue;
        }
        row = (row.array() - top).exp().matrix();
        row /= row.sum();
      }
      MatrixMap(y + i * h.t * h.e, h.t, h.e).noalias() = P * V;
    }
}

void attention_bwd(RunState& st, const Node& nd) {
  const Heads h = heads_of(st, nd);
  const float scale = 1.f / std::sqrt(static_cast<float>(h.d));
  const Tensor& tq = st.tensors[nd.args[0]];
  const Tensor& tk = st.tensors[nd.args[1]];
  const Tensor& tv = st.tensors[nd.args[2]];
  const float* gy = st.tensors[nd.out].grad;
  float* scratch = st.tensors[nd.scratch].data;
  const bool dq = wants_grad(st, nd.args[0]), dk = wants_grad(st, nd.args[1]), dv = wants_grad(st, nd.args[2]);
  for (int a = 0; a < 3; ++a)
    if (wants_grad(st, nd.args[static_cast<size_t>(a)]) && !nd.accumulate(a)) gradient(st, nd.args[static_cast<size_t>(a)]).setZero();
  for (int64_t b = 0; b < st.batch; ++b)
    for (int64_t l = 0; l < h.lead; ++l) {
      const int64_t i = b * h.lead + l;
      const int64_t qo = i * h.t * h.d, ko = i * h.s * h.d, vo = i * h.s * h.e;
      ConstMatrixMap P(scratch + i * 2 * h.t * h.s, h.t, h.s), G(gy + i * h.t * h.e, h.t, h.e);
      MatrixMap dS(scratch + i * 2 * h.t * h.s + h.t * h.s, h.t, h.s);
      if (dv) MatrixMap(tv.grad + vo, h.s, h.e).noalias() += P.transpose() * G;
      if (!dq && !dk) continue;
      dS.noalias() = G * ConstMatrixMap(tv.data + vo, h.s, h.e).transpose();
      for (int64_t r = 0; r < h.t; ++r) {
        const float dot = dS.row(r).dot(P.row(r));
        dS.row(r) = (P.row(r).array() * (dS.row(r).array() - dot) * scale).matrix();
      }
      if (dq) MatrixMap(tq.grad + qo, h.t, h.d).noalias() += dS * ConstMatrixMap(tk.data + ko, h.s, h.d);
      if (dk) MatrixMap(tk.grad + ko, h.s, h.d).noalias() += dS.transpose() * ConstMatrixMap(tq.data + qo, h.t, h.d);
    }
}

void bind_attention(Binding& b) {
  if (b.args.size() != 3 && b.args.size() != 4) b.fail("`attention` takes queries, keys, values and an optional mask");
  b.check_attrs({"causal"});
  const Layout& q = b.args[0];
  const Layout& k = b.args[1];
  const Layout& v = b.args[2];
  for (const Layout* l : {&q, &k, &v})
    if (!l->batched || l->rank < 2)
      b.fail(fmt::format("`attention` needs per-example sequences [t, d] (or [heads, t, d]), got {}", to_string(*l)));
  bool same_lead = q.rank == k.rank && q.rank == v.rank;
  for (int i = 0; same_lead && i + 2 < q.rank; ++i) same_lead = q.dim(i) == k.dim(i) && q.dim(i) == v.dim(i);
  const int r = q.rank;
  if (!same_lead || q.dim(r - 1) != k.dim(r - 1) || k.dim(r - 2) != v.dim(r - 2))
    b.fail(fmt::format("`attention` needs q [.., t, d], k [.., s, d] and v [.., s, e], got {}, {} and {}", to_string(q),
                       to_string(k), to_string(v)));
  if (b.args.size() == 4) {
    const Layout& m = b.args[3];
    if (!m.batched || m.rank != 1 || m.dim(0) != k.dim(r - 2))
      b.fail(fmt::format("`attention`'s mask is one number per key, [{}] per example, got {}", k.dim(r - 2), to_string(m)));
    b.no_grad_mask = 1u << 3;
  }
  b.attr[0] = static_cast<float>(b.declared_attr("causal"));
  std::vector<int64_t> out(q.dims.begin(), q.dims.begin() + r);
  out.back() = v.dim(r - 1);
  b.out = Layout::per_example(out);
  int64_t lead = 1;
  for (int i = 0; i + 2 < r; ++i) lead *= q.dim(i);
  const std::array<int64_t, 1> scratch = {lead * 2 * q.dim(r - 2) * k.dim(r - 2)};
  b.use_scratch(Layout::per_example(scratch));
  b.forward = attention_fwd;
  b.backward = attention_bwd;
}

// ---- layer_norm(x, gain, bias, eps: 1e-5) over the last axis ----------------------------------
// Per row of d numbers: μ = mean, σ² = mean((x − μ)²), r = 1/√(σ² + eps),
// x̂ = (x − μ)·r, y = gain ⊙ x̂ + bias. Backward (μ, r recomputed from x):
// ĝ = G ⊙ gain, ∂L/∂x = r·(ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)),
// ∂L/∂gain = Σ_rows G ⊙ x̂, ∂L/∂bias = Σ_rows G.
struct Rows {
  MatrixMap x;
  int64_t d;
};
Rows norm_rows(RunState& st, const Node& nd) {
  Tensor& t = st.tensors[nd.args[0]];
  const int64_t d = t.layout.dim(t.layout.rank - 1);
  return {MatrixMap(t.data, live_rows(st, t) * t.layout.cols / d, d), d};
}

void layer_norm_fwd(RunState& st, const Node& nd) {
  Rows r = norm_rows(st, nd);
  MatrixMap y(st.tensors[nd.out].data, r.x.rows(), r.d);
  const auto gain = value(st, nd.args[1]).row(0).array();
  const auto bias = value(st, nd.args[2]).row(0).array();
  const float eps = nd.attr[0];
  for (Eigen::Index i = 0; i < r.x.rows(); ++i) {
    const float mu = r.x.row(i).mean();
    const float var = (r.x.row(i).array() - mu).square().mean();
    const float inv = 1.f / std::sqrt(var + eps);
    y.row(i) = ((r.x.row(i).array() - mu) * inv * gain + bias).matrix();
  }
}
void layer_norm_bwd(RunState& st, const Node& nd) {
  Rows r = norm_rows(st, nd);
  MatrixMap g(st.tensors[nd.out].grad, r.x.rows(), r.d);
  const auto gain = value(st, nd.args[1]).row(0).array();
  const float eps = nd.attr[0];
  const bool dx = wants_grad(st, nd.args[0]), dgain = wants_grad(st, nd.args[1]), dbias = wants_grad(st, nd.args[2]);
  if (dgain && !nd.accumulate(1)) gradient(st, nd.args[1]).setZero();
  if (dbias && !nd.accumulate(2)) gradient(st, nd.args[2]).setZero();
  float* gx = dx ? st.tensors[nd.args[0]].grad : nullptr;
  // Expressions only (no temporaries): nothing is allocated per row.
  for (Eigen::Index i = 0; i < r.x.rows(); ++i) {
    const auto x = r.x.row(i).array();
    const auto gi = g.row(i).array();
    const float mu = x.mean();
    const float inv = 1.f / std::sqrt((x - mu).square().mean() + eps);
    if (dgain) gradient(st, nd.args[1]).row(0).array() += gi * (x - mu) * inv;
    if (dbias) gradient(st, nd.args[2]).row(0).array() += gi;
    if (!dx) continue;
    const float mean_gh = (gi * gain).mean();
    const float mean_ghx = (gi * gain * (x - mu)).mean() * inv;
    Eigen::Map<Eigen::Array<float, 1, Eigen::Dynamic>> out(gx + i * r.d, r.d);
    const auto d = inv * (gi * gain - mean_gh - (x - mu) * inv * mean_ghx);
    if (nd.accumulate(0)) out += d;
    else out = d;
  }
}

void bind_layer_norm(Binding& b) {
  if (b.args.size() != 3) b.fail("`layer_norm` takes a tensor, a gain and a bias");
  b.check_attrs({"eps"});
  const Layout& x = b.args[0];
  if (x.rank < 1) b.fail(fmt::format("`layer_norm` normalises the last axis and needs one, got {}", to_string(x)));
  const int64_t d = x.dim(x.rank - 1);
  for (size_t i = 1; i < 3; ++i)
    if (b.args[i].batched || b.args[i].rank != 1 || b.args[i].cols != d)
      b.fail(fmt::format("`layer_norm`'s {} is one number per feature, [{}], got {}", i == 1 ? "gain" : "bias", d,
                         to_string(b.args[i])));
  b.attr[0] = static_cast<float>(b.declared_attr("eps"));
  b.out = x;
  b.forward = layer_norm_fwd;
  b.backward = layer_norm_bwd;
}

constexpr std::array kAttention = {
    KernelDef{"attention", bind_attention},
    KernelDef{"layer_norm", bind_layer_norm},
};

}  // namespace

std::span<const KernelDef> attention_kernels() { return kAttention; }

}  // namespace xp::rt
