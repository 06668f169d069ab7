// Finite-difference gradient checks: one line per op and argument layout.
// See gradcheck.h for the method and tolerances.
#include <doctest/doctest.h>

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
