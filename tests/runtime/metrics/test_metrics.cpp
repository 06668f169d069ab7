// Metrics against hand-computed values (runtime/metrics/metrics.h).
#include <doctest/doctest.h>

#include <cmath>

#include "runtime/metrics/metrics.h"
#include "stdlib/builtins.h"

using namespace xp;
using namespace xp::rt;

namespace {
Part labelled(std::vector<int> labels) {
  Part p;
  p.X.resize(static_cast<Eigen::Index>(labels.size()), 1);
  p.X.setZero();
  p.Y.resize(static_cast<Eigen::Index>(labels.size()), 1);
  for (size_t i = 0; i < labels.size(); ++i) p.Y(static_cast<Eigen::Index>(i), 0) = static_cast<float>(labels[i]);
  p.labels = std::move(labels);
  return p;
}
Matrix rows(std::initializer_list<std::initializer_list<float>> values) {
  Matrix m(static_cast<Eigen::Index>(values.size()), static_cast<Eigen::Index>(values.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& r : values) {
    Eigen::Index j = 0;
    for (float v : r) m(i, j++) = v;
    ++i;
  }
  return m;
}
}  // namespace

TEST_CASE("metrics: multi-class with a class never predicted") {
  // truth 0 1 2 2 1; argmax 0 2 2 2 0 — class 1 is never predicted.
  Matrix z = rows({{2, 0, 0}, {0, 0, 1}, {0, 0, 3}, {1, 0, 2}, {1, 0, 0}});
  Part p = labelled({0, 1, 2, 2, 1});
  auto C = Task::Classification;
  CHECK(predicted_classes(z) == std::vector<int>{0, 2, 2, 2, 0});
  CHECK(metric("accuracy", z, p, C) == doctest::Approx(0.6));
  // Per class P/R: c0 1/2, 1; c1 0, 0; c2 2/3, 1.
  CHECK(metric("precision", z, p, C) == doctest::Approx((0.5 + 0 + 2.0 / 3) / 3));
  CHECK(metric("recall", z, p, C) == doctest::Approx(2.0 / 3));
  // F1 per class: 2/3, 0, 0.8.
  CHECK(metric("f1", z, p, C) == doctest::Approx((2.0 / 3 + 0 + 0.8) / 3));
  // −mean log softmax(z)[y]; the same value scikit-learn's log_loss gives.
  CHECK(metric("log_loss", z, p, C) == doctest::Approx(0.7689926229902655));
  auto cm = confusion(z, p, 3);
  CHECK(cm == std::vector<std::vector<int64_t>>{{1, 0, 0}, {1, 0, 1}, {0, 0, 2}});
}

TEST_CASE("metrics: a binary model with one logit") {
  Matrix z = rows({{-1}, {2}, {0.5f}, {-0.2f}});
  Part p = labelled({0, 1, 0, 0});
  CHECK(predicted_classes(z) == std::vector<int>{0, 1, 1, 0});
  CHECK(metric("accuracy", z, p, Task::Classification) == doctest::Approx(0.75));
  double expected = (std::log1p(std::exp(-1.0)) + std::log1p(std::exp(-2.0)) + std::log1p(std::exp(0.5)) +
                     std::log1p(std::exp(-0.2))) / 4;
  CHECK(metric("log_loss", z, p, Task::Classification) == doctest::Approx(expected));
  CHECK(metric("auc", z, p, Task::Classification) == doctest::Approx(1.0));
}

TEST_CASE("metrics: multi-class AUC is the one-vs-rest macro average (scikit-learn's ovr)") {
  // Logits log(p), so the softmax probabilities are p. Truth 0 1 2 0 2.
  //   class 0: positives 0.6, 0.35 beat negatives 0.2, 0.3, 0.1        → 6/6
  //   class 1: positive 0.5 beats 0.3, 0.45, 0.2 but not 0.55          → 3/4
  //   class 2: positive 0.7 beats 0.1, 0.3, 0.1; 0.25 beats two of them → 5/6
  // roc_auc_score([0,1,2,0,2], P, multi_class="ovr", average="macro") = (1 + 0.75 + 5/6) / 3.
  auto logits = [](std::initializer_list<std::initializer_list<double>> p) {
    Matrix m(static_cast<Eigen::Index>(p.size()), 3);
    Eigen::Index i = 0;
    for (const auto& r : p) {
      Eigen::Index j = 0;
      for (double v : r) m(i, j++) = static_cast<float>(std::log(v));
      ++i;
    }
    return m;
  };
  Matrix z = logits({{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.3, 0.45, 0.25}, {0.35, 0.55, 0.1}, {0.1, 0.2, 0.7}});
  Part p = labelled({0, 1, 2, 0, 2});
  CHECK(metric("auc", z, p, Task::Classification) == doctest::Approx((1 + 0.75 + 5.0 / 6) / 3));
  SUBCASE("a class absent from the part is left out of the average") {
    Part two = labelled({0, 0, 2, 0, 2});  // class 1 has no positives
    // class 0: positives 0.6, 0.2, 0.35 vs negatives 0.3, 0.1 → 5/6; class 2: 0.25, 0.7 vs 0.1, 0.3, 0.1 → 5/6
    CHECK(metric("auc", z, two, Task::Classification) == doctest::Approx(5.0 / 6));
  }
}

TEST_CASE("metrics: ROC AUC with tied scores") {
  // Positives 0.35, 0.8, 0.4; negatives 0.1, 0.4: 4 wins and one tie of 6 pairs.
  Matrix z = rows({{0.1f}, {0.4f}, {0.35f}, {0.8f}, {0.4f}});
  Part p = labelled({0, 0, 1, 1, 1});
  CHECK(metric("auc", z, p, Task::Classification) == doctest::Approx(4.5 / 6));
  SUBCASE("two logits score by their difference") {
    Matrix z2 = rows({{0.5f, 0.6f}, {0, 0.4f}, {0, 0.35f}, {-0.3f, 0.5f}, {0, 0.4f}});
    CHECK(metric("auc", z2, p, Task::Classification) == doctest::Approx(4.5 / 6));
  }
  SUBCASE("all scores tied → 0.5") {
    Matrix flat = rows({{1}, {1}, {1}, {1}, {1}});
    CHECK(metric("auc", flat, p, Task::Classification) == doctest::Approx(0.5));
  }
  SUBCASE("one class only → NaN") {
    CHECK(std::isnan(metric("auc", z, labelled({1, 1, 1, 1, 1}), Task::Classification)));
  }
}

TEST_CASE("metrics: log loss is clipped for confident mistakes") {
  Matrix z = rows({{1000, -1000}});
  CHECK(metric("log_loss", z, labelled({1}), Task::Classification) == doctest::Approx(-std::log(1e-15)));
}

TEST_CASE("metrics: regression") {
  Part p;
  p.X = Matrix::Zero(4, 1);
  p.Y = rows({{1}, {2}, {3}, {4}});
  Matrix pred = rows({{1.5f}, {2}, {2}, {5}});
  auto R = Task::Regression;
  CHECK(metric("mse", pred, p, R) == doctest::Approx(0.5625));
  CHECK(metric("rmse", pred, p, R) == doctest::Approx(0.75));
  CHECK(metric("mae", pred, p, R) == doctest::Approx(0.625));
  CHECK(metric("r2", pred, p, R) == doctest::Approx(1 - 2.25 / 5));
  CHECK(metric("r2", p.Y, p, R) == doctest::Approx(1.0));
  SUBCASE("constant target") {
    Part c;
    c.X = Matrix::Zero(2, 1);
    c.Y = rows({{3}, {3}});
    CHECK(metric("r2", c.Y, c, R) == 1.0);
    CHECK(metric("r2", rows({{3}, {4}}), c, R) == 0.0);
  }
  SUBCASE("one row: r2 is not defined (NaN, as scikit-learn), the errors are") {
    Part one;
    one.X = Matrix::Zero(1, 1);
    one.Y = rows({{3}});
    CHECK(std::isnan(metric("r2", rows({{3}}), one, R)));
    CHECK(metric("mae", rows({{4}}), one, R) == 1.0);
  }
  SUBCASE("two targets average r2") {
    Part t;
    t.X = Matrix::Zero(2, 1);
    t.Y = rows({{0, 0}, {2, 4}});
    Matrix out = rows({{0, 1}, {2, 3}});  // r2: 1 and 1 − 2/8
    CHECK(metric("r2", out, t, R) == doctest::Approx((1 + 0.75) / 2));
    CHECK(target_metric("r2", out, t, 0) == doctest::Approx(1.0));
    CHECK(target_metric("r2", out, t, 1) == doctest::Approx(0.75));
  }
  SUBCASE("two targets: each metric is the mean of the per-target figures (scikit-learn's uniform_average)") {
    Part t;
    t.X = Matrix::Zero(2, 1);
    t.Y = rows({{0, 0}, {0, 0}});
    Matrix out = rows({{0, 3}, {0, 4}});  // target 1: errors 3 and 4 → mse 12.5, rmse √12.5, mae 3.5
    CHECK(target_metric("rmse", out, t, 0) == 0.0);
    CHECK(target_metric("rmse", out, t, 1) == doctest::Approx(std::sqrt(12.5)));
    CHECK(metric("rmse", out, t, R) == doctest::Approx(std::sqrt(12.5) / 2));  // not √(mean of every cell's square)
    CHECK(metric("mse", out, t, R) == doctest::Approx(12.5 / 2));
    CHECK(metric("mae", out, t, R) == doctest::Approx(3.5 / 2));
  }
}

TEST_CASE("metrics: registry, directions and applicability") {
  for (const auto& m : metric_infos()) {
    CAPTURE(m.name);
    CHECK(stdlib::find(m.name, stdlib::Category::Metric));  // same names as the stdlib registry
  }
  for (const auto& b : stdlib::all())
    if (b.category == stdlib::Category::Metric) CHECK(find_metric(b.name));
  CHECK(higher_is_better("accuracy"));
  CHECK(higher_is_better("auc"));
  CHECK(higher_is_better("r2"));
  CHECK_FALSE(higher_is_better("loss"));
  CHECK_FALSE(higher_is_better("log_loss"));
  CHECK_FALSE(higher_is_better("rmse"));
  CHECK_FALSE(metric_problem("accuracy", Task::Classification, 3));
  CHECK(metric_problem("accuracy", Task::Regression, 0));
  CHECK(metric_problem("mse", Task::Classification, 2));
  CHECK_FALSE(metric_problem("auc", Task::Classification, 3));  // one-vs-rest macro AUC
  CHECK(metric_problem("auc", Task::Classification, 1));
  CHECK(metric_problem("bogus", Task::Classification, 2));
  CHECK_THROWS_AS(metric("confusion", Matrix::Zero(1, 2), labelled({0}), Task::Classification), std::logic_error);
}
