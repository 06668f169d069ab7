#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "runtime/run/objective.h"
#include "runtime/train/train.h"

using namespace xp;

namespace {

// Every row carries its own id in feature 1, so the test can see which rows
// a model trained on and which it was scored on.
rt::PreparedData id_data(size_t rows, int folds) {
  rt::PreparedData d;
  d.info.name = "ids";
  d.info.task = rt::Task::Regression;
  d.info.feature_names = {"x", "id"};
  d.train_raw.X.resize(static_cast<Eigen::Index>(rows), 2);
  d.train_raw.Y.resize(static_cast<Eigen::Index>(rows), 1);
  for (Eigen::Index i = 0; i < d.train_raw.X.rows(); ++i) {
    d.train_raw.X(i, 0) = static_cast<float>(i % 7);
    d.train_raw.X(i, 1) = static_cast<float>(i);
    d.train_raw.Y(i, 0) = static_cast<float>(i % 7) * 2;
  }
  d.train = d.train_raw;
  for (int k = 0; k < folds; ++k) {
    rt::Fold f;
    for (size_t i = 0; i < rows; ++i) (static_cast<int>(i) % folds == k ? f.score : f.fit).push_back(i);
    d.folds.push_back(f);
  }
  return d;
}

struct Seen {
  std::vector<std::set<int>> trained;    // per model built
  std::vector<std::vector<std::set<int>>> evaluated;  // per model: ids of each mean_loss/predict call
};

class IdModel final : public rt::TrainModel {
 public:
  IdModel(Seen& seen) : seen_(seen), index_(seen.trained.size()) {
    seen_.trained.emplace_back();
    seen_.evaluated.emplace_back();
  }
  int64_t max_batch() const override { return 8; }
  int64_t output_cols() const override { return 1; }
  void begin_epoch(int, int) override {}
  void set_batch(const rt::Matrix& X, const rt::Matrix&, std::span<const size_t> rows) override {
    for (size_t r : rows) seen_.trained[index_].insert(static_cast<int>(X(static_cast<Eigen::Index>(r), 1)));
  }
  double step() override { return 1.0; }
  double mean_loss(const rt::Matrix& X, const rt::Matrix&) override {
    record(X);
    // a score that identifies the fold: the mean id scored
    return X.col(1).mean();
  }
  void predict(const rt::Matrix& X, rt::Matrix& out) override {
    record(X);
    out.setZero(X.rows(), 1);
  }
  void save_best() override {}
  void restore_best() override {}
  std::string blame_nonfinite() override { return ""; }

 private:
  void record(const rt::Matrix& X) {
    std::set<int> ids;
    for (Eigen::Index i = 0; i < X.rows(); ++i) ids.insert(static_cast<int>(X(i, 1)));
    seen_.evaluated[index_].push_back(ids);
  }
  Seen& seen_;
  size_t index_;
};

class Trial final : public rt::TrialContext {
 public:
  int prune_after = 0;
  std::vector<std::pair<int, double>> reports;
  int number() const override { return 0; }
  uint64_t seed() const override { return 99; }
  bool report(int step, double v) override {
    reports.emplace_back(step, v);
    return prune_after == 0 || static_cast<int>(reports.size()) < prune_after;
  }
  bool should_stop() const override { return false; }
};

ir::TrainSpec spec_with_stopping(bool stop) {
  ir::TrainSpec t;
  t.model = "m";
  t.epochs = ir::HExpr::constant(3, true);
  t.batch = ir::HExpr::constant(8, true);
  t.stop.enabled = stop;
  t.stop.monitor = "val.loss";
  t.stop.patience = 100;
  return t;
}

std::set<int> as_set(const std::vector<size_t>& rows) {
  std::set<int> s;
  for (size_t r : rows) s.insert(static_cast<int>(r));
  return s;
}

}  // namespace

