// The data entry point (runtime/data/load.h): sources, options, splits,
// preprocessing, folds, prediction files, and a large file.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>

#include <sys/resource.h>

#include "runtime/data/load.h"
#include "runtime/data/split.h"
#include "tests/runtime/data/temp_csv.h"
#include "tests/sanitized_malloc.h"

using namespace xp;
using namespace xp::rt;
using xp::test::find_code;
using xp::test::TempCsv;

namespace {

ir::NamedHExpr option(std::string name, ir::HExpr value, uint32_t at = 10) {
  value.span = Span{0, at, at + 3};
  return ir::NamedHExpr{std::move(name), value, Span{0, at, at + 5}};
}
ir::HExpr num(double v) { return ir::HExpr::constant(v, v == std::floor(v)); }
ir::HExpr word(std::string s) {
  ir::HExpr e;
  e.kind = ir::HExpr::Kind::Name;
  e.name = std::move(s);
  return e;
}

ir::DataSpec dataset(std::string name) {
  ir::DataSpec s;
  s.source = ir::DataSpec::Source::Dataset;
  s.name = name;
  s.dataset = std::move(name);
  s.span = Span{0, 1, 5};
  s.split.span = Span{0, 6, 9};
  return s;
}
ir::DataSpec generator(std::string name, std::vector<ir::NamedHExpr> options = {}) {
  ir::DataSpec s = dataset(std::move(name));
  s.source = ir::DataSpec::Source::Generator;
  s.options = std::move(options);
  return s;
}
ir::DataSpec csv_file(const std::string& path, std::vector<ir::NamedHExpr> options = {}) {
  ir::DataSpec s;
  s.source = ir::DataSpec::Source::Csv;
  s.name = "d";
  s.path = path;
  s.options = std::move(options);
  s.span = Span{0, 1, 5};
  return s;
}

std::map<int, int> counts(const std::vector<int>& labels) {
  std::map<int, int> c;
  for (int l : labels) ++c[l];
  return c;
}

}  // namespace

TEST_CASE("prepare_data: a regression target is standardized with train's numbers, and only under standardize") {
  ir::DataSpec spec = dataset("diabetes");
  spec.preprocess.push_back({"standardize", "", Span{}});
  Diagnostics d;
  auto data = prepare_data(spec, 7, d);
  REQUIRE(data);
  const Scaling& t = data->train.target;
  CHECK(t.kind == "standardize");
  REQUIRE(t.shift.size() == 1);
  CHECK(t.shift[0] == doctest::Approx(data->train_raw.Y.col(0).mean()).epsilon(1e-4));
  CHECK(t.scale[0] > 10);  // disease progression spreads over tens of units
  CHECK(data->train.Y.col(0).mean() == doctest::Approx(0).epsilon(1e-4));
  // val and test carry the same (train's) scaling, so evaluation can undo it.
  CHECK(data->val.target.shift == t.shift);
  CHECK(data->test.target.scale == t.scale);
  Matrix back = data->test.Y;
  to_target_units(data->test.target, back);
  CHECK(back.col(0).minCoeff() >= 20);  // diabetes targets lie in 25..346

  ir::DataSpec plain = dataset("diabetes");
  auto unscaled = prepare_data(plain, 7, d);
  REQUIRE(unscaled);
  CHECK(unscaled->train.target.kind == "none");
  CHECK(unscaled->train.Y.col(0).mean() > 100);

  ir::DataSpec iris = dataset("iris");
  iris.preprocess.push_back({"standardize", "", Span{}});
  auto classes = prepare_data(iris, 7, d);
  REQUIRE(classes);
  CHECK(classes->train.target.kind == "none");  // class indices are never scaled
}

