// Linear-algebra kernels: matrix product, the fused affine map, concat.
// Products go straight to Eigen's GEMM through Maps over the preallocated
// buffers with noalias(), so no temporary is created in the loop.
#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

// The product's operands as matrices. A vector right operand [k] is a k × 1
// column (its row-major 1 × k storage is the same memory), so x @ w gives
// one number per row.
struct Product {
  MatrixMap A, B, out;
};
// A per-example [.., t, k] left operand is the (rows·t·…) × k matrix of all its
// rows, so x @ W over a sequence [T, D] stays one GEMM for the whole batch.
Product product_maps(RunState& s, const Node& nd) {
  const Tensor& a = s.tensors[nd.args[0]];
  const Tensor& b = s.tensors[nd.args[1]];
  const int64_t k = b.layout.rank == 2 ? b.layout.rows : b.layout.cols;
  const int64_t rows = live_rows(s, a) * a.layout.cols / k;
  const int64_t m = b.layout.rank == 1 ? 1 : b.layout.cols;
  return {MatrixMap(a.data, rows, k), MatrixMap(b.data, k, m), MatrixMap(s.tensors[nd.out].data, rows, m)};
}
MatrixMap product_grad(RunState& s, const Node& nd, const Product& p) {
  return MatrixMap(s.tensors[nd.out].grad, p.out.rows(), p.out.cols());
}

// matmul: Y = A·B; ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G
void matmul_fwd(RunState& s, const Node& nd) {
  Product p = product_maps(s, nd);
  p.out.noalias() = p.A * p.B;
}
void matmul_bwd(RunState& s, const Node& nd) {
  Product p = product_maps(s, nd);
  MatrixMap G = product_grad(s, nd, p);
  if (wants_grad(s, nd.args[0])) {
    MatrixMap dA(s.tensors[nd.args[0]].grad, p.A.rows(), p.A.cols());
    if (nd.accumulate(0)) dA.noalias() += G * p.B.transpose();
    else dA.noalias() = G * p.B.transpose();
  }
  if (wants_grad(s, nd.args[1])) {
    MatrixMap dB(s.tensors[nd.args[1]].grad, p.B.rows(), p.B.cols());
    if (nd.accumulate(1)) dB.noalias() += p.A.transpose() * G;
    else dB.noalias() = p.A.transpose() * G;
  }
}

// A right operand that depends on the batch: each example's vector v [k]
// (row r of V). A matrix or vector on the left, A [m, k] or a [k] (then m = 1):
// per example A·v, so Y = V·Aᵀ; ∂L/∂V = G·A, ∂L/∂A = Gᵀ·V. A batched vector u
// on the left: per example the dot product u·v, Y = rowwise Σ U∘V;
// ∂L/∂U = G∘V, ∂L/∂V = G∘U (G one column, broadcast along each row).
void batched_right_fwd(RunState& s, const Node& nd) {
  MatrixMap a = value(s, nd.args[0]), v = value(s, nd.args[1]), y = value(s, nd.out);
  if (s.tensors[nd.args[0]].layout.batched) y.col(0) = a.cwiseProduct(v).rowwise().sum();
  else y.noalias() = v * a.transpose();
}
void batched_right_bwd(RunState& s, const Node& nd) {
  MatrixMap a = value(s, nd.args[0]), v = value(s, nd.args[1]), g = gradient(s, nd.out);
  const bool dot = s.tensors[nd.args[0]].layout.batched;
  if (wants_grad(s, nd.args[0])) {
    MatrixMap da = gradient(s, nd.args[0]);
    if (dot) store(da, (v.array().colwise() * g.col(0).array()).matrix(), nd.accumulate(0));
    else if (nd.accumulate(0)) da.noalias() += g.transpose() * v;
    else da.noalias() = g.transpose() * v;
  }
  if (wants_grad(s, nd.args[1])) {
    MatrixMap dv = gradient(s, nd.args[1]);
    if (dot) store(dv, (a.array().colwise() * g.col(0).array()).matrix(), nd.accumulate(1));
    else if (nd.accumulate(1)) dv.noalias() += g * a;
    else dv.noalias() = g * a;
  }
}

Layout batched_right_layout(const Binding& b) {
  const Layout& a = b.args[0];
  const Layout& v = b.args[1];
  if (a.rank == 0 || v.rank == 0)
    b.fail(fmt::format("`@` needs vectors or matrices, got {} and {}", to_string(a), to_string(v)),
           "use `*` to scale by a number");
  if (a.cols != v.cols)
    b.fail(fmt::format("inner dimensions of `@` differ: {} @ {} ({} ≠ {})", to_string(a), to_string(v), a.cols, v.cols));
  return a.rank == 2 && !a.batched ? Layout::per_example(1, a.rows) : Layout::per_example(0, 1);
}