TEST_CASE("the cv objective trains on each fold's fit rows and scores only its held-out rows") {
  for (bool stop : {false, true}) {
    CAPTURE(stop);
    rt::PreparedData data = id_data(40, 4);
    ir::TrainSpec train = spec_with_stopping(stop);
    Seen seen;
    rt::TrainingObjectiveSpec spec;
    spec.train = &train;
    spec.data = &data;
    spec.metric = "cv.loss";
    auto objective = rt::make_training_objective(
        spec, [&seen](const ir::Assignment&, const rt::TrainSettings&, Diagnostics&) { return std::make_unique<IdModel>(seen); });
    Trial trial;
    rt::TrialOutcome out = objective({}, trial);
    REQUIRE(out.state == rt::TrialState::Complete);
    REQUIRE(seen.trained.size() == 4);  // one fresh model per fold
    REQUIRE(trial.reports.size() == 4); // after each fold, the running mean reaches the pruner
    double sum = 0;
    for (size_t k = 0; k < 4; ++k) {
      std::set<int> fit = as_set(data.folds[k].fit), score = as_set(data.folds[k].score);
      // trained only on fit rows
      CHECK(std::includes(fit.begin(), fit.end(), seen.trained[k].begin(), seen.trained[k].end()));
      // the last evaluation is the score: exactly the held-out rows
      REQUIRE_FALSE(seen.evaluated[k].empty());
      CHECK(seen.evaluated[k].back() == score);
      // early stopping validated on a slice of the fit rows, never on the scored rows
      for (size_t c = 0; c + 1 < seen.evaluated[k].size(); ++c) {
        const auto& ids = seen.evaluated[k][c];
        CHECK(std::includes(fit.begin(), fit.end(), ids.begin(), ids.end()));
        for (int id : ids) CHECK(seen.trained[k].count(id) == 0);
      }
      if (stop) CHECK(seen.evaluated[k].size() > 1);
      // step = folds done, value = the mean of their scores (comparable across trials)
      sum += out.metrics.at("cv.fold" + std::to_string(k));
      CHECK(trial.reports[k].first == static_cast<int>(k + 1));
      CHECK(trial.reports[k].second == doctest::Approx(sum / static_cast<double>(k + 1)));
    }
    CHECK(out.value == doctest::Approx(sum / 4));
    CHECK(out.metrics.count("cv.std") == 1);
    CHECK(out.metrics.count("cv.fold3") == 1);
  }
}

TEST_CASE("pruning a cv trial stops after the folds run so far") {
  rt::PreparedData data = id_data(40, 5);
  ir::TrainSpec train = spec_with_stopping(false);
  Seen seen;
  rt::TrainingObjectiveSpec spec;
  spec.train = &train;
  spec.data = &data;
  spec.metric = "cv.loss";
  auto objective = rt::make_training_objective(
      spec, [&seen](const ir::Assignment&, const rt::TrainSettings&, Diagnostics&) { return std::make_unique<IdModel>(seen); });
  Trial trial;
  trial.prune_after = 2;
  rt::TrialOutcome out = objective({}, trial);
  CHECK(out.state == rt::TrialState::Pruned);
  CHECK(seen.trained.size() == 2);
  CHECK(out.reason.find("fold 2 of 5") != std::string::npos);
}

TEST_CASE("a model that cannot be built fails the trial with the diagnostic's message") {
  rt::PreparedData data = id_data(20, 2);
  data.val = data.train;
  ir::TrainSpec train = spec_with_stopping(false);
  rt::TrainingObjectiveSpec spec;
  spec.train = &train;
  spec.data = &data;
  spec.metric = "val.loss";
  auto objective = rt::make_training_objective(spec, [](const ir::Assignment&, const rt::TrainSettings&, Diagnostics& d) {
    Diagnostic diag;
    diag.code = "E0700";
    diag.message = "shapes [4, 8] and [16] cannot be added";
    d.report(diag);
    return std::unique_ptr<rt::TrainModel>();
  });
  Trial trial;
  auto out = objective({}, trial);
  CHECK(out.state == rt::TrialState::Failed);
  CHECK(out.reason == "shapes [4, 8] and [16] cannot be added");
}
