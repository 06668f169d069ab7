// GraphBuilder::build (builder.h): from the recorded values and nodes to an
// Executable, in phases: check the loss, fuse, find what needs a gradient
// and where gradients accumulate, size every buffer and refuse a graph over
// its limits before allocating, then lay out the one arena and emit the
// loss and prediction node lists.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/core/random.h"
#include "runtime/graph/builder.h"

namespace xp::rt {
namespace {

constexpr size_t kArenaAlignFloats = 16;  // 64 bytes: one AVX-512 register, one cache line
size_t arena_aligned(size_t n) { return (n + kArenaAlignFloats - 1) / kArenaAlignFloats * kArenaAlignFloats; }

// Glorot's fans of a parameter: a matrix [in, out]; a filter bank
// [k, k, c, f] has fan-in k·k·c (its rows) and fan-out k·k·f, as Keras counts.
int64_t glorot_fan_out(const Layout& l) { return l.rank >= 3 ? l.rows / l.dim(l.rank - 2) * l.cols : l.cols; }

}  // namespace

// What build() decides before it allocates, one entry per value or node.
struct GraphBuilder::BuildPlan {
  int64_t max_batch = 1;
  std::vector<char> loss_live, pred_live;  // per node: the loss / the prediction needs it
  std::vector<char> needs_grad;            // per value
  std::vector<uint32_t> acc_mask;          // per node: which arguments' gradients add (see plan_backward)
  std::vector<char> has_backward;          // per node
  std::vector<char> used;                  // per value: it gets a buffer
  size_t param_floats = 0, state_floats = 0, other_floats = 0;

  size_t floats_of(const Layout& l) const {
    return arena_aligned(static_cast<size_t>((l.batched ? max_batch : l.rows) * l.cols));
  }
  bool live(size_t node) const { return loss_live[node] || pred_live[node]; }
};

Executable GraphBuilder::build(int loss, int prediction, int64_t max_batch, BuildLimits limits) {
  if (max_batch < 1) internal_error("max_batch must be positive");
  check_loss(loss);
  fuse(loss, prediction);
  BuildPlan plan;
  plan.max_batch = max_batch;
  plan.loss_live = live_from(loss);
  plan.pred_live = live_from(prediction);
  plan_gradients(plan);
  plan_buffers(plan);
  check_limits(plan, limits);

  Executable exe;
  exe.max_batch_ = max_batch;
  place_tensors(exe, plan);
  emit_nodes(exe, plan);
  exe.loss_ = loss;
  exe.prediction_ = prediction;
  for (const Node& n : exe.loss_nodes_) exe.prediction_in_loss_ = exe.prediction_in_loss_ || n.out == prediction;
  exe.state_.tensors = exe.tensors_.data();
  exe.state_.rng = exe.rng_.data();
  exe.state_.batch = max_batch;
  return exe;
}

void GraphBuilder::check_loss(int loss) const {
  if (loss < 0) return;
  const Layout& l = layout(loss);
  if (l.rows == 1 && l.cols == 1) return;
  const int p = producer_[static_cast<size_t>(loss)];
  throw GraphError(p >= 0 ? nodes_[static_cast<size_t>(p)].span : Span{}, graph_error_codes::kShape,
                   fmt::format("the loss must be a single number, got shape {}", to_string(l)),
                   "reduce it with a loss such as mse or cross_entropy, or with mean(...)");
}

// Which values need a gradient: parameters, inputs asked for, and what
// depends on them through a differentiable argument of a loss-graph node.
// Then the accumulation flags: walking the loss graph backwards, the first
// backward to reach a value assigns its gradient, later ones add.
void GraphBuilder::plan_gradients(BuildPlan& plan) const {
  const size_t nv = values_.size();
  std::vector<char>& needs = plan.needs_grad;
  needs.assign(nv, 0);
  for (size_t v = 0; v < nv; ++v)
    needs[v] = values_[v].role == Role::Param || (values_[v].role == Role::Input && values_[v].input_grad);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!plan.loss_live[i]) continue;
    const NodeSpec& n = nodes_[i];
    for (size_t a = 0; a < n.args.size(); ++a)
      if (!((n.no_grad_mask >> a) & 1u) && needs[static_cast<size_t>(n.args[a])]) needs[static_cast<size_t>(n.out)] = 1;
  }
  std::vector<char> written(nv, 0);
  plan.acc_mask.assign(nodes_.size(), 0);
  plan.has_backward.assign(nodes_.size(), 0);
  for (size_t i = nodes_.size(); i-- > 0;) {
    if (!plan.loss_live[i]) continue;
    const NodeSpec& n = nodes_[i];
    for (size_t a = 0; a < n.args.size(); ++a) {
      const auto id = static_cast<size_t>(n.args[a]);
      if (((n.no_grad_mask >> a) & 1u) || !needs[id]) continue;
      plan.has_backward[i] = n.backward != nullptr;
      if (written[id]) plan.acc_mask[i] |= 1u << a;
      written[id] = 1;
    }
  }
}

