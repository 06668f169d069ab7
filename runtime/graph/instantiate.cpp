#include "runtime/graph/instantiate.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/graph/builder.h"
#include "runtime/core/call_args.h"
#include "runtime/core/errors.h"
#include "stdlib/builtins.h"

namespace xp::rt {
namespace {

using graph_error_codes::kShape;
using graph_error_codes::kUnknown;
using graph_error_codes::kUnsupported;

constexpr int kMaxCallDepth = ir::kMaxModelDepth;  // the checker's limit (E0317)
constexpr int64_t kMaxDim = int64_t{1} << 31;

// One inlined model body: its model, where its parameters live, and what
// its inputs are bound to.
struct Frame {
  const ir::ModelGraph* model = nullptr;
  std::string prefix;                        // "" or "block1." …
  std::map<std::string, int64_t> ints;       // int inputs by name
  std::vector<int> tensors;                  // tensor inputs, in order
  int depth = 0;
};

class Instantiator {
 public:
  Instantiator(std::span<const ir::ModelGraph> models, const ir::Assignment& hypers,
               const std::map<std::string, std::string>& bindings, const DataDims& dims, uint64_t seed)
      : models_(models), hypers_(hypers), bindings_(bindings), dims_(dims), builder_(seed) {}

  const ir::ModelGraph& model(const std::string& name, Span span) const {
    for (const auto& m : models_)
      if (m.name == name) return m;
    throw GraphError(span, kUnknown, fmt::format("no model named `{}`", name));
  }

  // Binds the root model's fallback dimensions: its first input's last
  // dimension reads the features, its declared result the classes/targets.
  void set_root(const ir::ModelGraph& root) {
    root_ = &root;
    auto lone = [](const ir::Dim& d) { return !d.lone_symbol().empty(); };
    for (const auto& in : root.inputs) {
      if (in.is_int || in.shape.empty()) continue;
      const auto& shape = dims_.feature_shape;
      if (!shape.empty() && in.shape.size() == shape.size()) {  // x: [H, W, C] on data shaped [8, 8, 1]
        for (size_t a = 0; a < shape.size(); ++a)
          if (lone(in.shape[a])) fallback_.emplace(in.shape[a].terms[0].first, shape[a]);
      } else if (lone(in.shape.back())) {
        fallback_.emplace(in.shape.back().terms[0].first, dims_.features);
      }
      break;
    }
    if (!root.result.empty() && lone(root.result.back()))
      fallback_.emplace(root.result.back().terms[0].first, dims_.classes > 0 ? dims_.classes : dims_.targets);
  }

  // The batch's features: [features], or the data's per-example shape
  // (`shape: [8, 8, 1]`) when it has one.
  int x() {
    if (x_ < 0)
      x_ = builder_.input("x", dims_.feature_shape.empty() ? Layout::per_example(1, dims_.features)
                                                          : Layout::per_example(dims_.feature_shape));
    return x_;
  }
  int y() {
    if (y_ < 0)
      y_ = builder_.target(dims_.classes > 0 ? Layout::per_example(0, 1) : Layout::per_example(1, dims_.targets));
    return y_;
  }

  // Inlines a model body called with `frame`'s inputs; returns its output.
  int call(const ir::ModelGraph& m, Frame frame, Span span) {
    if (frame.depth > kMaxCallDepth)
      throw GraphError(span, kUnsupported, fmt::format("model calls nest deeper than {}", kMaxCallDepth),
                       fmt::format("does `{}` call itself?", m.name));
    frame.model = &m;
    bind_input_dims(m, frame);
    const int out = run(m.body, frame, nullptr);
    check_result(m, frame, out, span);
    return out;
  }

  // The loss graph: a model-less frame over the root's parameters, with x
  // and y. Returns the loss; sets prediction_ to the root call on x.
  int run_loss(const ir::Graph& g) {
    Frame f;
    f.model = root_;
    return run(g, f, &prediction_);
  }

