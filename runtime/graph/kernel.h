#pragma once
// What a kernel sees: concrete tensors over preallocated buffers, the node it
// runs for, and the run state (live batch rows, training or not).
//
// Every tensor is stored as a row-major 2-D block of floats (rows × cols),
// whatever its rank, so the dense path stays one GEMM on that view:
//   batched, per-example []         → n × 1        (n = rows of the live batch)
//   batched, per-example [d]        → n × d
//   batched, per-example [h, w, c]  → n × (h·w·c)  (channels last, row-major)
//   unbatched []                    → 1 × 1
//   unbatched [d]                   → 1 × d        (a row vector: broadcasts over rows)
//   unbatched [r, c]                → r × c
//   unbatched [k, k, c, f]          → (k·k·c) × f  (a conv filter bank is its im2col GEMM matrix)
// The per-example dimensions are kept in the Layout (dim(i)), so kernels of
// image and sequence ops see [h, w, c] while elementwise ops and dense layers
// see the 2-D block. Batched tensors own max_batch rows; a smaller batch uses
// the leading rows.
//
// Kernels come in pairs. forward writes the node's output. backward reads the
// output's gradient and writes the gradient of every argument that needs one;
// `accumulate(i)` says whether argument i's gradient already holds another
// consumer's contribution (add) or not yet (assign) — decided once at
// instantiation, so gradients are never zeroed in the loop.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "base/diagnostics.h"
#include "runtime/core/matrix.h"

namespace xp::rt {

using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;

// Shape of a tensor independent of the live batch size.
inline constexpr int kMaxLayoutRank = 6;  // per-example axes (batched) or axes (unbatched)
struct Layout {
  bool batched = false;
  int rank = 0;       // per-example rank (batched) or rank (unbatched), ≤ kMaxLayoutRank
  int64_t rows = 1;   // storage rows: batched 1 per example; unbatched the product of all but the last axis
  int64_t cols = 1;   // storage columns: batched the product of the per-example axes; unbatched the last axis
  std::array<int64_t, kMaxLayoutRank> dims{};  // the axes, dims[0..rank)
  int64_t size_per_row() const { return cols; }
  int64_t dim(int i) const { return dims[static_cast<size_t>(i)]; }
  std::vector<int64_t> shape() const { return {dims.begin(), dims.begin() + rank}; }
  bool operator==(const Layout& o) const {
    return batched == o.batched && rank == o.rank && rows == o.rows && cols == o.cols &&
           std::equal(dims.begin(), dims.begin() + rank, o.dims.begin());
  }
  static Layout scalar() { return {}; }
  static Layout row(int64_t c) { return of({c}); }
  static Layout matrix(int64_t r, int64_t c) { return of({r, c}); }
  static Layout per_example(int rank, int64_t c) {
    return rank == 0 ? per_example(std::span<const int64_t>{}) : per_example(std::array<int64_t, 1>{c});
  }
  // A batched tensor of per-example shape `d` (n × product(d) in storage).
  static Layout per_example(std::span<const int64_t> d) {
    Layout l = of(d);
    l.batched = true;
    l.rows = 1;
    l.cols = 1;
    for (int64_t x : d) l.cols *= x;
    return l;
  }
  // An unbatched tensor of shape `d` (product(d[0..-1]) × d[-1] in storage).
  static Layout of(std::span<const int64_t> d) {
    Layout l;
    l.rank = static_cast<int>(d.size());
    for (size_t i = 0; i < d.size() && i < dims_capacity(); ++i) l.dims[i] = d[i];
    for (size_t i = 0; i + 1 < d.size(); ++i) l.rows *= d[i];
    l.cols = d.empty() ? 1 : d.back();
    return l;
  }
  static Layout of(std::initializer_list<int64_t> d) { return of(std::span<const int64_t>(d.begin(), d.size())); }
  static constexpr size_t dims_capacity() { return kMaxLayoutRank; }
};
std::string to_string(const Layout& l);  // "[batch, 64]", "[64, 10]", "[]"

struct Tensor {
  Layout layout;
  float* data = nullptr;
  float* grad = nullptr;     // null when no gradient flows here
  int64_t max_rows = 1;      // allocated rows (max batch for batched tensors)
};

// Run state shared by all kernels of one executable.
struct RunState {
  Tensor* tensors = nullptr;
  uint64_t* rng = nullptr;   // per-node random streams (dropout)
  int64_t batch = 0;         // live batch rows
  bool training = false;
};

struct Node;
using KernelFn = void (*)(RunState&, const Node&);

struct Node {
  KernelFn forward = nullptr;
  KernelFn backward = nullptr;   // null: not differentiable / no argument needs a gradient
  int out = -1;
  std::vector<int> args;
  int scratch = -1;              // a tensor for the kernel's own use (probabilities, masks, …)
  int state = -1;                // a tensor the kernel keeps across steps (batch_norm's running statistics)
  int rng = -1;                  // index into RunState::rng
  float attr[4] = {0, 0, 0, 0};  // kernel-specific constants (alpha, rate, delta, axis, …)
  uint32_t acc_mask = 0;         // bit i: accumulate into args[i]'s gradient
  std::string name;              // built-in name as the user wrote it (for messages)
  Span span;
  bool accumulate(int i) const { return (acc_mask >> i) & 1u; }
};

// ---- views over tensors ---------------------------------------------------------
inline int64_t live_rows(const RunState& s, const Tensor& t) {
  return t.layout.batched ? s.batch : t.layout.rows;
}
inline MatrixMap value(RunState& s, int id) {
  Tensor& t = s.tensors[id];
  return MatrixMap(t.data, live_rows(s, t), t.layout.cols);
}
inline MatrixMap gradient(RunState& s, int id) {
  Tensor& t = s.tensors[id];
  return MatrixMap(t.grad, live_rows(s, t), t.layout.cols);
}
inline bool wants_grad(const RunState& s, int id) { return s.tensors[id].grad != nullptr; }

// dst = e, or dst += e when another consumer already wrote its share.
template <class Dst, class Expr>
inline void store(Dst&& dst, const Expr& e, bool accumulate) {
  if (accumulate) dst += e;
  else dst = e;
}

// Every row of dst = row (or += row). Eigen's replicate() finds each
// element's source through an integer division; a row at a time is
// bit-identical and several times faster (it was most of the large MLP's gap
// to a hand-written loop: bench/README.md).
template <class Dst, class Row>
inline void store_each_row(Dst&& dst, const Row& row, bool accumulate) {
  for (Eigen::Index r = 0; r < dst.rows(); ++r) store(dst.row(r), row, accumulate);
}

// The ReLU of a fused node (affine + relu, conv + bias + relu), in its output
// buffer: forward y = max(y, 0) (x first, so a NaN stays a NaN); backward
// G ← G∘[y > 0] in place — only the fused node reads its output's gradient,
// every consumer's share is in it by then, and y > 0 exactly where the
// pre-activation was.
inline void relu_in_place(RunState& s, const Node& nd) {
  MatrixMap y = value(s, nd.out);
  y = y.cwiseMax(0.f);
}
inline void relu_mask_gradient(RunState& s, const Node& nd) {
  MatrixMap y = value(s, nd.out), g = gradient(s, nd.out);
  g = (y.array() > 0.f).select(g, 0.f);
}

// ---- binding: from argument layouts to a node ------------------------------------
// A built-in's attributes after hyper evaluation (alpha: 0.2, axis: 1, …).
struct Attr { std::string name; double value; };

// What a kernel's bind function receives and fills in.
struct Binding {
  std::string_view name;         // built-in name
  std::span<const Layout> args;
  std::span<const Attr> attrs;
  Span span;
  // filled by bind:
  Layout out;
  KernelFn forward = nullptr;
  KernelFn backward = nullptr;
  float attr[4] = {0, 0, 0, 0};
  bool needs_scratch = false;    // scratch tensor with the output's layout …
  bool scratch_set = false;      // … or `scratch` when set via use_scratch()
  Layout scratch;
  bool needs_rng = false;
  // State: numbers the kernel updates while training and reads in
  // evaluation, saved with the model but never touched by the optimizer
  // (batch_norm's running mean and variance). Unbatched, named after the
  // parameter in argument `state_owner` ("g" → "g:running"); row r starts
  // at state_init[r].
  bool needs_state = false;
  Layout state;
  int state_owner = 1;
  std::vector<float> state_init;
  uint32_t no_grad_mask = 0;     // bit i: never differentiate with respect to args[i]