// Every leaf gets a buffer; a computed value or scratch only when a live node
// writes it. A value with a gradient takes twice its size.
void GraphBuilder::plan_buffers(BuildPlan& plan) const {
  const size_t nv = values_.size();
  plan.used.assign(nv, 0);
  for (size_t v = 0; v < nv; ++v) plan.used[v] = values_[v].role != Role::Computed && values_[v].role != Role::Scratch;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!plan.live(i)) continue;
    plan.used[static_cast<size_t>(nodes_[i].out)] = 1;
    if (nodes_[i].scratch >= 0) plan.used[static_cast<size_t>(nodes_[i].scratch)] = 1;
  }
  for (size_t v = 0; v < nv; ++v) {
    if (!plan.used[v]) continue;
    const size_t n = plan.floats_of(values_[v].layout);
    if (values_[v].role == Role::Param) plan.param_floats += n;
    else if (values_[v].role == Role::State) plan.state_floats += n;
    else plan.other_floats += n * (plan.needs_grad[v] ? 2 : 1);
  }
}

// A hostile model file must be refused here, before the arena exists: a
// dimension of 2^31 would otherwise be allocated first and checked later.
// A leaf (an input, a parameter, state) is sized by the data and the stored
// tensors, so no axis of one may be wider than they are. A computed value
// may legitimately be wider (a concat, a flatten of an image), so what it
// computes is capped as a whole instead: kMaxComputedFloats over every
// buffer that is not a parameter or state, counted in double so a crafted
// shape cannot overflow the count. Axes, not the 2-D storage: an image's
// n × (h·w·c) block is wider than any of its axes. A kernel's scratch
// (conv2d's patches) is sized from values already checked here.
void GraphBuilder::check_limits(const BuildPlan& plan, BuildLimits limits) const {
  if (limits.max_param_floats > 0 && plan.param_floats > limits.max_param_floats)
    throw GraphError(Span{}, graph_error_codes::kShape,
                     fmt::format("the graph needs {} parameter values but the file stores {}", plan.param_floats,
                                 limits.max_param_floats));
  if (limits.max_axis <= 0) return;
  double computed = 0;
  for (size_t v = 0; v < values_.size(); ++v) {
    const ValueSpec& spec = values_[v];
    if (!plan.used[v]) continue;
    const Layout& l = spec.layout;
    if (spec.role == Role::Computed || spec.role == Role::Scratch) {
      computed += static_cast<double>(l.batched ? plan.max_batch : l.rows) * static_cast<double>(l.cols);
      continue;
    }
    const int64_t widest = l.rank == 0 ? 1 : *std::max_element(l.dims.begin(), l.dims.begin() + l.rank);
    if (widest > limits.max_axis)
      throw GraphError(spec.span, graph_error_codes::kShape,
                       fmt::format("{} is {} wide, more than any stored tensor or data dimension ({})",
                                   spec.name.empty() ? "a value" : "`" + spec.name + "`", widest, limits.max_axis));
  }
  if (computed > static_cast<double>(BuildLimits::kMaxComputedFloats))
    throw GraphError(Span{}, graph_error_codes::kShape,
                     fmt::format("the graph computes {:.3g} values per chunk of {} rows, more than a model read from a "
                                 "file may ({})",
                                 computed, plan.max_batch, BuildLimits::kMaxComputedFloats));
}