Layout product_layout(const Binding& b) {
  const Layout& a = b.args[0];
  const Layout& w = b.args[1];
  if (a.rank == 0 || w.rank == 0)
    b.fail(fmt::format("`@` needs vectors or matrices, got {} and {}", to_string(a), to_string(w)),
           "use `*` to scale by a number");
  const int64_t k = w.rank == 2 ? w.rows : w.cols;
  const int64_t inner = a.dim(a.rank - 1);
  if (inner != k)
    b.fail(fmt::format("inner dimensions of `@` differ: {} @ {} ({} ≠ {})", to_string(a), to_string(w), inner, k));
  const bool column = w.rank == 1;  // result loses the last axis
  if (a.batched) {  // [.., t, k] @ [k, m] → [.., t, m]; @ [k] → [.., t]
    std::vector<int64_t> out(a.dims.begin(), a.dims.begin() + a.rank - 1);
    if (!column) out.push_back(w.cols);
    return Layout::per_example(out);
  }
  if (a.rank == 1) return column ? Layout::scalar() : Layout::row(w.cols);
  return column ? Layout::row(a.rows) : Layout::matrix(a.rows, w.cols);
}

// ---- products over leading axes ---------------------------------------------------
// [.., n, k] @ [.., k, m] → [.., n, m]: one n × k by k × m product per example
// and per index of the leading axes. An operand without the batch axis, or
// without leading axes, is the same matrix for every one of them (broadcast),
// so its gradient sums their contributions: ∂L/∂A_i = G_i·B_iᵀ,
// ∂L/∂B_i = A_iᵀ·G_i. A vector right operand [k] is a k × 1 matrix whose
// axis the result drops.
struct Batched {
  int64_t examples = 1, lead = 1, n = 1, k = 1, m = 1;
  int64_t a_example = 0, b_example = 0;  // floats between examples (0: shared)
  int64_t a_lead = 0, b_lead = 0;        // floats between leading indices (0: shared)
};
int64_t lead_count(const Layout& l, int matrix_axes) {
  int64_t c = 1;
  for (int i = 0; i + matrix_axes < l.rank; ++i) c *= l.dim(i);
  return c;
}
Batched batched_geometry(const Layout& a, const Layout& b, int64_t examples) {
  Batched g;
  const bool vec = b.rank == 1;
  g.examples = examples;
  g.n = a.dim(a.rank - 2);
  g.k = a.dim(a.rank - 1);
  g.m = vec ? 1 : b.dim(b.rank - 1);
  const int64_t la = lead_count(a, 2), lb = vec ? 1 : lead_count(b, 2);
  g.lead = std::max(la, lb);
  g.a_lead = la > 1 ? g.n * g.k : 0;
  g.b_lead = lb > 1 ? g.k * g.m : 0;
  g.a_example = a.batched ? a.cols : 0;
  g.b_example = b.batched ? b.cols : 0;
  return g;
}
Batched batched_geometry(const RunState& s, const Node& nd) {
  return batched_geometry(s.tensors[nd.args[0]].layout, s.tensors[nd.args[1]].layout, s.batch);
}
void bmm_fwd(RunState& s, const Node& nd) {
  const Batched g = batched_geometry(s, nd);
  const float* a = s.tensors[nd.args[0]].data;
  const float* b = s.tensors[nd.args[1]].data;
  float* y = s.tensors[nd.out].data;
  const int64_t examples = s.tensors[nd.out].layout.batched ? g.examples : 1;
  for (int64_t e = 0; e < examples; ++e)
    for (int64_t l = 0; l < g.lead; ++l) {
      ConstMatrixMap A(a + e * g.a_example + l * g.a_lead, g.n, g.k), B(b + e * g.b_example + l * g.b_lead, g.k, g.m);
      MatrixMap(y + (e * g.lead + l) * g.n * g.m, g.n, g.m).noalias() = A * B;
    }
}
void bmm_bwd(RunState& s, const Node& nd) {
  const Batched g = batched_geometry(s, nd);
  const Tensor& ta = s.tensors[nd.args[0]];
  const Tensor& tb = s.tensors[nd.args[1]];
  const float* gy = s.tensors[nd.out].grad;
  const int64_t examples = s.tensors[nd.out].layout.batched ? g.examples : 1;
  const bool da = wants_grad(s, nd.args[0]), db = wants_grad(s, nd.args[1]);
  if (da && !nd.accumulate(0)) gradient(s, nd.args[0]).setZero();
  if (db && !nd.accumulate(1)) gradient(s, nd.args[1]).setZero();
  for (int64_t e = 0; e < examples; ++e)
    for (int64_t l = 0; l < g.lead; ++l) {
      const int64_t ao = e * g.a_example + l * g.a_lead, bo = e * g.b_example + l * g.b_lead;
      ConstMatrixMap G(gy + (e * g.lead + l) * g.n * g.m, g.n, g.m);
      if (da) MatrixMap(ta.grad + ao, g.n, g.k).noalias() += G * ConstMatrixMap(tb.data + bo, g.k, g.m).transpose();
      if (db) MatrixMap(tb.grad + bo, g.k, g.m).noalias() += ConstMatrixMap(ta.data + ao, g.n, g.k).transpose() * G;
    }
}
// Leading axes (all but the last two) align from the right; each pair is
// equal, or one operand has none (it is shared).
Layout batched_product_layout(const Binding& b) {
  const Layout& a = b.args[0];
  const Layout& w = b.args[1];
  if (a.rank < 2 || w.rank == 0)
    b.fail(fmt::format("`@` over leading axes needs [.., n, k] @ [.., k, m], got {} and {}", to_string(a), to_string(w)));
  const bool vec = w.rank == 1;
  const int64_t k = vec ? w.dim(0) : w.dim(w.rank - 2);
  if (a.dim(a.rank - 1) != k)
    b.fail(fmt::format("inner dimensions of `@` differ: {} @ {} ({} ≠ {})", to_string(a), to_string(w),
                       a.dim(a.rank - 1), k));
  const int la = a.rank - 2, lw = vec ? 0 : w.rank - 2;
  if (la > 0 && lw > 0) {
    if (la != lw) b.fail(fmt::format("the leading axes of {} and {} differ for `@`", to_string(a), to_string(w)));
    for (int i = 0; i < la; ++i)
      if (a.dim(i) != w.dim(i))
        b.fail(fmt::format("the leading axes of {} and {} differ for `@`", to_string(a), to_string(w)));
  }
  std::vector<int64_t> out(la >= lw ? a.dims.begin() : w.dims.begin(), la >= lw ? a.dims.begin() + la : w.dims.begin() + lw);
  out.push_back(a.dim(a.rank - 2));
  if (!vec) out.push_back(w.dim(w.rank - 1));
  return a.batched || w.batched ? Layout::per_example(out) : Layout::of(out);
}