  // Attribute lookup with a default; throws GraphError on unknown names.
  double attr_or(std::string_view key, double fallback) const;
  void check_attrs(std::initializer_list<std::string_view> allowed) const;
  // Attribute `key` with the default and bounds of its registry entry
  // (stdlib/builtins.cpp: leaky_relu's alpha, dropout's rate, huber's delta);
  // throws GraphError when the value is out of bounds.
  double declared_attr(std::string_view key) const;
  void use_scratch(const Layout& l) { needs_scratch = scratch_set = true; scratch = l; }
  [[noreturn]] void fail(const std::string& message, const std::string& help = {}) const;
};

struct KernelDef {
  std::string_view name;
  void (*bind)(Binding&);
};

// Looks up the kernel of a built-in (registry name) or an arithmetic op
// ("add", "sub", "mul", "div", "pow", "neg", "matmul"). nullptr if none.
const KernelDef* find_kernel(std::string_view name);
// All kernels, by family (for the registry-coverage test and docs).
std::span<const KernelDef> elementwise_kernels();
std::span<const KernelDef> linalg_kernels();
std::span<const KernelDef> reduce_kernels();
std::span<const KernelDef> loss_kernels();
std::span<const KernelDef> penalty_kernels();
std::span<const KernelDef> conv_kernels();
std::span<const KernelDef> permute_kernels();    // transpose, permute
std::span<const KernelDef> attention_kernels();  // attention, layer_norm
std::span<const KernelDef> norm_kernels();       // batch_norm
std::span<const KernelDef> embedding_kernels();  // ops_embedding.cpp: gather, masked_mean

// The fused matmul + row bias node (out = A·B + b), made by the builder's
// peephole pass; exposed so the pass can bind it.
void bind_affine(Binding& b);
// relu(affine): the same operands, ReLU applied in the affine's output buffer.
void bind_affine_relu(Binding& b);
// conv(x, K) + c for conv1d / conv2d with c one number per filter, and relu
// of it (ReLU in the output buffer): the builder's fusions. The fused node
// takes args {x, K, c} and keeps the convolution's attributes and scratch.
struct FusedKernel {
  KernelFn forward, backward;
};
FusedKernel conv_bias_kernel(bool relu);

}  // namespace xp::rt
