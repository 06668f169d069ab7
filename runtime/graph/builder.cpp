#include "runtime/graph/builder.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/graph/blas.h"
#include "runtime/core/errors.h"
#include "runtime/core/random.h"

namespace xp::rt {
namespace {

constexpr size_t kAlignFloats = 16;  // 64 bytes: one AVX-512 register, one cache line
size_t aligned(size_t n) { return (n + kAlignFloats - 1) / kAlignFloats * kAlignFloats; }

std::vector<int64_t> shape_of(const Layout& l) { return l.shape(); }

// Glorot's fans of a parameter: a matrix [in, out]; a filter bank
// [k, k, c, f] has fan-in k·k·c (its rows) and fan-out k·k·f, as Keras counts.
int64_t fan_out_of(const Layout& l) {
  return l.rank >= 3 ? l.rows / l.dim(l.rank - 2) * l.cols : l.cols;
}

}  // namespace

GraphBuilder::ValueSpec GraphBuilder::value_spec(Role role, Layout layout, std::string name) {
  ValueSpec v;
  v.role = role;
  v.layout = layout;
  v.name = std::move(name);
  return v;
}

int GraphBuilder::add_value(ValueSpec v) {
  values_.push_back(std::move(v));
  producer_.push_back(-1);
  return static_cast<int>(values_.size() - 1);
}

int GraphBuilder::input(std::string name, Layout layout, bool grad) {
  layout.batched = true;
  layout.rows = 1;
  ValueSpec v = value_spec(Role::Input, layout, std::move(name));
  v.input_grad = grad;
  return add_value(std::move(v));
}

int GraphBuilder::target(Layout layout) {
  layout.batched = true;
  layout.rows = 1;
  return add_value(value_spec(Role::Target, layout, "y"));
}

int GraphBuilder::find_param(const std::string& name) const {
  for (size_t i = 0; i < values_.size(); ++i)
    if (values_[i].role == Role::Param && values_[i].name == name) return static_cast<int>(i);
  return -1;
}

int GraphBuilder::param(const std::string& name, Layout layout, InitSpec init, Span span) {
  if (const int found = find_param(name); found >= 0) {
    const ValueSpec& v = values_[static_cast<size_t>(found)];
    if (v.layout != layout)
      throw GraphError(span, graph_error_codes::kShape,
                       fmt::format("parameter `{}` is used with shape {} here but {} elsewhere", name,
                                   to_string(layout), to_string(v.layout)),
                       "parameters shared between call sites need the same shape");
    return found;
  }
  if (layout.batched) internal_error("a parameter cannot be batched");
  if (!init.span.valid()) init.span = span;
  validate_init(init);
  ValueSpec v = value_spec(Role::Param, layout, name);
  v.init = std::move(init);
  v.span = span;
  return add_value(std::move(v));
}

int GraphBuilder::constant(float c) {
  ValueSpec v = value_spec(Role::Constant, Layout::scalar(), "constant");
  v.constant = c;
  return add_value(std::move(v));
}

int GraphBuilder::constant_row(std::vector<float> values) {
  ValueSpec v = value_spec(Role::Constant, Layout::row(static_cast<int64_t>(values.size())), "constant");
  v.constants = std::move(values);
  return add_value(std::move(v));
}

int GraphBuilder::apply(std::string_view kernel, std::vector<int> args, std::vector<Attr> attrs, Span span,
                        std::string display) {
  const KernelDef* k = find_kernel(kernel);
  if (!k)
    throw GraphError(span, graph_error_codes::kUnknown, fmt::format("`{}` is not a function a model can apply", kernel),
                     "`exp help activations` lists the functions a hyper can choose");
  std::vector<Layout> layouts;
  for (int a : args) {
    if (a < 0 || static_cast<size_t>(a) >= values_.size()) internal_error("apply() with an unknown value");
    layouts.push_back(values_[static_cast<size_t>(a)].layout);
  }
  Binding b;
  b.name = kernel;
  b.args = layouts;
  b.attrs = attrs;
  b.span = span;
  k->bind(b);
  NodeSpec n;
  n.kernel = k;
  n.forward = b.forward;
  n.backward = b.backward;
  n.args = std::move(args);
  std::copy(std::begin(b.attr), std::end(b.attr), n.attr);
  n.no_grad_mask = b.no_grad_mask;
  n.rng = b.needs_rng;
  n.display = display.empty() ? std::string(kernel) : std::move(display);
  n.span = span;
  n.out = add_value(value_spec(Role::Computed, b.out, n.display));
  if (b.needs_scratch) n.scratch = add_value(value_spec(Role::Scratch, b.scratch_set ? b.scratch : b.out, "scratch"));
  if (b.needs_state) n.state = add_state(n.args, b, span);
  producer_[static_cast<size_t>(n.out)] = static_cast<int>(nodes_.size());
  nodes_.push_back(std::move(n));
  return nodes_.back().out;
}

// A kernel's state is named after the parameter it belongs to, so the same
// model instantiated again (exp predict, a refit) finds it by name; asking
// twice for one owner's state is a shared layer, which shares it too.
int GraphBuilder::add_state(const std::vector<int>& args, const Binding& b, Span span) {
  const auto owner = static_cast<size_t>(args.at(static_cast<size_t>(b.state_owner)));
  if (values_[owner].role != Role::Param)
    throw GraphError(span, graph_error_codes::kShape,
                     fmt::format("`{}` keeps running statistics named after its gain, which must be a parameter", b.name),
                     "declare the gain with `param g: [C] ~ ones` and pass it directly");
  const std::string name = values_[owner].name + ":running";
  for (size_t v = 0; v < values_.size(); ++v)
    if (values_[v].role == Role::State && values_[v].name == name) return static_cast<int>(v);
  ValueSpec v = value_spec(Role::State, b.state, name);
  v.state_init = b.state_init;
  v.span = span;
  return add_value(std::move(v));
}

size_t GraphBuilder::param_count() const {
  size_t n = 0;
  for (const auto& v : values_)
    if (v.role == Role::Param) n += static_cast<size_t>(v.layout.rows * v.layout.cols);
  return n;
}

// x @ W + b → affine(x, W, b) when the product feeds nothing else: one node,
// one buffer and one pass fewer, and the bias is written before the GEMM
// accumulates onto it.
void GraphBuilder::fuse_affine(const std::vector<int>& consumers) {
  for (NodeSpec& add : nodes_) {
    if (add.removed || add.kernel->name != "add") continue;
    for (int side = 0; side < 2; ++side) {
      const int m = add.args[static_cast<size_t>(side)];
      const int bias = add.args[static_cast<size_t>(1 - side)];
      const int p = producer_[static_cast<size_t>(m)];
      if (p < 0 || consumers[static_cast<size_t>(m)] != 1) continue;
      NodeSpec& mm = nodes_[static_cast<size_t>(p)];
      if (mm.removed || mm.kernel->name != "matmul") continue;
      const Layout& w = values_[static_cast<size_t>(mm.args[1])].layout;
      const Layout& bl = values_[static_cast<size_t>(bias)].layout;
      const Layout& ml = values_[static_cast<size_t>(m)].layout;
      if (w.rank != 2 || bl.batched || bl.rank != 1 || bl.cols != ml.cols || !(ml == layout(add.out))) continue;
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
      add.affine = true;
      mm.removed = true;
      break;
    }
  }
}

// relu(affine(x, W, b)) → one node when the affine's output feeds nothing
// else: ReLU is applied in place in the output buffer (forward) and its mask
// to the output's gradient (backward), so the pre-activation has no buffer
// and no pass of its own. The node keeps relu's output, name and span.
void GraphBuilder::fuse_affine_relu(const std::vector<int>& consumers) {
  for (NodeSpec& act : nodes_) {
    if (act.removed || act.kernel->name != "relu" || act.args.size() != 1) continue;
    const int a = act.args[0];
    const int p = producer_[static_cast<size_t>(a)];
    if (p < 0 || consumers[static_cast<size_t>(a)] != 1) continue;
    NodeSpec& aff = nodes_[static_cast<size_t>(p)];
    if (aff.removed || !aff.affine || !(layout(aff.out) == layout(act.out))) continue;
    std::vector<Layout> layouts = {layout(aff.args[0]), layout(aff.args[1]), layout(aff.args[2])};
    Binding b;
    b.name = "affine_relu";
    b.args = layouts;
    b.span = act.span;
    bind_affine_relu(b);
    act.args = aff.args;
    act.forward = b.forward;
    act.backward = b.backward;
    act.scratch = -1;
    act.no_grad_mask = aff.no_grad_mask;
    aff.removed = true;
  }
}

Executable GraphBuilder::build(int loss, int prediction, int64_t max_batch, BuildLimits limits) {
  if (max_batch < 1) internal_error("max_batch must be positive");
  use_single_threaded_blas();
  const size_t nv = values_.size();
  if (loss >= 0) {
    const Layout& l = layout(loss);
    if (!(l.rows == 1 && l.cols == 1))
      throw GraphError(producer_[static_cast<size_t>(loss)] >= 0 ? nodes_[static_cast<size_t>(producer_[static_cast<size_t>(loss)])].span : Span{},
                       graph_error_codes::kShape, fmt::format("the loss must be a single number, got shape {}", to_string(l)),
                       "reduce it with a loss such as mse or cross_entropy, or with mean(...)");
  }

  // Liveness: the nodes each output needs, found by walking producers back.
  auto live_from = [&](int root) {
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
  };
  {
    std::vector<char> lv = live_from(loss), pv = live_from(prediction);
    std::vector<int> consumers(nv, 0);
    for (size_t i = 0; i < nodes_.size(); ++i)
      if (lv[i] || pv[i])
        for (int a : nodes_[i].args) ++consumers[static_cast<size_t>(a)];
    if (loss >= 0) ++consumers[static_cast<size_t>(loss)];
    if (prediction >= 0) ++consumers[static_cast<size_t>(prediction)];
    fuse_affine(consumers);
    fuse_affine_relu(consumers);
  }
  const std::vector<char> loss_live = live_from(loss), pred_live = live_from(prediction);

  // Which values need a gradient: parameters, inputs asked for, and what
  // depends on them through a differentiable argument of a loss-graph node.
  std::vector<char> needs(nv, 0);
  for (size_t v = 0; v < nv; ++v)
    needs[v] = values_[v].role == Role::Param || (values_[v].role == Role::Input && values_[v].input_grad);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!loss_live[i]) continue;
    const NodeSpec& n = nodes_[i];
    for (size_t a = 0; a < n.args.size(); ++a)
      if (!((n.no_grad_mask >> a) & 1u) && needs[static_cast<size_t>(n.args[a])]) needs[static_cast<size_t>(n.out)] = 1;
  }

  Executable exe;
  exe.max_batch_ = max_batch;
  // Accumulation flags: walking the loss graph backwards, the first
  // backward to reach a value assigns its gradient, later ones add.
  std::vector<char> written(nv, 0);
  std::vector<uint32_t> acc(nodes_.size(), 0);
  std::vector<char> has_backward(nodes_.size(), 0);
  for (size_t i = nodes_.size(); i-- > 0;) {
    if (!loss_live[i]) continue;
    const NodeSpec& n = nodes_[i];
    for (size_t a = 0; a < n.args.size(); ++a) {
      const auto id = static_cast<size_t>(n.args[a]);
      if (((n.no_grad_mask >> a) & 1u) || !needs[id]) continue;
      has_backward[i] = n.backward != nullptr;
      if (written[id]) acc[i] |= 1u << a;
      written[id] = 1;
    }
  }

  // One block for every buffer: parameters first (values, then gradients,
  // at the same offsets), then everything else.
  std::vector<char> used(nv, 0);
  for (size_t v = 0; v < nv; ++v) used[v] = values_[v].role != Role::Computed && values_[v].role != Role::Scratch;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!loss_live[i] && !pred_live[i]) continue;
    used[static_cast<size_t>(nodes_[i].out)] = 1;
    if (nodes_[i].scratch >= 0) used[static_cast<size_t>(nodes_[i].scratch)] = 1;
  }
  auto floats_of = [&](size_t v) {
    const Layout& l = values_[v].layout;
    return aligned(static_cast<size_t>((l.batched ? max_batch : l.rows) * l.cols));
  };
  size_t param_floats = 0, state_floats = 0, other_floats = 0;
  for (size_t v = 0; v < nv; ++v) {
    if (!used[v]) continue;
    if (values_[v].role == Role::Param) param_floats += floats_of(v);
    else if (values_[v].role == Role::State) state_floats += floats_of(v);
    else other_floats += floats_of(v) * (needs[v] ? 2 : 1);
  }
  // A hostile model file must be refused here, before the arena exists: a
  // dimension of 2^31 would otherwise be allocated first and checked later.
  // Axes, not the 2-D storage: an image's n × (h·w·c) block is wider than
  // any of its axes. A kernel's scratch (conv2d's patches) is sized from
  // values already checked here, so it is not capped itself.
  for (size_t v = 0; v < nv && limits.max_axis > 0; ++v) {
    const Layout& l = values_[v].layout;
    if (!used[v] || values_[v].role == Role::Scratch) continue;
    const int64_t widest = l.rank == 0 ? 1 : *std::max_element(l.dims.begin(), l.dims.begin() + l.rank);
    if (widest > limits.max_axis)
      throw GraphError(values_[v].span, graph_error_codes::kShape,
                       fmt::format("{} is {} wide, more than any stored tensor or data dimension ({})",
                                   values_[v].name.empty() ? "a value" : "`" + values_[v].name + "`", widest,
                                   limits.max_axis));
  }
  if (limits.max_param_floats > 0 && param_floats > limits.max_param_floats)
    throw GraphError(Span{}, graph_error_codes::kShape,
                     fmt::format("the graph needs {} parameter values but the file stores {}", param_floats,
                                 limits.max_param_floats));
  exe.arena_floats_ = 2 * param_floats + state_floats + other_floats;
  exe.arena_.reset(new float[exe.arena_floats_ + kAlignFloats]());
  float* base = exe.arena_.get();
  base += (kAlignFloats - (reinterpret_cast<uintptr_t>(base) / sizeof(float)) % kAlignFloats) % kAlignFloats;
  float* param_values = base;
  float* param_grads = base + param_floats;
  float* state_values = base + 2 * param_floats;
  float* next = state_values + state_floats;
  size_t param_offset = 0, state_offset = 0;

  exe.tensors_.resize(nv);
  for (size_t v = 0; v < nv; ++v) {
    const ValueSpec& spec = values_[v];
    Tensor& t = exe.tensors_[v];
    t.layout = spec.layout;
    t.max_rows = spec.layout.batched ? max_batch : spec.layout.rows;
    if (!used[v]) continue;
    const size_t n = floats_of(v);
    if (spec.role == Role::Param) {
      t.data = param_values + param_offset;
      t.grad = param_grads + param_offset;
      ParamInfo info{spec.name, shape_of(spec.layout), param_offset,
                     static_cast<size_t>(spec.layout.rows * spec.layout.cols), spec.span};
      const int64_t fan_in = spec.layout.rank >= 2 ? spec.layout.rows : spec.layout.cols;
      initialize(spec.init, std::span<float>(t.data, info.size), fan_in, fan_out_of(spec.layout),
                 derive_seed(seed_, spec.name));
      exe.param_info_.push_back(std::move(info));
      exe.param_ids_.push_back(static_cast<int>(v));
      param_offset += n;
      continue;
    }
    if (spec.role == Role::State) {  // after the parameters: never in their gradient or update
      t.data = state_values + state_offset;
      const auto cols = static_cast<size_t>(spec.layout.cols);
      for (size_t r = 0; r < spec.state_init.size() && r < static_cast<size_t>(spec.layout.rows); ++r)
        std::fill(t.data + r * cols, t.data + (r + 1) * cols, spec.state_init[r]);
      exe.state_info_.push_back(ParamInfo{spec.name, shape_of(spec.layout), state_offset,
                                          static_cast<size_t>(spec.layout.rows * spec.layout.cols), spec.span});
      state_offset += n;
      continue;
    }
    t.data = next;
    next += n;
    if (needs[v]) {
      t.grad = next;
      next += n;
    }
    if (spec.role == Role::Constant) {
      if (spec.constants.empty()) t.data[0] = spec.constant;
      else std::copy(spec.constants.begin(), spec.constants.end(), t.data);
    }
    if (spec.role == Role::Input && exe.input_ < 0) exe.input_ = static_cast<int>(v);
    if (spec.role == Role::Target) exe.target_ = static_cast<int>(v);
  }
  exe.param_values_ = std::span<float>(param_values, param_floats);
  exe.param_grads_ = std::span<float>(param_grads, param_floats);
  exe.state_values_ = std::span<float>(state_values, state_floats);

  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!loss_live[i] && !pred_live[i]) continue;
    const NodeSpec& s = nodes_[i];
    Node n;
    n.forward = s.forward;
    n.backward = has_backward[i] ? s.backward : nullptr;
    n.out = s.out;
    n.args = s.args;
    n.scratch = s.scratch;
    n.state = s.state;
    std::copy(std::begin(s.attr), std::end(s.attr), n.attr);
    n.acc_mask = acc[i];
    n.name = s.display;
    n.span = s.span;
    if (s.rng) {
      n.rng = static_cast<int>(exe.rng_.size());
      exe.rng_.push_back(derive_seed(seed_, fmt::format("dropout#{}", i)));
    }
    if (loss_live[i]) exe.loss_nodes_.push_back(n);
    if (pred_live[i]) {
      n.backward = nullptr;
      exe.pred_nodes_.push_back(std::move(n));
    }
  }
  exe.loss_ = loss;
  exe.prediction_ = prediction;
  for (const Node& n : exe.loss_nodes_) exe.prediction_in_loss_ = exe.prediction_in_loss_ || n.out == prediction;
  exe.state_.tensors = exe.tensors_.data();
  exe.state_.rng = exe.rng_.data();
  exe.state_.batch = max_batch;
  return exe;
}

}  // namespace xp::rt