void bind_matmul(Binding& b) {
  b.check_attrs({});
  if (b.args.size() != 2) b.fail("`@` takes two operands");
  const Layout& a = b.args[0];
  const Layout& w = b.args[1];
  if (a.rank > kMaxLayoutRank || w.rank > kMaxLayoutRank) b.fail("`@` of tensors with too many axes");
  // One GEMM over every row: a per-example [.., t, k] times a shared [k, m] or [k].
  if (a.batched && a.rank >= 2 && !w.batched && w.rank <= 2) {
    b.out = product_layout(b);
    b.forward = matmul_fwd;
    b.backward = matmul_bwd;
    return;
  }
  if ((a.rank >= 2 && (w.batched ? w.rank >= 2 : w.rank > 2)) || (a.rank > 2 && !a.batched) ||
      (a.batched && a.rank >= 2 && w.batched)) {
    b.out = batched_product_layout(b);
    b.forward = bmm_fwd;
    b.backward = bmm_bwd;
    return;
  }
  for (const Layout& l : b.args)
    if (l.rank > 2 || (l.batched && l.rank > 1))
      b.fail(fmt::format("`@` needs vectors or matrices, got {}", to_string(l)), "flatten(x) first, or use conv2d");
  if (b.args[1].batched) {  // W @ x, v @ x, x @ x
    b.out = batched_right_layout(b);
    b.forward = batched_right_fwd;
    b.backward = batched_right_bwd;
    return;
  }
  b.out = product_layout(b);
  b.forward = matmul_fwd;
  b.backward = matmul_bwd;
}

// affine (fused x @ W + b, x [d] or a sequence [.., t, d] per example, b
// one number per output column): Y = A·W + 1·bᵀ; ∂L/∂A = G·Wᵀ, ∂L/∂W = Aᵀ·G,
// ∂L/∂b = column sums of G. The bias is written first and the product
// accumulated onto it, saving one pass over Y.
void affine_fwd(RunState& s, const Node& nd) {
  Product p = product_maps(s, nd);
  MatrixMap bias = value(s, nd.args[2]);
  store_each_row(p.out, bias.row(0), false);
  p.out.noalias() += p.A * p.B;
}
void affine_bwd(RunState& s, const Node& nd) {
  matmul_bwd(s, nd);
  if (wants_grad(s, nd.args[2])) {
    Product p = product_maps(s, nd);
    MatrixMap G = product_grad(s, nd, p);
    store(gradient(s, nd.args[2]), G.colwise().sum(), nd.accumulate(2));
  }
}