  int prediction() const { return prediction_; }
  GraphBuilder& builder() { return builder_; }
  // The int inputs the loss's call of the root model on x bound (empty without one).
  const std::map<std::string, int64_t>& root_ints() const { return root_ints_; }

 private:
  int run(const ir::Graph& g, Frame& f, int* root_call_on_x) {
    if (g.output < 0 || static_cast<size_t>(g.output) >= g.ops.size()) internal_error("graph without an output");
    const bool loss_graph = root_call_on_x != nullptr;
    std::vector<int> v(g.ops.size(), -1);
    for (size_t i = 0; i < g.ops.size(); ++i) {
      const ir::Op& op = g.ops[i];
      auto arg = [&](size_t k) {
        if (k >= op.args.size()) internal_error(fmt::format("op {} lacks operand {}", i, k));
        const int a = op.args[k];
        if (a < 0 || static_cast<size_t>(a) >= i || v[static_cast<size_t>(a)] < 0)
          internal_error(fmt::format("op {} reads op {} out of order", i, a));
        return v[static_cast<size_t>(a)];
      };
      auto args = [&] {
        std::vector<int> out;
        for (size_t k = 0; k < op.args.size(); ++k) out.push_back(arg(k));
        return out;
      };
      switch (op.kind) {
        case ir::OpKind::Input: v[i] = loss_graph ? x() : input(op, f); break;
        case ir::OpKind::Target: v[i] = y(); break;
        case ir::OpKind::Param:
          v[i] = loss_graph && op.name.find('.') != std::string::npos ? nested_param(op, root_call_on_x) : param(op, f);
          break;
        case ir::OpKind::Hyper: v[i] = builder_.constant(static_cast<float>(named_number(op.name, f, op.span))); break;
        case ir::OpKind::Const: v[i] = builder_.constant(static_cast<float>(op.value)); break;
        case ir::OpKind::Add: v[i] = builder_.apply("add", args(), {}, op.span, "+"); break;
        case ir::OpKind::Sub: v[i] = builder_.apply("sub", args(), {}, op.span, "-"); break;
        case ir::OpKind::Mul: v[i] = builder_.apply("mul", args(), {}, op.span, "*"); break;
        case ir::OpKind::Div: v[i] = builder_.apply("div", args(), {}, op.span, "/"); break;
        case ir::OpKind::Pow: v[i] = builder_.apply("pow", args(), {}, op.span, "^"); break;
        case ir::OpKind::Neg: v[i] = builder_.apply("neg", args(), {}, op.span, "-"); break;
        case ir::OpKind::MatMul: v[i] = builder_.apply("matmul", args(), {}, op.span, "@"); break;
        case ir::OpKind::Builtin: v[i] = builtin(op, args(), f); break;
        case ir::OpKind::CallModel: {
          const ir::ModelGraph& callee = model(op.name, op.span);
          const bool root_on_x = loss_graph && &callee == root_ && op.site.empty() && op.args.size() == 1 &&
                                 g.ops[static_cast<size_t>(op.args[0])].kind == ir::OpKind::Input;
          if (root_on_x && *root_call_on_x >= 0) {  // already inlined for a nested parameter: reuse it
            v[i] = *root_call_on_x;
            break;
          }
          Frame inner;
          inner.prefix = op.site.empty() ? f.prefix : f.prefix + op.site + ".";
          inner.depth = f.depth + 1;
          inner.tensors = args();
          size_t d = 0;
          for (const auto& in : callee.inputs) {
            if (!in.is_int) continue;
            if (d >= op.dim_args.size())
              throw GraphError(op.span, kShape, fmt::format("`{}` needs a value for its int input `{}`", callee.name, in.name));
            inner.ints[in.name] = concrete(op.dim_args[d++], f, op.span);
          }
          if (root_on_x) root_ints_ = inner.ints;  // before call() binds the input dims beside them
          v[i] = call(callee, std::move(inner), op.span);
          if (root_on_x && *root_call_on_x < 0) *root_call_on_x = v[i];
          break;
        }
      }
    }
    return v[static_cast<size_t>(g.output)];
  }