// One block for every buffer: parameters first (values, then gradients, at
// the same offsets), then state (never in the gradient or the update), then
// everything else. Parameters are drawn here, each from its own stream
// derived from the seed and its name.
void GraphBuilder::place_tensors(Executable& exe, const BuildPlan& plan) const {
  exe.arena_floats_ = 2 * plan.param_floats + plan.state_floats + plan.other_floats;
  exe.arena_.reset(new float[exe.arena_floats_ + kArenaAlignFloats]());
  float* base = exe.arena_.get();
  base += (kArenaAlignFloats - (reinterpret_cast<uintptr_t>(base) / sizeof(float)) % kArenaAlignFloats) %
          kArenaAlignFloats;
  float* param_values = base;
  float* param_grads = base + plan.param_floats;
  float* state_values = base + 2 * plan.param_floats;
  float* next = state_values + plan.state_floats;
  size_t param_offset = 0, state_offset = 0;

  exe.tensors_.resize(values_.size());
  for (size_t v = 0; v < values_.size(); ++v) {
    const ValueSpec& spec = values_[v];
    Tensor& t = exe.tensors_[v];
    t.layout = spec.layout;
    t.max_rows = spec.layout.batched ? plan.max_batch : spec.layout.rows;
    if (!plan.used[v]) continue;
    const size_t n = plan.floats_of(spec.layout);
    const auto size = static_cast<size_t>(spec.layout.rows * spec.layout.cols);
    if (spec.role == Role::Param) {
      t.data = param_values + param_offset;
      t.grad = param_grads + param_offset;
      const int64_t fan_in = spec.layout.rank >= 2 ? spec.layout.rows : spec.layout.cols;
      initialize(spec.init, std::span<float>(t.data, size), fan_in, glorot_fan_out(spec.layout),
                 derive_seed(seed_, spec.name));
      exe.param_info_.push_back(ParamInfo{spec.name, spec.layout.shape(), param_offset, size, spec.span});
      exe.param_ids_.push_back(static_cast<int>(v));
      param_offset += n;
    } else if (spec.role == Role::State) {
      t.data = state_values + state_offset;
      const auto cols = static_cast<size_t>(spec.layout.cols);
      for (size_t r = 0; r < spec.state_init.size() && r < static_cast<size_t>(spec.layout.rows); ++r)
        std::fill(t.data + r * cols, t.data + (r + 1) * cols, spec.state_init[r]);
      exe.state_info_.push_back(ParamInfo{spec.name, spec.layout.shape(), state_offset, size, spec.span});
      state_offset += n;
    } else {
      t.data = next;
      next += n;
      if (plan.needs_grad[v]) {
        t.grad = next;
        next += n;
      }
      fill_leaf(exe, static_cast<int>(v));
    }
  }
  exe.param_values_ = std::span<float>(param_values, plan.param_floats);
  exe.param_grads_ = std::span<float>(param_grads, plan.param_floats);
  exe.state_values_ = std::span<float>(state_values, plan.state_floats);
}

// A constant's value goes in now; the first input and the target are where
// the batch goes.
void GraphBuilder::fill_leaf(Executable& exe, int id) const {
  const ValueSpec& spec = values_[static_cast<size_t>(id)];
  float* data = exe.tensors_[static_cast<size_t>(id)].data;
  if (spec.role == Role::Constant) {
    if (spec.constants.empty()) data[0] = spec.constant;
    else std::copy(spec.constants.begin(), spec.constants.end(), data);
  }
  if (spec.role == Role::Input && exe.input_ < 0) exe.input_ = id;
  if (spec.role == Role::Target) exe.target_ = id;
}

// The live nodes in recording order (a topological order): the loss list
// with backwards where a gradient flows, the prediction list forward only.
// Each dropout draws from its own stream, named by its node.
void GraphBuilder::emit_nodes(Executable& exe, const BuildPlan& plan) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!plan.live(i)) continue;
    const NodeSpec& s = nodes_[i];
    Node n;
    n.forward = s.forward;
    n.backward = plan.has_backward[i] ? s.backward : nullptr;
    n.out = s.out;
    n.args = s.args;
    n.scratch = s.scratch;
    n.state = s.state;
    std::copy(std::begin(s.attr), std::end(s.attr), n.attr);
    n.acc_mask = plan.acc_mask[i];
    n.name = s.display;
    n.span = s.span;
    if (s.rng) {
      n.rng = static_cast<int>(exe.rng_.size());
      exe.rng_.push_back(derive_seed(seed_, fmt::format("dropout#{}", i)));
    }
    if (plan.loss_live[i]) exe.loss_nodes_.push_back(n);
    if (plan.pred_live[i]) {
      n.backward = nullptr;
      exe.pred_nodes_.push_back(std::move(n));
    }
  }
}

}  // namespace xp::rt