// affine + relu (fused relu(x @ W + b)): Y = max(A·W + 1·bᵀ, 0), computed in
// place in Y's buffer, so the pre-activation needs no buffer and no pass of its
// own. Backward: G ← G∘[Y > 0] (masked in place: only this node reads its
// output's gradient, and every consumer's share is in it by now; Y > 0 exactly
// where the pre-activation was), then the affine's partials with that G.
void affine_relu_fwd(RunState& s, const Node& nd) {
  affine_fwd(s, nd);
  relu_in_place(s, nd);
}
void affine_relu_bwd(RunState& s, const Node& nd) {
  relu_mask_gradient(s, nd);
  affine_bwd(s, nd);
}

// ---- concat along the last axis --------------------------------------------------
// Y = [A | B | …]; ∂L/∂A is A's block of columns of G (summed over rows when A
// was broadcast over the batch).
void concat_fwd(RunState& s, const Node& nd) {
  MatrixMap y = value(s, nd.out);
  int64_t off = 0;
  for (int id : nd.args) {
    MatrixMap a = value(s, id);
    if (a.rows() == y.rows()) y.middleCols(off, a.cols()) = a;
    else store_each_row(y.middleCols(off, a.cols()), a.row(0), false);
    off += a.cols();
  }
}
void concat_bwd(RunState& s, const Node& nd) {
  MatrixMap g = gradient(s, nd.out);
  int64_t off = 0;
  for (size_t i = 0; i < nd.args.size(); ++i) {
    const int id = nd.args[i];
    const Tensor& t = s.tensors[id];
    const int64_t c = t.layout.cols;
    if (wants_grad(s, id)) {
      MatrixMap da = gradient(s, id);
      if (da.rows() == g.rows()) store(da, g.middleCols(off, c), nd.accumulate(static_cast<int>(i)));
      else store(da, g.middleCols(off, c).colwise().sum(), nd.accumulate(static_cast<int>(i)));
    }
    off += c;
  }
}
void bind_concat(Binding& b) {
  if (b.args.size() < 2) b.fail("`concat` takes at least two tensors");
  if (b.args.size() > 32) b.fail("`concat` takes at most 32 tensors");
  b.check_attrs({"axis"});
  Layout out;
  for (const auto& a : b.args) out.batched = out.batched || a.batched;
  out.rank = 1;
  out.cols = 0;
  for (const auto& a : b.args) {
    if (a.rank > 2 || (a.batched && a.rank > 1))
      throw GraphError(b.span, graph_error_codes::kUnsupported,
                       fmt::format("`concat` joins vectors and matrices only, got {}", to_string(a)));
    if (out.batched && !a.batched && a.rank > 1)
      b.fail(fmt::format("cannot concat a matrix {} with batched tensors", to_string(a)));
    if (!out.batched) {
      if (out.cols > 0 && a.rows != out.rows)
        b.fail(fmt::format("`concat` needs equal row counts, got {} and {} rows", out.rows, a.rows));
      out.rows = a.rows;
      out.rank = std::max(out.rank, a.rank);
    }
    out.cols += a.cols;
  }
  const int last = out.rank - 1;
  const double axis = b.attr_or("axis", last);
  if (axis != last && axis != -1)
    throw GraphError(b.span, graph_error_codes::kUnsupported,
                     fmt::format("`concat` joins along the last axis only, got axis: {}", axis));
  if (out.rank == 1) out.dims[0] = out.cols;
  if (out.rank == 2) out.dims = {out.rows, out.cols};
  b.out = out;
  b.forward = concat_fwd;
  b.backward = concat_bwd;
}

constexpr std::array kLinalg = {
    KernelDef{"matmul", bind_matmul},
    KernelDef{"concat", bind_concat},
};

}  // namespace

void bind_affine(Binding& b) {
  if (b.args.size() != 3) internal_error("affine takes three operands");
  const Layout prod = product_layout(b);
  const Layout& bias = b.args[2];
  if (b.args[1].rank != 2 || b.args[1].batched || bias.batched || bias.rank != 1 ||
      bias.cols != prod.dim(prod.rank - 1))
    internal_error("affine fused over a non-bias operand");
  b.out = prod;
  b.forward = affine_fwd;
  b.backward = affine_bwd;
}

void bind_affine_relu(Binding& b) {
  bind_affine(b);
  b.forward = affine_relu_fwd;
  b.backward = affine_relu_bwd;
}

std::span<const KernelDef> linalg_kernels() { return kLinalg; }

}  // namespace xp::rt
