// GraphBuilder's fusions (builder.h): run by build() over the nodes both
// outputs need, before any buffer is planned, so a fused-away value gets none.
#include <algorithm>
#include <vector>

#include "runtime/graph/builder.h"

namespace xp::rt {

// The nodes `root` needs, found by walking producers back (all false for -1).
std::vector<char> GraphBuilder::live_from(int root) const {
  std::vector<char> live(nodes_.size(), 0);
  std::vector<int> stack;
  if (root >= 0) stack.push_back(root);
  while (!stack.empty()) {
    const int v = stack.back();
    stack.pop_back();
    const int p = producer_[static_cast<size_t>(v)];
    if (p < 0 || live[static_cast<size_t>(p)]) continue;
    live[static_cast<size_t>(p)] = 1;
    for (int a : nodes_[static_cast<size_t>(p)].args) stack.push_back(a);
  }
  return live;
}

// A value may be fused away only when the fused node is its one reader, so
// readers are counted over the live nodes, and each output counts as one.
void GraphBuilder::fuse(int loss, int prediction) {
  const std::vector<char> lv = live_from(loss), pv = live_from(prediction);
  std::vector<int> consumers(values_.size(), 0);
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (lv[i] || pv[i])
      for (int a : nodes_[i].args) ++consumers[static_cast<size_t>(a)];
  if (loss >= 0) ++consumers[static_cast<size_t>(loss)];
  if (prediction >= 0) ++consumers[static_cast<size_t>(prediction)];
  fuse_affine(consumers);
  fuse_affine_relu(consumers);
}

// x @ W + b → affine(x, W, b), and conv2d(x, K) + c or conv1d(x, K) + c
// with c one number per filter → one conv node with a bias, when the
// product or convolution feeds nothing else: one node, one buffer and one
// pass fewer, and the bias is written before the GEMM accumulates onto it.
void GraphBuilder::fuse_affine(const std::vector<int>& consumers) {
  for (NodeSpec& add : nodes_) {
    if (add.removed || add.kernel->name != "add") continue;
    for (int side = 0; side < 2; ++side) {
      const int m = add.args[static_cast<size_t>(side)];
      const int bias = add.args[static_cast<size_t>(1 - side)];
      const int p = producer_[static_cast<size_t>(m)];
      if (p < 0 || consumers[static_cast<size_t>(m)] != 1) continue;
      NodeSpec& mm = nodes_[static_cast<size_t>(p)];
      const Layout& bl = values_[static_cast<size_t>(bias)].layout;
      const Layout& ml = values_[static_cast<size_t>(m)].layout;
      if (mm.removed || bl.batched || bl.rank != 1 || !(ml == layout(add.out))) continue;
      if (mm.kernel->name == "conv2d" || mm.kernel->name == "conv1d") {
        if (bl.cols != ml.dim(ml.rank - 1)) continue;
        const FusedKernel k = conv_bias_kernel(false);
        add.args = {mm.args[0], mm.args[1], bias};
        add.forward = k.forward;
        add.backward = k.backward;
        add.scratch = mm.scratch;
        std::copy(std::begin(mm.attr), std::end(mm.attr), add.attr);
        add.no_grad_mask = mm.no_grad_mask;
        add.display = mm.display + " and +";
        add.fused = NodeSpec::Fused::ConvBias;
        mm.removed = true;
        break;
      }
      if (mm.kernel->name != "matmul") continue;
      // A sequence [.., t, d] @ W is one GEMM over every example's rows (ops_linalg.cpp),
      // so a bias of the last axis fuses as it does for a vector.
      const Layout& w = values_[static_cast<size_t>(mm.args[1])].layout;
      if (w.rank != 2 || w.batched || ml.rank == 0 || bl.cols != ml.dim(ml.rank - 1)) continue;
      std::vector<Layout> layouts = {layout(mm.args[0]), w, bl};
      Binding b;
      b.name = "affine";
      b.args = layouts;
      b.span = add.span;
      bind_affine(b);
      add.args = {mm.args[0], mm.args[1], bias};
      add.forward = b.forward;
      add.backward = b.backward;
      add.scratch = -1;
      add.display = "@ and +";
      add.fused = NodeSpec::Fused::Affine;
      mm.removed = true;
      break;
    }
  }
}

// relu(affine(x, W, b)) or relu(conv + c) → one node when the fused node's
// output feeds nothing else: ReLU is applied in place in the output buffer
// (forward) and its mask to the output's gradient (backward), so the
// pre-activation has no buffer and no pass of its own. The node keeps
// relu's output, name and span.
void GraphBuilder::fuse_affine_relu(const std::vector<int>& consumers) {
  for (NodeSpec& act : nodes_) {
    if (act.removed || act.kernel->name != "relu" || act.args.size() != 1) continue;
    const int a = act.args[0];
    const int p = producer_[static_cast<size_t>(a)];
    if (p < 0 || consumers[static_cast<size_t>(a)] != 1) continue;
    NodeSpec& aff = nodes_[static_cast<size_t>(p)];
    if (aff.removed || aff.fused == NodeSpec::Fused::None || !(layout(aff.out) == layout(act.out))) continue;
    if (aff.fused == NodeSpec::Fused::ConvBias) {
      const FusedKernel k = conv_bias_kernel(true);
      act.forward = k.forward;
      act.backward = k.backward;
      act.scratch = aff.scratch;
      std::copy(std::begin(aff.attr), std::end(aff.attr), act.attr);
    } else {
      std::vector<Layout> layouts = {layout(aff.args[0]), layout(aff.args[1]), layout(aff.args[2])};
      Binding b;
      b.name = "affine_relu";
      b.args = layouts;
      b.span = act.span;
      bind_affine_relu(b);
      act.forward = b.forward;
      act.backward = b.backward;
      act.scratch = -1;
    }
    act.args = aff.args;
    act.no_grad_mask = aff.no_grad_mask;
    aff.removed = true;
  }
}

}  // namespace xp::rt