  // A callee's input shapes bind its free dimensions from what it is called
  // with: dense(x: [I], units: int) called on a [batch, 64] tensor has I = 64.
  void bind_input_dims(const ir::ModelGraph& m, Frame& f) const {
    size_t k = 0;
    for (const auto& in : m.inputs) {
      if (in.is_int) continue;
      if (k >= f.tensors.size()) break;
      const Layout& l = builder_.layout(f.tensors[k++]);
      auto bind = [&](const ir::Dim& d, int64_t n) {
        if (const std::string sym = d.lone_symbol(); !sym.empty()) f.ints.emplace(sym, n);
      };
      if (in.shape.size() == 1 && l.rank <= 1) bind(in.shape[0], l.cols);
      else if (in.shape.size() == static_cast<size_t>(l.rank))
        for (size_t a = 0; a < in.shape.size(); ++a) bind(in.shape[a], l.dim(static_cast<int>(a)));
    }
  }

  int input(const ir::Op& op, const Frame& f) {
    const auto& inputs = f.model->inputs;
    if (op.index < 0 || static_cast<size_t>(op.index) >= inputs.size())
      internal_error(fmt::format("input #{} of model `{}`", op.index, f.model->name));
    const auto& spec = inputs[static_cast<size_t>(op.index)];
    if (spec.is_int) return builder_.constant(static_cast<float>(f.ints.at(spec.name)));
    size_t k = 0;
    for (int i = 0; i < op.index; ++i) k += inputs[static_cast<size_t>(i)].is_int ? 0 : 1;
    if (k >= f.tensors.size())
      throw GraphError(op.span, kShape, fmt::format("`{}` is called without its input `{}`", f.model->name, spec.name));
    const int t = f.tensors[k];
    // The declared per-example shape must match what the caller passes.
    check_shape(spec.shape, builder_.layout(t), f, spec.span.valid() ? spec.span : op.span,
                fmt::format("input `{}` of `{}`", spec.name, f.model->name));
    return t;
  }

  int param(const ir::Op& op, const Frame& f) {
    const ir::ModelGraph* m = f.model;
    if (!m || op.index < 0 || static_cast<size_t>(op.index) >= m->params.size() ||
        (!op.name.empty() && m->params[static_cast<size_t>(op.index)].name != op.name)) {
      throw GraphError(op.span, kUnknown, fmt::format("no parameter named `{}`", op.name));
    }
    const ir::ParamSpec& p = m->params[static_cast<size_t>(op.index)];
    Layout l = layout_of(p.shape, f, p.span.valid() ? p.span : op.span, fmt::format("parameter `{}`", p.name));
    CallArgs init;
    if (p.init.fn.empty() && p.init.fn_hyper.empty()) init.fn = "zeros";
    else init = evaluate_call(p.init, hypers_);
    if (!init.span.valid()) init.span = p.span;
    return builder_.param(f.prefix + p.name, l, std::move(init), p.span.valid() ? p.span : op.span);
  }

  // A loss naming a parameter of a call site inside the root model
  // (`l2(net.layer1.W)`): the parameter exists once the root model has been
  // inlined, with the shape its call site gave it. Inlining it here on x is
  // the same call the loss makes, so that call reuses it.
  int nested_param(const ir::Op& op, int* root_call_on_x) {
    if (builder_.find_param(op.name) < 0 && *root_call_on_x < 0) {
      Frame f;
      f.tensors = {x()};
      *root_call_on_x = call(*root_, std::move(f), op.span);
    }
    const int found = builder_.find_param(op.name);
    if (found < 0)
      throw GraphError(op.span, kUnknown, fmt::format("`{}` has no parameter named `{}`", root_->name, op.name));
    return found;
  }

