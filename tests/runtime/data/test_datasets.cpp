// Shipped data sets and seeded generators (runtime/data/datasets.h, generators.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include <Eigen/QR>

#include "runtime/data/datasets.h"
#include "runtime/data/generators.h"

using namespace xp;
using namespace xp::rt;

namespace {
std::map<int, int> class_counts(const std::vector<int>& labels) {
  std::map<int, int> counts;
  for (int l : labels) ++counts[l];
  return counts;
}
}  // namespace

TEST_CASE("shipped data sets load with their documented shapes") {
  struct Expect { const char* name; size_t rows; int features; int classes; Task task; };
  const Expect expected[] = {
      {"iris", 150, 4, 3, Task::Classification},
      {"wine", 178, 13, 3, Task::Classification},
      {"breast_cancer", 569, 30, 2, Task::Classification},
      {"digits", 1797, 64, 10, Task::Classification},
      {"diabetes", 442, 10, 0, Task::Regression},
  };
  CHECK(shipped_datasets().size() == std::size(expected));
  for (const auto& e : expected) {
    CAPTURE(e.name);
    const ShippedDataset* d = find_shipped_dataset(e.name);
    REQUIRE(d);
    Diagnostics diags;
    auto t = load_shipped_dataset(*d, {}, diags);
    REQUIRE(t);
    CHECK_FALSE(diags.has_errors());
    CHECK(t->all.rows() == e.rows);
    CHECK(t->info.features() == e.features);
    CHECK(t->info.classes() == e.classes);
    CHECK(t->info.task == e.task);
    CHECK(t->info.target_name == std::string(d->target));
    CHECK(t->all.X.allFinite());
  }
}