TEST_CASE("prepare_data: iris, stratified, standardized, with folds") {
  ir::DataSpec spec = dataset("iris");
  spec.split.stratify = true;
  spec.split.folds = 5;
  spec.preprocess.push_back({"standardize", "", Span{}});
  Diagnostics d;
  auto data = prepare_data(spec, 42, d);
  REQUIRE(data);
  CHECK_FALSE(d.has_errors());
  CHECK(data->info.name == "iris");
  CHECK(data->info.features() == 4);
  CHECK(data->train.rows() == 90);
  CHECK(data->val.rows() == 30);
  CHECK(data->test.rows() == 30);
  CHECK(counts(data->train.labels) == std::map<int, int>{{0, 30}, {1, 30}, {2, 30}});
  CHECK(counts(data->test.labels) == std::map<int, int>{{0, 10}, {1, 10}, {2, 10}});

  // Scaling statistics come from the training part: train is centred, the
  // others are transformed with train's numbers.
  CHECK(data->scaling.kind == "standardize");
  for (Eigen::Index j = 0; j < 4; ++j) {
    CHECK(data->train.X.col(j).mean() == doctest::Approx(0).epsilon(1e-5));
    CHECK(data->train_raw.X.col(j).mean() == doctest::Approx(data->scaling.shift[static_cast<size_t>(j)]).epsilon(1e-5));
  }
  CHECK(std::abs(data->test.X.col(0).mean()) > 1e-4);

  // Folds over the training part: 5 × 18 rows, stratified 6/6/6.
  REQUIRE(data->folds.size() == 5);
  std::vector<int> scored(90, 0);
  for (const auto& f : data->folds) {
    CHECK(f.score.size() == 18);
    CHECK(counts(subset(data->train_raw, f.score).labels) == std::map<int, int>{{0, 6}, {1, 6}, {2, 6}});
    for (size_t r : f.score) ++scored[r];
  }
  CHECK(std::all_of(scored.begin(), scored.end(), [](int c) { return c == 1; }));

  // Schema for saving and predicting.
  CHECK(data->schema.target == "species");
  CHECK(data->schema.width() == 4);

  SUBCASE("the same seed gives identical splits; another seed other ones") {
    Diagnostics d2;
    auto again = prepare_data(spec, 42, d2);
    REQUIRE(again);
    CHECK(again->train.X == data->train.X);
    CHECK(again->test.labels == data->test.labels);
    CHECK(again->fingerprint_test == data->fingerprint_test);
    CHECK(again->folds[3].score == data->folds[3].score);
    auto other = prepare_data(spec, 43, d2);
    REQUIRE(other);
    CHECK(other->fingerprint_test != data->fingerprint_test);
    CHECK(data->fingerprint_train != data->fingerprint_val);
  }
}

TEST_CASE("prepare_data: generator options") {
  Diagnostics d;
  SUBCASE("options are read, the seed option fixes the data") {
    auto a = prepare_data(generator("moons", {option("n", num(300)), option("seed", num(3))}), 1, d);
    auto b = prepare_data(generator("moons", {option("n", num(300)), option("seed", num(3))}), 2, d);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->train.rows() + a->val.rows() + a->test.rows() == 300);
    CHECK(a->info.classes() == 2);
    // Same data (seed: 3), split by different program seeds.
    CHECK(a->fingerprint_train != b->fingerprint_train);
  }
  SUBCASE("without seed: the program's seed") {
    auto a = prepare_data(generator("blobs", {option("centers", num(5))}), 9, d);
    auto b = prepare_data(generator("blobs", {option("centers", num(5))}), 9, d);
    REQUIRE(a);
    CHECK(a->info.classes() == 5);
    CHECK(a->train.X == b->train.X);
  }
  SUBCASE("an unknown option") {
    CHECK_FALSE(prepare_data(generator("moons", {option("noize", num(0.1), 40)}), 1, d));
    const Diagnostic* e = find_code(d, "E0808");
    REQUIRE(e);
    CHECK(e->span.begin == 40);
    CHECK(e->help.find("noise") != std::string::npos);
  }
  SUBCASE("out of range or not an integer") {
    CHECK_FALSE(prepare_data(generator("moons", {option("n", num(-5))}), 1, d));
    CHECK_FALSE(prepare_data(generator("blobs", {option("centers", num(2.5))}), 1, d));
    CHECK(d.error_count() == 2);
  }
  SUBCASE("an option that depends on a hyper") {
    CHECK_FALSE(prepare_data(generator("moons", {option("noise", ir::HExpr::hyper("h"))}), 1, d));
    CHECK(find_code(d, "E0808"));
  }
  SUBCASE("onehot on a generator") {
    ir::DataSpec s = generator("moons");
    s.preprocess.push_back({"onehot", "x1", Span{}});
    CHECK_FALSE(prepare_data(s, 1, d));
  }
}

TEST_CASE("prepare_data: split and preprocessing errors") {
  Diagnostics d;
  SUBCASE("fractions that do not add up") {
    ir::DataSpec s = dataset("iris");
    s.split.train = 0.5;
    CHECK_FALSE(prepare_data(s, 1, d));
    const Diagnostic* e = find_code(d, "E0809");
    REQUIRE(e);
    CHECK(e->span.begin == 6);
  }
  SUBCASE("stratify on regression") {
    ir::DataSpec s = dataset("diabetes");
    s.split.stratify = true;
    CHECK_FALSE(prepare_data(s, 1, d));
    CHECK(find_code(d, "E0809"));
  }
  SUBCASE("more folds than training rows") {
    ir::DataSpec s = generator("moons", {option("n", num(10))});
    s.split.folds = 50;
    CHECK_FALSE(prepare_data(s, 1, d));
    CHECK(find_code(d, "E0809"));
  }
  SUBCASE("two scalings") {
    ir::DataSpec s = dataset("iris");
    s.preprocess.push_back({"standardize", "", Span{}});
    s.preprocess.push_back({"minmax", "", Span{}});
    CHECK_FALSE(prepare_data(s, 1, d));
    CHECK(find_code(d, "E0808"));
  }
  SUBCASE("unknown data set") {
    CHECK_FALSE(prepare_data(dataset("mnist"), 1, d));
    CHECK(find_code(d, "E0808"));
  }
}