  int builtin(const ir::Op& op, std::vector<int> args, const Frame& f) {
    std::string name = op.name;
    if (name.empty()) {
      auto it = hypers_.find(op.fn_hyper);
      if (it == hypers_.end() || it->second.kind != ir::Value::Kind::Name)
        throw GraphError(op.span, kUnknown, fmt::format("hyper `{}` names the function here but has no name value in this trial", op.fn_hyper));
      name = it->second.text;
    }
    std::vector<Attr> attrs;
    const stdlib::Builtin* entry = stdlib::find(name, stdlib::Category::Tensor);
    if (!entry) entry = stdlib::find(name, stdlib::Category::Loss);  // its words too (class_weight: balanced)
    if (entry && entry->shape == stdlib::ShapeRule::Reshape) {  // the target shape is the op's own (checked) shape
      for (const auto& d : op.shape) attrs.push_back({"dim", static_cast<double>(concrete(d, f, op.span))});
      return builder_.apply(name, std::move(args), std::move(attrs), op.span, name);
    }
    for (const auto& a : op.attrs) {
      std::optional<ir::Value> val = ir::eval(with_int_inputs(a.value, f), hypers_);
      if (!val) continue;  // an inactive hyper leaves the argument out
      // A word (`padding: same`) reaches the kernel as its position in the registry's list.
      const stdlib::Arg* spec = entry ? entry->arg(a.name) : nullptr;
      if (val->kind == ir::Value::Kind::Name && spec && spec->type == stdlib::ArgType::Word) {
        for (size_t w = 0; w < spec->words.size(); ++w)
          if (spec->words[w] == val->text) val = ir::Value::num(static_cast<double>(w), true);
      }
      // A yes/no argument (`causal: true`) reaches the kernel as 1 or 0.
      if (val->kind == ir::Value::Kind::Name && spec && spec->type == stdlib::ArgType::Bool &&
          (val->text == "true" || val->text == "false"))
        val = ir::Value::num(val->text == "true" ? 1 : 0, true);
      if (val->kind != ir::Value::Kind::Number)
        throw GraphError(a.span.valid() ? a.span : op.span, graph_error_codes::kArgument,
                         fmt::format("argument `{}` of `{}` must be a number, got {}", a.name, name, val->str()));
      attrs.push_back({a.name, val->number});
    }
    weigh_classes(name, args, attrs, op.span);
    return builder_.apply(name, std::move(args), std::move(attrs), op.span, name);
  }

  // A built-in's argument may name an integer input of the model it is in
  // (`conv2d(x, K, stride: s)`, `attention(q, k, v, causal: causal)` with
  // `causal: int`): its value in this call. Sizes resolve the same way
  // (lookup: integer inputs first), so the argument and the checked shape agree.
  static ir::HExpr with_int_inputs(ir::HExpr e, const Frame& f) {
    if (f.ints.empty()) return e;
    if (e.kind == ir::HExpr::Kind::Name)
      if (auto it = f.ints.find(e.name); it != f.ints.end()) {
        ir::HExpr c = ir::HExpr::constant(static_cast<double>(it->second), true);
        c.span = e.span;
        return c;
      }
    for (auto& arg : e.args) arg = with_int_inputs(std::move(arg), f);
    return e;
  }

  // `class_weight: balanced` on a loss: the data's class weights become the
  // loss's third argument (a constant row), the weighted kernel of ops_loss.cpp.
  void weigh_classes(const std::string& name, std::vector<int>& args, std::vector<Attr>& attrs, Span span) {
    auto it = std::find_if(attrs.begin(), attrs.end(), [](const Attr& a) { return a.name == "class_weight"; });
    if (it == attrs.end()) return;
    const bool balanced = it->value == 1;  // the registry's words: none, balanced
    attrs.erase(it);
    if (!balanced) return;
    if (dims_.class_weights.empty())
      throw GraphError(span, graph_error_codes::kArgument,
                       fmt::format("`{}(…, class_weight: balanced)` needs a classification data set's training labels", name));
    args.push_back(builder_.constant_row(dims_.class_weights));
  }

