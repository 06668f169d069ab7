#pragma once
// Finite-difference gradient checks for the graph kernels, one line per op:
//
//   CHECK(gradcheck("tanh", {batched(4)}).ok);
//
// Each argument becomes a leaf that needs a gradient (batched arguments an
// input, unbatched ones a parameter), filled with random values from its
// domain. A non-scalar result r is reduced to the loss mean_batch(sum(r ⊙ R))
// with fixed random weights R, so every output element matters with a
// different weight. The kernels compute in float, so the check uses a
// central difference with a step of 1e-2 (truncation error ~1e-5 for the
// smooth ops here, rounding error ~1e-5) and a tolerance of
// 2e-3 + 2e-2·|g|. Elements within a step of a kink (relu at 0, the max of
// near-ties, |r| = δ in huber) are detected by one-sided differences that
// disagree, and skipped; a check fails if more than half were skipped.
#include <functional>
#include <string>
#include <vector>

#include "runtime/graph/builder.h"
#include "runtime/graph/kernel.h"

namespace xp::rt::testing {

// An initializer by name ("zeros", "normal" with {{"std", 1.0}}), for graphs built by hand.
InitSpec init_spec(std::string fn, std::vector<std::pair<std::string, double>> args = {});

enum class Domain { Any, Positive, Labels, Binary, Distribution };

struct ArgSpec {
  Layout layout;
  Domain domain = Domain::Any;
  bool differentiate = true;  // false: a constant input (class labels)
};
inline ArgSpec batched(int64_t cols, Domain d = Domain::Any) { return {Layout::per_example(1, cols), d}; }
inline ArgSpec batched_scalar(Domain d = Domain::Any) { return {Layout::per_example(0, 1), d}; }
inline ArgSpec row(int64_t cols, Domain d = Domain::Any) { return {Layout::row(cols), d}; }
inline ArgSpec matrix(int64_t r, int64_t c, Domain d = Domain::Any) { return {Layout::matrix(r, c), d}; }
inline ArgSpec scalar(Domain d = Domain::Any) { return {Layout::scalar(), d}; }
// A batched per-example image [h, w, c] and an unbatched tensor of any rank (filters [k, k, c, f]).
inline ArgSpec image(int64_t h, int64_t w, int64_t c, Domain d = Domain::Any) {
  const int64_t dims[] = {h, w, c};
  return {Layout::per_example(dims), d};
}
inline ArgSpec tensor(std::initializer_list<int64_t> dims, Domain d = Domain::Any) { return {Layout::of(dims), d}; }
// Class indices in [0, label_classes) (see gradcheck), never differentiated.
inline ArgSpec labels() { return {Layout::per_example(0, 1), Domain::Labels, false}; }

struct GradcheckResult {
  bool ok = true;
  int checked = 0;
  int skipped = 0;
  double worst = 0;       // largest |analytic − numeric| seen
  std::string report;     // first failures, for the test log
  size_t ops = 0;         // nodes of the built loss graph (after the builder's fusions)
};

GradcheckResult gradcheck(const std::string& kernel, std::vector<ArgSpec> args, std::vector<Attr> attrs = {},
                          int64_t label_classes = 0, uint64_t seed = 7);

// The same check of a small composite that `apply` records on the builder
// from the arguments' ids, returning its result — built as training builds
// it, so the builder's fusions apply (relu(conv2d(x, K) + c) is one node).
using Composite = std::function<int(GraphBuilder&, const std::vector<int>&)>;
GradcheckResult gradcheck_composite(const std::string& what, std::vector<ArgSpec> args, const Composite& apply,
                                    uint64_t seed = 7);

}  // namespace xp::rt::testing
