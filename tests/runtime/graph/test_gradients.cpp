// Finite-difference gradient checks: one line per op and argument layout.
// See gradcheck.h for the method and tolerances.
#include <cmath>

#include <doctest/doctest.h>

#include "runtime/graph/builder.h"
#include "tests/runtime/graph/gradcheck.h"

using namespace xp::rt;
using namespace xp::rt::testing;

namespace {
void expect_gradients(const std::string& kernel, std::vector<ArgSpec> args, std::vector<Attr> attrs = {},
                      int64_t classes = 0) {
  GradcheckResult r = gradcheck(kernel, std::move(args), std::move(attrs), classes);
  INFO(kernel << ": checked " << r.checked << ", skipped " << r.skipped << ", worst " << r.worst << "\n" << r.report);
  CHECK(r.ok);
}
}  // namespace

TEST_CASE("gradients: activations") {
  for (const char* k : {"relu", "tanh", "sigmoid", "softplus", "gelu", "identity", "exp", "abs", "neg"}) {
    SUBCASE(k) {
      expect_gradients(k, {batched(4)});
      expect_gradients(k, {matrix(2, 3)});
    }
  }
  expect_gradients("leaky_relu", {batched(4)});
  expect_gradients("leaky_relu", {batched(4)}, {{"alpha", 0.2}});
  expect_gradients("elu", {batched(4)});
  expect_gradients("elu", {batched(4)}, {{"alpha", 0.5}});
  expect_gradients("log", {batched(4, Domain::Positive)});
  expect_gradients("sqrt", {batched(4, Domain::Positive)});
}

TEST_CASE("gradients: broadcasting arithmetic") {
  for (const char* k : {"add", "sub", "mul"}) {
    SUBCASE(k) {
      expect_gradients(k, {batched(4), batched(4)});
      expect_gradients(k, {batched(4), row(4)});
      expect_gradients(k, {row(4), batched(4)});
      expect_gradients(k, {batched(4), scalar()});
      expect_gradients(k, {scalar(), batched(4)});
      expect_gradients(k, {batched_scalar(), row(4)});
      expect_gradients(k, {batched(4), batched_scalar()});
      expect_gradients(k, {matrix(3, 4), row(4)});
      expect_gradients(k, {matrix(3, 4), matrix(3, 1)});
      expect_gradients(k, {scalar(), scalar()});
    }
  }
  expect_gradients("div", {batched(4), batched(4, Domain::Positive)});
  expect_gradients("div", {batched(4), row(4, Domain::Positive)});
  expect_gradients("div", {scalar(), batched(4, Domain::Positive)});
  expect_gradients("pow", {batched(4, Domain::Positive), batched(4)});
  expect_gradients("pow", {batched(4, Domain::Positive), scalar()});
  expect_gradients("pow", {matrix(2, 3, Domain::Positive), row(3)});
}

TEST_CASE("gradients: products and concat") {
  expect_gradients("matmul", {batched(4), matrix(4, 3)});
  expect_gradients("matmul", {batched(4), row(4)});
  expect_gradients("matmul", {matrix(2, 4), matrix(4, 3)});
  expect_gradients("matmul", {row(4), matrix(4, 3)});
  expect_gradients("matmul", {matrix(2, 4), row(4)});
  // A right operand that depends on the batch (W @ x, v @ x, x @ x): `exp
  // check` accepts these, and the runtime refused them (E0700) before.
  expect_gradients("matmul", {matrix(3, 4), batched(4)});
  expect_gradients("matmul", {row(4), batched(4)});
  expect_gradients("matmul", {batched(4), batched(4)});
  expect_gradients("concat", {batched(3), batched(2)});
  expect_gradients("concat", {batched(3), row(2), batched_scalar()});
  expect_gradients("concat", {matrix(2, 3), matrix(2, 2)});
}

TEST_CASE("gradients: reductions and softmax") {
  for (const char* k : {"sum", "mean", "max"}) {
    SUBCASE(k) {
      expect_gradients(k, {batched(4)});
      expect_gradients(k, {row(4)});
      expect_gradients(k, {matrix(3, 4)});
      expect_gradients(k, {matrix(3, 4)}, {{"axis", 0}});
      expect_gradients(k, {matrix(3, 4)}, {{"axis", 1}});
      expect_gradients(k, {matrix(3, 4)}, {{"axis", -1}});
    }
  }
  expect_gradients("softmax", {batched(5)});
  expect_gradients("softmax", {matrix(2, 5)});
  expect_gradients("log_softmax", {batched(5)});
  expect_gradients("log_softmax", {matrix(2, 5)});
}

