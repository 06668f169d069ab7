// Penalty kernels: regularisers over any number of tensors (usually
// parameters) → one number. A batched argument counts as the mean over the
// batch of its per-example sum, so activity penalties do not scale with the
// batch size.
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

float batch_scale(RunState& s, int id) {
  return s.tensors[id].layout.batched ? 1.f / static_cast<float>(s.batch) : 1.f;
}

// l2: y = Σ w²; ∂y/∂w = 2w
void l2_fwd(RunState& s, const Node& nd) {
  double total = 0;
  for (int id : nd.args) total += value(s, id).squaredNorm() * batch_scale(s, id);
  value(s, nd.out)(0, 0) = static_cast<float>(total);
}
void l2_bwd(RunState& s, const Node& nd) {
  const float g = s.tensors[nd.out].grad[0];
  for (size_t i = 0; i < nd.args.size(); ++i) {
    const int id = nd.args[i];
    if (!wants_grad(s, id)) continue;
    store(gradient(s, id), value(s, id) * (2.f * g * batch_scale(s, id)), nd.accumulate(static_cast<int>(i)));
  }
}

// l1: y = Σ |w|; ∂y/∂w = sign(w) (0 at 0)
void l1_fwd(RunState& s, const Node& nd) {
  double total = 0;
  for (int id : nd.args) total += value(s, id).cwiseAbs().sum() * batch_scale(s, id);
  value(s, nd.out)(0, 0) = static_cast<float>(total);
}
void l1_bwd(RunState& s, const Node& nd) {
  const float g = s.tensors[nd.out].grad[0];
  for (size_t i = 0; i < nd.args.size(); ++i) {
    const int id = nd.args[i];
    if (!wants_grad(s, id)) continue;
    store(gradient(s, id).array(), value(s, id).array().sign() * (g * batch_scale(s, id)),
          nd.accumulate(static_cast<int>(i)));
  }
}

template <KernelFn Fwd, KernelFn Bwd>
void bind_penalty(Binding& b) {
  if (b.args.empty()) b.fail(fmt::format("`{}` needs at least one tensor", b.name));
  if (b.args.size() > 32) b.fail(fmt::format("`{}` takes at most 32 tensors", b.name));
  b.check_attrs({});
  b.out = Layout::scalar();
  b.forward = Fwd;
  b.backward = Bwd;
}

constexpr std::array kPenalty = {
    KernelDef{"l1", bind_penalty<l1_fwd, l1_bwd>},
    KernelDef{"l2", bind_penalty<l2_fwd, l2_bwd>},
};

}  // namespace

std::span<const KernelDef> penalty_kernels() { return kPenalty; }

}  // namespace xp::rt
