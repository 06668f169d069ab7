#include "runtime/train/executable_model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/optim/clip.h"

namespace xp::rt {

int64_t training_batch_rows(const TrainSettings& settings, int64_t train_rows) {
  return std::max<int64_t>(1, std::min(settings.batch, train_rows));
}

DataDims data_dims(const DataInfo& info, int64_t target_cols) {
  DataDims d;
  d.features = info.features();
  d.feature_shape = info.shape;  // `shape:` on the data, else empty (a vector)
  d.vocab = info.vocab;          // token data's vocabulary, else 0
  if (info.task == Task::Classification) d.classes = info.classes();
  else d.targets = std::max<int64_t>(1, target_cols);
  return d;
}

std::unique_ptr<ExecutableModel> ExecutableModel::build(const ModelBuild& b, Diagnostics& diags) {
  try {
    std::span<const ir::ModelGraph> models(*b.models);
    if (!b.train) {
      Executable exe = instantiate_inference(models, b.model->name, b.dim_bindings, b.hypers, b.dims, b.max_batch, b.seed, b.limits,
                                             b.int_inputs);
      auto m = std::unique_ptr<ExecutableModel>(new ExecutableModel(std::move(exe)));
      m->locate_ = b.locate;
      return m;
    }
    if (!b.settings) internal_error("a training build without its settings");
    const TrainSettings& s = *b.settings;
    Executable exe = instantiate_training(models, *b.train, b.hypers, b.dims, b.max_batch, b.seed);
    auto m = std::unique_ptr<ExecutableModel>(new ExecutableModel(std::move(exe)));
    m->locate_ = b.locate;
    m->optimizer_ = make_optimizer(s.optimizer, m->exe_.params().values.size());
    m->schedule_ = s.schedule;
    m->clip_ = s.clip;
    m->lr_ = m->optimizer_->base_lr();
    return m;
  } catch (const GraphError& e) {
    diags.report(e.to_diagnostic());
    return nullptr;
  }
}

ExecutableModel::~ExecutableModel() = default;

int64_t ExecutableModel::max_batch() const { return exe_.max_batch(); }
int64_t ExecutableModel::output_cols() const { return exe_.output_cols(); }

void ExecutableModel::begin_epoch(int epoch, int total) {
  if (optimizer_) lr_ = schedule_.lr_at(optimizer_->base_lr(), epoch, total);
}

void ExecutableModel::set_batch(const Matrix& X, const Matrix& Y, std::span<const size_t> rows) {
  exe_.set_batch(X, Y, rows);
}

double ExecutableModel::step() {
  float loss = exe_.forward(true);
  if (!std::isfinite(loss)) return loss;
  exe_.backward();
  if (clip_ > 0) clip_by_global_norm(exe_.params(), clip_);
  optimizer_->step(exe_.params(), lr_);
  return loss;
}

double ExecutableModel::mean_loss(const Matrix& X, const Matrix& Y) { return exe_.mean_loss(X, Y); }

double ExecutableModel::mean_loss_and_predict(const Matrix& X, const Matrix& Y, Matrix& out) {
  return exe_.mean_loss(X, Y, &out);
}

void ExecutableModel::predict(const Matrix& X, Matrix& out) { exe_.predict(X, out); }

void ExecutableModel::save_best() { exe_.save_params(best_); }

void ExecutableModel::restore_best() {
  if (!best_.empty()) exe_.load_params(best_);
}

std::string ExecutableModel::blame_nonfinite() {
  auto nf = exe_.find_non_finite();
  if (!nf) return "";
  std::string where = locate_ ? locate_(nf->span) : "";
  return where.empty() ? fmt::format("op {}", nf->op) : fmt::format("op {} at {}", nf->op, where);
}

}  // namespace xp::rt
