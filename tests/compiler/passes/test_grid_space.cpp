// Grid search checked per study (compiler/passes/grid_space.cpp): a study
// lists only the hypers its own model reads, and `count = N` spaces a
// continuous range, as the runtime's grid sampler does.
#include <doctest/doctest.h>

#include "tests/compiler/compile_errors.h"

using xp::test::compile_errors;
using Errors = std::vector<std::string>;

namespace {

// Two models on iris: `a` reads the loguniform `lr`, `b` the choice `width`.
std::string two_studies(const std::string& tune_a, const std::string& tune_b) {
  return "data iris = iris\n"
         "split iris { train: 0.6, val: 0.2, test: 0.2 }\n"
         "hyper lr ~ loguniform(1e-3, 1e-1)\n"
         "hyper width ~ choice(2, 4)\n"
         "model a(x: [F]) -> [C] {\n  param W: [F, C] ~ glorot\n  return x @ W\n}\n"
         "model b(x: [F]) -> [C] {\n  param W: [F, width] ~ glorot\n  param V: [width, C] ~ glorot\n"
         "  return relu(x @ W) @ V\n}\n"
         "train a on iris {\n  loss = cross_entropy(a(x), y)\n  optimizer = sgd(lr)\n}\n"
         "train b on iris {\n  loss = cross_entropy(b(x), y)\n}\n"
         "tune a {\n" + tune_a + "\n}\n"
         "tune b {\n" + tune_b + "\n}\n";
}

}  // namespace

TEST_CASE("grid search lists only the hypers of its own study") {
  CHECK(compile_errors(two_studies("  method = tpe", "  method = grid")).empty());
  CHECK(compile_errors(two_studies("  method = grid", "  method = tpe")) ==
        Errors{"E0505@loguniform(1e-3, 1e-1)"});
}

TEST_CASE("grid search spaces a continuous range by the block's count") {
  CHECK(compile_errors(two_studies("  method = grid\n  count = 3", "  method = grid")).empty());
  CHECK(compile_errors(two_studies("  method = grid\n  count = 2e6", "  method = tpe")) ==
        Errors{"E0516@loguniform(1e-3, 1e-1)"});
}

TEST_CASE("grid search counts the points of every hyper its study reads") {
  std::string text = "data iris = iris\n"
                     "split iris { train: 0.6, val: 0.2, test: 0.2 }\n"
                     "hyper a ~ int(1, 2000)\nhyper b ~ int(1, 2000)\n"
                     "model m(x: [F]) -> [C] {\n  param W: [F, C] ~ glorot\n  return x @ W\n}\n"
                     "train m on iris {\n  loss = cross_entropy(m(x), y)\n  epochs = a\n  batch = b\n}\n"
                     "tune m {\n  method = grid\n}\n";
  CHECK(compile_errors(text) == Errors{"E0516@grid"});
}
