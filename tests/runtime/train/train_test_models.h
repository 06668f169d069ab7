#pragma once
// Small TrainModels for the training-loop tests: a real linear regression
// trained by SGD (hand-written gradient), and a scripted model whose losses
// are given in advance (to drive early stopping and divergence exactly).
#include <cmath>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "runtime/data/dataset.h"
#include "runtime/train/train_model.h"

namespace xp::test {

// y ≈ X·w + b, loss = mean squared error, plain SGD.
class LinearModel final : public rt::TrainModel {
 public:
  LinearModel(int features, int64_t batch, double lr) : w_(rt::Vector::Zero(features)), lr_(lr), Xb_(batch, features), Yb_(batch, 1) {}
  int64_t max_batch() const override { return Xb_.rows(); }
  int64_t output_cols() const override { return 1; }
  void begin_epoch(int, int) override {}
  void set_batch(const rt::Matrix& X, const rt::Matrix& Y, std::span<const size_t> rows) override {
    n_ = static_cast<Eigen::Index>(rows.size());
    for (Eigen::Index i = 0; i < n_; ++i) {
      Xb_.row(i) = X.row(static_cast<Eigen::Index>(rows[static_cast<size_t>(i)]));
      Yb_.row(i) = Y.row(static_cast<Eigen::Index>(rows[static_cast<size_t>(i)]));
    }
    seen_rows.insert(seen_rows.end(), rows.begin(), rows.end());
  }
  double step() override {
    auto X = Xb_.topRows(n_);
    rt::Vector err = (X * w_).array() + b_ - Yb_.topRows(n_).col(0).array();
    double loss = err.squaredNorm() / static_cast<double>(n_);
    rt::Vector gw = (2.0f / static_cast<float>(n_)) * (X.transpose() * err);
    float gb = 2.0f * err.sum() / static_cast<float>(n_);
    w_ -= static_cast<float>(lr_) * gw;
    b_ -= static_cast<float>(lr_) * gb;
    return loss;
  }
  double mean_loss(const rt::Matrix& X, const rt::Matrix& Y) override {
    rt::Vector err = (X * w_).array() + b_ - Y.col(0).array();
    return err.squaredNorm() / static_cast<double>(X.rows());
  }
  void predict(const rt::Matrix& X, rt::Matrix& out) override {
    out.resize(X.rows(), 1);
    out.col(0) = (X * w_).array() + b_;
  }
  void save_best() override { best_w_ = w_, best_b_ = b_; }
  void restore_best() override { w_ = best_w_, b_ = best_b_; }
  std::string blame_nonfinite() override { return ""; }

  rt::Vector w_;
  float b_ = 0;
  std::vector<size_t> seen_rows;

 private:
  double lr_;
  rt::Matrix Xb_, Yb_;
  Eigen::Index n_ = 0;
  rt::Vector best_w_;
  float best_b_ = 0;
};

// Losses come from scripts indexed by epoch; "weights" are the epoch number
// that produced them, so a restore is visible.
class ScriptedModel final : public rt::TrainModel {
 public:
  std::function<double(int epoch)> train_loss = [](int) { return 1.0; };
  std::function<double(int epoch)> val_loss = [](int) { return 1.0; };
  std::string blame = "op exp at 12:7";
  int epoch = 0, weights = 0, saved = -1;
  int64_t max_batch() const override { return 4; }
  int64_t output_cols() const override { return 1; }
  void begin_epoch(int e, int) override { epoch = e; }
  void set_batch(const rt::Matrix&, const rt::Matrix&, std::span<const size_t>) override {}
  double step() override {
    weights = epoch;
    return train_loss(epoch);
  }
  double mean_loss(const rt::Matrix&, const rt::Matrix&) override { return val_loss(epoch); }
  void predict(const rt::Matrix& X, rt::Matrix& out) override { out.setZero(X.rows(), 1); }
  void save_best() override { saved = weights; }
  void restore_best() override { weights = saved; }
  std::string blame_nonfinite() override { return blame; }
};

// y = 3·x0 − 2·x1 + 0.5 + small noise, from a fixed seed.
inline rt::Part linear_problem(size_t rows, uint64_t seed) {
  rt::Part p;
  p.X.resize(static_cast<Eigen::Index>(rows), 2);
  p.Y.resize(static_cast<Eigen::Index>(rows), 1);
  uint64_t s = seed;
  auto next = [&s]() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<float>((s >> 11) * 0x1.0p-53) * 2.0f - 1.0f;
  };
  for (Eigen::Index i = 0; i < p.X.rows(); ++i) {
    p.X(i, 0) = next();
    p.X(i, 1) = next();
    p.Y(i, 0) = 3 * p.X(i, 0) - 2 * p.X(i, 1) + 0.5f + 0.01f * next();
  }
  return p;
}

}  // namespace xp::test
