// Splits, folds, scaling and imputation (runtime/data/split.h, preprocess.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "runtime/data/load.h"
#include "runtime/data/split.h"

using namespace xp;
using namespace xp::rt;

namespace {

ir::SplitSpec fractions(double train, double val, double test, bool stratify = false, bool shuffle = true) {
  ir::SplitSpec s;
  s.train = train;
  s.val = val;
  s.test = test;
  s.stratify = stratify;
  s.shuffle = shuffle;
  return s;
}

// Every row in exactly one part.
void check_partition(const SplitRows& r, size_t n) {
  std::vector<int> seen(n, 0);
  for (const auto* part : {&r.train, &r.val, &r.test}) {
    CHECK(std::is_sorted(part->begin(), part->end()));
    for (size_t i : *part) {
      REQUIRE(i < n);
      ++seen[i];
    }
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
}

std::map<int, int> counts_of(const std::vector<size_t>& rows, const std::vector<int>& labels) {
  std::map<int, int> c;
  for (size_t r : rows) ++c[labels[r]];
  return c;
}

}  // namespace

TEST_CASE("split: fractions, coverage and no overlap") {
  SUBCASE("100 rows 0.6/0.2/0.2") {
    SplitRows r = split_rows(100, fractions(0.6, 0.2, 0.2), nullptr, 1);
    CHECK(r.train.size() == 60);
    CHECK(r.val.size() == 20);
    CHECK(r.test.size() == 20);
    check_partition(r, 100);
  }
  SUBCASE("rounding: 7 rows 0.5/0.25/0.25 → round(1.75) = 2 each for val and test") {
    SplitRows r = split_rows(7, fractions(0.5, 0.25, 0.25), nullptr, 1);
    CHECK(r.val.size() == 2);
    CHECK(r.test.size() == 2);
    CHECK(r.train.size() == 3);
    check_partition(r, 7);
  }
  SUBCASE("no val or test") {
    SplitRows r = split_rows(10, fractions(1, 0, 0), nullptr, 1);
    CHECK(r.train.size() == 10);
    CHECK(r.val.empty());
    CHECK(r.test.empty());
  }
  SUBCASE("unshuffled: file order, train first") {
    SplitRows r = split_rows(10, fractions(0.6, 0.2, 0.2, false, false), nullptr, 1);
    CHECK(r.train == std::vector<size_t>{0, 1, 2, 3, 4, 5});
    CHECK(r.val == std::vector<size_t>{6, 7});
    CHECK(r.test == std::vector<size_t>{8, 9});
  }
}

TEST_CASE("split: determinism") {
  SplitRows a = split_rows(1000, fractions(0.7, 0.15, 0.15), nullptr, 42);
  SplitRows b = split_rows(1000, fractions(0.7, 0.15, 0.15), nullptr, 42);
  SplitRows c = split_rows(1000, fractions(0.7, 0.15, 0.15), nullptr, 43);
  CHECK(a.train == b.train);
  CHECK(a.val == b.val);
  CHECK(a.test == b.test);
  CHECK(a.test != c.test);
}

TEST_CASE("split: stratification keeps class proportions") {
  // 3 classes of 50, 30 and 20 rows, interleaved.
  std::vector<int> labels;
  for (int i = 0; i < 50; ++i) labels.push_back(0);
  for (int i = 0; i < 30; ++i) labels.push_back(1);
  for (int i = 0; i < 20; ++i) labels.push_back(2);
  std::vector<int> shuffled(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) shuffled[(i * 37) % labels.size()] = labels[i];
  SplitRows r = split_rows(100, fractions(0.6, 0.2, 0.2, true), &shuffled, 5);
  check_partition(r, 100);
  CHECK(counts_of(r.test, shuffled) == std::map<int, int>{{0, 10}, {1, 6}, {2, 4}});
  CHECK(counts_of(r.val, shuffled) == std::map<int, int>{{0, 10}, {1, 6}, {2, 4}});
  CHECK(counts_of(r.train, shuffled) == std::map<int, int>{{0, 30}, {1, 18}, {2, 12}});

  SUBCASE("uneven: totals exact and each class within one row of its share") {
    std::vector<int> l;
    for (int i = 0; i < 7; ++i) l.push_back(0);
    for (int i = 0; i < 5; ++i) l.push_back(1);
    for (int i = 0; i < 3; ++i) l.push_back(2);
    SplitRows s = split_rows(15, fractions(0.6, 0.2, 0.2, true), &l, 2);
    check_partition(s, 15);
    CHECK(s.test.size() == 3);
    CHECK(s.val.size() == 3);
    auto t = counts_of(s.test, l);
    CHECK(std::abs(t[0] - 1.4) < 1);
    CHECK(std::abs(t[1] - 1.0) < 1);
    CHECK(std::abs(t[2] - 0.6) < 1);
  }
}

TEST_CASE("kfold: every row scored exactly once") {
  SUBCASE("plain, 10 rows 3 folds → 4/3/3") {
    auto folds = kfold(10, 3, nullptr, 1);
    REQUIRE(folds.size() == 3);
    std::vector<int> scored(10, 0);
    std::vector<size_t> sizes;
    for (const auto& f : folds) {
      sizes.push_back(f.score.size());
      CHECK(f.fit.size() + f.score.size() == 10);
      std::set<size_t> fit(f.fit.begin(), f.fit.end());
      for (size_t r : f.score) {
        ++scored[r];
        CHECK_FALSE(fit.count(r));
      }
    }
    CHECK(sizes == std::vector<size_t>{4, 3, 3});
    CHECK(std::all_of(scored.begin(), scored.end(), [](int c) { return c == 1; }));
  }
  SUBCASE("stratified: each fold holds each class in proportion") {
    std::vector<int> labels;
    for (int i = 0; i < 40; ++i) labels.push_back(i % 4 == 0 ? 1 : 0);  // 10 ones, 30 zeros
    auto folds = kfold(40, 5, &labels, 3);
    for (const auto& f : folds) {
      auto c = counts_of(f.score, labels);
      CHECK(c[1] == 2);
      CHECK(c[0] == 6);
    }
    CHECK(kfold(40, 5, &labels, 3)[2].score == folds[2].score);  // deterministic
  }
}

TEST_CASE("scaling is fitted on the training part only") {
  Part train, test;
  train.X.resize(4, 3);
  train.X << 1, 10, 5,  //
      2, 20, 5,         //
      3, 30, 5,         //
      4, 40, 5;
  test.X.resize(2, 3);
  test.X << 100, -10, 7,  //
      0, 0, 5;
  SUBCASE("standardize") {
    Scaling s = fit_scaling("standardize", train);
    CHECK(s.shift[0] == doctest::Approx(2.5));
    CHECK(s.scale[0] == doctest::Approx(std::sqrt(1.25)));  // population sd
    CHECK(s.scale[2] == 1.0f);                              // constant column: no division by zero
    Part t = test;
    apply_scaling(s, t);
    CHECK(t.X(0, 0) == doctest::Approx((100 - 2.5) / std::sqrt(1.25)));
    CHECK(t.X(1, 2) == 0.0f);
    CHECK(t.X(0, 2) == 2.0f);
    Part tr = train;
    apply_scaling(s, tr);
    CHECK(tr.X.col(0).mean() == doctest::Approx(0).epsilon(1e-6));
    // The test part's own statistics were not used: its mean is far from 0.
    CHECK(std::abs(t.X.col(0).mean()) > 10);
  }
  SUBCASE("minmax") {
    Scaling s = fit_scaling("minmax", train);
    Part t = test;
    apply_scaling(s, t);
    CHECK(t.X(0, 1) == doctest::Approx((-10 - 10) / 30.0));
    CHECK(t.X(0, 2) == 2.0f);  // constant column shifted, not divided
  }
  SUBCASE("only the named columns (`standardize d.col`)") {
    Scaling s = fit_scaling("standardize", train, {true, false, false});
    CHECK(s.shift[0] == doctest::Approx(2.5));
    CHECK(s.shift[1] == 0.0f);
    CHECK(s.scale[1] == 1.0f);
    Part t = test;
    apply_scaling(s, t);
    CHECK(t.X(0, 0) == doctest::Approx((100 - 2.5) / std::sqrt(1.25)));
    CHECK(t.X(0, 1) == -10.0f);  // untouched
    CHECK(t.X(0, 2) == 7.0f);
  }
  SUBCASE("none") {
    Scaling s = fit_scaling("none", train);
    Part t = test;
    apply_scaling(s, t);
    CHECK(t.X == test.X);
  }
}

TEST_CASE("imputation statistics come from the training part") {
  const float nan = std::nanf("");
  Schema schema;
  schema.impute = Impute::Median;
  schema.features.resize(2);
  Part train, test;
  train.X.resize(4, 2);
  train.X << 1, nan,  //
      nan, 2,         //
      3, 4,           //
      10, 6;
  test.X.resize(1, 2);
  test.X << nan, nan;
  fit_and_fill_missing(schema, train, {&test});
  CHECK(schema.features[0].fill == doctest::Approx(3));  // median of 1, 3, 10
  CHECK(schema.features[1].fill == doctest::Approx(4));
  CHECK(train.X(1, 0) == 3.0f);
  CHECK(test.X(0, 0) == 3.0f);
  CHECK(test.X(0, 1) == 4.0f);
  schema.impute = Impute::Mean;
  Part again;
  again.X.resize(2, 2);
  again.X << 1, nan, 3, 5;
  fit_and_fill_missing(schema, again, {});
  CHECK(again.X(0, 1) == 5.0f);
  CHECK(schema.features[0].fill == doctest::Approx(2));
}

TEST_CASE("subset and fingerprints") {
  Part p;
  p.X.resize(3, 2);
  p.X << 1, 2, 3, 4, 5, 6;
  p.Y.resize(3, 1);
  p.Y << 0, 1, 0;
  p.labels = {0, 1, 0};
  Part s = subset(p, {2, 0});
  CHECK(s.X(0, 0) == 5.0f);
  CHECK(s.X(1, 1) == 2.0f);
  CHECK(s.labels == std::vector<int>{0, 0});
  CHECK(fingerprint(s) == fingerprint(subset(p, {2, 0})));
  CHECK(fingerprint(s) != fingerprint(subset(p, {0, 2})));
  // The hash's name, then 16 hex digits (exp diff compares one kind only).
  CHECK(fingerprint(s).rfind("bulk64:", 0) == 0);
  CHECK(fingerprint(s).size() == 7 + 16);
  // The shape is part of it: the same floats as one row are another part.
  Part flat;
  flat.X = s.X.reshaped<Eigen::RowMajor>(1, 4);
  flat.Y = s.Y.reshaped<Eigen::RowMajor>(1, 2);
  CHECK(fingerprint(flat) != fingerprint(s));
}
