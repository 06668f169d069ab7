#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "runtime/train/batches.h"
#include "runtime/train/train.h"
#include "tests/runtime/train/train_test_models.h"

using namespace xp;

namespace {

rt::TrainSettings regression_settings(int epochs, int64_t batch) {
  rt::TrainSettings s;
  s.epochs = epochs;
  s.batch = batch;
  s.task = rt::Task::Regression;
  s.seed = 7;
  return s;
}

// A TrialContext that records reports and prunes from a given epoch on.
class RecordingTrial final : public rt::TrialContext {
 public:
  int prune_at = 0;
  int resource = 0;
  std::vector<std::pair<int, double>> reports;
  int number() const override { return 3; }
  uint64_t seed() const override { return 11; }
  bool report(int step, double value) override {
    reports.emplace_back(step, value);
    return prune_at == 0 || step < prune_at;
  }
  bool should_stop() const override { return false; }
  int max_resource() const override { return resource; }
};

}  // namespace

TEST_CASE("batch order: every row once per epoch, seeded, different per epoch") {
  rt::BatchOrder a(10, 4, 42), b(10, 4, 42), c(10, 4, 43);
  CHECK(a.batches() == 3);
  CHECK(a.size(2) == 2);
  a.shuffle(1);
  b.shuffle(1);
  c.shuffle(1);
  CHECK(a.order() == b.order());
  CHECK(a.order() != c.order());
  std::vector<size_t> sorted = a.order();
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < 10; ++i) CHECK(sorted[i] == i);
  auto first = a.order();
  a.shuffle(2);
  CHECK(a.order() != first);
  a.shuffle(1);
  CHECK(a.order() == first);  // an epoch's order depends on (seed, epoch) only
}

TEST_CASE("training a linear model on a generated problem converges") {
  rt::Part train = test::linear_problem(256, 1), val = test::linear_problem(64, 2);
  test::LinearModel m(2, 16, 0.1);
  auto r = rt::train_model(m, train, &val, regression_settings(40, 16), {});
  CHECK(r.status == rt::TrainStatus::Complete);
  REQUIRE(r.history.size() == 40);
  CHECK(r.history.front().train_loss > 1.0);
  CHECK(r.history.back().train_loss < 1e-3);
  CHECK(r.history.back().val_loss < 1e-3);
  // seconds accumulates; epoch_seconds is each epoch alone, so they add up
  double sum = 0;
  for (const auto& e : r.history) {
    CHECK(e.epoch_seconds > 0);
    sum += e.epoch_seconds;
    CHECK(e.seconds >= sum - 1e-9);
  }
  CHECK(m.w_(0) == doctest::Approx(3.0).epsilon(0.01));
  CHECK(m.w_(1) == doctest::Approx(-2.0).epsilon(0.01));
  CHECK(m.b_ == doctest::Approx(0.5).epsilon(0.01));
  // every row is visited exactly once per epoch
  CHECK(m.seen_rows.size() == 256 * 40);
}

TEST_CASE("same seed gives bit-identical parameters and history") {
  rt::Part train = test::linear_problem(100, 3), val = test::linear_problem(30, 4);
  auto run = [&](uint64_t seed, test::LinearModel& m) {
    auto s = regression_settings(5, 8);
    s.seed = seed;
    return rt::train_model(m, train, &val, s, {});
  };
  test::LinearModel a(2, 8, 0.05), b(2, 8, 0.05), c(2, 8, 0.05);
  auto ra = run(9, a), rb = run(9, b), rc = run(10, c);
  CHECK(a.w_ == b.w_);
  CHECK(a.b_ == b.b_);
  REQUIRE(ra.history.size() == rb.history.size());
  for (size_t i = 0; i < ra.history.size(); ++i) {
    CHECK(ra.history[i].train_loss == rb.history[i].train_loss);
    CHECK(ra.history[i].val_loss == rb.history[i].val_loss);
  }
  CHECK(a.seen_rows == b.seen_rows);
  CHECK(a.seen_rows != c.seen_rows);  // another seed shuffles differently
}

