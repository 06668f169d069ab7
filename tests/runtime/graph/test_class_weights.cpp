// class_weight: balanced — scikit-learn's weights from the training labels,
// and the weighted loss kernels' values (their gradients: test_gradients.cpp).
#include <doctest/doctest.h>

#include <cmath>

#include "runtime/graph/builder.h"
#include "runtime/metrics/class_weights.h"

using namespace xp::rt;

TEST_CASE("balanced class weights are n_samples / (n_classes · count)") {
  // sklearn: compute_class_weight("balanced", classes=[0, 1, 2], y=[0, 0, 0, 1, 2, 2]) = [2/3, 2, 1]
  auto w = balanced_class_weights({0, 0, 0, 1, 2, 2}, 3);
  REQUIRE(w.size() == 3);
  CHECK(w[0] == doctest::Approx(2.0 / 3));
  CHECK(w[1] == doctest::Approx(2.0));
  CHECK(w[2] == doctest::Approx(1.0));
  // Averaged over the rows they weigh, the weights are 1.
  double mean = (3 * w[0] + w[1] + 2 * w[2]) / 6;
  CHECK(mean == doctest::Approx(1.0));
  // A class absent from the training part: weight 1, never infinite.
  auto absent = balanced_class_weights({0, 0, 1}, 3);
  CHECK(absent[2] == 1.f);
  CHECK(balanced_class_weights({}, 0).empty());
}

TEST_CASE("the weighted cross-entropy scales each row's loss by its class's weight") {
  GraphBuilder g(1);
  int z = g.input("z", Layout::per_example(1, 3));
  int y = g.target(Layout::per_example(0, 1));
  int w = g.constant_row({0.5f, 2.f, 1.f});
  int plain = g.apply("cross_entropy", {z, y});
  int weighted = g.apply("cross_entropy", {z, y, w});
  int loss = g.apply("add", {plain, g.apply("mul", {weighted, g.constant(1000.f)})});
  Executable exe = g.build(loss, -1, 2);
  exe.set_rows(2);
  const float logits[] = {1, 0, -1, 0, 2, 0}, labels[] = {0, 1};
  std::copy(logits, logits + 6, exe.tensor(z).data);
  std::copy(labels, labels + 2, exe.tensor(y).data);
  const double total = exe.forward(true);
  auto ce = [](const float* row, int k) {
    double lse = std::log(std::exp(row[0]) + std::exp(row[1]) + std::exp(row[2]));
    return lse - row[k];
  };
  const double l0 = ce(logits, 0), l1 = ce(logits + 3, 1);
  const double expected_plain = (l0 + l1) / 2, expected_weighted = (0.5 * l0 + 2 * l1) / 2;
  CHECK(total == doctest::Approx(expected_plain + 1000 * expected_weighted).epsilon(1e-5));
}
