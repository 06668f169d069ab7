#pragma once
// An instantiated model: concrete shapes, one topologically ordered op list
// for the training loss and one for prediction, and every buffer
// (activations, gradients, scratch, parameters) allocated once.
//
// The training step, as the training loop drives it:
//
//   exe.set_batch(X, Y, rows);              // gather the batch (rows ≤ max_batch)
//   float loss = exe.forward(/*training=*/true);
//   if (!std::isfinite(loss)) { auto where = exe.find_non_finite(); … fail the run … }
//   exe.backward();                         // gradients of the loss w.r.t. every parameter
//   clip_by_global_norm(exe.params(), c);   // optional (runtime/optim/clip.h)
//   optimizer.step(exe.params(), lr);       // runtime/optim/optimizer.h
//
// None of these allocates, looks anything up by name, or dispatches per
// element. Parameters are one flat float vector (each parameter starts on a
// 64-byte boundary; the padding stays 0 in values and gradients), so
// optimizers update all of them in one pass and snapshots are one copy.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "runtime/core/matrix.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {

struct ParamInfo {
  std::string name;             // "W1"; a nested call site's "block1.W"
  std::vector<int64_t> shape;   // [64, 10]; [10]; [] for a scalar
  size_t offset = 0;            // into the flat parameter vector
  size_t size = 0;              // number of values
  Span span;                    // the `param` declaration
};

// Every parameter value and gradient as one flat vector.
struct ParamSet {
  std::span<float> values;
  std::span<float> grads;      // mutable for clipping
};

// Where a forward pass first produced NaN or ±Inf.
struct NonFinite {
  std::string op;       // "relu", "cross_entropy", "parameter W1", "input x"
  Span span;            // the op or parameter in the script (invalid for data)
  std::string message;  // one line for the run's failure reason
};

class GraphBuilder;

class Executable {
 public:
  Executable(Executable&&) noexcept = default;
  Executable& operator=(Executable&&) noexcept = default;
  Executable(const Executable&) = delete;
  Executable& operator=(const Executable&) = delete;
  ~Executable();

  // ---- the training step ------------------------------------------------------------
  // Copies X.row(rows[i]) and Y.row(rows[i]) into the batch buffers.
  // rows.size() must be in [1, max_batch()]; Y may be empty for an
  // executable without a target.
  void set_batch(const Matrix& X, const Matrix& Y, std::span<const size_t> rows);
  // Contiguous rows [begin, begin + count).
  void set_batch(const Matrix& X, const Matrix& Y, size_t begin, size_t count);
  // Runs the loss graph on the current batch and returns the loss (dropout
  // active when training). Requires a loss (built for training).
  float forward(bool training = true);
  // Gradients of the last forward's loss into every parameter's gradient.
  void backward();
  ParamSet params() { return {param_values_, param_grads_}; }

  // ---- evaluation ------------------------------------------------------------------------
  // Model outputs for every row of X, computed max_batch() rows at a time
  // with dropout off. Allocates the result only.
  Matrix predict(const Matrix& X);
  void predict(const Matrix& X, Matrix& out);
  // Mean loss over all rows of (X, Y), in chunks, dropout off. With
  // `outputs`, also what predict(X) gives, from the same passes when the loss
  // graph computes the prediction (the usual case) instead of a second one.
  double mean_loss(const Matrix& X, const Matrix& Y, Matrix* outputs = nullptr);
  // After a non-finite forward: the first parameter, input or op (in
  // execution order) holding NaN or ±Inf. nullopt if everything is finite.
  std::optional<NonFinite> find_non_finite() const;

  // ---- parameters by name (reports, saving, loading, best weights) ---------------------
  const std::vector<ParamInfo>& param_info() const { return param_info_; }
  const ParamInfo* find_param(std::string_view name) const;
  std::span<float> param_values(const ParamInfo& p) { return param_values_.subspan(p.offset, p.size); }
  std::span<const float> param_values(const ParamInfo& p) const { return param_values_.subspan(p.offset, p.size); }
  std::span<const float> param_grads(const ParamInfo& p) const { return param_grads_.subspan(p.offset, p.size); }
  size_t param_count() const;  // learned numbers, padding excluded
  // State: numbers kernels keep across steps (batch_norm's running mean and
  // variance), updated by training passes and read by evaluation, saved in
  // the model file beside the parameters — but not parameters: no
  // gradient, no optimizer update, not counted in param_count().
  const std::vector<ParamInfo>& state_info() const { return state_info_; }
  std::span<float> state_values(const ParamInfo& s) { return state_values_.subspan(s.offset, s.size); }
  std::span<const float> state_values(const ParamInfo& s) const { return state_values_.subspan(s.offset, s.size); }
  // Snapshot / restore of all parameter values and the state (early
  // stopping's best weights: the statistics belong to those weights).
  // save_params reuses `into`'s capacity.
  void save_params(std::vector<float>& into) const;
  void load_params(std::span<const float> from);

  // ---- shapes ---------------------------------------------------------------------------
  int64_t max_batch() const { return max_batch_; }
  int64_t input_cols() const;    // features the model reads
  int64_t target_cols() const;   // 0 without a target
  int64_t output_cols() const;   // prediction columns (classes / targets)
  bool has_loss() const { return loss_ >= 0; }
  bool has_prediction() const { return prediction_ >= 0; }
  size_t op_count() const { return loss_nodes_.size(); }
  size_t buffer_floats() const { return arena_floats_; }  // every buffer, allocated once
  // The trained model's int inputs as its training call bound them
  // (`mlp(x, width, 1)`: hidden = 16, outputs = 1 in that trial): saved in
  // the model file, so exp predict instantiates the same model.
  const std::map<std::string, int64_t>& int_inputs() const { return int_inputs_; }
  void set_int_inputs(std::map<std::string, int64_t> values) { int_inputs_ = std::move(values); }

  // ---- filling buffers in place (the training loop's TrainModel adapter) ---------------
  // The batch buffers (max_batch() rows each); fill the leading rows, then
  // set_rows(n). target_buffer() is 0 × 0 without a target.
  MatrixMap input_buffer();
  MatrixMap target_buffer();
  // Sets the live batch rows without copying data.
  void set_rows(int64_t n);
  // Runs only the prediction ops on the live rows, dropout off.
  void forward_prediction();
  // The model's outputs for the live rows. When the loss graph calls the
  // model on x (the usual case) its outputs are the prediction, so this is
  // valid after forward() too, without running the model twice.
  ConstMatrixMap output() const;

  // ---- low level (gradient checks, tools) -----------------------------------------------
  Tensor& tensor(int id) { return tensors_[static_cast<size_t>(id)]; }
  int loss_id() const { return loss_; }
  int prediction_id() const { return prediction_; }

 private:
  friend class GraphBuilder;
  Executable() = default;
  void run(const std::vector<Node>& nodes);
  void check_rows(size_t n) const;

  std::vector<Tensor> tensors_;
  std::vector<Node> loss_nodes_, pred_nodes_;
  std::vector<uint64_t> rng_;
  std::unique_ptr<float[]> arena_;
  size_t arena_floats_ = 0;
  RunState state_;
  std::span<float> param_values_, param_grads_, state_values_;
  std::vector<ParamInfo> param_info_, state_info_;
  std::vector<int> param_ids_;
  int input_ = -1, target_ = -1, loss_ = -1, prediction_ = -1;
  bool prediction_in_loss_ = false;  // some loss node computes the prediction
  int64_t max_batch_ = 1;
  std::map<std::string, int64_t> int_inputs_;
};

}  // namespace xp::rt
