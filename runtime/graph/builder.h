#pragma once
// Builds an Executable from concrete tensors and kernel applications. The
// IR instantiation (instantiate.h) drives it; gradient checks and the
// benchmark use it directly.
//
//   GraphBuilder g(seed);
//   int x = g.input("x", Layout::per_example(1, 64));
//   int y = g.target(Layout::per_example(0, 1));
//   int W = g.param("W", Layout::matrix(64, 10), {"glorot"});
//   int z = g.apply("matmul", {x, W});
//   int loss = g.apply("cross_entropy", {z, y});
//   Executable exe = g.build(loss, z, /*max_batch=*/32);
//
// build() removes ops that reach neither output, fuses x @ W + b into one
// affine op and conv(x, K) + c into one conv op with a bias (and relu of
// either into the same op, in place), decides where
// gradients accumulate, allocates every buffer in one block and draws the
// initial parameters (each from its own stream, derived from the seed and
// the parameter's name).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "runtime/graph/executable.h"
#include "runtime/graph/kernel.h"
#include "runtime/init/initializers.h"

namespace xp::rt {

// Caps for a graph read from a file, checked before anything is allocated:
// no input, parameter or state may have an axis wider than max_axis, the
// computed values together no more than kMaxComputedFloats, and the
// parameters no more than max_param_floats floats (0 = no cap).
struct BuildLimits {
  int64_t max_axis = 0;           // a leaf's axes (inputs, parameters, state); 0 = no caps at all
  size_t max_param_floats = 0;
  // Every computed buffer together (activations, gradients, scratch), for
  // the whole chunk of rows: 2^30 floats, 4 GiB.
  static constexpr int64_t kMaxComputedFloats = int64_t{1} << 30;
};

class GraphBuilder {
 public:
  explicit GraphBuilder(uint64_t seed) : seed_(seed) {}

  // The batch's features (the first input) or any further batched input.
  // `grad`: compute the loss gradient with respect to it (gradient checks).
  int input(std::string name, Layout layout, bool grad = false);
  int target(Layout layout);
  // A learned parameter. Asking again for the same name returns the same
  // tensor (shared parameters); a different layout is a GraphError.
  int param(const std::string& name, Layout layout, InitSpec init, Span span = {});
  // The parameter already created under `name`, or -1.
  int find_param(const std::string& name) const;
  int constant(float v);
  // A constant row of values (a weighted loss's class weights): no gradient, never learned.
  int constant_row(std::vector<float> values);
  // Applies a kernel (registry name or "add", "sub", "mul", "div", "pow",
  // "neg", "matmul"). Throws GraphError with `span` on unknown names and
  // shapes that do not fit; `display` names the op in messages.
  int apply(std::string_view kernel, std::vector<int> args, std::vector<Attr> attrs = {}, Span span = {},
            std::string display = {});

  const Layout& layout(int id) const { return values_[static_cast<size_t>(id)].layout; }
  size_t param_count() const;
  // Roughly the multiply-adds one example costs forward: each op's outputs,
  // times what each parameter operand contributes to one output (its size
  // over its last axis: a matmul's inner dimension, a convolution's window
  // times channels). Not FLOPs to the digit; enough to tell which of two
  // configurations trains longer (the study's longest-first order).
  double work_per_example() const;

  // `loss`: a scalar (or one number per example, averaged over the batch);
  // -1 for a prediction-only executable. `prediction`: -1 for none.
  // `limits` caps a graph read from a file (exp predict); see BuildLimits.
  Executable build(int loss, int prediction, int64_t max_batch, BuildLimits limits = {});

 private:
  enum class Role : uint8_t { Input, Target, Param, Constant, Computed, Scratch, State };
  struct ValueSpec {
    Role role = Role::Computed;
    Layout layout;
    std::string name;
    float constant = 0;
    std::vector<float> constants;  // constant_row's values (else the scalar `constant`)
    bool input_grad = false;
    InitSpec init;
    std::vector<float> state_init;  // State: the starting value of each row
    Span span;
  };
  struct NodeSpec {
    const KernelDef* kernel = nullptr;
    KernelFn forward = nullptr, backward = nullptr;
    std::vector<int> args;
    int out = -1, scratch = -1, state = -1;
    bool rng = false;
    float attr[4] = {0, 0, 0, 0};
    uint32_t no_grad_mask = 0;
    std::string display;
    Span span;
    bool removed = false;
    enum class Fused : uint8_t { None, Affine, ConvBias };
    Fused fused = Fused::None;  // x @ W + b, or conv(x, K) + c
  };
  static ValueSpec value_spec(Role role, Layout layout, std::string name);
  int add_value(ValueSpec v);
  int add_state(const std::vector<int>& args, const Binding& b, Span span);
  // build()'s phases, in order (builder_fusion.cpp, builder_build.cpp).
  struct BuildPlan;
  void check_loss(int loss) const;
  std::vector<char> live_from(int root) const;
  void fuse(int loss, int prediction);
  void fuse_affine(const std::vector<int>& consumers_of);
  void fuse_affine_relu(const std::vector<int>& consumers_of);
  void plan_gradients(BuildPlan& plan) const;
  void plan_buffers(BuildPlan& plan) const;
  void check_limits(const BuildPlan& plan, BuildLimits limits) const;
  void place_tensors(Executable& exe, const BuildPlan& plan) const;
  void fill_leaf(Executable& exe, int id) const;
  void emit_nodes(Executable& exe, const BuildPlan& plan) const;

  uint64_t seed_;
  std::vector<ValueSpec> values_;
  std::vector<NodeSpec> nodes_;
  std::vector<int> producer_;  // value → node index, -1 for leaves
};

}  // namespace xp::rt