TEST_CASE("shipped data sets: class names and balance") {
  Diagnostics diags;
  auto iris = load_shipped_dataset(*find_shipped_dataset("iris"), {}, diags);
  REQUIRE(iris);
  CHECK(iris->info.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(class_counts(iris->all.labels) == std::map<int, int>{{0, 50}, {1, 50}, {2, 50}});

  auto wine = load_shipped_dataset(*find_shipped_dataset("wine"), {}, diags);
  REQUIRE(wine);
  CHECK(wine->info.class_names == std::vector<std::string>{"0", "1", "2"});
  CHECK(class_counts(wine->all.labels) == std::map<int, int>{{0, 59}, {1, 71}, {2, 48}});

  auto cancer = load_shipped_dataset(*find_shipped_dataset("breast_cancer"), {}, diags);
  REQUIRE(cancer);
  CHECK(cancer->info.class_names == std::vector<std::string>{"benign", "malignant"});
  CHECK(class_counts(cancer->all.labels) == std::map<int, int>{{0, 357}, {1, 212}});

  auto diabetes = load_shipped_dataset(*find_shipped_dataset("diabetes"), {}, diags);
  REQUIRE(diabetes);
  CHECK(diabetes->all.Y.minCoeff() == 25.0f);
  CHECK(diabetes->all.Y.maxCoeff() == 346.0f);
  CHECK_FALSE(find_shipped_dataset("mnist"));
}

TEST_CASE("generators: shapes, labels and determinism") {
  struct Expect { const char* name; std::map<std::string, double> options; size_t features; int classes; };
  const Expect expected[] = {
      {"moons", {{"n", 101}}, 2, 2},
      {"circles", {{"n", 100}}, 2, 2},
      {"blobs", {{"n", 90}, {"centers", 4}, {"features", 3}}, 3, 4},
      {"spirals", {{"n", 99}, {"arms", 3}}, 2, 3},
      {"xor", {{"n", 100}}, 2, 2},
      {"regression", {{"n", 50}, {"features", 7}}, 7, 0},
      {"friedman1", {{"n", 50}}, 10, 0},
  };
  for (const auto& e : expected) {
    CAPTURE(e.name);
    REQUIRE(is_generator(e.name));
    Table a = generate(e.name, e.options, 7);
    Table b = generate(e.name, e.options, 7);
    Table c = generate(e.name, e.options, 8);
    size_t n = static_cast<size_t>(e.options.at("n"));
    CHECK(a.all.rows() == n);
    CHECK(static_cast<size_t>(a.all.X.cols()) == e.features);
    CHECK(a.info.classes() == e.classes);
    CHECK(a.info.features() == static_cast<int>(e.features));
    CHECK(a.all.X == b.all.X);  // same seed → identical data
    CHECK(a.all.Y == b.all.Y);
    CHECK(a.all.X != c.all.X);  // another seed → other data
    CHECK(a.all.X.allFinite());
    if (e.classes > 0) {
      CHECK(a.info.task == Task::Classification);
      auto counts = class_counts(a.all.labels);
      CHECK(counts.size() == static_cast<size_t>(e.classes));
      // Balanced: class sizes differ by at most one.
      auto [lo, hi] = std::minmax_element(counts.begin(), counts.end(),
                                          [](const auto& x, const auto& y) { return x.second < y.second; });
      CHECK(hi->second - lo->second <= 1);
    } else {
      CHECK(a.info.task == Task::Regression);
      CHECK(a.all.labels.empty());
    }
  }
}

TEST_CASE("generators follow their formulas") {
  SUBCASE("noise-free moons lie on their half circles") {
    Table t = generate("moons", {{"n", 40}, {"noise", 0}}, 1);
    for (Eigen::Index i = 0; i < t.all.X.rows(); ++i) {
      double x = t.all.X(i, 0), y = t.all.X(i, 1);
      double r = t.all.labels[static_cast<size_t>(i)] == 0 ? std::hypot(x, y) : std::hypot(x - 1, y - 0.5);
      CHECK(r == doctest::Approx(1.0).epsilon(1e-5));
    }
  }
  SUBCASE("noise-free circles have radius 1 and factor") {
    Table t = generate("circles", {{"n", 40}, {"noise", 0}, {"factor", 0.3}}, 1);
    for (Eigen::Index i = 0; i < t.all.X.rows(); ++i) {
      double r = std::hypot(t.all.X(i, 0), t.all.X(i, 1));
      CHECK(r == doctest::Approx(t.all.labels[static_cast<size_t>(i)] == 0 ? 1.0 : 0.3).epsilon(1e-5));
    }
  }
  SUBCASE("xor labels are the XOR of the coordinate signs") {
    Table t = generate("xor", {{"n", 200}, {"noise", 0.1}}, 3);
    for (Eigen::Index i = 0; i < t.all.X.rows(); ++i) {
      bool x = t.all.X(i, 0) > 0, y = t.all.X(i, 1) > 0;
      CHECK(t.all.labels[static_cast<size_t>(i)] == (x != y ? 1 : 0));
    }
  }
  SUBCASE("noise-free friedman1 matches the published formula") {
    Table t = generate("friedman1", {{"n", 20}, {"features", 6}}, 5);
    for (Eigen::Index i = 0; i < t.all.X.rows(); ++i) {
      auto x = [&](int j) { return static_cast<double>(t.all.X(i, j)); };
      CHECK(x(5) >= 0);
      CHECK(x(5) < 1);
      double y = 10 * std::sin(M_PI * x(0) * x(1)) + 20 * (x(2) - 0.5) * (x(2) - 0.5) + 10 * x(3) + 5 * x(4);
      CHECK(t.all.Y(i, 0) == doctest::Approx(y).epsilon(1e-5));
    }
  }
  SUBCASE("noise-free regression is exactly linear") {
    Table t = generate("regression", {{"n", 30}, {"features", 3}, {"noise", 0}, {"bias", 2}}, 9);
    // Solve for the weights by least squares and check the residual is ~0.
    Eigen::MatrixXd A(30, 4);
    Eigen::VectorXd y(30);
    for (int i = 0; i < 30; ++i) {
      for (int j = 0; j < 3; ++j) A(i, j) = t.all.X(i, j);
      A(i, 3) = 1;
      y(i) = t.all.Y(i, 0);
    }
    Eigen::VectorXd w = A.colPivHouseholderQr().solve(y);
    CHECK((A * w - y).norm() < 1e-3 * y.norm());
    CHECK(w(3) == doctest::Approx(2.0).epsilon(1e-3));
  }
}