TEST_CASE("gradients: losses") {
  expect_gradients("cross_entropy", {batched(5), labels()}, {}, 5);
  expect_gradients("cross_entropy", {batched(5), batched(5, Domain::Distribution)});
  expect_gradients("binary_cross_entropy", {batched_scalar(), batched_scalar(Domain::Binary)});
  expect_gradients("binary_cross_entropy", {batched(3), batched(3, Domain::Binary)});
  // class_weight: balanced — one positive weight per class, a constant (never differentiated).
  const ArgSpec class_weights5{Layout::row(5), Domain::Positive, false}, class_weights2{Layout::row(2), Domain::Positive, false};
  expect_gradients("cross_entropy", {batched(5), labels(), class_weights5}, {}, 5);
  expect_gradients("cross_entropy", {batched(5), batched(5, Domain::Distribution), class_weights5});
  expect_gradients("binary_cross_entropy", {batched_scalar(), batched_scalar(Domain::Binary), class_weights2});
  expect_gradients("binary_cross_entropy", {batched(3), batched(3), class_weights2});  // soft labels: ∂ℓ/∂y too
  expect_gradients("mse", {batched(3), batched(3)});
  expect_gradients("mse", {batched(3), scalar()});
  expect_gradients("mae", {batched(3), batched(3)});
  expect_gradients("huber", {batched(3), batched(3)});
  expect_gradients("huber", {batched(3), batched(3)}, {{"delta", 0.3}});
  expect_gradients("hinge", {batched_scalar(), batched_scalar(Domain::Binary)});
}

TEST_CASE("gradients: penalties") {
  for (const char* k : {"l1", "l2"}) {
    SUBCASE(k) {
      expect_gradients(k, {matrix(3, 4)});
      expect_gradients(k, {matrix(3, 4), row(4)});
      expect_gradients(k, {batched(4)});
    }
  }
}


TEST_CASE("gradients: images (conv2d, pooling, flatten, broadcasting over channels)") {
  expect_gradients("conv2d", {image(5, 5, 2), tensor({3, 3, 2, 3})});
  expect_gradients("conv2d", {image(6, 5, 2), tensor({3, 3, 2, 2})}, {{"stride", 2}});
  expect_gradients("conv2d", {image(5, 5, 2), tensor({3, 3, 2, 2})}, {{"padding", 1}});             // same
  expect_gradients("conv2d", {image(6, 6, 1), tensor({2, 2, 1, 2})}, {{"stride", 2}, {"padding", 1}});
  expect_gradients("conv2d", {image(4, 4, 3), tensor({1, 1, 3, 2})});
  expect_gradients("max_pool", {image(4, 4, 2)});
  expect_gradients("max_pool", {image(5, 5, 2)}, {{"size", 3}, {"stride", 1}});
  expect_gradients("avg_pool", {image(4, 6, 2)});
  expect_gradients("avg_pool", {image(5, 5, 1)}, {{"size", 2}, {"stride", 3}});
  expect_gradients("global_avg_pool", {image(3, 4, 2)});
  expect_gradients("flatten", {image(2, 3, 2)});
  for (const char* k : {"add", "sub", "mul"}) {
    SUBCASE(k) {
      expect_gradients(k, {image(2, 3, 4), row(4)});
      expect_gradients(k, {row(4), image(2, 3, 4)});
      expect_gradients(k, {image(2, 3, 4), image(2, 3, 4)});
      expect_gradients(k, {image(2, 3, 4), scalar()});
      expect_gradients(k, {image(2, 3, 4), batched_scalar()});
    }
  }
  expect_gradients("relu", {image(3, 3, 2)});
}

TEST_CASE("gradients: reshape") {
  expect_gradients("reshape", {batched(12)}, {{"dim", 2}, {"dim", 3}, {"dim", 2}});
  expect_gradients("reshape", {image(2, 3, 2)}, {{"dim", 12}});
}