TEST_CASE("early stopping stops after patience and restores the best weights") {
  rt::Part part = test::linear_problem(8, 5);
  test::ScriptedModel m;
  // val loss: 5 4 3 2 [best at 4] 2.5 2.6 2.7 …
  m.val_loss = [](int e) { return e <= 4 ? 6.0 - e : 2.0 + 0.1 * (e - 3); };
  auto s = regression_settings(50, 4);
  s.stop.enabled = true;
  s.stop.monitor = "val.loss";
  s.stop.patience = 3;
  auto r = rt::train_model(m, part, &part, s, {});
  CHECK(r.status == rt::TrainStatus::EarlyStopped);
  CHECK(r.history.size() == 7);
  CHECK(r.best_epoch == 4);
  CHECK(r.best_value == 2.0);
  CHECK(r.restored_best);
  CHECK(m.weights == 4);  // the weights of epoch 4 are back

  SUBCASE("restore_best: false keeps the last weights") {
    test::ScriptedModel k;
    k.val_loss = m.val_loss;
    s.stop.restore_best = false;
    auto r2 = rt::train_model(k, part, &part, s, {});
    CHECK_FALSE(r2.restored_best);
    CHECK(k.weights == 7);
  }
}

TEST_CASE("a non-finite loss fails the run naming the epoch and the op") {
  rt::Part part = test::linear_problem(8, 6);
  test::ScriptedModel m;
  m.train_loss = [](int e) { return e == 3 ? std::numeric_limits<double>::quiet_NaN() : 1.0; };
  auto r = rt::train_model(m, part, &part, regression_settings(10, 4), {});
  CHECK(r.status == rt::TrainStatus::Diverged);
  CHECK(r.history.size() == 2);
  CHECK(r.failure.find("NaN") != std::string::npos);
  CHECK(r.failure.find("epoch 3") != std::string::npos);
  CHECK(r.failure.find("op exp at 12:7") != std::string::npos);

  SUBCASE("an infinite validation loss too") {
    test::ScriptedModel k;
    k.val_loss = [](int e) { return e == 2 ? std::numeric_limits<double>::infinity() : 1.0; };
    auto r2 = rt::train_model(k, part, &part, regression_settings(10, 4), {});
    CHECK(r2.status == rt::TrainStatus::Diverged);
    CHECK(r2.failure.find("infinite") != std::string::npos);
    CHECK(r2.failure.find("epoch 2") != std::string::npos);
  }
}

TEST_CASE("each epoch reports the tuned value to the trial; false prunes") {
  rt::Part part = test::linear_problem(8, 7);
  test::ScriptedModel m;
  m.val_loss = [](int e) { return 10.0 / e; };
  RecordingTrial trial;
  trial.prune_at = 3;
  rt::TrainHooks hooks;
  hooks.trial = &trial;
  hooks.report_metric = "val.loss";
  auto r = rt::train_model(m, part, &part, regression_settings(10, 4), hooks);
  CHECK(r.status == rt::TrainStatus::Pruned);
  REQUIRE(trial.reports.size() == 3);
  CHECK(trial.reports[1].first == 2);
  CHECK(trial.reports[1].second == doctest::Approx(5.0));

  SUBCASE("a Hyperband/ASHA resource caps the epochs") {
    RecordingTrial capped;
    capped.resource = 4;
    hooks.trial = &capped;
    test::ScriptedModel k;
    auto r2 = rt::train_model(k, part, &part, regression_settings(10, 4), hooks);
    CHECK(r2.status == rt::TrainStatus::Complete);
    CHECK(r2.epochs_planned == 4);
    CHECK(r2.history.size() == 4);
  }
}

TEST_CASE("the stop flag interrupts between batches") {
  rt::Part part = test::linear_problem(8, 8);
  test::ScriptedModel m;
  std::atomic<bool> stop{false};
  m.train_loss = [&stop](int e) {
    if (e == 2) stop = true;
    return 1.0;
  };
  rt::TrainHooks hooks;
  hooks.stop = &stop;
  auto r = rt::train_model(m, part, &part, regression_settings(10, 4), hooks);
  CHECK(r.status == rt::TrainStatus::Interrupted);
  CHECK(r.history.size() == 1);
}

TEST_CASE("progress receives one event per epoch") {
  struct Recorder : rt::Progress {
    std::vector<rt::EpochEvent> events;
    void epoch(const rt::EpochEvent& e) override { events.push_back(e); }
  } progress;
  rt::Part part = test::linear_problem(8, 9);
  test::ScriptedModel m;
  rt::TrainHooks hooks;
  hooks.progress = &progress;
  hooks.trial_number = 5;
  rt::train_model(m, part, &part, regression_settings(3, 4), hooks);
  REQUIRE(progress.events.size() == 3);
  CHECK(progress.events[2].epoch == 3);
  CHECK(progress.events[2].epochs == 3);
  CHECK(progress.events[2].trial == 5);
}
