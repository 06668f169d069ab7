#include "runtime/graph/builder.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/core/errors.h"

namespace xp::rt {

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

double GraphBuilder::work_per_example() const {
  double work = 0;
  for (const auto& node : nodes_) {
    const Layout& out = values_[static_cast<size_t>(node.out)].layout;
    const double outputs = static_cast<double>(out.rows) * static_cast<double>(out.cols);
    double per_output = 1;
    for (int a : node.args) {
      const ValueSpec& arg = values_[static_cast<size_t>(a)];
      if (arg.role != Role::Param) continue;
      const double size = static_cast<double>(arg.layout.rows) * static_cast<double>(arg.layout.cols);
      const int64_t last = arg.layout.rank > 0 ? arg.layout.dim(arg.layout.rank - 1) : 1;
      per_output += size / static_cast<double>(std::max<int64_t>(1, last));
    }
    work += outputs * per_output;
  }
  return work;
}

size_t GraphBuilder::param_count() const {
  size_t n = 0;
  for (const auto& v : values_)
    if (v.role == Role::Param) n += static_cast<size_t>(v.layout.rows * v.layout.cols);
  return n;
}

}  // namespace xp::rt
