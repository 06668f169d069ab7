#include "runtime/graph/executable.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "runtime/core/errors.h"

namespace xp::rt {

Executable::~Executable() = default;

void Executable::check_rows(size_t n) const {
  if (n < 1 || n > static_cast<size_t>(max_batch_))
    internal_error(fmt::format("a batch of {} rows for an executable built for at most {}", n, max_batch_));
}

void Executable::set_rows(int64_t n) {
  check_rows(static_cast<size_t>(n));
  state_.batch = n;
}

MatrixMap Executable::input_buffer() {
  if (input_ < 0) return MatrixMap(nullptr, 0, 0);
  const Tensor& t = tensors_[static_cast<size_t>(input_)];
  return MatrixMap(t.data, max_batch_, t.layout.cols);
}

MatrixMap Executable::target_buffer() {
  if (target_ < 0) return MatrixMap(nullptr, 0, 0);
  const Tensor& t = tensors_[static_cast<size_t>(target_)];
  return MatrixMap(t.data, max_batch_, t.layout.cols);
}

void Executable::forward_prediction() {
  if (prediction_ < 0) internal_error("forward_prediction() on an executable built without a prediction");
  state_.training = false;
  run(pred_nodes_);
}

ConstMatrixMap Executable::output() const {
  if (prediction_ < 0) internal_error("output() on an executable built without a prediction");
  const Tensor& t = tensors_[static_cast<size_t>(prediction_)];
  return ConstMatrixMap(t.data, t.layout.batched ? state_.batch : t.layout.rows, t.layout.cols);
}

void Executable::set_batch(const Matrix& X, const Matrix& Y, std::span<const size_t> rows) {
  check_rows(rows.size());
  if (input_ < 0 || X.cols() != input_cols())
    internal_error(fmt::format("set_batch with {} feature columns, the model reads {}", X.cols(), input_cols()));
  const bool with_y = target_ >= 0 && Y.size() > 0;
  if (with_y && Y.cols() != target_cols())
    internal_error(fmt::format("set_batch with {} target columns, the loss reads {}", Y.cols(), target_cols()));
  state_.batch = static_cast<int64_t>(rows.size());
  float* x = tensors_[static_cast<size_t>(input_)].data;
  const auto xc = static_cast<size_t>(X.cols());
  for (size_t i = 0; i < rows.size(); ++i) std::memcpy(x + i * xc, X.row(static_cast<Eigen::Index>(rows[i])).data(), xc * sizeof(float));
  if (!with_y) return;
  float* y = tensors_[static_cast<size_t>(target_)].data;
  const auto yc = static_cast<size_t>(Y.cols());
  for (size_t i = 0; i < rows.size(); ++i) std::memcpy(y + i * yc, Y.row(static_cast<Eigen::Index>(rows[i])).data(), yc * sizeof(float));
}

void Executable::set_batch(const Matrix& X, const Matrix& Y, size_t begin, size_t count) {
  check_rows(count);
  if (input_ < 0 || X.cols() != input_cols())
    internal_error(fmt::format("set_batch with {} feature columns, the model reads {}", X.cols(), input_cols()));
  const bool with_y = target_ >= 0 && Y.size() > 0;
  if (with_y && Y.cols() != target_cols())
    internal_error(fmt::format("set_batch with {} target columns, the loss reads {}", Y.cols(), target_cols()));
  state_.batch = static_cast<int64_t>(count);
  std::memcpy(tensors_[static_cast<size_t>(input_)].data, X.row(static_cast<Eigen::Index>(begin)).data(),
              count * static_cast<size_t>(X.cols()) * sizeof(float));
  if (with_y)
    std::memcpy(tensors_[static_cast<size_t>(target_)].data, Y.row(static_cast<Eigen::Index>(begin)).data(),
                count * static_cast<size_t>(Y.cols()) * sizeof(float));
}

void Executable::run(const std::vector<Node>& nodes) {
  for (const Node& n : nodes) n.forward(state_, n);
}

float Executable::forward(bool training) {
  if (loss_ < 0) internal_error("forward() on an executable built without a loss");
  state_.training = training;
  run(loss_nodes_);
  const Tensor& t = tensors_[static_cast<size_t>(loss_)];
  if (!t.layout.batched) return t.data[0];
  return value(state_, loss_).mean();  // one loss per example: their mean
}

void Executable::backward() {
  Tensor& t = tensors_[static_cast<size_t>(loss_)];
  if (!t.grad) return;  // the loss depends on no parameter
  if (t.layout.batched) gradient(state_, loss_).setConstant(1.f / static_cast<float>(state_.batch));
  else t.grad[0] = 1.f;
  for (auto it = loss_nodes_.rbegin(); it != loss_nodes_.rend(); ++it)
    if (it->backward) it->backward(state_, *it);
}

void Executable::predict(const Matrix& X, Matrix& out) {
  if (prediction_ < 0) internal_error("predict() on an executable built without a prediction");
  if (X.cols() != input_cols())
    throw GraphError({}, graph_error_codes::kShape,
                     fmt::format("the model reads {} features but the data has {} columns", input_cols(), X.cols()));
  const Tensor& p = tensors_[static_cast<size_t>(prediction_)];
  out.resize(X.rows(), p.layout.cols);
  state_.training = false;
  for (Eigen::Index begin = 0; begin < X.rows(); begin += max_batch_) {
    const Eigen::Index count = std::min<Eigen::Index>(max_batch_, X.rows() - begin);
    state_.batch = count;
    std::memcpy(tensors_[static_cast<size_t>(input_)].data, X.row(begin).data(),
                static_cast<size_t>(count * X.cols()) * sizeof(float));
    run(pred_nodes_);
    if (p.layout.batched) out.middleRows(begin, count) = value(state_, prediction_);
    else store_each_row(out.middleRows(begin, count), value(state_, prediction_).row(0), false);
  }
}

Matrix Executable::predict(const Matrix& X) {
  Matrix out;
  predict(X, out);
  return out;
}

double Executable::mean_loss(const Matrix& X, const Matrix& Y, Matrix* outputs) {
  if (outputs) outputs->resize(X.rows(), output_cols());
  if (X.rows() == 0) return std::numeric_limits<double>::quiet_NaN();
  double total = 0;
  for (Eigen::Index begin = 0; begin < X.rows(); begin += max_batch_) {
    const Eigen::Index count = std::min<Eigen::Index>(max_batch_, X.rows() - begin);
    set_batch(X, Y, static_cast<size_t>(begin), static_cast<size_t>(count));
    total += static_cast<double>(forward(false)) * static_cast<double>(count);
    if (!outputs) continue;
    if (!prediction_in_loss_) run(pred_nodes_);
    const ConstMatrixMap p = output();
    if (tensors_[static_cast<size_t>(prediction_)].layout.batched) outputs->middleRows(begin, count) = p;
    else store_each_row(outputs->middleRows(begin, count), p.row(0), false);
  }
  return total / static_cast<double>(X.rows());
}

std::optional<NonFinite> Executable::find_non_finite() const {
  auto finite = [&](int id) {
    const Tensor& t = tensors_[static_cast<size_t>(id)];
    if (!t.data) return true;
    const int64_t rows = t.layout.batched ? state_.batch : t.layout.rows;
    return ConstMatrixMap(t.data, rows, t.layout.cols).allFinite();
  };
  if (input_ >= 0 && !finite(input_))
    return NonFinite{"input x", {}, "the input batch holds NaN or infinite values"};
  for (size_t i = 0; i < param_ids_.size(); ++i)
    if (!finite(param_ids_[i]))
      return NonFinite{"parameter " + param_info_[i].name, param_info_[i].span,
                       fmt::format("parameter `{}` holds NaN or infinite values", param_info_[i].name)};
  for (const Node& n : loss_nodes_)
    if (!finite(n.out))
      return NonFinite{n.name, n.span, fmt::format("`{}` produced NaN or infinite values", n.name)};
  return std::nullopt;
}

const ParamInfo* Executable::find_param(std::string_view name) const {
  for (const auto& p : param_info_)
    if (p.name == name) return &p;
  return nullptr;
}

size_t Executable::param_count() const {
  size_t n = 0;
  for (const auto& p : param_info_) n += p.size;
  return n;
}

void Executable::save_params(std::vector<float>& into) const {
  into.assign(param_values_.begin(), param_values_.end());
  into.insert(into.end(), state_values_.begin(), state_values_.end());
}

void Executable::load_params(std::span<const float> from) {
  if (from.size() != param_values_.size() + state_values_.size())
    internal_error(fmt::format("load_params with {} values for {}", from.size(), param_values_.size() + state_values_.size()));
  std::copy(from.begin(), from.begin() + static_cast<long>(param_values_.size()), param_values_.begin());
  std::copy(from.begin() + static_cast<long>(param_values_.size()), from.end(), state_values_.begin());
}

int64_t Executable::input_cols() const {
  return input_ >= 0 ? tensors_[static_cast<size_t>(input_)].layout.cols : 0;
}
int64_t Executable::target_cols() const {
  return target_ >= 0 ? tensors_[static_cast<size_t>(target_)].layout.cols : 0;
}
int64_t Executable::output_cols() const {
  return prediction_ >= 0 ? tensors_[static_cast<size_t>(prediction_)].layout.cols : 0;
}

}  // namespace xp::rt