namespace {
ArgSpec sequence(int64_t t, int64_t d, Domain dom = Domain::Any) {
  const int64_t dims[] = {t, d};
  return {Layout::per_example(dims), dom};
}
ArgSpec per_example(std::initializer_list<int64_t> dims, Domain dom = Domain::Any) {
  return {Layout::per_example(std::span<const int64_t>(dims.begin(), dims.size())), dom};
}
}  // namespace

TEST_CASE("gradients: softmax and reductions along any axis") {
  for (const char* k : {"softmax", "log_softmax"}) {
    SUBCASE(k) {
      expect_gradients(k, {sequence(3, 4)});                               // the last axis
      expect_gradients(k, {sequence(3, 4)}, {{"axis", 0}});                // along the sequence
      expect_gradients(k, {per_example({2, 3, 4})}, {{"axis", 1}});
      expect_gradients(k, {per_example({2, 3, 4})}, {{"axis", -3}});
      expect_gradients(k, {matrix(3, 4)}, {{"axis", 0}});
    }
  }
  for (const char* k : {"sum", "mean", "max"}) {
    SUBCASE(k) {
      expect_gradients(k, {sequence(3, 4)}, {{"axis", 0}});
      expect_gradients(k, {sequence(3, 4)}, {{"axis", 1}});
      expect_gradients(k, {per_example({2, 3, 4})}, {{"axis", 1}});
    }
  }
}

TEST_CASE("gradients: transpose and permute") {
  expect_gradients("transpose", {sequence(3, 4)});
  expect_gradients("transpose", {per_example({2, 3, 4})});
  expect_gradients("transpose", {matrix(3, 4)});
  expect_gradients("permute", {per_example({2, 3, 4})}, {{"axis", 1}, {"axis", 0}, {"axis", 2}});
  expect_gradients("permute", {per_example({2, 3, 4})}, {{"axis", 2}, {"axis", 0}, {"axis", 1}});
  expect_gradients("permute", {matrix(3, 4)}, {{"axis", 1}, {"axis", 0}});
}

TEST_CASE("gradients: @ over leading axes") {
  expect_gradients("matmul", {sequence(3, 4), matrix(4, 2)});                 // one GEMM over every row
  expect_gradients("matmul", {sequence(3, 4), row(4)});
  expect_gradients("matmul", {per_example({2, 3, 4}), matrix(4, 2)});
  expect_gradients("matmul", {sequence(3, 4), sequence(4, 2)});               // per example
  expect_gradients("matmul", {sequence(3, 4), batched(4)});
  expect_gradients("matmul", {matrix(2, 3), sequence(3, 4)});                 // a shared left operand
  expect_gradients("matmul", {sequence(3, 4), tensor({2, 4, 5})});            // heads: [h, d, e] shared
  expect_gradients("matmul", {per_example({2, 3, 4}), per_example({2, 4, 3})});
  expect_gradients("matmul", {per_example({2, 3, 4}), tensor({2, 4, 5})});
}

TEST_CASE("gradients: an unbatched table of the trailing axes broadcast over examples") {
  for (const char* k : {"add", "sub", "mul"}) {
    SUBCASE(k) {
      expect_gradients(k, {sequence(3, 4), matrix(3, 4)});  // a position table [t, d]
      expect_gradients(k, {matrix(3, 4), sequence(3, 4)});
      expect_gradients(k, {per_example({2, 3, 4}), matrix(3, 4)});
    }
  }
}

TEST_CASE("gradients: layer_norm") {
  expect_gradients("layer_norm", {batched(5), row(5), row(5)});
  expect_gradients("layer_norm", {sequence(3, 4), row(4), row(4)});
  expect_gradients("layer_norm", {sequence(3, 4), row(4), row(4)}, {{"eps", 0.1}});
}

TEST_CASE("gradients: attention (plain, causal, padding mask, heads)") {
  expect_gradients("attention", {sequence(3, 4), sequence(3, 4), sequence(3, 2)});
  expect_gradients("attention", {sequence(3, 4), sequence(5, 4), sequence(5, 2)});
  expect_gradients("attention", {sequence(4, 3), sequence(4, 3), sequence(4, 3)}, {{"causal", 1}});
  ArgSpec mask = batched(4, Domain::Binary);
  mask.differentiate = false;
  expect_gradients("attention", {sequence(2, 3), sequence(4, 3), sequence(4, 2), mask});
  expect_gradients("attention", {per_example({2, 3, 4}), per_example({2, 3, 4}), per_example({2, 3, 2})}, {{"causal", 1}});
}