  double hyper_number(const std::string& name, Span span) const {
    auto it = hypers_.find(name);
    if (it == hypers_.end())
      throw GraphError(span, kUnknown, fmt::format("hyper `{}` has no value in this trial", name),
                       "a hyper used in a model must be active whenever the model runs");
    if (it->second.kind != ir::Value::Kind::Number)
      throw GraphError(span, kShape, fmt::format("hyper `{}` is `{}` here, not a number", name, it->second.str()));
    return it->second.number;
  }

  // A name used as a value: a hyper, else a size the data binds (a train
  // block's `vocab` in its loss).
  double named_number(const std::string& name, const Frame& f, Span span) const {
    if (!hypers_.count(name) && bindings_.count(name))
      if (auto v = lookup(name, f, span)) return static_cast<double>(*v);
    return hyper_number(name, span);
  }

  std::optional<int64_t> lookup(const std::string& sym, const Frame& f, Span span) const {
    if (auto it = f.ints.find(sym); it != f.ints.end()) return it->second;
    if (auto it = hypers_.find(sym); it != hypers_.end()) {
      const double v = hyper_number(sym, span);
      if (v != std::floor(v) || std::fabs(v) > static_cast<double>(kMaxDim))
        throw GraphError(span, kShape, fmt::format("hyper `{}` = {} is used as a dimension but is not a whole number", sym, v));
      return static_cast<int64_t>(v);
    }
    if (auto it = bindings_.find(sym); it != bindings_.end()) {
      if (it->second == "features") return dims_.features;
      if (it->second == "classes") return dims_.classes;
      if (it->second == "targets") return dims_.targets;
      if (it->second == "vocab") {  // `exp check` says E0333 when it can read the data; here it could not
        if (dims_.vocab < 1)
          throw GraphError(span, kShape, fmt::format("`{}` names the data's vocabulary, but the data holds no token ids", sym),
                           "train on token data (`csv(..., text: \"col\")`, `tokens: true`, token_sum)");
        return dims_.vocab;
      }
    }
    if (auto it = fallback_.find(sym); it != fallback_.end()) return it->second;
    return std::nullopt;
  }

  int64_t concrete(const ir::Dim& d, const Frame& f, Span span) const {
    std::string missing;
    std::optional<int64_t> v = d.eval([&](const std::string& s) {
      auto r = lookup(s, f, span);
      if (!r && missing.empty()) missing = s;
      return r;
    });
    if (!v)
      throw GraphError(span, kShape, fmt::format("dimension `{}` has no value: nothing binds `{}`", d.str(), missing),
                       "bind it with a hyper, a model's int input, or the data (features, classes)");
    if (*v < 1 || *v > kMaxDim)
      throw GraphError(span, kShape, fmt::format("dimension `{}` evaluates to {}", d.str(), *v),
                       *v < 1 ? "dimensions must be at least 1" : "dimensions are limited to 2^31");
    return *v;
  }

  Layout layout_of(const ir::Shape& s, const Frame& f, Span span, const std::string& what) const {
    if (s.size() > static_cast<size_t>(kMaxLayoutRank))
      throw GraphError(span, kUnsupported, fmt::format("{} has {} axes; this runtime supports at most {}", what, s.size(), kMaxLayoutRank));
    std::vector<int64_t> dims;
    for (const auto& d : s) dims.push_back(concrete(d, f, span));
    return Layout::of(dims);
  }

