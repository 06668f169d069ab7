// GraphBuilder::work_per_example: the study's longest-first order compares
// configurations by it, so it must grow the way the arithmetic does — a
// matmul by its inner dimension, a convolution by its window and channels.
#include <doctest/doctest.h>

#include "runtime/graph/builder.h"
#include "tests/runtime/graph/gradcheck.h"

using namespace xp::rt;

namespace {

double mlp_work(int64_t hidden) {
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(1, 64));
  const int W1 = g.param("W1", Layout::matrix(64, hidden), testing::init_spec("zeros"));
  const int W2 = g.param("W2", Layout::matrix(hidden, 10), testing::init_spec("zeros"));
  const int h = g.apply("relu", {g.apply("matmul", {x, W1})});
  g.apply("matmul", {h, W2});
  return g.work_per_example();
}

double conv_work(int64_t kernel, int64_t filters) {
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(std::array<int64_t, 3>{8, 8, 3}));
  const int K = g.param("K", Layout::of({kernel, kernel, 3, filters}), testing::init_spec("zeros"));
  g.apply("conv2d", {x, K});
  return g.work_per_example();
}

}  // namespace

TEST_CASE("work per example: a matmul counts its inner dimension per output") {
  // 64·h multiply-adds for x @ W1 (h outputs, 64 each, plus one), h for the
  // relu, 10·h for the read-out (10 outputs, h each, plus one).
  CHECK(mlp_work(32) == doctest::Approx(32.0 * 65 + 32 + 10.0 * 33));
  CHECK(mlp_work(128) > 3.9 * mlp_work(32));
}

TEST_CASE("work per example: a convolution counts its window times the channels per output") {
  // 3 × 3 valid on 8 × 8: 6·6·f outputs, each 3·3·3 taps (plus one).
  CHECK(conv_work(3, 16) == doctest::Approx(6.0 * 6 * 16 * (27 + 1)));
  CHECK(conv_work(5, 16) > conv_work(3, 16));  // fewer outputs, each with a larger window
}