TEST_CASE("gradients: masked_mean (0/1 masks, token ids, all masked)") {
  ArgSpec mask = batched(4, Domain::Binary);
  mask.differentiate = false;
  expect_gradients("masked_mean", {sequence(4, 3), mask});
  expect_gradients("masked_mean", {batched(4), mask});                  // [T] → a number per example
  expect_gradients("masked_mean", {per_example({4, 2, 3}), mask});      // [T, h, d] → [h, d]
}

namespace {
// A product the builder fuses a bias into: conv2d / conv1d of x with a
// filter bank, or x @ W over a sequence; 3 output channels.
struct BiasCase {
  const char* op;
  ArgSpec x, K;
  std::vector<Attr> attrs;
};
const BiasCase kBiasCases[] = {
    {"conv2d", image(5, 5, 2), tensor({3, 3, 2, 3}), {}},
    {"conv2d", image(6, 5, 2), tensor({3, 3, 2, 3}), {{"stride", 2}, {"padding", 1}}},
    {"conv2d", image(7, 7, 1), tensor({3, 3, 1, 3}), {{"dilation", 2}}},
    {"conv1d", sequence(7, 2), tensor({3, 2, 3}), {{"padding", 1}}},
    {"matmul", sequence(4, 5), matrix(5, 3), {}},
};

InitSpec normal_init(double std) {
  InitSpec s;
  s.fn = "normal";
  s.args = {{"std", std}};
  return s;
}

// loss = Σ flatten(relu?(op(x, K) + c)) ⊙ W. With `apart`, the
// pre-activation (relu) or the product (no relu) is also the prediction: a
// second reader, so the builder leaves that fusion undone. Returns the
// loss and the gradients of x, K and c after one step.
std::vector<std::vector<float>> bias_step(const BiasCase& t, bool relu, bool apart, size_t* ops) {
  GraphBuilder g(5);
  const int x = g.input("x", t.x.layout, true);
  const int K = g.param("K", t.K.layout, normal_init(0.5));
  const int c = g.param("c", Layout::row(3), normal_init(0.5));
  const int prod = g.apply(t.op, {x, K}, t.attrs);
  const int pre = g.apply("add", {prod, c});
  const int y = g.apply("flatten", {relu ? g.apply("relu", {pre}) : pre});
  const int W = g.param("W", Layout::row(g.layout(y).cols), normal_init(1.0));
  const int loss = g.apply("sum", {g.apply("mul", {y, W})});
  Executable exe = g.build(loss, apart ? (relu ? pre : prod) : -1, 3);
  exe.set_rows(3);
  Tensor& xt = exe.tensor(x);
  for (int64_t i = 0; i < 3 * xt.layout.cols; ++i) xt.data[i] = std::sin(0.37f * static_cast<float>(i));
  std::vector<std::vector<float>> out = {{static_cast<float>(exe.forward(true))}};
  exe.backward();
  for (const int id : {x, K, c}) {
    const Tensor& v = exe.tensor(id);
    out.emplace_back(v.grad, v.grad + (v.layout.batched ? 3 : v.layout.rows) * v.layout.cols);
  }
  *ops = exe.op_count();
  return out;
}
}  // namespace

TEST_CASE("gradients: conv + bias and a sequence's x @ W + b, fused into one node") {
  // The builder fuses conv(x, K) + c and x @ W + b (c, b one number per
  // output channel) into one node (builder_fusion.cpp). The check adds
  // flatten, mul and sum: 4 nodes.
  for (const BiasCase& t : kBiasCases) {
    CAPTURE(t.op);
    const GradcheckResult r =
        gradcheck_composite(t.op, {t.x, t.K, row(3)}, [&](GraphBuilder& g, const std::vector<int>& ids) {
          return g.apply("add", {g.apply(t.op, {ids[0], ids[1]}, t.attrs), ids[2]});
        });
    INFO("checked " << r.checked << ", skipped " << r.skipped << ", worst " << r.worst << "\n" << r.report);
    CHECK(r.ok);
    CHECK(r.ops == 4);
  }
}