TEST_CASE("prepare_data: a CSV with options, imputation from the training part, and prediction") {
  TempCsv f("a,color,label\n1,red,x\n2,blue,y\n,red,x\n4,blue,y\n5,red,x\n6,blue,y\n7,red,x\n8,blue,y\n9,red,x\n10,blue,y\n");
  ir::DataSpec s = csv_file(f.str(), {option("target", word("label")), option("impute", word("mean"))});
  s.split.train = 0.8;
  s.split.val = 0;
  s.split.test = 0.2;
  s.preprocess.push_back({"minmax", "", Span{}});
  Diagnostics d;
  auto data = prepare_data(s, 4, d);
  REQUIRE(data);
  CHECK(data->info.feature_names == std::vector<std::string>{"a", "color=blue", "color=red"});
  CHECK(data->val.rows() == 0);
  CHECK(data->train_raw.X.allFinite());
  CHECK(data->test.X.allFinite());
  // The fill is the mean of column `a` over the training rows only.
  double sum = 0, n = 0;
  for (Eigen::Index i = 0; i < data->train_raw.X.rows(); ++i) {
    sum += data->train_raw.X(i, 0);
    ++n;
  }
  double fill = data->schema.features[0].fill;
  REQUIRE_FALSE(std::isnan(fill));
  // Filling with the mean of the present training values leaves that mean
  // unchanged, wherever the missing row landed; the test rows are not used.
  CHECK(sum / n == doctest::Approx(fill));

  SUBCASE("a prediction file gets the same encoding, fill and scaling") {
    TempCsv p("label,color,a\nx,red,\ny,blue,8\n");
    Diagnostics pd;
    auto part = load_for_prediction(p.str(), data->schema, data->scaling, pd);
    REQUIRE(part);
    CHECK(part->X.rows() == 2);
    float expect_a = static_cast<float>((fill - data->scaling.shift[0]) / data->scaling.scale[0]);
    CHECK(part->X(0, 0) == doctest::Approx(expect_a));
    CHECK(part->X(1, 0) == doctest::Approx((8 - data->scaling.shift[0]) / data->scaling.scale[0]));
    CHECK(part->labels == std::vector<int>{0, 1});
  }
  SUBCASE("bad option values") {
    Diagnostics bd;
    CHECK_FALSE(prepare_data(csv_file(f.str(), {option("impute", word("zero"))}), 1, bd));
    CHECK_FALSE(prepare_data(csv_file(f.str(), {option("task", word("ranking"))}), 1, bd));
    CHECK_FALSE(prepare_data(csv_file(f.str(), {option("sep", word("tab"))}), 1, bd));
    CHECK(bd.error_count() == 3);
  }
}

TEST_CASE("a large CSV file loads in bounded time and memory") {
  constexpr int kRows = 200000;
  std::string path = (std::filesystem::temp_directory_path() / ("exp_test_large_" + std::to_string(::getpid()) + ".csv")).string();
  {
    std::ofstream out(path);
    out << "a,b,c,d,e,color,y\n";
    for (int i = 0; i < kRows; ++i)
      out << i % 97 << ',' << (i % 13) * 0.25 << ',' << i * 0.001 << ',' << -i << ",1e-3," << (i % 3 == 0 ? "red" : "blue")
          << ',' << (i % 7) * 1.5 << '\n';
  }
  auto file_bytes = std::filesystem::file_size(path);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  auto start = std::chrono::steady_clock::now();
  Diagnostics d;
  auto data = prepare_data(csv_file(path), 1, d);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  std::filesystem::remove(path);
  REQUIRE(data);
  CHECK(data->info.task == Task::Regression);
  CHECK(data->info.features() == 7);
  CHECK(data->train.rows() + data->val.rows() + data->test.rows() == kRows);
  MESSAGE("200k rows (" << file_bytes / 1000000.0 << " MB): " << seconds << " s, peak RSS growth "
                        << (after.ru_maxrss - before.ru_maxrss) / 1024 << " MB");
  CHECK(seconds < 30);  // generous: Debug builds on a shared 2-core machine
  // The raw columns take 8 bytes per cell and the parts 4 per feature; the
  // text of the file is never held in memory as a whole. (Not under ASan,
  // whose redzones and quarantine of freed blocks inflate the resident size.)
#if !EXP_SANITIZED_MALLOC
  CHECK((after.ru_maxrss - before.ru_maxrss) * 1024 < static_cast<long>(kRows) * 7 * 40);
#endif
}