  void check_shape(const ir::Shape& declared, const Layout& actual, const Frame& f, Span span, const std::string& what) const {
    Layout want = layout_of(declared, f, span, what);
    bool ok;
    if (actual.batched) ok = (declared.size() <= 1 && actual.rank <= 1 && want.cols == actual.cols) ||
                             (declared.size() == static_cast<size_t>(actual.rank) && want.shape() == actual.shape());
    else ok = want == actual;
    if (!ok) {
      std::string per_example = declared.empty() ? "[]" : to_string(want);
      throw GraphError(span, kShape, fmt::format("{} is declared {} but receives {}", what, per_example, to_string(actual)));
    }
  }

  void check_result(const ir::ModelGraph& m, const Frame& f, int out, Span span) const {
    if (m.result.empty()) return;
    check_shape(m.result, builder_.layout(out), f, m.span.valid() ? m.span : span, fmt::format("the result of `{}`", m.name));
  }

  std::span<const ir::ModelGraph> models_;
  const ir::Assignment& hypers_;
  const std::map<std::string, std::string>& bindings_;
  DataDims dims_;
  GraphBuilder builder_;
  const ir::ModelGraph* root_ = nullptr;
  std::map<std::string, int64_t> fallback_;
  std::map<std::string, int64_t> root_ints_;
  int x_ = -1, y_ = -1, prediction_ = -1;
};

void check_dims(const DataDims& d) {
  if (d.features < 1) internal_error("instantiation without features");
  if (d.classes < 0 || d.targets < 1) internal_error("instantiation with bad class/target counts");
}

}  // namespace

namespace {

// The training graph, every shape concrete, not built yet: the loss and the
// prediction (the model's outputs).
struct TrainingGraph {
  int loss = -1, prediction = -1;
};

TrainingGraph instantiate_training_graph(Instantiator& inst, const ir::TrainSpec& train) {
  const ir::ModelGraph& root = inst.model(train.model, train.span);
  inst.set_root(root);
  TrainingGraph g;
  g.loss = inst.run_loss(train.loss);
  g.prediction = inst.prediction();
  if (g.prediction < 0) {
    Frame f;
    f.tensors = {inst.x()};
    g.prediction = inst.call(root, f, root.span);
  }
  return g;
}

}  // namespace

Executable instantiate_training(std::span<const ir::ModelGraph> models, const ir::TrainSpec& train,
                                const ir::Assignment& hypers, const DataDims& dims, int64_t max_batch, uint64_t seed) {
  check_dims(dims);
  Instantiator inst(models, hypers, train.dim_bindings, dims, seed);
  const TrainingGraph g = instantiate_training_graph(inst, train);
  Executable exe = inst.builder().build(g.loss, g.prediction, max_batch);
  exe.set_int_inputs(inst.root_ints());
  return exe;
}

double training_work_per_example(std::span<const ir::ModelGraph> models, const ir::TrainSpec& train,
                                 const ir::Assignment& hypers, const DataDims& dims) {
  check_dims(dims);
  Instantiator inst(models, hypers, train.dim_bindings, dims, /*seed=*/0);
  instantiate_training_graph(inst, train);
  return inst.builder().work_per_example();
}

Executable instantiate_inference(std::span<const ir::ModelGraph> models, const std::string& model,
                                 const std::map<std::string, std::string>& dim_bindings, const ir::Assignment& hypers,
                                 const DataDims& dims, int64_t max_batch, uint64_t seed,
                                 BuildLimits limits, const std::map<std::string, int64_t>& int_inputs) {
  check_dims(dims);
  Instantiator inst(models, hypers, dim_bindings, dims, seed);
  const ir::ModelGraph& root = inst.model(model, {});
  inst.set_root(root);
  Frame f;
  f.tensors = {inst.x()};
  for (const auto& in : root.inputs)
    if (in.is_int)
      if (auto it = int_inputs.find(in.name); it != int_inputs.end()) f.ints[in.name] = it->second;
  const int prediction = inst.call(root, f, root.span);
  Executable exe = inst.builder().build(-1, prediction, max_batch, limits);
  exe.set_int_inputs(f.ints);
  return exe;
}

}  // namespace xp::rt