TEST_CASE("gradients: relu(conv + bias) and relu(x @ W + b) fused or not, the same numbers") {
  // Finite differences through relu of a 3 × 3 window's sum meet kinks
  // every few elements (gradcheck.h), so the fused relu is checked against
  // the unfused nodes instead: the same loss and the same gradients, to the
  // last bit, with relu and the bias each fused or apart.
  for (const BiasCase& t : kBiasCases)
    for (const bool relu : {false, true}) {
      CAPTURE(t.op);
      CAPTURE(relu);
      size_t fused_ops = 0, apart_ops = 0;
      const auto fused = bias_step(t, relu, false, &fused_ops);
      const auto apart = bias_step(t, relu, true, &apart_ops);
      CHECK(fused_ops == 4);
      CHECK(apart_ops == 5);
      CHECK(fused == apart);
    }
}

TEST_CASE("gradients: conv2d and max_pool adding to a gradient another consumer wrote") {
  // Backward runs in reverse recording order: the consumer recorded last
  // writes x's gradient, the earlier one adds to it (builder_build.cpp).
  auto check = [](const char* what, ArgSpec x, std::vector<ArgSpec> more, const Composite& f) {
    std::vector<ArgSpec> args = {std::move(x)};
    args.insert(args.end(), more.begin(), more.end());
    const GradcheckResult r = gradcheck_composite(what, args, f);
    INFO(what << ": checked " << r.checked << ", skipped " << r.skipped << ", worst " << r.worst << "\n" << r.report);
    CHECK(r.ok);
  };
  check("conv2d, then x added", image(5, 5, 2), {tensor({3, 3, 2, 2})}, [](GraphBuilder& g, const std::vector<int>& a) {
    const int conv = g.apply("conv2d", {a[0], a[1]}, {{"padding", 1}});
    return g.apply("add", {conv, a[0]});
  });
  check("x squared, then conv2d", image(5, 5, 2), {tensor({3, 3, 2, 2})}, [](GraphBuilder& g, const std::vector<int>& a) {
    const int sq = g.apply("mul", {a[0], a[0]});
    return g.apply("add", {sq, g.apply("conv2d", {a[0], a[1]}, {{"padding", 1}})});
  });
  for (const bool max_first : {true, false})
    check(max_first ? "max_pool adds" : "max_pool writes", image(4, 4, 2), {},
          [max_first](GraphBuilder& g, const std::vector<int>& a) {
            const int first = g.apply(max_first ? "max_pool" : "avg_pool", {a[0]});
            const int second = g.apply(max_first ? "avg_pool" : "max_pool", {a[0]});
            return g.apply("add", {first, second});
          });
}

TEST_CASE("gradients: conv1d and dilation") {
  expect_gradients("conv1d", {sequence(7, 2), tensor({3, 2, 3})});
  expect_gradients("conv1d", {sequence(8, 2), tensor({3, 2, 2})}, {{"stride", 2}});
  expect_gradients("conv1d", {sequence(7, 2), tensor({3, 2, 2})}, {{"padding", 1}});
  expect_gradients("conv1d", {sequence(9, 1), tensor({3, 1, 2})}, {{"dilation", 2}});
  expect_gradients("conv1d", {sequence(9, 2), tensor({2, 2, 2})}, {{"dilation", 3}, {"padding", 1}});
  expect_gradients("conv2d", {image(7, 7, 1), tensor({3, 3, 1, 2})}, {{"dilation", 2}});
  expect_gradients("conv2d", {image(6, 6, 2), tensor({2, 2, 2, 2})}, {{"dilation", 2}, {"stride", 2}, {"padding", 1}});
}

TEST_CASE("gradients: batch_norm (training: batch statistics)") {
  expect_gradients("batch_norm", {batched(4), row(4), row(4)});
  expect_gradients("batch_norm", {sequence(3, 4), row(4), row(4)});
  expect_gradients("batch_norm", {image(2, 2, 3), row(3), row(3)}, {{"momentum", 0.5}});
}

TEST_CASE("gradients: gather (an embedding table at token ids)") {
  // ids in [0, 5) for a table of 5 rows; a batch of 4 sequences of 6 ids
  // repeats ids, so a row's gradient sums several positions.
  expect_gradients("gather", {tensor({5, 3}), {Layout::per_example(1, 6), Domain::Labels, false}}, {}, 5);
  expect_gradients("gather", {tensor({7, 1}), {Layout::per_example(1, 2), Domain::Labels, false}}, {}, 7);
}
